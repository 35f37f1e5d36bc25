"""WhatsApp through Meta's Cloud API, at /webhooks/whatsapp/webhook.

- GET answers Meta's `hub.verify_token` handshake with `hub.challenge`, and 403 otherwise.
- Every POST's X-Hub-Signature-256 (HMAC-SHA256 of the raw body with the app secret) is checked;
  a missing or wrong one gets 403 and nothing reaches the assistant.
- A message id already taken in (Meta retries) is processed once.
- Buttons: up to 3 become reply buttons, up to 10 a list message, more a numbered text (a reply
  such as "2" maps back). A tapped button or row sends its payload to the assistant.
- Outbound calls go through aiohttp, tried again only when that is safe (channels/provider_http.py).

Settings from the environment only: WHATSAPP_VERIFY_TOKEN, WHATSAPP_APP_SECRET,
WHATSAPP_ACCESS_TOKEN, WHATSAPP_PHONE_NUMBER_ID and WHATSAPP_API_URL (the Graph API base with
its version; tests point it at a local server speaking Meta's format).
"""
from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import logging
import os
from dataclasses import dataclass
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text

from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.casework import channel_state
from bot.settings import casework_url
from channels.delivery import NotStored, tell_officers_a_send_failed
from channels.ownership import owned_sender_id, provider_address
from channels.provider_http import ProviderError, post_with_retry
from channels.text_messages import chosen_payload, numbered_options, split_chars

logger = logging.getLogger(__name__)
TEXT_LIMIT = 4096
BODY_LIMIT = 1024  # the text above buttons or a list
MAX_BUTTONS, MAX_ROWS = 3, 10
BUTTON_TITLE, ROW_TITLE, ID_LIMIT = 20, 24, 256
NOT_TEXT = "Sorry, I can only read text messages. Please type your message."


@dataclass(frozen=True)
class WhatsAppSettings:
    verify_token: str
    app_secret: str
    access_token: str
    phone_number_id: str
    api_url: str
    casework_url: str

    @classmethod
    def from_environment(cls) -> "WhatsAppSettings":
        env = os.environ
        return cls(env.get("WHATSAPP_VERIFY_TOKEN", ""), env.get("WHATSAPP_APP_SECRET", ""),
                   env.get("WHATSAPP_ACCESS_TOKEN", ""), env.get("WHATSAPP_PHONE_NUMBER_ID", ""),
                   env.get("WHATSAPP_API_URL", "https://graph.facebook.com/v21.0").rstrip("/"),
                   casework_url(env.get("CASEWORK_DB_URL", "")))

    @property
    def configured(self) -> bool:
        return bool(self.app_secret and self.verify_token)


def signature_valid(app_secret: str, body: bytes, header: Optional[str]) -> bool:
    """X-Hub-Signature-256 is "sha256=" and the hex HMAC-SHA256 of the raw body."""
    if not header or not header.startswith("sha256=") or not app_secret:
        return False
    expected = hmac.new(app_secret.encode(), body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, header[len("sha256="):])


@dataclass(frozen=True)
class Incoming:
    """One parent message from a webhook: id, sender's number, and the text or chosen payload."""

    message_id: str
    sender: str
    text: str


def incoming_messages(payload: Any) -> List[Incoming]:
    """Messages in a Cloud API webhook body (status updates and unknown shapes are skipped)."""
    found: List[Incoming] = []
    entries = payload.get("entry") if isinstance(payload, dict) else None
    for entry in entries if isinstance(entries, list) else []:
        for change in entry.get("changes") or [] if isinstance(entry, dict) else []:
            value = change.get("value") if isinstance(change, dict) else None
            for message in (value or {}).get("messages") or [] if isinstance(value, dict) else []:
                if not isinstance(message, dict) or not message.get("id") or not message.get("from"):
                    continue
                kind, text = message.get("type"), ""
                if kind == "text":
                    text = (message.get("text") or {}).get("body", "")
                elif kind == "interactive":
                    reply = message.get("interactive") or {}
                    chosen = reply.get("button_reply") or reply.get("list_reply") or {}
                    text = chosen.get("id") or chosen.get("title") or ""
                elif kind == "button":
                    text = (message.get("button") or {}).get("payload") or (message.get("button") or {}).get("text", "")
                found.append(Incoming(str(message["id"]), str(message["from"]), str(text)))
    return found


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def outgoing(to: str, text: str, buttons: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """The Cloud API message bodies for a reply: text parts, then buttons or a list when there
    are options (more than 10 options: numbered text instead)."""
    if buttons and len(buttons) > MAX_ROWS:
        text, buttons = numbered_options(text, buttons), []
    base = {"messaging_product": "whatsapp", "recipient_type": "individual", "to": to}
    if not buttons:
        return [{**base, "type": "text", "text": {"body": part, "preview_url": True}}
                for part in split_chars(text, TEXT_LIMIT)]
    parts = split_chars(text, BODY_LIMIT) or ["Choose one:"]
    messages = [{**base, "type": "text", "text": {"body": part, "preview_url": True}} for part in parts[:-1]]
    body = {"text": parts[-1]}
    if len(buttons) <= MAX_BUTTONS:
        action = {"buttons": [{"type": "reply", "reply": {"id": str(b.get("payload", ""))[:ID_LIMIT],
                                                          "title": _clip(str(b.get("title", "")), BUTTON_TITLE)}}
                              for b in buttons]}
        interactive = {"type": "button", "body": body, "action": action}
    else:
        rows = [{"id": str(b.get("payload", ""))[:ID_LIMIT], "title": _clip(str(b.get("title", "")), ROW_TITLE)}
                for b in buttons]
        interactive = {"type": "list", "body": body,
                       "action": {"button": "Choose", "sections": [{"title": "Options", "rows": rows}]}}
    return messages + [{**base, "type": "interactive", "interactive": interactive}]


class WhatsAppOutput(OutputChannel):
    """Sends replies through the Cloud API's messages endpoint."""

    @classmethod
    def name(cls) -> Text:
        return "whatsapp"

    def __init__(self, settings: WhatsAppSettings) -> None:
        self.settings = settings

    async def _post(self, bodies: List[Dict[str, Any]]) -> int:
        """Each body as one message, in order. Stops at the first that fails and returns its index
        (len(bodies) when all went): it may have arrived, so it is not sent again, and the rest
        would read out of order without it. Never raises into Rasa: a failed turn would be run
        again by Meta's retry and the messages that went would go twice."""
        url = f"{self.settings.api_url}/{self.settings.phone_number_id}/messages"
        headers = {"Authorization": f"Bearer {self.settings.access_token}"}
        for index, body in enumerate(bodies):
            try:
                await post_with_retry(url, json=body, headers=headers)
            except ProviderError as error:
                logger.error("WhatsApp message %d of %d %s after %d attempt(s), %d not tried: %s", index + 1,
                             len(bodies), "may or may not have arrived" if error.uncertain else "not sent",
                             error.attempts, len(bodies) - index - 1, error)
                await tell_officers_a_send_failed(self.settings.casework_url, owned_sender_id(self.name(), body.get("to", "")),
                                                  index, len(bodies), error.uncertain)
                return index
        return len(bodies)

    async def send_text_message(self, recipient_id: Text, text: Text, **kwargs: Any) -> None:
        """`recipient_id` is the conversation (`whatsapp-cloud:+44...`)."""
        await self._post(outgoing(provider_address(recipient_id), text, []))

    async def send_text_with_buttons(self, recipient_id: Text, text: Text, buttons: List[Dict[Text, Any]],
                                     **kwargs: Any) -> None:
        await asyncio.to_thread(channel_state.remember_options, self.settings.casework_url,
                                recipient_id, [str(b.get("payload", "")) for b in buttons])
        await self._post(outgoing(provider_address(recipient_id), text, buttons))

    async def send_custom_json(self, recipient_id: Text, json_message: Dict[Text, Any], **kwargs: Any) -> None:
        """Custom payloads are for the web widget; the text already carries what matters."""


class WhatsAppChannel(InputChannel):
    """The Cloud API webhook (see the module docstring)."""

    @classmethod
    def name(cls) -> Text:
        return "whatsapp"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> InputChannel:
        return cls(WhatsAppSettings.from_environment())

    def __init__(self, settings: WhatsAppSettings) -> None:
        self.settings = settings

    def get_output_channel(self) -> OutputChannel:
        return WhatsAppOutput(self.settings)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = Blueprint("whatsapp_webhook", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok" if self.settings.configured else "not configured"})

        @webhook.route("/webhook", methods=["GET"])
        async def verify(request: Request) -> HTTPResponse:
            token = request.args.get("hub.verify_token", "")
            if (request.args.get("hub.mode") == "subscribe" and self.settings.verify_token
                    and hmac.compare_digest(token, self.settings.verify_token)):
                return response.text(request.args.get("hub.challenge", ""))
            return response.text("Forbidden", status=403)

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            if not self.settings.configured:
                return response.text("WhatsApp is not configured.", status=503)
            if not signature_valid(self.settings.app_secret, request.body, request.headers.get("X-Hub-Signature-256")):
                logger.warning("WhatsApp webhook refused: bad signature")
                return response.text("Forbidden", status=403)
            try:
                payload = json.loads(request.body or b"{}")
            except (ValueError, UnicodeDecodeError):
                return response.text("Bad request", status=400)
            db = self.settings.casework_url
            output = WhatsAppOutput(self.settings)
            for message in incoming_messages(payload):
                if await asyncio.to_thread(channel_state.was_seen, db, "whatsapp", message.message_id):
                    continue  # a retry of a message already taken in
                conversation = owned_sender_id(self.name(), message.sender)
                if not message.text.strip():
                    if await asyncio.to_thread(channel_state.first_time_seen, db, "whatsapp", message.message_id):
                        await output.send_text_message(conversation, NOT_TEXT)
                    continue
                options = await asyncio.to_thread(channel_state.last_options, db, conversation)
                text = chosen_payload(message.text, options) or message.text
                try:
                    # The raw sender: the door (channels/ownership.py) makes it the conversation id;
                    # the message id lets it apply Meta's retry of this message once (channels/delivery.py).
                    await on_new_message(UserMessage(
                        text[:5000], output, message.sender, input_channel=self.name(),
                        message_id=message.message_id, metadata={"address": "+" + message.sender.lstrip("+")}))
                except NotStored:  # Meta retries the whole delivery; what was done is skipped then
                    return response.json({"status": "not saved"}, status=503)
                await asyncio.to_thread(channel_state.first_time_seen, db, "whatsapp", message.message_id)
            return response.json({"status": "ok"})

        return webhook
