"""The web widget's channel: Rasa's socket.io channel, kept in Rasa's shape, with what a parent's
widget needs on top:

- the server issues every session: a random 128-bit id with an HMAC signature
  (WIDGET_SESSION_SECRET), which the widget keeps across reloads and may present again. A socket
  is bound to the session it was issued or resumed, and its messages go to that conversation
  (`web:<id>`) whatever a message's body claims; an id the server did not issue starts a new one;
- messages the bot sends unasked (an officer's reply, a hand-back) reach the parent's open
  socket through `trigger_intent?output_channel=socketio`, and an officer's message carries the
  officer's first name so the widget can label it;
- empty, non-text and huge messages are refused kindly instead of reaching the assistant;
- with REDIS_URL set (scale-out), a message for a socket held by another Rasa server gets there.

Switched on in credentials.yml by its import path; its name stays `socketio`.
"""
from __future__ import annotations

import hashlib
import hmac
import logging
import os
import re
import secrets
from typing import Any, Awaitable, Callable, Dict, Optional, Text

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.socketio import SocketBlueprint, SocketIOInput, SocketIOOutput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from socketio import AsyncRedisManager, AsyncServer

from channels.addresses import client_address
from channels.ownership import provider_address

logger = logging.getLogger(__name__)
SESSION_TOKEN = re.compile(r"^([0-9a-f]{32})\.([0-9a-f]{64})$")
LOST_TEXT = "Sorry, I lost our conversation. Please reload the page."
MAX_MESSAGE_CHARS = 5000
TOO_LONG = "Sorry, that message is too long for me. Could you send it in shorter parts?"


def message_problem(data: Any) -> Optional[str]:
    """Why a socket message cannot go to the assistant (a reply for the parent), or None."""
    if not isinstance(data, dict) or not isinstance(data.get("message"), str):
        return "Sorry, I could not read that message. Please type it again."
    if not data["message"].strip():
        return "It looks like that message was empty. What would you like to ask?"
    if len(data["message"]) > MAX_MESSAGE_CHARS:
        return TOO_LONG
    return None


def _signature(session_id: str, secret: str) -> str:
    return hmac.new(secret.encode(), f"widget-session:{session_id}".encode(), hashlib.sha256).hexdigest()


def issue_session(secret: str) -> str:
    """A new session token: a random 128-bit id and its signature."""
    session_id = secrets.token_hex(16)
    return f"{session_id}.{_signature(session_id, secret)}"


def session_from_token(token: Any, secret: str) -> Optional[str]:
    """The session id in a token this server issued, or None (forged, altered or malformed)."""
    match = SESSION_TOKEN.match(token) if isinstance(token, str) else None
    if match is None or not hmac.compare_digest(match.group(2), _signature(match.group(1), secret)):
        return None
    return match.group(1)


class SocketOutput(SocketIOOutput):
    """Rasa's socket.io output, keeping an officer's name on the message. Replies go to the room
    of the conversation's session (`web:<id>` -> room `<id>`)."""

    async def _send_message(self, socket_id: Text, response: Any) -> None:
        await self.sio.emit(self.bot_message_evt, response, room=provider_address(socket_id))

    async def send_text_message(self, recipient_id: Text, text: Text, **kwargs: Any) -> None:
        for part in text.strip().split("\n\n"):
            message: Dict[str, Any] = {"text": part}
            if kwargs.get("officer"):
                message["officer"] = kwargs["officer"]
            await self._send_message(recipient_id, message)


    async def send_custom_json(self, recipient_id: Text, json_message: Dict[Text, Any], **kwargs: Any) -> None:
        """A custom payload (e.g. the deadlines calendar link) as `{"custom": ...}` to the widget.
        (Rasa's version passes the payload's keys to `emit` as arguments, which fails.)"""
        await self._send_message(recipient_id, {"custom": json_message})


class SocketChannel(SocketIOInput):
    """The socket.io channel for the web widget (see the module docstring)."""

    @classmethod
    def name(cls) -> Text:
        return "socketio"

    def get_output_channel(self) -> Optional[SocketOutput]:
        return SocketOutput(self.sio, self.bot_message_evt) if self.sio is not None else None

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        # With several Rasa servers (the scale-out profile), REDIS_URL lets any of them reach a
        # socket held by another: emits go through Redis to whichever server holds it.
        redis_url = os.environ.get("REDIS_URL")
        manager = AsyncRedisManager(redis_url, channel="send-socketio") if redis_url else None
        sio = AsyncServer(async_mode="sanic", cors_allowed_origins="*", client_manager=manager)
        webhook = SocketBlueprint(sio, self.socketio_path, "socketio_webhook", __name__)
        self.sio = sio
        # Without a configured secret, sessions last until this server restarts.
        secret = os.environ.get("WIDGET_SESSION_SECRET") or secrets.token_hex(32)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @sio.on("connect", namespace=self.namespace)
        async def connect(sid: Text, environ: Dict, auth: Any = None) -> None:
            environ = environ or {}
            # engine.io's Sanic driver always writes REMOTE_ADDR as 127.0.0.1: ask Sanic instead.
            request = environ.get("sanic.request")
            peer = getattr(request, "ip", None) or environ.get("REMOTE_ADDR")
            address = client_address(peer, environ.get("HTTP_X_FORWARDED_FOR")) or ""
            await sio.save_session(sid, {"address": address}, namespace=self.namespace)

        @sio.on("session_request", namespace=self.namespace)
        async def session_request(sid: Text, data: Optional[Dict]) -> None:
            requested = (data or {}).get("session_id") if isinstance(data, dict) else None
            session_id = session_from_token(requested, secret)
            token = requested if session_id else issue_session(secret)
            session_id = session_id or token.split(".", 1)[0]
            bound = await sio.get_session(sid, namespace=self.namespace)
            if bound.get("session_id") and bound["session_id"] != session_id:
                await sio.leave_room(sid, bound["session_id"], namespace=self.namespace)
            await sio.save_session(sid, {**bound, "session_id": session_id}, namespace=self.namespace)
            await sio.enter_room(sid, session_id, namespace=self.namespace)
            await sio.emit("session_confirm", token, room=sid, namespace=self.namespace)

        @sio.on(self.user_message_evt, namespace=self.namespace)
        async def handle_message(sid: Text, data: Any) -> None:
            output = SocketOutput(sio, self.bot_message_evt)
            bound = await sio.get_session(sid, namespace=self.namespace)
            session_id = bound.get("session_id")  # the socket's own session, never the body's claim
            if not session_id:
                await sio.emit(self.bot_message_evt, {"text": LOST_TEXT}, room=sid, namespace=self.namespace)
                return
            problem = message_problem(data)
            if problem:
                await sio.emit(self.bot_message_evt, {"text": problem}, room=sid, namespace=self.namespace)
                return
            # Metadata from a browser is never trusted (it could claim a phone number): only the
            # address this server saw is passed on.
            await on_new_message(UserMessage(data["message"], output, session_id, input_channel=self.name(),
                                             metadata={"address": bound.get("address", "")}))

        return webhook
