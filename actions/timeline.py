"""The family's timeline, read from the conversation the way Rasa derives state from its tracker.

Every parent message in the tracker is read again (knowledge.event_notes), in order, with what
the assistant had just asked: the date of one event (slot `asked_event`), or what happened on an
unclear date (slot `event_question`). Nothing derived is stored twice: the `timeline` slot is a
copy for the escalation summary and the casework store, refreshed by the actions that show it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple

from rasa_sdk import Tracker
from rasa_sdk.events import ActiveLoop, SlotSet

from bot.escalation.relay import is_service_event
from knowledge.dates import LONDON, long_date, parse_iso, today_in_england
from knowledge.event_notes import Notes, UnclearDate, as_dicts, read
from knowledge.event_notes import notes_from_reading
from knowledge.event_words import MessageReading
from knowledge import date_roles, target_classifier
from knowledge.suspensions import corrects_a_length
from knowledge.timeline import ROLES, SaidEvent, current

target_classifier.model()  # trained when the action server starts, not on a parent's first question
date_roles.model()

TIMELINE_SLOT = "timeline"
CONCERNS_SLOT = "concerns"  # every concern the parent has raised so far (actions/concerns.py keeps it)
ASKED_EVENT_SLOT = "asked_event"  # the role whose date the assistant asked for
EVENT_QUESTION_SLOT = "event_question"  # "2026-09-03|3 September": the date the assistant asked about
ASKED_DEADLINE_SLOT = "asked_deadline"  # the deadline the parent asked about last
PERSON_INTENT = "request_human"  # a request for a person: the consent question follows the answer to the rest
# The form's stage, and the event whose date its date question asks for.
STAGE_EVENT: Dict[str, str] = {
    "assessment_requested": "request_sent", "assessment_agreed": "request_sent",
    "assessment_refused": "assessment_refused", "plan_refused": "plan_refused", "draft_plan": "draft_plan",
    "final_plan": "final_plan", "annual_review": "review_meeting", "placement_dispute": "decision_letter",
    "excluded": "exclusion", "not_in_school": "out_of_school_since",
}


@dataclass(frozen=True)
class Timeline:
    """All events said so far, the current picture, and what is still unclear."""

    events: Tuple[SaidEvent, ...]
    known: Mapping[str, SaidEvent]
    unclear_now: Tuple[UnclearDate, ...]  # unclear dates in the latest message
    latest_text: str
    added_now: int = 0  # events the latest message added


@lru_cache(maxsize=2048)
def _read(text: str, day: date) -> MessageReading:
    return read(text, day)


_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december")
# "the october one says they are 'considering ceasing' ... the november email says 'decision to cease'"
_MONTH_ONE = re.compile(r"\bthe\s+(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\s+(one|letter|email|e-mail|notice)\b",
                        re.IGNORECASE)


def with_months_pinned(text: str, earlier: Sequence[date]) -> str:
    """The message with "the november email" read as "the email dated 3 November 2026" when exactly one
    day of that month was given earlier in the conversation (and none in this message)."""
    def pin(match: "re.Match[str]") -> str:
        month = next(i for i, name in enumerate(_MONTHS, 1) if name.startswith(match.group(1).lower()))
        days = sorted({day for day in earlier if day.month == month})
        if len(days) != 1:
            return match.group(0)
        return f"the {match.group(2)} dated {days[0].day} {_MONTHS[month - 1].title()} {days[0].year}"
    return _MONTH_ONE.sub(pin, text)


def _day_of(timestamp: Any) -> date:
    try:
        return datetime.fromtimestamp(float(timestamp), LONDON).date()
    except (TypeError, ValueError, OverflowError, OSError):
        return today_in_england()


def encode_question(unclear: UnclearDate) -> str:
    return f"{unclear.iso}|{unclear.precision}|{unclear.phrase}"


def decode_question(value: Any) -> Optional[UnclearDate]:
    parts = str(value or "").split("|", 2)
    if len(parts) != 3 or parse_iso(parts[0]) is None:
        return None
    return UnclearDate(parts[0], parts[2], parts[1])


def timeline_of(events: Sequence[Dict[str, Any]]) -> Timeline:
    """Fold a tracker's events (as the action server receives them) into the timeline."""
    said: List[SaidEvent] = []
    slots: Dict[str, Any] = {}
    asked_role: Optional[str] = None
    pending: Optional[UnclearDate] = None
    unclear_now: Tuple[UnclearDate, ...] = ()
    latest_text = ""
    added_now = 0
    earlier_days: List[date] = []  # every exact day said so far, for "the november email"
    for event in events:
        kind = event.get("event")
        if kind == "slot":
            slots[event.get("name")] = event.get("value")
            if event.get("name") == "requested_slot" and event.get("value") == "stage_date":
                asked_role = STAGE_EVENT.get(str(slots.get("process_stage")))
            elif event.get("name") == ASKED_EVENT_SLOT:
                asked_role = event.get("value") if event.get("value") in ROLES else None
            elif event.get("name") == EVENT_QUESTION_SLOT:
                pending = decode_question(event.get("value"))
        elif kind == "user" and not is_service_event(event):
            text = str(event.get("text") or "")
            if text.startswith("/"):  # a button press: its meaning is in its entities, not in words
                role = _button_role(event)
                added_now = 0
                if role and pending:
                    said.append(SaidEvent(role=role, on=pending.iso, precision=pending.precision,
                                          said_at=float(event.get("timestamp") or 0.0), phrase=pending.phrase))
                    added_now = 1
                asked_role, pending, unclear_now, latest_text = None, None, (), ""
                continue
            reading = _read(with_months_pinned(text, earlier_days), _day_of(event.get("timestamp")))
            notes: Notes = notes_from_reading(reading, float(event.get("timestamp") or 0.0), current(said), asked_role, pending)
            if corrects_a_length(text):
                # "it was 2 days not 3 - 14th and 15th, he went back in on the Friday 16th": the suspension's length
                # (read by knowledge.suspensions), not a new exclusion date or a date to ask about
                notes = Notes(events=tuple(e for e in notes.events if e.role != "exclusion"), unclear=())
            earlier_days += [date.fromisoformat(found.iso) for found in reading.dates  # "9/10", "3rd Nov"; not "last week"
                             if len(found.iso) == 10 and any(c.isdigit() for c in found.phrase)]
            said.extend(notes.events)
            added_now = len(notes.events)
            # a date in a disclosure ("On Friday night she told me ...") is never asked about afterwards
            unclear_now = () if _disclosure(event) else notes.unclear
            latest_text = text
            asked_role, pending = None, None
    return Timeline(events=tuple(said), known=current(said), unclear_now=unclear_now, latest_text=latest_text,
                    added_now=added_now)


def _disclosure(event: Dict[str, Any]) -> bool:
    """Whether a parent's message was read as a safeguarding disclosure."""
    return ((event.get("parse_data") or {}).get("intent") or {}).get("name") == "safeguarding_risk"


def _button_role(event: Dict[str, Any]) -> Optional[str]:
    for entity in (event.get("parse_data") or {}).get("entities") or []:
        if entity.get("entity") == "event_role" and entity.get("value") in ROLES:
            return str(entity["value"])
    return None


CONVERSATION_TEXTS = 8  # enough of a conversation to find the event a later question is about


def recent_user_texts(tracker: Tracker, most: int = 3) -> List[str]:
    """The parent's (or young person's) last few messages, buttons left out."""
    texts = [e.get("text") or "" for e in tracker.events if e.get("event") == "user"]
    return [t for t in texts if t and not t.startswith("/")][-most:]


def timeline_from_tracker(tracker: Tracker) -> Timeline:
    return timeline_of(tracker.events or [])


def timeline_slot_value(timeline: Timeline) -> List[Dict[str, object]]:
    """Every event said, oldest first, for the `timeline` slot and the store."""
    return as_dicts(timeline.events)


_LEADS_WITH_PREPOSITION = re.compile(r"(?:in|on|since|during|back|last|this|early|mid|late|at|around|over|from)\b", re.IGNORECASE)
_ROUGH = re.compile(r"\b(?:weeks?|wks?|months?|fortnight|term|few|couple)\b", re.IGNORECASE)


def clarifying_question(unclear: UnclearDate) -> Tuple[str, List[Dict[str, str]]]:
    """"What happened on 3 September?" with the likely answers as buttons (numbered on SMS)."""
    day = parse_iso(unclear.iso)
    when = f"on {long_date(day)}" if day and unclear.precision == "day" else \
        unclear.phrase if _LEADS_WITH_PREPOSITION.match(unclear.phrase) else f"in {unclear.phrase}"
    if _ROUGH.search(unclear.phrase):
        when = f'"{unclear.phrase}"'  # "last week" is no day: a Saturday read from it would be a guess
    text = (f"What happened {when}? For example, did you send the request for an assessment, "
            f"or did you get a letter from the council? Tell me in your own words if it was something else.")
    choices = [("I sent the request", "request_sent"), ("A letter refusing to assess", "assessment_refused"),
               ("The draft plan came", "draft_plan"), ("The final plan came", "final_plan"),
               ("A review meeting", "review_meeting")]
    buttons = [{"title": title, "payload": f'/inform_stage{{"event_role": "{role}"}}'} for title, role in choices]
    return text, buttons


SITUATION_FORM = "situation_form"


def situation_form_ended(tracker: Tracker) -> List[Dict[str, Any]]:
    """The events that end the situation form when a question was answered instead of its question, and that
    question had already been asked more than once: the form may ask a missing fact once after an answer,
    not turn after turn. Else none (the form carries on)."""
    if (tracker.active_loop or {}).get("name") != SITUATION_FORM:
        return []
    waiting = tracker.get_slot("requested_slot")
    asked = sum(1 for event in tracker.events
                if event.get("event") == "slot" and event.get("name") == "requested_slot" and event.get("value") == waiting)
    return [ActiveLoop(None), SlotSet("requested_slot", None)] if waiting and asked >= 2 else []


def asks_for_a_person(tracker: Tracker) -> bool:
    """Whether the parent's latest message asks for a person (the consent question follows this turn's answer)."""
    return ((tracker.latest_message or {}).get("intent") or {}).get("name") == PERSON_INTENT
