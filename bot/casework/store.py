"""The casework store's operations: verify a conversation, read a case, record what a parent
tells us, link conversations, audit. Each function takes the database URL and does one job."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, Dict, List, Optional, Tuple

import sqlalchemy as sa

from bot.casework.database import session_scope
from bot.casework.models import (
    CASE_KEY_DATES, AuditEntry, Case, CaseEvent, ContactIdentity, ConversationLink,
    VerificationAttempt, utcnow,
)
from bot.casework.verification import (
    FAILURE_WINDOW, CaseFacts, Claim, alert_due, is_verified, longest_wait, normalise_reference, reference_key,
    still_verified,
)
from knowledge.deadlines import KeyDates

VERIFIED, NOT_MATCHED, WAIT = "verified", "not_matched", "wait"


@dataclass(frozen=True)
class VerifyResult:
    """How a try went (VERIFIED, NOT_MATCHED or WAIT) and, when this failure crossed the alert
    threshold, on what ("reference" or "address") and the case it was against, if one exists."""

    status: str
    alert: Optional[str] = None
    case_id: Optional[int] = None
    conversation_failures: int = 0  # failed tries in this conversation in the window, this one included


@dataclass(frozen=True)
class CaseView:
    """What a verified parent may see of their case."""

    reference: str
    child_first_name: str
    local_authority_code: str
    stage: str
    key_dates: KeyDates
    parent_reported: Tuple[Tuple[str, Optional[date]], ...]


def _case_by_reference(session: Any, reference: Optional[str]) -> Optional[Case]:
    normalised = normalise_reference(reference or "")
    if normalised is None:
        return None
    return session.execute(sa.select(Case).where(Case.reference == normalised)).scalar_one_or_none()


def _phone_on_case(session: Any, case: Case, phone: Optional[str]) -> bool:
    if not phone:
        return False
    return session.execute(
        sa.select(ContactIdentity.id).where(
            ContactIdentity.family_id == case.child.family_id,
            ContactIdentity.kind.in_(("phone", "whatsapp")), ContactIdentity.value == phone,
        )
    ).first() is not None


def address_key(address: Optional[str]) -> Optional[str]:
    """A source address as the store counts it: hashed, so no address is kept in the clear. The
    channels pass none for an address that is never counted (channels/addresses.py)."""
    if not address:
        return None
    return hashlib.sha256(f"verification-address:{address}".encode()).hexdigest()[:40]


def birth_key(date_of_birth: Optional[date]) -> Optional[str]:
    """A date of birth as the store counts failed tries against it (hashed)."""
    if date_of_birth is None:
        return None
    return hashlib.sha256(f"verification-birth:{date_of_birth.isoformat()}".encode()).hexdigest()[:40]


def _failures(session: Any, column: Any, value: Optional[str], since: datetime) -> List[datetime]:
    if value is None:
        return []
    return list(session.execute(sa.select(VerificationAttempt.at).where(
        column == value, VerificationAttempt.succeeded.is_(False), VerificationAttempt.at > since)).scalars())


def verify(url: str, conversation_id: str, reference: Optional[str], date_of_birth: Optional[date],
           phone: Optional[str] = None, address: Optional[str] = None,
           now: Optional[datetime] = None) -> "VerifyResult":
    """VERIFIED (and the conversation linked), NOT_MATCHED, or WAIT (too many recent failures on
    the reference, the conversation or the address: nothing was checked). The parent is told the
    same for NOT_MATCHED and WAIT. Every checked try is recorded; repeated failures on one
    reference or from one address raise an alert for the officers."""
    now = now or utcnow()
    since = now - FAILURE_WINDOW
    ref_key, addr_key, dob_key = reference_key(reference), address_key(address), birth_key(date_of_birth)
    with session_scope(url) as session:
        failures = {
            "reference": _failures(session, VerificationAttempt.reference_key, ref_key, since),
            "conversation": _failures(session, VerificationAttempt.conversation_id, conversation_id, since),
            "address": _failures(session, VerificationAttempt.address, addr_key, since),
        }
        # Counted for alerts only: many children share a birthday, so it never makes anyone wait.
        birth_failures = _failures(session, VerificationAttempt.birth_key, dob_key, since)
        if longest_wait(failures, now) > timedelta(0):
            session.add(AuditEntry(actor=f"conversation:{conversation_id}", action="verification_slowed"))
            return VerifyResult(WAIT, conversation_failures=len(failures["conversation"]))
        case = _case_by_reference(session, reference)
        facts = CaseFacts(case.reference, case.child.date_of_birth) if case else None
        claim = Claim(reference, date_of_birth, _phone_on_case(session, case, phone) if case else False)
        ok = is_verified(claim, facts)
        session.add(VerificationAttempt(conversation_id=conversation_id, case_id=case.id if case else None,
                                        succeeded=ok, at=now, reference_key=ref_key, address=addr_key,
                                        birth_key=dob_key))
        if not ok:
            for kind, before in (("reference", failures["reference"]), ("address", failures["address"]),
                                 ("date_of_birth", birth_failures)):
                if alert_due(len(before)):
                    session.add(AuditEntry(actor=f"conversation:{conversation_id}", action="verification_alert",
                                           case_id=case.id if case else None, detail=kind))
                    return VerifyResult(NOT_MATCHED, kind, case.id if case else None, len(failures["conversation"]) + 1)
            return VerifyResult(NOT_MATCHED, conversation_failures=len(failures["conversation"]) + 1)
        session.merge(ConversationLink(conversation_id=conversation_id, case_id=case.id,
                                       verified_at=now, last_seen_at=now))
        session.add(AuditEntry(actor=f"conversation:{conversation_id}", action="verified", case_id=case.id))
        return VerifyResult(VERIFIED)


def verification_holds(url: str, conversation_id: str, now: Optional[datetime] = None) -> bool:
    """Whether the conversation's verification holds; reads nothing about the case."""
    with session_scope(url) as session:
        link = session.get(ConversationLink, conversation_id)
        return link is not None and still_verified(link.last_seen_at, now or utcnow())


def verified_case(url: str, conversation_id: str, now: Optional[datetime] = None) -> Optional[CaseView]:
    """The case this conversation is verified for, while the verification holds; None otherwise.
    Reading it keeps the verification alive and is written to the audit log."""
    now = now or utcnow()
    with session_scope(url) as session:
        link = session.get(ConversationLink, conversation_id)
        if link is None:
            return None
        if not still_verified(link.last_seen_at, now):
            session.delete(link)
            return None
        link.last_seen_at = now
        case = session.get(Case, link.case_id)
        session.add(AuditEntry(actor=f"conversation:{conversation_id}", action="case_viewed", case_id=case.id))
        return _view(case)


def _view(case: Case) -> CaseView:
    verified = {name: getattr(case, name) for name in CASE_KEY_DATES if getattr(case, name) is not None}
    parent = tuple((e.kind, e.happened_on) for e in case.events if e.recorded_by == "parent")
    # A date the parent told us fills a gap, never replaces a verified one.
    dates: Dict[str, Any] = dict(verified)
    for kind, happened_on in parent:
        if kind in CASE_KEY_DATES and kind not in dates and happened_on is not None:
            dates[kind] = happened_on
    if case.transfer_year:
        dates["transfer_year"] = case.transfer_year
        dates["post16_transfer"] = bool(case.post16_transfer)
    return CaseView(case.reference, case.child.first_name, case.local_authority_code, case.stage,
                    KeyDates(**dates), parent)


def record_parent_fact(url: str, conversation_id: str, kind: str, happened_on: Optional[date],
                       detail: str = "") -> bool:
    """Add a parent-reported event to the verified case's timeline; False when not verified."""
    with session_scope(url) as session:
        link = session.get(ConversationLink, conversation_id)
        if link is None or not still_verified(link.last_seen_at, utcnow()):
            return False
        session.add(CaseEvent(case_id=link.case_id, kind=kind, happened_on=happened_on, detail=detail[:2000],
                              recorded_by="parent", conversation_id=conversation_id))
        session.add(AuditEntry(actor=f"conversation:{conversation_id}", action="parent_fact_recorded",
                               case_id=link.case_id, detail=kind))
        return True


def case_count(url: str) -> int:
    with session_scope(url) as session:
        return session.execute(sa.select(sa.func.count(Case.id))).scalar_one()



def all_case_key_dates(url: str) -> list:
    """(authority code, key dates) for every case: figures for the dashboard, no names."""
    with session_scope(url) as session:
        return [(case.local_authority_code, _view(case).key_dates)
                for case in session.execute(sa.select(Case)).scalars()]
