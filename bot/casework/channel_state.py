"""What text-only channels must remember between webhooks, shared by every Rasa server through
the casework database: provider message ids already taken in, the last numbered options, and
numbers that opted out with STOP."""
from __future__ import annotations

import json
from typing import List, Optional

from sqlalchemy.exc import IntegrityError

from bot.casework.database import session_scope
from bot.casework.models import ChannelMenu, ChannelMessageSeen, ChannelOptOut, utcnow


def first_time_seen(url: str, channel: str, message_id: str) -> bool:
    """True the first time a message id arrives; False for a retry (a unique row decides)."""
    try:
        with session_scope(url) as session:
            session.add(ChannelMessageSeen(channel=channel, message_id=message_id[:128]))
        return True
    except IntegrityError:
        return False


def remember_options(url: str, conversation_id: str, payloads: List[str]) -> None:
    with session_scope(url) as session:
        menu = session.get(ChannelMenu, conversation_id)
        if menu is None:
            session.add(ChannelMenu(conversation_id=conversation_id, payloads=json.dumps(payloads)))
        else:
            menu.payloads, menu.at = json.dumps(payloads), utcnow()


def last_options(url: str, conversation_id: str) -> List[str]:
    with session_scope(url) as session:
        menu = session.get(ChannelMenu, conversation_id)
        return json.loads(menu.payloads) if menu else []


def set_opted_out(url: str, channel: str, address: str, opted_out: bool) -> None:
    with session_scope(url) as session:
        row = session.get(ChannelOptOut, (channel, address))
        if opted_out and row is None:
            session.add(ChannelOptOut(channel=channel, address=address))
        elif not opted_out and row is not None:
            session.delete(row)


def is_opted_out(url: str, channel: str, address: Optional[str]) -> bool:
    if not address:
        return False
    with session_scope(url) as session:
        return session.get(ChannelOptOut, (channel, address)) is not None
