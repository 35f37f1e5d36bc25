"""How a message with several concerns is answered: what was understood in one line, then each
concern in turn (the law, the date where one applies, the next step), at most three at a time."""
from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta
from typing import Dict, List, Mapping, Optional, Sequence, Tuple

from dateutil.relativedelta import relativedelta

from actions.deadline_replies import (ANY_SENTENCE, COUNTED_FROM, NOT_ADVICE, RING_THEN_EMAIL, cease_proposal_lines, counted_from_arrival, range_lines, status_sentence,
                                     transfer_lines, without_disclaimer)
from bot.escalation.reasons import BUTTON_REASONS, PRIORITY_RANK, priority_of
from knowledge.concerns import (MAX_IN_ONE_REPLY, Concern, asks_how_to_write, concerns, delays_in, has_plan, in_reply_order, in_reply_order_asked,
                                not_covered, reply_notes)
from knowledge.contacts import SERVICES, contact_line, directory_for, local_contacts
from knowledge.dates import days_away, long_date
from knowledge.deadline_questions import answer
from knowledge.event_notes import days_said, days_said_with_phrases
from components.date_rules import _WEEKDAY, WEEKDAY_INDEX
from knowledge.event_words import sentence_at
from knowledge.deadlines import DUE_TODAY, MET, OVERDUE, SHOULD_HAVE, UPCOMING, Deadline, add_working_days, timescales
from knowledge.ombudsman import OMBUDSMAN, ombudsman_lines
from knowledge.penalty_notices import payment_days
from knowledge.plan_transfer import transfer_line
from knowledge.tribunal_orders import MEDIATION_DONE, appeal_conceded, conceded_lines, order_lines, order_made
from knowledge.phase_transfer import TransferDeadline, school_leaving_date, school_year_in
from knowledge.school_days import add_school_days
from knowledge.suspensions import ASKS_WHEN_BACK, Suspensions, corrected_suspensions, due_back, suspensions_in
from knowledge.transport import (REVIEW_WORKING_DAYS, ReviewAnswer, about_transport, arrival_date, review_answer, review_limit,
                                 stage_one_answered, stage_two_by)
from knowledge.timeline import SaidEvent, at_the_latest, latest_decision, timeline_deadlines

# The event whose date gives a concern's time limit, in words ("the refusal letter").
LIMIT_EVENT: Dict[str, str] = {
    "final_plan": "your request for an assessment", "review_decision": "the review meeting",
    "tribunal_appeal": "the decision letter", "mediation_contact": "the decision letter",
    "draft_comments": "the draft plan", "discrimination_claim": "what the school did",
    "ombudsman_complaint": "your complaint", "amendment_comments": "the proposed changes",
    "assessment_decision": "your request for an assessment",
}


def _listed(labels: Sequence[str]) -> str:
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " and " + labels[-1]


# Said once, first, to a young person writing about themselves (knowledge/voice.py).
YOUNG_PERSON_RIGHTS = ("From the end of June in the school year you turn 16, you can make these decisions yourself. "
                       "You can ask for an assessment, say which college you want, and appeal. A parent or carer can "
                       "still help if you want. (Children and Families Act 2014, section 83(2).)")


def own_decisions_line(said: str, today: date) -> Optional[str]:
    """To a young person still of compulsory school age ("im 16 and in year 11"): the day their own
    rights begin, and that their views count before then."""
    leaving = school_leaving_date(school_year_in(said), today)
    if leaving is None or leaving <= today:
        return None
    return (f"For you, that day is {long_date(leaving)}. Until then, the law gives these decisions to your parent or "
            "carer. You can still give your own views, and the council must listen to them. You can reply together. "
            "(Children and Families Act 2014, section 19.)")


def said_to(young_person: bool, with_plan: bool = False) -> Dict[str, Concern]:
    """Every concern, as said to a parent or carer, or to a young person about themselves; for a
    child who already has an EHC plan where that changes what is said."""
    table = {key: c.for_child_with_plan() for key, c in concerns().items()} if with_plan else concerns()
    return {key: c.for_young_person() for key, c in table.items()} if young_person else table


def understood_line(found: Sequence[str], young_person: bool = False,
                    table: Optional[Mapping[str, Concern]] = None) -> str:
    """"Thank you for telling me all this. I understood: a part-time timetable and ..."."""
    table = table or said_to(young_person)
    labels = [table[c].label for c in in_reply_order(found)]
    return f"Thank you for telling me all this. I understood: {_listed(labels)}."


ENDED_BY = {"draft_comments": "final_plan", "mediation_contact": "mediation_certificate"}  # a window a later event closes


def window_closed(limit: Optional[str], known: Mapping[str, SaidEvent]) -> bool:
    """Whether the later event that closes the time limit's window has happened, with its date."""
    later = known.get(ENDED_BY.get(limit or "", ""))
    return later is not None and later.happened and bool(later.on)


def limit_for(concern: Concern, known: Mapping[str, SaidEvent], today: Optional[date] = None) -> Optional[str]:
    """The concern's time limit; changes proposed after a review are commented on like a draft, by
    their own date (SEND Regulations 2014, regulation 22(2)(c)); a delay shows the decision to assess
    when that is the step already late ("sent 14th july. no decision"), even counted from the last
    day of a month-only date ("sent in March")."""
    if concern.limit == "draft_comments" and "amendments_sent" in known and "draft_plan" not in known:
        return "amendment_comments"
    draft = known.get("draft_plan")
    if concern.limit == "tribunal_appeal" and draft is not None and draft.happened and "final_plan" not in known \
            and latest_decision(known) is None:
        # a draft plan, no decision yet: its comments (and the school asked for) come first, no appeal date
        return "draft_comments" if concern.id == "school_placement" else None
    changes = known.get("amendments_sent")
    amended = known.get("amended_plan")
    if concern.limit == "tribunal_appeal" and concern.id == "school_placement" and changes is not None and changes.happened \
            and (amended is None or not amended.happened):
        return "amendment_comments"  # proposed changes to the plan: the school is asked for in the comments on them
    if window_closed(concern.limit, known):
        return None  # the final plan (or the certificate) has come: that window is behind the family
    meeting = known.get("review_meeting")
    if concern.limit == "review_decision" and today is not None and meeting is not None and meeting.happened \
            and meeting.day is not None and meeting.day + relativedelta(years=1) <= today:
        return "annual_review"  # "his last annual review was 12/11/2025": the next review is the one now due
    if concern.limit == "review_decision" and "review_meeting" not in known and ("final_plan" in known or "amended_plan" in known):
        return "annual_review"  # no review held yet: the 12 months from the plan, not the decision after a meeting
    if concern.limit == "final_plan" and today is not None and any(
            d.rule_id == "assessment_decision" and d.status in (OVERDUE, SHOULD_HAVE)
            for d in timeline_deadlines(at_the_latest(known), today)):
        return "assessment_decision"
    if concern.limit == "final_plan" and today is not None and "request_sent" in known \
            and not any(role in known and known[role].happened
                        for role in ("assessment_agreed", "assessment_refused", "plan_refused", "draft_plan", "final_plan")) \
            and any(d.rule_id == "assessment_decision" and d.status in (UPCOMING, DUE_TODAY)
                    for d in timeline_deadlines(known, today)):
        return "assessment_decision"  # a request still within its 6 weeks: the decision is the next date
    return concern.limit


def limit_ahead(concern: Concern, known: Mapping[str, SaidEvent], today: date) -> bool:
    """Whether the concern's time limit, worked out from the family's dates, is still to come."""
    if not concern.limit or not concern.before_due or concern.id in delays_in(known, today):
        return False  # a step before it already late (the decision to assess) is not "ahead"
    found = answer(concern.limit, known, today).deadline
    return found is not None and found.status in (UPCOMING, DUE_TODAY)


def limit_met(concern: Concern, known: Mapping[str, SaidEvent], today: date) -> bool:
    """Whether the step the concern's time limit is for has happened, after its limit ("the final plan
    came today, at 31 weeks")."""
    if not concern.limit or not concern.once_met:
        return False
    if window_closed(concern.limit, known):
        return True  # "the final plan came today": the draft's comments are behind the family
    found = answer(concern.limit, known, today).deadline
    return found is not None and found.status == MET and found.met_on is not None and found.met_on > found.due


def as_things_stand(table: Mapping[str, Concern], known: Mapping[str, SaidEvent], today: date,
                    said: str = "") -> Dict[str, Concern]:
    """The concerns as said today: one whose limit is still ahead is not called late; one whose step
    has come is not chased; after mediation, nobody is sent back to the mediation adviser; after a
    Tribunal decision (`said` in the message), the order, not how to appeal."""
    table = {key: c.as_said(said) for key, c in table.items()} if said else table
    certificate = known.get("mediation_certificate")
    if certificate is not None and certificate.happened:
        table = {key: c.after_mediation() for key, c in table.items()}
    return {key: c.before_its_limit() if limit_ahead(c, known, today) else c.after_its_step() if limit_met(c, known, today)
            else c for key, c in table.items()}


def limit_line(concern: Concern, known: Mapping[str, SaidEvent], today: date, said: str = "") -> Optional[str]:
    """The concern's time limit worked out from the family's dates, or what date would give it; a date
    counted from the day a letter came (`said`) is given only "if" the letter bears that date."""
    if concern.id == "cease_plan" and "cease_notice" not in known:
        proposal = cease_proposal_lines(said, today)
        if proposal:  # "they are 'proposing to cease' ... reply with my views by 30th Nov": the views' day, no appeal yet
            return " ".join(proposal[1:])
    limit = limit_for(concern, known, today)
    if not limit:
        return None
    reply = answer(limit, known, today)
    found: Optional[Deadline] = reply.deadline
    if found is None:
        given = known.get(reply.missing_role or "")
        if given is not None and given.exact and given.happened:
            return None  # the date is known; a later step (a refusal, say) means this limit no longer applies
        if reply.between is not None and given is not None:
            rule = next(r for r in timescales()["rules"] if r["id"] == limit)
            if any(role in known and known[role].happened for role in rule.get("fulfilled_by") or ()):
                return None  # done already ("proposed amendments 12/10" after a review "in sept"): no day to ask for
            return range_lines(reply, given)
        event = LIMIT_EVENT.get(limit)
        return f"If you tell me the date of {event}, I can work out your exact deadline." if event else None
    if found.rule_id == OMBUDSMAN:
        return " ".join(ombudsman_lines(found, said, today, whole=False))
    rule = next(r for r in timescales()["rules"] if r["id"] == found.rule_id)
    start = COUNTED_FROM.get(str(rule["from"]), "the date you gave")
    line = (f"{found.title}: {long_date(found.due)}. I counted from {start} on {long_date(found.start)} "
            f"({found.source}). {status_sentence(found)}")
    if counted_from_arrival(found.rule_id, said):
        line = (f"{found.title}: {long_date(found.due)}, if the letter is dated the day it came, {long_date(found.start)} "
                f"({found.source}). If it is dated earlier, this date is earlier too.")
    on_time = found.status == MET and found.met_on is not None and found.met_on <= found.due
    return f"{line} {found.exception_likely}" if found.exception_likely and not on_time else line


_ABOUT_A_SCHOOL_ONLY = re.compile(r"\b(?:academy|academies|trust|mat|free\s+school|head\s*teacher|governors?|school'?s?\s+complaints?)\b",
                                  re.IGNORECASE)
_ABOUT_THE_COUNCIL = re.compile(r"\b(?:council|la|lea|local\s+authority|ehc\s*p|ehc\s+plan|send\s+team|case\s*worker|transport)\b",
                                re.IGNORECASE)


_SCHOOL_SIDE = re.compile(r"\b(?:academy|academies|trust|head\s*teacher|head|principal|school|senco|governors?|teachers?)\b",
                          re.IGNORECASE)


def complaint_to_a_school(known: Mapping[str, SaidEvent], said: str) -> bool:
    """Whether the sentence that dates the complaint names a school and not the council ("I complained
    to the head of the academy on 2 Nov"): no Ombudsman date from it, though the council comes up
    elsewhere in the message."""
    complaint = known.get("complaint_made")
    if complaint is None or not complaint.phrase:
        return False
    at = said.lower().find(complaint.phrase.lower())
    if at < 0:
        return False
    sentence = sentence_at(said, at)
    return bool(_SCHOOL_SIDE.search(sentence)) and not _ABOUT_THE_COUNCIL.search(sentence)


def concern_block(number: int, concern: Concern, known: Mapping[str, SaidEvent], today: date,
                  answered: Optional[str] = None, said: str = "",
                  transfer: Sequence[TransferDeadline] = (), earlier: str = "") -> str:
    """One concern: its name, the law with its source, the notes the message `said` calls for
    (fines, "when must they act?"), the date where one applies (unless the deadline `answered`
    above already gave it; a move to the next phase from the child's school year, `transfer`), the next step."""
    lines = [f"{number}. {concern.label[0].upper()}{concern.label[1:]}.",
             f"{concern.law} ({concern.source}.)", *concern.notes_for(said)]
    limit_id = limit_for(concern, known, today)
    limit = limit_line(concern, known, today, said) if limit_id != answered else None
    about = f"{earlier} {said}"
    if concern.limit == "ombudsman_complaint" and (_ABOUT_A_SCHOOL_ONLY.search(about) and not _ABOUT_THE_COUNCIL.search(about)
                                                  or complaint_to_a_school(known, about)):
        limit = None  # the Ombudsman does not look at what happens inside a school or academy
    limit = own_limit_line(concern, known, today, said, transfer) or limit
    if concern.id == "exclusion" and earlier:  # "does the governors 15 days start from when i got the letter?" later on
        limit = "\n".join(exclusion_date_lines([earlier, said], known, today)) or limit
    # "we sent our comments back on the 18th" in an earlier message is still so
    commented = comments_sent_line(limit_id, known, today, about) if limit and limit_id in COMMENT_LIMITS else None
    limit = commented or limit
    if limit:
        lines.append(limit)
    if concern.id == "annual_review_not_acted":
        lines += review_papers_lines(said, known, today)
    on_time = limit is not None and "so it was on time." in limit
    step = concern.step
    if on_time and concern.id == "assessment_delay":
        step = "nothing to chase on this time limit. If something else about it worries you, a person can help."
    elif concern.id == "assessment_delay" and limit_id == "assessment_decision" and limit and "That is in " in limit:
        step = DECISION_AHEAD_STEP
    elif commented:
        step = AFTER_COMMENTS_STEP
    if concern.id in EARLY_REVIEW_CONCERNS and "early review" not in step and has_plan(about, known):
        lines.append(EARLY_REVIEW_STEP)  # a note line: said under the first such concern only
    lines.append(f"Next step: {step}")
    return "\n".join(lines)


COMMENT_LIMITS = ("draft_comments", "amendment_comments")
# Where the plan is not working for a child who has one: an early review can change it (IPSEA, "Asking for an early review").
EARLY_REVIEW_CONCERNS = frozenset({"attendance_anxiety", "part_time_timetable", "out_of_school", "sent_home", "exclusion",
                                   "therapies_health", "school_placement"})
EARLY_REVIEW_STEP = "With an EHC plan in place, you can ask the council in writing for an early review of the plan."
DECISION_AHEAD_STEP = ("Nothing is late yet. Keep a note of the date above. If you hear nothing by then, write to the "
                       "council's SEND team and ask for its decision.")
_PAPERS = re.compile(r"\b(?:invit\w*|invite|reports?|papers|paperwork|advice)\b[^.!?]*\b(?:sent|emailed|came|got|received|arrived|had)\b"
                     r"|\b(?:sent|emailed|came|got|received|arrived|had)\b[^.!?]*\b(?:invit\w*|invite|reports?|papers|paperwork|advice)\b",
                     re.IGNORECASE)
_ASKS_IF_LATE = re.compile(r"\b(?:too\s+late|late|on\s+time|in\s+time|enough\s+notice)\b[^.!]*\?", re.IGNORECASE)
_ASKS_FOR_REPORT = re.compile(r"\b(?:paperwork|report|minutes|write[\s-]*up)\b[^.!]*\?|\bwhen\s+should\s+(?:i|we)\s+(?:have\s+)?(?:had|get|got)\b",
                              re.IGNORECASE)
REVIEW_NOTICE_DAYS = 14  # at least 2 weeks before the meeting (SEND Regulations 2014, regulation 20(3) and (4))


def review_papers_lines(said: str, known: Mapping[str, SaidEvent], today: date) -> List[str]:
    """For an annual review meeting held: whether the invitation and reports the family dated came
    at least 2 weeks before it, when they ask; and the report of the meeting's 2 weeks after it,
    when they ask when they should have had the paperwork."""
    meeting = known.get("review_meeting")
    if meeting is None or not meeting.exact or not meeting.happened or meeting.day is None or meeting.day > today:
        return []
    lines = []
    due = meeting.day - timedelta(days=REVIEW_NOTICE_DAYS)
    came = [day for day in days_said(said or "", today, _PAPERS, with_digits=True) if day < meeting.day]
    if came and _ASKS_IF_LATE.search(said or ""):
        late = (came[-1] - due).days
        verdict = f"that was {late} day{'s' if late != 1 else ''} late" if late > 0 else "that was in time"
        lines.append(f"The invitation and the reports had to come at least 2 weeks before the meeting on "
                     f"{long_date(meeting.day)}, so by {long_date(due)}. They came on {long_date(came[-1])}: {verdict} "
                     "(SEND Regulations 2014, regulation 20(3) and (4)).")
    if _ASKS_FOR_REPORT.search(said or ""):
        report = meeting.day + timedelta(days=REVIEW_NOTICE_DAYS)
        lines.append(f"The report of the review meeting had to be sent to you within 2 weeks of it, so by "
                     f"{long_date(report)}. " + ("If you have not had it, it is late. " if report < today else "")
                     + "(SEND Regulations 2014, regulation 20(7).)")
    return lines
AFTER_COMMENTS_STEP = ("Keep a copy of your comments. When the final plan comes, check each part. If it still leaves out "
                       "what your child needs, you can appeal to the SEND Tribunal. Contact a mediation adviser first.")
_COMMENTS_SENT = re.compile(r"\b(?:i|we|my\s+\w+)\s+(?:have\s+|had\s+|'ve\s+)?(?:already\s+)?(?:sent|send|emailed|e-mailed|returned|gave|submitted|put\s+in|replied|responded|wrote\s+back)"
                            r"(?:\s+\w+){0,4}\s+(?:comments?|views|response|reply|feedback|changes|back)\b"
                            r"|\b(?:i|we)\s+(?:have\s+|had\s+)?(?:already\s+)?(?:replied|responded|commented)\b", re.IGNORECASE)


def comments_sent_line(limit: str, known: Mapping[str, SaidEvent], today: date, said: str) -> Optional[str]:
    """When the parent says they sent their comments on a draft or on proposed changes ("i sent my
    comments back on the 23rd"): whether that was within the 15 days, not "that date has passed"."""
    if not _COMMENTS_SENT.search(said or ""):
        return None
    due = answer(limit, known, today).deadline
    if due is None:
        return None
    sent = days_said(said, today, _COMMENTS_SENT)
    if sent and sent[-1] <= due.due:
        return (f"You sent your comments on {long_date(sent[-1])}, within the 15 days, which ended on {long_date(due.due)} "
                f"({due.source}). The council must take them into account.")
    if sent:
        return (f"You sent your comments on {long_date(sent[-1])}. The 15 days ended on {long_date(due.due)} ({due.source}), "
                "but the council should still take them into account before the plan is final.")
    return (f"You told me you sent your comments. The 15 days ended on {long_date(due.due)} ({due.source}). "
            "If they went in by then, they were in time.")


def own_limit_line(concern: Concern, known: Mapping[str, SaidEvent], today: date, said: str,
                   transfer: Sequence[TransferDeadline]) -> Optional[str]:
    """A date a concern's time limit takes from outside the EHC timeline: the phase move from the
    child's school year, the transport review from the decision letter (school age only), the sixth
    day of a permanent exclusion."""
    if concern.id == "phase_transfer":
        return transfer_lines(transfer) if transfer else None
    if concern.id == "transport":
        return transport_review_line(said, today, post16="ea1996-s508b-1" not in concern.provisions)
    if concern.id == "exclusion":
        lines = [line for line in (sixth_day_line(said, known, today), review_panel_line(said, today) or
                                   governors_meeting_line(said, today)) if line] or suspension_lines(said, today)
        return "\n".join(lines) or None
    if concern.id == "attendance_anxiety":
        return penalty_payment_line(said, today) or fifteenth_day_line(said, known, today)
    if concern.id == "out_of_school":
        return fifteenth_day_line(said, known, today)
    if concern.id == "discrimination":
        return exclusion_claim_line(known, today)
    if concern.id == "appeal_tribunal":
        return order_lines(said, today) or conceded_lines(said, today, with_law=False)
    return None


_HEALTH = re.compile(r"\b(?:ill|illness|sick\w*|poorly|unwell|medical|health|fatigue|anxiety|anxious|ebsa|gp|doctor|camhs|hospital|"
                     r"surgery|operation|mental\s+health|not\s+fit)\b", re.IGNORECASE)
HEALTH_NEEDS_SCHOOL_DAYS = 15


def fifteenth_day_line(said: str, known: Mapping[str, SaidEvent], today: date) -> Optional[str]:
    """For a child off school for their health since a day the family gave: the 15th school day of
    that absence, by which the guidance expects the council to be arranging education."""
    since = known.get("out_of_school_since")
    if since is None or not since.exact or not since.happened or since.day is None or not _HEALTH.search(said or ""):
        return None
    fifteenth = add_working_days(since.day, HEALTH_NEEDS_SCHOOL_DAYS - 1)
    if fifteenth > today:
        return None  # still inside the first 15 days: the general point stands
    return (f"Counted from {long_date(since.day)}, when your child stopped going in, the 15th school day was "
            f"{long_date(fifteenth)}, if the school was open every weekday. By then the council should have been "
            "arranging education, so ask it now (DfE statutory guidance, Arranging education for children who "
            "cannot attend school because of health needs (December 2023)).")


def exclusion_claim_line(known: Mapping[str, SaidEvent], today: date) -> Optional[str]:
    """A discrimination claim about an exclusion the family dated, when no other act of the school's
    has a date: counted from the exclusion, and said so."""
    excluded, act = known.get("exclusion"), known.get("discrimination")
    if act is not None or excluded is None or not excluded.exact or not excluded.happened:
        return None
    found = answer("discrimination_claim", {**known, "discrimination": replace(excluded, role="discrimination")}, today).deadline
    if found is None:
        return None
    return (f"If the exclusion on {long_date(excluded.day)} is what you complain of, the claim must reach the Tribunal by "
            f"{long_date(found.due)} ({found.source}). {status_sentence(found)} An earlier act, such as a part-time "
            f"timetable, may have an earlier last day: tell me when it started.")


def penalty_payment_line(said: str, today: date) -> Optional[str]:
    """The last days to pay a penalty notice the message dates, or None."""
    found = payment_days(said, today)
    if found is None:
        return None
    return (f"If you decide to pay, it is £80 within 21 days of getting the notice, or £160 within 28 days. Counted from "
            f"the date on it ({long_date(found.notice)}), that is by {long_date(found.lower_by)} for £80 and by "
            f"{long_date(found.full_by)} for £160. If it reached you later, you have a little longer "
            f"(Education Act 1996, section 444A).")


_PERMANENT = re.compile(r"\b(?:perm(?:anent(?:ly)?)?\s+ex\w*|pex|expelled)\b", re.IGNORECASE)


_UPHELD = re.compile(r"(?<!\bif\s)(?<!\bif\sthey\s)(?<!\bif\sthe\sgovernors\s)\b(?:upheld|uphold\w*|backed|decided\s+not\s+to\s+reinstate"
                     r"|(?:would|will)\s*n[o']?t\s+reinstate|refused\s+to\s+reinstate)\b", re.IGNORECASE)  # not "if they uphold it"
_GOVERNORS_LETTER = re.compile(r"\b(?:letter|email|e-mail|wrote|written|notice|notified|told|heard)\b", re.IGNORECASE)
REVIEW_PANEL_SCHOOL_DAYS = 15


def review_panel_line(said: str, today: date) -> Optional[str]:
    """The last day to ask for an independent review panel: 15 school days after the governors'
    written notice that they upheld a permanent exclusion, when the message dates that notice.
    School days are not known here, so the count takes weekdays that are not bank holidays."""
    if not _PERMANENT.search(said or "") or not _UPHELD.search(said or ""):
        return None
    told = sorted({day for day in days_said(said, today, ANY_SENTENCE, _GOVERNORS_LETTER, with_digits=True)  # "I got their letter by email on Monday 23rd"
                   if day <= today})
    if not told:
        return None
    notice = told[-1]
    last = add_working_days(notice, REVIEW_PANEL_SCHOOL_DAYS)
    when = days_away(last, today, "that day has passed; a late request can still be made, so ask now")
    return (f"Counting 15 school days from the governors' letter on {long_date(notice)}, the last day to ask for an "
            f"independent review panel is {long_date(last)} ({when}), if the school was open every weekday. School "
            f"holidays move it later (School Discipline (Pupil Exclusions and Reviews) (England) Regulations 2012, "
            f"Schedule 1, paragraph 2(1)).")


_IF_UPHELD = re.compile(r"\bif\s+(?:they|the\s+governors?|the\s+panel|governors?)\s+(?:uphold|back|agree\s+with)\s+(?:it|the\s+exclusion|him|her)?\s*"
                        r"(?:at\s+the\s+meeting\s+)?(?:on\s+)?(?:the\s+)?$", re.IGNORECASE)


def panel_if_upheld_line(said: str, today: date) -> Optional[str]:
    """"If they uphold it on the 8th how long do I get to go to the independent review panel?": the day it
    would be, counted in usual school days from that day, said as an estimate."""
    days = [day if day >= today or re.search(r"[a-z]{3}", phrase.replace("the ", "").lower().rstrip("stndrh"))
            else day + relativedelta(months=1)  # "if they uphold it on the 8th", said on the 29th: next month's 8th
            for day, phrase in days_said_with_phrases(said, today, ANY_SENTENCE, _IF_UPHELD)]
    days = [day for day in days if day >= today]
    return _panel_estimate(days[0], "on") if len(days) == 1 else None


def panel_after_set_meeting(said: str, today: date) -> Optional[str]:
    """"If they uphold it when do I have to ask for the review panel", the governors' meeting set for a day
    the conversation gave: the panel's last day if they decide then, as an estimate."""
    set_for = sorted({day for day in days_said(said, today, _GOVERNORS_MEETING, with_digits=True) if day >= today})
    return _panel_estimate(set_for[0], "at the meeting on") if len(set_for) == 1 else None


def _panel_estimate(decided: date, when: str) -> Optional[str]:
    """The review panel's last day if the governors uphold the exclusion on `decided` and say so that day."""
    counted = school_days_estimate(decided, REVIEW_PANEL_SCHOOL_DAYS)
    if counted is None:
        return None
    last, skipping = counted
    return (f"If the governors uphold it {when} {long_date(decided)} and tell you in writing that day, the last day to ask "
            f"for an independent review panel would be about {long_date(last)}: 15 school days{skipping}. It counts from "
            "the day their letter reaches you, and your school's term dates can move it (School Discipline (Pupil "
            "Exclusions and Reviews) (England) Regulations 2012, Schedule 1, paragraph 2(1)).")


_EXCLUSION_SENTENCE = re.compile(r"\b(?:exclu\w+|not\s+to\s+(?:go|come)\s+back|not\s+(?:to\s+)?return)", re.IGNORECASE)
_FROM_DAY = re.compile(r"\b(?:from|starting|starts|start|effective|as\s+of)\s+(?:on\s+)?(?:the\s+)?(?:\w+\s+)?$", re.IGNORECASE)
GOVERNORS_SCHOOL_DAYS = 15
# the school's letter, or its call just before the date ("HT rang me yesterday (Fri 27th)"): one reading of the message
_SCHOOL_TOLD = re.compile(rf"{_GOVERNORS_LETTER.pattern}|\b(?:rang|called|phoned|emailed)\b[^.]{{0,30}}$", re.IGNORECASE)


_ACADEMY = re.compile(r"\b(?:academy|academies|free\s+school|trust|mat)\b", re.IGNORECASE)


MEETING_ON_REQUEST_DAYS = 5  # more than 5 school days of suspension in a term: the governors meet if the parent asks
MEETING_ON_REQUEST_WITHIN = 50  # school days from being told


def meeting_on_request_line(found: Suspensions, said: str, today: date) -> str:
    """More than 5 but not more than 15 school days of suspension in a term: the governors must meet if
    the parent asks, within 50 school days; the day, counted over the usual school holidays, when the
    school's letter is dated."""
    added = f" ({' + '.join(str(n) for n in found.lengths)})" if found.counted_out else ""
    line = (f"The suspensions you told me about add up to {found.total} school days{added}. That is more than 5 in a "
            "term, so you can ask the governors to meet and look at them again. If you ask, they must meet within "
            f"{MEETING_ON_REQUEST_WITHIN} school days of being told of the suspension ({governors_regulation(said)}).")
    counted = school_days_estimate(found.latest_told, MEETING_ON_REQUEST_WITHIN) if found.latest_told else None
    if counted is not None:
        last, skipping = counted
        line += (f" Counted from the school's letter on {long_date(found.latest_told)}, that is about {long_date(last)}"
                 f"{skipping}. Your school's own term dates and training days can move it: ask the school for the date in writing.")
    return line


def school_days_estimate(start: date, count: int) -> Optional[Tuple[date, str]]:
    """The `count`th usual school day after `start`, and the words naming the holidays skipped on the way
    (", skipping the usual Christmas holidays (21 Dec to 1 Jan)"); None past the holidays known."""
    counted = add_school_days(start, count)
    if counted is None:
        return None
    last, skipped = counted
    holidays = " and ".join(f"{h.name} ({h.starts.day} {h.starts:%b} to {h.ends.day} {h.ends:%b})" for h in skipped)
    return last, f", skipping the usual {holidays}" if holidays else ""


def governors_regulation(said: str) -> str:
    """The regulation for the governors' meeting: 6 for a maintained school, 24 for an academy
    (where the academy trust, or its governors, decides), both when the message does not say."""
    where = "regulation 24, for academies" if _ACADEMY.search(said or "") else "regulation 6; regulation 24 for academies"
    return f"School Discipline (Pupil Exclusions and Reviews) (England) Regulations 2012, {where}"


def governors_meeting_line(said: str, today: date) -> Optional[str]:
    """For a permanent exclusion the governors have not met about yet: they must meet within 15 school
    days of being told of it, counted here from the school's dated letter or call to the family."""
    if not _PERMANENT.search(said or "") or _UPHELD.search(said or ""):
        return None
    told = sorted({day for day in days_said(said, today, _PERMANENT_OR_EXCLUSION, _SCHOOL_TOLD, with_digits=True) if day <= today})
    # "permanently excluded on Tuesday 10th Nov": the head must tell the governors without delay; the earlier
    # of that day and the letter's ("excluded thurs 19th (letter by email that evening, exclusion from fri 20th)")
    decided = sorted({day for day in days_said(said, today, _PERMANENT, with_digits=True) if day <= today})
    counted_from = "the school's letter"
    if decided and (not told or decided[0] < told[0]):
        told, counted_from = decided, "the exclusion"
    if not told:
        return None
    last = add_working_days(told[0], GOVERNORS_SCHOOL_DAYS)
    line = (f"The governors must meet to decide whether to take your child back within 15 school days of the head "
            f"teacher telling them. Counted from {counted_from} on {long_date(told[0])}, that is by "
            f"{long_date(last)} ({days_away(last, today, 'that day has passed: ask the school for the date in writing')}), "
            f"if the school is open every weekday. You can send your views in writing and go to the meeting "
            f"({governors_regulation(said)}).")
    set_for = [day for day in days_said(said, today, _GOVERNORS_MEETING, with_digits=True) if day > last]
    if set_for:  # "The governors meeting has been set for 8th Dec. Is that even allowed?"
        line += (f" A meeting on {long_date(set_for[0])} would be after that. Ask the clerk to the governors in writing "
                 "why it is later, and whether it can be sooner.")
    return line


_GOVERNORS_MEETING = re.compile(r"\b(?:governors?|governing\s+(?:body|board)|clerk)\b[^.!?]*\b(?:meeting|meet|hearing|panel)\b"
                                r"|\b(?:meeting|hearing)\b[^.!?]*\bgovernors?\b", re.IGNORECASE)


_PERMANENT_OR_EXCLUSION = re.compile(rf"{_PERMANENT.pattern}|{_EXCLUSION_SENTENCE.pattern}", re.IGNORECASE)
_FROM_WEEKDAY = re.compile(rf"\b(?:from|starting|as\s+of|back\s+(?:on|from))\s+(?:this\s+|next\s+)?({_WEEKDAY})\b(?!\s+(?:the\s+)?\d)",
                           re.IGNORECASE)


def _weekday_after(said: str, letter_day: date) -> Optional[date]:
    """The first day of an exclusion told by a weekday after the school's dated letter or call
    ("letter dated 26/11 saying he's not to go back from Friday": Friday 27 November)."""
    for sentence in re.split(r"(?<=[.!?])\s+", said or ""):
        found = _FROM_WEEKDAY.search(sentence) if _EXCLUSION_SENTENCE.search(sentence) else None
        if found:
            wanted = WEEKDAY_INDEX[found.group(1)[:3].lower()]
            return letter_day + timedelta(days=(wanted - letter_day.weekday() - 1) % 7 + 1)
    return None


_ASKS_ABOUT_EXCLUSION = re.compile(r"\b(?:governors?|review\s+panel|independent\s+(?:appeal\s+)?panel|irp|reinstat\w*|sixth\s+day|6th\s+day|exclu\w*)\b", re.IGNORECASE)
_ASKS_ABOUT_PANEL = re.compile(r"\b(?:review\s+panel|independent\s+(?:appeal\s+)?panel|irp)\b", re.IGNORECASE)
_SUSPENDED = re.compile(r"\b(?:suspen\w*|fixed[\s-]+term)", re.IGNORECASE)
NO_PANEL_FOR_SUSPENSION = ("No. An independent review panel is only for a permanent exclusion. After a suspension, the governors' "
                           "decision is the last step. If you think the suspensions happened because of your child's disability, "
                           "you can claim disability discrimination at the SEND Tribunal within 6 months of what happened (DfE "
                           "guidance on suspensions and permanent exclusions; Equality Act 2010, Schedule 17, paragraph 4(1)).")
PANEL_NOT_YET = ("The 15 school days to ask for an independent review panel count from the day the governors tell you "
                 "in writing that they will not take your child back. So there is no date for that yet (School Discipline "
                 "(Pupil Exclusions and Reviews) (England) Regulations 2012, Schedule 1, paragraph 2(1)).")


def exclusion_date_lines(texts: Sequence[str], known: Mapping[str, SaidEvent], today: date, asked: bool = False) -> List[str]:
    """For a time-limit question about a permanent exclusion (or, `asked`, any question for dates in a
    conversation about one): the sixth school day, the governors' meeting and the review panel, from
    the dates the conversation gave; empty when none applies."""
    if not texts or not (asked or _ASKS_ABOUT_EXCLUSION.search(texts[-1] or "")):
        return []
    said = " ".join(texts)
    if not _PERMANENT.search(said):
        # "What's 50 school days in real dates?" after suspensions were counted out: their dates again
        counted = [(index, text, found) for index, text in enumerate(texts)
                   if (found := suspensions_in(text or "", today)) is not None]
        # "and if they uphold it can I go to that independent panel thing?" after suspensions only: no
        no_panel = [NO_PANEL_FOR_SUSPENSION] if (counted or _SUSPENDED.search(said)) and _ASKS_ABOUT_PANEL.search(texts[-1] or "") else []
        if not asked or not counted:
            return no_panel
        # the message that counted them out, not a later "the first was only 1 day"
        index, text, found = max(counted, key=lambda item: (item[2].total, item[0]))
        for later in texts[index + 1:]:
            found = corrected_suspensions(found, later or "")
        later = " ".join(t or "" for t in texts[index + 1:])  # "sorry I read it wrong, it says from WEDNESDAY 2nd"
        return no_panel + suspension_lines(text, today, found, later)
    panel = review_panel_line(texts[-1] or "", today)  # the governors' decision and its date, in the message itself
    lines = [line for line in (sixth_day_line(said, known, today), panel or governors_meeting_line(said, today)) if line]
    if not panel and _ASKS_ABOUT_PANEL.search(texts[-1] or ""):
        lines.append(panel_if_upheld_line(texts[-1] or "", today) or panel_after_set_meeting(said, today) or PANEL_NOT_YET)
    return lines + ["These count school days only. Check the school's term dates, as closure days move them later."] if lines else []


def exclusion_dates_reply(texts: Sequence[str], known: Mapping[str, SaidEvent], today: date, asked: bool = False) -> Optional[str]:
    """The exclusion's dates (no EHC deadline fits) as a whole reply, or None."""
    lines = exclusion_date_lines(texts, known, today, asked)
    return "\n".join([*lines, NOT_ADVICE]) if lines else None


def sixth_day_line(said: str, known: Mapping[str, SaidEvent], today: date) -> Optional[str]:
    """The sixth school day of a permanent exclusion whose first day the family gave, when the
    council's duty to arrange full-time education begins. School days are not known here, so the
    count takes every weekday that is not a bank holiday, and says so."""
    excluded = known.get("exclusion")
    starts = [day for day, phrase in days_said_with_phrases(said or "", today, _EXCLUSION_SENTENCE, _FROM_DAY)
              if re.search(r"\d|" + _WEEKDAY, phrase, re.IGNORECASE)]  # "from Friday", "starting Tues 1st Dec"; not "from yesterday"
    first = starts[0] if starts and _PERMANENT.search(said or "") else None  # "PERMANENTLY excluded, starting Tues 1st Dec"
    if first is None and (not _PERMANENT.search(said or "") or excluded is None or not excluded.exact or not excluded.happened
                          or excluded.day is None or excluded.day > today):
        return None
    first = first or _weekday_after(said, excluded.day) or excluded.day
    sixth = add_working_days(first, 5)
    when = days_away(sixth, today, "that day has passed, so the council should be arranging it now")
    if first > today:
        return (f"If the exclusion starts on {long_date(first)} and the school is open every weekday, the sixth school "
                f"day is {long_date(sixth)}: from then the council must arrange full-time education (Education "
                f"(Provision of Full-Time Education for Excluded Pupils) (England) Regulations 2007).")
    return (f"If {long_date(first)} was the first day of the exclusion and the school was open every weekday "
            f"since, the sixth school day is {long_date(sixth)} ({when}). School holidays and closure days move it "
            f"later (Education (Provision of Full-Time Education for Excluded Pupils) (England) Regulations 2007).")


def suspension_lines(said: str, today: date, found: Optional[Suspensions] = None, later: str = "") -> List[str]:
    """For suspensions the message counts out (or `found`, counted and corrected over the conversation): the
    sixth school day of the latest one, and the governors' meeting once they add up to more than 15 school
    days in the term (more than 5, if the parent asks)."""
    if found is None:
        found = suspensions_in(said or "", today) if not _PERMANENT.search(said or "") else None
    back = due_back_line(f"{said}\n{later}" if later else said, today)
    if found is None:
        return [back] if back else []
    lines = [back] if back else []
    sixth = found.sixth_day()
    if sixth is not None:
        lines.append(f"The sixth school day of the latest suspension is {long_date(sixth)} "
                     f"({days_away(sixth, today, 'that day has passed')}), if the school is open every weekday. From "
                     "that day the school must arrange suitable full-time education, not just work online "
                     "(Education (Provision of Full-Time Education for Excluded Pupils) (England) Regulations 2007).")
    if found.total > GOVERNORS_SCHOOL_DAYS and len(found.lengths) > 1:
        added = " + ".join(str(n) for n in found.lengths)
        lines.append(f"The suspensions you told me about add up to {found.total} school days ({added}). That is more "
                     "than 15 in a term, so the governors must meet to decide whether your child should go back.")
    elif found.total > GOVERNORS_SCHOOL_DAYS:
        lines.append(f"A suspension of {found.total} school days is more than 15 in a term, so the governors must meet "
                     "to decide whether your child should go back.")
    elif found.total > MEETING_ON_REQUEST_DAYS:
        lines.append(meeting_on_request_line(found, said, today))
    by = found.governors_by()
    if by is not None:
        lines.append(f"They must meet within 15 school days of being told. Counted from the school's letter on "
                     f"{long_date(found.latest_told)}, that is by {long_date(by)} "
                     f"({days_away(by, today, 'that day has passed: ask the school for the date in writing')}), if the "
                     "school is open every weekday. You can send your views and go to the meeting "
                     f"({governors_regulation(said)}).")
    return lines


def due_back_line(said: str, today: date) -> Optional[str]:
    """Asked "when is he due back?": the first school day after the latest dated suspension, both
    readings when the message does not say whether it began the day the pupil was suspended."""
    if not ASKS_WHEN_BACK.search(said or "") or _PERMANENT.search(said or ""):
        return None
    found = due_back(said, today)
    if found is None:
        return ("Your child is due back on the first school day after the suspension ends. The school's letter "
                "must give the dates. If it does not, ask the school in writing (DfE guidance on suspensions and "
                "permanent exclusions).")
    days = f"{found.length} school day{'s' if found.length != 1 else ''}"
    line = f"If the {days} began on {long_date(found.began)}, your child is due back on {long_date(found.back)}."
    if found.back_if_next_day is not None and found.next_day is not None:
        line += (f" If they began the next school day, {long_date(found.next_day)}, your child is due back on "
                 f"{long_date(found.back_if_next_day)}.")
    return (line + " Closure days move it. The school's letter must give the dates: check it, "
            "or ask the school in writing (DfE guidance on suspensions and permanent exclusions).")


TRANSPORT_GUIDANCE = "DfE statutory guidance, Travel to school for children of compulsory school age, review and appeals"
POST16_HEDGE = ("After 16, each council sets its own review process in its post-16 transport policy statement. Most use "
                "the same two stages as for school-age children. Check the statement for its time limits.")


def transport_review_line(said: str, today: date, post16: bool = False) -> Optional[str]:
    """The last day to ask for a review of the transport decision the message dates, and when the
    council should answer a review already asked for; after 16, said to depend on the council's own
    policy statement. None when the message dates neither."""
    found, asked = review_limit(said, today), review_answer(said, today)
    if stage_one_answered(said):  # "I asked for a review on 2/11 and got the stage 1 letter upholding it"
        return stage_two_line(said, today, post16)
    lines = [POST16_HEDGE] if post16 and (found or asked) else []
    if found is not None and asked is None:
        when = days_away(found.last_day, today, "that date has passed: ask anyway, and say why it is late")
        lines.append(f"Ask for a review by {long_date(found.last_day)} ({when}): 20 working days from the decision letter "
                     f"of {long_date(found.decision)}. I counted from the letter's date, to be safe ({TRANSPORT_GUIDANCE}).")
        arrived = arrival_date(said, today, found.decision)
        if arrived is not None:  # "letter dated 5th nov, got it 9th. ... from when??"
            later = add_working_days(arrived, REVIEW_WORKING_DAYS)
            lines.append(f"The 20 working days run from when you got the decision. Counted from the day it came, "
                         f"{long_date(arrived)}, the last day is {long_date(later)}. If you can, send it by the earlier date.")
    if asked is not None:
        lines.append(review_answer_line(asked, today))
    return "\n".join(lines) or None


def stage_two_line(said: str, today: date, post16: bool) -> str:
    """After the council's stage 1 answer: the last day to ask for the independent appeal panel."""
    found = stage_two_by(said, today)
    hedge = f"{POST16_HEDGE}\n" if post16 else ""
    if found is None:
        return (f"{hedge}You can ask for stage 2, an independent appeal panel, within 20 working days of the stage 1 "
                f"letter. If you tell me the date on that letter, I can work out the day ({TRANSPORT_GUIDANCE}).")
    when = days_away(found.last_day, today, "that date has passed: ask anyway, and say why it is late")
    return (f"{hedge}Ask for stage 2, an independent appeal panel, by {long_date(found.last_day)} ({when}): 20 working "
            f"days from the stage 1 letter of {long_date(found.decision)}. I counted from the letter's date, not the "
            f"day it arrived, to be safe ({TRANSPORT_GUIDANCE}).")


def review_answer_line(asked: ReviewAnswer, today: date) -> str:
    """When a senior officer should answer the review the family asked for, and what comes after."""
    when = days_away(asked.answer_by, today, "that day has passed")
    sent = (f"You asked for a review on {long_date(asked.asked)}." if asked.asked <= today
            else f"If you send the review request on {long_date(asked.asked)}:")
    return (f"{sent} A senior officer should send you a written answer "
            f"within 20 working days of getting it: by {long_date(asked.answer_by)} ({when}), counted from the day you "
            f"sent it. If the answer is still no, you can ask for stage 2, an independent appeal panel, within 20 working "
            f"days of that answer ({TRANSPORT_GUIDANCE}).")


def transport_dates_reply(texts: Sequence[str], today: date, dated_only: bool = False) -> Optional[str]:
    """For a time-limit question in a conversation about school or college transport (no EHC
    deadline fits): the review dates its messages give, or (unless `dated_only`) how the review works."""
    if not about_transport(texts):
        return None
    said = " ".join(texts)
    post16 = bool(_POST16.search(said))
    line = transport_review_line(said, today, post16)
    if line is None and dated_only:
        return None
    if line is None:
        line = ((POST16_HEDGE + " ") if post16 else "") + (
            "You can ask the council to review a transport decision within 20 working days of it. A senior officer "
            "should answer in writing within 20 working days. After that, you can ask for an independent appeal panel "
            f"({TRANSPORT_GUIDANCE}). If you tell me the date of the decision letter, I can work out the day.")
    if _TRIBUNAL.search(texts[-1] or ""):  # "is there a tribunal like for the EHCP?"
        line = f"{NO_TRANSPORT_TRIBUNAL}\n{line}"
    return f"{line}\n{NOT_ADVICE}"


_TRIBUNAL = re.compile(r"\b(?:tribunal|sendist|first[\s-]+tier)\b", re.IGNORECASE)
NO_TRANSPORT_TRIBUNAL = ("There is no SEND Tribunal appeal for school transport. If the review still says no, stage 2 is an "
                         "independent appeal panel. After that, you can complain to the Local Government and Social Care "
                         f"Ombudsman, or a solicitor can look at a judicial review ({TRANSPORT_GUIDANCE}).")
_POST16 = re.compile(r"\b(?:(?:is|'s|s|aged|age|turned|turns|now)\s+1[6-9]\b|1[6-9]\s*(?:yo|years?\s+old|yrs?)\b|college|sixth[\s-]*form|6th\s+form|post[\s-]*16|year\s*1[23]|yr\s*1[23])\b", re.IGNORECASE)


_ASKS_WHO_HELPS = re.compile(
    r"\bwho\s+(?:else\s+)?(?:can|could|would|should|will)\s+(?:help|advise|support|i\s+(?:talk|speak|turn|contact|ring|call|go))"
    r"|\bwho\s+(?:do|should|can)\s+i\s+(?:contact|call|ring|speak|talk|turn|go|ask)"
    r"|\b(?:any(?:one|body)|someone|somebody)\s+(?:local|near\s+me|nearby|who\s+can\s+help|to\s+help)"
    r"|\b(?:help|support|advice)\s+(?:near\s+me|locally|nearby)|\blocal\s+(?:help|support|advice|services?)"
    r"|\bwho\s+to\b|\b(?:complain|write|go|turn|speak|talk)\s+to\s+who(?:m)?\b|\bwho\s+(?:do|should|can)\s+i\s+(?:complain|write)\s+to\b"
    r"|\bsendiass\b|\bias[sk]?\b|\bparent\s+carer\s+forum\b", re.IGNORECASE)
LOCAL_HELP = ("sendiass", "parent_carer_forum")  # free advice, and local parents who know the council


def local_help(said: str, authority: Optional[str]) -> Optional[str]:
    """When the message asks who can help and names (or we know) the council: its SENDIASS and
    parent carer forum, each checked contact with its date, or where to find it."""
    if not said or not _ASKS_WHO_HELPS.search(said):
        return None
    contacts = local_contacts(authority) if authority and authority != "unknown" else None
    if contacts is None:
        return "If you tell me your council, I can give you the local services who can help."
    lines = []
    for service in LOCAL_HELP:
        description = SERVICES[service][0]
        if service in contacts.known:
            contact = contacts.known[service]
            line = contact_line(description, contact)
            if not contact.phone and not contact.url:  # a name alone: say where to find the rest
                line += f" Find their details here: {directory_for(service).url}"
            lines.append(line)
        else:
            lines.append(f"• {description}: I do not have a checked contact for {contacts.authority.name} yet. "
                         f"Find yours here: {directory_for(service).url}")
    return f"Who can help in {contacts.authority.name}:\n" + "\n".join(lines)


GO_ON = {"title": "Yes, go on", "payload": "/affirm"}
GO_ON_QUESTION = "Shall I go on to {}?"


def that_or_those(later: Sequence[str]) -> str:
    """"that" for one concern left for later, "those" for more."""
    return "that" if len(later) == 1 else "those"


def later_offer(found: Sequence[str], young_person: bool = False) -> str:
    """After the crisis contacts: the other things the message raised, for when the parent is ready."""
    labels = [said_to(young_person)[c].label for c in in_reply_order(found)]
    return (f"When you are ready, I can also go through the other things you told me about: {_listed(labels)}. "
            f"Shall I go on to {'that' if len(labels) == 1 else 'those'}?")


def _each_note_once(blocks: List[str]) -> List[str]:
    """A note two concerns share (reasonable adjustments, say) is said in the first of them only."""
    said_before: set = set()
    kept = []
    for block in blocks:
        lines = block.split("\n")
        own = [line for line in lines[2:-1] if line in said_before]
        said_before.update(lines[2:-1])
        kept.append("\n".join(line for line in lines if line not in own))
    return kept


def concerns_reply(found: Sequence[str], known: Mapping[str, SaidEvent], today: date,
                   first: bool = True, answered: Optional[str] = None,
                   young_person: bool = False, with_plan: bool = False, said: str = "",
                   authority: Optional[str] = None,
                   transfer: Sequence[TransferDeadline] = (), earlier: str = "",
                   most: int = MAX_IN_ONE_REPLY) -> Tuple[str, List[str]]:
    """The reply (what was understood, when `first`; up to `most` concerns, three unless the channel
    is SMS; the offer to go on) and the concerns left for the next reply. To a young person writing
    about themselves, "you" and their own rights. `earlier`: the family's earlier messages, for what
    the latest leaves unsaid (an academy named before)."""
    found, settled = after_the_order(found, said)
    table = as_things_stand(said_to(young_person, with_plan), known, today, said)
    found = not_covered(found, said)
    ordered = in_reply_order_asked(found, said, most) if first else in_reply_order(found)
    if not ordered:
        return f"Thank you for telling me. What would help most right now?\n\n{NOT_ADVICE}", []
    now, later = ordered[:most], ordered[most:]
    parts = [understood_line(ordered, young_person, table)] if first else []
    if first and young_person:
        parts.append(YOUNG_PERSON_RIGHTS)
        own = own_decisions_line(said, today)
        if own:
            parts.append(own)
    transfer = transfer if with_plan else ()  # the phase transfer dates are for a plan that exists (regulation 18)
    blocks = [concern_block(n, table[c], known, today, answered, said, transfer, earlier) for n, c in enumerate(now, 1)]
    parts += _each_note_once(blocks)
    if "mediation" in settled:
        parts.append(MEDIATION_DONE)
    if first:
        parts += reply_notes(said)
        moved = transfer_line(said, today)  # a move between councils, dated: when the plan had to be passed on
        if moved:
            parts.append(moved)
    helpers = local_help(said, authority) if first else None
    if helpers:
        parts.append(helpers)
    if later:
        parts.append(f"You also mentioned {_listed([table[c].label for c in later])}. "
                     + GO_ON_QUESTION.format(that_or_those(later)))
    parts.append(NOT_ADVICE)
    return "\n\n".join(parts), later


DECIDED_BY_ORDER = ("mediation", "school_placement", "refused_assessment")  # steps before an appeal, what the order names or the council gave up


def after_the_order(found: Sequence[str], said: str) -> Tuple[List[str], List[str]]:
    """After the Tribunal decided for the family: the order in place of the steps that led to it
    (mediation, the school asked for), and those steps; otherwise the concerns unchanged."""
    if not order_made(said) and not appeal_conceded(said):
        return list(found), []
    kept = [c for c in found if c not in DECIDED_BY_ORDER]
    return (kept if "appeal_tribunal" in kept else ["appeal_tribunal"] + kept), [c for c in found if c in DECIDED_BY_ORDER]


def short_reply(key: str, known: Mapping[str, SaidEvent], today: date, young_person: bool = False,
                with_plan: bool = False, said: str = "", earlier: str = "") -> str:
    """A short message about one urgent thing gets a short answer: the law (and the notes the
    message calls for), the date where one applies (an exclusion's from the whole conversation, `earlier`),
    the next step."""
    concern = as_things_stand(said_to(young_person, with_plan), known, today, said)[key]
    lines = [f"Thank you for telling me. About {concern.label}:", f"{concern.law} ({concern.source}.)",
             *concern.notes_for(said), *reply_notes(said)]
    limit = own_limit_line(concern, known, today, said, ()) or limit_line(concern, known, today, said)
    if key == "exclusion" and earlier:  # "and if they uphold it can I go to that independent panel thing?" later on
        limit = "\n".join(exclusion_date_lines([earlier, said], known, today)) or limit
    if limit:
        lines.append(limit)
    lines.append(f"Next step: {concern.step}")
    return "\n".join(lines) + "\n\n" + NOT_ADVICE


IF_NOTHING_CHANGES = ("If nothing changes, make a formal complaint: to a school through its complaints policy, to the council "
                      "through its complaints process, and then to the Local Government and Social Care Ombudsman "
                      "(Local Government Act 1974, section 26B(2)). A person can help you with each step.")
REPEATED_SHARE = 0.6  # a reply most of whose lines the parent has just been sent is said again only as its next steps


def _own_lines(text: str) -> List[str]:
    """A reply's lines that say something (not its greeting, its offer of a letter or its numbered headings)."""
    return [line.strip() for line in without_disclaimer(text).split("\n")
            if len(line.split()) > 6 and not line.startswith(("Thank you for telling me", "Would a letter", "I understood"))]


def _sent_lines(sent: Sequence[str]) -> set:
    """Every line of the assistant's recent messages."""
    return {line.strip() for message in sent for line in (message or "").split("\n")}


def said_already(text: str, sent: Sequence[str]) -> bool:
    """Whether most of a reply's own lines were in the assistant's recent messages (`sent`)."""
    lines, before = _own_lines(text), _sent_lines(sent)
    return bool(lines) and sum(line in before for line in lines) >= REPEATED_SHARE * len(lines)


def not_said_yet(text: str, sent: Sequence[str]) -> List[str]:
    """The lines of a mostly repeated reply that are new ("Monday 14 December is after the governors' last
    day"): kept before the next steps."""
    before = _sent_lines(sent)
    return [line for line in _own_lines(text) if line not in before and not line.startswith("Next step:")]


def next_steps_reply(found: Sequence[str], known: Mapping[str, SaidEvent], today: date, said: str = "",
                     young_person: bool = False, with_plan: bool = False, new_lines: Sequence[str] = ()) -> str:
    """A follow-up ("ok so what do i do now", "and if they ignore me?") to concerns just answered: not the
    law again, but what to do (as things stand: nothing is chased before its time), who to contact, and
    what comes after if nothing changes."""
    table = as_things_stand(said_to(young_person, with_plan), known, today, said)
    # what the follow-up itself asks or disputes ("she says it doesn't count cos they sent work home") first
    own = [note for key in in_reply_order(found) if key in table for note in table[key].notes_for(said)]  # "do i have to pay?"
    answers = [note for note in dict.fromkeys(own + reply_notes(said)) if note not in new_lines]
    lines = [*new_lines, *answers, "What to do next:"]
    for key in [c for c in in_reply_order(found) if c in table][:MAX_IN_ONE_REPLY]:
        concern = table[key]
        step = concern.step.replace("the date above", "the date I gave you")  # no date is above a follow-up
        lines.append(f"\u2022 About {concern.label}: {step} Who to contact: {concern.who}")
    if asks_how_to_write(said):
        lines.append(RING_THEN_EMAIL)
    lines.append(IF_NOTHING_CHANGES)
    return "\n".join(lines) + "\n\n" + NOT_ADVICE


def handoff_reason(found: Sequence[str]) -> Optional[str]:
    """The most urgent escalation reason the concerns imply, or None."""
    reasons = [concerns()[c].reason for c in found if c in concerns() and concerns()[c].reason]
    return min(reasons, key=lambda r: PRIORITY_RANK.get(priority_of(r), 9)) if reasons else None


def person_button(found: Sequence[str]) -> Dict[str, str]:
    """"Talk to a person", carrying the reason where the assistant's buttons may carry one."""
    reasons = [concerns()[c].reason for c in in_reply_order(found) if c in concerns()]
    carried = next((r for r in reasons if r in BUTTON_REASONS), None)
    payload = f'/request_human{{"handoff_reason": "{carried}"}}' if carried else "/request_human"
    return {"title": "Talk to a person", "payload": payload}
