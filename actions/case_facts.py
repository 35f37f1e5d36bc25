"""A verified parent tells us a new date for their case: confirm it back, then record it as
parent-reported (an officer checks it; it never replaces a verified date)."""
from __future__ import annotations

import asyncio
from typing import Any, Dict, List, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.case_lookup import casework_url
from actions.form_hints import hint_if_missing
from bot.casework import store
from knowledge.dates import long_date, parse_iso
from knowledge.deadlines import STAGE_KEY_DATE

FACT_LABELS: Dict[str, str] = {
    "request_date": "you asked the council for an EHC needs assessment",
    "decision_letter": "the council's decision letter",
    "draft_served": "the draft EHC plan arrived",
    "plan_or_last_review": "the final plan was issued, or last reviewed",
    "review_meeting": "the review meeting",
}
STAGES_HINT = ("I can add the date of an assessment request, a refusal, a draft plan, a final plan "
               "or a review meeting.")
CLEAR = [SlotSet("fact_stage", None), SlotSet("fact_date", None)]


class ValidateFactForm(FormValidationAction):
    """Takes a stage the law counts a date from, and a date that is not in the future."""

    def name(self) -> Text:
        return "validate_fact_form"

    async def extract_fact_stage(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                 domain: DomainDict) -> Dict[Text, Any]:
        return hint_if_missing(dispatcher, tracker, "fact_stage", "process_stage", STAGES_HINT)

    def validate_fact_stage(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                            domain: DomainDict) -> Dict[Text, Any]:
        if value in STAGE_KEY_DATE:
            return {"fact_stage": value}
        dispatcher.utter_message(text=STAGES_HINT)
        return {"fact_stage": None}

    def validate_fact_date(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                           domain: DomainDict) -> Dict[Text, Any]:
        return {"fact_date": value if parse_iso(value) else None}


class ActionConfirmCaseFact(Action):
    """Reads the new fact back and asks before anything is written."""

    def name(self) -> Text:
        return "action_confirm_case_fact"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[Dict[Text, Any]]:
        view = await asyncio.to_thread(store.verified_case, casework_url(), tracker.sender_id)
        if view is None:
            dispatcher.utter_message(text="I need to check who you are before I add anything to a case. "
                                          "Ask me \"where is my case?\" to start.")
            return CLEAR
        kind = STAGE_KEY_DATE[tracker.get_slot("fact_stage")]
        when = parse_iso(tracker.get_slot("fact_date"))
        dispatcher.utter_message(
            text=f"You told me: {FACT_LABELS[kind]}, on {long_date(when)}. Shall I add this to "
                 f"{view.child_first_name}'s case? An officer will check it before it changes anything.",
            buttons=[{"title": "Yes, add it", "payload": "/affirm"}, {"title": "No", "payload": "/deny"}],
        )
        return []


class ActionRecordCaseFact(Action):
    """Records the confirmed fact as parent-reported, or drops it when the parent said no."""

    def name(self) -> Text:
        return "action_record_case_fact"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[Dict[Text, Any]]:
        if tracker.get_intent_of_latest_message() != "affirm":
            dispatcher.utter_message(text="OK, I have not added it.")
            return CLEAR
        stage, when = tracker.get_slot("fact_stage"), parse_iso(tracker.get_slot("fact_date"))
        recorded = stage in STAGE_KEY_DATE and when is not None and await asyncio.to_thread(
            store.record_parent_fact, casework_url(), tracker.sender_id, STAGE_KEY_DATE[stage], when)
        if recorded:
            dispatcher.utter_message(text="Added to the case as something you told us. An officer will check it.")
        else:
            dispatcher.utter_message(text="I could not add it, because I need to check who you are again. "
                                          "Ask me \"where is my case?\" to start.")
        return CLEAR
