"""Verified case lookup: check who the parent is, then show their case and its deadlines.

Nothing about a case is said before the store has verified the conversation. A wrong reference
and a wrong date of birth get the same reply, so references cannot be discovered.
"""
from __future__ import annotations

import asyncio
import os
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.deadlines import OVERDUE_OFFER, deadline_line, person_button
from actions.form_hints import hint_if_missing
from bot.casework import store
from bot.settings import casework_url as settings_casework_url
from knowledge.authorities import authority_by_code
from knowledge.dates import parse_iso, today_in_england
from knowledge.deadlines import Deadline, deadlines
from knowledge.situation import STAGE_LABELS, Situation, next_steps

NOT_MATCHED_TEXT = ("Sorry, those details do not match a case we hold. Please check the reference "
                    "and your child's date of birth, and try again.")
LOCKED_TEXT = ("For your family's safety I cannot check any more details in this conversation for "
               "an hour. A person can help you sooner.")
LOCKED = "locked"
PHONE_CHANNELS = ("twilio", "whatsapp")


def trusted_phone(tracker: Tracker) -> Optional[str]:
    """The number an SMS or WhatsApp message came from, as the provider's signed webhook gave it.
    Other channels never supply one (a browser could claim any number)."""
    if tracker.get_latest_input_channel() not in PHONE_CHANNELS:
        return None
    phone = ((tracker.latest_message or {}).get("metadata") or {}).get("phone")
    return phone if isinstance(phone, str) and phone.startswith("+") else None


def casework_url() -> str:
    """The casework database, as `python -m bot run` passes it (the same default as settings)."""
    return settings_casework_url(os.environ.get("CASEWORK_DB_URL", ""))


def case_text(view: store.CaseView, found: List[Deadline]) -> str:
    """The case read back: stage, council, every deadline overdue first, and the next steps."""
    authority = authority_by_code(view.local_authority_code)
    council = authority.name if authority else "your council"
    lines = [f"Here is {view.child_first_name}'s case ({view.reference}) with {council}.",
             f"{view.child_first_name} {STAGE_LABELS.get(view.stage, view.stage)}."]
    if found:
        lines.append("Legal time limits:")
        lines += [deadline_line(d) for d in found[:6]]
        if any(d.overdue for d in found):
            lines.append(OVERDUE_OFFER)
    reported = {kind for kind, _ in view.parent_reported}
    if reported:
        lines.append("Some dates come from what you told us. An officer will check them.")
    steps = next_steps(Situation(stage=view.stage))
    if steps:
        lines.append("What you can do next:")
        lines += [f"{n}. {s.text} ({s.source})" for n, s in enumerate(steps, 1)]
    return "\n".join(lines)


class ValidateVerifyForm(FormValidationAction):
    """Asks for the reference and the date of birth, then asks the store whether they match."""

    def name(self) -> Text:
        return "validate_verify_form"

    async def required_slots(self, domain_slots: List[Text], dispatcher: CollectingDispatcher,
                             tracker: Tracker, domain: DomainDict) -> List[Text]:
        verified = await asyncio.to_thread(store.verification_holds, casework_url(), tracker.sender_id)
        return [] if verified else domain_slots

    async def extract_case_reference(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                     domain: DomainDict) -> Dict[Text, Any]:
        return hint_if_missing(dispatcher, tracker, "case_reference", "case_reference",
                               "That does not look like a case reference. It looks like SR-2026-0001.")

    async def validate_case_reference(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                      domain: DomainDict) -> Dict[Text, Any]:
        """On SMS or WhatsApp the number the message came from is the second factor."""
        phone = trusted_phone(tracker)
        if not phone or value in (None, "verified", LOCKED):
            return {"case_reference": value}
        result = await asyncio.to_thread(store.verify, casework_url(), tracker.sender_id, value, None, phone)
        if result == store.VERIFIED:
            return {"child_dob": "verified", "case_reference": "verified"}
        if result == store.LOCKED:
            dispatcher.utter_message(text=LOCKED_TEXT)
            return {"child_dob": LOCKED, "case_reference": LOCKED}
        return {"case_reference": value}  # not this number's case: ask for the date of birth too

    async def validate_child_dob(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                 domain: DomainDict) -> Dict[Text, Any]:
        reference: Optional[str] = tracker.get_slot("case_reference")
        birth = parse_iso(value)
        if birth is None:
            dispatcher.utter_message(text="Please give the date of birth as day, month and year, like 14/05/2018.")
            return {"child_dob": None}
        result = await asyncio.to_thread(store.verify, casework_url(), tracker.sender_id, reference, birth,
                                         trusted_phone(tracker))
        if result == store.VERIFIED:
            return {"child_dob": "verified", "case_reference": "verified"}
        if result == store.LOCKED:
            dispatcher.utter_message(text=LOCKED_TEXT)
            return {"child_dob": LOCKED, "case_reference": LOCKED}
        dispatcher.utter_message(text=NOT_MATCHED_TEXT)
        return {"child_dob": None, "case_reference": None}


class ActionShowCase(Action):
    """Shows the verified case, or says kindly that it cannot, and offers a person."""

    def name(self) -> Text:
        return "action_show_case"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[Dict[Text, Any]]:
        view = await asyncio.to_thread(store.verified_case, casework_url(), tracker.sender_id)
        buttons = [{"title": "Talk to a person", "payload": "/request_human"}]
        if view is None:
            if tracker.get_slot("child_dob") != LOCKED:
                dispatcher.utter_message(text="I could not confirm who you are, so I cannot show the case.",
                                         buttons=buttons)
            else:
                dispatcher.utter_message(text="You can talk to a person about your case.", buttons=buttons)
        else:
            found = deadlines(view.key_dates, today_in_england())
            dispatcher.utter_message(text=case_text(view, found),
                                     buttons=[{"title": "Add a new date or letter", "payload": "/report_case_fact"},
                                              person_button(found)])
        # The details the parent typed are not kept in the conversation's slots.
        return [{"event": "slot", "name": "case_reference", "value": None},
                {"event": "slot", "name": "child_dob", "value": None}]
