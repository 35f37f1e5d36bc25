"""Talks to the Rasa HTTP API (always with its token): sends an officer's event into the parent's
conversation through the conversation's own channel (never "latest", which a message from
another channel could change), and reads the conversation's transcript."""
from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timezone
from typing import Any, Dict, List, Optional
from urllib.parse import quote

import aiohttp

from channels.ownership import IS_EXTERNAL, owner_channel

logger = logging.getLogger(__name__)
ATTEMPTS = 3


class RelayError(Exception):
    """Rasa could not be reached or refused; safe to show an officer."""


class RasaRelay:
    """A small client of the Rasa HTTP API for the escalation service."""

    def __init__(self, base_url: str, token: str, session: Optional[aiohttp.ClientSession] = None) -> None:
        self._base = base_url.rstrip("/")
        self._token = token
        self._session = session

    async def _request(self, method: str, path: str, params: Dict[str, str], body: Any = None) -> Any:
        session = self._session or aiohttp.ClientSession()
        try:
            for attempt in range(1, ATTEMPTS + 1):
                try:
                    async with session.request(method, f"{self._base}{path}", params={**params, "token": self._token},
                                               json=body, timeout=aiohttp.ClientTimeout(total=30)) as response:
                        if response.status >= 500 and attempt < ATTEMPTS:
                            await asyncio.sleep(0.2 * 2 ** attempt)
                            continue
                        if response.status >= 400:
                            raise RelayError(f"The assistant refused the request ({response.status}).")
                        return await response.json()
                except (aiohttp.ClientError, asyncio.TimeoutError) as error:
                    if attempt == ATTEMPTS:
                        raise RelayError("The assistant could not be reached. Try again in a moment.") from error
                    await asyncio.sleep(0.2 * 2 ** attempt)
        finally:
            if self._session is None:
                await session.close()

    async def trigger(self, conversation_id: str, intent: str, entities: Dict[str, Any]) -> List[Dict[str, Any]]:
        """Run an external event in the conversation; replies go out on the channel that owns it.
        RelayError (a failed delivery) when that channel is not there to carry them."""
        channel = owner_channel(conversation_id)
        if channel is None:
            raise RelayError("This conversation has no channel to reply on.")
        health = await self._request("GET", f"/webhooks/{quote(channel, safe='')}/", {})
        if (health or {}).get("status") != "ok":
            raise RelayError(f"The parent's channel ({channel}) is not available, so nothing was sent.")
        result = await self._request(
            "POST", f"/conversations/{_path(conversation_id)}/trigger_intent",
            {"output_channel": channel}, {"name": intent, "entities": entities})
        logger.info("event %s sent to a conversation", intent)
        return (result or {}).get("messages") or []

    async def slots(self, conversation_id: str) -> Dict[str, Any]:
        """The conversation's slots (what the assistant has gathered), without its events."""
        tracker = await self._request("GET", f"/conversations/{_path(conversation_id)}/tracker",
                                      {"include_events": "NONE"})
        slots = (tracker or {}).get("slots")
        return slots if isinstance(slots, dict) else {}

    async def transcript(self, conversation_id: str) -> List[Dict[str, Any]]:
        """Every message in the conversation: who (parent, assistant, officer), text, time."""
        tracker = await self._request("GET", f"/conversations/{_path(conversation_id)}/tracker",
                                      {"include_events": "ALL"})
        return transcript_from_events((tracker or {}).get("events") or [])


def _path(conversation_id: str) -> str:
    """The conversation id in a URL path. Rasa's server (Sanic) does not decode percent-escapes in
    path parameters, so characters legal in a path segment ("whatsapp:+44...") stay as they are."""
    return quote(conversation_id, safe=":+@!$&'()*,;=-._~")


def is_service_event(event: Dict[str, Any]) -> bool:
    """A user event the service made through trigger_intent (Rasa marks it in its metadata; the
    ownership door strips that mark from anything a parent sends). A parent's text that merely
    starts with "EXTERNAL: " is still the parent's."""
    return event.get("event") == "user" and bool((event.get("metadata") or {}).get(IS_EXTERNAL))


def pressed_button(text: str, offered: Dict[str, str]) -> Optional[str]:
    """The words of the button a parent pressed ("Yes, pass me on"), when `text` is its payload
    ("/affirm"); for a payload no button offered, the intent's name in words ("request human")."""
    intent = text[1:].split("{", 1)[0]
    if not text.startswith("/") or not intent or not intent.replace("_", "").isalnum():
        return None
    if text in offered:
        return offered[text]
    return intent.replace("_", " ")


def transcript_from_events(events: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """The messages in tracker events, in order. Officer events sent by the service are left out;
    the officer's own words appear as the officer's messages; a button press shows the button's words."""
    lines: List[Dict[str, Any]] = []
    offered: Dict[str, str] = {}  # payload -> title of the buttons last offered
    for event in events:
        kind, text = event.get("event"), event.get("text")
        if not text or kind not in ("user", "bot"):
            continue
        if kind == "user" and is_service_event(event):
            continue
        pressed = pressed_button(text, offered) if kind == "user" else None
        if pressed is not None:
            text = f"Pressed the button \"{pressed}\""
        if kind == "bot":
            offered = {b.get("payload", ""): b.get("title", "") for b in (event.get("data") or {}).get("buttons") or []}
        officer = (event.get("metadata") or {}).get("officer") if kind == "bot" else None
        who = "parent" if kind == "user" else ("officer" if officer else "assistant")
        at = datetime.fromtimestamp(float(event.get("timestamp") or 0), timezone.utc).isoformat()
        entry: Dict[str, Any] = {"who": who, "text": text, "at": at}
        if officer:
            entry["officer"] = officer
        if kind == "bot" and (event.get("data") or {}).get("buttons"):
            entry["buttons"] = [b.get("title") for b in event["data"]["buttons"]]
        lines.append(entry)
    return lines
