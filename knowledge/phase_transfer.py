"""The plan's deadline for a move to the next phase of education, from the child's school year.

A child in Year 6 moves to secondary school, and a young person in Year 11 to a college or a sixth
form, the September after this school year. The plan naming the new place must be finished before
15 February of that calendar year, or before 31 March for a move from school to a post-16
institution such as a college (SEND Regulations 2014, regulation 18(1); a school sixth form is not a
post-16 institution, Children and Families Act 2014, section 83(2)). A child in Year 5 or Year 10
makes that move the September after next. Other years are not a phase move everywhere (infant to
junior schools, middle schools), so they get no date.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import List, Optional

from knowledge.deadlines import Deadline, KeyDates, deadline_for

_YEAR = re.compile(r"\b(?:year|yr|y)\s*(5|6|10|11)\b(?!\s*(?:old|olds|yo)\b)", re.IGNORECASE)
_COLLEGE = re.compile(r"\b(?:college|fe\b|further\s+education|post[\s-]*16\s+(?:college|provider|placement|place))", re.IGNORECASE)
_SIXTH_FORM = re.compile(r"\b(?:sixth|6th)[\s-]*form\b", re.IGNORECASE)
_START_SEPTEMBER = 9


@dataclass(frozen=True)
class TransferDeadline:
    """One deadline for naming the next place, and what kind of move it is for."""

    move: str  # "secondary school", "college", "school sixth form"
    deadline: Deadline


def school_year_in(text: str) -> Optional[int]:
    """Year 5, 6, 10 or 11 (the years before a phase move), when the message says so ("ds yr11",
    "she's in Y6")."""
    found = _YEAR.search(text or "")
    return int(found.group(1)) if found else None


def school_year_from(slot_value: object, said: str) -> Optional[int]:
    """The child's school year: the situation form's answer, or what the message says ("ds yr11")."""
    try:
        return int(slot_value) if slot_value is not None else school_year_in(said)
    except (TypeError, ValueError):
        return school_year_in(said)


def transfer_year(today: date) -> int:
    """The calendar year of the September after the current school year."""
    return today.year + 1 if today.month >= _START_SEPTEMBER else today.year


def transfer_deadlines(school_year: Optional[int], text: str, today: date) -> List[TransferDeadline]:
    """The deadline(s) for naming the next place of a child in Year 6 or Year 11, or a year before
    (Year 5 or 10: the move the September after next); [] for other years.

    For Year 11 the message decides between college and sixth form; when it names neither (or both),
    both deadlines are given.
    """
    year = transfer_year(today)
    if school_year in (5, 10):  # the move is the September after next ("DD is YEAR 5 not 6")
        year, school_year = year + 1, school_year + 1
    if school_year == 6:
        moves = [("secondary school", False)]
    elif school_year == 11:
        college, sixth_form = bool(_COLLEGE.search(text or "")), bool(_SIXTH_FORM.search(text or ""))
        moves = [("college", True)] if college and not sixth_form else [("school sixth form", False)] \
            if sixth_form and not college else [("college", True), ("school sixth form", False)]
    else:
        return []
    found = []
    for move, post16 in moves:
        rule = "phase_transfer_post16" if post16 else "phase_transfer"
        deadline = deadline_for(rule, KeyDates(transfer_year=year, post16_transfer=post16), today)
        if deadline is not None:
            found.append(TransferDeadline(move, deadline))
    return found


def school_leaving_date(school_year: Optional[int], today: date) -> Optional[date]:
    """The last Friday in June of the school year in which a pupil in `school_year` turns 16 (Year
    11): the end of compulsory school age (Education (School Leaving Date) Order 1997), when a
    young person's own rights begin (Children and Families Act 2014, section 83(2)). None for Year 12
    and above, or an unknown year."""
    if school_year is None or school_year > 11 or school_year < 0:
        return None
    june_30 = date(transfer_year(today) + 11 - school_year, 6, 30)
    return june_30 - timedelta(days=(june_30.weekday() - 4) % 7)
