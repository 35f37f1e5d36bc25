"""Escalations in the casework store, on SQLite and a real PostgreSQL: raising, one claim only,
messages both ways, hand back, outcome, the timeline and the audit log."""
from __future__ import annotations

import threading
from datetime import datetime, timezone

import pytest
import sqlalchemy as sa

from bot.casework.database import session_scope
from bot.casework.models import AuditEntry
from bot.casework.officers import add_officer
from bot.escalation import store
from bot.escalation.summary import build_summary
from knowledge.situation import Situation

DUE = datetime(2026, 11, 25, 10, 0, tzinfo=timezone.utc)


def summary(reason="asked_for_person", words=("The school sends him home every day",)):
    return build_summary(reason, Situation(age=9, stage="excluded", local_authority="Leeds"), None, [], list(words))


@pytest.fixture
def officers(db):
    return (add_officer(db, "priya", "Priya Shah", "a long enough password 1"),
            add_officer(db, "tom", "Tom Okafor", "a long enough password 2"))


def test_a_raised_escalation_keeps_its_summary_and_appears_in_the_queue(db):
    escalation_id, created = store.raise_escalation(db, "conv-1", summary(), "rest", "given", DUE, "E08000035")
    assert created
    [view] = store.list_escalations(db)
    assert view.id == escalation_id and view.status == "raised" and view.local_authority_code == "E08000035"
    assert view.summary.parent_words == ["The school sends him home every day"]
    assert view.summary.suggested_step["code"] == "school_senco"
    assert view.reply_due_at == datetime(2026, 11, 25, 10, 0)


def test_raising_again_adds_to_the_open_one_and_only_raises_its_priority(db):
    first, _ = store.raise_escalation(db, "conv-2", summary("complaint"), "rest", "given", DUE, None)
    again, created = store.raise_escalation(db, "conv-2", summary("safeguarding"), "rest", "given", DUE, None)
    assert again == first and not created
    assert store.get_escalation(db, first).priority == "urgent"
    store.raise_escalation(db, "conv-2", summary("complaint"), "rest", "given", DUE, None)
    view = store.get_escalation(db, first)
    assert view.priority == "urgent", "a later, calmer reason never lowers the priority"
    assert [e.kind for e in view.timeline] == ["raised", "raised_again", "raised_again"]


def test_the_queue_puts_urgent_first_then_the_soonest_due(db):
    store.raise_escalation(db, "normal", summary("asked_for_person"), "rest", "given", DUE, None)
    store.raise_escalation(db, "high-late", summary("distress"), "rest", "given", DUE.replace(day=27), None)
    store.raise_escalation(db, "high-soon", summary("distress"), "rest", "given", DUE.replace(day=26), None)
    store.raise_escalation(db, "urgent", summary("safeguarding"), "rest", "given", DUE.replace(day=28), None)
    assert [v.conversation_id for v in store.list_escalations(db)] == ["urgent", "high-soon", "high-late", "normal"]
    assert [v.conversation_id for v in store.list_escalations(db, reason="distress")] == ["high-soon", "high-late"]


def test_only_one_of_two_officers_claiming_at_once_wins(db, officers):
    escalation_id, _ = store.raise_escalation(db, "conv-3", summary(), "rest", "given", DUE, None)
    results = []

    def try_claim(officer_id):
        try:
            results.append(store.claim(db, escalation_id, officer_id).claimed_by)
        except store.Conflict as error:
            results.append(str(error))

    threads = [threading.Thread(target=try_claim, args=(o,)) for o in officers for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    winners = [r for r in results if r in ("priya", "tom")]
    assert len(winners) == 1
    assert sum("already claimed" in r for r in results) == 5
    assert [e.kind for e in store.get_escalation(db, escalation_id).timeline].count("claimed") == 1


def test_the_whole_timeline_from_raised_to_outcome(db, officers):
    priya, tom = officers
    escalation_id, _ = store.raise_escalation(db, "conv-4", summary(), "twilio", "given", DUE, None)
    store.claim(db, escalation_id, priya)
    with pytest.raises(store.Conflict):
        store.record_officer_reply(db, escalation_id, tom, "not mine")
    store.record_officer_reply(db, escalation_id, priya, "Hello, I am Priya.")
    assert store.record_parent_message(db, "conv-4", "Thank you 🙏") is not None
    store.add_note(db, escalation_id, priya, "Call the SENCo")
    store.hand_back(db, escalation_id, priya, "Priya calls the school on Friday")
    with pytest.raises(store.EscalationError):
        store.record_outcome(db, escalation_id, priya, "made_up")
    view = store.record_outcome(db, escalation_id, priya, "mediation_arranged", "date set")
    assert view.status == "closed" and view.outcome == "mediation_arranged" and view.first_reply_at
    timeline = store.get_escalation(db, escalation_id).timeline
    assert [(e.kind, e.text) for e in timeline] == [
        ("raised", "asked_for_person"), ("claimed", ""), ("officer_message", "Hello, I am Priya."),
        ("parent_message", "Thank you 🙏"), ("note", "Call the SENCo"),
        ("handed_back", "Priya calls the school on Friday"), ("outcome", "mediation_arranged: date set")]
    assert timeline[2].officer == "Priya Shah"
    assert store.record_parent_message(db, "conv-4", "later") is None, "nothing open any more"


def test_empty_huge_and_null_byte_messages_are_refused_or_cleaned(db, officers):
    priya, _ = officers
    escalation_id, _ = store.raise_escalation(db, "conv-5", summary(), "rest", "given", DUE, None)
    store.claim(db, escalation_id, priya)
    for bad in ("", "   ", "x" * 5000):
        with pytest.raises(store.EscalationError):
            store.record_officer_reply(db, escalation_id, priya, bad)
    event_id = store.record_officer_reply(db, escalation_id, priya, "a\x00b'); DROP TABLE cases; --")
    entry, conversation = store.timeline_entry(db, event_id)
    assert entry.text == "ab'); DROP TABLE cases; --" and conversation == "conv-5"


def test_reading_an_escalation_with_a_case_is_audited(db, officers):
    from datetime import date

    from bot.casework.case_io import import_records, parse_rows
    from bot.casework.demo import demo_rows
    from bot.casework.store import verify

    records, _ = parse_rows(demo_rows(), date(2026, 11, 24))
    import_records(db, records)
    assert verify(db, "conv-6", "SR-2026-0001", date(2018, 5, 14)).status == "verified"
    escalation_id, _ = store.raise_escalation(db, "conv-6", summary(), "rest", "given", DUE, None)
    assert store.get_escalation(db, escalation_id).case_reference == "SR-2026-0001"
    store.get_escalation(db, escalation_id, actor="officer:priya")
    with session_scope(db) as session:
        actions = [(a.actor, a.action) for a in session.execute(sa.select(AuditEntry)).scalars()]
    assert ("conversation:conv-6", "case_shared_with_officer") in actions
    assert ("officer:priya", "case_viewed") in actions


def test_live_subscribers_read_entries_after_the_last_seen(db):
    before = store.last_event_id(db)
    store.raise_escalation(db, "conv-7", summary(), "rest", "given", DUE, None)
    new = store.events_after(db, before)
    assert [e.kind for e in new] == ["raised"] and store.last_event_id(db) == new[-1].id
