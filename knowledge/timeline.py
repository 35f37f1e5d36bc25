"""The family's timeline: dated events, each with its role, and what the deadline engine needs from them.

Like Rasa's tracker, the timeline is an append-only list of what was said (`SaidEvent`), with where
each came from; the current picture (`current`) and the engine's `KeyDates` are derived from it by
pure functions. A correction is a later event of the same role that supersedes the earlier one, so
an officer can still read both. A question never adds an event. No Rasa import.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple

from dateutil.relativedelta import relativedelta

from knowledge.dates import long_date, parse_iso
from knowledge.deadlines import Deadline, KeyDates, Outcomes, deadlines

DAY, WEEK, MONTH, SEASON = "day", "week", "month", "season"  # how precisely a date was given
PART = "part"  # a third of a month: "beginning of Oct" (1st to 10th), "mid Oct" (11th to 20th), "end of Oct" (21st to the end)
PART_STARTS = {"early": 1, "mid": 11, "late": 21}
SCHOOL_WEEK_DAYS = 5  # "w/c 9th Nov": a meeting in that week is on one of its five school days
PARENT, CASE, OFFICER = "parent", "case", "officer"  # who said it


@dataclass(frozen=True)
class Role:
    """One kind of event in a family's case."""

    label: str  # "you sent the request for an assessment"
    noun: str  # "the request for an assessment" (for "What date was ...?")
    key_date: Optional[str] = None  # the KeyDates field it gives, if any
    appealable: bool = False  # a decision letter with a right of appeal


ROLES: Dict[str, Role] = {
    "request_sent": Role("You asked for an EHC needs assessment", "the request for an assessment", "request_date"),
    "assessment_agreed": Role("The council agreed to assess", "the council's decision to assess"),
    "assessment_refused": Role("The council refused to assess", "the letter refusing the assessment",
                               appealable=True),
    "plan_refused": Role("The council decided not to issue a plan", "the letter saying there will be no plan",
                         appealable=True),
    "draft_plan": Role("The draft plan was sent", "the draft plan", "draft_served"),
    "final_plan": Role("The final plan was issued", "the final plan", "plan_or_last_review", appealable=True),
    "review_meeting": Role("Review meeting", "the review meeting", "review_meeting"),
    "review_decision": Role("The council decided after the review", "the council's decision after the review",
                            appealable=True),
    "amendments_sent": Role("Proposed changes to the plan were sent", "the proposed changes", "amendments_sent"),
    "amended_plan": Role("The amended plan was issued", "the amended plan", appealable=True),
    "cease_notice": Role("The council decided to stop (cease) the plan", "the decision to stop the plan",
                         appealable=True),
    "decision_letter": Role("Decision letter", "the decision letter", appealable=True),
    "mediation_certificate": Role("Mediation certificate issued", "the mediation certificate",
                                  "mediation_certificate"),
    "mediation_meeting": Role("Mediation meeting", "the mediation meeting", "mediation_ended"),
    "mediation_requested": Role("You told the mediation adviser you want mediation", "your request for mediation",
                                "mediation_requested"),
    "exclusion": Role("Excluded or sent home", "the exclusion or sending home"),
    "part_time_since": Role("Part-time timetable started", "the start of the part-time timetable"),
    "out_of_school_since": Role("Out of school since", "when your child stopped going to school"),
    "discrimination": Role("What the school did (discrimination)", "what the school did", "discrimination_act"),
    "complaint_made": Role("Complaint made", "the complaint", "problem_known"),
}
NOT_AN_EVENT, UNCLEAR = "none", "unclear"
# Roles whose first date counts, not the latest: the Ombudsman's 12 months run from when the family first knew
# of the problem (Local Government Act 1974, section 26B(2)), so a later stage of the same complaint moves nothing.
FIRST_WORD_ROLES = ("complaint_made",)
MEETING_ROLES = ("review_meeting", "mediation_meeting")  # the only events that can be booked ahead
SEASON_MONTHS = 3  # a term or season named without a month ("in the spring", "after Easter") is read as up to three months from its start

# What the law expects to follow each event, in order: an event later in this list means the
# earlier steps happened (or no longer apply).
EHC_STEPS: Tuple[str, ...] = ("request_sent", "assessment_agreed", "draft_plan", "final_plan")


@dataclass(frozen=True)
class SaidEvent:
    """One thing the timeline was told: a role with its date (or that it has not happened)."""

    role: str
    on: Optional[str] = None  # ISO date; month or season precision is the first day of it
    precision: str = DAY
    source: str = PARENT
    said_at: float = 0.0  # when it was said (the message's timestamp)
    phrase: str = ""  # the words the date was given in ("2nd june")
    happened: bool = True  # False: the parent said it has not happened yet ("still no plan")
    corrects: bool = False  # said as a correction ("no, the letter was dated the 12th")

    @property
    def day(self) -> Optional[date]:
        return parse_iso(self.on) if self.on else None

    @property
    def exact(self) -> bool:
        return self.day is not None and self.precision == DAY

    def to_dict(self) -> Dict[str, Any]:
        """A plain dict for a slot or the casework store; defaults left out."""
        plain = {"role": self.role, "on": self.on, "precision": self.precision, "source": self.source,
                 "said_at": self.said_at, "phrase": self.phrase, "happened": self.happened,
                 "corrects": self.corrects}
        defaults = SaidEvent(role=self.role).__dict__
        return {k: v for k, v in plain.items() if k == "role" or v != defaults[k]}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "SaidEvent":
        """Rebuild from `to_dict`; an unknown role or malformed date is refused with ValueError."""
        role = str(data.get("role"))
        if role not in ROLES:
            raise ValueError(f"unknown event role {role!r}")
        on = data.get("on")
        if on is not None and parse_iso(on) is None:
            raise ValueError(f"malformed date {on!r}")
        return cls(role=role, on=on, precision=str(data.get("precision", DAY)),
                   source=str(data.get("source", PARENT)), said_at=float(data.get("said_at", 0.0)),
                   phrase=str(data.get("phrase", "")), happened=bool(data.get("happened", True)),
                   corrects=bool(data.get("corrects", False)))


def current(events: Iterable[SaidEvent]) -> Dict[str, SaidEvent]:
    """The latest word on each role, in the order roles were first mentioned.

    A later dated event of a role supersedes an earlier one (a correction); an undated "has not
    happened" never hides a date already given; a verified case's or officer's date outranks the
    parent's recollection.
    """
    latest: Dict[str, SaidEvent] = {}
    rank = {PARENT: 0, OFFICER: 1, CASE: 2}
    for event in sorted(events, key=lambda e: e.said_at):
        held = latest.get(event.role)
        if held is not None:
            if (not event.happened or not event.on) and held.happened and held.on:
                continue  # "not yet", or a mention with no date, never hides a date already given
            if rank.get(held.source, 0) > rank.get(event.source, 0) and held.on:
                continue
            if event.role in FIRST_WORD_ROLES and held.on and event.on and event.on > held.on and held.happened \
                    and (not event.corrects or held.said_at == event.said_at):
                continue  # "I complained on 2nd Sept ... escalated to stage 2 on 5th Oct": the first complaint counts
        latest[event.role] = event
    return latest


def superseded(events: Sequence[SaidEvent]) -> List[Tuple[SaidEvent, SaidEvent]]:
    """(old, new) pairs where a later date replaced an earlier one, for the officer's summary."""
    pairs: List[Tuple[SaidEvent, SaidEvent]] = []
    held: Dict[str, SaidEvent] = {}
    for event in sorted(events, key=lambda e: e.said_at):
        old = held.get(event.role)
        if old is not None and old.on and event.on and old.on != event.on:
            pairs.append((old, event))
        if event.on:
            held[event.role] = event
    return pairs


# What a parent's "we've heard nothing" waits for, after each event.
NEXT_STEP: Dict[str, str] = {
    "request_sent": "assessment_agreed", "assessment_agreed": "final_plan", "draft_plan": "final_plan",
    "review_meeting": "review_decision", "amendments_sent": "amended_plan",
    "mediation_meeting": "mediation_certificate",
}


DRAFT_STILL_OPEN_DAYS = 28  # a draft that came this recently, with no word of the final plan: the final is not here yet


def outcomes(events: Mapping[str, SaidEvent], today: Optional[date] = None) -> Outcomes:
    """What happened (with its date) and what the family said has not, for honest deadline status.

    A later EHC step means the earlier ones happened; "not yet" without a role is the step after
    the most recent event. A draft plan that came in the last four weeks (`today` given), with no
    final plan mentioned, means the final plan has not come: a late one is late, not "Has it?".
    """
    happened: Dict[str, Optional[date]] = {r: e.day for r, e in events.items() if e.happened}
    not_yet = {r for r, e in events.items() if not e.happened}
    for index, role in enumerate(EHC_STEPS):
        if role in happened:
            for earlier in EHC_STEPS[:index]:
                happened.setdefault(earlier, None)
    if "draft_plan" in not_yet or "final_plan" in not_yet:
        not_yet.add("final_plan")
    draft = events.get("draft_plan")
    if today is not None and draft is not None and draft.happened and draft.exact and draft.day is not None \
            and 0 <= (today - draft.day).days <= DRAFT_STILL_OPEN_DAYS and "final_plan" not in events:
        not_yet.add("final_plan")
    if "assessment_agreed" in not_yet:
        not_yet.add("assessment_refused")
    review = events.get("review_meeting")
    if draft is not None and draft.happened and draft.day is not None and review is not None and review.happened \
            and review.day is not None and draft.day >= review.day and not {"request_sent", "assessment_agreed"} & set(events):
        happened.setdefault("amendments_sent", draft.day)  # "got the draft plan thru today ... after her annual review": the council decided to amend
    return Outcomes(happened=happened, not_yet=frozenset(not_yet - set(happened)))


# Decisions that end a wait without a next step of their own to wait for.
_WAIT_ENDERS = frozenset({"assessment_refused", "plan_refused", "cease_notice", "final_plan", "amended_plan", "review_decision",
                          "decision_letter"})


def awaited_after(events: Mapping[str, SaidEvent]) -> Optional[str]:
    """The step a general "still waiting" is about: the one after the most recent dated event."""
    dated = [e for e in events.values() if e.on and e.happened and (e.role in NEXT_STEP or e.role in _WAIT_ENDERS)]
    if not dated:
        return None
    latest = max(dated, key=lambda e: (e.on or "", e.said_at))
    # "heard nothing for weeks and then a letter came saying they won't assess": the refusal ended the wait
    return NEXT_STEP.get(latest.role)


def latest_decision(events: Mapping[str, SaidEvent]) -> Optional[SaidEvent]:
    """The most recent appealable decision with an exact date (the appeal counts from it)."""
    decisions = [e for e in events.values() if ROLES[e.role].appealable and e.exact and e.happened]
    return max(decisions, key=lambda e: e.on or "", default=None)


def key_dates(events: Mapping[str, SaidEvent], child_age: Optional[int] = None,
              today: Optional[date] = None) -> KeyDates:
    """The dates the deadline engine counts from: exact dates only (a month is not a date to count from)."""
    values: Dict[str, Any] = {"under_five": child_age is not None and child_age < 5}
    for role, event in events.items():
        field_name = ROLES[role].key_date
        if field_name and event.exact and event.happened:
            values[field_name] = event.day
    decision = latest_decision(events)
    if decision is not None:
        values["decision_letter"] = decision.day
    if "plan_refused" in events and events["plan_refused"].happened:
        values["assessing"] = False
    # CFA 2014 s.44(1): reviewed within 12 months of the plan, then of each previous review.
    made_or_reviewed = [e.day for r, e in events.items() if r in ("final_plan", "review_meeting")
                        and e.exact and e.happened and e.day is not None and (today is None or e.day <= today)]
    if made_or_reviewed:
        values["plan_or_last_review"] = max(made_or_reviewed)
    return KeyDates(**values)


def span(event: SaidEvent) -> Optional[Tuple[date, date]]:
    """The first and last day a date given only to the month or season can be; None for an exact date."""
    day = event.day
    if day is None or event.exact:
        return None
    if event.precision == WEEK:
        return day, day + timedelta(days=SCHOOL_WEEK_DAYS - 1)
    if event.precision == PART:
        return day, day + timedelta(days=9) if day.day < PART_STARTS["late"] else day + relativedelta(day=31)
    months = 1 if event.precision == MONTH else SEASON_MONTHS
    return day, day + relativedelta(months=months, days=-1)


def pinned(events: Mapping[str, SaidEvent], role: str, day: date) -> Dict[str, SaidEvent]:
    """The events with `role` taken as exactly `day`: to bound a deadline counted from a month-only date."""
    return {**events, role: replace(events[role], on=day.isoformat(), precision=DAY)}


def at_the_latest(events: Mapping[str, SaidEvent]) -> Dict[str, SaidEvent]:
    """Every month or season date taken as its last possible day: a limit that has passed even so has surely passed."""
    latest = dict(events)
    for role, event in events.items():
        bounds = span(event)
        if bounds is not None and event.happened:
            latest = pinned(latest, role, bounds[1])
    return latest


def timeline_deadlines(events: Mapping[str, SaidEvent], today: date, child_age: Optional[int] = None) -> List[Deadline]:
    """Every deadline the timeline gives, with the honest status its outcomes allow. The notice of a
    review meeting already held is left out: nobody said the papers came late, and it cannot be chased."""
    meeting = events.get("review_meeting")
    held = meeting is not None and meeting.happened and meeting.day is not None and meeting.day < today
    return [d for d in deadlines(key_dates(events, child_age, today), today, outcomes(events, today))
            if not (held and d.rule_id == "review_notice")]


def part_of_month(day: date) -> str:
    """"the beginning of October 2026", "the middle of ...", "the end of ..." for a PART date."""
    third = "beginning" if day.day < PART_STARTS["mid"] else "middle" if day.day < PART_STARTS["late"] else "end"
    return f"the {third} of {day:%B %Y}"


def describe_event(event: SaidEvent) -> str:
    """"You asked for an EHC needs assessment: Tuesday 2 June 2026" (or "in June 2026", "not yet")."""
    label = ROLES[event.role].label
    if not event.happened:
        return f"{label}: not yet"
    day = event.day
    if day is None:
        return label
    if event.precision == WEEK:
        return f"{label}: in the week of {long_date(day)} (no exact day yet)"
    if event.precision == MONTH:
        return f"{label}: {day:%B %Y} (no exact day yet)"
    if event.precision == PART:
        return f"{label}: {part_of_month(day)} (no exact day yet)"
    if event.precision == SEASON:
        return f"{label}: around {day:%B %Y} (no exact day yet)"
    return f"{label}: {long_date(day)}"


def describe_timeline(events: Mapping[str, SaidEvent]) -> List[str]:
    """One line per event, earliest first; events without a date last."""
    ordered = sorted(events.values(), key=lambda e: (e.on is None, e.on or "", e.said_at))
    return [describe_event(e) for e in ordered]


def timeline_lines(events: Sequence[SaidEvent]) -> List[str]:
    """The timeline for an officer: current events, each correction noted ("corrected from ...")."""
    known = current(events)
    corrected = {new.role: old for old, new in superseded(events) if known.get(new.role) == new}
    lines = []
    for event in sorted(known.values(), key=lambda e: (e.on is None, e.on or "", e.said_at)):
        line = describe_event(event)
        old = corrected.get(event.role)
        if old is not None and old.day is not None:
            line += f" (corrected from {long_date(old.day)})"
        lines.append(line)
    return lines
