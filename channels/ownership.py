"""Who owns a conversation: the one door every parent's message passes through.

A conversation id always names the channel that verified its sender, so a conversation started
on one channel can never be read, written or verified into from another:

  SMS through Twilio            sms:+447700900123
  WhatsApp through Twilio       whatsapp:+447700900123
  WhatsApp through Meta's API   whatsapp-cloud:+447700900123
  the web widget's socket       web:<session id the server issued>
  the REST integration API      rest:<the caller's id>
  any other channel NAME        NAME:<its id>

`install()` wraps Rasa's `rasa.core.channels.channel.register`, which hands every input
channel its `on_new_message`: each channel gets its own handler that rewrites the message before
the assistant sees it (namespaced sender id, the channel's own name as `input_channel`, no
officer-only intent or external-event marker a parent could type) and applies the flood limits
(channels/flood.py). A new channel is covered without anyone remembering to. Everything else
here is pure.
"""
from __future__ import annotations

import logging
import re
from typing import Any, Awaitable, Callable, Dict, Optional

logger = logging.getLogger(__name__)

# Namespace -> the Rasa input channel (by name) that owns it and sends its replies.
OWNERS: Dict[str, str] = {
    "sms": "twilio",
    "whatsapp": "twilio",
    "whatsapp-cloud": "whatsapp",
    "web": "socketio",
    "rest": "rest",
}
PHONE_NAMESPACES = frozenset({"sms", "whatsapp", "whatsapp-cloud"})
TWILIO_WHATSAPP = "whatsapp:"
# Intents only the service sends (Rasa's trigger_intent API), never a parent.
OFFICER_ONLY_INTENTS = frozenset({"officer_joined", "officer_message", "officer_handed_back"})
IS_EXTERNAL = "is_external"  # Rasa's metadata key on events made by trigger_intent
_PHONE = re.compile(r"^\+?\d{6,15}$")
_SLASH_INTENT = re.compile(r"^\s*/+\s*([A-Za-z0-9_\-]+)")


def _phone(value: str) -> str:
    digits = value.strip()
    return "+" + digits.lstrip("+") if _PHONE.match(digits) else digits


def owned_sender_id(channel_name: str, raw_sender: Any) -> str:
    """The conversation id for a sender as its channel verified it (see the module docstring)."""
    raw = str(raw_sender if raw_sender is not None else "").strip()
    if channel_name == "twilio":
        if raw.startswith(TWILIO_WHATSAPP):
            return f"whatsapp:{_phone(raw[len(TWILIO_WHATSAPP):])}"
        return f"sms:{_phone(raw)}"
    if channel_name == "whatsapp":
        return f"whatsapp-cloud:{_phone(raw)}"
    if channel_name == "socketio":
        return f"web:{raw}"
    return f"{channel_name}:{raw}"


def namespace_of(sender_id: str) -> str:
    return sender_id.split(":", 1)[0] if ":" in sender_id else ""


def owner_channel(sender_id: str) -> Optional[str]:
    """The input channel that owns a conversation (and must carry an officer's messages)."""
    namespace = namespace_of(sender_id)
    if not namespace:
        return None
    return OWNERS.get(namespace, namespace)


def local_id(sender_id: str) -> str:
    """The id within its namespace ("sms:+44..." -> "+44...")."""
    return sender_id.split(":", 1)[1] if ":" in sender_id else sender_id


def provider_address(sender_id: str) -> str:
    """The address a provider's API wants for a conversation's replies: Twilio's "+44..." or
    "whatsapp:+44...", Meta's "44...", the widget's session id, the REST caller's id."""
    namespace, local = namespace_of(sender_id), local_id(sender_id)
    if namespace == "whatsapp":
        return f"{TWILIO_WHATSAPP}{local}"
    if namespace == "whatsapp-cloud":
        return local.lstrip("+")
    return local


def verified_phone(sender_id: str) -> Optional[str]:
    """The phone number a conversation's channel verified (SMS or WhatsApp), else None. It comes
    from the conversation id alone, which only that channel's signed webhook can produce."""
    if namespace_of(sender_id) not in PHONE_NAMESPACES:
        return None
    phone = local_id(sender_id)
    return phone if _PHONE.match(phone) and phone.startswith("+") else None


def parent_text(text: Optional[str]) -> Optional[str]:
    """A parent's text with any officer-only intent command made plain text: "/officer_handed_back"
    reaches the assistant as words, never as the service's event."""
    if not text:
        return text
    match = _SLASH_INTENT.match(text)
    if match and match.group(1) in OFFICER_ONLY_INTENTS:
        return text.lstrip().lstrip("/").strip() or text
    return text


def parent_metadata(metadata: Optional[Dict[str, Any]]) -> Dict[str, Any]:
    """What a channel attached, less the marker Rasa gives the service's own events."""
    return {k: v for k, v in (metadata or {}).items() if k != IS_EXTERNAL}


def claim(channel_name: str, message: Any) -> Any:
    """Rewrite a channel's `UserMessage` so the conversation belongs to that channel."""
    message.sender_id = owned_sender_id(channel_name, message.sender_id)
    message.input_channel = channel_name
    message.metadata = parent_metadata(getattr(message, "metadata", None))
    message.text = parent_text(message.text)
    return message


Handler = Callable[[Any], Awaitable[Any]]


def owning_handler(channel_name: str, handler: Handler, guard: Optional[Any] = None) -> Handler:
    """`handler` behind the door for one channel: every message claimed, then flood-limited
    (unless it discloses a risk to someone's safety, which always goes through)."""
    async def on_new_message(message: Any) -> Any:
        message = claim(channel_name, message)
        if guard is not None:
            limit = await guard.check(message.sender_id, (message.metadata or {}).get("address"))
            if limit is not None and not _discloses_risk(message.text):
                await _refuse_flood(guard, message, limit)
                return None
        return await handler(message)

    return on_new_message


def _discloses_risk(text: Optional[str]) -> bool:
    from components.safeguarding import detect_risk

    return bool(text) and detect_risk(text) is not None


async def _refuse_flood(guard: Any, message: Any, limit: Any) -> None:
    """One kind reply a window, and a mark the officers see; the message goes no further."""
    import asyncio
    import os

    from bot.escalation.store import record_flood_limited
    from bot.settings import casework_url
    from channels.flood import LIMITED_TEXT

    logger.warning("a conversation was flood-limited (%s, %ss)", limit.kind, limit.seconds)
    if guard.should_tell(message.sender_id, limit):
        await message.output_channel.send_text_message(message.sender_id, LIMITED_TEXT)
        try:
            await asyncio.to_thread(record_flood_limited, casework_url(os.environ.get("CASEWORK_DB_URL", "")),
                                    message.sender_id, limit.kind)
        except Exception:  # noqa: BLE001 - the limit holds even when the store cannot be told
            logger.exception("could not record a flood limit")


def install() -> None:
    """Put the door in Rasa's channel registration (once per process)."""
    from rasa.core.channels import channel as rasa_channel
    from rasa.core.channels.channel import urljoin

    if getattr(rasa_channel.register, "_owned", False):
        return
    from channels.delivery import deliver, install_store_faults
    from channels.flood import FloodGuard

    install_store_faults()
    guard = FloodGuard()

    def register(input_channels, app, route):  # type: ignore[no-untyped-def]
        """Rasa's `register`, with each channel's messages passed through `claim`."""
        async def handler(message: Any) -> None:
            await deliver(app.ctx.agent, message)  # once, or the parent is told it was not saved

        for input_channel in input_channels:
            prefix = urljoin(route, input_channel.url_prefix()) if route else None
            app.blueprint(input_channel.blueprint(owning_handler(input_channel.name(), handler, guard)),
                          url_prefix=prefix)
        app.ctx.input_channels = input_channels

    register._owned = True  # type: ignore[attr-defined]
    rasa_channel.register = register
