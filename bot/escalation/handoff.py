"""What an officer does to a conversation, as the service API and the console both do it: write
to the casework store first, then send the event into the parent's conversation through Rasa.
A failed send loses nothing: it is on the timeline and the officer can send again."""
from __future__ import annotations

import asyncio
import logging
from typing import Any, Dict, Tuple

from bot.escalation import store
from bot.escalation.relay import RasaRelay, RelayError

logger = logging.getLogger(__name__)


async def send(url: str, relay: RasaRelay, view: store.EscalationView, intent: str,
               entities: Dict[str, Any]) -> bool:
    """Send one officer event to the parent; a failure is written to the timeline."""
    try:
        await relay.trigger(view.conversation_id, intent, entities)
        return True
    except RelayError as error:
        logger.warning("officer event %s for escalation %s not delivered", intent, view.id)
        await asyncio.to_thread(store.record_event, url, view.id, "delivery_failed", f"{intent}: {error}")
        return False


async def claim(url: str, relay: RasaRelay, escalation_id: int, officer_id: int) -> Tuple[store.EscalationView, bool]:
    view = await asyncio.to_thread(store.claim, url, escalation_id, officer_id)
    return view, await send(url, relay, view, "officer_joined", {"escalation_id": view.id})


async def reply(url: str, relay: RasaRelay, escalation_id: int, officer_id: int, text: str) -> Tuple[int, bool]:
    message_id = await asyncio.to_thread(store.record_officer_reply, url, escalation_id, officer_id, text)
    view = await asyncio.to_thread(store.get_escalation, url, escalation_id)
    return message_id, await send(url, relay, view, "officer_message", {"message_id": message_id})


async def hand_back(url: str, relay: RasaRelay, escalation_id: int, officer_id: int,
                    agreed: str) -> Tuple[store.EscalationView, bool]:
    view = await asyncio.to_thread(store.hand_back, url, escalation_id, officer_id, agreed)
    return view, await send(url, relay, view, "officer_handed_back", {"escalation_id": view.id})
