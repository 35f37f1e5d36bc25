"""Rasa's REST channel, plus the messages the bot sends on its own (an officer's reply, a
hand-back) kept for the parent's client to collect: `GET /webhooks/rest/pending?sender=ID`.

REST is an integration API, never a parent's browser: every call (webhook and pending) carries
`Authorization: Bearer $REST_CHANNEL_TOKEN`; without it the answer is 401 and nothing is stored.
The caller cannot choose the conversation's channel or metadata: `input_channel` is always `rest`
and the body's `metadata` is ignored (the only metadata is the caller's address), and its sender
id lives in the `rest:` namespace (channels/ownership.py), so it never reaches an SMS, WhatsApp
or widget conversation.

REST is request-and-reply, so a message that is not an answer has nowhere to go. Rasa sends the
replies to an external event (`trigger_intent?output_channel=rest`) to this channel's output
channel; here they wait, per conversation, until the client asks (long polling with `wait=`
seconds): in this process's memory, or in Redis when REDIS_URL is set (several Rasa servers). Switched on in credentials.yml by its import path; its name stays `rest`, so the webhook
stays at Rasa's conventional /webhooks/rest/webhook.
"""
from __future__ import annotations

import asyncio
import hmac
import json
import os
import time
from collections import OrderedDict, deque
from typing import Any, Awaitable, Callable, Deque, Dict, List, Optional, Text, Tuple

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from channels.addresses import client_address
from channels.ownership import owned_sender_id

MAX_PER_CONVERSATION = 100
MAX_CONVERSATIONS = 10_000
KEEP_SECONDS = 24 * 3600
MAX_WAIT_SECONDS = 25.0


class PendingMessages:
    """Undelivered messages per conversation: bounded, oldest conversations dropped first,
    each message kept at most a day. One per Rasa process."""

    def __init__(self) -> None:
        self._queues: "OrderedDict[str, Deque[Tuple[float, Dict[str, Any]]]]" = OrderedDict()
        self._arrived: Dict[str, asyncio.Event] = {}

    def put(self, recipient_id: str, message: Dict[str, Any]) -> None:
        queue = self._queues.setdefault(recipient_id, deque(maxlen=MAX_PER_CONVERSATION))
        self._queues.move_to_end(recipient_id)
        queue.append((time.monotonic(), message))
        while len(self._queues) > MAX_CONVERSATIONS:
            dropped, _ = self._queues.popitem(last=False)
            self._arrived.pop(dropped, None)
        self._event(recipient_id).set()

    def take(self, recipient_id: str) -> List[Dict[str, Any]]:
        queue = self._queues.pop(recipient_id, None) or deque()
        self._event(recipient_id).clear()
        cutoff = time.monotonic() - KEEP_SECONDS
        return [message for at, message in queue if at >= cutoff]

    async def wait(self, recipient_id: str, seconds: float) -> List[Dict[str, Any]]:
        """Messages for the conversation, waiting up to `seconds` for the first to arrive."""
        if recipient_id not in self._queues and seconds > 0:
            try:
                await asyncio.wait_for(self._event(recipient_id).wait(), timeout=seconds)
            except asyncio.TimeoutError:
                pass
        return self.take(recipient_id)

    def _event(self, recipient_id: str) -> asyncio.Event:
        return self._arrived.setdefault(recipient_id, asyncio.Event())


    async def add(self, recipient_id: str, message: Dict[str, Any]) -> None:
        self.put(recipient_id, message)


class RedisPendingMessages:
    """The same queue in Redis, shared by every Rasa server (the scale-out profile): a list per
    conversation, trimmed to the newest 100 and kept a day; long polling with BLPOP."""

    def __init__(self, url: str) -> None:
        from bot.redis_client import redis_client

        self._redis = redis_client(url)

    @staticmethod
    def _key(recipient_id: str) -> str:
        return f"send:pending:{recipient_id}"

    async def add(self, recipient_id: str, message: Dict[str, Any]) -> None:
        key = self._key(recipient_id)
        async with self._redis.pipeline(transaction=True) as pipe:
            pipe.rpush(key, json.dumps(message))
            pipe.ltrim(key, -MAX_PER_CONVERSATION, -1)
            pipe.expire(key, KEEP_SECONDS)
            await pipe.execute()

    async def wait(self, recipient_id: str, seconds: float) -> List[Dict[str, Any]]:
        key = self._key(recipient_id)
        first: List[bytes] = []
        if seconds >= 1:
            popped = await self._redis.blpop([key], timeout=int(seconds))
            if popped:
                first = [popped[1]]
        async with self._redis.pipeline(transaction=True) as pipe:
            pipe.lrange(key, 0, -1)
            pipe.delete(key)
            rest, _ = await pipe.execute()
        return [json.loads(item) for item in first + list(rest)]


def pending_store() -> "PendingMessages | RedisPendingMessages":
    """Redis when REDIS_URL is set (several Rasa servers), otherwise this process's memory."""
    url = os.environ.get("REDIS_URL")
    return RedisPendingMessages(url) if url else PendingMessages()


class PendingOutputChannel(CollectingOutputChannel):
    """Collects as Rasa's collecting channel does, and also leaves each message for the client."""

    def __init__(self, pending: "PendingMessages | RedisPendingMessages") -> None:
        super().__init__()
        self._pending = pending

    @classmethod
    def name(cls) -> Text:
        return RestPushInput.name()

    async def send_text_message(self, recipient_id: Text, text: Text, **kwargs: Any) -> None:
        for part in text.strip().split("\n\n"):
            message = self._message(recipient_id, text=part)
            if kwargs.get("officer"):
                message["officer"] = kwargs["officer"]
            await self._persist_message(message)

    async def _persist_message(self, message: Dict[Text, Any]) -> None:
        await super()._persist_message(message)
        await self._pending.add(message["recipient_id"], message)


def bearer_token_valid(header: Optional[str], expected: str) -> bool:
    """`Authorization: Bearer <token>` matches the configured token (never when none is set)."""
    if not expected or not header or not header.startswith("Bearer "):
        return False
    return hmac.compare_digest(header[len("Bearer "):].strip().encode(), expected.encode())


class RestPushInput(RestInput):
    """The REST channel with a pending-messages route for messages the bot sends unasked."""

    def __init__(self, token: Optional[str] = None) -> None:
        self.pending = pending_store()
        self.token = os.environ.get("REST_CHANNEL_TOKEN", "") if token is None else token

    @classmethod
    def name(cls) -> Text:
        return "rest"

    def get_output_channel(self) -> Optional[CollectingOutputChannel]:
        return PendingOutputChannel(self.pending)

    def _extract_input_channel(self, request: Request) -> Text:
        return self.name()  # never the body's "input_channel"

    def get_metadata(self, request: Request) -> Optional[Dict[Text, Any]]:
        """Only what this channel saw itself: the caller's address (never the body's metadata)."""
        address = client_address(request.ip, request.headers.get("X-Forwarded-For"))
        return {"address": address} if address else {}

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[None]]) -> Blueprint:
        webhook = super().blueprint(on_new_message)

        @webhook.middleware("request")
        async def require_token(request: Request) -> Optional[HTTPResponse]:
            if request.path.rstrip("/").endswith("/webhooks/rest"):
                return None  # the health check says nothing about any conversation
            if not self.token:
                return response.json({"error": "The REST channel is off: REST_CHANNEL_TOKEN is not set."},
                                     status=503)
            if not bearer_token_valid(request.headers.get("Authorization"), self.token):
                return response.json({"error": "A valid REST channel token is needed."}, status=401,
                                     headers={"WWW-Authenticate": "Bearer"})
            return None

        @webhook.route("/pending", methods=["GET"])
        async def pending(request: Request) -> HTTPResponse:
            sender = (request.args.get("sender") or "").strip()
            if not sender or len(sender) > 255:
                return response.json({"error": "Give the conversation's sender id."}, status=400)
            try:
                wait = min(max(float(request.args.get("wait", "0")), 0.0), MAX_WAIT_SECONDS)
            except ValueError:
                wait = 0.0
            return response.json(await self.pending.wait(owned_sender_id(self.name(), sender), wait))

        return webhook
