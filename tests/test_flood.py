"""Flood limits at the ownership door (channels/flood.py): the rule, the counters, and the door
with a real Rasa output channel and a real casework database."""
from __future__ import annotations

import asyncio
from typing import Any, List

import pytest
import sqlalchemy as sa

from channels.flood import LIMITED_TEXT, LIMITS, FloodGuard, Limit, MemoryCounter, over_limit
from channels.ownership import owning_handler


def test_the_first_limit_broken_is_named():
    minute, hour = Limit("conversation", 20, 60), Limit("conversation", 150, 3600)
    assert over_limit({minute: 20, hour: 20}) is None
    assert over_limit({minute: 21, hour: 21}) == minute
    assert over_limit({minute: 5, hour: 151}) == hour


def test_memory_windows_start_again_when_they_end():
    counter = MemoryCounter()

    async def counts() -> List[int]:
        return [await counter.add("k", 60, 1000.0) for _ in range(3)] + [await counter.add("k", 60, 1061.0)]

    assert asyncio.run(counts()) == [1, 2, 3, 1]


@pytest.fixture
def casework(tmp_path, monkeypatch):
    from bot.casework.database import upgrade

    url = f"sqlite:///{tmp_path / 'casework.db'}"
    upgrade(url)
    monkeypatch.setenv("CASEWORK_DB_URL", url)
    return url


def test_a_flood_is_held_at_the_door_with_one_kind_reply_and_an_audit_mark(casework):
    from rasa.core.channels.channel import CollectingOutputChannel, UserMessage

    from bot.casework.database import session_scope
    from bot.casework.models import AuditEntry

    reached: List[str] = []

    async def agent(message: Any) -> None:
        reached.append(message.text)

    guard = FloodGuard(MemoryCounter())
    door = owning_handler("rest", agent, guard)
    output = CollectingOutputChannel()

    async def flood() -> None:
        for n in range(30):
            await door(UserMessage(f"message {n}", output, "flooder", metadata={"address": "198.51.100.4"}))
        # Safety first: a disclosure goes through even now.
        await door(UserMessage("he says he is going to kill himself", output, "flooder",
                               metadata={"address": "198.51.100.4"}))

    asyncio.run(flood())
    minute_limit = next(limit for limit in LIMITS if limit.kind == "conversation" and limit.seconds == 60)
    assert reached[:minute_limit.count] == [f"message {n}" for n in range(minute_limit.count)]
    assert len(reached) == minute_limit.count + 1 and "kill himself" in reached[-1]
    assert [m["text"] for m in output.messages] == [LIMITED_TEXT], "one kind reply, not one per message"
    with session_scope(casework) as session:
        actions = [a.action for a in session.execute(sa.select(AuditEntry)).scalars()]
    assert actions == ["conversation_limited"]


def test_one_address_is_limited_across_many_conversations(casework):
    from rasa.core.channels.channel import CollectingOutputChannel, UserMessage

    reached: List[str] = []

    async def agent(message: Any) -> None:
        reached.append(message.sender_id)

    door = owning_handler("rest", agent, FloodGuard(MemoryCounter()))
    address_limit = next(limit for limit in LIMITS if limit.kind == "address" and limit.seconds == 60)

    async def flood() -> None:
        for n in range(address_limit.count + 10):
            await door(UserMessage("hi", CollectingOutputChannel(), f"fresh-{n}", metadata={"address": "203.0.113.8"}))

    asyncio.run(flood())
    assert len(reached) == address_limit.count


@pytest.mark.parametrize("peer, forwarded, counted", [
    ("203.0.113.8", None, "203.0.113.8"),
    ("203.0.113.8", "198.51.100.1", "203.0.113.8"),  # only our own proxy (a loopback peer) is believed
    ("127.0.0.1", "198.51.100.1", "198.51.100.1"),
    ("127.0.0.1", "10.0.0.1, 198.51.100.1", "198.51.100.1"),  # the address our proxy saw comes last
    ("127.0.0.1", None, None),  # this machine's own callers are never counted
    ("::1", "", None),
    ("", None, None),
])
def test_the_client_address_is_the_one_limits_count(peer, forwarded, counted):
    from channels.addresses import client_address

    assert client_address(peer, forwarded) == counted
