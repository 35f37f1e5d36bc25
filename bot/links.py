"""Signed, expiring links that carry a little data (e.g. a family's key dates for a calendar file).

The payload travels in the link itself, signed with HMAC-SHA256 under the service's secret, so
the web server can rebuild the file without storing anything, and nobody can forge or alter a
link. Links hold dates only, never names or case references.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from typing import Any, Dict, Optional

DEFAULT_LIFETIME_S = 90 * 24 * 3600


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
