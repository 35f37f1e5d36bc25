"""A parent's message is applied once, or the parent is told it was not saved.

Rasa 3.6 has two silent paths. Its FailSafeTrackerStore swallows a failed write (the turn goes to
an in-memory store and is lost) and a failed read (the conversation starts again from nothing),
and a conversation lock that cannot be had in time is logged and the message dropped. Here:

- `install_store_faults()` makes FailSafeTrackerStore pass those errors on, as `StoreFault`;
- `deliver(agent, message)` is Rasa's `Agent.handle_message` with two changes. Under the
  conversation's lock it skips a provider's retry whose message id the conversation already holds,
  so two copies arriving at once are applied once. When the lock, the store or anything else
  fails, it drops what the turn would have said and tells the parent the message was not saved.
  For a provider that retries (Twilio, Meta) it then raises `NotStored`: the channel answers with
  an error, so the provider's retry is processed. The log says what failed, never the message.

The ownership door (channels/ownership.py) calls `deliver` for every channel.
"""
from __future__ import annotations

import asyncio
import logging
from typing import Any, List, Optional

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.tracker_store import FailSafeTrackerStore
from rasa.shared.core.events import UserUttered

logger = logging.getLogger(__name__)
NOT_SAVED_TEXT = ("Sorry, something went wrong on our side and your last message was not saved. "
                  "Please send it again in a minute.")
# Channels whose messages carry the provider's own id, which a provider's retry repeats.
PROVIDER_ID_CHANNELS = frozenset({"twilio", "whatsapp"})


class StoreFault(Exception):
    """The conversation store could not be read or written."""


class NotStored(Exception):
    """The message was not applied; the parent has been told, and the provider should retry."""


def install_store_faults() -> None:
    """Make Rasa's FailSafeTrackerStore raise instead of falling back to memory (once per process)."""
    if getattr(FailSafeTrackerStore, "_faults_raised", False):
        return

    async def save(self: FailSafeTrackerStore, tracker: Any) -> None:
        try:
            await self._tracker_store.save(tracker)
        except Exception as error:  # noqa: BLE001 - any store error means the turn is not kept
            raise StoreFault("the conversation could not be saved") from error

    def reading(name: str) -> Any:
        async def read(self: FailSafeTrackerStore, sender_id: str) -> Any:
            try:
                return await getattr(self._tracker_store, name)(sender_id)
            except Exception as error:  # noqa: BLE001
                raise StoreFault("the conversation could not be read") from error
        return read

    FailSafeTrackerStore.save = save
    FailSafeTrackerStore.retrieve = reading("retrieve")
    FailSafeTrackerStore.retrieve_full_tracker = reading("retrieve_full_tracker")
    FailSafeTrackerStore._faults_raised = True


def already_applied(events: Any, message_id: Optional[str]) -> bool:
    """True when the conversation already took in a message with this provider id."""
    return bool(message_id) and any(
        isinstance(event, UserUttered) and event.message_id == message_id for event in events)


def discard_turn(output_channel: Any) -> None:
    """Forget what a failed turn would have said, where the channel still holds it."""
    if isinstance(output_channel, CollectingOutputChannel):
        output_channel.messages.clear()
    elif hasattr(output_channel, "discard_turn"):
        output_channel.discard_turn()


async def deliver(agent: Any, message: UserMessage) -> Optional[List[Any]]:
    """Handle `message` once (see the module docstring)."""
    try:
        if not agent.is_ready():
            raise RuntimeError("no model is loaded")
        async with agent.lock_store.lock(message.sender_id):
            if message.input_channel in PROVIDER_ID_CHANNELS:
                tracker = await agent.processor.tracker_store.retrieve(message.sender_id)
                if tracker is not None and already_applied(tracker.events, message.message_id):
                    logger.info("a provider's repeat of a message already taken in was skipped")
                    return None
            return await agent.processor.handle_message(message)
    except Exception as error:  # noqa: BLE001 - whatever failed, the parent hears it (never their words in a log)
        cause = error.__cause__ or error
        logger.error("a message was not saved: %s (%s)", type(error).__name__, type(cause).__name__)
        discard_turn(message.output_channel)
        try:
            await message.output_channel.send_text_message(message.sender_id, NOT_SAVED_TEXT)
        except Exception:  # noqa: BLE001 - the provider's retry still comes
            logger.error("could not tell the parent their message was not saved")
        if message.input_channel in PROVIDER_ID_CHANNELS:
            raise NotStored(type(cause).__name__) from None
        return None


async def tell_officers_a_send_failed(casework_url: str, conversation_id: str, sent: int, total: int,
                                      uncertain: bool) -> None:
    """Put a failed send to the parent on the timeline of the conversation's open escalation, so the
    officer sees it (nothing about the message's words). Never raises: the send has failed already."""
    from bot.escalation import store

    try:
        view = await asyncio.to_thread(store.open_escalation, casework_url, conversation_id)
        if view is not None:
            outcome = "may not have reached the parent" if uncertain else "did not reach the parent"
            await asyncio.to_thread(store.record_event, casework_url, view.id, "delivery_failed",
                                    f"A message {outcome}: {sent} of {total} parts were sent.")
    except Exception as error:  # noqa: BLE001
        logger.error("could not record a failed send (%s)", type(error).__name__)

