"""The statutory deadline engine: pure functions over `timescales.yml`, no Rasa import.

Given the dates known about a case (`KeyDates`) and today's date, `deadlines()` returns every
deadline that applies, each with its due date, its status (upcoming, due today, overdue by N
days; with a family's timeline (`Outcomes`) also met, passed, or "should have happened by"),
its source and a plain explanation. Calendar months are real calendar months
(dateutil's relativedelta), working days skip England's bank holidays (the `holidays`
library), and a rule whose exceptions may apply says so instead of pretending to certainty.
"""
from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

import holidays
import yaml
from dateutil.relativedelta import relativedelta

TIMESCALES_FILE = Path(__file__).with_name("timescales.yml")

UPCOMING, DUE_TODAY, OVERDUE = "upcoming", "due_today", "overdue"
# Only with a family's timeline (`Outcomes`): done; a family's own limit gone by; passed with the
# outcome unknown ("should have happened by").
MET, PASSED, SHOULD_HAVE = "met", "passed", "should_have"

# How the law's words fix the last day (see the header of timescales.yml).
AFTER, BEGINNING_WITH, BEFORE_DATE, AT_LEAST_BEFORE = "after", "beginning_with", "before_date", "at_least_before"
COUNTS = (AFTER, BEGINNING_WITH, BEFORE_DATE, AT_LEAST_BEFORE)
CLOSURE_EXCEPTIONS = ("school_closure", "early_years_closure")


@dataclass(frozen=True)
class KeyDates:
    """The dates a case's deadlines count from; any may be unknown."""

    request_date: Optional[date] = None  # the council received the request for an EHC needs assessment
    draft_served: Optional[date] = None
    plan_or_last_review: Optional[date] = None  # the final plan, or the last review of it
    review_meeting: Optional[date] = None
    amendments_sent: Optional[date] = None  # proposed amendments after a review
    decision_letter: Optional[date] = None  # a decision that can be appealed
    mediation_certificate: Optional[date] = None
    told_adviser_no_mediation: Optional[date] = None
    mediation_requested: Optional[date] = None
    mediation_ended: Optional[date] = None
    discrimination_act: Optional[date] = None
    problem_known: Optional[date] = None
    transfer_year: Optional[int] = None  # calendar year of a move to a new phase of education
    post16_transfer: bool = False
    under_five: bool = False
    assessing: bool = True  # the council agreed to assess (or has not decided yet)

    def to_dict(self) -> Dict[str, Any]:
        """The known values, dates as ISO strings (for links and storage)."""
        result: Dict[str, Any] = {}
        for item in fields(self):
            value = getattr(self, item.name)
            if value is None or value == item.default:
                continue
            result[item.name] = value.isoformat() if isinstance(value, date) else value
        return result

    @classmethod
    def from_dict(cls, data: Dict[str, Any]) -> "KeyDates":
        """Rebuild from `to_dict`; unknown keys and malformed values are refused with ValueError."""
        kinds = {item.name: item.type for item in fields(cls)}
        values: Dict[str, Any] = {}
        for key, value in data.items():
            if key not in kinds:
                raise ValueError(f"unknown key date {key!r}")
            kind = str(kinds[key])
            if "date" in kind:
                values[key] = date.fromisoformat(str(value))
            elif "bool" in kind:
                if not isinstance(value, bool):
                    raise ValueError(f"{key} must be true or false")
                values[key] = value
            else:
                if not isinstance(value, int) or not 1900 < value < 2200:
                    raise ValueError(f"{key} must be a year")
                values[key] = value
        return cls(**values)


@dataclass(frozen=True)
class Outcomes:
    """What is known to have happened (role -> its date, or None if undated) and what the family
    said has not happened yet. Roles are those of knowledge/timeline.py."""

    happened: Dict[str, Optional[date]] = field(default_factory=dict)
    not_yet: frozenset = frozenset()


@dataclass(frozen=True)
class Exception_:
    """A circumstance in which the council need not meet a time limit."""

    key: str
    text: str
    source: str


@dataclass(frozen=True)
class Deadline:
    """One deadline that applies to a case."""

    rule_id: str
    title: str
    due: date
    status: str
    days: int  # days left when upcoming, days overdue when overdue, 0 today
    kind: str  # "statutory" or "advised"
    source: str
    url: str
    explanation: str
    if_missed: str
    counted_from: str
    start: date
    exceptions: Tuple[Exception_, ...] = field(default_factory=tuple)
    exception_likely: Optional[str] = None  # why an exception may apply here, when the dates suggest it
    owner: str = "council"  # who must act: "council" or "family"
    met_on: Optional[date] = None  # when it was done, if the timeline says

    @property
    def overdue(self) -> bool:
        return self.status == OVERDUE

    def status_text(self) -> str:
        """"overdue by 3 days", "due today", "in 12 days", "done", "this date has passed"."""
        plural = "s" if self.days != 1 else ""
        if self.status == OVERDUE:
            return f"overdue by {self.days} day{plural}"
        if self.status == DUE_TODAY:
            return "due today"
        if self.status == MET:
            if self.met_on and self.met_on > self.due:
                late = (self.met_on - self.due).days
                return f"done, {late} day{'s' if late != 1 else ''} late"
            return "done"
        if self.status == PASSED:
            return f"this date passed {self.days} day{plural} ago"
        if self.status == SHOULD_HAVE:
            return "should have happened by then; tell me if it has not"
        return f"in {self.days} day{plural}"


@lru_cache(maxsize=1)
def timescales() -> Dict[str, Any]:
    """The rules and exceptions from `timescales.yml`."""
    with TIMESCALES_FILE.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


@lru_cache(maxsize=64)
def _bank_holidays(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("GB", subdiv="ENG", years=[year - 1, year, year + 1])


def is_working_day(day: date) -> bool:
    """Monday to Friday and not a bank holiday in England."""
    return day.weekday() < 5 and day not in _bank_holidays(day.year)


def add_working_days(start: date, count: int) -> date:
    """The date `count` working days after `start` (start itself is not counted)."""
    day = start
    remaining = count
    while remaining > 0:
        day += timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day


def next_working_day_on_or_after(day: date) -> date:
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def tribunal_last_day(day: date) -> date:
    """HESC Rules r.12(2) and r.12(3)(a): move a last day for an SEN appeal out of August,
    25 December-1 January, weekends and bank holidays, to the next working day after."""
    if day.month == 8:
        day = date(day.year, 8, 31) + timedelta(days=1)
    elif (day.month == 12 and day.day >= 25) or (day.month == 1 and day.day == 1):
        day = date(day.year + (1 if day.month == 12 else 0), 1, 1) + timedelta(days=1)
    return next_working_day_on_or_after(day)


def count_of(rule: Dict[str, Any]) -> str:
    """The rule's explicit counting ("after", "beginning_with", ...); a rule without one is refused."""
    count = rule.get("count")
    if count not in COUNTS:
        raise ValueError(f"rule {rule.get('id')} needs a count, one of {COUNTS}, not {count!r}")
    return count


def _shift(start: date, rule: Dict[str, Any], sign: int) -> date:
    """`start` moved by the rule's period: calendar months, weeks, days or working days."""
    if "months" in rule:
        return start + relativedelta(months=sign * rule["months"])
    if "weeks" in rule:
        return start + timedelta(weeks=sign * rule["weeks"])
    if "days" in rule:
        return start + timedelta(days=sign * rule["days"])
    if "working_days" in rule and sign > 0:
        return add_working_days(start, rule["working_days"])
    raise ValueError(f"rule {rule.get('id')} has no period that can be counted this way")


def _add_period(start: date, rule: Dict[str, Any]) -> date:
    """The last day of a period counted from `start`, as the rule's "count" says.

    after: the same date N later ("within 6 weeks of"); beginning_with: `start` is day 1, so the
    day before that date ("6 months starting with"); at_least_before: N before `start`.
    """
    count = count_of(rule)
    if count == AT_LEAST_BEFORE:
        return _shift(start, rule, -1)
    end = _shift(start, rule, 1)
    if count == BEGINNING_WITH:
        return end - timedelta(days=1)
    if count == AFTER:
        return end
    raise ValueError(f"rule {rule.get('id')}: {count} needs a fixed date")


def _fixed_last_day(year: int, rule: Dict[str, Any]) -> date:
    """A day in the year; "before 15 February" makes 14 February the last day."""
    day = date(year, rule["fixed"]["month"], rule["fixed"]["day"])
    if count_of(rule) == BEFORE_DATE:
        return day - timedelta(days=1)
    if count_of(rule) == AFTER:
        return day
    raise ValueError(f"rule {rule.get('id')}: a fixed date is counted 'before_date' or 'after'")


def _applies(rule: Dict[str, Any], dates: KeyDates) -> bool:
    condition = rule.get("only_if")
    if condition is None:
        return True
    return {
        "assessing": dates.assessing,
        "under_five": dates.under_five,
        "post16_transfer": dates.post16_transfer,
        "not_post16_transfer": not dates.post16_transfer,
    }[condition]


def _due_date(rule: Dict[str, Any], dates: KeyDates) -> Optional[Tuple[date, date]]:
    """(start, due) for a rule, or None when its key date is unknown."""
    start = getattr(dates, rule["from"])
    if start is None:
        return None
    if "fixed" in rule:
        return date(int(start), 1, 1), _fixed_last_day(int(start), rule)
    due = _add_period(start, rule)
    later = rule.get("later_of")
    if later and getattr(dates, later["from"]) is not None:
        due = max(due, _add_period(getattr(dates, later["from"]), later))
    if rule.get("tribunal_holiday_extension"):
        due = tribunal_last_day(due)
    return start, due


def _exception_likely(rule: Dict[str, Any], start: date, due: date) -> Optional[str]:
    """Why an exception may apply, judged from the dates alone (a long school holiday inside the window)."""
    if not set(CLOSURE_EXCEPTIONS) & set(rule.get("exceptions", [])):
        return None
    august_days = (
        date(year, 8, d) for year in range(start.year, due.year + 1) for d in (1, 31)
    )
    if start.month == 8 or due.month == 8 or any(start <= day <= due for day in august_days):
        return ("The summer holiday falls in this period. If the council asked a school, college or nursery "
                "for advice during a closure of 4 weeks or more, or the week before, this time limit may not apply.")
    return None


def status_of(due: date, today: date) -> Tuple[str, int]:
    """(status, days): days left, 0 for today, or days overdue."""
    delta = (due - today).days
    if delta > 0:
        return UPCOMING, delta
    if delta == 0:
        return DUE_TODAY, 0
    return OVERDUE, -delta


def honest_status(rule: Dict[str, Any], start: date, due: date, today: date,
                  outcomes: Outcomes) -> Tuple[str, int, Optional[date]]:
    """(status, days, met_on) when the family's timeline is known: overdue only when the family said
    it has not happened; met when a fulfilling event on or after `start` is known."""
    status, days = status_of(due, today)
    if rule.get("owner") == "family":
        return (PASSED, days, None) if status == OVERDUE else (status, days, None)
    fulfilled = rule.get("fulfilled_by", [])
    # a review counted from the last review is not fulfilled by that same review
    counts_from_itself = rule.get("from") == "plan_or_last_review"
    done = [outcomes.happened[r] for r in fulfilled if r in outcomes.happened
            and (outcomes.happened[r] is None or outcomes.happened[r] <= today)  # a meeting booked ahead is not held yet
            and (outcomes.happened[r] is None and not counts_from_itself
                 or outcomes.happened[r] is not None and (outcomes.happened[r] > start if counts_from_itself
                                                         else outcomes.happened[r] >= start))]
    if done:
        return MET, 0, max((d for d in done if d is not None), default=None)
    if any(r in outcomes.happened for r in rule.get("implied_by", [])):
        return MET, 0, None  # "they did the assessment, then said no plan": the decision to assess was made, day unknown
    if status != OVERDUE:
        return status, days, None
    if any(r in outcomes.not_yet for r in fulfilled):
        return OVERDUE, days, None
    return SHOULD_HAVE, days, None


def deadlines(dates: KeyDates, today: date, outcomes: Optional[Outcomes] = None) -> List[Deadline]:
    """Every deadline that applies to these dates, overdue ones first, then by due date.

    Without `outcomes` (a case record whose stage says what has happened) a passed date is overdue;
    with a family's timeline the status is honest (see `honest_status`).
    """
    data = timescales()
    found: List[Deadline] = []
    for rule in data["rules"]:
        if not _applies(rule, dates):
            continue
        if outcomes is not None and any(r in outcomes.happened for r in rule.get("void_if", [])):
            continue
        window = _due_date(rule, dates)
        if window is None:
            continue
        start, due = window
        met_on = None
        if outcomes is None:
            status, days = status_of(due, today)
        else:
            status, days, met_on = honest_status(rule, start, due, today, outcomes)
        exceptions = tuple(
            Exception_(key, data["exceptions"][key]["text"], data["exceptions"][key]["source"])
            for key in rule.get("exceptions", [])
        )
        found.append(Deadline(
            rule_id=rule["id"], title=rule["title"], due=due, status=status, days=days,
            kind=rule["kind"], source=rule["source"], url=rule["url"],
            explanation=rule["explanation"], if_missed=rule["if_missed"],
            counted_from=rule["from"], start=start, exceptions=exceptions,
            exception_likely=_exception_likely(rule, start, due),
            owner=rule.get("owner", "council"), met_on=met_on,
        ))
    return sorted(found, key=lambda d: (not d.overdue, d.due, d.rule_id))


# Which key date a conversation's process stage and its date give us.
STAGE_KEY_DATE: Dict[str, str] = {
    "assessment_requested": "request_date",
    "assessment_agreed": "request_date",
    "assessment_refused": "decision_letter",
    "plan_refused": "decision_letter",
    "draft_plan": "draft_served",
    "final_plan": "plan_or_last_review",
    "annual_review": "review_meeting",
    "placement_dispute": "decision_letter",
}


def deadline_for(rule_id: str, dates: KeyDates, today: date) -> Optional[Deadline]:
    """The one deadline of rule `rule_id` for these dates, or None when it does not apply."""
    return next((d for d in deadlines(dates, today) if d.rule_id == rule_id), None)


def key_dates_for_stage(stage: Optional[str], stage_date: Optional[date], child_age: Optional[int] = None) -> KeyDates:
    """The key dates a conversation has: the stage's date, and whether the child is under five."""
    values: Dict[str, Any] = {"under_five": child_age is not None and child_age < 5}
    key = STAGE_KEY_DATE.get(stage or "")
    if key and stage_date is not None:
        values[key] = stage_date
        if stage == "plan_refused":
            values["assessing"] = False
    return KeyDates(**values)
