"""The family's own time limit after a school transport decision: asking the council to review it.

A transport decision is not appealed to the SEND Tribunal. The council's two-stage process (DfE
statutory guidance on travel to school) starts with a request for a review within 20 working days of
the decision. The day the letter arrived is rarely known, so the count starts from the letter's own
date: the earliest, safe last day.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Optional, Sequence

from knowledge.deadlines import add_working_days
from knowledge.event_notes import days_said
from knowledge.event_words import ASSESSMENT_TALK, REVIEW_ASKED

REVIEW_WORKING_DAYS = 20  # to ask for a review, and for the senior officer's written answer to it
_TRANSPORT = re.compile(r"\b(?:transport|taxi|taxis|bus\s+pass|minibus|escort|travel\s+(?:assistance|support|application|help|costs?|pass|budget)"
                        r"|help\s+with\s+(?:his\s+|her\s+|their\s+|the\s+)?(?:travel|transport))\b", re.IGNORECASE)
_COMPARED_WITH_EHC = re.compile(r"\b(?:like|as)\s+(?:for|with|in)?\s*(?:the|an?|his|her)?\s*(?:ehc\s*p?|ehcp|ehc\s+plan)\b", re.IGNORECASE)
_DATED = re.compile(r"\bdated\s*(?:the\s+)?$", re.IGNORECASE)
_DECISION = re.compile(r"\b(?:decision|letter|dated|refus\w*|turned\s+down|said\s+no|rejected|declined|withdr[ae]w\w*|stopped|got\s+it|received\s+it|e-?mail(?:ed)?"
                       r"|(?:won'?t|wont|will\s+not)\s+(?:pay|fund|provide|give))\b",
                       re.IGNORECASE)
_TRIBUNAL_SENTENCE = re.compile(r"\b(?:tribunal|judge|hearing)\b", re.IGNORECASE)  # "the decision is dated 16th Oct": the Tribunal's, not transport's
_REVIEWED = re.compile(r"\b(?:review|stage\s+(?:1|one|2|two)|appeal\s+panel)\b[^.?!]*\b(?:decision|outcome|result|letter)\b",
                       re.IGNORECASE)


@dataclass(frozen=True)
class ReviewLimit:
    """The last day to ask for a review of a transport decision, and the decision it counts from."""

    decision: date
    last_day: date
    days_left: int


def decision_date(text: str, today: date) -> Optional[date]:
    """The date of a transport decision letter the message gives ("The decision letter was dated 6th
    November"), or None: the message must be about transport, and the date must sit in a sentence
    about a decision or letter, not after a review already held."""
    if not _TRANSPORT.search(text or "") or _REVIEWED.search(text or ""):
        return None
    found = {day for day in days_said(text, today, _DECISION) if day <= today} - set(days_said(text, today, _TRIBUNAL_SENTENCE))
    if len(found) > 1:  # "the letter is dated 6th November but it didn't come til the 10th": the letter's own date
        found &= set(days_said(text, today, _DECISION, _DATED))
    return found.pop() if len(found) == 1 else None


_ARRIVED = re.compile(r"\b(?:got\s+it|came|arrived|received(?:\s+it)?|turned\s+up|landed|(?:didn'?t|did\s+not)\s+(?:come|arrive)\s+(?:till|til|until))\s*(?:on\s+)?(?:the\s+)?$",
                      re.IGNORECASE)


def arrival_date(text: str, today: date, decision: date) -> Optional[date]:
    """The day the decision letter reached the family, when the message gives it after the letter's own
    date ("letter dated 5th nov, got it 9th"): the 20 working days run from receiving the decision."""
    found = {day for day in days_said(text, today, _DECISION, _ARRIVED) if decision < day <= today}
    if not found and _ARRIVED_SOME_DAY.search(text):
        # "didnt see it til after I got back from my mums, sometime that week" ... "it was thurs 12th"
        found = {day for day in days_said(text, today, _IT_WAS) if decision < day <= today}
    return found.pop() if len(found) == 1 else None


_ARRIVED_SOME_DAY = re.compile(r"\b(?:didn'?t|did\s+not|never)\s+(?:see|get|open|find|receive)\s+it\s+(?:til|till|until)\b|\bsometime\s+that\s+week\b",
                               re.IGNORECASE)
_IT_WAS = re.compile(r"^\W*(?:it\s+was|it\s+came|got\s+it|i\s+got\s+it|saw\s+it)\b", re.IGNORECASE)


def review_limit(text: str, today: date) -> Optional[ReviewLimit]:
    """The last day to ask the council to review the transport decision the message dates."""
    decision = decision_date(text, today)
    if decision is None:
        return None
    last = add_working_days(decision, REVIEW_WORKING_DAYS)
    return ReviewLimit(decision, last, (last - today).days)


def about_transport(texts: Sequence[str]) -> bool:
    """Whether the conversation's recent messages are about school or college transport and the
    latest is not about an EHC needs assessment."""
    latest = _COMPARED_WITH_EHC.sub("", texts[-1] or "") if texts else ""  # "is there a tribunal like for the EHCP?"
    return bool(texts) and any(_TRANSPORT.search(t or "") for t in texts) and not ASSESSMENT_TALK.search(latest)


@dataclass(frozen=True)
class ReviewAnswer:
    """A review of a transport decision the family asked for, and when the council should answer."""

    asked: date
    answer_by: date


# "sent it tonight by email", after the review was explained: in a conversation about transport, the review request
_SENT_IT = re.compile(r"\b(?:sent|emailed|e-mailed|posted|submitted|put\s+in|handed\s+in)\s+(?:it|mine|that|the\s+(?:letter|email|form|request|review))\b"
                      r"(?!\s+(?:to\s+)?(?:the\s+)?(?:senco|school|gp|camhs|tribunal|mediat\w+))", re.IGNORECASE)

_SENT_TODAY = re.compile(_SENT_IT.pattern + r"[^.!?]{0,30}\b(?:today|tonight|this\s+(?:morning|afternoon|evening)|just\s+now)\b"
                         r"|\b(?:today|tonight|this\s+(?:morning|afternoon|evening)|just\s+now)\b[^.!?]{0,30}" + _SENT_IT.pattern, re.IGNORECASE)


_TOMORROW = r"\b(?:tomorrow|tmrw|tmr|tmoz|2moro|2morrow|first\s+thing)\b"
_SEND_IT = r"\b(?:send|email|e-mail|post|submit|hand\s+in|do)\s+(?:it|mine|that|the\s+(?:letter|email|form|request|review))\b"
_SENDING_TOMORROW = re.compile(rf"{_SEND_IT}[^.!?]{{0,30}}{_TOMORROW}|{_TOMORROW}[^.!?]{{0,30}}{_SEND_IT}", re.IGNORECASE)


def review_answer(text: str, today: date) -> Optional[ReviewAnswer]:
    """The council's written answer to a review the family asked for on a day the message gives ("I
    sent the review request today"): 20 working days from receiving it, counted here from the day it
    was sent (it cannot have arrived earlier)."""
    asked = [day for day in days_said(text or "", today, REVIEW_ASKED) or days_said(text or "", today, _SENT_IT) if day <= today]
    if not asked and _SENT_TODAY.search(text or ""):
        asked = [today]  # "sent it tonight by email"
    if not asked and _SENDING_TOMORROW.search(text or ""):
        asked = [today + timedelta(days=1)]  # "ok if I email it tmrw when do they have to answer"
    if not asked:
        return None
    return ReviewAnswer(asked[-1], add_working_days(asked[-1], REVIEW_WORKING_DAYS))


_STAGE_ONE_ANSWER = re.compile(r"\b(?:stage\s+(?:1|one)|review)\s+(?:decision|outcome|result|letter|response|reply)\b"
                               r"|\b(?:upheld|upholding)\b|\bstage\s+(?:1|one)\b[^.!?]*\b(?:came|arrived|got|dated|received)\b", re.IGNORECASE)
_STAGE_ONE_SENTENCE = re.compile(r"\b(?:stage\s+(?:1|one)|review\s+(?:decision|outcome|letter)|upheld|upholding)\b", re.IGNORECASE)
_LETTER_DATED = re.compile(r"\b(?:dated|letter\s+(?:of|on)|is\s+dated)\s+(?:the\s+)?$", re.IGNORECASE)


def stage_one_answered(text: str) -> bool:
    """Whether the message says the council's stage 1 review of a transport decision has answered."""
    return bool(_TRANSPORT.search(text or "") or _STAGE_ONE_SENTENCE.search(text or "")) and bool(_STAGE_ONE_ANSWER.search(text or ""))


def stage_two_by(text: str, today: date) -> Optional[ReviewLimit]:
    """The last day to ask for stage 2 (an independent appeal panel): 20 working days from the stage 1
    letter the message dates ("the stage 1 letter is dated the 20th Nov"), counted from its date to be safe."""
    dated = [day for day in days_said(text or "", today, _STAGE_ONE_SENTENCE, _LETTER_DATED) if day <= today]
    if not dated:
        return None
    last = add_working_days(dated[0], REVIEW_WORKING_DAYS)
    return ReviewLimit(dated[0], last, (last - today).days)
