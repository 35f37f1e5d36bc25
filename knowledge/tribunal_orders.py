"""After the SEND Tribunal decided in the family's favour: what it ordered, and the day the council
must have done it by (SEND Regulations 2014, regulation 44(2)).

The council's time runs from the order, not from the first request: an amended plan within 5 weeks
(44(2)(e)), an order that only changes the school or type of school within 2 weeks (44(2)(f)), a new plan as a draft
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

from knowledge.dates import days_away, long_date
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


# The council told the Tribunal it will not oppose the appeal (regulation 45): treated as decided for the family.
NOT_OPPOSED = re.compile(r"\b(?:won'?t|wont|will\s+not|not\s+going\s+to|decided\s+not\s+to)\s+(?:oppose|contest|defend|fight)"
                         r"|\bconced\w+|\bunopposed\b|\bbacked\s+down\b", re.IGNORECASE)
_APPEAL_WORDS = re.compile(r"\b(?:appeal\w*|tribunal)\b", re.IGNORECASE)
_ABOUT_THE_NOTICE = re.compile(r"\b(?:oppose|conced\w+|backed\s+down|unopposed)\b"
                               r"|\b(?:notif\w+|told|emailed|wrote\s+to|informed)\b[^.]*\btribunal\b|\btribunal\b[^.]*\b(?:notif\w+|told|emailed|informed)\b",
                               re.IGNORECASE)  # not the refusal letter's date
_ABOUT_ASSESSING = re.compile(r"\b(?:assess\w*|ehc\s*na|ehcna)\b", re.IGNORECASE)


def order_made(text: str) -> bool:
    """Whether the message says the Tribunal decided in the family's favour."""
    return bool(ORDER_MADE.search(normalise(text or "")[0]))


def appeal_conceded(text: str) -> bool:
    """Whether the message says the council will not oppose the family's appeal (regulation 45)."""
    cleaned = normalise(text or "")[0]
    return bool(NOT_OPPOSED.search(cleaned) and _APPEAL_WORDS.search(cleaned))


_WILL_ASSESS = re.compile(r"\b(?:will|would|going\s+to|gonna|agreed\s+to|agree\s+to|are\s+going\s+to)\s+(?:now\s+)?(?:carry\s+out\s+an?\s+)?assess\w*|\bagreed\s+(?:to\s+)?(?:the\s+)?(?:ehc\s*na|ehcna|assessment)\b",
                          re.IGNORECASE)


def _earliest(text: str, today: date, about: "re.Pattern[str]") -> Optional[date]:
    """The earliest past day given in a sentence `about` matches: the order is made, or the notice
    sent, when it is first dated ("dated 16th Oct ... it only came through by email on the 19th")."""
    found = sorted(day for day in days_said(text, today, about, with_digits=True) if day <= today)
    return found[0] if found else None


def order_day(text: str, today: date) -> Optional[date]:
    """The day of the order, from the sentences about it."""
    return _earliest(text, today, _ABOUT_THE_ORDER)


def steps_ordered(text: str, made: date) -> List[OrderStep]:
    """The council's steps for what the message says was ordered, each with its last day."""
    parts = [p for p in re.split(r"(?<=[.!?])\s+", normalise(text or "")[0]) if re.search(r"\border\w*|\btribunal\b|\bjudge\b", p, re.IGNORECASE)]
    cleaned = " ".join(parts) or normalise(text or "")[0]  # what was ordered, not "no amended plan" said later
    wanted: List[Tuple[str, int, str]] = []
    if _NEW_PLAN.search(cleaned):
        wanted += [("the draft plan", 5, "(c)"), ("the final plan", 11, "(c)")]
    elif _ASSESS.search(cleaned) and not _CONTENTS.search(cleaned):
        wanted += [("the council's notice that it will assess", 2, "(b)"),
                   ("the final plan, if it decides to issue one", 14, "(b)(ii)"),
                   ("its decision, if it decides there will be no plan", 10, "(b)(i)")]
    elif _SCHOOL.search(cleaned) and not _CONTENTS.search(cleaned):
        wanted.append(("the new school named in the plan", 2, "(f)"))  # only the school: 2 weeks
    else:  # the needs or help changed too (with or without the school): the whole amended plan, 5 weeks
        wanted.append(("the amended plan" + (", with the new school" if _SCHOOL.search(cleaned) else ""), 5, "(e)"))
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
        status = days_away(step.due, today, f"that date has passed, so it is {(today - step.due).days} days late unless it has come")
        lines.append(f"{step.what[0].upper()}{step.what[1:]}: by {long_date(step.due)}, {step.weeks} weeks from the "
                     f"order on {long_date(made)} ({status}; {SOURCE}{step.paragraph}).")
    return "\n".join(lines)


def conceded_lines(text: str, today: date, with_law: bool = True) -> Optional[str]:
    """The council's days after it told the Tribunal it would not oppose an appeal against a refusal
    to assess (regulation 45(3) and (3A)), counted from that notice; otherwise what the law says
    (left out `with_law`, when the concern's own answer already says it)."""
    if not appeal_conceded(text):
        return None
    general = ("The council told the Tribunal it will not oppose your appeal, so the appeal counts as decided for you. "
               "Its time limits now count from the day it told the Tribunal, not from your first request "
               "(SEND Regulations 2014, regulation 45).")
    if not _ABOUT_ASSESSING.search(normalise(text)[0]):
        return general if with_law else None
    notice = _earliest(text, today, _ABOUT_THE_NOTICE)
    if notice is None:
        ask = ("It must tell you within 2 weeks that it will assess. It must then send the final plan within 14 weeks, or "
               "say there will be no plan within 10 weeks (SEND Regulations 2014, regulation 45(3) and (3A)). If you tell "
               "me the day the council told the Tribunal (it is on the Tribunal's letter), I can work out those days.")
        return f"{general} {ask}" if with_law else ask
    lines = [general] if with_law else []
    told = [d for d in days_said(text, today, _WILL_ASSESS) if d >= notice]  # "we did get a letter on the 12th saying they will assess"
    for what, weeks, paragraph in (("Telling you it will assess", 2, "45(3)"), ("A decision that there will be no plan", 10, "45(3A)"),
                                   ("The final plan, if there is one", 14, "45(3A)")):
        due = notice + timedelta(weeks=weeks)
        status = days_away(due, today)
        if weeks == 2 and told:
            status = f"you had its letter on {long_date(told[0])}, {'in time' if told[0] <= due else 'late'}"
        lines.append(f"{what}: by {long_date(due)}, {weeks} weeks from {long_date(notice)} ({status}; SEND Regulations 2014, "
                     f"regulation {paragraph}).")
    return "\n".join(lines)


MEDIATION_DONE = ("You do not need mediation or a certificate now. That step comes before an appeal, and yours has "
                  "been decided.")
