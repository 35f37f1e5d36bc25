"""The action that answers a message concern by concern (issue 17)."""
from __future__ import annotations

import re
from typing import Any, Dict, List, Mapping, Optional, Text, Tuple

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.council import other_nations_named, signpost_other_nations
from actions.concern_replies import (GO_ON, GO_ON_QUESTION, LIMIT_EVENT, concerns_reply, later_offer, next_steps_reply, not_said_yet, person_button,
                                     said_already, short_reply, that_or_those,
                                     transport_dates_reply)
from actions.deadline_replies import arrival_lines, deadline_notes, deadline_reply, planned_request_reply, range_lines, without_disclaimer
from actions.letters import letter_asked_for, letter_button, write_letter
from actions.timeline import (ASKED_DEADLINE_SLOT, CONCERNS_SLOT, ASKED_EVENT_SLOT, TIMELINE_SLOT, asks_for_a_person, recent_user_texts, timeline_from_tracker,
                              situation_form_ended, timeline_slot_value)
from knowledge.phase_transfer import school_year_from, transfer_deadlines
from knowledge.planned_request import still_to_send
from knowledge.timeline import ROLES, SaidEvent
from knowledge import concerns as concern_detection
from knowledge.concerns import (ANSWERED_AT_ONCE, LONG_MESSAGE_WORDS, WANTS_PERSON, detect, in_reply_order, not_covered,
                               worth_answering)
from knowledge.dates import today_in_england
from knowledge.person_request import asks_besides_a_person
from knowledge.voice import young_person_writing
from knowledge.safety_steps import calmer_follow_up, check_in, follow_up_reply
from knowledge.deadline_questions import answer, asked_target, target_for
from knowledge.letter_requests import asks_for_letter
from knowledge.letters import kinds, letter_for
from knowledge.tribunal_orders import appeal_conceded, order_made

concern_detection.model()  # trained when the action server starts, not on a parent's first long message

SAFEGUARDING_INTENT = "safeguarding_risk"
PENDING_SLOT = "concerns_pending"  # concerns raised but not yet answered: "Shall I go on to those?"


def action_before_latest_message(tracker: Tracker) -> str:
    """The assistant's last action before the parent's latest message (listening left out)."""
    seen_user = False
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            if seen_user:
                return ""
            seen_user = True
        elif seen_user and event.get("event") == "action" and event.get("name") not in (
                "action_listen", "action_extract_slots"):
            return event.get("name") or ""
    return ""


def message_with_concerns(tracker: Tracker) -> Tuple[str, List[str]]:
    """The latest message, or, after the consent question it led to, the message that raised the
    concerns; with the concerns read in it (read once)."""
    texts = [e.get("text") or "" for e in tracker.events if e.get("event") == "user"][-2:]
    if len(texts) == 2 and ActionAnswerConcerns.NAME in actions_before_latest_message(tracker):
        texts = texts[1:]  # the message before was answered already (before the consent question it asked for)
    for text in reversed(texts):
        found = detect(text) if text and not text.startswith("/") else []
        if found and (worth_answering(text, found) or any(c in ANSWERED_AT_ONCE for c in found)
                      or concern_detection.short_concern(text, questions_too=True) or asks_besides_a_person(text)):
            return text, found
    latest = texts[-1] if texts else ""
    return latest, detect(latest) if latest and not latest.startswith("/") else []


def date_asked(answered: List[str], known: Any, today: Any) -> List[Dict[Text, Any]]:
    """The date the reply asked for ("If you tell me the date of the decision letter, ..."), kept so
    the parent's answer reaches the deadline engine: the first answered concern whose time limit
    still needs a date. Otherwise nothing is waiting for a date."""
    for key in answered:
        limit = concern_detection.concerns()[key].limit if key in concern_detection.concerns() else None
        if limit and LIMIT_EVENT.get(limit):
            reply = answer(limit, known, today)
            if reply.deadline is None and reply.missing_role in ROLES:
                return [SlotSet(ASKED_EVENT_SLOT, reply.missing_role), SlotSet(ASKED_DEADLINE_SLOT, limit)]
    return [SlotSet(ASKED_EVENT_SLOT, None), SlotSet(ASKED_DEADLINE_SLOT, None)]


# A letter for a step the family has already taken, by the event that shows it: never offered again.
LETTER_DONE_BY = {"mediation_certificate": "mediation_certificate", "draft_plan_meeting": "final_plan"}


# Letters for a child of school age, never offered to a young person writing about themselves
# (section 19's duty to arrange education ends with compulsory school age).
NOT_FOR_A_YOUNG_PERSON = ("suitable_education",)


def with_letter_offer(text: str, answered: List[str], said: str,
                      known: Optional[Mapping[str, SaidEvent]] = None, young: bool = False) -> Tuple[str, Optional[str]]:
    """The reply with the offer of the letter that fits the concerns answered ("Would a letter to the
    council help? ..."), and that letter's id; unchanged when none fits, the letter was asked for
    (it follows at once), or the step it asks for has been taken (the certificate has come)."""
    done = [letter for letter, role in LETTER_DONE_BY.items() if known and role in known and known[role].happened]
    if order_made(said) or appeal_conceded(said):  # the appeal is decided: no certificate, no draft-plan meeting
        done += list(LETTER_DONE_BY)
    letter = letter_for(answered, taken=done + (list(NOT_FOR_A_YOUNG_PERSON) if young else []))
    if letter is None or asks_for_letter(said):
        return text, None
    offer = kinds()[letter].offer
    if young:
        offer = re.sub(r"\byour child's\b", "your", re.sub(r"\b(?:for|to) your child\b", lambda m: m.group(0).split()[0] + " you", offer))
    head, tail = text.rsplit("\n\n", 1) if "\n\n" in text else (text, "")
    return (f"{head}\n\n{offer}\n\n{tail}" if tail else f"{text}\n\n{offer}"), letter


def person_offer(tracker: Tracker, found: List[str]) -> List[Dict[Text, str]]:
    """The "Talk to a person" button, unless the parent has just been passed to one (an escalation
    is open for this conversation) or asked for one (the consent question follows the answer):
    offering again what was just done, or is being done, would confuse."""
    return [] if tracker.get_slot("handoff_escalation") or asks_for_a_person(tracker) else [person_button(found)]


SAFETY_FOLLOW_UP = "action_safety_follow_up"
_ASKS_SOMETHING = re.compile(r"\?|\b(?:what|how|who|when|where|why|can|could|should|shall|do|does|is|are|will|would)\b[^.!]*$",
                             re.IGNORECASE)


def asks_something(text: str) -> bool:
    """Whether a message asks a question (a question mark, or a last sentence worded as one)."""
    return bool(_ASKS_SOMETHING.search(text or ""))


RECENT_REPLIES = 2  # the parent's messages back whose replies count as just said


def recent_bot_texts(tracker: Tracker) -> List[str]:
    """What the assistant said since the parent's last few messages before the latest one."""
    texts: List[str] = []
    users = 0
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            users += 1
            if users > RECENT_REPLIES:
                break
        elif event.get("event") == "bot" and users >= 1:
            texts.append(event.get("text") or "")
    return texts


def actions_before_latest_message(tracker: Tracker) -> List[str]:
    """The assistant's actions between the parent's message before the latest one and the latest."""
    done: List[str] = []
    seen_user = False
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            if seen_user:
                break
            seen_user = True
        elif seen_user and event.get("event") == "action":
            done.append(event.get("name") or "")
    return done[::-1]


def actions_since_latest_message(tracker: Tracker) -> List[str]:
    """The assistant's actions since the parent's latest message (listening left out)."""
    done: List[str] = []
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            break
        if event.get("event") == "action" and event.get("name") not in ("action_listen", "action_extract_slots"):
            done.append(event.get("name") or "")
    return done[::-1]


def after_a_disclosure(tracker: Tracker) -> bool:
    """Whether the parent's message before this one was a safeguarding disclosure."""
    said = [e for e in tracker.events if e.get("event") == "user"]
    return len(said) >= 2 and ((said[-2].get("parse_data") or {}).get("intent") or {}).get("name") == SAFEGUARDING_INTENT


SMS_CHANNEL = "twilio"


def concerns_per_reply(channel: Optional[str], dated: bool) -> int:
    """How many concerns one reply takes: three, but on SMS two, or one after a deadline answered
    first (each text is short; the parent says "yes" for the rest)."""
    if channel != SMS_CHANNEL:
        return concern_detection.MAX_IN_ONE_REPLY
    return 1 if dated else 2


def without_repeated_lines(text: str) -> str:
    """`text` with every line said before (a note both the deadline's answer and a concern gave) left out."""
    seen: set = set()
    kept = []
    for line in text.split("\n"):
        if len(line) > 60 and line in seen:
            continue
        seen.add(line)
        kept.append(line)
    return re.sub(r"\n{3,}", "\n\n", "\n".join(kept))


def checking_in(tracker: Tracker) -> str:
    """The first lines of the reply after a disclosure: the short follow-up when the parent says
    things are calmer ("im ok, my sister's coming"), otherwise the check-in."""
    said = [e.get("text") or "" for e in tracker.events if e.get("event") == "user"]
    if said and calmer_follow_up(said[-1]):
        return follow_up_reply(said[-1], said[-2] if len(said) >= 2 else "")
    return check_in()


KEPT_DATE_INTRO = "You also asked about a date. Here it is, so it is not lost:"


def date_asked_with_a_disclosure(tracker: Tracker, said: str) -> Optional[str]:
    """The dated answer to a deadline question asked in the same message as a disclosure, in short
    (the crisis contacts come first; the date is not dropped), or None when none can be given."""
    named = asked_target(said) if said else None
    if not said or ("?" not in said and named is None):  # "I just need to know the date so I can get the appeal done."
        return None
    today = today_in_england()
    timeline = timeline_from_tracker(tracker)
    target = target_for(said, timeline.known, None, today) if named else None
    asked = answer(target, timeline.known, today) if target else None
    if asked is not None and asked.deadline is not None:
        line = without_disclaimer(deadline_reply(asked.deadline, timeline.known, said))
    else:
        transport = transport_dates_reply(recent_user_texts(tracker), today, dated_only=True)
        line = without_disclaimer(transport) if transport else None
    return f"{KEPT_DATE_INTRO}\n{line.strip()}" if line else None


CONSENT_ANSWERED = "action_raise_escalation"  # runs on the consent question's answer, yes or no
AFTER_CONSENT_LINE = "I will go on to {} after you answer the question below."
MANY_MESSAGES = 10  # the conversation a deadline's answer reads for what was said before ("since September 2025")


class ActionAnswerConcerns(Action):
    """Says what it understood, then takes the concerns in priority order, with a person offered."""

    NAME = "action_answer_concerns"

    def name(self) -> Text:
        return self.NAME

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[Dict[Text, Any]]:
        """The answer; a question answered while the situation form waited ends that form (its question is
        not asked again and again)."""
        return await self._run(dispatcher, tracker, domain) + situation_form_ended(tracker)

    async def _run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[Dict[Text, Any]]:
        nations = other_nations_named(tracker)
        if nations:  # England's law, deadlines and letters do not apply in Wales, Scotland or Northern Ireland
            signpost_other_nations(dispatcher, nations)
            return [SlotSet(PENDING_SLOT, None)]
        message = tracker.latest_message or {}
        person_asked = asks_for_a_person(tracker)  # the consent question follows this answer
        pending = list(tracker.get_slot(PENDING_SLOT) or [])
        going_on = bool(pending) and (
            ((message.get("intent") or {}).get("name") == "affirm" and action_before_latest_message(tracker) == self.name())
            or (CONSENT_ANSWERED in actions_since_latest_message(tracker)  # the rest, after the consent question's answer
                and self.NAME in actions_before_latest_message(tracker)))
        said, read = ("", []) if going_on else message_with_concerns(tracker)
        found = pending if going_on else [c for c in read if c != WANTS_PERSON]
        # after the short follow-up to a calmer message, a question is answered at once; without one
        # ("im ok, just needed to say it"), the offer to go through the concerns is made again
        follow_up = SAFETY_FOLLOW_UP in actions_since_latest_message(tracker) and asks_something(message.get("text") or "")
        if (message.get("intent") or {}).get("name") == SAFEGUARDING_INTENT and found and not follow_up:
            # after the crisis contacts and the urgent escalation: the rest waits until they are ready,
            # but a date the parent asked for is kept for them ("which date do I count from?")
            young = young_person_writing(said)
            kept_date = date_asked_with_a_disclosure(tracker, said)
            offer = later_offer(found, young)
            dispatcher.utter_message(text=f"{kept_date}\n\n{offer}" if kept_date else offer, buttons=[GO_ON])
            kept = list(tracker.get_slot(CONCERNS_SLOT) or [])
            return [SlotSet(CONCERNS_SLOT, kept + [c for c in found if c not in kept]),
                    SlotSet(PENDING_SLOT, in_reply_order(found))]
        timeline = timeline_from_tracker(tracker)
        today = today_in_england()
        if not going_on and (found or said):  # "ehcna sent 14th july. no decision": the dates show the delay
            found = found + [c for c in concern_detection.delays_in(timeline.known, today) if c not in found]
            found = found + [c for c in concern_detection.waiting_to_hear(timeline.known, today, said) if c not in found]
            found = concern_detection.delay_after_a_review(found, timeline.known)
        found = not_covered(found, said) if said else found
        if not going_on and said and asks_something(said) and not [c for c in found if c in concern_detection.concerns()]:
            # "and if they still say no?" after a transport refusal: the concern the conversation is about, again
            earlier = [c for c in tracker.get_slot(CONCERNS_SLOT) or [] if c in concern_detection.concerns()]
            if earlier and (concern_detection.asks_what_next(said) or concern_detection.asks_how_to_write(said)):
                # "ok so what do i do now", "do i ring or email?": every concern's next step, and how to raise it
                young = any(young_person_writing(t) for t in recent_user_texts(tracker))
                plan = concern_detection.has_plan(" ".join(recent_user_texts(tracker)), timeline.known)
                dispatcher.utter_message(text=next_steps_reply(earlier, timeline.known, today, said, young, plan), buttons=person_offer(tracker, earlier))
                return [SlotSet(PENDING_SLOT, None)]
            # the concern the follow-up's words belong to ("do i have to pay?" after attendance), else the latest
            matching = [c for c in earlier if concern_detection.concerns()[c].notes_for(said)]
            found = matching[-1:] or earlier[-1:]
        named = asked_target(said) if said else None
        real = [c for c in found if c in concern_detection.concerns()]
        short = len(said.split()) < LONG_MESSAGE_WORDS
        at_once = real[0] if not going_on and len(real) == 1 and (real[0] in ANSWERED_AT_ONCE or short) \
            and not worth_answering(said, read) and not named else None
        if at_once:  # one urgent thing, said briefly (or with a request for a person): a short answer
            young = young_person_writing(said)
            plan = concern_detection.has_plan(said, timeline.known)
            brief = short_reply(at_once, timeline.known, today, young, plan, said, " ".join(recent_user_texts(tracker)))
            text, letter = (brief, None) if person_asked else with_letter_offer(brief, [at_once], said, timeline.known, young)
            sent = recent_bot_texts(tracker)
            if said_already(text, sent):  # "and if they ignore me?": what to do, not the same answer again
                text, letter = next_steps_reply([at_once], timeline.known, today, said, young, plan, not_said_yet(text, sent)), None
            if after_a_disclosure(tracker) and not follow_up:
                text = f"{checking_in(tracker)}\n\n{text}"
            dispatcher.utter_message(text=text, buttons=([letter_button(letter)] if letter else []) + person_offer(tracker, [at_once]))
            if asks_for_letter(said):
                await write_letter(dispatcher, tracker, letter_asked_for(said, [at_once]))
            kept = list(tracker.get_slot(CONCERNS_SLOT) or [])
            return [SlotSet(CONCERNS_SLOT, kept + ([at_once] if at_once not in kept else [])),
                    SlotSet(TIMELINE_SLOT, timeline_slot_value(timeline)), *date_asked([at_once], timeline.known, today)]
        # a deadline the message names ("how long do I have to appeal?") and its dates give comes first;
        # one still missing its date is asked for in its concern's part
        asks_deadline = named or (message.get("intent") or {}).get("name") == "ask_deadline"  # "how long have i got to reply" after a dated letter
        target = target_for(said, timeline.known, None, today) if asks_deadline and said else None
        asked = answer(target, timeline.known, today) if target else None
        decided = order_made(said) or appeal_conceded(said)  # the concern's answer counts from the Tribunal instead
        dated = asked.target if asked is not None and asked.deadline is not None and not decided else None
        young = young_person_writing(said) if said else any(young_person_writing(t) for t in recent_user_texts(tracker))
        plan = concern_detection.has_plan(" ".join(recent_user_texts(tracker)), timeline.known)
        authority = next(tracker.get_latest_entity_values("local_authority"), None) or tracker.get_slot("local_authority")
        transfer = transfer_deadlines(school_year_from(tracker.get_slot("school_year"), said), said, today)
        text, later = concerns_reply(found, timeline.known, today, first=not going_on, answered=dated, young_person=young,
                                     with_plan=plan, said=said, authority=authority, transfer=transfer,
                                     earlier=" ".join(recent_user_texts(tracker)),
                                     most=concerns_per_reply(tracker.get_latest_input_channel(), bool(dated)))
        if dated:
            first = without_disclaimer(deadline_reply(asked.deadline, timeline.known, said,
                                                      " ".join(recent_user_texts(tracker, most=MANY_MESSAGES))))
            came = arrival_lines(asked.target, timeline.known, said, today)  # "dated 18th November but the email only arrived on Friday 20th"
            text = "\n".join([first, *came, *deadline_notes(asked.target, said)]) + f"\n\n{text}"
        elif (planned := still_to_send(said, today, " ".join(recent_user_texts(tracker)[:-1]), timeline.known)) is not None:
            text = f"{without_disclaimer(planned_request_reply(planned, today))}\n\n{text}"  # "If I email it Friday when would they have to decide by?"
        elif named and "?" in said and not decided and asked is not None and asked.between is not None and asked.missing_role in timeline.known:
            first = without_disclaimer(range_lines(asked, timeline.known[asked.missing_role]))  # "w/c 9th nov": from when to when
            text = "\n".join([first, *deadline_notes(asked.target, said)]) + f"\n\n{text}"
        sent = recent_bot_texts(tracker)
        if not going_on and said_already(text, sent):  # asked again: what is new, then what to do next, not the same answer
            text, later = next_steps_reply(found, timeline.known, today, said, young, plan, not_said_yet(text, sent)), []
        if after_a_disclosure(tracker) and not follow_up:
            text = f"{checking_in(tracker)}\n\n{text}"
        text = without_repeated_lines(text)  # a note the deadline's answer gave is not said again in the concerns
        # with the consent question after it, no letter is offered: on SMS a "1" would be read as the consent's option
        text, letter = (text, None) if person_asked else with_letter_offer(
            text, [c for c in in_reply_order(found) if c not in later], said, timeline.known, young)
        if later and person_asked:  # the consent question follows: a "yes" is for it, so the rest comes after that answer
            those = that_or_those(later)
            text = text.replace(GO_ON_QUESTION.format(those), AFTER_CONSENT_LINE.format(those))
        buttons = ([GO_ON] if later and not person_asked else []) + ([letter_button(letter)] if letter else []) \
            + person_offer(tracker, found)
        dispatcher.utter_message(text=text, buttons=buttons)
        if asks_for_letter(said):
            await write_letter(dispatcher, tracker, letter_asked_for(said, in_reply_order(found)))
        kept = list(tracker.get_slot(CONCERNS_SLOT) or [])
        kept += [c for c in found if c not in kept]
        # a date the reply asked for is awaited even with "Shall I go on to those?": a date is no "yes"; going on
        # to the rest asks for none, so the date asked for before is still awaited
        awaited = date_asked([c for c in in_reply_order(found) if c not in later and concern_detection.concerns()[c].limit != dated],
                             timeline.known, today)
        if going_on and all(event.get("value") is None for event in awaited):
            awaited = [SlotSet(ASKED_EVENT_SLOT, tracker.get_slot(ASKED_EVENT_SLOT)),  # said again, so the next message
                       SlotSet(ASKED_DEADLINE_SLOT, tracker.get_slot(ASKED_DEADLINE_SLOT))]  # is read as its answer
        return [SlotSet(CONCERNS_SLOT, kept), SlotSet(PENDING_SLOT, later or None),
                SlotSet(TIMELINE_SLOT, timeline_slot_value(timeline)), *awaited]
