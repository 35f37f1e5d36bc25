"""The usual half-term weeks in England (`half_terms.yml`), for "the Monday after half term".

Term dates are set by each council or academy trust, so the day worked out is an assumption the
assistant states (`assumed_half_term_note`), never a fact it was told.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import List, Optional, Tuple

import yaml

from knowledge import KNOWLEDGE_DIR
from knowledge.dates import long_date

_MONTH_SEASON = {"oct": "autumn", "october": "autumn", "autumn": "autumn", "feb": "spring", "february": "spring",
                 "spring": "spring", "may": "summer", "summer": "summer", "whitsun": "summer"}
# "the Monday after half term", "the first day back after October half term", "the monday after the feb half-term"
DAY_AFTER_HALF_TERM = re.compile(
    r"\b(?:the\s+)?(?:monday|first\s+day(?:\s+back)?|day\s+(?:we|they|he|she|school)\s+went\s+back)\s+(?:back\s+)?after\s+"
    r"(?:the\s+)?(?:(oct(?:ober)?|feb(?:ruary)?|may|autumn|spring|summer|whitsun)\s+)?half[-\s]?term\b", re.IGNORECASE)


@dataclass(frozen=True)
class HalfTerm:
    """One usual half-term holiday week."""

    name: str
    season: str
    starts: date
    ends: date

    @property
    def back(self) -> date:
        """The Monday the children go back."""
        return self.starts + timedelta(days=7)


@lru_cache(maxsize=1)
def half_terms() -> Tuple[HalfTerm, ...]:
    """Every half-term week on record, oldest first."""
    rows = yaml.safe_load((KNOWLEDGE_DIR / "half_terms.yml").read_text(encoding="utf-8"))
    return tuple(sorted((HalfTerm(r["name"], r["season"], r["starts"], r["ends"]) for r in rows),
                        key=lambda h: h.starts))


def day_after_half_term(phrase: str, today: date) -> Optional[date]:
    """The Monday after the most recent half term (of the season named, if one is), up to today."""
    match = DAY_AFTER_HALF_TERM.search(phrase)
    if not match:
        return None
    season = _MONTH_SEASON.get((match.group(1) or "").lower())
    passed = [h for h in half_terms() if h.back <= today and (season is None or h.season == season)]
    return passed[-1].back if passed else None


def assumed_half_term_note(said: str, today: date) -> Optional[str]:
    """What the assistant assumed for "the Monday after half term", so the family can correct it."""
    match = DAY_AFTER_HALF_TERM.search(said or "")
    day = day_after_half_term(match.group(0), today) if match else None
    if day is None:
        return None
    week = next(h for h in half_terms() if h.back == day)
    return (f"I took \"{match.group(0).strip()}\" as {long_date(day)}, after the {week.name} most schools in England "
            f"had ({week.starts:%-d} to {long_date(week.ends)}). Term dates differ between areas. If your school's "
            f"half term was another week, tell me the date and I will work it out again.")


def matches(text: str) -> List[Tuple[int, int]]:
    """Where each "the Monday after half term" is in the text."""
    return [(m.start(), m.end()) for m in DAY_AFTER_HALF_TERM.finditer(text)]
