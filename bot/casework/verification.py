"""Identity before disclosure: pure rules, no database.

A parent proves who they are with two factors out of: the case reference, the child's date of
birth, and (on SMS or WhatsApp) the phone number the conversation belongs to when it is on the
case. Every answer that is not "verified" is the same answer, whether the reference exists, the
details were wrong or tries are being slowed down, so nothing is learnt about which cases exist.

Failed tries are counted per reference tried (whether or not a case has it), per conversation
and per source address. After a few free failures each further try on that key must wait, the
wait doubling each time up to a cap: an attacker is slowed to a crawl, while the real parent is
never locked out by a stranger (the per-reference wait is capped at minutes). Repeated failures
against one reference or from one address raise an alert for an officer. Verification lapses
after a spell of inactivity.

New case references are random (40 bits, Crockford's base 32: SR-7K4M-9QXD); the older
sequential ones (SR-2026-0001) are still accepted.
"""
from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Dict, Iterable, Optional

FAILURE_WINDOW = timedelta(hours=24)
FREE_FAILURES = 3
FIRST_WAIT = timedelta(seconds=30)
# The longest wait each kind of key can impose. A reference's wait is short, because a stranger
# can run it up against a real family's case; a conversation's or an address's belongs to the
# one trying.
WAIT_CAPS: Dict[str, timedelta] = {
    "reference": timedelta(minutes=5),
    "conversation": timedelta(hours=1),
    "address": timedelta(hours=1),
}
ALERT_AFTER = 6  # failures on one reference, or from one address, in the window
IDLE_LIMIT = timedelta(minutes=15)
REFERENCE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford's base 32: no I, L, O, U
REFERENCE_PART = "[0-9A-HJKMNP-TV-Z]{4}"
REFERENCE = re.compile(rf"^SR-?({REFERENCE_PART})-?({REFERENCE_PART})$", re.IGNORECASE)


def normalise_reference(text: str) -> Optional[str]:
    """The reference in its one written form: "sr 2026 0412" -> "SR-2026-0412",
    "sr7k4m9qxd" -> "SR-7K4M-9QXD"; None when it is not a reference."""
    compact = re.sub(r"[\s_]+", "-", (text or "").strip())
    match = REFERENCE.match(compact.replace("--", "-"))
    return f"SR-{match.group(1).upper()}-{match.group(2).upper()}" if match else None


def new_reference() -> str:
    """A random, non-sequential case reference such as SR-7K4M-9QXD."""
    chars = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
    return f"SR-{chars[:4]}-{chars[4:]}"


def reference_key(text: Optional[str]) -> Optional[str]:
    """What a try is counted against: the reference as normalised, or as typed when it is not a
    valid one (so a made-up reference counts exactly like a real one)."""
    if not text or not str(text).strip():
        return None
    return normalise_reference(str(text)) or re.sub(r"\s+", " ", str(text).strip().upper())[:40]


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


def wait_needed(failures: Iterable[datetime], now: datetime, cap: timedelta) -> timedelta:
    """How long before the next try on one key: nothing for the first FREE_FAILURES failures in
    the window, then 30 seconds after the latest failure, doubling with each further failure, up
    to `cap`."""
    recent = sorted(at for at in failures if timedelta(0) <= now - at < FAILURE_WINDOW)
    if len(recent) < FREE_FAILURES:
        return timedelta(0)
    wait = min(FIRST_WAIT * 2 ** min(len(recent) - FREE_FAILURES, 20), cap)
    return max(timedelta(0), recent[-1] + wait - now)


def longest_wait(failures_by_key: Dict[str, Iterable[datetime]], now: datetime) -> timedelta:
    """The wait before a try, over its keys ("reference", "conversation", "address")."""
    waits = [wait_needed(failures, now, WAIT_CAPS[kind]) for kind, failures in failures_by_key.items()]
    return max(waits, default=timedelta(0))


def alert_due(failures_before: int) -> bool:
    """Whether the failure just recorded (after `failures_before` in the window) crosses the alert
    threshold: once, when the count reaches ALERT_AFTER."""
    return failures_before + 1 == ALERT_AFTER


def still_verified(last_seen: Optional[datetime], now: datetime, idle_limit: timedelta = IDLE_LIMIT) -> bool:
    """A verification holds while the conversation has been active within the idle limit."""
    return last_seen is not None and now - last_seen <= idle_limit
