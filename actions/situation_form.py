"""The form that works out a family's situation: what it asks, and how answers are checked."""
from __future__ import annotations

import re
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.corrections import affirmed_values, negated_values, preferred_value
from actions.council import CouncilSlotValidation
from knowledge.situation import UNKNOWN, needs_key_date, stage_date_question

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
        if not needs_key_date(tracker.get_slot("process_stage")) and "stage_date" in slots:
            slots.remove("stage_date")
        return slots

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


def situation_slots(tracker: Tracker) -> Dict[str, Optional[Any]]:
    """The slots the form fills, by name."""
    names = ("child_age", "school_year", "need_type", "setting", "local_authority",
             "process_stage", "stage_date")
    return {name: tracker.get_slot(name) for name in names}
