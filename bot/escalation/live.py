"""Live updates for officers: new timeline entries pushed to WebSocket subscribers.

The casework store is the source of truth. Every process (action servers, this web server, a
second console in scale-out) writes entries there; one background task here reads what is new
every half second and pushes it, so nothing depends on which process wrote it. A subscriber's
credential (API token or console session) is checked again every few seconds: when it is
revoked, signed out or expired, the socket closes.
"""
from __future__ import annotations

import asyncio
import logging
from typing import Any, Awaitable, Callable, Dict, Optional, Set

from aiohttp import WSMsgType, web

from bot.escalation import store

logger = logging.getLogger(__name__)
POLL_SECONDS = 0.5
RECHECK_SECONDS = 5.0
CREDENTIAL_ENDED = 4401  # the close code when the subscriber's token or session has ended


async def hold_open(socket: web.WebSocketResponse, still_allowed: Callable[[], Awaitable[bool]],
                    every: Optional[float] = None) -> None:
    """Keep a subscriber's socket open, ignoring what it sends, until it closes or its credential
    no longer opens the API (checked every RECHECK_SECONDS, however chatty the client is)."""
    every = every or RECHECK_SECONDS
    loop = asyncio.get_running_loop()
    next_check = loop.time() + every
    while not socket.closed:
        try:  # never 0: aiohttp reads a timeout of 0 as "wait for ever", which would skip the check
            message = await socket.receive(timeout=max(0.05, next_check - loop.time()))
            if message.type in (WSMsgType.CLOSE, WSMsgType.CLOSING, WSMsgType.CLOSED, WSMsgType.ERROR):
                return
        except asyncio.TimeoutError:
            pass
        if loop.time() >= next_check:
            if not await still_allowed():
                await socket.close(code=CREDENTIAL_ENDED, message=b"Your sign-in has ended.")
                return
            next_check = loop.time() + every


class LiveHub:
    """Subscribers and the poller that feeds them."""

    def __init__(self, url: str) -> None:
        self._url = url
        self._subscribers: Set[web.WebSocketResponse] = set()
        self._task: "asyncio.Task[None] | None" = None
        self._last_id: "int | None" = None

    async def start(self) -> None:
        self._task = asyncio.create_task(self._poll())

    async def stop(self) -> None:
        if self._task:
            self._task.cancel()
        for socket in list(self._subscribers):
            await socket.close()

    def subscribe(self, socket: web.WebSocketResponse) -> None:
        self._subscribers.add(socket)

    def unsubscribe(self, socket: web.WebSocketResponse) -> None:
        self._subscribers.discard(socket)

    async def _poll(self) -> None:
        while True:
            try:
                await asyncio.sleep(POLL_SECONDS)
                if self._last_id is None:  # start from what is already there
                    self._last_id = await asyncio.to_thread(store.last_event_id, self._url)
                    continue
                entries = await asyncio.to_thread(store.events_after, self._url, self._last_id)
                for entry in entries:
                    self._last_id = entry.id
                    if self._subscribers:
                        await self._publish(await asyncio.to_thread(_update, self._url, entry))
            except asyncio.CancelledError:
                raise
            except Exception:  # the database may be restarting: try again on the next tick
                logger.warning("live updates: could not read new timeline entries", exc_info=True)
                await asyncio.sleep(2)

    async def _publish(self, message: Dict[str, Any]) -> None:
        for socket in list(self._subscribers):
            try:
                await socket.send_json(message)
            except (ConnectionError, RuntimeError):
                self._subscribers.discard(socket)


def _update(url: str, entry: store.TimelineEntry) -> Dict[str, Any]:
    """A timeline entry with the state of its escalation, for the queue and the open conversation."""
    try:
        view = store.get_escalation(url, entry.escalation_id, with_timeline=False)
        escalation = {k: v for k, v in view.to_dict().items() if k != "summary"}
    except store.NotFound:
        escalation = None
    return {"type": "timeline", "entry": entry.to_dict(), "escalation": escalation}
