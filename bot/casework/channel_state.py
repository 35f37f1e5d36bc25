"""What text-only channels must remember between webhooks, shared by every Rasa server through
the casework database: provider message ids already taken in, the last numbered options,
numbers that opted out with STOP, and the rest of a long SMS reply kept for MORE."""
from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Callable, List, Optional, Tuple

from sqlalchemy.exc import IntegrityError

from bot.casework.database import session_scope
from bot.casework.models import ChannelMenu, ChannelMessageSeen, ChannelMore, ChannelOptOut, utcnow

MORE_KEPT_FOR = timedelta(hours=24)  # the rest of a reply is offered for MORE this long
Pager = Callable[[str], Tuple[List[str], str]]  # kept text -> (messages to send now, text still kept)


def first_time_seen(url: str, channel: str, message_id: str) -> bool:
    """Record a message id as taken in: True the first time, False when it already was (a unique
    row decides, so two servers racing on one id agree)."""
    try:
        with session_scope(url) as session:
            session.add(ChannelMessageSeen(channel=channel, message_id=message_id[:128]))
        return True
    except IntegrityError:
        return False


def was_seen(url: str, channel: str, message_id: str) -> bool:
    """True when this message id was already taken in (recorded only once it was applied)."""
    with session_scope(url) as session:
        return session.query(ChannelMessageSeen.id).filter_by(
            channel=channel, message_id=message_id[:128]).first() is not None


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


def keep_more(url: str, conversation_id: str, text: str, now: Optional[datetime] = None) -> None:
    """Keep `text` for the conversation's next MORE, in place of anything kept before (nothing
    when `text` is empty). Text kept past MORE_KEPT_FOR by any conversation is dropped."""
    now = now or utcnow()
    with session_scope(url) as session:
        session.query(ChannelMore).filter(ChannelMore.at < now - MORE_KEPT_FOR).delete(synchronize_session=False)
        row = session.get(ChannelMore, conversation_id)
        if not text:
            if row is not None:
                session.delete(row)
        elif row is None:
            session.add(ChannelMore(conversation_id=conversation_id, text=text, at=now))
        else:
            row.text, row.at = text, now


def next_more(url: str, conversation_id: str, pager: Pager, now: Optional[datetime] = None) -> List[str]:
    """The next messages of the text kept for a conversation, as `pager` cuts them, keeping what
    they leave; [] when nothing is kept (or it is past MORE_KEPT_FOR). One row lock, so two
    MOREs at once never send the same part twice."""
    now = now or utcnow()
    with session_scope(url) as session:
        row = session.get(ChannelMore, conversation_id, with_for_update=True)
        if row is None:
            return []
        if row.at < now - MORE_KEPT_FOR:
            session.delete(row)
            return []
        messages, rest = pager(row.text)
        if rest:
            row.text, row.at = rest, now
        else:
            session.delete(row)
        return messages
