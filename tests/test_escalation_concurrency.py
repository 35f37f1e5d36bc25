"""Escalations under concurrency, on SQLite and a real PostgreSQL: one open escalation per
conversation (the database enforces it, old duplicates are merged by the migration), raises at
the same moment land on it, and neither the priority nor the first reply time is lost."""
from __future__ import annotations

import threading
from datetime import datetime, timedelta, timezone
from typing import Callable, List

import pytest
import sqlalchemy as sa
from alembic import command

from bot.casework.database import alembic_config, engine_for, session_scope
from bot.casework.models import Escalation, EscalationEvent
from bot.casework.officers import add_officer
from bot.escalation import store
from bot.escalation.summary import build_summary
from knowledge.situation import Situation

DUE = datetime(2026, 11, 25, 10, 0, tzinfo=timezone.utc)
THREADS = 8


def summary(reason: str = "asked_for_person"):
    return build_summary(reason, Situation(age=9, stage="excluded", local_authority="Leeds"), None, [],
                         ["The school sends him home every day"])


def at_once(calls: List[Callable[[], object]]) -> List[object]:
    """Run the calls in threads released together; their results (or exceptions) in order."""
    barrier = threading.Barrier(len(calls))
    results: List[object] = [None] * len(calls)

    def run(index: int) -> None:
        barrier.wait()
        try:
            results[index] = calls[index]()
        except Exception as error:  # noqa: BLE001 - the test reports it
            results[index] = error

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def open_rows(url: str, conversation_id: str) -> List[int]:
    with session_scope(url) as session:
        return list(session.execute(sa.select(Escalation.id).where(
            Escalation.conversation_id == conversation_id,
            Escalation.status.in_(store.OPEN_STATUSES))).scalars())


def event_kinds(url: str, escalation_id: int) -> List[str]:
    return [e.kind for e in store.get_escalation(url, escalation_id).timeline]


def test_raises_at_the_same_moment_make_one_open_escalation(db):
    results = at_once([lambda: store.raise_escalation(db, "conv-race", summary(), "rest", "given", DUE, None)
                       for _ in range(THREADS)])
    errors = [r for r in results if isinstance(r, Exception)]
    assert not errors, errors
    assert len(open_rows(db, "conv-race")) == 1
    assert len({escalation_id for escalation_id, _ in results}) == 1, "every raise returned the same one"
    assert sum(created for _, created in results) == 1
    kinds = event_kinds(db, results[0][0])
    assert kinds.count("raised") == 1 and kinds.count("raised_again") == THREADS - 1


def test_the_database_refuses_a_second_open_escalation(db):
    def escalation(status: str) -> Escalation:
        return Escalation(conversation_id="conv-twice", reason="complaint", priority="normal", status=status)

    with session_scope(db) as session:
        session.add_all([escalation(store.CLOSED), escalation(store.HANDED_BACK), escalation(store.RAISED)])
    for status in store.OPEN_STATUSES:
        with pytest.raises(sa.exc.IntegrityError):
            with session_scope(db) as session:
                session.add(escalation(status))
    assert len(open_rows(db, "conv-twice")) == 1


def insert_escalation(url: str, conversation_id: str, status: str, priority: str, created: datetime) -> int:
    """An escalation written as the 0006 schema allows (no unique open index yet)."""
    engine = engine_for(url)
    try:
        with engine.begin() as connection:
            connection.execute(sa.text(
                "INSERT INTO escalations (conversation_id, reason, priority, status, summary, created_at, "
                "updated_at, channel, consent) VALUES (:conversation, 'complaint', :priority, :status, '', "
                ":created, :created, 'rest', 'given')"),
                {"conversation": conversation_id, "priority": priority, "status": status, "created": created})
            return connection.execute(sa.text("SELECT max(id) FROM escalations")).scalar_one()
    finally:
        engine.dispose()


def test_the_migration_merges_duplicate_open_escalations(empty_db):
    url = empty_db
    command.upgrade(alembic_config(url), "0006")
    moment = datetime(2026, 11, 20, 9, 0)
    older = insert_escalation(url, "conv-dup", store.CLAIMED, "urgent", moment)
    newer = insert_escalation(url, "conv-dup", store.RAISED, "normal", moment + timedelta(minutes=1))
    other = insert_escalation(url, "conv-single", store.RAISED, "normal", moment)

    command.upgrade(alembic_config(url), "head")
    assert open_rows(url, "conv-dup") == [newer] and open_rows(url, "conv-single") == [other]
    merged, kept = store.get_escalation(url, older), store.get_escalation(url, newer)
    assert merged.status == store.CLOSED and merged.closed_at is not None and merged.outcome is None
    assert [(e.kind, e.text) for e in merged.timeline] == [("merged", f"Merged into escalation {newer}.")]
    assert [(e.kind, e.text) for e in kept.timeline] == [("merged", f"Escalation {older} was merged into this one.")]
    assert kept.priority == "urgent", "the kept one takes the most urgent priority of those merged"

    command.downgrade(alembic_config(url), "0006")
    insert_escalation(url, "conv-dup", store.RAISED, "normal", moment)  # no index: allowed again
    assert len(open_rows(url, "conv-dup")) == 2


@pytest.fixture
def claimed(db):
    officer = add_officer(db, "priya", "Priya Shah", "a long enough password 1")
    escalation_id, _ = store.raise_escalation(db, "conv-held", summary(), "rest", "given", DUE, None)
    store.claim(db, escalation_id, officer)
    return escalation_id, officer


def test_replies_at_the_same_moment_keep_the_earliest_first_reply(db, claimed):
    escalation_id, officer = claimed
    first = datetime(2026, 11, 24, 12, 0)
    moments = [first + timedelta(seconds=THREADS - i) for i in range(THREADS)]  # the earliest starts last
    results = at_once([lambda now=now: store.record_officer_reply(db, escalation_id, officer, "Hello", now=now)
                       for now in moments])
    assert not [r for r in results if isinstance(r, Exception)], results
    assert store.get_escalation(db, escalation_id).first_reply_at == min(moments)
    later = store.record_officer_reply(db, escalation_id, officer, "Later", now=first + timedelta(hours=1))
    assert later and store.get_escalation(db, escalation_id).first_reply_at == min(moments)


def test_priority_raised_at_the_same_moment_ends_at_the_most_urgent(db):
    escalation_id, _ = store.raise_escalation(db, "conv-priority", summary(), "rest", "given", DUE, None)
    priorities = ["high", "urgent"] * (THREADS // 2)
    results = at_once([lambda p=p: store.raise_priority(db, escalation_id, p, f"now {p}") for p in priorities])
    assert not [r for r in results if isinstance(r, Exception)], results
    assert store.get_escalation(db, escalation_id).priority == "urgent"
    assert event_kinds(db, escalation_id).count("priority_raised") in (1, 2), "each step up once, never down"


def test_raises_with_different_reasons_at_once_keep_the_most_urgent(db):
    store.raise_escalation(db, "conv-mixed", summary("complaint"), "rest", "given", DUE, None)
    reasons = ["distress", "safeguarding"] * (THREADS // 2)
    results = at_once([lambda r=r: store.raise_escalation(db, "conv-mixed", summary(r), "rest", "given", DUE, None)
                       for r in reasons])
    assert not [r for r in results if isinstance(r, Exception)], results
    [escalation_id] = open_rows(db, "conv-mixed")
    view = store.get_escalation(db, escalation_id)
    assert (view.priority, view.reason) == ("urgent", "safeguarding")


def test_the_model_and_the_migration_agree_on_the_index(db):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from bot.casework.models import Base

    engine = engine_for(db)
    try:
        with engine.connect() as connection:
            differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
            indexes = {i["name"]: i for i in sa.inspect(connection).get_indexes("escalations")}
    finally:
        engine.dispose()
    assert not [d for d in differences if "uq_escalations_one_open" in repr(d)], differences
    assert indexes["uq_escalations_one_open"]["unique"]
