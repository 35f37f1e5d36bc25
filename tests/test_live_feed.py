"""The officers' live feed (bot/escalation/live.py) never skips a timeline entry: on PostgreSQL a
transaction that took a lower id can commit after one that took a higher id, and an entry whose
publishing failed is read again."""
from __future__ import annotations

import asyncio
from datetime import datetime, timezone
from typing import Any, Dict, List

import pytest
import sqlalchemy as sa

from bot.casework.database import engine_for
from bot.escalation import store
from bot.escalation.live import LiveHub, _update as describe
from bot.escalation.summary import build_summary
from knowledge.situation import Situation

DUE = datetime(2026, 12, 1, tzinfo=timezone.utc)


class Subscriber:
    """Stands in for an officer's WebSocket: keeps what it was sent, or fails once when asked."""

    def __init__(self, fail_first: int = 0) -> None:
        self.received: List[Dict[str, Any]] = []
        self.fail_first = fail_first
        self.closed = False

    async def send_json(self, message: Dict[str, Any]) -> None:
        if self.fail_first:
            self.fail_first -= 1
            raise ConnectionError("the officer's connection dropped")
        self.received.append(message)


def note(db: str, connection: sa.engine.Connection, escalation_id: int, text: str) -> None:
    connection.execute(sa.text("INSERT INTO escalation_events (escalation_id, kind, text, at) "
                               "VALUES (:e, 'note', :t, :at)"), {"e": escalation_id, "t": text, "at": datetime.utcnow()})


@pytest.mark.parametrize("db", ["postgresql"], indirect=True)
def test_an_entry_committed_after_a_higher_one_still_reaches_officers(db):
    escalation_id, _ = store.raise_escalation(db, "conv-live", build_summary("asked_for_person", Situation(), None, [], []),
                                              "rest", "given", DUE, None)

    async def scenario() -> List[str]:
        hub, officer = LiveHub(db), Subscriber()
        hub.subscribe(officer)
        await hub.poll_once()  # starts from what is there
        engine = engine_for(db)
        slow = engine.connect()
        slow_transaction = slow.begin()
        note(db, slow, escalation_id, "first, committed late")  # takes the lower id
        with engine.begin() as fast:
            note(db, fast, escalation_id, "second, committed at once")
        await hub.poll_once()
        slow_transaction.commit()
        slow.close()
        await hub.poll_once()
        await hub.poll_once()
        return [m["entry"]["text"] for m in officer.received]

    assert asyncio.run(scenario()) == ["second, committed at once", "first, committed late"]


def test_an_entry_whose_publishing_failed_is_sent_on_the_next_read(db):
    async def scenario() -> List[str]:
        calls = []

        def failing_once(url, entry):
            calls.append(entry.id)
            if len(calls) == 1:
                raise sa.exc.OperationalError("SELECT", {}, Exception("the database restarted"))
            return describe(url, entry)

        hub, officer = LiveHub(db, describe=failing_once), Subscriber()
        hub.subscribe(officer)
        await hub.poll_once()
        store.raise_escalation(db, "conv-live-2", build_summary("asked_for_person", Situation(), None, [], []),
                               "rest", "given", DUE, None)
        with pytest.raises(sa.exc.OperationalError):
            await hub.poll_once()
        await hub.poll_once()
        return [m["entry"]["kind"] for m in officer.received]

    assert asyncio.run(scenario()) == ["raised"]
