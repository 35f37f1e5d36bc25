"""Rasa's SQL tracker store, made cheaper per message and safe with several writers.

Rasa's `SQLTrackerStore` re-reads and re-parses a conversation's whole session from the
database on every message, and counts the stored events again before every save. This
subclass keeps the tracker it has just saved in memory and hands it to the next `retrieve`
only when it is still current.

"Current" is decided by a version number per conversation (table `conversation_versions`),
bumped in the same transaction as the events are appended, and only if it still holds the
version this store read: one primary-key read per message, and it does not depend on the order
in which transactions commit (PostgreSQL takes event ids at insert, so "the newest id is mine"
could miss a write committed later). A save working from a copy someone else has since changed
(a server whose conversation lock lapsed) is refused with `StaleConversation` instead of being
interleaved: a fencing check, so the parent is told the message was not saved
(channels/delivery.py). The database stays the single source of truth.

SQLite also gets a pooled connection in write-ahead-log mode, so a commit does not wait
for a full fsync of the journal.
"""
from __future__ import annotations

import json
import os
import secrets
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any, Optional, Text

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.trackers import DialogueStateTracker

from bot import conversation_ids

DEFAULT_CACHE_SIZE = 2000




VERSIONS = sa.Table(
    "conversation_versions", sa.MetaData(),
    sa.Column("sender_id", sa.String(255), primary_key=True),
    sa.Column("version", sa.BigInteger, nullable=False),
)


class StaleConversation(Exception):
    """The conversation changed since this copy was read: the save is refused."""


@dataclass
class _Saved:
    """A tracker as we last wrote it: the object, how many of its events are stored, its version."""

    tracker: DialogueStateTracker
    stored_events: int
    version: int


class CachingSQLTrackerStore(SQLTrackerStore):
    """`SQLTrackerStore` that reuses the tracker it wrote when the database says it is current."""

    def __init__(self, *args: Any, cache_size: Optional[int] = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.engine.dialect.name == "sqlite":
            self._use_pooled_wal_sqlite()
        else:  # PostgreSQL: test each pooled connection, so a database restart costs no message
            url = self.engine.url
            self.engine.dispose()
            self.engine = sa.create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)
            self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)
        try:  # two servers starting at once may both try: the second finds it made
            VERSIONS.create(self.engine, checkfirst=True)
        except sa.exc.SQLAlchemyError:
            VERSIONS.create(self.engine, checkfirst=True)
        self._read: "OrderedDict[Text, tuple]" = OrderedDict()  # sender -> (tracker read or None, version)
        # Conversations stored before channel namespaces move into them, once (bot/conversation_ids.py).
        conversation_ids.migrate(self.engine, self.SQLEvent.__tablename__)
        self.cache_size = int(cache_size or os.environ.get("TRACKER_CACHE_SIZE", DEFAULT_CACHE_SIZE))
        self._saved: "OrderedDict[Text, _Saved]" = OrderedDict()
        self._leased: "dict[Text, _Saved]" = {}

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

    @staticmethod
    def _version(session: Any, sender_id: Text) -> int:
        """The conversation's version (0 before its first save under versions)."""
        return session.execute(sa.select(VERSIONS.c.version).where(VERSIONS.c.sender_id == sender_id)).scalar() or 0

    @staticmethod
    def _bump(session: Any, sender_id: Text, expected: Optional[int]) -> int:
        """Move the version from `expected` to the next, in the caller's transaction; refuse when it
        is no longer `expected` (None: whatever it is, for a tracker this store never read)."""
        if expected is None:
            expected = CachingSQLTrackerStore._version(session, sender_id)
        if expected == 0:
            # A conversation erased and begun again gets a new random first version, never one a
            # server may still hold for its erased copy.
            first = secrets.randbits(62) + 1
            try:  # a failed insert ends the transaction: nothing of this save is kept
                session.execute(VERSIONS.insert().values(sender_id=sender_id, version=first))
            except sa.exc.IntegrityError as error:
                raise StaleConversation("another server saved this conversation first") from error
            return first
        moved = session.execute(VERSIONS.update().where(
            sa.and_(VERSIONS.c.sender_id == sender_id, VERSIONS.c.version == expected)).values(version=expected + 1))
        if moved.rowcount != 1:
            raise StaleConversation("the conversation changed since it was read")
        return expected + 1

    async def retrieve(self, sender_id: Text) -> Optional[DialogueStateTracker]:
        """The conversation's tracker: the one we saved if its version is still the stored one,
        else Rasa's read (with the version it was read at, for the save to check)."""
        saved = self._saved.pop(sender_id, None)
        with self.session_scope() as session:
            version = self._version(session, sender_id)
        if saved is not None and len(saved.tracker.events) == saved.stored_events and saved.version == version:
            self._leased[sender_id] = saved
            return saved.tracker
        self._leased.pop(sender_id, None)
        tracker = await super().retrieve(sender_id)
        self._read[sender_id] = (tracker, version)
        self._read.move_to_end(sender_id)
        while len(self._read) > self.cache_size:
            self._read.popitem(last=False)
        return tracker

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Append the events not yet stored and bump the version, in one transaction; refuse a
        copy the conversation has moved on from; remember the tracker for the next message."""
        sender_id = tracker.sender_id
        known = self._leased.pop(sender_id, None) or self._saved.pop(sender_id, None)
        read = self._read.pop(sender_id, None)
        cached = known is not None and known.tracker is tracker
        if cached:
            expected: Optional[int] = known.version
        elif read is not None and read[0] in (None, tracker):  # read here (None: a new conversation)
            expected = read[1]
        else:
            expected = None
        await self.stream_events(tracker)
        with self.session_scope() as session:
            new_events = (list(tracker.events)[known.stored_events:] if cached
                          else list(self._additional_events(session, tracker)))
            version = self._bump(session, sender_id, expected)
            session.add_all([self._row(sender_id, event) for event in new_events])
            session.commit()
        self._remember(sender_id, _Saved(tracker, len(tracker.events), version))

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

