"""The casework store's operations: verify a conversation, read a case, record what a parent
tells us, link conversations, audit. Each function takes the database URL and does one job."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Dict, Optional, Tuple

import sqlalchemy as sa

from bot.casework.database import session_scope
from bot.casework.models import (
    CASE_KEY_DATES, AuditEntry, Case, CaseEvent, ContactIdentity, ConversationLink,
    VerificationAttempt, utcnow,
)
from bot.casework.verification import (
    FAILURE_WINDOW, CaseFacts, Claim, is_verified, locked_out, normalise_reference, still_verified,
)
from knowledge.deadlines import KeyDates

VERIFIED, NOT_MATCHED, LOCKED = "verified", "not_matched", "locked"


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


def verify(url: str, conversation_id: str, reference: Optional[str], date_of_birth: Optional[date],
           phone: Optional[str] = None, now: Optional[datetime] = None) -> str:
    """VERIFIED (and the conversation linked), NOT_MATCHED, or LOCKED; every try is recorded."""
    now = now or utcnow()
    since = now - FAILURE_WINDOW
    with session_scope(url) as session:
        case = _case_by_reference(session, reference)
        failures = [row.at for row in session.execute(
            sa.select(VerificationAttempt).where(
                VerificationAttempt.succeeded.is_(False), VerificationAttempt.at > since,
                sa.or_(VerificationAttempt.conversation_id == conversation_id,
                       VerificationAttempt.case_id == (case.id if case else -1)),
            )
        ).scalars()]
        if locked_out(failures, now):
            session.add(AuditEntry(actor=f"conversation:{conversation_id}", action="verification_locked",
                                   case_id=case.id if case else None))
            return LOCKED
        facts = CaseFacts(case.reference, case.child.date_of_birth) if case else None
        claim = Claim(reference, date_of_birth, _phone_on_case(session, case, phone) if case else False)
        ok = is_verified(claim, facts)
        session.add(VerificationAttempt(conversation_id=conversation_id, case_id=case.id if case else None,
                                        succeeded=ok, at=now))
        if not ok:
            if locked_out(failures + [now], now):
                session.add(AuditEntry(actor=f"conversation:{conversation_id}", action="verification_locked",
                                       case_id=case.id if case else None))
                return LOCKED
            return NOT_MATCHED
        session.merge(ConversationLink(conversation_id=conversation_id, case_id=case.id,
                                       verified_at=now, last_seen_at=now))
        session.add(AuditEntry(actor=f"conversation:{conversation_id}", action="verified", case_id=case.id))
        return VERIFIED


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
