"""SMS and WhatsApp through Twilio, at Rasa's conventional /webhooks/twilio/webhook.

- Every request's X-Twilio-Signature is checked with Twilio's own RequestValidator; a missing or
  forged one gets 403 and nothing reaches the assistant.
- A retried webhook (same MessageSid) is processed once (bot/casework/channel_state.py).
- STOP, START and HELP behave as carriers expect: STOP confirms and nothing more is sent to that
  number, START confirms and resumes, HELP says who we are and how to stop.
- Buttons become numbered options; a reply such as "2" is sent to the assistant as the second
  option's payload. Long replies are split on sentence boundaries within SMS segment limits
  (WhatsApp: 1600 characters a message).
- On SMS everything said in answer to one message goes as at most two messages: the first lines,
  then any numbered options, then "Reply MORE for the rest." The rest is kept (casework store)
  and MORE sends the next two. A message outside a turn (an officer's) goes at once, capped alike.
- The conversation is `sms:+44...` or `whatsapp:+44...` (channels/ownership.py): the number
  Twilio signed for is the conversation's identity, and so a verification factor.

Settings from the environment only: TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_SMS_NUMBER,
TWILIO_WHATSAPP_NUMBER, TWILIO_WEBHOOK_URL (the public URL Twilio calls, as signed) and
TWILIO_API_URL (the REST API; tests point it at a local server speaking Twilio's format).
"""
from __future__ import annotations

import asyncio
import logging
import os
from dataclasses import dataclass
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text, Tuple
from xml.sax.saxutils import escape

import aiohttp
from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from twilio.request_validator import RequestValidator

from bot.casework import channel_state
from bot.settings import casework_url
from channels.delivery import NotStored, tell_officers_a_send_failed
from channels.ownership import local_id, namespace_of, owned_sender_id, provider_address
from channels.provider_http import ProviderError, post_with_retry
from channels.text_messages import chosen_payload, option_lines, sms_reply, split_chars, turn_text

logger = logging.getLogger(__name__)
STOP_WORDS = {"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "OPTOUT"}
START_WORDS = {"START", "YES", "UNSTOP"}
HELP_WORDS = {"HELP", "INFO"}
MORE_WORDS = {"MORE"}
STOPPED_TEXT = ("You have been unsubscribed from the SEND resolution service and will get no more messages. "
                "Reply START to subscribe again.")
STARTED_TEXT = "You are subscribed to the SEND resolution service again. How can I help?"
HELP_TEXT = ("SEND resolution service: help for families with children who have special educational needs. "
             "Just text your question. Reply STOP to stop messages. If anyone is in danger, call 999.")
NOT_TEXT = "Sorry, I can only read text messages. Please type your message."
NOTHING_MORE_TEXT = "There is nothing more to send right now. Text your question and I will help."
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
    """"stop", "start", "help" (the carrier keywords) or "more" when that is the whole message."""
    word = (body or "").strip().upper()
    for name, words in (("stop", STOP_WORDS), ("start", START_WORDS), ("help", HELP_WORDS), ("more", MORE_WORDS)):
        if word in words:
            return name
    return None


def _more_pages(kept: str) -> Tuple[List[str], str]:
    """The next messages of text kept for MORE, and what they leave."""
    reply = sms_reply(kept)
    return reply.messages, reply.kept


def _unsent_text(whole: str, sent: List[str], kept: str) -> str:
    """The text of messages cut from `whole` that did not go: what follows the `sent` ones (each
    a piece of `whole`, in order) and comes before the `kept` rest (the end of `whole`)."""
    start = 0
    for message in sent:
        found = whole.find(message, start)
        if found < 0:
            break  # not expected; keep more rather than lose any
        start = found + len(message)
    end = len(whole) - len(kept) if kept and whole.endswith(kept) else len(whole)
    return whole[start:end].strip()


def twiml(text: Optional[str] = None) -> HTTPResponse:
    body = f"<Message>{escape(text)}</Message>" if text else ""
    return response.text(f'<?xml version="1.0" encoding="UTF-8"?><Response>{body}</Response>',
                         content_type="text/xml")


class TwilioOutput(OutputChannel):
    """Sends replies through Twilio's Messages API, numbered options for buttons, never to a
    number that opted out. On SMS a reply is at most two messages with the rest kept for MORE
    (channels/text_messages.py `sms_reply`): within a webhook's turn (`in_turn`) what the
    assistant says is collected and `flush()` sends it; otherwise each message goes at once.
    A message that fails is not sent again here (channels/provider_http.py: it may have arrived)
    and neither is what follows it; on SMS they are kept in front of the text kept for MORE, so
    MORE resumes from the failed part. A failed send does not raise into Rasa: a failed turn
    would be run again by the provider's retry and the parts that went would go twice."""

    @classmethod
    def name(cls) -> Text:
        return "twilio"

    def __init__(self, settings: TwilioSettings, in_turn: bool = False) -> None:
        self.settings = settings
        self.in_turn = in_turn
        self._said: Dict[str, List[Tuple[str, str]]] = {}  # SMS conversation -> (text, options) said

    async def _say(self, recipient_id: Text, text: Text, options: str = "") -> None:
        """`recipient_id` is the conversation (`sms:+44...` or `whatsapp:+44...`)."""
        if namespace_of(recipient_id) == "whatsapp":
            await self._post(recipient_id, split_chars(f"{text}\n{options}" if options else text, WHATSAPP_LIMIT))
        elif self.in_turn:
            self._said.setdefault(recipient_id, []).append((text, options))
        else:  # an officer's message: at once, and it keeps its rest only if it has one
            await self._send_sms(recipient_id, text, options, replace_kept=False)

    def discard_turn(self) -> None:
        """Forget what a failed turn said on SMS (channels/delivery.py tells the parent instead)."""
        self._said = {}

    async def flush(self) -> None:
        """Send what the turn said on SMS; its rest replaces whatever was kept for MORE before."""
        said, self._said = self._said, {}
        for recipient_id, parts in said.items():
            await self._send_sms(recipient_id, *turn_text(parts), replace_kept=True)

    async def send_more(self, recipient_id: Text) -> None:
        """The next messages kept for MORE, or a kind word when nothing is kept; parts that fail
        go back in front of what is kept."""
        taken: List[str] = []

        def pages(kept: str) -> Tuple[List[str], str]:
            taken.append(kept)
            return _more_pages(kept)

        messages = await asyncio.to_thread(channel_state.next_more, self.settings.casework_url, recipient_id, pages)
        if not messages:
            await self._post(recipient_id, [NOTHING_MORE_TEXT])
            return
        sent = await self._post(recipient_id, messages)
        if sent < len(messages):
            rest = _more_pages(taken[0])[1]
            await self._keep_unsent(recipient_id, _unsent_text(taken[0].strip(), messages[:sent], rest))

    async def _send_sms(self, recipient_id: Text, text: Text, options: Text, replace_kept: bool) -> int:
        """Send `text` and `options` within the SMS budget, keeping the rest for MORE (in place of
        what was kept when `replace_kept`). Returns the index of the first message not delivered
        (len(messages) when all went); it and those after it are kept in front of the rest."""
        reply = sms_reply(text, options)
        if reply.kept or replace_kept:
            await asyncio.to_thread(channel_state.keep_more, self.settings.casework_url, recipient_id, reply.kept)
        sent = await self._post(recipient_id, reply.messages)
        if sent < len(reply.messages):
            whole = "\n".join(p for p in (text.strip(), options.strip()) if p)  # as sms_reply cuts it
            await self._keep_unsent(recipient_id, _unsent_text(whole, reply.messages[:sent], reply.kept))
        return sent

    async def _keep_unsent(self, recipient_id: Text, unsent: str) -> None:
        """Put text that did not go in front of what is kept for MORE (one locked read-and-write:
        `next_more` with a pager that sends nothing and keeps `unsent` then the old text)."""
        db, put_back = self.settings.casework_url, []

        def in_front(kept: str) -> Tuple[List[str], str]:
            put_back.append(True)
            return [], "\n".join(p for p in (unsent, kept.strip()) if p)

        def keep() -> None:
            channel_state.next_more(db, recipient_id, in_front)
            if not put_back:  # nothing was kept
                channel_state.keep_more(db, recipient_id, unsent)

        if not unsent:
            return
        try:
            await asyncio.to_thread(keep)
        except Exception as error:  # noqa: BLE001 - the send failed already; say so, never the text
            logger.error("SMS parts not delivered could not be kept for MORE (%d characters): %s",
                         len(unsent), type(error).__name__)
            return
        logger.warning("SMS parts not delivered were kept for MORE (%d characters)", len(unsent))

    async def _post(self, recipient_id: Text, parts: List[str]) -> int:
        """Each part as one message through Twilio, in order (none to a number that opted out).
        Stops at the first part that fails and returns its index (len(parts) when none is left to
        send); that part is never sent again here, as it may have arrived."""
        whatsapp = namespace_of(recipient_id) == "whatsapp"
        address = local_id(recipient_id)
        if await asyncio.to_thread(channel_state.is_opted_out, self.settings.casework_url, "twilio", address):
            logger.info("a reply was not sent: the number opted out")
            return len(parts)  # nothing is to be sent to it, now or on MORE
        sender = (f"{WHATSAPP_PREFIX}{self.settings.whatsapp_number}" if whatsapp else self.settings.sms_number)
        url = f"{self.settings.api_url}/2010-04-01/Accounts/{self.settings.account_sid}/Messages.json"
        for index, part in enumerate(parts):
            try:
                await post_with_retry(url, data={"To": provider_address(recipient_id), "From": sender, "Body": part},
                                      auth=aiohttp.BasicAuth(self.settings.account_sid, self.settings.auth_token))
            except ProviderError as error:
                logger.error("Twilio message %d of %d %s after %d attempt(s), %d not tried: %s", index + 1,
                             len(parts), "may or may not have arrived" if error.uncertain else "not sent",
                             error.attempts, len(parts) - index - 1, error)
                await tell_officers_a_send_failed(self.settings.casework_url, recipient_id, index, len(parts),
                                                  error.uncertain)
                return index
        return len(parts)

    async def send_text_message(self, recipient_id: Text, text: Text, **kwargs: Any) -> None:
        await self._say(recipient_id, text)

    async def send_text_with_buttons(self, recipient_id: Text, text: Text, buttons: List[Dict[Text, Any]],
                                     **kwargs: Any) -> None:
        await asyncio.to_thread(channel_state.remember_options, self.settings.casework_url, recipient_id,
                                [str(b.get("payload", "")) for b in buttons])
        await self._say(recipient_id, text, option_lines(buttons))

    async def send_custom_json(self, recipient_id: Text, json_message: Dict[Text, Any], **kwargs: Any) -> None:
        """Custom payloads are for the web widget; the text already carries what matters."""

    async def send_image_url(self, recipient_id: Text, image: Text, **kwargs: Any) -> None:
        await self._say(recipient_id, image)


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
            if await asyncio.to_thread(channel_state.was_seen, db, "twilio", sid):
                return twiml()  # a retry of a message already taken in
            address = sender[len(WHATSAPP_PREFIX):] if sender.startswith(WHATSAPP_PREFIX) else sender
            conversation = owned_sender_id(self.name(), sender)
            body = params.get("Body", "")
            word = keyword(body)
            if (word or not body.strip()) and not await asyncio.to_thread(channel_state.first_time_seen, db,
                                                                          "twilio", sid):
                return twiml()  # a keyword is answered here, once
            if word == "stop":
                await asyncio.to_thread(channel_state.set_opted_out, db, "twilio", address, True)
                await asyncio.to_thread(channel_state.keep_more, db, conversation, "")  # nothing kept to send
                return twiml(STOPPED_TEXT)
            if word == "start":
                await asyncio.to_thread(channel_state.set_opted_out, db, "twilio", address, False)
                return twiml(STARTED_TEXT)
            if word == "help":
                return twiml(HELP_TEXT)
            if word == "more" and namespace_of(conversation) == "sms":
                await TwilioOutput(self.settings).send_more(conversation)
                return twiml()
            if not body.strip():
                await TwilioOutput(self.settings).send_text_message(conversation, NOT_TEXT)
                return twiml()
            options = await asyncio.to_thread(channel_state.last_options, db, conversation)
            text = chosen_payload(body, options) or body
            output = TwilioOutput(self.settings, in_turn=True)
            try:
                # The raw sender: the door (channels/ownership.py) makes it the conversation id; the
                # message id lets it apply a retry of this message once (channels/delivery.py).
                await on_new_message(UserMessage(text[:5000], output, sender, input_channel=self.name(),
                                                 message_id=sid, metadata={"address": address}))
            except NotStored:
                return response.text("The message was not saved; please retry.", status=503)
            finally:
                await output.flush()  # everything the turn said, within the SMS budget
            await asyncio.to_thread(channel_state.first_time_seen, db, "twilio", sid)  # done: retries skip it
            return twiml()

        return webhook
