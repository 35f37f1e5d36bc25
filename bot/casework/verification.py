"""Identity before disclosure: pure rules, no database.

A parent proves who they are with two factors out of: the case reference, the child's date of
birth, and (on SMS or WhatsApp) the phone number the message came from when it is on the case.
A wrong reference and a wrong date of birth get the same answer, so references cannot be
discovered. After 5 failed attempts in an hour, in the conversation or against the case, the
conversation is locked out. Verification lapses after a spell of inactivity.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Iterable, Optional

MAX_FAILURES = 5
FAILURE_WINDOW = timedelta(hours=1)
IDLE_LIMIT = timedelta(minutes=15)
REFERENCE = re.compile(r"^SR-?(\d{4})-?(\d{4})$", re.IGNORECASE)


def normalise_reference(text: str) -> Optional[str]:
    """"sr 2026 0412", "SR-2026-0412" -> "SR-2026-0412"; None when it is not a reference."""
    compact = re.sub(r"[\s_]+", "-", (text or "").strip())
    match = REFERENCE.match(compact.replace("--", "-"))
    return f"SR-{match.group(1)}-{match.group(2)}" if match else None


@dataclass(frozen=True)
class Claim:
    """What the parent said: any of reference, date of birth, and whether their phone is on the case."""

    reference: Optional[str] = None
    date_of_birth: Optional[date] = None
    phone_on_case: bool = False


@dataclass(frozen=True)
class CaseFacts:
    """What the store holds about the case the claim points to."""

    reference: str
    date_of_birth: date


def factors_met(claim: Claim, case: Optional[CaseFacts]) -> int:
    """How many independent factors the claim proves for this case (0 when there is no case)."""
    if case is None:
        return 0
    reference_ok = claim.reference is not None and normalise_reference(claim.reference) == case.reference
    birth_ok = claim.date_of_birth is not None and claim.date_of_birth == case.date_of_birth
    return int(reference_ok) + int(birth_ok) + int(claim.phone_on_case)


def is_verified(claim: Claim, case: Optional[CaseFacts]) -> bool:
    """Two factors, one of which must be the reference or the date of birth."""
    return factors_met(claim, case) >= 2


def locked_out(failures: Iterable[datetime], now: datetime) -> bool:
    """True when 5 or more failures fall within the last hour."""
    return sum(1 for at in failures if now - at < FAILURE_WINDOW) >= MAX_FAILURES


def still_verified(last_seen: Optional[datetime], now: datetime, idle_limit: timedelta = IDLE_LIMIT) -> bool:
    """A verification holds while the conversation has been active within the idle limit."""
    return last_seen is not None and now - last_seen <= idle_limit
