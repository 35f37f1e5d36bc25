"""The web widget's channel: Rasa's socket.io channel, kept in Rasa's shape, with what a parent's
widget needs on top:

- conversations persist by a session id (the widget keeps it across reloads), and a message
  must carry a well-formed one;
- messages the bot sends unasked (an officer's reply, a hand-back) reach the parent's open
  socket through `trigger_intent?output_channel=latest`, and an officer's message carries the
  officer's first name so the widget can label it;
- empty, non-text and huge messages are refused kindly instead of reaching the assistant;
- with REDIS_URL set (scale-out), a message for a socket held by another Rasa server gets there.

Switched on in credentials.yml by its import path; its name stays `socketio`.
"""
from __future__ import annotations

import logging
import os
import re
from typing import Any, Awaitable, Callable, Dict, Optional, Text

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.socketio import SocketBlueprint, SocketIOInput, SocketIOOutput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from socketio import AsyncRedisManager, AsyncServer

logger = logging.getLogger(__name__)
SESSION_ID = re.compile(r"^[0-9a-f]{32}$")
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


class SocketOutput(SocketIOOutput):
    """Rasa's socket.io output, keeping an officer's name on the message."""

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

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @sio.on("session_request", namespace=self.namespace)
        async def session_request(sid: Text, data: Optional[Dict]) -> None:
            requested = (data or {}).get("session_id")
            session_id = requested if isinstance(requested, str) and SESSION_ID.match(requested) else None
            if session_id is None:
                import uuid

                session_id = uuid.uuid4().hex
            await sio.enter_room(sid, session_id, namespace=self.namespace)
            await sio.emit("session_confirm", session_id, room=sid, namespace=self.namespace)

        @sio.on(self.user_message_evt, namespace=self.namespace)
        async def handle_message(sid: Text, data: Any) -> None:
            output = SocketOutput(sio, self.bot_message_evt)
            session_id = data.get("session_id") if isinstance(data, dict) else None
            if not isinstance(session_id, str) or not SESSION_ID.match(session_id):
                await sio.emit(self.bot_message_evt, {"text": "Sorry, I lost our conversation. Please reload the page."},
                               room=sid, namespace=self.namespace)
                return
            problem = message_problem(data)
            if problem:
                await output.send_text_message(session_id, problem)
                return
            # Metadata from a browser is never trusted (it could claim a phone number): none is passed on.
            await on_new_message(UserMessage(data["message"], output, session_id, input_channel=self.name(),
                                             metadata={}))

        return webhook
