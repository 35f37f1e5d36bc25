"""A kind hint, instead of the form giving up, when an answer does not hold what was asked."""
from __future__ import annotations

from typing import Any, Dict, Text

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

DISCLOSURE_INTENT = "safeguarding_risk"


def is_disclosure(tracker: Tracker) -> bool:
    """Whether the latest message is a safeguarding disclosure: never an answer to a question."""
    return ((tracker.latest_message or {}).get("intent") or {}).get("name") == DISCLOSURE_INTENT


def hint_if_missing(dispatcher: CollectingDispatcher, tracker: Tracker, slot: Text, entity: Text,
                    hint: Text) -> Dict[Text, Any]:
    """When `slot` was asked for and the message has no `entity`, say `hint` and ask again.

    Setting the slot to None counts as an answer, so Rasa does not reject the form's turn
    (which would end in the fallback) and the form asks its question again. A disclosure is left
    alone (the form rejects the turn, and the crisis path answers it).
    """
    if tracker.get_slot("requested_slot") != slot or tracker.get_slot(slot) or is_disclosure(tracker):
        return {}
    if next(tracker.get_latest_entity_values(entity), None):
        return {}
    dispatcher.utter_message(text=hint)
    return {slot: None}
