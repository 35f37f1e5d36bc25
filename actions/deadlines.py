"""Tells a family their exact statutory deadlines, and offers them as a calendar file."""
from __future__ import annotations

import os
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.links import calendar_link
from knowledge.dates import long_date, parse_iso, today_in_england
from knowledge.deadlines import STAGE_KEY_DATE, Deadline, deadlines, key_dates_for_stage

MAX_LISTED = 5
NOT_ADVICE = "I am not a lawyer, and this is information, not legal advice. You can ask for a person at any time."
OVERDUE_OFFER = "Something is late. A resolution officer can help you chase it early, before it becomes a dispute."


def person_button(found: List[Deadline]) -> Dict[str, str]:
    """"Talk to a person"; when a deadline is overdue the button carries that reason to the officer."""
    if any(d.overdue for d in found):
        return {"title": "Talk to a person", "payload": '/request_human{"handoff_reason": "overdue_deadline"}'}
    return {"title": "Talk to a person", "payload": "/request_human"}


def deadline_line(deadline: Deadline) -> str:
    """"• Final EHC plan: Thursday 21 January 2027 (in 58 days). SEND Regulations 2014, regulation 13(2)."""
    line = f"• {deadline.title}: {long_date(deadline.due)} ({deadline.status_text()})."
    if deadline.kind == "advised":
        line += " This is guidance, not a legal limit."
    return f"{line} {deadline.explanation} Source: {deadline.source}."


def deadlines_message(found: List[Deadline], link: Optional[str]) -> str:
    """The reply: overdue ones first with what to do, then the rest, a possible exception, the link."""
    lines = ["Here are the legal time limits for your child's case:"]
    lines += [deadline_line(d) for d in found[:MAX_LISTED]]
    overdue = [d for d in found if d.overdue]
    if overdue:
        lines.append(f"What to do about the late one: {overdue[0].if_missed}")
        lines.append(OVERDUE_OFFER)
    likely = next((d.exception_likely for d in found if d.exception_likely), None)
    if likely:
        lines.append(likely)
    elif any(d.exceptions for d in found):
        lines.append("In a few cases the council does not have to meet these limits, for example a long "
                     "school closure or exceptional family circumstances (SEND Regulations 2014, "
                     "regulations 5(4), 10(4) and 13(3)).")
    if link:
        lines.append(f"Add these dates to your calendar: {link}")
    lines.append(NOT_ADVICE)
    return "\n".join(lines)


class ActionExplainDeadlines(Action):
    """Works out every deadline from the stage and its date, or explains the main limits."""

    def name(self) -> Text:
        return "action_explain_deadlines"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        events: List[Dict[Text, Any]] = []
        stage = tracker.get_slot("process_stage")
        stage_date = tracker.get_slot("stage_date")
        said_stage = next(tracker.get_latest_entity_values("process_stage"), None)
        said_date = next(tracker.get_latest_entity_values("date"), None)
        if said_stage in STAGE_KEY_DATE and said_stage != stage:
            stage = said_stage
            events.append(SlotSet("process_stage", stage))
        if said_date and parse_iso(said_date) and said_date != stage_date:
            stage_date = said_date
            events.append(SlotSet("stage_date", stage_date))
        age = tracker.get_slot("child_age")
        key_dates = key_dates_for_stage(stage, parse_iso(stage_date), age if isinstance(age, int) else None)
        today = today_in_england()
        found = deadlines(key_dates, today)
        if not found:
            dispatcher.utter_message(response="utter_deadline_overview")
            return events
        secret = os.environ.get("LINK_SECRET", "")
        link = calendar_link(os.environ.get("PUBLIC_URL", "http://localhost:8080"), secret,
                             key_dates.to_dict()) if secret else None
        dispatcher.utter_message(
            text=deadlines_message(found, link),
            json_message={"calendar": link} if link else None,
            buttons=[person_button(found)],
        )
        return events
