"""Signed, expiring links that carry a little data (a family's key dates for a calendar file, the
facts a letter is filled from).

The payload travels in the link itself, so the web server can rebuild the file without storing
anything, and nobody can forge or alter a link. A calendar link is signed with HMAC-SHA256 under
the service's secret and holds dates only. A letter link also holds a child's first name, so it is
sealed (encrypted and authenticated, with its issue time, by `cryptography`'s Fernet): nothing in
it can be read without the secret.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
import zlib
from typing import Any, Dict, Optional, Tuple

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

DEFAULT_LIFETIME_S = 90 * 24 * 3600
LETTER_LIFETIME_S = 14 * 24 * 3600  # a letter link holds a child's name: two weeks to download it
LETTER_FORMATS = ("html", "docx", "txt")  # a page to read it on (with both downloads), or a file
MAX_SEALED_BYTES = 64 * 1024  # a sealed payload never opens to more than this (no zip bombs)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _signature(secret: str, body: str) -> str:
    return _b64(hmac.new(secret.encode(), body.encode("ascii"), hashlib.sha256).digest())


def sign(payload: Dict[str, Any], secret: str, now: Optional[float] = None) -> str:
    """A URL-safe token carrying `payload` and the time it was issued."""
    if not secret:
        raise ValueError("a link secret is required")
    body = _b64(json.dumps({"p": payload, "t": int(now if now is not None else time.time())},
                           separators=(",", ":"), sort_keys=True).encode())
    return f"{body}.{_signature(secret, body)}"


def verify(token: str, secret: str, lifetime_s: int = DEFAULT_LIFETIME_S,
           now: Optional[float] = None) -> Optional[Dict[str, Any]]:
    """The payload of a genuine, unexpired token; None for anything else."""
    try:
        body, signature = token.split(".", 1)
        if not secret or not hmac.compare_digest(signature, _signature(secret, body)):
            return None
        data = json.loads(_unb64(body))
    except (ValueError, UnicodeError):
        return None
    issued = data.get("t") if isinstance(data, dict) else None
    current = now if now is not None else time.time()
    if not isinstance(issued, int) or current - issued > lifetime_s or issued - current > 300:
        return None
    payload = data.get("p")
    return payload if isinstance(payload, dict) else None


def calendar_link(public_url: str, secret: str, key_dates: Dict[str, Any]) -> str:
    """The link a family opens to download their deadlines (`KeyDates.to_dict()`) as a .ics file."""
    return f"{public_url.rstrip('/')}/calendar/{sign(key_dates, secret)}.ics"


def _sealer(secret: str) -> Fernet:
    """A Fernet key derived from the service's secret, kept apart from the signing key by HKDF."""
    if not secret:
        raise ValueError("a link secret is required")
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"sealed links").derive(secret.encode())
    return Fernet(base64.urlsafe_b64encode(key))


def seal(payload: Dict[str, Any], secret: str, now: Optional[float] = None) -> str:
    """A URL-safe token holding `payload` compressed and encrypted, with the time it was issued."""
    data = zlib.compress(json.dumps(payload, separators=(",", ":"), sort_keys=True).encode(), 9)
    token = _sealer(secret).encrypt_at_time(data, int(now if now is not None else time.time()))
    return token.decode("ascii").rstrip("=")


def unseal(token: str, secret: str, lifetime_s: int = LETTER_LIFETIME_S,
           now: Optional[float] = None) -> Optional[Dict[str, Any]]:
    """The payload of a genuine, unexpired sealed token; None for anything else."""
    if not secret or len(token) > 8192:
        return None
    try:
        padded = (token + "=" * (-len(token) % 4)).encode("ascii")
        data = _sealer(secret).decrypt_at_time(padded, lifetime_s, int(now if now is not None else time.time()))
        opener = zlib.decompressobj()
        plain = opener.decompress(data, MAX_SEALED_BYTES)
        if opener.unconsumed_tail or not opener.eof:
            return None
        payload = json.loads(plain)
    except (InvalidToken, ValueError, UnicodeError, TypeError, zlib.error):
        return None
    return payload if isinstance(payload, dict) else None


def letter_links(public_url: str, secret: str, kind: str, facts: Dict[str, Any],
                 formats: Tuple[str, ...] = LETTER_FORMATS) -> Dict[str, str]:
    """The letter's link in each format (one sealed token serves them all)."""
    return {fmt: letter_link(public_url, secret, kind, facts, fmt) for fmt in formats}


def letter_link(public_url: str, secret: str, kind: str, facts: Dict[str, Any], fmt: str = "docx") -> str:
    """The link a family opens to read a filled-in letter (`LetterFacts.to_dict()`) on a page, or
    download it as .docx or .txt."""
    if fmt not in LETTER_FORMATS:
        raise ValueError(f"unknown letter format {fmt!r}")
    return f"{public_url.rstrip('/')}/letters/{seal({'k': kind, 'f': facts}, secret)}.{fmt}"
