"""The REST channel's pending messages (channels/rest_push.py, bot/casework/pending.py): kept per
conversation in the casework database until the client acknowledges them, so a client that drops
mid-poll or a restarted server loses nothing; long polling wakes on arrival; bounded."""
from __future__ import annotations

import asyncio

from bot.casework import pending as store
from channels.rest_push import PendingMessages, PendingOutputChannel


def test_messages_wait_for_their_own_conversation_until_acknowledged(db):
    pending = PendingMessages(db)
    output = PendingOutputChannel(pending)

    async def scenario():
        await output.send_text_message("a", "Priya (resolution officer): hello", officer="Priya")
        await output.send_text_message("b", "for b")
        first = await pending.wait("a", 0)
        again = await pending.wait("a", 0)  # the client never acknowledged: it lost the answer
        after = await pending.wait("a", 0, acknowledged=first[-1]["pending_id"])
        return first, again, after, await pending.wait("b", 0)

    first, again, after, other = asyncio.run(scenario())
    assert [{k: v for k, v in m.items() if k != "pending_id"} for m in first] == [
        {"recipient_id": "a", "text": "Priya (resolution officer): hello", "officer": "Priya"}]
    assert again == first and after == []
    assert [m["text"] for m in other] == ["for b"]


def test_a_new_server_process_still_has_what_was_not_acknowledged(db):
    asyncio.run(PendingOutputChannel(PendingMessages(db)).send_text_message("c", "kept through a restart"))
    assert [m["text"] for m in asyncio.run(PendingMessages(db).wait("c", 0))] == ["kept through a restart"]


def test_long_polling_returns_as_soon_as_a_message_arrives_and_leaves_no_waiter_behind(db):
    async def scenario():
        pending = PendingMessages(db)
        waiter = asyncio.create_task(pending.wait("a", 10))
        await asyncio.sleep(0.2)
        assert len(pending.arrivals) == 1
        started = asyncio.get_running_loop().time()
        await pending.add("a", {"recipient_id": "a", "text": "hi"})
        result = await waiter
        return result, asyncio.get_running_loop().time() - started, len(pending.arrivals)

    result, waited, waiters = asyncio.run(scenario())
    assert [m["text"] for m in result] == ["hi"] and waited < 0.5 and waiters == 0


def test_a_client_that_disconnects_mid_poll_loses_nothing_and_leaves_no_waiter(db):
    async def scenario():
        pending = PendingMessages(db)
        waiter = asyncio.create_task(pending.wait("d", 10))
        await asyncio.sleep(0.2)
        waiter.cancel()  # the client went away
        await asyncio.gather(waiter, return_exceptions=True)
        await pending.add("d", {"recipient_id": "d", "text": "while away"})
        return len(pending.arrivals), await pending.wait("d", 0)

    waiters, kept = asyncio.run(scenario())
    assert waiters == 0 and [m["text"] for m in kept] == ["while away"]


def test_it_is_bounded_per_conversation(db):
    for n in range(store.MAX_PER_CONVERSATION + 20):
        store.add(db, "e", {"text": str(n)})
    kept = store.unacknowledged(db, "e")
    assert len(kept) == store.MAX_PER_CONVERSATION and kept[0]["text"] == "20"
