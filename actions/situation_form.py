"""The form that works out a family's situation: what it asks, and how answers are checked."""
from __future__ import annotations

import re
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.corrections import affirmed_values, negated_values, preferred_value
from actions.council import CouncilSlotValidation
from actions.deadline_replies import first_late, status_sentence
from actions.timeline import STAGE_EVENT, timeline_from_tracker
from knowledge.dates import long_date, today_in_england
from knowledge.deadlines import DUE_TODAY, UPCOMING
from knowledge.situation import UNKNOWN, needs_key_date, stage_date_question
from knowledge.timeline import timeline_deadlines

_BARE_NUMBER = re.compile(r"^\s*(\d{1,2})\s*\.?\s*$")


class ValidateSituationForm(CouncilSlotValidation, FormValidationAction):
    """Asks only for what is missing, takes "don't know", and keeps corrections."""

    def name(self) -> Text:
        return "validate_situation_form"

    async def required_slots(
        self,
        domain_slots: List[Text],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> List[Text]:
        """Age or school year is enough; a key date only where the stage has one."""
        slots = list(domain_slots)
        if tracker.get_slot("school_year") is None:
            slots.remove("school_year")
        elif tracker.get_slot("child_age") is None:
            slots.remove("child_age")
        stage = tracker.get_slot("process_stage")
        timeline = timeline_from_tracker(tracker)
        known_event = timeline.known.get(STAGE_EVENT.get(str(stage), ""))
        if "stage_date" in slots and (not needs_key_date(stage) or (known_event is not None and known_event.on)):
            slots.remove("stage_date")  # the timeline already has the date this stage counts from
        # Stop nagging: a question asked twice without an answer is not asked a third time.
        return [slot for slot in slots if tracker.get_slot(slot) is not None or times_asked(tracker, slot) < 2]

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[Dict[Text, Any]]:
        """Before the next question, say where a date the parent just gave leaves them."""
        timeline = timeline_from_tracker(tracker)
        if timeline.added_now and tracker.get_slot("requested_slot"):
            line = deadline_note(timeline.known, today_in_england())
            if line:
                dispatcher.utter_message(text=line)
        return await super().run(dispatcher, tracker, domain)

    async def extract_child_age(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        """A bare number ("8") answers the age question."""
        if tracker.get_slot("requested_slot") != "child_age":
            return {}
        match = _BARE_NUMBER.match((tracker.latest_message or {}).get("text") or "")
        return {"child_age": int(match.group(1))} if match else {}

    def validate_child_age(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        value = preferred_value(tracker, "age", value)
        if value == UNKNOWN:
            return {"child_age": UNKNOWN}
        try:
            age = int(value)
        except (TypeError, ValueError):
            age = -1
        if 0 <= age <= 25:
            return {"child_age": age}
        dispatcher.utter_message(text="Sorry, I didn't catch the age. Please give it as a number, like 8.")
        return {"child_age": None}

    def validate_school_year(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        return {"school_year": preferred_value(tracker, "school_year", value)}

    def validate_need_type(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        """Needs add up across messages; "ADHD not autism" removes autism."""
        previous = [n for n in (value or []) if n != UNKNOWN]
        negated = set(negated_values(tracker, "need_type"))
        merged = [n for n in dict.fromkeys(previous + affirmed_values(tracker, "need_type"))
                  if n not in negated]
        return {"need_type": merged or [UNKNOWN]}

    def validate_setting(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        return {"setting": preferred_value(tracker, "setting", value)}

    def validate_process_stage(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        """The stage that was affirmed last wins: "we applied, then they refused" is a refusal."""
        said = affirmed_values(tracker, "process_stage")
        return {"process_stage": said[-1] if said else value}

    def validate_stage_date(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        return {"stage_date": preferred_value(tracker, "date", value)}


class ActionAskStageDate(Action):
    """Asks for the date that matters at the family's stage."""

    def name(self) -> Text:
        return "action_ask_stage_date"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        dispatcher.utter_message(text=stage_date_question(tracker.get_slot("process_stage")))
        return []


def times_asked(tracker: Tracker, slot: str) -> int:
    """How many times the form has asked for `slot` since it last started."""
    asks = {f"utter_ask_{slot}", f"action_ask_{slot}", f"utter_ask_situation_form_{slot}",
            f"action_ask_situation_form_{slot}"}
    count = 0
    for event in reversed(tracker.events or []):
        if event.get("event") == "active_loop" and event.get("name") is None:
            break
        if event.get("event") == "action" and event.get("name") in asks:
            count += 1
    return count


def deadline_note(known: Any, today: Any) -> Optional[str]:
    """One sentence on the most pressing deadline the timeline gives, with its source."""
    found = timeline_deadlines(known, today)
    pressing = first_late(found) or next((d for d in found if d.status in (UPCOMING, DUE_TODAY)), None)
    if pressing is None:
        return None
    return (f"Before my next question: {pressing.title} {'was due by' if pressing.due < today else 'is due by'} "
            f"{long_date(pressing.due)} ({pressing.source}). {status_sentence(pressing)}")


def situation_slots(tracker: Tracker) -> Dict[str, Optional[Any]]:
    """The slots the form fills, by name."""
    names = ("child_age", "school_year", "need_type", "setting", "local_authority",
             "process_stage", "stage_date")
    return {name: tracker.get_slot(name) for name in names}
