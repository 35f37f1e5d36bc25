"""After the SEND Tribunal decided in the family's favour: what it ordered, and the day the council
must have done it by (SEND Regulations 2014, regulation 44(2)).

The council's time runs from the order, not from the first request: an amended plan within 5 weeks
(44(2)(e)), a new school or type of school named within 2 weeks (44(2)(f)), a new plan as a draft
within 5 weeks and final within 11 weeks (44(2)(c)), notice that it will assess within 2 weeks and
then a final plan within 14 weeks or a "no plan" decision within 10 (44(2)(b)). HMCTS counts from
the day the Tribunal sends out the order (SEND18, "Carry out an order"). The order's day comes from the message ("decision dated 2nd October"). Pure functions;
no Rasa import.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import List, Optional, Tuple

from knowledge.dates import long_date
from knowledge.event_notes import days_said
from knowledge.spelling import normalise

SOURCE = "SEND Regulations 2014, regulation 44(2)"
# The Tribunal has decided for the family ("we won at tribunal", "the tribunal ordered the LA to ...").
ORDER_MADE = re.compile(
    r"\bwon\s+(?:our|the|my|at|her|his)\s+(?:appeal|tribunal)|\b(?:agreed|ordered|granted|won)\s+at\s+(?:the\s+)?tribunal"
    r"|\btribunal\s+(?:ordered|agreed|decided|found|ruled)\b|\b(?:after|since)\s+(?:the\s+)?tribunal(?:'s)?\s+(?:decision|order)"
    r"|\b(?:the\s+)?tribunal(?:'s)?\s+(?:order|decision)\s+(?:said|says|was|named|gave|is)\b", re.IGNORECASE)
_ABOUT_THE_ORDER = re.compile(r"\b(?:tribunal|order(?:ed)?|decision|won|judge|panel|hearing)\b", re.IGNORECASE)
_SCHOOL = re.compile(r"\bname[ds]?\b|\bnaming\b|\bsection\s+i\b|\bplacement\b|\b(?:special(?:ist)?|independent)\s+school\b",
                     re.IGNORECASE)
_CONTENTS = re.compile(r"\bsection\s+[bf]\b|\bprovision\b|\bamend\w*\b|\bwording\b|\btherap\w+|\bsalt\b|\bhours\b",
                       re.IGNORECASE)
_NEW_PLAN = re.compile(r"\b(?:make|issue|write|produce|give)\w*\s+(?:(?:him|her|them|us)\s+)?(?:an?\s+)?(?:ehc\w*\s+)?plan\b"
                       r"|\brefus\w+\s+to\s+(?:issue|give|make)\b", re.IGNORECASE)
_ASSESS = re.compile(r"\b(?:assess|assessment|ehcna)\b", re.IGNORECASE)


@dataclass(frozen=True)
class OrderStep:
    """One thing the Tribunal ordered, and the day it must be done by."""

    what: str  # "the amended plan"
    weeks: int
    paragraph: str  # "(e)"
    due: date


def order_made(text: str) -> bool:
    """Whether the message says the Tribunal decided in the family's favour."""
    return bool(ORDER_MADE.search(normalise(text or "")[0]))


def order_day(text: str, today: date) -> Optional[date]:
    """The day of the order, when one sentence about it gives one day that has passed."""
    found = {day for day in days_said(text, today, _ABOUT_THE_ORDER, with_digits=True) if day <= today}
    return found.pop() if len(found) == 1 else None


def steps_ordered(text: str, made: date) -> List[OrderStep]:
    """The council's steps for what the message says was ordered, each with its last day."""
    cleaned = normalise(text or "")[0]
    wanted: List[Tuple[str, int, str]] = []
    if _NEW_PLAN.search(cleaned):
        wanted += [("the draft plan", 5, "(c)"), ("the final plan", 11, "(c)")]
    elif _ASSESS.search(cleaned) and not _CONTENTS.search(cleaned):
        wanted += [("the council's notice that it will assess", 2, "(b)"),
                   ("the final plan, if it decides to issue one", 14, "(b)(ii)"),
                   ("its decision, if it decides there will be no plan", 10, "(b)(i)")]
    else:
        if _SCHOOL.search(cleaned):
            wanted.append(("the new school named in the plan", 2, "(f)"))
        if _CONTENTS.search(cleaned) or not wanted:
            wanted.append(("the amended plan", 5, "(e)"))
    return [OrderStep(what, weeks, paragraph, made + timedelta(weeks=weeks)) for what, weeks, paragraph in wanted]


def order_lines(text: str, today: date) -> Optional[str]:
    """"Counted from the order on ..., the amended plan was due by ..." for a dated Tribunal order."""
    if not order_made(text):
        return None
    made = order_day(text, today)
    if made is None:
        return "If you tell me the date of the Tribunal's order, I can work out the council's last day."
    lines = []
    for step in steps_ordered(text, made):
        status = (f"that date has passed, so it is {(today - step.due).days} days late unless it has come"
                  if step.due < today else "that is today" if step.due == today else f"in {(step.due - today).days} days")
        lines.append(f"{step.what[0].upper()}{step.what[1:]}: by {long_date(step.due)}, {step.weeks} weeks from the "
                     f"order on {long_date(made)} ({status}; {SOURCE}{step.paragraph}).")
    return "\n".join(lines)


MEDIATION_DONE = ("You do not need mediation or a certificate now. That step comes before an appeal, and yours has "
                  "been decided.")
