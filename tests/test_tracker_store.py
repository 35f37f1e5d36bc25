"""The caching tracker store stores exactly what Rasa's SQL store stores, and never serves stale state."""
from __future__ import annotations

import asyncio
import json
import sqlite3
from pathlib import Path
from typing import List

import pytest
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SlotSet, UserUttered

from bot import PROJECT_DIR
from bot.tracker_store import CachingSQLTrackerStore

DOMAIN = Domain.load(str(PROJECT_DIR / "domain.yml"))


def store(db: Path) -> CachingSQLTrackerStore:
    return CachingSQLTrackerStore(domain=DOMAIN, dialect="sqlite", db=str(db))


def turn(text: str, county: str) -> List:
    return [
        UserUttered(text, {"name": "inform_child", "confidence": 0.9}),
        SlotSet("local_authority", county),
        ActionExecuted("utter_ask_setting"),
        BotUttered("Where does your child go to school?"),
        ActionExecuted("action_listen"),
    ]


async def converse(tracker_store: CachingSQLTrackerStore, sender: str, text: str, county: str) -> None:
    tracker = await tracker_store.get_or_create_tracker(sender)
    tracker.update_with_events(turn(text, county), DOMAIN)
    await tracker_store.save(tracker)


def stored_rows(db: Path, sender: str) -> List[tuple]:
    with sqlite3.connect(db) as connection:
        return connection.execute(
            "SELECT type_name, intent_name, action_name, data FROM events WHERE sender_id = ? ORDER BY id",
            (sender,),
        ).fetchall()


def test_stores_the_same_rows_as_rasas_sql_store(tmp_path: Path) -> None:
    async def run(tracker_store: SQLTrackerStore) -> None:
        for n, county in enumerate(["Leeds", "Kent", "Devon"]):
            tracker = await tracker_store.get_or_create_tracker("parent-1")
            tracker.update_with_events(turn(f"message {n}", county), DOMAIN)
            await tracker_store.save(tracker)

    asyncio.run(run(store(tmp_path / "ours.db")))
    asyncio.run(run(SQLTrackerStore(domain=DOMAIN, dialect="sqlite", db=str(tmp_path / "rasa.db"))))

    def comparable(db: Path) -> List[tuple]:
        rows = stored_rows(db, "parent-1")
        return [(t, i, a, {k: v for k, v in json.loads(d).items() if k != "timestamp"}) for t, i, a, d in rows]

    ours, rasas = comparable(tmp_path / "ours.db"), comparable(tmp_path / "rasa.db")
    assert len(ours) == 16  # the opening action_listen and three turns of five events
    assert ours == rasas


def test_a_write_by_another_server_is_seen(tmp_path: Path) -> None:
    db = tmp_path / "tracker.db"
    first, second = store(db), store(db)

    async def run() -> None:
        await converse(first, "parent-2", "hello", "Leeds")
        await converse(second, "parent-2", "we moved", "Kent")  # the other Rasa server
        tracker = await first.retrieve("parent-2")
        assert tracker.get_slot("local_authority") == "Kent"
        assert len([e for e in tracker.events if isinstance(e, UserUttered)]) == 2
        tracker.update_with_events(turn("and again", "Devon"), DOMAIN)
        await first.save(tracker)

    asyncio.run(run())
    texts = [json.loads(d).get("text") for t, _, _, d in stored_rows(db, "parent-2") if t == "user"]
    assert texts == ["hello", "we moved", "and again"]


def test_a_restarted_server_reads_the_conversation_back(tmp_path: Path) -> None:
    db = tmp_path / "tracker.db"
    asyncio.run(converse(store(db), "parent-3", "hello", "Leeds"))
    tracker = asyncio.run(store(db).retrieve("parent-3"))
    assert tracker.get_slot("local_authority") == "Leeds"


def test_a_failed_request_does_not_leak_unsaved_events(tmp_path: Path) -> None:
    db = tmp_path / "tracker.db"
    tracker_store = store(db)

    async def run() -> None:
        await converse(tracker_store, "parent-4", "hello", "Leeds")
        tracker = await tracker_store.retrieve("parent-4")
        tracker.update_with_events(turn("lost", "Kent"), DOMAIN)  # the request fails before saving
        again = await tracker_store.retrieve("parent-4")
        assert again.get_slot("local_authority") == "Leeds"
        assert "lost" not in [e.text for e in again.events if isinstance(e, UserUttered)]

    asyncio.run(run())


def test_sqlite_runs_in_write_ahead_log_mode(tmp_path: Path) -> None:
    db = tmp_path / "tracker.db"
    asyncio.run(converse(store(db), "parent-5", "hello", "Leeds"))
    with sqlite3.connect(db) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


@pytest.mark.parametrize("size", [1])
def test_the_cache_is_bounded(tmp_path: Path, size: int) -> None:
    tracker_store = CachingSQLTrackerStore(domain=DOMAIN, dialect="sqlite", db=str(tmp_path / "t.db"), cache_size=size)

    async def run() -> None:
        for sender in ["a", "b", "c"]:
            await converse(tracker_store, sender, "hi", "Leeds")
        tracker = await tracker_store.retrieve("a")  # evicted: read from the database
        assert tracker.get_slot("local_authority") == "Leeds"

    asyncio.run(run())
    assert len(tracker_store._saved) <= size


def test_a_writer_with_a_stale_view_is_refused_and_nothing_of_it_is_stored(tmp_path: Path) -> None:
    """Two servers hold the same conversation (a lock whose lease lapsed): the second to save was
    working from a stale copy, so its save is refused (a fencing check), not interleaved."""
    from bot.tracker_store import StaleConversation

    db = tmp_path / "tracker.db"
    first, second = store(db), store(db)

    async def run() -> None:
        await converse(first, "parent-7", "hello", "Leeds")
        a = await first.retrieve("parent-7")
        b = await second.retrieve("parent-7")
        a.update_with_events(turn("from a", "Kent"), DOMAIN)
        await first.save(a)
        b.update_with_events(turn("from b", "York"), DOMAIN)
        with pytest.raises(StaleConversation):
            await second.save(b)

    asyncio.run(run())
    assert [json.loads(d).get("text") for t, _, _, d in stored_rows(db, "parent-7") if t == "user"] == ["hello", "from a"]
    assert asyncio.run(store(db).retrieve("parent-7")).get_slot("local_authority") == "Kent"


def test_every_cached_tracker_is_checked_against_the_conversations_version(tmp_path: Path) -> None:
    """A store that served the conversation last still notices a write by anyone else."""
    db = tmp_path / "tracker.db"
    only = store(db)
    other = store(db)

    async def run() -> None:
        await converse(only, "parent-8", "hello", "Leeds")
        await converse(other, "parent-8", "written elsewhere", "Kent")
        assert (await only.retrieve("parent-8")).get_slot("local_authority") == "Kent"

    asyncio.run(run())


def test_a_copy_held_from_before_an_erasure_never_matches_the_conversation_begun_again(tmp_path: Path) -> None:
    """Server A holds a conversation; it is erased and begun again through server B. A must read it
    again, never serve its erased copy (the new first version is not the old one)."""
    db = tmp_path / "tracker.db"
    a_server, b_server = store(db), store(db)

    async def run() -> None:
        await converse(a_server, "parent-9", "my son Zebulon is 9", "Leeds")
        with sqlite3.connect(db) as connection:  # the erasure (bot/privacy.py)
            connection.execute("DELETE FROM events WHERE sender_id = 'parent-9'")
            connection.execute("DELETE FROM conversation_versions WHERE sender_id = 'parent-9'")
        await converse(b_server, "parent-9", "hello", "Kent")
        again = await a_server.retrieve("parent-9")
        assert "my son Zebulon is 9" not in [e.text for e in again.events if isinstance(e, UserUttered)]
        assert again.get_slot("local_authority") == "Kent"

    asyncio.run(run())
