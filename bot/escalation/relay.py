"""Talks to the Rasa HTTP API (always with its token): sends an officer's event into the parent's
conversation through the parent's own channel, and reads the conversation's transcript."""
from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timezone
from typing import Any, Dict, List, Optional
from urllib.parse import quote

import aiohttp

logger = logging.getLogger(__name__)
EXTERNAL_PREFIX = "EXTERNAL: "
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
        """Run an external event in the conversation; replies go out on the parent's latest channel."""
        result = await self._request(
            "POST", f"/conversations/{_path(conversation_id)}/trigger_intent",
            {"output_channel": "latest"}, {"name": intent, "entities": entities})
        logger.info("event %s sent to a conversation", intent)
        return (result or {}).get("messages") or []

    async def transcript(self, conversation_id: str) -> List[Dict[str, Any]]:
        """Every message in the conversation: who (parent, assistant, officer), text, time."""
        tracker = await self._request("GET", f"/conversations/{_path(conversation_id)}/tracker",
                                      {"include_events": "ALL"})
        return transcript_from_events((tracker or {}).get("events") or [])


def _path(conversation_id: str) -> str:
    """The conversation id in a URL path. Rasa's server (Sanic) does not decode percent-escapes in
    path parameters, so characters legal in a path segment ("whatsapp:+44...") stay as they are."""
    return quote(conversation_id, safe=":+@!$&'()*,;=-._~")


def transcript_from_events(events: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """The messages in tracker events, in order. Officer events sent by the service are left out;
    the officer's own words appear as the officer's messages."""
    lines: List[Dict[str, Any]] = []
    for event in events:
        kind, text = event.get("event"), event.get("text")
        if not text or kind not in ("user", "bot"):
            continue
        if kind == "user" and text.startswith(EXTERNAL_PREFIX):
            continue
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
