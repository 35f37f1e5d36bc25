"""A letter's facts from a conversation's slots (the action server and the officer console read
the same slots). Pure; no Rasa import."""
from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any, Mapping, Optional

from knowledge.authorities import find_authority
from knowledge.letters import LetterFacts, one_line
from knowledge.timeline import SaidEvent, current


def council_name(said: Any) -> Optional[str]:
    """The council's proper name from what was said, or None (never a guess)."""
    if not said or said == "unknown":
        return None
    authority = find_authority(str(said))
    return authority.name if authority else None


def child_age(value: Any) -> Optional[int]:
    """The child's age as a whole number, or None when it is not known."""
    try:
        return int(value) if value not in (None, "", "unknown") else None
    except (TypeError, ValueError):
        return None


def facts_from_slots(slots: Mapping[str, Any], made_on: date, child_name: Optional[str] = None,
                     school: Optional[str] = None) -> LetterFacts:
    """The facts a letter is filled from: the council, the timeline, the age and the concerns in the
    slots; a name and a school only as given (a verified case, or an officer who knows them)."""
    events = []
    for item in slots.get("timeline") or ():
        try:
            events.append(SaidEvent.from_dict(item))
        except (ValueError, TypeError, AttributeError):
            continue  # an event this version cannot read is left out, never guessed
    return LetterFacts(made_on=made_on, council=council_name(slots.get("local_authority")),
                       child_name=one_line(child_name), school=one_line(school),
                       events=tuple(events), child_age=child_age(slots.get("child_age")),
                       concerns=tuple(str(c) for c in slots.get("concerns") or ()))


def for_link(facts: LetterFacts) -> LetterFacts:
    """The facts a download link carries: each event's role, date and precision, not the words it
    was said in nor when (a shorter link, and less in it)."""
    events = tuple(SaidEvent(role=e.role, on=e.on, precision=e.precision, source=e.source, happened=e.happened)
                   for e in current(facts.events).values())
    return replace(facts, events=events)
