"""With the action server down, a custom action answers kindly instead of leaving silence."""
from __future__ import annotations

import asyncio

from rasa.core.actions.action import RemoteAction
from rasa.core.channels.channel import CollectingOutputChannel
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import BotUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

import components.action_server_outage as outage
from tests.conftest import free_port


def test_an_unreachable_action_server_gets_a_kind_reply_and_the_offer_of_a_person():
    action = RemoteAction("action_explain_deadlines", EndpointConfig(f"http://127.0.0.1:{free_port()}/webhook"))
    tracker = DialogueStateTracker("parent", [])
    events = asyncio.run(action.run(CollectingOutputChannel(), None, tracker, Domain.empty()))
    assert len(events) == 1 and isinstance(events[0], BotUttered)
    assert events[0].text == outage.OUTAGE_TEXT and "Please try again" in events[0].text
    assert events[0].data["buttons"][0]["payload"] == "/request_human"


def test_importing_twice_wraps_once():
    import importlib

    importlib.reload(outage)
    assert RemoteAction.run is outage.run_or_apologise
    assert outage._original_run is RemoteAction._rasa_run and outage._original_run.__name__ == "run"
    test_an_unreachable_action_server_gets_a_kind_reply_and_the_offer_of_a_person()
