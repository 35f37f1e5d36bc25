"""Rasa's SQL tracker store, made cheaper per message without changing what it stores.

Rasa's `SQLTrackerStore` re-reads and re-parses a conversation's whole session from the
database on every message, and counts the stored events again before every save. This
subclass keeps the tracker it has just saved in memory and hands it to the next `retrieve`
only when it is still current: the newest stored event id for the conversation is the one we
wrote, or, with `single_writer: true` (one Rasa server, in-process lock store), without asking.
Another Rasa server writing to the same conversation, a restart, or a failed request all fall
back to Rasa's own database read, so the database stays the single source of truth and the
scale-out profile behaves as before.

SQLite also gets a pooled connection in write-ahead-log mode, so a commit does not wait
for a full fsync of the journal.
"""
from __future__ import annotations

import json
import os
from collections import OrderedDict
import time
from dataclasses import dataclass, field
from typing import Any, Optional, Text

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.trackers import DialogueStateTracker

from bot import conversation_ids

DEFAULT_CACHE_SIZE = 2000


def erasure_marker(database: str) -> str:
    """The file an erasure touches next to a SQLite tracker store, so a running Rasa forgets at once."""
    return f"{database}.erased"

# Even the only writer checks a tracker it saved longer ago than this against the database: a second
# guard beside the erasure marker, for a change to the database made some other way.
TRUST_SECONDS = 600.0


@dataclass
class _Saved:
    """A tracker as we last wrote it: the object, how many of its events are stored, the last id."""

    tracker: DialogueStateTracker
    stored_events: int
    last_event_id: Optional[int]
    saved_at: float = field(default_factory=time.monotonic)


class CachingSQLTrackerStore(SQLTrackerStore):
    """`SQLTrackerStore` that reuses the tracker it wrote when the database says it is current."""

    def __init__(self, *args: Any, cache_size: Optional[int] = None, single_writer: bool = False,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # True only when this process is the only one writing conversations (the default
        # profile: one Rasa server, in-process lock store); then the cache is trusted without
        # asking the database. The scale-out profile leaves it False.
        self.single_writer = bool(single_writer)
        if self.engine.dialect.name == "sqlite":
            self._use_pooled_wal_sqlite()
        else:  # PostgreSQL: test each pooled connection, so a database restart costs no message
            url = self.engine.url
            self.engine.dispose()
            self.engine = sa.create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)
            self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)
        # Conversations stored before channel namespaces move into them, once (bot/conversation_ids.py).
        conversation_ids.migrate(self.engine, self.SQLEvent.__tablename__)
        self.cache_size = int(cache_size or os.environ.get("TRACKER_CACHE_SIZE", DEFAULT_CACHE_SIZE))
        self._saved: "OrderedDict[Text, _Saved]" = OrderedDict()
        self._leased: "dict[Text, _Saved]" = {}
        database = self.engine.url.database if self.engine.dialect.name == "sqlite" else None
        self._erasure_marker = erasure_marker(database) if database else None
        self._erasure_seen = self._marker_stamp()

    def _marker_stamp(self) -> Optional[int]:
        try:
            return os.stat(self._erasure_marker).st_mtime_ns if self._erasure_marker else None
        except OSError:
            return None

    def _forget_if_erased(self) -> None:
        """An erasure or purge (bot/privacy.py) touches the marker: forget every cached tracker."""
        stamp = self._marker_stamp()
        if stamp != self._erasure_seen:
            self._saved.clear()
            self._leased.clear()
            self._erasure_seen = stamp

    def _use_pooled_wal_sqlite(self) -> None:
        """Keep SQLite connections open and write in WAL mode (safe for several processes)."""
        url = self.engine.url
        self.engine.dispose()
        self.engine = sa.create_engine(
            url, poolclass=sa.pool.QueuePool, pool_size=5, max_overflow=10,
            connect_args={"check_same_thread": False, "timeout": 30},
        )

        @sa.event.listens_for(self.engine, "connect")
        def _pragmas(dbapi_connection: Any, _record: Any) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()

        self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)

    def _last_event_id(self, session: Any, sender_id: Text) -> Optional[int]:
        return session.query(sa.func.max(self.SQLEvent.id)).filter(
            self.SQLEvent.sender_id == sender_id
        ).scalar()

    async def retrieve(self, sender_id: Text) -> Optional[DialogueStateTracker]:
        """The conversation's tracker: the one we saved if still current, else Rasa's read."""
        self._forget_if_erased()
        saved = self._saved.pop(sender_id, None)
        if saved is not None and len(saved.tracker.events) == saved.stored_events:
            current = self.single_writer and time.monotonic() - saved.saved_at < TRUST_SECONDS
            if not current:
                with self.session_scope() as session:
                    current = self._last_event_id(session, sender_id) == saved.last_event_id
            if current:
                self._leased[sender_id] = saved
                return saved.tracker
        self._leased.pop(sender_id, None)
        return await super().retrieve(sender_id)

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Append the events not yet stored; remember the tracker for the next message."""
        sender_id = tracker.sender_id
        known = self._leased.pop(sender_id, None) or self._saved.pop(sender_id, None)
        if known is None or known.tracker is not tracker:
            await super().save(tracker)
            with self.session_scope() as session:
                last_id = self._last_event_id(session, sender_id)
        else:
            await self.stream_events(tracker)
            last_id = known.last_event_id
            new_events = list(tracker.events)[known.stored_events:]
            with self.session_scope() as session:
                rows = [self._row(sender_id, event) for event in new_events]
                session.add_all(rows)
                session.flush()
                if rows:
                    last_id = rows[-1].id
                session.commit()
        self._remember(sender_id, _Saved(tracker, len(tracker.events), last_id))

    def _row(self, sender_id: Text, event: Any) -> Any:
        data = event.as_dict()
        return self.SQLEvent(
            sender_id=sender_id,
            type_name=event.type_name,
            timestamp=data.get("timestamp"),
            intent_name=data.get("parse_data", {}).get("intent", {}).get("name"),
            action_name=data.get("name"),
            data=json.dumps(data),
        )

    def _remember(self, sender_id: Text, saved: _Saved) -> None:
        self._saved[sender_id] = saved
        self._saved.move_to_end(sender_id)
        while len(self._saved) > self.cache_size:
            self._saved.popitem(last=False)

