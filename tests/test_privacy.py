"""Data protection (issue 19): subject access export, erasure and the retention purge, on SQLite and a
real PostgreSQL, over the real casework schema and a tracker store with Rasa's events table."""
from __future__ import annotations

import json
import time
from datetime import date, datetime, timedelta, timezone

import pytest
import sqlalchemy as sa

from bot import privacy
from bot.casework import pending
from bot.casework.case_io import import_records, parse_rows
from bot.casework.database import engine_for
from bot.casework.demo import demo_rows
from bot.casework.officers import add_officer
from bot.casework.store import verify
from bot.escalation import store
from bot.escalation.summary import build_summary
from knowledge.situation import Situation

NOW = datetime(2026, 11, 27, 9, 0, tzinfo=timezone.utc)
DUE = NOW + timedelta(hours=4)
PHONE_CONVERSATION = "sms:+447700900001"  # the first demo family's phone (Ofcom's drama range)


def _tracker(url: str) -> str:
    """Rasa's SQL tracker store table, as `rasa run` creates it."""
    meta = sa.MetaData()
    sa.Table("events", meta, sa.Column("id", sa.Integer, primary_key=True), sa.Column("sender_id", sa.String(255)),
             sa.Column("type_name", sa.String(255)), sa.Column("timestamp", sa.Float),
             sa.Column("intent_name", sa.String(255)), sa.Column("action_name", sa.String(255)),
             sa.Column("data", sa.Text))
    meta.create_all(engine_for(url))
    return url


def _say(tracker: str, sender: str, text: str, when: datetime) -> None:
    with engine_for(tracker).begin() as db:
        db.execute(sa.text("INSERT INTO events (sender_id, type_name, timestamp, data) VALUES (:s, 'user', :t, :d)"),
                   {"s": sender, "t": when.timestamp(), "d": json.dumps({"event": "user", "text": text})})


@pytest.fixture
def family(db, tmp_path):
    """The demo families; a verified SMS conversation of the first, escalated, replied to and handed back;
    an old quiet web conversation; a recent one; an old closed escalation."""
    tracker = _tracker(db if db.startswith("postgresql") else f"sqlite:///{tmp_path / 'tracker.db'}")
    records, errors = parse_rows(demo_rows(), date(2026, 11, 24))
    assert not errors and import_records(db, records, actor="test").imported == len(records)
    _say(tracker, PHONE_CONVERSATION, "Hi, my son Sam has been sent home every day", NOW - timedelta(days=200))
    assert verify(db, PHONE_CONVERSATION, "SR-2026-0001", date(2018, 5, 14), now=NOW).status == "verified"
    officer = add_officer(db, "priya", "Priya Shah", "a long enough password 1")
    summary = build_summary("asked_for_person", Situation(age=11, local_authority="Leeds"), None, [], ["sent home"])
    escalation_id, _ = store.raise_escalation(db, PHONE_CONVERSATION, summary, "sms", "given", DUE, "E08000035")
    store.claim(db, escalation_id, officer)
    store.record_officer_reply(db, escalation_id, officer, "Hello, I am Priya. I can help.")
    store.hand_back(db, escalation_id, officer, "Ask the school for the return plan in writing.")
    pending.add(db, PHONE_CONVERSATION, {"text": "Priya (resolution officer): Hello, I am Priya. I can help."})
    _say(tracker, "rest:quiet-old", "what is an EHC plan", NOW - timedelta(days=120))
    _say(tracker, "rest:recent", "my daughter is 7", NOW - timedelta(days=2))
    _say(tracker, "rest:closed-long-ago", "I want to appeal", NOW - timedelta(days=500))
    old_id, _ = store.raise_escalation(db, "rest:closed-long-ago", summary, "rest", "given", DUE, "E08000035")
    store.claim(db, old_id, officer)
    store.record_outcome(db, old_id, officer, "resolved_informally", now=NOW - timedelta(days=400))
    return tracker, db


def _count(url: str, query: str, **params) -> int:
    with engine_for(url).connect() as connection:
        return connection.execute(sa.text(query), params).scalar()


def test_a_phone_number_finds_its_conversations_and_its_family_s_case(family):
    tracker, casework = family
    subject = privacy.find_subject(tracker, casework, phone="07700 900001")
    assert PHONE_CONVERSATION in subject.conversations and len(subject.cases) == 1
    assert subject == privacy.find_subject(tracker, casework, case_reference="sr-2026-0001")


def test_the_export_holds_everything_about_the_family_and_is_audited(family):
    tracker, casework = family
    subject = privacy.find_subject(tracker, casework, case_reference="SR-2026-0001")
    held = privacy.export(tracker, casework, subject, actor="cli:dpo")
    assert held["conversations"][PHONE_CONVERSATION][0]["text"] == "Hi, my son Sam has been sent home every day"
    work = held["casework"]
    assert work["cases"][0]["reference"] == "SR-2026-0001" and work["children"][0]["first_name"]
    assert work["families"][0]["parent_name"] and work["contact_identities"]
    assert "Hello, I am Priya" in work["pending_messages"][0]["body"]
    kinds = [e["kind"] for e in work["escalation_events"]]
    assert "officer_message" in kinds or any("Priya" in (e.get("text") or "") for e in work["escalation_events"])
    assert json.dumps(held)  # plain JSON
    assert _count(casework, "SELECT COUNT(*) FROM audit_log WHERE action = 'data_exported'") == 1


def test_erasing_a_family_removes_it_everywhere_and_keeps_only_the_audit_of_it(family):
    tracker, casework = family
    subject = privacy.find_subject(tracker, casework, case_reference="SR-2026-0001")
    would = privacy.erase(tracker, casework, subject, actor="cli:dpo", dry_run=True)
    assert would["conversation events"] == 1 and would["cases"] == 1 and would["escalations"] == 1
    assert _count(tracker, "SELECT COUNT(*) FROM events WHERE sender_id = :s", s=PHONE_CONVERSATION) == 1  # dry run
    erased = privacy.erase(tracker, casework, subject, actor="cli:dpo")
    assert erased == would
    assert _count(tracker, "SELECT COUNT(*) FROM events WHERE sender_id = :s", s=PHONE_CONVERSATION) == 0
    for query in ("SELECT COUNT(*) FROM cases WHERE reference = 'SR-2026-0001'",
                  "SELECT COUNT(*) FROM escalations WHERE conversation_id = 'sms:+447700900001'",
                  "SELECT COUNT(*) FROM conversation_links WHERE conversation_id = 'sms:+447700900001'",
                  "SELECT COUNT(*) FROM verification_attempts WHERE conversation_id = 'sms:+447700900001'",
                  "SELECT COUNT(*) FROM pending_messages WHERE conversation_id = 'sms:+447700900001'",
                  "SELECT COUNT(*) FROM families WHERE parent_name = 'Alex Demo'"):
        assert _count(casework, query) == 0, query
    assert _count(casework, "SELECT COUNT(*) FROM cases") >= 1  # the other families stay
    detail = json.loads(sa.create_engine(casework).connect().execute(sa.text(
        "SELECT detail FROM audit_log WHERE action = 'data_erased'")).scalar())
    assert detail["cases"] == 1 and "Alex" not in json.dumps(detail)
    assert privacy.find_subject(tracker, casework, case_reference="SR-2026-0001").empty


def test_the_retention_purge_takes_only_what_the_policy_says_is_due(family):
    tracker, casework = family
    policy = privacy.RetentionPolicy(conversation_days=90, closed_escalation_days=365)
    due = privacy.due_for_purge(tracker, casework, policy, NOW)
    # the quiet old conversation and the escalation closed 400 days ago go; the verified family's
    # conversation (linked to its case) and the recent one stay
    assert due.conversations == {"rest:quiet-old", "rest:closed-long-ago"}
    assert privacy.purge(tracker, casework, policy, now=NOW, dry_run=True)["conversation events"] == 2
    privacy.purge(tracker, casework, policy, now=NOW)
    senders = {row[0] for row in engine_for(tracker).connect().execute(sa.text("SELECT DISTINCT sender_id FROM events"))}
    assert senders == {PHONE_CONVERSATION, "rest:recent"}
    assert _count(casework, "SELECT COUNT(*) FROM escalations WHERE conversation_id = 'rest:closed-long-ago'") == 0
    assert privacy.due_for_purge(tracker, casework, policy, NOW).empty


def test_an_erasure_reaches_a_running_assistant_s_memory_at_once(tmp_path):
    """The tracker store's cached copy stops matching the conversation's version when it is erased."""
    import asyncio

    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    from bot.tracker_store import CachingSQLTrackerStore

    path = tmp_path / "tracker.db"
    trackers = CachingSQLTrackerStore(Domain.empty(), dialect="sqlite", db=str(path))
    tracker = DialogueStateTracker.from_events("rest:forget-me", [UserUttered("my son Zebulon is 9")])
    asyncio.run(trackers.save(tracker))
    assert asyncio.run(trackers.retrieve("rest:forget-me")) is tracker  # the cached copy
    privacy.erase(f"sqlite:///{path}", _casework(tmp_path), privacy.Subject(frozenset({"rest:forget-me"})), "cli:dpo")
    again = asyncio.run(trackers.retrieve("rest:forget-me"))
    assert again is None or not any(getattr(e, "text", None) for e in again.events)


def _casework(tmp_path):
    from bot.casework.database import upgrade

    url = f"sqlite:///{tmp_path / 'casework.db'}"
    upgrade(url)
    return url


def test_the_purge_command_needs_only_the_two_stores(family, tmp_path):
    """`python -m bot privacy purge` (the daily job of both profiles) runs with the stores' URLs and
    no service secret."""
    import os
    import subprocess
    import sys

    from bot import PROJECT_DIR

    tracker, casework = family
    env = {"PATH": os.environ.get("PATH", ""), "TRACKER_DB": tracker, "CASEWORK_DB_URL": casework,
           "HOME": str(tmp_path)}
    done = subprocess.run([sys.executable, "-m", "bot", "privacy", "purge", "--dry-run"], cwd=PROJECT_DIR, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "would be erased" in done.stdout and '"conversations": 2' in done.stdout
