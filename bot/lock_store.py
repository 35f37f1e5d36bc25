"""A Redis lock store whose tickets are atomic, for several Rasa servers.

Rasa 3.6's RedisLockStore reads a conversation's lock, adds a ticket and writes it back: two
servers doing that at the same moment can both hold the lock, and then one conversation's
messages are processed at once and events are lost (seen in tests/test_scale_out.py). Here each
conversation has two counters, taken with Redis's atomic INCR: the next ticket and the ticket now
served, so messages are handled one at a time in the order they arrived. A waiting ticket keeps a
short heartbeat key, and a holder a key that lives for the lock's lifetime, so a server that dies
while waiting or holding delays the conversation by seconds, not forever.

endpoints.scale-out.yml: lock_store: {type: bot.lock_store.AtomicRedisLockStore, url, port, db}
"""
from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from typing import Any, AsyncGenerator, Optional, Text

from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, LockError, LockStore
from rasa.utils.endpoints import EndpointConfig

from bot.redis_client import redis_client

logger = logging.getLogger(__name__)
POLL_SECONDS = 0.01
HEARTBEAT_SECONDS = 5
# Take a ticket and mark it alive in one step, so no other server can see it without its mark.
_TAKE_TICKET = """
local ticket = redis.call('INCR', KEYS[1])
redis.call('SET', ARGV[1] .. ticket, 1, 'EX', ARGV[2])
redis.call('SETNX', KEYS[2], 1)
return ticket
"""
# Move "now serving" past a dead ticket only if it is still the one being served (atomic).
_SKIP_DEAD = """
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('INCR', KEYS[1])
end
return tonumber(redis.call('GET', KEYS[1]))
"""


class AtomicRedisLockStore(LockStore):
    """Ticket locks per conversation in Redis, taken and released with atomic operations."""

    def __init__(self, endpoint_config: Optional[EndpointConfig] = None, host: Text = "localhost",
                 port: int = 6379, db: int = 1, password: Optional[Text] = None,
                 key_prefix: Optional[Text] = None, **_: Any) -> None:
        if endpoint_config is not None:
            kwargs = endpoint_config.kwargs
            host, port = endpoint_config.url or host, int(kwargs.get("port", port))
            db, password = int(kwargs.get("db", db)), kwargs.get("password", password)
            key_prefix = kwargs.get("key_prefix", key_prefix)
        self.red = redis_client(host=host, port=port, db=db, password=password or None)
        self.prefix = f"{key_prefix or 'rasa'}:lock:"
        self._skip_dead = self.red.register_script(_SKIP_DEAD)
        self._take_ticket = self.red.register_script(_TAKE_TICKET)
        super().__init__()

    def _key(self, conversation_id: Text, part: str) -> str:
        return f"{self.prefix}{conversation_id}:{part}"

    async def _ticket(self, conversation_id: Text) -> int:
        return int(await self._take_ticket(
            keys=[self._key(conversation_id, "next"), self._key(conversation_id, "serving")],
            args=[self._key(conversation_id, "alive:"), HEARTBEAT_SECONDS]))

    @contextlib.asynccontextmanager
    async def lock(self, conversation_id: Text, lock_lifetime: float = LOCK_LIFETIME,
                   wait_time_in_seconds: float = 1) -> AsyncGenerator[TicketLock, None]:
        serving_key = self._key(conversation_id, "serving")
        ticket = await self._ticket(conversation_id)
        deadline = time.monotonic() + max(lock_lifetime, 1) * 2
        beat = time.monotonic()
        acquired = False
        try:
            while True:
                serving = int(await self.red.get(serving_key) or 1)
                if serving == ticket:
                    break
                if serving > ticket:  # skipped as dead (this process stalled): queue again
                    await self.red.delete(self._key(conversation_id, f"alive:{ticket}"))
                    ticket = await self._ticket(conversation_id)
                    continue
                if not await self.red.exists(self._key(conversation_id, f"alive:{serving}"),
                                             self._key(conversation_id, f"held:{serving}")):
                    await self._skip_dead(keys=[serving_key], args=[serving])  # its server died
                    continue
                if time.monotonic() > deadline:
                    raise LockError(f"Could not acquire the lock for a conversation within {lock_lifetime * 2}s.")
                if time.monotonic() - beat > HEARTBEAT_SECONDS / 3:
                    await self.red.set(self._key(conversation_id, f"alive:{ticket}"), 1, ex=HEARTBEAT_SECONDS)
                    beat = time.monotonic()
                await asyncio.sleep(POLL_SECONDS)
            async with self.red.pipeline(transaction=True) as pipe:
                pipe.set(self._key(conversation_id, f"held:{ticket}"), 1, ex=max(int(lock_lifetime), 1))
                pipe.delete(self._key(conversation_id, f"alive:{ticket}"))
                await pipe.execute()
            acquired = True
            yield TicketLock(conversation_id)
        finally:
            async with self.red.pipeline(transaction=True) as pipe:
                pipe.delete(self._key(conversation_id, f"held:{ticket}"), self._key(conversation_id, f"alive:{ticket}"))
                if acquired:  # a ticket never served is skipped by the next one (no heartbeat left)
                    pipe.incr(serving_key)
                pipe.expire(serving_key, 24 * 3600)
                pipe.expire(self._key(conversation_id, "next"), 24 * 3600)
                await pipe.execute()

    # The ticket bookkeeping of Rasa's base class is not used: `lock` above does it all.
    def get_lock(self, conversation_id: Text) -> Optional[TicketLock]:
        return None

    def delete_lock(self, conversation_id: Text) -> None:
        pass

    def save_lock(self, lock: TicketLock) -> None:
        pass
