"""A family with an EHC plan moving from one council's area in England to another's: when the old
council must pass the plan on (SEND Regulations 2014, regulation 15(2)).

The old council transfers the plan on the day of the move or, when it learnt of the move less than
15 working days before it, within 15 working days beginning with the day it learnt of it. The days
come from the message ("I told Bradford on Fri 16th Oct", "moved in on Sat 31st Oct"). Pure
functions; no Rasa import.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Optional

from knowledge.dates import long_date
from knowledge.deadlines import add_working_days, is_working_day
from knowledge.event_notes import days_said

NOTICE_WORKING_DAYS = 15
# a move between councils of a child with a plan ("we moved from Bradford to Harrogate", "the new council")
MOVED_COUNCIL = re.compile(
    r"\b(?:new|old|previous|last)\s+(?:council|la|local\s+authority)\b"
    r"|\b(?:moved|moving|move)\s+(?:house\s+|area\s+)?(?:from|out\s+of)\s+(?!(?:mon|tue|wed|thu|fri|sat|sun|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|the|\d)\w*\b)\w+(?:\s+\w+)?\s+(?:to|into)\b"
    r"|\bmoved\s+(?:councils?|las|local\s+authorit(?:y|ies))\b", re.IGNORECASE)
_MOVE_DAY = re.compile(r"\b(?:moved\s+(?:in|house|here|over)?|move\s+(?:date|day)|moving\s+day|we\s+moved)\b", re.IGNORECASE)
_TOLD = re.compile(r"\b(?:told|tell|emailed|e-mailed|wrote\s+to|informed|inform|let\s+\w+\s+know|rang|phoned|called)\b[^.!?]{0,60}\b(?:mov\w+|move)\b",
                   re.IGNORECASE)


@dataclass(frozen=True)
class PlanTransfer:
    """When the old council had to pass the plan on, and the days it counted from."""

    told: date
    moved: date
    due: date


def _dated(text: str, today: date, words: "re.Pattern[str]") -> Optional[date]:
    found = {day for day in days_said(text, today, words, with_digits=True) if day <= today}
    return found.pop() if len(found) == 1 else None


def _working_days_between(first: date, last: date) -> int:
    """Working days from `first` up to the day before `last`, counting `first` when it is one."""
    return sum(1 for n in range((last - first).days) if is_working_day(first + timedelta(days=n)))


def transfer_due(told: date, moved: date) -> date:
    """The day the old council must transfer the plan (regulation 15(2))."""
    if told < moved and _working_days_between(told, moved) >= NOTICE_WORKING_DAYS:
        return moved
    first = told if is_working_day(told) else add_working_days(told, 1)
    return add_working_days(first, NOTICE_WORKING_DAYS - 1)  # 15 working days beginning with that day


def plan_transfer(text: str, today: date) -> Optional[PlanTransfer]:
    """The transfer's last day, when the message says when the old council was told and when the family moved."""
    if not MOVED_COUNCIL.search(text or ""):
        return None
    told = _dated(text, today, _TOLD)
    moved = _dated(text, today, _MOVE_DAY)
    if told is None or moved is None:
        return None
    return PlanTransfer(told, moved, transfer_due(told, moved))


def transfer_line(text: str, today: date) -> Optional[str]:
    """"Bradford had to pass the plan on by ..." for a message that dates the notice and the move."""
    found = plan_transfer(text, today)
    if found is None:
        return None
    late = " That date has passed: ask both councils in writing where the plan is." if found.due < today else ""
    return (f"You told the old council on {long_date(found.told)} and moved on {long_date(found.moved)}. So it had to pass "
            f"the plan to the new council by {long_date(found.due)} (SEND Regulations 2014, regulation 15(2)).{late}")
