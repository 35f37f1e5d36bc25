"""Where a message came from, as limits count it. Pure functions.

A channel passes the address it saw itself: a browser's or REST caller's IP address, or the
phone number a provider signed for. Behind our own proxy (nginx in the scale-out profile, which
sets X-Forwarded-For to the address it saw) the peer is loopback and the forwarded address is the
client's. Loopback and unspecified addresses are never counted: they are this machine's own
callers (or a proxy that did not say), and counting them would let one busy integration, or
every parent behind one proxy, be slowed together.
"""
from __future__ import annotations

import ipaddress
from typing import Optional


def client_address(peer: Optional[str], forwarded_for: Optional[str]) -> Optional[str]:
    """The client's address as limits count it: the peer, or the proxy's X-Forwarded-For when the
    peer is loopback; None when what is left is loopback or nothing (never counted)."""
    address = (peer or "").strip()
    if _is_loopback(address) and forwarded_for:
        address = forwarded_for.split(",")[-1].strip()
    return None if not address or _is_loopback(address) else address


def _is_loopback(address: str) -> bool:
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address in ("localhost",)
    return parsed.is_loopback or parsed.is_unspecified
