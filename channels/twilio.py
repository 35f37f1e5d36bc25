"""SMS and WhatsApp through Twilio, at Rasa's conventional /webhooks/twilio/webhook.

- Every request's X-Twilio-Signature is checked with Twilio's own RequestValidator; a missing or
  forged one gets 403 and nothing reaches the assistant.
- A retried webhook (same MessageSid) is processed once (bot/casework/channel_state.py).
- STOP, START and HELP behave as carriers expect: STOP confirms and nothing more is sent to that
  number, START confirms and resumes, HELP says who we are and how to stop.
- Buttons become numbered options; a reply such as "2" is sent to the assistant as the second
  option's payload. Long replies are split on sentence boundaries within SMS segment limits
  (WhatsApp: 1600 characters a message).
- The phone number goes to the assistant as trusted metadata (a verification factor).

Settings from the environment only: TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_SMS_NUMBER,
TWILIO_WHATSAPP_NUMBER, TWILIO_WEBHOOK_URL (the public URL Twilio calls, as signed) and
TWILIO_API_URL (the REST API; tests point it at a local server speaking Twilio's format).
"""
from __future__ import annotations

import asyncio
import logging
import os
from dataclasses import dataclass
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text
from xml.sax.saxutils import escape

import aiohttp
from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from twilio.request_validator import RequestValidator

from bot.casework import channel_state
from bot.settings import casework_url
from channels.provider_http import ProviderError, post_with_retry
from channels.text_messages import chosen_payload, numbered_options, split_chars, split_sms

logger = logging.getLogger(__name__)
STOP_WORDS = {"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "OPTOUT"}
START_WORDS = {"START", "YES", "UNSTOP"}
HELP_WORDS = {"HELP", "INFO"}
STOPPED_TEXT = ("You have been unsubscribed from the SEND resolution service and will get no more messages. "
                "Reply START to subscribe again.")
STARTED_TEXT = "You are subscribed to the SEND resolution service again. How can I help?"
HELP_TEXT = ("SEND resolution service: help for families with children who have special educational needs. "
             "Just text your question. Reply STOP to stop messages. If anyone is in danger, call 999.")
NOT_TEXT = "Sorry, I can only read text messages. Please type your message."
WHATSAPP_PREFIX = "whatsapp:"
WHATSAPP_LIMIT = 1600


@dataclass(frozen=True)
class TwilioSettings:
    account_sid: str
    auth_token: str
    sms_number: str
    whatsapp_number: str
    webhook_url: str
    api_url: str
    casework_url: str

    @classmethod
    def from_environment(cls) -> "TwilioSettings":
        env = os.environ
        return cls(env.get("TWILIO_ACCOUNT_SID", ""), env.get("TWILIO_AUTH_TOKEN", ""),
                   env.get("TWILIO_SMS_NUMBER", ""), env.get("TWILIO_WHATSAPP_NUMBER", ""),
                   env.get("TWILIO_WEBHOOK_URL", ""), env.get("TWILIO_API_URL", "https://api.twilio.com").rstrip("/"),
                   casework_url(env.get("CASEWORK_DB_URL", "")))

    @property
    def configured(self) -> bool:
        return bool(self.account_sid and self.auth_token)


def signature_valid(auth_token: str, url: str, params: Dict[str, str], signature: Optional[str]) -> bool:
    """Twilio's own check of X-Twilio-Signature over the URL and the form parameters."""
    return bool(signature) and RequestValidator(auth_token).validate(url, params, signature)


def keyword(body: str) -> Optional[str]:
    """"stop", "start" or "help" when the whole message is one of the carrier keywords."""
    word = (body or "").strip().upper()
    return "stop" if word in STOP_WORDS else "start" if word in START_WORDS else "help" if word in HELP_WORDS else None


def twiml(text: Optional[str] = None) -> HTTPResponse:
    body = f"<Message>{escape(text)}</Message>" if text else ""
    return response.text(f'<?xml version="1.0" encoding="UTF-8"?><Response>{body}</Response>',
                         content_type="text/xml")


class TwilioOutput(OutputChannel):
    """Sends replies through Twilio's Messages API, numbered options for buttons, never to a
    number that opted out."""

    @classmethod
    def name(cls) -> Text:
        return "twilio"

    def __init__(self, settings: TwilioSettings) -> None:
        self.settings = settings

    async def _send(self, recipient_id: Text, text: Text) -> None:
        whatsapp = recipient_id.startswith(WHATSAPP_PREFIX)
        address = recipient_id[len(WHATSAPP_PREFIX):] if whatsapp else recipient_id
        if await asyncio.to_thread(channel_state.is_opted_out, self.settings.casework_url, "twilio", address):
            logger.info("a reply was not sent: the number opted out")
            return
        sender = (f"{WHATSAPP_PREFIX}{self.settings.whatsapp_number}" if whatsapp else self.settings.sms_number)
        parts = split_chars(text, WHATSAPP_LIMIT) if whatsapp else split_sms(text)
        url = f"{self.settings.api_url}/2010-04-01/Accounts/{self.settings.account_sid}/Messages.json"
        for part in parts:
            try:
                await post_with_retry(url, data={"To": recipient_id, "From": sender, "Body": part},
                                      auth=aiohttp.BasicAuth(self.settings.account_sid, self.settings.auth_token))
            except ProviderError as error:
                logger.error("Twilio message not sent: %s", error)
                return

    async def send_text_message(self, recipient_id: Text, text: Text, **kwargs: Any) -> None:
        await self._send(recipient_id, text)

    async def send_text_with_buttons(self, recipient_id: Text, text: Text, buttons: List[Dict[Text, Any]],
                                     **kwargs: Any) -> None:
        await asyncio.to_thread(channel_state.remember_options, self.settings.casework_url, recipient_id,
                                [str(b.get("payload", "")) for b in buttons])
        await self._send(recipient_id, numbered_options(text, buttons))

    async def send_custom_json(self, recipient_id: Text, json_message: Dict[Text, Any], **kwargs: Any) -> None:
        """Custom payloads are for the web widget; the text already carries what matters."""

    async def send_image_url(self, recipient_id: Text, image: Text, **kwargs: Any) -> None:
        await self._send(recipient_id, image)


class TwilioChannel(InputChannel):
    """The Twilio webhook (see the module docstring)."""

    @classmethod
    def name(cls) -> Text:
        return "twilio"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> InputChannel:
        return cls(TwilioSettings.from_environment())

    def __init__(self, settings: TwilioSettings) -> None:
        self.settings = settings

    def get_output_channel(self) -> OutputChannel:
        return TwilioOutput(self.settings)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = Blueprint("twilio_webhook", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok" if self.settings.configured else "not configured"})

        @webhook.route("/webhook", methods=["POST"])
        async def message(request: Request) -> HTTPResponse:
            if not self.settings.configured:
                return response.text("Twilio is not configured.", status=503)
            params = {key: values[0] for key, values in (request.form or {}).items()}
            url = self.settings.webhook_url or request.url
            if not signature_valid(self.settings.auth_token, url, params, request.headers.get("X-Twilio-Signature")):
                logger.warning("Twilio webhook refused: bad signature")
                return response.text("Forbidden", status=403)
            sender, sid = params.get("From", ""), params.get("MessageSid", "")
            if not sender or not sid:
                return response.text("Missing From or MessageSid.", status=400)
            db = self.settings.casework_url
            if not await asyncio.to_thread(channel_state.first_time_seen, db, "twilio", sid):
                return twiml()  # a retry of a message already taken in
            address = sender[len(WHATSAPP_PREFIX):] if sender.startswith(WHATSAPP_PREFIX) else sender
            body = params.get("Body", "")
            word = keyword(body)
            if word == "stop":
                await asyncio.to_thread(channel_state.set_opted_out, db, "twilio", address, True)
                return twiml(STOPPED_TEXT)
            if word == "start":
                await asyncio.to_thread(channel_state.set_opted_out, db, "twilio", address, False)
                return twiml(STARTED_TEXT)
            if word == "help":
                return twiml(HELP_TEXT)
            output = TwilioOutput(self.settings)
            if not body.strip():
                await output.send_text_message(sender, NOT_TEXT)
                return twiml()
            options = await asyncio.to_thread(channel_state.last_options, db, sender)
            text = chosen_payload(body, options) or body
            metadata = {"phone": address, "channel": "whatsapp" if sender.startswith(WHATSAPP_PREFIX) else "sms"}
            await on_new_message(UserMessage(text[:5000], output, sender, input_channel=self.name(),
                                             metadata=metadata))
            return twiml()

        return webhook
