"""The service's opening hours and reply targets, and when a reply is due. Pure functions.

Settings (environment or .env):
  SERVICE_HOURS=Mon-Fri 09:00-17:00
  RESPONSE_TARGETS=urgent=1,high=4,normal=8   (working hours within the opening hours)
Bank holidays in England are closed days (the `holidays` package).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Dict, Mapping, Tuple

import holidays

from knowledge.dates import LONDON

DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
DEFAULT_HOURS = "Mon-Fri 09:00-17:00"
DEFAULT_TARGETS = "urgent=1,high=4,normal=8"


@dataclass(frozen=True)
class ServiceLevel:
    """Open days (0 = Monday), opening and closing time, and reply targets in working hours."""

    days: Tuple[int, ...] = (0, 1, 2, 3, 4)
    opens: time = time(9, 0)
    closes: time = time(17, 0)
    targets: Dict[str, float] = field(default_factory=lambda: {"urgent": 1.0, "high": 4.0, "normal": 8.0})

    @classmethod
    def parse(cls, hours: str = DEFAULT_HOURS, targets: str = DEFAULT_TARGETS) -> "ServiceLevel":
        """From "Mon-Fri 09:00-17:00" and "urgent=1,high=4,normal=8"; ValueError when malformed."""
        day_part, time_part = hours.split()
        first, _, last = day_part.partition("-")
        start, end = DAYS.index(first), DAYS.index(last or first)
        opens, closes = (time.fromisoformat(t) for t in time_part.split("-"))
        if closes <= opens:
            raise ValueError("the service must close after it opens")
        parsed = {k.strip(): float(v) for k, v in (item.split("=") for item in targets.split(","))}
        if any(v <= 0 for v in parsed.values()):
            raise ValueError("reply targets must be positive")
        return cls(tuple(range(start, end + 1)), opens, closes, parsed)

    @classmethod
    def from_environment(cls, environ: Mapping[str, str]) -> "ServiceLevel":
        return cls.parse(environ.get("SERVICE_HOURS") or DEFAULT_HOURS,
                         environ.get("RESPONSE_TARGETS") or DEFAULT_TARGETS)

    def target_hours(self, priority: str) -> float:
        return self.targets.get(priority, self.targets.get("normal", 8.0))

    def is_open_day(self, day: date) -> bool:
        return day.weekday() in self.days and day not in _bank_holidays(day.year)

    def is_open(self, moment: datetime) -> bool:
        """Whether officers are working at this moment (an aware datetime)."""
        local = moment.astimezone(LONDON)
        return self.is_open_day(local.date()) and self.opens <= local.time() < self.closes

    def reply_due(self, raised: datetime, priority: str) -> datetime:
        """When a reply is due: the target counted in working hours from `raised` (aware), in London time."""
        remaining = timedelta(hours=self.target_hours(priority))
        cursor = raised.astimezone(LONDON)
        for _ in range(400):  # at most about a year of days
            day = cursor.date()
            if self.is_open_day(day):
                start = max(cursor, datetime.combine(day, self.opens, LONDON))
                end = datetime.combine(day, self.closes, LONDON)
                if start < end:
                    if start + remaining <= end:
                        return start + remaining
                    remaining -= end - start
            cursor = datetime.combine(day + timedelta(days=1), time(0, 0), LONDON)
        raise ValueError("no opening hours found within a year")

    def hours_text(self) -> str:
        """ "Monday to Friday, 9am to 5pm, except bank holidays" """
        first, last = DAY_NAMES[self.days[0]], DAY_NAMES[self.days[-1]]
        days = first if first == last else f"{first} to {last}"
        return f"{days}, {_clock(self.opens)} to {_clock(self.closes)}, except bank holidays"

    def target_text(self, priority: str) -> str:
        """ "4 working hours", "1 working day" """
        hours = self.target_hours(priority)
        day_length = (datetime.combine(date.min, self.closes) - datetime.combine(date.min, self.opens)).seconds / 3600
        if hours >= day_length and hours % day_length == 0:
            days = int(hours // day_length)
            return f"{days} working day{'s' if days != 1 else ''}"
        whole = int(hours) if hours == int(hours) else hours
        return f"{whole} working hour{'s' if hours != 1 else ''}"


def _clock(moment: time) -> str:
    """9am, 5pm, 5:30pm."""
    hour = moment.hour % 12 or 12
    suffix = "am" if moment.hour < 12 else "pm"
    return f"{hour}{suffix}" if moment.minute == 0 else f"{hour}:{moment.minute:02d}{suffix}"


def due_text(due: datetime) -> str:
    """ "Wednesday 25 November at 11am" (London time)."""
    local = due.astimezone(LONDON)
    return f"{local:%A} {local.day} {local:%B} at {_clock(local.time())}"


def due_numeric(due: datetime) -> str:
    """ "30/11/2026 13:00" (London time): a reply time any reader can follow, in any language."""
    local = due.astimezone(LONDON)
    return f"{local:%d/%m/%Y %H:%M}"


def _bank_holidays(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("GB", subdiv="ENG", years=[year, year + 1])
