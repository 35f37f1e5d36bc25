"""Reflects the family's situation back and offers the next steps that fit it."""
from __future__ import annotations

from dataclasses import replace
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.situation_form import situation_slots
from actions.timeline import TIMELINE_SLOT, timeline_from_tracker, timeline_slot_value
from bot.escalation.reasons import OUT_OF_SCHOOL_STAGES
from knowledge.other_nations import nations_of
from knowledge.situation import Situation, describe, next_steps, nothing_known
from knowledge.timeline import describe_timeline

NEXT_STEP_BUTTONS = [
    {"title": "My deadlines", "payload": "/ask_deadline"},
    {"title": "Who can help locally", "payload": "/ask_contact"},
    {"title": "Talk to a person", "payload": "/request_human"},
]


def next_step_buttons(situation: Situation) -> List[Dict[str, str]]:
    """The next-step buttons; a child out of school makes "Talk to a person" say so to the officer."""
    if situation.stage not in OUT_OF_SCHOOL_STAGES:
        return NEXT_STEP_BUTTONS
    return NEXT_STEP_BUTTONS[:-1] + [
        {"title": "Talk to a person", "payload": '/request_human{"handoff_reason": "out_of_school"}'}]


def situation_from_slots(slots: Dict[str, Any]) -> Situation:
    """The pure `Situation` the knowledge rules work on."""
    return Situation(
        age=slots.get("child_age"),
        school_year=slots.get("school_year"),
        needs=tuple(slots.get("need_type") or ()),
        setting=slots.get("setting"),
        local_authority=slots.get("local_authority"),
        stage=slots.get("process_stage"),
        stage_date=slots.get("stage_date"),
    )


NOTHING_YET = ("You have not told me about your situation yet, so there is nothing to read back. "
               "Tell me about your child and what is happening, in your own words.")


class ActionSummariseSituation(Action):
    """Says back what the assistant understood, then what the family can do next."""

    def name(self) -> Text:
        return "action_summarise_situation"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        situation = situation_from_slots(situation_slots(tracker))
        timeline = timeline_from_tracker(tracker)
        if timeline.known:  # the dates live in the timeline; the form's one stage date is not repeated
            situation = replace(situation, stage_date=None)
        if nothing_known(situation) and not timeline.known:
            dispatcher.utter_message(text=NOTHING_YET)
            return []
        text = describe(situation)
        if timeline.known:
            text += "\nThe dates you have told me:\n" + "\n".join(f"• {line}" for line in describe_timeline(timeline.known))
        text += "\nIf I got anything wrong, just tell me, like \"she's in Year 7\" or \"the letter was dated the 12th\"."
        dispatcher.utter_message(text=text)
        events: List[Dict[Text, Any]] = [SlotSet(TIMELINE_SLOT, timeline_slot_value(timeline))]
        asked_mid_form = (tracker.latest_message or {}).get("intent", {}).get("name") == "ask_summary" and \
            tracker.active_loop.get("name")
        if asked_mid_form:  # a read-back on request; the form carries on with its question
            return events
        nations = nations_of(situation.local_authority)
        if nations:  # the form has given that nation's own advice; England's steps do not apply
            dispatcher.utter_message(
                text=f"The steps and time limits I know are for England, so I will not list them for "
                     f"{' or '.join(nations)}. The advice service above can help you there.",
                buttons=[NEXT_STEP_BUTTONS[-1]])
            return events
        steps = next_steps(situation)
        lines = [f"{number}. {step.text} ({step.source})" for number, step in enumerate(steps, 1)]
        dispatcher.utter_message(
            text="What you can do next:\n" + "\n".join(lines), buttons=next_step_buttons(situation)
        )
        return events
