"""Outbound calls to a messaging provider's API with aiohttp, sent again only when that is safe.

Neither Twilio's Messages API nor Meta's WhatsApp Cloud API takes an idempotency key, so a request
that may have reached the provider is never repeated (the parent would get the message twice).
A request is tried again, with back-off, only when

- the connection could not be made (`aiohttp.ClientConnectorError`, or a timeout before any
  connection was open): the request never left; or
- the provider answered 429, or 503 with Retry-After: it said it did not process the request.
  Retry-After seconds (or an HTTP date) are honoured up to RETRY_AFTER_CAP.

A timeout or a dropped connection once connected, and any other 5xx, raise `ProviderError` with
`uncertain=True`: the message may have arrived, and must not be sent again automatically. Other
refusals (4xx, or every attempt failing to connect) raise it with `uncertain=False`. Every attempt
is logged with its number, its outcome (status or exception type) and the host only: never the
path, body, phone number or token."""
from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from typing import Any, Dict, Optional

import aiohttp
from yarl import URL

logger = logging.getLogger(__name__)
RETRY_AFTER_CAP = 10.0  # seconds: the longest Retry-After honoured
DEFAULT_TIMEOUT = 20.0  # seconds for one attempt, connection to answer


class ProviderError(Exception):
    """The provider did not take the request. `uncertain`: it may have (delivery unknown; never
    send it again automatically). `attempts`: requests tried. `status`: the last HTTP status."""

    def __init__(self, message: str, *, uncertain: bool = False, attempts: int = 1,
                 status: Optional[int] = None) -> None:
        super().__init__(message)
        self.uncertain = uncertain
        self.attempts = attempts
        self.status = status


def retry_after_seconds(value: Optional[str]) -> Optional[float]:
    """Seconds a Retry-After header asks for (delta-seconds or HTTP date), within 0..RETRY_AFTER_CAP;
    None when absent or unreadable."""
    value = (value or "").strip()
    if not value:
        return None
    if value.isdigit():
        seconds = float(value)
    else:
        try:
            seconds = (parsedate_to_datetime(value) - datetime.now(timezone.utc)).total_seconds()
        except (TypeError, ValueError, IndexError):
            return None
    return min(max(seconds, 0.0), RETRY_AFTER_CAP)


def _log(level: int, host: str, attempt: int, attempts: int, outcome: str) -> None:
    logger.log(level, "provider POST to %s: attempt %d of %d: %s", host, attempt, attempts, outcome)


async def _accepted_answer(response: aiohttp.ClientResponse, host: str) -> Dict[str, Any]:
    """The JSON of a 2xx answer; {} when it cannot be read (the request was accepted all the same)."""
    try:
        answer = await response.json(content_type=None)
    except (aiohttp.ClientError, asyncio.TimeoutError, ValueError) as error:
        logger.warning("provider answer from %s accepted but unreadable (%s)", host, type(error).__name__)
        return {}
    return answer if isinstance(answer, dict) else {}


async def post_with_retry(url: str, *, data: Optional[Dict[str, str]] = None, json: Any = None,
                          headers: Optional[Dict[str, str]] = None, auth: Optional[aiohttp.BasicAuth] = None,
                          attempts: int = 4, first_delay: float = 0.25,
                          timeout: float = DEFAULT_TIMEOUT) -> Dict[str, Any]:
    """POST and return the JSON answer, trying again only when that is safe (module docstring);
    `timeout` is for each attempt. Raises ProviderError."""
    host = URL(url).host or "the provider"
    delay = first_delay
    connected = False

    async def on_connected(*_: Any) -> None:
        nonlocal connected
        connected = True

    trace = aiohttp.TraceConfig()
    trace.on_connection_create_end.append(on_connected)
    trace.on_connection_reuseconn.append(on_connected)
    # A fresh connection each attempt: a kept-alive one closed by the server while we waited
    # would fail after "connecting" and look uncertain when nothing was sent.
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(force_close=True),
                                     timeout=aiohttp.ClientTimeout(total=timeout),
                                     trace_configs=[trace]) as session:
        for attempt in range(1, attempts + 1):
            connected = False
            wait = delay
            try:
                async with session.post(url, data=data, json=json, headers=headers, auth=auth,
                                        allow_redirects=False) as response:
                    status = response.status
                    if 200 <= status < 300:
                        _log(logging.INFO, host, attempt, attempts, str(status))
                        return await _accepted_answer(response, host)
                    asked = retry_after_seconds(response.headers.get("Retry-After"))
                    not_processed = status == 429 or (status == 503 and "Retry-After" in response.headers)
                    if not not_processed:
                        uncertain = status >= 500
                        _log(logging.WARNING, host, attempt, attempts,
                             f"{status}, delivery uncertain" if uncertain else f"{status}, refused")
                        raise ProviderError(
                            f"{host} answered {status}" + (": delivery uncertain, not sent again" if uncertain else ""),
                            uncertain=uncertain, attempts=attempt, status=status)
                    if attempt == attempts:
                        _log(logging.WARNING, host, attempt, attempts, f"{status}, giving up")
                        raise ProviderError(f"{host} answered {status} to every attempt", attempts=attempt,
                                            status=status)
                    wait = asked if asked is not None else delay
                    _log(logging.WARNING, host, attempt, attempts, f"{status}, trying again in {wait:g} s")
            except aiohttp.ClientConnectorError as error:  # the request never left
                if attempt == attempts:
                    _log(logging.WARNING, host, attempt, attempts, f"{type(error).__name__}, giving up")
                    raise ProviderError(f"{host} could not be reached", attempts=attempt) from error
                _log(logging.WARNING, host, attempt, attempts, f"{type(error).__name__}, trying again")
            except (aiohttp.ClientError, asyncio.TimeoutError) as error:
                name = type(error).__name__
                if connected:  # the request may have reached the provider
                    _log(logging.WARNING, host, attempt, attempts, f"{name} after connecting, delivery uncertain")
                    raise ProviderError(f"{host}: {name} after the request may have arrived; delivery uncertain,"
                                        " not sent again", uncertain=True, attempts=attempt) from error
                if not isinstance(error, asyncio.TimeoutError) or attempt == attempts:
                    _log(logging.WARNING, host, attempt, attempts, f"{name} before connecting, giving up")
                    raise ProviderError(f"{host} could not be reached ({name})", attempts=attempt) from error
                _log(logging.WARNING, host, attempt, attempts, f"{name} before connecting, trying again")
            await asyncio.sleep(wait)
            delay *= 2
    raise ProviderError("no attempt was made", attempts=0)
