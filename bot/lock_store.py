"""A Redis lock store whose tickets are atomic, for several Rasa servers.

Rasa 3.6's RedisLockStore reads a conversation's lock, adds a ticket and writes it back: two
servers doing that at the same moment can both hold the lock, and then one conversation's
messages are processed at once and events are lost (seen in tests/test_scale_out.py). Here each
conversation has two counters, taken with Redis's atomic INCR: the next ticket and the ticket now
served, so messages are handled one at a time in the order they arrived. A waiting ticket keeps a
short heartbeat key, and a holder a lease key renewed while it works (Rasa may wait 300 s for the
action server while its lock lives 60 s), so a server that dies while waiting or holding delays
the conversation by seconds, not forever. Taking the lock, skipping a dead ticket and leaving are
each one atomic script: a ticket is never skipped between seeing its turn and marking itself the
holder, and a holder whose lease lapsed (a paused process) cannot let a third message in early.

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
# Move "now serving" past a dead ticket: only if it is still the one served and has neither a
# waiting heartbeat nor a holder's lease (one atomic step, so it cannot skip a ticket just taken).
_SKIP_DEAD = """
if redis.call('GET', KEYS[1]) == ARGV[1] and redis.call('EXISTS', KEYS[2], KEYS[3]) == 0 then
  return redis.call('INCR', KEYS[1])
end
return tonumber(redis.call('GET', KEYS[1]))
"""
# Take the lock: if this ticket is served, mark it held with its lease (one atomic step).
_ACQUIRE = """
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('SET', KEYS[2], 1, 'EX', ARGV[2])
  redis.call('DEL', KEYS[3])
  return 1
end
return 0
"""
# Leave: let the next ticket in only if this one is still the one served (a holder whose lease
# lapsed and was skipped must not advance the queue past the one holding it now).
_RELEASE = """
redis.call('DEL', KEYS[2], KEYS[3])
local moved = 0
if ARGV[2] == '1' and redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('INCR', KEYS[1])
  moved = 1
end
redis.call('EXPIRE', KEYS[1], 86400)
redis.call('EXPIRE', KEYS[4], 86400)
return moved
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
        self._acquire = self.red.register_script(_ACQUIRE)
        self._release = self.red.register_script(_RELEASE)
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
        """Wait for this message's turn, hold the conversation while the message is handled (the
        lease renewed every third of `lock_lifetime`), then let the next one in."""
        serving_key = self._key(conversation_id, "serving")
        ticket = await self._ticket(conversation_id)
        lease = max(int(lock_lifetime), 1)
        deadline = time.monotonic() + max(lock_lifetime, 1) * 2
        beat = time.monotonic()
        acquired = False
        renewing: Optional[asyncio.Task] = None
        try:
            while True:
                held, alive = self._key(conversation_id, f"held:{ticket}"), self._key(conversation_id, f"alive:{ticket}")
                if await self._acquire(keys=[serving_key, held, alive], args=[ticket, lease]):
                    break
                serving = int(await self.red.get(serving_key) or 1)
                if serving > ticket:  # skipped as dead (this process stalled): queue again
                    await self.red.delete(alive)
                    ticket = await self._ticket(conversation_id)
                    continue
                if serving < ticket and await self._skip_dead(keys=[
                        serving_key, self._key(conversation_id, f"alive:{serving}"),
                        self._key(conversation_id, f"held:{serving}")], args=[serving]) != serving:
                    continue  # its server died: the queue moved on
                if time.monotonic() > deadline:
                    raise LockError(f"Could not acquire the lock for a conversation within {lock_lifetime * 2}s.")
                if time.monotonic() - beat > HEARTBEAT_SECONDS / 3:
                    await self.red.set(alive, 1, ex=HEARTBEAT_SECONDS)
                    beat = time.monotonic()
                await asyncio.sleep(POLL_SECONDS)
            acquired = True
            renewing = asyncio.create_task(self._renew(self._key(conversation_id, f"held:{ticket}"), lease))
            yield TicketLock(conversation_id)
        finally:
            if renewing is not None:
                renewing.cancel()
            await self._release(keys=[serving_key, self._key(conversation_id, f"held:{ticket}"),
                                      self._key(conversation_id, f"alive:{ticket}"), self._key(conversation_id, "next")],
                                args=[ticket, "1" if acquired else "0"])

    async def _renew(self, held_key: str, lease: int) -> None:
        """Keep the holder's lease while it works; say so if it was lost (the holder was paused
        longer than its lease, and the next message may have been let in)."""
        while True:
            await asyncio.sleep(lease / 3)
            try:
                if not await self.red.expire(held_key, lease):
                    logger.error("a conversation lock's lease lapsed while its holder was working")
                    return
            except Exception as error:  # noqa: BLE001 - Redis away: the lease runs out on its own
                logger.warning("could not renew a conversation lock (%s)", type(error).__name__)

    # The ticket bookkeeping of Rasa's base class is not used: `lock` above does it all.
    def get_lock(self, conversation_id: Text) -> Optional[TicketLock]:
        return None

    def delete_lock(self, conversation_id: Text) -> None:
        pass

    def save_lock(self, lock: TicketLock) -> None:
        pass
