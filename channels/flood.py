"""Flood limits at the ownership door: how many messages one conversation, and one source address,
may send in a minute and in an hour. A message over a limit does not reach the assistant; the
sender gets one kind reply a window, the officers see that the conversation was limited, and a
message that discloses a risk to someone's safety always goes through.

Addresses arrive as the channels count them (channels/addresses.py: loopback never). Counting is
a fixed window per key: in this process's memory, or in Redis when REDIS_URL is set
(several Rasa servers share the counts). `over_limit` is the pure rule.
"""
from __future__ import annotations

import logging
import os
import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import Dict, Optional, Tuple

logger = logging.getLogger(__name__)

LIMITED_TEXT = ("You have sent a lot of messages very quickly, so I have paused for a moment. "
                "Please wait a minute and send your message again. If anyone is in danger, call 999.")


@dataclass(frozen=True)
class Limit:
    """At most `count` messages per `seconds` for one kind of key."""

    kind: str
    count: int
    seconds: int


LIMITS: Tuple[Limit, ...] = (
    Limit("conversation", 20, 60),
    Limit("conversation", 150, 3600),
    Limit("address", 60, 60),
    Limit("address", 600, 3600),
)
MAX_KEYS = 50_000


def over_limit(counts: Dict[Limit, int]) -> Optional[Limit]:
    """The first limit a message breaks, given the counts with this message included."""
    return next((limit for limit, count in counts.items() if count > limit.count), None)


def window_key(limit: Limit, value: str, now: float) -> str:
    return f"send:flood:{limit.kind}:{limit.seconds}:{int(now // limit.seconds)}:{value}"


class MemoryCounter:
    """Fixed-window counts in this process (bounded: the oldest keys are dropped first)."""

    def __init__(self) -> None:
        self._counts: "OrderedDict[str, Tuple[int, float]]" = OrderedDict()

    async def add(self, key: str, seconds: int, now: float) -> int:
        count, expires = self._counts.pop(key, (0, now + seconds))
        if expires <= now:
            count, expires = 0, now + seconds
        self._counts[key] = (count + 1, expires)
        while len(self._counts) > MAX_KEYS:
            self._counts.popitem(last=False)
        return count + 1


class RedisCounter:
    """The same counts in Redis, shared by every Rasa server (the scale-out profile)."""

    def __init__(self, url: str) -> None:
        from bot.redis_client import redis_client

        self._redis = redis_client(url)

    async def add(self, key: str, seconds: int, now: float) -> int:
        async with self._redis.pipeline(transaction=True) as pipe:
            pipe.incr(key)
            pipe.expire(key, seconds + 5)
            count, _ = await pipe.execute()
        return int(count)


class FloodGuard:
    """Counts each message against the limits; says which limit it broke, if any."""

    def __init__(self, counter: "MemoryCounter | RedisCounter | None" = None) -> None:
        url = os.environ.get("REDIS_URL")
        self.counter = counter or (RedisCounter(url) if url else MemoryCounter())
        self._told: "OrderedDict[str, float]" = OrderedDict()

    async def check(self, conversation_id: str, address: Optional[str], now: Optional[float] = None) -> Optional[Limit]:
        now = time.time() if now is None else now
        counts: Dict[Limit, int] = {}
        try:
            for limit in LIMITS:
                value = conversation_id if limit.kind == "conversation" else address
                if value:
                    counts[limit] = await self.counter.add(window_key(limit, value, now), limit.seconds, now)
        except Exception as error:  # noqa: BLE001 - counts unreachable: the message goes on, not lost
            logger.warning("flood counts unreachable (%s): message let through", type(error).__name__)
            return None
        return over_limit(counts)

    def should_tell(self, conversation_id: str, limit: Limit, now: Optional[float] = None) -> bool:
        """One kind reply per conversation per window, so a flood is not answered by a flood."""
        now = time.time() if now is None else now
        key = f"{conversation_id}:{window_key(limit, '', now)}"
        if key in self._told:
            return False
        self._told[key] = now
        while len(self._told) > MAX_KEYS:
            self._told.popitem(last=False)
        return True
