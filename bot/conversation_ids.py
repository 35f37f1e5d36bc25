"""Stored conversations from before channel namespaces, moved into them once.

Rasa's events table keys every event by the sender id the channel gave. Since the ownership door
(channels/ownership.py) every id carries its channel's namespace, so a conversation stored as
"+447700900001" continues as "sms:+447700900001". The first Rasa server to start after the change
renames each stored conversation by the input channel of its first message, and records that it
has done so in a marker table; later starts, and a second server starting at the same moment, do
nothing.
"""
from __future__ import annotations

import json
import logging
from datetime import datetime, timezone
from typing import Dict, Iterable, Optional, Tuple

import sqlalchemy as sa
from sqlalchemy.exc import SQLAlchemyError

from channels.ownership import owned_sender_id

logger = logging.getLogger(__name__)
MARKER_TABLE = "send_conversation_namespaces"
LEGACY_CHANNEL = "legacy"  # a stored conversation with no parent message to say where it came from


def first_channels(rows: Iterable[Tuple[str, str, Optional[str]]]) -> Dict[str, Optional[str]]:
    """The input channel of each conversation's first user message, from (sender id, event type,
    event JSON) rows in event order; None for a conversation with no user message."""
    channels: Dict[str, Optional[str]] = {}
    for sender_id, type_name, data in rows:
        channels.setdefault(sender_id, None)
        if channels[sender_id] is None and type_name == "user":
            try:
                channels[sender_id] = json.loads(data or "{}").get("input_channel") or None
            except ValueError:
                pass
    return channels


def renamed_ids(channels: Dict[str, Optional[str]]) -> Dict[str, str]:
    """Old id -> namespaced id, for every stored conversation."""
    return {old: owned_sender_id(channel or LEGACY_CHANNEL, old) for old, channel in channels.items()}


def migrate(engine: sa.engine.Engine, events_table: str = "events") -> int:
    """Rename stored conversations once; how many were renamed (0 when already done)."""
    try:
        with engine.begin() as connection:
            inspector = sa.inspect(connection)
            if inspector.has_table(MARKER_TABLE):
                return 0
            connection.execute(sa.text(f"CREATE TABLE {MARKER_TABLE} (done_at VARCHAR(40) PRIMARY KEY)"))
            connection.execute(sa.text(f"INSERT INTO {MARKER_TABLE} (done_at) VALUES (:at)"),
                               {"at": datetime.now(timezone.utc).isoformat()})
            if not inspector.has_table(events_table):
                return 0
            rows = connection.execute(sa.text(
                f"SELECT sender_id, type_name, data FROM {events_table} ORDER BY id")).fetchall()
            renames = renamed_ids(first_channels(rows))
            for old, new in renames.items():
                connection.execute(sa.text(f"UPDATE {events_table} SET sender_id = :new WHERE sender_id = :old"),
                                   {"new": new, "old": old})
            if renames:
                logger.info("%d stored conversations moved into their channel's namespace", len(renames))
            return len(renames)
    except SQLAlchemyError as error:  # another server made the marker first: it does the work
        logger.info("stored conversations not renamed here (%s)", type(error).__name__)
        return 0
