"""Console sign-ins held server side: the cookie carries a random session id, the store keeps its
SHA-256 hash with the officer, when it began, when it was last seen and when it ended.

Every console request looks the session up. Sign-out, deactivating the officer or 8 hours end it;
an ended session stays ended, so a copied cookie opens nothing afterwards.
"""
from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta
from typing import Optional

import sqlalchemy as sa

from bot.casework.database import session_scope
from bot.casework.models import ConsoleSession, Officer, utcnow

SESSION_HOURS = 8
LAST_SEEN_EVERY = timedelta(minutes=1)  # how often a busy session's last-seen time is written
SIGNED_OUT, EXPIRED, OFFICER_INACTIVE, REPLACED = "signed_out", "expired", "officer_inactive", "replaced"


def _hash(session_id: str) -> str:
    return hashlib.sha256(session_id.encode()).hexdigest()


def end_reason(created_at: datetime, officer_active: bool, now: datetime) -> Optional[str]:
    """Why a session still open must end now, or None while it may go on."""
    if not officer_active:
        return OFFICER_INACTIVE
    if now - created_at >= timedelta(hours=SESSION_HOURS):
        return EXPIRED
    return None


def start_session(url: str, officer_id: int, now: Optional[datetime] = None) -> str:
    """A new session for a signed-in officer; returns its id (for the cookie only)."""
    session_id = secrets.token_urlsafe(32)
    now = now or utcnow()
    with session_scope(url) as db:
        db.add(ConsoleSession(session_hash=_hash(session_id), officer_id=officer_id, created_at=now,
                              last_seen_at=now))
    return session_id


def session_officer(url: str, session_id: str, now: Optional[datetime] = None) -> Optional[Officer]:
    """The officer of a live session, else None; a session found too old or for an inactive
    officer is ended on the spot."""
    if not session_id:
        return None
    now = now or utcnow()
    with session_scope(url) as db:
        row = db.execute(
            sa.select(ConsoleSession).where(ConsoleSession.session_hash == _hash(session_id))
        ).scalar_one_or_none()
        if row is None or row.ended_at is not None:
            return None
        officer = db.get(Officer, row.officer_id)
        reason = end_reason(row.created_at, bool(officer and officer.active), now)
        if reason is not None:
            row.ended_at, row.end_reason = now, reason
            return None
        if now - row.last_seen_at >= LAST_SEEN_EVERY:
            row.last_seen_at = now
        return officer


def end_session(url: str, session_id: str, reason: str = SIGNED_OUT, now: Optional[datetime] = None) -> bool:
    """End one session; False when it was not open."""
    if not session_id:
        return False
    with session_scope(url) as db:
        result = db.execute(
            sa.update(ConsoleSession)
            .where(ConsoleSession.session_hash == _hash(session_id), ConsoleSession.ended_at.is_(None))
            .values(ended_at=now or utcnow(), end_reason=reason)
        )
        return bool(result.rowcount)


def end_officer_sessions(db: sa.orm.Session, officer_id: int, reason: str, now: datetime) -> int:
    """End every open session of one officer, inside the caller's transaction."""
    result = db.execute(
        sa.update(ConsoleSession)
        .where(ConsoleSession.officer_id == officer_id, ConsoleSession.ended_at.is_(None))
        .values(ended_at=now, end_reason=reason)
    )
    return result.rowcount or 0
