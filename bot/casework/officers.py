"""Officer accounts: passwords hashed with Argon2id (argon2-cffi), never stored or logged in clear."""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Optional, Tuple

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from bot.casework.console_sessions import OFFICER_INACTIVE, end_officer_sessions
from bot.casework.database import session_scope
from bot.casework.models import ROLES, AuditEntry, Officer, utcnow
from bot.casework.officer_tokens import revoke_officer_tokens

_hasher = PasswordHasher()
MIN_PASSWORD_LENGTH = 12


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValueError(f"a password needs at least {MIN_PASSWORD_LENGTH} characters")
    return _hasher.hash(password)


def password_matches(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def add_officer(url: str, username: str, display_name: str, password: str, role: str = "officer") -> int:
    """Create an officer; ValueError for a taken username, an unknown role or a short password."""
    username = username.strip().lower()
    if not username or not display_name.strip():
        raise ValueError("a username and a display name are needed")
    if role not in ROLES:
        raise ValueError(f"role must be one of {', '.join(ROLES)}")
    password_hash = hash_password(password)
    with session_scope(url) as session:
        if session.execute(sa.select(Officer.id).where(Officer.username == username)).first():
            raise ValueError(f"the username {username!r} is taken")
        officer = Officer(username=username, display_name=display_name.strip(), password_hash=password_hash,
                          role=role)
        session.add(officer)
        session.flush()
        session.add(AuditEntry(actor="cli", action="officer_added", detail=f"officer:{officer.id}"))
        return officer.id


def find_officer(url: str, username: str) -> Optional[Officer]:
    with session_scope(url) as session:
        return session.execute(
            sa.select(Officer).where(Officer.username == username.strip().lower())
        ).scalar_one_or_none()


MAX_FAILED_LOGINS = 5
LOCK_MINUTES = 15
OK, BAD_CREDENTIALS, LOCKED = "ok", "bad_credentials", "locked"
_DUMMY_HASH = _hasher.hash("a password nobody has, to keep timing equal")


def is_locked(locked_until: Optional[datetime], now: datetime) -> bool:
    """Whether an account is locked out at `now`."""
    return locked_until is not None and locked_until > now


def authenticate(url: str, username: str, password: str, now: Optional[datetime] = None
                 ) -> Tuple[str, Optional[Officer]]:
    """(OK, officer), (BAD_CREDENTIALS, None) or (LOCKED, None). After 5 failures in a row the
    account is locked for 15 minutes; an unknown name costs the same time as a wrong password."""
    now = now or utcnow()
    with session_scope(url) as session:
        officer = session.execute(
            sa.select(Officer).where(Officer.username == (username or "").strip().lower())
        ).scalar_one_or_none()
        if officer is None or not officer.active:
            password_matches(_DUMMY_HASH, password or "")
            session.add(AuditEntry(actor="console", action="login_failed", detail="unknown or inactive account"))
            return BAD_CREDENTIALS, None
        if is_locked(officer.locked_until, now):
            session.add(AuditEntry(actor=f"officer:{officer.username}", action="login_refused_locked"))
            return LOCKED, None
        if not password_matches(officer.password_hash, password or ""):
            officer.failed_logins += 1
            action = "login_failed"
            if officer.failed_logins >= MAX_FAILED_LOGINS:
                officer.locked_until = now + timedelta(minutes=LOCK_MINUTES)
                officer.failed_logins = 0
                action = "login_locked"
            session.add(AuditEntry(actor=f"officer:{officer.username}", action=action))
            return (LOCKED if action == "login_locked" else BAD_CREDENTIALS), None
        officer.failed_logins, officer.locked_until = 0, None
        session.add(AuditEntry(actor=f"officer:{officer.username}", action="login_succeeded"))
        return OK, officer


def deactivate_officer(url: str, username: str, actor: str = "cli") -> bool:
    """Deactivate an officer: their console sessions end and their API tokens are revoked at once.
    False when there is no such active officer."""
    now = utcnow()
    with session_scope(url) as session:
        officer = session.execute(
            sa.select(Officer).where(Officer.username == (username or "").strip().lower())
        ).scalar_one_or_none()
        if officer is None or not officer.active:
            return False
        officer.active = False
        sessions = end_officer_sessions(session, officer.id, OFFICER_INACTIVE, now)
        tokens = revoke_officer_tokens(session, officer.id, now)
        session.add(AuditEntry(actor=actor, action="officer_deactivated",
                               detail=f"officer:{officer.username} sessions_ended:{sessions} tokens_revoked:{tokens}"))
        return True
