"""Messages in another language: the fixed reply in that language, and a person when they reply 1."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.handoff import LANGUAGE_SLOT, raise_with_consent
from knowledge.other_languages import reply_for

LANGUAGE_REASON = "other_language"
INTERPRETER_PAYLOAD = "/request_interpreter"  # the first option: "1" on SMS


class ActionReplyOtherLanguage(Action):
    """Says, in the parent's language, what the service can do and how to reach a person."""

    def name(self) -> Text:
        return "action_reply_other_language"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[Dict[Text, Any]]:
        code = next(tracker.get_latest_entity_values("language"), None) or tracker.get_slot(LANGUAGE_SLOT) or "en"
        reply = reply_for(code)
        dispatcher.utter_message(text=reply.message, buttons=[{"title": reply.button, "payload": INTERPRETER_PAYLOAD}])
        return [SlotSet(LANGUAGE_SLOT, code)]


class ActionEscalateOtherLanguage(Action):
    """After "1": an escalation for a person (and an interpreter), acknowledged in the parent's language.

    The fixed reply asked the question in their language, so replying 1 is their consent."""

    def name(self) -> Text:
        return "action_escalate_other_language"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[Dict[Text, Any]]:
        reply = reply_for(tracker.get_slot(LANGUAGE_SLOT))
        events = await raise_with_consent(dispatcher, tracker, LANGUAGE_REASON, reply=reply.acknowledgement)
        return events + [SlotSet(LANGUAGE_SLOT, None)]
