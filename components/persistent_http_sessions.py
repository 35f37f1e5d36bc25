"""Reuse one HTTP connection pool per endpoint for Rasa's calls to the action server.

Rasa 3.6's `EndpointConfig.request` opens a new `aiohttp.ClientSession` (so a new TCP
connection) for every call and closes it afterwards; a form turn makes several calls. This
keeps one session per endpoint configuration and event loop and hands it out without closing
it, so connections are kept alive between calls, and encodes request bodies with ujson (the
tracker state sent on every action call is the largest JSON the server writes). Requests,
headers, auth and timeouts are the same as Rasa's. Imported by our NLU component, so the Rasa server applies it when it loads.
"""
from __future__ import annotations

import asyncio
from typing import Any, Dict, Tuple

import aiohttp
import ujson
from rasa.core.constants import DEFAULT_REQUEST_TIMEOUT
from rasa.utils.endpoints import EndpointConfig

KEEPALIVE_SECONDS = 3.0
_original_session = getattr(EndpointConfig, "_rasa_session", EndpointConfig.session)
EndpointConfig._rasa_session = _original_session
_original_request = getattr(EndpointConfig, "_rasa_request", EndpointConfig.request)
EndpointConfig._rasa_request = _original_request
_sessions: Dict[Tuple[str, str], Tuple[asyncio.AbstractEventLoop, aiohttp.ClientSession]] = {}


class _KeptSession:
    """`async with` yields the shared session and leaves it open for the next request."""

    def __init__(self, session: aiohttp.ClientSession) -> None:
        self._session = session

    async def __aenter__(self) -> aiohttp.ClientSession:
        return self._session

    async def __aexit__(self, *exc_info: Any) -> None:
        return None


def _new_session(endpoint: EndpointConfig) -> aiohttp.ClientSession:
    """Rasa's session (same headers, auth and timeout), with a faster JSON encoder for bodies."""
    auth = None
    if endpoint.basic_auth:
        auth = aiohttp.BasicAuth(endpoint.basic_auth["username"], endpoint.basic_auth["password"])
    # Close idle connections before the action server does (Sanic: 5 s), so a kept-alive
    # connection is not reused just as the server closes it.
    connector = aiohttp.TCPConnector(keepalive_timeout=KEEPALIVE_SECONDS)
    return aiohttp.ClientSession(
        connector=connector, headers=endpoint.headers, auth=auth,
        timeout=aiohttp.ClientTimeout(total=DEFAULT_REQUEST_TIMEOUT), json_serialize=ujson.dumps,
    )


def kept_session(self: EndpointConfig) -> Any:
    """The endpoint's session for the running event loop, created on first use."""
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        return _original_session(self)
    # A session carries default headers and auth, so those (not the URL) tell sessions apart.
    key = (repr(sorted((self.headers or {}).items())), repr(self.basic_auth))
    kept = _sessions.get(key)
    if kept is None or kept[0] is not loop or kept[1].closed:
        kept = (loop, _new_session(self))
        _sessions[key] = kept
    return _KeptSession(kept[1])


async def request_retrying_a_dropped_connection(self: EndpointConfig, *args: Any, **kwargs: Any) -> Any:
    """Rasa's request; once more on a connection the server dropped before answering (the
    request never reached the action, so sending it again runs it once)."""
    try:
        return await _original_request(self, *args, **kwargs)
    except (aiohttp.ServerDisconnectedError, aiohttp.ClientOSError):
        return await _original_request(self, *args, **kwargs)


EndpointConfig.session = kept_session
EndpointConfig.request = request_retrying_a_dropped_connection
