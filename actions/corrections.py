"""Read what the parent meant when one message holds a correction ("year 7 not 6")."""
from __future__ import annotations

import re
from typing import Any, Dict, List, Optional

from rasa_sdk import Tracker

_NEGATION_BEFORE = re.compile(r"(?:\bnot|\bisn't|\bisnt|\bno longer|\bwasn't|\bnever)\s+(?:in\s+|at\s+|a\s+|an\s+)?$",
                              re.IGNORECASE)


def _entities(tracker: Tracker, entity: str) -> List[Dict[str, Any]]:
    message = tracker.latest_message or {}
    return [e for e in message.get("entities", []) if e.get("entity") == entity]


def affirmed_values(tracker: Tracker, entity: str) -> List[Any]:
    """The entity's values in the latest message, leaving out those negated ("not autism")."""
    text = (tracker.latest_message or {}).get("text") or ""
    values = []
    for found in _entities(tracker, entity):
        start = found.get("start")
        negated = start is not None and _NEGATION_BEFORE.search(text[:start])
        if not negated and found.get("value") not in values:
            values.append(found.get("value"))
    return values


def preferred_value(tracker: Tracker, entity: str, slot_value: Any) -> Optional[Any]:
    """The first affirmed value of the entity in the latest message, else the slot's value."""
    values = affirmed_values(tracker, entity)
    return values[0] if values else slot_value


def negated_values(tracker: Tracker, entity: str) -> List[Any]:
    """The entity's values the latest message explicitly negates ("ADHD not autism")."""
    affirmed = affirmed_values(tracker, entity)
    return [e.get("value") for e in _entities(tracker, entity) if e.get("value") not in affirmed]
