"""Escalation and handoff actions: offer a person and ask consent, raise the escalation, forward
the parent's messages while an officer holds the conversation, relay the officer's messages, and
take the conversation back. The rules live in bot/escalation; these actions read the tracker and
phrase the reply."""
from __future__ import annotations

import asyncio
import dataclasses
import logging
import os
from datetime import datetime, timezone
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.case_lookup import casework_url, source_address
from actions.concern_replies import handoff_reason
from actions.timeline import CONCERNS_SLOT
from actions.situation_form import situation_slots
from actions.summary import situation_from_slots
from actions.timeline import timeline_from_tracker
from knowledge.timeline import timeline_deadlines, timeline_lines
from bot.casework import store as case_store
from knowledge.harm_at_school import harm_at_school_steps
from knowledge.safety_steps import follow_up_reply, safety_steps
from knowledge.person_request import wants_a_call
from channels.ownership import namespace_of
from bot.escalation import messages
from bot.escalation import store as escalations
from bot.escalation.reasons import BUTTON_REASONS, REASONS, more_urgent_reason, priority_of, reason_for_intent
from bot.escalation.service_level import ServiceLevel, due_numeric
from bot.escalation.relay import is_service_event
from bot.escalation.summary import VerifiedCase, build_summary
from knowledge.authorities import authority_by_code, find_authority
from knowledge.concerns import SHORT_MESSAGE_WORDS, concerns, detect, in_reply_order
from knowledge.dates import parse_iso, today_in_england
from knowledge.deadlines import deadlines, key_dates_for_stage
from knowledge.other_languages import language_name
from knowledge.situation import STAGE_LABELS

logger = logging.getLogger(__name__)
CONSENT_GIVEN, CONSENT_SAFEGUARDING = "given", "not_needed_safeguarding"
HANDOFF_SLOTS = ("handoff_officer", "handoff_escalation")
LANGUAGE_SLOT = "other_language"  # set after the fixed reply to a message in another language
SMALL_TALK = {"affirm", "deny", "greet", "thank", "goodbye", "stop", "dont_know"}


def service_level() -> ServiceLevel:
    return ServiceLevel.from_environment(os.environ)


def _now() -> datetime:
    return datetime.now(timezone.utc)


def reason_from(tracker: Tracker) -> str:
    """The reason a button carried (`/request_human{"handoff_reason": …}`), else the intent's, else
    that the parent asked for a person. A parent can type any payload, so only the reasons our own
    buttons carry are taken from one: urgency comes only from a disclosure the assistant found."""
    carried = next(tracker.get_latest_entity_values("handoff_reason"), None)
    if carried in BUTTON_REASONS:
        return carried
    intent = (tracker.latest_message or {}).get("intent", {}).get("name")
    reason = reason_for_intent(intent) or "asked_for_person"
    raised = handoff_reason(raised_concerns(tracker))  # "... sent home every day. Can I talk to someone?"
    return more_urgent_reason(raised, reason) if raised else reason


def raised_concerns(tracker: Tracker) -> List[str]:
    """Every concern the parent has raised: those answered (the slot), and those in the last few
    messages (a request for a person is asked about before its message's concerns are answered)."""
    found = list(tracker.get_slot(CONCERNS_SLOT) or [])
    recent = [e.get("text") or "" for e in tracker.events if e.get("event") == "user"][-3:]
    for text in recent:
        if len(text.split()) >= SHORT_MESSAGE_WORDS and not text.startswith("/"):
            found += [c for c in detect(text) if c not in found and c in concerns()]
    return found


def parent_texts(tracker: Tracker) -> List[str]:
    """What the parent wrote, oldest first: officer events and bare yes/no/hello left out."""
    return [e.get("text") or "" for e in tracker.events
            if e.get("event") == "user" and not is_service_event(e)
            and ((e.get("parse_data") or {}).get("intent") or {}).get("name") not in SMALL_TALK]


def summarise(tracker: Tracker, reason: str) -> tuple:
    """(summary, local authority code) from the slots and, when verified, the case."""
    url = casework_url()
    situation = situation_from_slots(situation_slots(tracker))
    view = case_store.verified_case(url, tracker.sender_id)
    today = today_in_england()
    case = None
    if view is not None:
        authority = authority_by_code(view.local_authority_code)
        case = VerifiedCase(view.reference, view.child_first_name, authority.name if authority else view.local_authority_code,
                         STAGE_LABELS.get(view.stage, view.stage), view.stage)
        found = deadlines(view.key_dates, today)
        code: Optional[str] = view.local_authority_code
    timeline = timeline_from_tracker(tracker)
    if view is None:
        age = situation.age if isinstance(situation.age, int) else None
        if timeline.known:
            found = timeline_deadlines(timeline.known, today, age)
        else:
            found = deadlines(key_dates_for_stage(situation.stage, parse_iso(situation.stage_date), age), today)
        authority = find_authority(str(situation.local_authority)) if situation.local_authority else None
        code = authority.gss_code if authority else None
    labels = [concerns()[c].label for c in in_reply_order(raised_concerns(tracker))]
    summary = build_summary(reason, situation, case, found, parent_texts(tracker),
                            timeline_lines(timeline.events), labels)
    language = tracker.get_slot(LANGUAGE_SLOT)
    if language:  # the officer sees which language to find an interpreter for
        summary = dataclasses.replace(summary, situation={**summary.situation, "Language": language_name(language)})
    return summary, code


def raise_for(tracker: Tracker, reason: str, consent: str) -> tuple:
    """Raise (or add to) the conversation's escalation: (id, created, reply due)."""
    summary, code = summarise(tracker, reason)
    due = service_level().reply_due(_now(), summary.priority)
    escalation_id, created = escalations.raise_escalation(
        casework_url(), tracker.sender_id, summary, namespace_of(tracker.sender_id) or "rest",
        consent, due, code)
    logger.info("escalation %s %s (reason %s, priority %s)", escalation_id, "raised" if created else "updated",
                reason, summary.priority)
    return escalation_id, created, due


class ActionOfferHandoff(Action):
    """Works out why, then asks for consent (handoff_form), unless an officer is already on it."""

    def name(self) -> Text:
        return "action_offer_handoff"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[Dict[Text, Any]]:
        reason = reason_from(tracker)
        existing = await asyncio.to_thread(escalations.open_escalation, casework_url(), tracker.sender_id)
        if existing is not None:
            # They agreed to share already; a more urgent reason moves them up the queue.
            _, _, due = await asyncio.to_thread(raise_for, tracker, reason, existing.consent)
            dispatcher.utter_message(text=messages.already_queued_text(
                existing.reply_due_at.replace(tzinfo=timezone.utc) if existing.reply_due_at else due))
            return [SlotSet("handoff_reason", None)]
        return [SlotSet("handoff_reason", reason), SlotSet("handoff_consent", None), FollowupAction("handoff_form")]


class ActionAskHandoffConsent(Action):
    """The consent question: what happens next, how soon, and may we share."""

    def name(self) -> Text:
        return "action_ask_handoff_consent"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[Dict[Text, Any]]:
        reason = tracker.get_slot("handoff_reason") or "asked_for_person"
        question = messages.consent_question(service_level(), priority_of(reason), _now())
        if wants_a_call((tracker.latest_message or {}).get("text") or ""):  # "I just need a human to ring me"
            question = question.replace(" To pass you on,", f" {messages.PHONE_CALL_TEXT} To pass you on,", 1)
        dispatcher.utter_message(
            text=question,
            buttons=[{"title": "Yes, pass me on", "payload": "/affirm"},
                     {"title": "No, not now", "payload": "/deny"}],
        )
        return []


async def raise_with_consent(dispatcher: CollectingDispatcher, tracker: Tracker, reason: str,
                             reply: Optional[str] = None) -> List[Dict[Text, Any]]:
    """Raise the escalation the parent agreed to and say so (`reply`, else when to expect a reply);
    an address raising escalation after escalation waits instead."""
    url, address = casework_url(), case_store.address_key(source_address(tracker))
    existing = await asyncio.to_thread(escalations.open_escalation, url, tracker.sender_id)
    if existing is None and await asyncio.to_thread(escalations.raised_from_address_recently, url, address) \
            >= escalations.MAX_RAISED_PER_ADDRESS:
        # Someone is raising escalation after escalation: they wait; the queue keeps its order.
        dispatcher.utter_message(text=messages.ESCALATIONS_LIMITED_TEXT)
        return []
    escalation_id, created, due = await asyncio.to_thread(raise_for, tracker, reason, CONSENT_GIVEN)
    if created:
        await asyncio.to_thread(escalations.note_raised_from_address, url, address, escalation_id)
    # a fixed reply (in the parent's own language) carries the reply time as numbers anyone can read
    dispatcher.utter_message(text=f"{reply} (\u23f0 {due_numeric(due)})" if reply else messages.raised_text(due))
    return [SlotSet("handoff_escalation", str(escalation_id))]


class ActionRaiseEscalation(Action):
    """After the consent question: raise the escalation, or confirm nothing was shared."""

    def name(self) -> Text:
        return "action_raise_escalation"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[Dict[Text, Any]]:
        reason = tracker.get_slot("handoff_reason") or "asked_for_person"
        events: List[Dict[Text, Any]] = [SlotSet("handoff_consent", None), SlotSet("handoff_reason", None)]
        if tracker.get_slot("handoff_consent") is not True:
            dispatcher.utter_message(response="utter_nothing_shared")
            declined = list(tracker.get_slot("handoff_declined") or [])
            return events + [SlotSet("handoff_declined", sorted(set(declined + [reason])))]
        return events + await raise_with_consent(dispatcher, tracker, reason)


class ActionEscalateSafeguarding(Action):
    """After the crisis contacts: an urgent escalation. Safety does not wait for consent."""

    def name(self) -> Text:
        return "action_escalate_safeguarding"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[Dict[Text, Any]]:
        escalation_id, _, _ = await asyncio.to_thread(raise_for, tracker, "safeguarding", CONSENT_SAFEGUARDING)
        latest = tracker.latest_message or {}
        text = latest.get("text") or ""
        for step in safety_steps(text, (latest.get("safeguarding") or {}).get("category")):
            dispatcher.utter_message(text=step)
        steps = harm_at_school_steps(text)
        if steps:
            dispatcher.utter_message(text=steps)
        dispatcher.utter_message(text=messages.safeguarding_raised_text(service_level(), _now()))
        return [SlotSet("handoff_escalation", str(escalation_id))]


class ActionSafetyFollowUp(Action):
    """The parent wrote again after a disclosure to say things are calmer: the steps they took
    named back and the numbers in short. The escalation stays urgent; nothing is said twice."""

    def name(self) -> Text:
        return "action_safety_follow_up"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[Dict[Text, Any]]:
        escalation_id, _, due = await asyncio.to_thread(raise_for, tracker, "safeguarding", CONSENT_SAFEGUARDING)
        held = await asyncio.to_thread(escalations.open_escalation, casework_url(), tracker.sender_id)
        if held is not None and held.reply_due_at:
            due = held.reply_due_at.replace(tzinfo=timezone.utc)  # the time already given stands
        said = [e.get("text") or "" for e in tracker.events if e.get("event") == "user"]
        text = said[-1] if said else ""
        reply = follow_up_reply(text, said[-2] if len(said) >= 2 else "")
        dispatcher.utter_message(text=f"{reply} {messages.safeguarding_still_urgent_text(due)}")
        return [SlotSet("handoff_escalation", str(escalation_id))]


class ActionForwardToOfficer(Action):
    """While an officer holds the conversation: keep the parent's message for them, say nothing.
    A safeguarding disclosure still gets the crisis contacts at once and makes it urgent."""

    def name(self) -> Text:
        return "action_forward_to_officer"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[Dict[Text, Any]]:
        text = (tracker.latest_message or {}).get("text") or ""
        kept = await asyncio.to_thread(escalations.record_parent_message, casework_url(), tracker.sender_id, text)
        if kept is None:
            dispatcher.utter_message(text="Sorry, the officer has left this conversation. I am here again. "
                                          "How can I help? You can ask for a person at any time.")
            return [SlotSet(slot, None) for slot in HANDOFF_SLOTS]
        intent = (tracker.latest_message or {}).get("intent", {}).get("name")
        if intent == "safeguarding_risk":
            dispatcher.utter_message(response="utter_crisis_contacts")
            await asyncio.to_thread(escalations.raise_priority, casework_url(), kept[0], "urgent", "safeguarding")
        return []


class ActionOfficerJoined(Action):
    """An officer claimed the conversation: name them, stop any questions, and go quiet."""

    def name(self) -> Text:
        return "action_officer_joined"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[Dict[Text, Any]]:
        view = await _held_escalation(tracker)
        if view is None:
            return []
        name = messages.first_name(view.claimed_by_name)
        dispatcher.utter_message(text=messages.joined_text(name))
        return [ActiveLoop(None), SlotSet("requested_slot", None), SlotSet("handoff_officer", name),
                SlotSet("handoff_escalation", str(view.id))]


class ActionRelayOfficerMessage(Action):
    """Sends the officer's reply to the parent, with the officer's first name."""

    def name(self) -> Text:
        return "action_relay_officer_message"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[Dict[Text, Any]]:
        message_id = _int(next(tracker.get_latest_entity_values("message_id"), None))
        found = await asyncio.to_thread(escalations.timeline_entry, casework_url(), message_id) if message_id else None
        if found is None or found[1] != tracker.sender_id or found[0].kind != "officer_message":
            logger.warning("officer message %s not relayed: not for this conversation", message_id)
            return []
        if already_relayed(tracker.events, message_id):  # the relay tried again: it was sent
            logger.info("officer message %s already relayed: not sent again", message_id)
            return []
        entry = found[0]
        name = messages.first_name(entry.officer)
        dispatcher.utter_message(text=messages.officer_message_text(name, entry.text), officer=name,
                                 officer_message_id=message_id)
        return []


def already_relayed(events: List[Dict[Text, Any]], message_id: int) -> bool:
    """True when the conversation already holds the officer message with this timeline id."""
    return any(event.get("event") == "bot" and (event.get("metadata") or {}).get("officer_message_id") == message_id
               for event in events)


class ActionHandBackToBot(Action):
    """The officer handed the conversation back: say what was agreed, and answer again."""

    def name(self) -> Text:
        return "action_hand_back_to_bot"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[Dict[Text, Any]]:
        escalation_id = _int(next(tracker.get_latest_entity_values("escalation_id"), None))
        view = await asyncio.to_thread(_escalation, escalation_id)
        if view is None or view.conversation_id != tracker.sender_id:
            return []
        agreed = next((e.text for e in reversed(view.timeline) if e.kind == "handed_back"), "")
        dispatcher.utter_message(text=messages.handed_back_text(messages.first_name(view.claimed_by_name), agreed))
        return [SlotSet(slot, None) for slot in HANDOFF_SLOTS]


def _int(value: Any) -> Optional[int]:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _escalation(escalation_id: Optional[int]) -> Optional[escalations.EscalationView]:
    if escalation_id is None:
        return None
    try:
        return escalations.get_escalation(casework_url(), escalation_id)
    except escalations.NotFound:
        return None


async def _held_escalation(tracker: Tracker) -> Optional[escalations.EscalationView]:
    """The escalation named by the event, if it belongs to this conversation and is claimed."""
    escalation_id = _int(next(tracker.get_latest_entity_values("escalation_id"), None))
    view = await asyncio.to_thread(_escalation, escalation_id)
    if view is None or view.conversation_id != tracker.sender_id or view.status != escalations.CLAIMED:
        logger.warning("officer event for escalation %s ignored: not claimed for this conversation", escalation_id)
        return None
    return view
