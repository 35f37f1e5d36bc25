"""Verified case lookup: check who the parent is, then show their case and its deadlines.

Nothing about a case is said before the store has verified the conversation. A wrong reference,
a wrong date of birth and a try that must wait all get the same reply, so nobody learns which
references exist. The phone factor comes only from the conversation id, which only a signed SMS
or WhatsApp webhook can produce (channels/ownership.py); the source address only from the
channel's own metadata. Repeated failures raise an alert for the officers.
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
from bot.casework.verification import FREE_FAILURES
from bot.escalation.alerts import raise_verification_alert
from channels.ownership import verified_phone
from bot.settings import casework_url as settings_casework_url
from knowledge.authorities import authority_by_code
from knowledge.dates import parse_iso, today_in_england
from knowledge.deadlines import Deadline, deadlines
from knowledge.situation import STAGE_LABELS, Situation, next_steps

NOT_MATCHED_TEXT = ("Sorry, I could not confirm those details. Please check the case reference and your "
                    "child's date of birth. If they are right, wait a few minutes and try again.")
STOPPED_TEXT = ("For your family's safety I will stop checking details here for now. "
                "A person can help you with your case.")
NOT_VERIFIED = "not_verified"
TRIES_PER_CONVERSATION = FREE_FAILURES


def source_address(tracker: Tracker) -> Optional[str]:
    """Where the message came from, as its channel saw it (a browser's IP address, a phone)."""
    address = ((tracker.latest_message or {}).get("metadata") or {}).get("address")
    return address if isinstance(address, str) and address else None


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
        """On SMS or WhatsApp the number the conversation belongs to is the second factor."""
        phone = verified_phone(tracker.sender_id)
        if not phone or value in (None, "verified", NOT_VERIFIED):
            return {"case_reference": value}
        result = await asyncio.to_thread(store.verify, casework_url(), tracker.sender_id, value, None, phone,
                                         source_address(tracker))
        if result.status == store.VERIFIED:
            return {"child_dob": "verified", "case_reference": "verified"}
        return await self._not_verified(result, dispatcher, tracker, keep_reference=value)

    async def validate_child_dob(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                 domain: DomainDict) -> Dict[Text, Any]:
        reference: Optional[str] = tracker.get_slot("case_reference")
        birth = parse_iso(value)
        if birth is None:
            dispatcher.utter_message(text="Please give the date of birth as day, month and year, like 14/05/2018.")
            return {"child_dob": None}
        result = await asyncio.to_thread(store.verify, casework_url(), tracker.sender_id, reference, birth,
                                         verified_phone(tracker.sender_id), source_address(tracker))
        if result.status == store.VERIFIED:
            return {"child_dob": "verified", "case_reference": "verified"}
        return await self._not_verified(result, dispatcher, tracker)

    @staticmethod
    async def _not_verified(result: store.VerifyResult, dispatcher: CollectingDispatcher, tracker: Tracker,
                            keep_reference: Any = None) -> Dict[Text, Any]:
        """The one answer for every try that did not verify; the form stops after a few."""
        if result.alert:
            await asyncio.to_thread(raise_verification_alert, casework_url(), tracker.sender_id, result.alert,
                                    result.case_id)
        if keep_reference is not None and result.status == store.NOT_MATCHED:
            return {"case_reference": keep_reference}  # not this number's case: ask for the date of birth too
        if result.conversation_failures >= TRIES_PER_CONVERSATION:
            dispatcher.utter_message(text=STOPPED_TEXT)
            return {"child_dob": NOT_VERIFIED, "case_reference": NOT_VERIFIED}
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
            if tracker.get_slot("child_dob") != NOT_VERIFIED:
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
