"""Counting school days ("within 50 school days of being told") over the usual school year in
England: weekdays that are not bank holidays, half terms (`half_terms.yml`) or the usual Christmas,
Easter and summer holidays (`school_holidays.yml`). Schools set their own term dates, so a day
counted here is an estimate the reply says it is. Pure functions; no Rasa import.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Optional, Tuple

import yaml

from knowledge import KNOWLEDGE_DIR
from knowledge.deadlines import is_working_day
from knowledge.half_terms import half_terms


@dataclass(frozen=True)
class Holiday:
    """One usual school holiday: its name and first and last days."""

    name: str
    starts: date
    ends: date


@lru_cache(maxsize=1)
def usual_holidays() -> Tuple[Holiday, ...]:
    """The usual school holidays, half terms included, in date order."""
    rows = yaml.safe_load((KNOWLEDGE_DIR / "school_holidays.yml").read_text(encoding="utf-8"))
    found = [Holiday(row["name"], row["starts"], row["ends"]) for row in rows]
    found += [Holiday(term.name, term.starts, term.ends) for term in half_terms()]
    return tuple(sorted(found, key=lambda holiday: holiday.starts))


def holiday_on(day: date) -> Optional[Holiday]:
    """The usual holiday that day falls in, if any."""
    return next((h for h in usual_holidays() if h.starts <= day <= h.ends), None)


def covered(day: date) -> bool:
    """Whether the usual holidays are known for that day's school year (so a count there means something)."""
    holidays = usual_holidays()
    return bool(holidays) and holidays[0].starts <= day <= holidays[-1].ends + timedelta(days=60)


def is_usual_school_day(day: date) -> bool:
    """A weekday that is not a bank holiday and not in a usual school holiday."""
    return is_working_day(day) and holiday_on(day) is None


def add_school_days(start: date, count: int) -> Optional[Tuple[date, Tuple[Holiday, ...]]]:
    """The `count`th usual school day after `start` (start not counted), and the holidays skipped on
    the way; None when the count runs past the holidays this knows."""
    day, remaining, skipped = start, count, []
    while remaining > 0:
        day += timedelta(days=1)
        if not covered(day):
            return None
        holiday = holiday_on(day)
        if holiday is not None and is_working_day(day) and holiday not in skipped:
            skipped.append(holiday)
        if is_usual_school_day(day):
            remaining -= 1
    return day, tuple(skipped)
