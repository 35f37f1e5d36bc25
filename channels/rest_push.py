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
channel; here they wait, per conversation, in the casework database, until the client asks (long
polling with `wait=` seconds). Each comes with a `pending_id`; the client acknowledges what it
received with `ack=<highest pending_id>` on its next call, and only then is it removed, so a client
that disconnects mid-poll loses nothing (it may see a message twice: `pending_id` tells). Switched on in credentials.yml by its import path; its name stays `rest`, so the webhook
stays at Rasa's conventional /webhooks/rest/webhook.
"""
from __future__ import annotations

import asyncio
import contextlib
import hmac
import os
from typing import Any, Awaitable, Callable, Dict, Iterator, List, Optional, Text, Tuple

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.casework import pending
from bot.settings import casework_url
from channels.addresses import client_address
from channels.ownership import owned_sender_id

MAX_WAIT_SECONDS = 25.0
RECHECK_SECONDS = 1.0  # a long poll looks in the database this often (another server may have added)


class Arrivals:
    """Wakes this process's long polls when a message for their conversation is added here. An
    entry lives only while a client waits, so the table is bounded by the clients waiting."""

    def __init__(self) -> None:
        self._waiting: Dict[str, Tuple[asyncio.Event, int]] = {}

    @contextlib.contextmanager
    def waiting(self, conversation_id: str) -> Iterator[asyncio.Event]:
        event, count = self._waiting.get(conversation_id, (asyncio.Event(), 0))
        self._waiting[conversation_id] = (event, count + 1)
        try:
            yield event
        finally:
            event, count = self._waiting[conversation_id]
            if count <= 1:
                del self._waiting[conversation_id]
            else:
                self._waiting[conversation_id] = (event, count - 1)

    def arrived(self, conversation_id: str) -> None:
        if conversation_id in self._waiting:
            self._waiting[conversation_id][0].set()

    def __len__(self) -> int:
        return len(self._waiting)


class PendingMessages:
    """Messages for REST clients in the casework database (bot/casework/pending.py): durable across
    restarts and shared by every Rasa server; removed only once the client acknowledges them."""

    def __init__(self, url: Optional[str] = None) -> None:
        self._url = url or casework_url(os.environ.get("CASEWORK_DB_URL", ""))
        self.arrivals = Arrivals()

    async def add(self, recipient_id: str, message: Dict[str, Any]) -> None:
        await asyncio.to_thread(pending.add, self._url, recipient_id, message)
        self.arrivals.arrived(recipient_id)

    async def wait(self, recipient_id: str, seconds: float, acknowledged: int = 0) -> List[Dict[str, Any]]:
        """Remove what the client acknowledged, then return what it has not, waiting up to
        `seconds` for the first message to arrive."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + seconds
        with self.arrivals.waiting(recipient_id) as arrived:
            while True:
                arrived.clear()
                found = await asyncio.to_thread(pending.unacknowledged, self._url, recipient_id, acknowledged)
                left = deadline - loop.time()
                if found or left <= 0:
                    return found
                try:
                    await asyncio.wait_for(arrived.wait(), timeout=min(RECHECK_SECONDS, left))
                except asyncio.TimeoutError:
                    pass


class PendingOutputChannel(CollectingOutputChannel):
    """Collects as Rasa's collecting channel does, and also leaves each message for the client."""

    def __init__(self, pending: PendingMessages) -> None:
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
        self.pending = PendingMessages()
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
            try:
                acknowledged = max(int(request.args.get("ack", "0")), 0)
            except ValueError:
                return response.json({"error": "ack is the highest pending_id received."}, status=400)
            return response.json(await self.pending.wait(owned_sender_id(self.name(), sender), wait, acknowledged))

        return webhook
