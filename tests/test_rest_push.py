"""The REST channel's pending messages: kept per conversation, taken once, long polling wakes
on arrival, bounded."""
from __future__ import annotations

import asyncio

from channels import rest_push
from channels.rest_push import PendingMessages, PendingOutputChannel


def test_messages_wait_for_their_own_conversation_and_are_taken_once():
    pending = PendingMessages()
    output = PendingOutputChannel(pending)
    asyncio.run(output.send_text_message("a", "Priya (resolution officer): hello", officer="Priya"))
    asyncio.run(output.send_text_message("b", "for b"))
    assert pending.take("a") == [{"recipient_id": "a", "text": "Priya (resolution officer): hello", "officer": "Priya"}]
    assert pending.take("a") == []
    assert [m["text"] for m in pending.take("b")] == ["for b"]


def test_long_polling_returns_as_soon_as_a_message_arrives():
    async def scenario():
        pending = PendingMessages()
        waiter = asyncio.create_task(pending.wait("a", 10))
        await asyncio.sleep(0.05)
        pending.put("a", {"recipient_id": "a", "text": "hi"})
        started = asyncio.get_running_loop().time()
        result = await waiter
        return result, asyncio.get_running_loop().time() - started

    result, waited = asyncio.run(scenario())
    assert result == [{"recipient_id": "a", "text": "hi"}] and waited < 1


def test_it_is_bounded(monkeypatch):
    monkeypatch.setattr(rest_push, "MAX_CONVERSATIONS", 3)
    pending = PendingMessages()
    for n in range(5):
        pending.put(f"c{n}", {"text": str(n)})
    for _ in range(200):
        pending.put("c4", {"text": "again"})
    assert pending.take("c0") == [] and pending.take("c1") == []
    assert len(pending.take("c4")) == rest_push.MAX_PER_CONVERSATION
