"""Per-officer service-API tokens: `sat_<id>_<secret>`, the secret 256 random bits.

Only a SHA-256 hash of the whole token is stored (a fast hash is enough for a secret this long;
passwords, which are short, use Argon2id). The public id finds the row; the hash is compared in
constant time. A token names exactly one officer, so whoever holds it acts as that officer only.
Revoked tokens and the tokens of inactive officers open nothing.
"""
from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import List, Optional, Tuple

import sqlalchemy as sa

from bot.casework.database import session_scope
from bot.casework.models import AuditEntry, Officer, OfficerApiToken, utcnow

PREFIX = "sat"
_TOKEN = re.compile(r"^sat_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$")
LAST_USED_EVERY = timedelta(minutes=1)  # how often a busy token's last-used time is written


@dataclass(frozen=True)
class IssuedToken:
    """A new token: `token` is shown once and never stored."""

    token_id: str
    token: str


@dataclass(frozen=True)
class TokenInfo:
    """What may be shown about a stored token."""

    token_id: str
    username: str
    label: str
    created_at: datetime
    last_used_at: Optional[datetime]
    revoked_at: Optional[datetime]


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def parse_token(token: str) -> Optional[str]:
    """The public id of a well-formed token, else None."""
    match = _TOKEN.match(token or "")
    return match.group(1) if match else None


def new_token() -> Tuple[str, str]:
    """(token id, token) made from fresh random bits."""
    token_id = secrets.token_hex(8)
    return token_id, f"{PREFIX}_{token_id}_{secrets.token_urlsafe(32)}"


def token_usable(revoked_at: Optional[datetime], officer_active: bool) -> bool:
    """A token opens the API while it is not revoked and its officer is active."""
    return revoked_at is None and officer_active


def last_used_due(last_used_at: Optional[datetime], now: datetime) -> bool:
    return last_used_at is None or now - last_used_at >= LAST_USED_EVERY


def _officer_named(session: sa.orm.Session, username: str) -> Optional[Officer]:
    return session.execute(
        sa.select(Officer).where(Officer.username == username.strip().lower())
    ).scalar_one_or_none()


def create_token(url: str, username: str, label: str = "", actor: str = "cli") -> IssuedToken:
    """A new token for an active officer; ValueError for an unknown or inactive one."""
    with session_scope(url) as session:
        officer = _officer_named(session, username)
        if officer is None or not officer.active:
            raise ValueError(f"there is no active officer {username!r}")
        token_id, token = new_token()
        session.add(OfficerApiToken(officer_id=officer.id, token_id=token_id, token_hash=token_hash(token),
                                    label=label.strip()[:120]))
        session.add(AuditEntry(actor=actor, action="api_token_created",
                               detail=f"officer:{officer.username} token:{token_id}"))
        return IssuedToken(token_id, token)


def revoke_token(url: str, token_or_id: str, actor: str = "cli", now: Optional[datetime] = None) -> bool:
    """Revoke a token by its id (or the token itself); False when there is no such live token."""
    token_id = parse_token(token_or_id) or token_or_id.strip().lower()
    with session_scope(url) as session:
        row = session.execute(
            sa.select(OfficerApiToken).where(OfficerApiToken.token_id == token_id)
        ).scalar_one_or_none()
        if row is None or row.revoked_at is not None:
            return False
        row.revoked_at = now or utcnow()
        officer = session.get(Officer, row.officer_id)
        session.add(AuditEntry(actor=actor, action="api_token_revoked",
                               detail=f"officer:{officer.username} token:{token_id}"))
        return True


def revoke_officer_tokens(session: sa.orm.Session, officer_id: int, now: datetime) -> int:
    """Revoke every live token of one officer, inside the caller's transaction."""
    result = session.execute(
        sa.update(OfficerApiToken)
        .where(OfficerApiToken.officer_id == officer_id, OfficerApiToken.revoked_at.is_(None))
        .values(revoked_at=now)
    )
    return result.rowcount or 0


def list_tokens(url: str, username: str) -> List[TokenInfo]:
    """One officer's tokens, newest first."""
    with session_scope(url) as session:
        rows = session.execute(
            sa.select(OfficerApiToken, Officer.username).join(Officer, Officer.id == OfficerApiToken.officer_id)
            .where(Officer.username == username.strip().lower()).order_by(OfficerApiToken.id.desc())
        ).all()
        return [TokenInfo(t.token_id, name, t.label, t.created_at, t.last_used_at, t.revoked_at) for t, name in rows]


def officer_for_token(url: str, token: str, now: Optional[datetime] = None) -> Optional[Officer]:
    """The active officer a live token belongs to, else None (and its last-used time is kept)."""
    token_id = parse_token(token)
    if token_id is None:
        return None
    now = now or utcnow()
    with session_scope(url) as session:
        row = session.execute(
            sa.select(OfficerApiToken).where(OfficerApiToken.token_id == token_id)
        ).scalar_one_or_none()
        if row is None or not hmac.compare_digest(row.token_hash, token_hash(token)):
            return None
        officer = session.get(Officer, row.officer_id)
        if officer is None or not token_usable(row.revoked_at, officer.active):
            return None
        if last_used_due(row.last_used_at, now):
            row.last_used_at = now
        return officer
