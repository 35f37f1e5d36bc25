"""Live updates for officers: new timeline entries pushed to WebSocket subscribers.

The casework store is the source of truth. Every process (action servers, this web server, a
second console in scale-out) writes entries there; one background task here reads what is new
every half second and pushes it, so nothing depends on which process wrote it. Entries are read
by what has committed, not only by id (see FeedPosition), and count as read once published. A subscriber's
credential (API token or console session) is checked again every few seconds: when it is
revoked, signed out or expired, the socket closes.
"""
from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from typing import Any, Awaitable, Callable, Dict, Optional, Set

from aiohttp import WSMsgType, web

from bot.escalation import store

logger = logging.getLogger(__name__)
POLL_SECONDS = 0.5
RECHECK_SECONDS = 5.0
GAP_SECONDS = 60.0  # a lower id not committed within this long was rolled back
MAX_GAPS = 1000  # ids skipped at once that are watched for (more means a sequence jump, not transactions)
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


@dataclass
class FeedPosition:
    """How far the feed has read: the highest entry id published, and the lower ids not seen yet.
    On PostgreSQL an id is taken at insert, so a transaction holding a lower id can commit after
    one holding a higher id: such an id is a gap, read again on every poll until it arrives or
    GAP_SECONDS pass (a rolled-back transaction never fills its gap)."""

    last_id: int
    gaps: Dict[int, float] = field(default_factory=dict)

    def published(self, entry_id: int, now: float) -> None:
        if self.gaps.pop(entry_id, None) is not None or entry_id <= self.last_id:
            return
        for missing in range(max(self.last_id + 1, entry_id - MAX_GAPS), entry_id):
            self.gaps[missing] = now
        self.last_id = entry_id

    def forget_old_gaps(self, now: float) -> None:
        for entry_id, since in list(self.gaps.items()):
            if now - since > GAP_SECONDS:
                del self.gaps[entry_id]


class LiveHub:
    """Subscribers and the poller that feeds them. `describe` turns an entry into the message
    sent (reading its escalation), replaceable to inject a fault in tests."""

    def __init__(self, url: str, describe: Optional[Callable[[str, store.TimelineEntry], Dict[str, Any]]] = None) -> None:
        self._url = url
        self._subscribers: Set[web.WebSocketResponse] = set()
        self._task: "asyncio.Task[None] | None" = None
        self._position: Optional[FeedPosition] = None
        self._update = describe or _update

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

    async def poll_once(self) -> None:
        """Publish what is new since the last read (and any gap that has filled); an entry counts
        as read only once it was published, so a failure means it is read again next time."""
        loop = asyncio.get_running_loop()
        if self._position is None:  # start from what is already there
            self._position = FeedPosition(await asyncio.to_thread(store.last_event_id, self._url))
            return
        position = self._position
        position.forget_old_gaps(loop.time())
        entries = await asyncio.to_thread(store.events_after, self._url, position.last_id, sorted(position.gaps))
        for entry in entries:
            if self._subscribers:
                await self._publish(await asyncio.to_thread(self._update, self._url, entry))
            position.published(entry.id, loop.time())

    async def _poll(self) -> None:
        while True:
            try:
                await asyncio.sleep(POLL_SECONDS)
                await self.poll_once()
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
