"""When the action server cannot be reached, the parent gets a kind reply, not silence.

Rasa 3.6 logs a failed custom action and carries on without its events, so the parent would
hear nothing. This wraps `RemoteAction.run`: when the call fails (no connection, a timeout, a
5xx), the action's result is one kind message with a "Talk to a person" button, and the
conversation goes on; the next message is handled normally once the server is back. A 400
(the form rejecting a value) is still raised as before. Imported by our NLU component, so the
Rasa server applies it when it loads the model.
"""
from __future__ import annotations

import logging
from typing import Any, List

from rasa.core.actions.action import ActionExecutionRejection, RemoteAction
from rasa.shared.core.events import BotUttered, Event
from rasa.shared.exceptions import RasaException

logger = logging.getLogger(__name__)
OUTAGE_TEXT = ("Sorry, something went wrong on our side and I could not do that just now. Your messages are "
               "saved. Please try again in a minute. If you would rather talk to a person, tap the button.")
OUTAGE_BUTTONS = [{"title": "Talk to a person", "payload": "/request_human"}]
# Rasa's own method, kept on the class so that importing this module twice never wraps twice.
_original_run = getattr(RemoteAction, "_rasa_run", RemoteAction.run)
RemoteAction._rasa_run = _original_run


async def run_or_apologise(self: RemoteAction, output_channel: Any, nlg: Any, tracker: Any,
                           domain: Any) -> List[Event]:
    try:
        return await _original_run(self, output_channel, nlg, tracker, domain)
    except ActionExecutionRejection:
        raise
    except RasaException:
        logger.error("custom action %s failed: the action server is unreachable or failing", self.name())
        return [BotUttered(OUTAGE_TEXT, data={"buttons": OUTAGE_BUTTONS}, metadata={"outage": True})]


RemoteAction.run = run_or_apologise
