"""A kind hint, instead of the form giving up, when an answer does not hold what was asked."""
from __future__ import annotations

from typing import Any, Dict, Text

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

DISCLOSURE_INTENT = "safeguarding_risk"


def is_disclosure(tracker: Tracker) -> bool:
    """Whether the latest message is a safeguarding disclosure: never an answer to a question."""
    return ((tracker.latest_message or {}).get("intent") or {}).get("name") == DISCLOSURE_INTENT


def answered_elsewhere(tracker: Tracker) -> bool:
    """Whether another action already answered the latest message (a read-back, a deadline asked
    mid-form): the form is only resuming, and the message was not an answer to its question."""
    for event in reversed(tracker.events or []):
        if event.get("event") == "user":
            return False
        name = event.get("name") or ""
        if event.get("event") == "action" and name not in ("action_listen", "action_extract_slots") \
                and not name.startswith("validate_") and name != (tracker.active_loop or {}).get("name"):
            return True
    return False


def hint_if_missing(dispatcher: CollectingDispatcher, tracker: Tracker, slot: Text, entity: Text,
                    hint: Text) -> Dict[Text, Any]:
    """When `slot` was asked for and the message has no `entity`, say `hint` and ask again.

    Setting the slot to None counts as an answer, so Rasa does not reject the form's turn
    (which would end in the fallback) and the form asks its question again. A disclosure is left
    alone (the form rejects the turn, and the crisis path answers it), and so is a message another
    action already answered (the form is only resuming to ask its question again).
    """
    if tracker.get_slot("requested_slot") != slot or tracker.get_slot(slot) or is_disclosure(tracker) \
            or answered_elsewhere(tracker):
        return {}
    if next(tracker.get_latest_entity_values(entity), None):
        return {}
    dispatcher.utter_message(text=hint)
    return {slot: None}
