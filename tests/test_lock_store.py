"""The atomic Redis lock store against a real Redis server: one holder at a time across two
stores (two Rasa servers), first come first served, and a dead ticket does not block forever."""
from __future__ import annotations

import asyncio
import subprocess
import time

import pytest
import redis

from bot.lock_store import AtomicRedisLockStore
from bot.scale_out import _which
from tests.conftest import free_port


@pytest.fixture(scope="module")
def redis_port(tmp_path_factory):
    port = free_port()
    process = subprocess.Popen([_which("redis-server"), "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                                "--appendonly", "no", "--dir", str(tmp_path_factory.mktemp("redis"))],
                               stdout=subprocess.DEVNULL)
    client = redis.Redis(port=port)
    for _ in range(100):
        try:
            client.ping()
            break
        except redis.ConnectionError:
            time.sleep(0.05)
    yield port
    process.terminate()
    process.wait(10)


def test_two_stores_never_hold_one_conversation_at_once_and_serve_in_order(redis_port):
    async def scenario():
        stores = [AtomicRedisLockStore(host="127.0.0.1", port=redis_port, key_prefix="t1") for _ in range(2)]
        inside, overlaps, order = 0, 0, []

        async def message(n):
            nonlocal inside, overlaps
            # arrive in order: message n asks for its ticket once n tickets have been given out
            while int(await stores[0].red.get(stores[0]._key("conversation", "next")) or 0) < n:
                await asyncio.sleep(0.001)
            async with stores[n % 2].lock("conversation"):
                inside += 1
                overlaps += inside > 1
                order.append(n)
                await asyncio.sleep(0.005)
                inside -= 1

        await asyncio.gather(*(message(n) for n in range(40)))
        return overlaps, order

    overlaps, order = asyncio.run(scenario())
    assert overlaps == 0 and order == list(range(40))


def test_a_ticket_whose_server_died_is_skipped(redis_port):
    async def scenario():
        store = AtomicRedisLockStore(host="127.0.0.1", port=redis_port, key_prefix="t2")
        dead = await store._ticket("c")  # a server took a ticket and died before its turn
        await store.red.delete(store._key("c", f"alive:{dead}"))
        started = time.monotonic()
        async with store.lock("c"):
            return time.monotonic() - started

    assert asyncio.run(scenario()) < 1


def test_a_holder_working_longer_than_the_lock_lifetime_keeps_the_lock(redis_port):
    """Rasa waits up to 300 s for the action server while the lock lives 60 s: the holder's lease is
    renewed while it works, so the next message never enters early."""
    async def scenario():
        first, second = (AtomicRedisLockStore(host="127.0.0.1", port=redis_port, key_prefix="t3") for _ in range(2))
        events = []

        async def slow():
            async with first.lock("conversation", lock_lifetime=1):
                events.append("slow in")
                await asyncio.sleep(3.5)  # a slow action server
                events.append("slow out")

        async def next_message():
            await asyncio.sleep(0.2)
            async with second.lock("conversation", lock_lifetime=5):  # waits up to 10 s
                events.append("next in")

        await asyncio.gather(slow(), next_message())
        return events

    assert asyncio.run(scenario()) == ["slow in", "slow out", "next in"]


def test_a_holder_whose_lease_lapsed_cannot_let_a_third_in_early(redis_port):
    """A holder paused past its lease (SIGSTOP, a long GC) is skipped; when it resumes and leaves,
    it must not advance the queue for the one now holding it."""
    async def scenario():
        stores = [AtomicRedisLockStore(host="127.0.0.1", port=redis_port, key_prefix="t4") for _ in range(3)]
        events, inside, overlaps = [], 0, 0

        async def holder(n, delay, work, lapse=False):
            nonlocal inside, overlaps
            await asyncio.sleep(delay)
            async with stores[n].lock("conversation", lock_lifetime=1):
                inside += 1
                overlaps += inside > 1
                events.append(f"{n} in")
                if lapse:  # as if paused past its lease: its holder mark is gone, so it cannot renew it
                    ticket = int(await stores[n].red.get(stores[n]._key("conversation", "serving")))
                    await stores[n].red.delete(stores[n]._key("conversation", f"held:{ticket}"))
                await asyncio.sleep(work)
                inside -= 1
                events.append(f"{n} out")

        await asyncio.gather(holder(0, 0, 0.5, lapse=True), holder(1, 0.1, 1.5), holder(2, 0.2, 0.1))
        return events, overlaps

    events, overlaps = asyncio.run(scenario())
    assert events.index("2 in") > events.index("1 out"), events
