"""How dates are written to families: "Thursday 15 October 2026"."""
from __future__ import annotations

from datetime import date, datetime
from typing import Optional
from zoneinfo import ZoneInfo


LONDON = ZoneInfo("Europe/London")


def today_in_england() -> date:
    """Today's date in England, whatever the server's time zone."""
    return datetime.now(LONDON).date()


def long_date(day: date) -> str:
    """The date in full with its weekday, e.g. "Thursday 15 October 2026"."""
    return f"{day:%A} {day.day} {day:%B %Y}"


def parse_iso(value: object) -> Optional[date]:
    """A date from an ISO string ("2026-09-03"), or None when it is not one."""
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None


def days_away(day: date, today: date, passed: str = "that date has passed") -> str:
    """How far off a day is, in words a parent reads at a glance: "in 16 days", "that is tomorrow",
    "that is today", or `passed` once it has gone."""
    left = (day - today).days
    if left < 0:
        return passed
    return "that is today" if left == 0 else "that is tomorrow" if left == 1 else f"in {left} days"
