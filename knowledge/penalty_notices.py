"""When a school attendance penalty notice must be paid, from the date on the notice.

Since 19 August 2024 a penalty notice is £80 if paid within 21 days of receiving it, or £160 within
28 days (Education Act 1996, section 444A; the Education (Penalty Notices) (England) Regulations
2007, as amended in 2024). Each period begins with the day the notice is received, which is rarely
known, so the count starts from the notice's own date: the earliest, safe days.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Optional

from knowledge.event_notes import days_said

LOWER_AMOUNT_DAYS, FULL_AMOUNT_DAYS = 21, 28  # periods beginning with the day the notice is received
_DATED = re.compile(r"\b(?:dated|issued\s+on|date\s+on\s+it\s+is)\s*$", re.IGNORECASE)
_PENALTY = re.compile(r"\b(?:penalty\s+notices?|fixed\s+penalty|(?:attendance\s+)?fine)\b", re.IGNORECASE)


@dataclass(frozen=True)
class PaymentDays:
    """The last days to pay a penalty notice, counted from the date on it."""

    notice: date
    lower_by: date  # £80
    full_by: date  # £160


# "I could get a 'Notice to Improve' and then a fine": a fine threatened, no notice issued yet
# "a 'notice to improve' and if her attendance doesnt improve by 11th Dec they'll ask the council for a fine": a notice to
# improve comes before any fine, so a message that has one has no penalty notice yet unless it says one was issued
_THREATENED = re.compile(r"\b(?:can|could|might|may|would|will|'ll|if|able\s+to|going\s+to|threaten\w*|warn\w*|risk\w*)\b[^.!?]{0,100}\b(?:fine|penalty)"
                         r"|\bnotice\s+to\s+improve\b", re.IGNORECASE)
# "a letter from the attendance team dated 6th Nov warning me about a fine" is a warning, not a notice issued
_ISSUED = re.compile(r"\b(?:dated|issued|received|got|sent|given|came)\b(?:(?!\b(?:warn\w*|threat\w*|could|might|may|about|if|risk\w*)\b)[^.!?]){0,40}"
                     r"\b(?:penalty\s+notice|fixed\s+penalty|fine)\b"
                     r"|\b(?:penalty\s+notice|fixed\s+penalty|fine)\b[^.!?]{0,40}\b(?:dated|issued|arrived|came)\b", re.IGNORECASE)


def notice_date(text: str, today: date) -> Optional[date]:
    """The date of a penalty notice the message gives ("a penalty notice ... dated 24th Nov"); not "last week",
    and not a fine only threatened ("I could get a Notice to Improve and then a fine")."""
    if not _PENALTY.search(text or "") or (_THREATENED.search(text or "") and not _ISSUED.search(text or "")):
        return None
    dated = days_said(text, today, _PENALTY, _DATED, with_digits=True)  # "dated 24th Nov", beside "yesterday's post"
    found = {day for day in dated or days_said(text, today, _PENALTY, with_digits=True) if day <= today}
    return found.pop() if len(found) == 1 else None


def payment_days(text: str, today: date) -> Optional[PaymentDays]:
    """The last days to pay, counting the notice's date as day one."""
    notice = notice_date(text, today)
    if notice is None:
        return None
    return PaymentDays(notice, notice + timedelta(days=LOWER_AMOUNT_DAYS - 1), notice + timedelta(days=FULL_AMOUNT_DAYS - 1))
