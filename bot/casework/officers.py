"""Officer accounts: passwords hashed with Argon2id (argon2-cffi), never stored or logged in clear."""
from __future__ import annotations

from typing import Optional

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from bot.casework.database import session_scope
from bot.casework.models import ROLES, AuditEntry, Officer

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
