"""Reading back what the assistant has understood, on request."""
from __future__ import annotations

import asyncio

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.summary import NOTHING_YET, ActionSummariseSituation


def _read_back(slots, text: str = "can you read back what you've got so far?"):
    tracker = Tracker("parent", slots, {"text": text, "entities": [], "intent": {"name": "ask_summary"}},
                      [], False, None, {}, "action_listen")
    dispatcher = CollectingDispatcher()
    asyncio.run(ActionSummariseSituation().run(dispatcher, tracker, {}))
    return [m.get("text") for m in dispatcher.messages]


def test_a_read_back_before_anything_was_said_says_so_instead_of_inventing_a_child():
    assert _read_back({}) == [NOTHING_YET]


def test_a_read_back_gives_what_was_said_and_the_next_steps():
    texts = _read_back({"child_age": 9, "local_authority": "Leeds"})
    assert "your child is 9" in texts[0] and "Leeds" in texts[0] and NOTHING_YET not in texts
    assert texts[1].startswith("What you can do next:")
