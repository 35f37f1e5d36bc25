"""Tells a family their exact statutory deadlines, and offers them as a calendar file."""
from __future__ import annotations

import os
import re
from datetime import date
from typing import Any, Collection, Dict, List, Optional, Text, Tuple

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.links import calendar_link
from actions.council import other_nations_named, signpost_other_nations
from actions.concern_replies import exclusion_dates_reply, local_help, transport_dates_reply
from actions.deadline_replies import (NOT_ADVICE, appeal_made_reply, arrival_lines, before_disclaimer, notes_answering, cease_proposal_lines, deadline_notes, deadline_reply, first_late, invite_line,
                                      missing_date_question, planned_request_reply, person_button,
                                      transfer_lines, without_disclaimer)
from actions.timeline import (ASKED_DEADLINE_SLOT, CONCERNS_SLOT, CONVERSATION_TEXTS, asks_for_a_person, recent_user_texts, ASKED_EVENT_SLOT, EVENT_QUESTION_SLOT, TIMELINE_SLOT,
                              Timeline, clarifying_question, encode_question, situation_form_ended, timeline_from_tracker, timeline_slot_value)
from knowledge.dates import long_date, today_in_england
from knowledge.half_terms import assumed_half_term_note
from knowledge.deadline_questions import (NEEDS, NEXT_DEADLINE, TargetAnswer, answer, asked_target, asks_for_all_dates, other_targets,
                                         target_for)
from knowledge.deadlines import MET, Deadline
from knowledge.event_notes import corrects_dates
from knowledge.phase_transfer import school_year_from, school_year_in, transfer_deadlines
from knowledge.planned_request import still_to_send
from knowledge.concerns import detect, has_plan, reply_notes
from knowledge.tribunal_orders import order_made
from knowledge.timeline import ROLES, current, key_dates as timeline_key_dates, timeline_deadlines
from knowledge.transport import about_transport

MAX_LISTED = 5
# The Tribunal decides what a plan says; help the plan already names is enforced another way (CFA 2014 s42(2)).
NOT_FOR_THE_TRIBUNAL = ("The SEND Tribunal decides what a plan says. It cannot make the council give help that the plan "
                        "already names. For that, complain to the council, then the Ombudsman, or a solicitor can start a "
                        "judicial review. An appeal date is only for a decision about the plan itself "
                        "(Children and Families Act 2014, sections 42(2) and 51(2)).")


def _sorry_first(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    """A distressed message that also asks something: a word of sympathy before the answer."""
    if ((tracker.latest_message or {}).get("intent") or {}).get("name") == "express_distress":
        dispatcher.utter_message(response="utter_distress")


def _not_for_the_tribunal(target: Optional[str], tracker: Tracker) -> Optional[str]:
    """"cant I just take them to tribunal for it?" when the concern is help the plan names not being given."""
    return NOT_FOR_THE_TRIBUNAL if target == "tribunal_appeal" and "provision_not_delivered" in (
        tracker.get_slot(CONCERNS_SLOT) or []) else None


NO_DATE_YET = ("That's fine. The date is usually at the top of the letter or email. When you find it, tell me "
               "and I will work out the deadline. " + NOT_ADVICE)
OVERDUE_OFFER = "If something is late, a resolution officer can help you chase it early, before it becomes a dispute."
CONCERN_ACTION = "action_answer_concerns"  # answers a message by its concerns when no EHC step has a date


def deadline_line(deadline: Deadline) -> str:
    """"• Final EHC plan: Thursday 21 January 2027 (in 58 days). SEND Regulations 2014, regulation 13(2)."""
    line = f"• {deadline.title}: {long_date(deadline.due)} ({deadline.status_text()})."
    if deadline.kind == "advised":
        line += " This is guidance, not a legal limit."
    return f"{line} {deadline.explanation} Source: {deadline.source}."


def deadlines_message(found: List[Deadline], link: Optional[str], said: str = "") -> str:
    """The reply: overdue ones first with what to do, then the rest, a possible exception, the day
    assumed for "the Monday after half term", the link."""
    lines = ["Here are the legal time limits for your child's case:"]
    lines += [deadline_line(d) for d in found[:MAX_LISTED]]
    late = first_late(found)
    if late:
        lines.append(f"What to do if it is late: {late.if_missed}")
        lines.append(OVERDUE_OFFER)
    likely = next((d.exception_likely for d in found if d.exception_likely), None)
    if likely:
        lines.append(likely)
    elif any(d.exceptions for d in found):
        lines.append("In a few cases the council does not have to meet these limits, for example a long "
                     "school closure or exceptional family circumstances (SEND Regulations 2014, "
                     "regulations 5(4), 10(4) and 13(3)).")
    assumed = assumed_half_term_note(said, today_in_england())
    if assumed:
        lines.append(assumed)
    if link:
        lines.append(f"Add these dates to your calendar: {link}")
    lines.append(NOT_ADVICE)
    return "\n".join(lines)


class ActionExplainDeadlines(Action):
    """Answers the deadline a parent asks about from their timeline, asks for the one date it needs,
    asks what happened on a date it cannot place, or lists every deadline the timeline gives."""

    def name(self) -> Text:
        return "action_explain_deadlines"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[Dict[Text, Any]]:
        """The answer; a question answered while the situation form waited ends that form (its question is
        not asked again and again)."""
        return await self._run(dispatcher, tracker, domain) + situation_form_ended(tracker)

    async def _run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        nations = other_nations_named(tracker)
        if nations:  # England's deadlines do not apply in Wales, Scotland or Northern Ireland
            signpost_other_nations(dispatcher, nations)
            return []
        answers = notes_answering((tracker.latest_message or {}).get("text") or "") if asks_for_a_person(tracker) else []
        if answers:
            # "Is there anyone who could come with me to the meeting on the 10th??": that answer only, before the consent
            # question; the meeting's day is no event to count from
            dispatcher.utter_message(text="\n".join([*answers, NOT_ADVICE]))
            return []
        timeline = timeline_from_tracker(tracker)
        known = timeline.known
        age = tracker.get_slot("child_age")
        age = age if isinstance(age, int) else None
        today = today_in_england()
        planned = still_to_send(timeline.latest_text or "", today, " ".join(recent_user_texts(tracker, most=CONVERSATION_TEXTS)[:-1]), known)
        if planned is not None and len(recent_user_texts(tracker)) == 1 and set(detect(timeline.latest_text or "")) - {"assessment_delay"}:
            return [FollowupAction(CONCERN_ACTION)]  # a first message with more in it: its concerns, the planned dates first
        if planned is not None:  # "ok im gonna email it on fri (4th), wen wud they have to answer by"
            # "anyway it has to be the preschool that applies": its answer too
            text = before_disclaimer(planned_request_reply(planned, today), notes_answering(timeline.latest_text or ""))
            dispatcher.utter_message(text=text, buttons=[person_button([])])
            return [SlotSet(TIMELINE_SLOT, timeline_slot_value(timeline))]
        previous = tracker.get_slot(ASKED_DEADLINE_SLOT)
        answered = _answered_a_question(tracker)
        target = target_for(timeline.latest_text, known, previous, today) if timeline.latest_text else None
        listing = asks_for_all_dates(timeline.latest_text or "") and (
            not timeline.added_now or corrects_dates(timeline.latest_text or "", today))  # "does that push everything back?"
        if listing:  # "what does all that mean in real dates? whats the last day for each thing": every date so far
            target, previous, answered = None, None, False
        # "the request went in on 2 July and the draft actually came on the 17th. Does that change things?":
        # several dates corrected, every deadline worked out again (one date corrected: the deadline asked before)
        # one date corrected that the deadline asked before does not count from ("she actually sent it on
        # the monday after half term not the 9th. so what date is it now?" after the draft's date was asked for)
        latest = max((e.said_at for e in timeline.events), default=None)
        corrected = {e.role for e in timeline.events if e.corrects and e.said_at == latest and e.happened}
        derived = not previous and len(corrected) == 1 and bool(NEXT_DEADLINE.get(next(iter(corrected))))
        if derived:  # the answer before came with the concerns (no deadline slot): the one the corrected event leads to
            previous = NEXT_DEADLINE[next(iter(corrected))]
        counted_from = set(NEEDS.get(previous or "", ())) | ({r for r, role in ROLES.items() if role.appealable}
                                                             if previous in ("tribunal_appeal", "mediation_contact") else set())
        elsewhere = bool(corrected) and not (previous and corrected & counted_from)
        correcting = bool(timeline.latest_text) and (timeline.added_now > 1 or elsewhere) \
            and corrects_dates(timeline.latest_text, today) and asked_target(timeline.latest_text) is None
        if correcting:
            target = None
        if target is None and derived and not correcting:
            target = previous  # "no sorry, the letter was dated the 12th": the deadline it changes
        added_roles = {e.role for e in timeline.events if e.said_at == latest and e.happened} if timeline.added_now else set()
        other_dates = bool(added_roles) and not added_roles & (counted_from | {tracker.get_slot(ASKED_EVENT_SLOT)})
        if target is None and answered and previous and not correcting and not other_dates:
            target = previous  # the parent gave the date (or the event) we asked for: answer what they asked
        if other_dates:  # "school sent the request 16th july, council agreed to assess 3rd sept": not the letter asked for
            answered = False
        if target == "tribunal_appeal" and about_transport(recent_user_texts(tracker)) \
                and not any(ROLES[role].appealable for role in known if role in ROLES):
            target = None  # "if they say no again at the review, is there a tribunal like for the EHCP?" about transport
        reply = answer(target, known, today, age) if target else None
        events: List[Dict[Text, Any]] = [SlotSet(TIMELINE_SLOT, timeline_slot_value(timeline)),
                                         SlotSet(ASKED_EVENT_SLOT, None), SlotSet(EVENT_QUESTION_SLOT, None),
                                         SlotSet(ASKED_DEADLINE_SLOT, target or previous)]
        asks_anew = bool(timeline.latest_text) and asked_target(timeline.latest_text) is not None  # "ok and when is the final plan due?"
        # a date the timeline took as an EHC step now ("it was Weds 18th Nov" after "her review was w/c 16th") is not
        # a transport letter's, unless the message itself is about transport
        outside_ehc = transport_dates_reply(recent_user_texts(tracker), today) if target is None and (
            not timeline.added_now or about_transport([timeline.latest_text or ""])) else None
        if outside_ehc is None and target is None:  # "when do the governors have to meet?" after a permanent exclusion
            outside_ehc = exclusion_dates_reply(recent_user_texts(tracker, most=CONVERSATION_TEXTS if listing else 3), known, today,
                                                asked=listing)
        if outside_ehc is None and reply is not None and reply.deadline is None and not asks_anew:
            # a date asked for another concern, but the parent dated a transport letter instead
            outside_ehc = transport_dates_reply(recent_user_texts(tracker), today, dated_only=True)
        if outside_ehc and (not timeline.unclear_now or outside_ehc == transport_dates_reply(recent_user_texts(tracker), today, dated_only=True)) \
                and (reply is None or reply.deadline is None):
            # "the stage 1 letter is dated the 20th ... which date do I count from?"; "the letter is dated 6th November but
            # it didn't come til the 10th" after a transport refusal: the transport letter's date, not "What happened on ...?"
            _sorry_first(dispatcher, tracker)  # "sorry im just so angry ... the governors meeting"
            notes = [n for n in reply_notes(timeline.latest_text or "") if n not in outside_ehc]
            outside_ehc = before_disclaimer(outside_ehc, notes)  # "should he go to the governors meeting or just me": its answer too
            dispatcher.utter_message(text=outside_ehc, buttons=[person_button([])])
            return events
        proposal = cease_proposal_lines(timeline.latest_text or "", today) if reply is None or reply.deadline is None else None
        if proposal:  # "it says 'proposing to cease' and 'send us your views by 4 December'": views first, no appeal yet
            dispatcher.utter_message(text="\n".join([*proposal, NOT_ADVICE]), buttons=[person_button([])])
            return events
        if answered and not asks_anew and not timeline.added_now and not timeline.unclear_now \
                and (reply is None or reply.deadline is None):
            notes = notes_answering(timeline.latest_text or "")  # "can they just say no?": its answer, not "That's fine"
            dispatcher.utter_message(text="\n".join([*notes, NOT_ADVICE]) if notes else NO_DATE_YET, buttons=[person_button([])])
            return events
        notes_first = notes_answering(timeline.latest_text or "") if timeline.unclear_now and (reply is None or reply.deadline is None) else []
        if notes_first:  # "who can help me fill in the parent views bit? ... a meeting on the 10th": the answer, not "What happened on ...?"
            _sorry_first(dispatcher, tracker)
            dispatcher.utter_message(text="\n".join([*notes_first, NOT_ADVICE]), buttons=[person_button([])])
            return events
        if timeline.unclear_now and (reply is None or reply.deadline is None):
            text, buttons = clarifying_question(timeline.unclear_now[0])
            dispatcher.utter_message(text=text, buttons=buttons)
            return events + [SlotSet(EVENT_QUESTION_SLOT, encode_question(timeline.unclear_now[0]))]
        follow_up_notes = reply_notes(timeline.latest_text or "") if target is not None and target == previous and not asks_anew \
            and not timeline.added_now and not listing and "?" in (timeline.latest_text or "") else []
        if follow_up_notes:  # "Should I still do the normal primary school application?": its answer, not the last date again
            _sorry_first(dispatcher, tracker)
            dispatcher.utter_message(text="\n".join([*follow_up_notes, NOT_ADVICE]), buttons=[person_button([])])
            return events
        also = [answer(t, known, today, age) for t in other_targets(timeline.latest_text, target)[:1]] \
            if reply is not None and timeline.latest_text else []
        if previous and target and target != previous and corrected & counted_from and not correcting:
            # "the letter was actually dated the 12th, does that change it? and is it bad they took over
            # 6 weeks?": the deadline asked before, from the corrected date, then the new question
            also = [reply] + [a for a in also if a.target != previous][:1]
            reply = answer(previous, known, today, age)
        if reply is not None and reply.deadline is None and any(a.deadline for a in also):
            reply, also = also[0], [reply]  # lead with the question that can be answered with a date
        conversation = " ".join(recent_user_texts(tracker, most=CONVERSATION_TEXTS))
        won = reply is not None and reply.target in ("tribunal_appeal", "mediation_contact") and order_made(conversation)
        made_after_winning = appeal_made_reply(reply.target, conversation, today) if won and reply is not None else None
        if made_after_winning:  # "the order has to go to the funding panel first... can the tribunal make them do it?": the order's days
            made_after_winning = before_disclaimer(made_after_winning, reply_notes(timeline.latest_text or ""))
            dispatcher.utter_message(text=made_after_winning, buttons=[person_button([])])
            return events
        if reply is not None and reply.deadline is not None:
            link = _calendar_link(timeline_key_dates(known, age, today))
            authority = next(tracker.get_latest_entity_values("local_authority"), None) or \
                tracker.get_slot("local_authority")
            invited = invite_line(timeline.latest_text or "", known, today) if reply.target == "review_notice" else None
            invited = invited or _not_for_the_tribunal(reply.target, tracker)
            came = arrival_lines(reply.target, known, " ".join(recent_user_texts(tracker, most=CONVERSATION_TEXTS)), today)
            extra = [*([invited] if invited else []), "\n".join(came), *deadline_notes(reply.target, timeline.latest_text or ""),
                     local_help(timeline.latest_text or "", authority)]
            text, asked_for = answers_text(reply, also, known, "\n\n".join(e for e in extra if e) or None,
                                           timeline.latest_text or "",
                                           " ".join(recent_user_texts(tracker, most=CONVERSATION_TEXTS)))
            settled = newly_settled(timeline, today, age, {reply.target, *(a.target for a in also)})
            if settled:  # "found it, sent 4/9 by email" after "is that late?": the verdict the date gives, first
                text = "\n".join(settled) + "\n\n" + text
            if link:
                text += f"\nAdd your dates to your calendar: {link}"
            dispatcher.utter_message(text=text, json_message={"calendar": link} if link else None,
                                     buttons=[person_button([reply.deadline] + [a.deadline for a in also if a.deadline])])
            if asked_for is not None and asked_for.missing_role in ROLES:
                events += [SlotSet(ASKED_EVENT_SLOT, asked_for.missing_role), SlotSet(ASKED_DEADLINE_SLOT, asked_for.target)]
            return events
        if reply is not None:
            said = timeline.latest_text or ""
            made = appeal_made_reply(reply.target, " ".join(recent_user_texts(tracker)) or said, today)
            if made:  # the appeal is in, or decided: no date to ask for
                made = before_disclaimer(made, reply_notes(said))  # "can norfolk use [the waiting list] as an excuse?"
                dispatcher.utter_message(text=made, buttons=[person_button([])])
                return events
            transfer = transfer_deadlines(school_year_from(tracker.get_slot("school_year"), said), said, today)
            notes = [n for n in [_not_for_the_tribunal(reply.target, tracker)] if n] + reply_notes(said)
            # "do I need the mediation thing if I just want to appeal?": its answer, then the date
            question = missing_date_question(reply, known, transfer)
            dispatcher.utter_message(text="\n".join([*notes, question]) if notes else question)
            if reply.missing_role in ROLES:
                events.append(SlotSet(ASKED_EVENT_SLOT, reply.missing_role))
            return events
        notes = notes_answering(timeline.latest_text or "") if target is None and not timeline.added_now else []
        if notes:  # "can my mum write the reply for me?": the answer to that, not the list of EHC time limits
            _sorry_first(dispatcher, tracker)  # "sorry im just so angry ... should he go to the governors meeting"
            dispatcher.utter_message(text="\n".join([*notes, NOT_ADVICE]), buttons=[person_button([])])
            return events
        key_dates = timeline_key_dates(known, age, today)
        found = timeline_deadlines(known, today, age)
        if not found:
            # "can you read all the dates back" after a permanent exclusion: its dates, not the EHC plan's time limits
            excluded = exclusion_dates_reply(recent_user_texts(tracker, most=CONVERSATION_TEXTS), known, today, asked=True)
            if excluded:
                dispatcher.utter_message(text=excluded, buttons=[person_button([])])
            elif timeline.latest_text and detect(timeline.latest_text):
                # "he cant go on the panto trip on 9th Dec 'because of his behaviour', is that allowed?": no EHC step
                # has a date here, so the concern the message raises is answered, not the EHC plan's time limits
                return events + [FollowupAction(CONCERN_ACTION)]
            else:
                dispatcher.utter_message(response="utter_deadline_overview")
            return events
        link = _calendar_link(key_dates)
        text = deadlines_message(found, link, timeline.latest_text or "")
        conversation = " ".join(recent_user_texts(tracker, most=CONVERSATION_TEXTS))
        came = [line for d in found for line in arrival_lines(d.rule_id, known, conversation, today)]
        text = before_disclaimer(text, came)  # "the letter says dated 24th nov but the email only came today": the 15 days from each
        moving = transfer_for_a_year_given(timeline.latest_text or "", recent_user_texts(tracker), known, today)
        if moving:  # "DD is YEAR 5 not 6 ... does that change the date??": the move's date first
            text = f"{moving}\n\n{text}"
        dispatcher.utter_message(
            text=text,
            json_message={"calendar": link} if link else None,
            buttons=[person_button(found)],
        )
        return events


_A_MOVE = re.compile(r"\b(?:secondary|college|sixth\s*form|6th\s*form|post[\s-]*16|which\s+school|next\s+school|transfer|move\s+up|moving\s+up)\b",
                     re.IGNORECASE)


def transfer_for_a_year_given(said: str, earlier: List[str], known: Any, today: Any) -> Optional[str]:
    """The date the plan must name the next school by, when the latest message gives (or corrects)
    the school year of a child with a plan in a conversation about the move."""
    year = school_year_in(said)
    everything = " ".join([*earlier, said])
    if year is None or not _A_MOVE.search(everything) or not has_plan(everything, known):
        return None
    found = transfer_deadlines(year, everything, today)
    return f"Your child is in Year {year}, so this is the date for the next move.\n{transfer_lines(found)}" if found else None


def answers_text(main: TargetAnswer, also: List[TargetAnswer], known: Any,
                 helpers: Optional[str] = None, said: str = "", conversation: str = "") -> Tuple[str, Optional[TargetAnswer]]:
    """The answer to a deadline question, then to the message's other deadline question: its date, or
    the one date still needed (returned, so the next message can give it), then who can help locally
    when the message asked. One disclaimer, at the end."""
    assert main.deadline is not None
    parts = [without_disclaimer(deadline_reply(main.deadline, known, said, conversation))]
    asked_for: Optional[TargetAnswer] = None
    for other in also:
        if other.deadline is not None:
            parts.append("You also asked: " + without_disclaimer(deadline_reply(other.deadline, known)))
        else:
            parts.append("You also asked: " + without_disclaimer(missing_date_question(other, known)))
            asked_for = other if other.missing_role in ROLES else None
    if helpers:
        parts.append(helpers)
    return "\n\n".join(parts) + "\n" + NOT_ADVICE, asked_for


def _calendar_link(key_dates: Any) -> Optional[str]:
    """A signed link to the family's deadlines as a calendar file, when links are configured."""
    secret = os.environ.get("LINK_SECRET", "")
    dates = key_dates.to_dict()
    if not secret or not dates:
        return None
    return calendar_link(os.environ.get("PUBLIC_URL", "http://localhost:8080"), secret, dates)


def _answered_a_question(tracker: Tracker) -> bool:
    """Whether the assistant's last turn asked for a date or about a date."""
    return bool(tracker.get_slot(ASKED_EVENT_SLOT) or tracker.get_slot(EVENT_QUESTION_SLOT))


def newly_settled(timeline: Timeline, today: date, age: Optional[int], answered: Collection[str]) -> List[str]:
    """Time limits the latest message's dates settle, for something that has already happened ("they sent
    a letter saying they're assessing dated 20/10. is that late?" then "found it, sent 4/9"): whether it
    came in time, and by how much it was late. Only those the message makes countable, not the one answered."""
    if not timeline.added_now or not timeline.events:
        return []
    latest = max(e.said_at for e in timeline.events)
    before = {d.rule_id for d in timeline_deadlines(current([e for e in timeline.events if e.said_at != latest]), today, age)}
    lines = []
    for found in timeline_deadlines(timeline.known, today, age):
        if found.rule_id in before or found.rule_id in answered or found.status != MET or found.met_on is None:
            continue
        late = (found.met_on - found.due).days
        verdict = "in time" if late <= 0 else f"{late} day{'s' if late != 1 else ''} late"
        lines.append(f"{found.title}: due by {long_date(found.due)}. It happened on {long_date(found.met_on)}, "
                     f"so it was {verdict} ({found.source}).")
    return lines
