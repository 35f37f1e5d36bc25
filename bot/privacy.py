"""Data protection for families' data (UK GDPR, special-category data): export, erase, retention.

A family is found by one conversation id, one phone number (every conversation whose id ends in it,
on any channel, and the cases whose family has it) or one case reference (the case and every
conversation linked to it). `export` gives everything held about them as JSON (subject access);
`erase` deletes it from the tracker store and the casework store (escalations and their transcripts,
verification attempts, conversation links, channel menus, the case, its child and family when no
other child remains); `purge` erases what the retention policy says is due. What the law requires
is kept: the audit entry that an erasure happened (with counts, never a name or text), and a STOP
from a phone number (so nothing is sent to it again). Every action is written to the audit log.
Works on SQLite and PostgreSQL (SQLAlchemy Core, the same tables).
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from typing import Any, Dict, FrozenSet, Iterable, List, Optional

import sqlalchemy as sa

from bot import project_path
from bot.casework.database import engine_for

TRACKER_TABLE = "events"


@dataclass(frozen=True)
class RetentionPolicy:
    """How long data is kept (days): conversations with no escalation and no case; closed escalations."""

    conversation_days: int = 90
    closed_escalation_days: int = 365

    @classmethod
    def from_values(cls, values: Dict[str, str]) -> "RetentionPolicy":
        return cls(int(values.get("RETENTION_CONVERSATION_DAYS") or 90),
                   int(values.get("RETENTION_CLOSED_ESCALATION_DAYS") or 365))


@dataclass(frozen=True)
class Subject:
    """The conversations and cases of one family."""

    conversations: FrozenSet[str] = field(default_factory=frozenset)
    cases: FrozenSet[int] = field(default_factory=frozenset)

    @property
    def empty(self) -> bool:
        return not self.conversations and not self.cases


def tracker_url(tracker_db: str) -> str:
    """The tracker store's URL from TRACKER_DB (a SQLite file, relative to the project as Rasa reads
    it, or a database URL)."""
    return tracker_db if "://" in tracker_db else f"sqlite:///{project_path(tracker_db)}"


def _in(column: sa.sql.ColumnElement, values: Iterable[Any]) -> sa.sql.ColumnElement:
    values = list(values)
    return column.in_(values) if values else sa.false()


def _tables(engine: sa.engine.Engine) -> Dict[str, sa.Table]:
    meta = sa.MetaData()
    meta.reflect(bind=engine)
    return dict(meta.tables)


def normalise_phone(phone: str) -> str:
    """"07700 900123" or "+44 7700 900123" as +447700900123 (the form channel ids carry)."""
    digits = "".join(ch for ch in phone if ch.isdigit() or ch == "+")
    if digits.startswith("00"):
        digits = "+" + digits[2:]
    if digits.startswith("0"):
        digits = "+44" + digits[1:]
    return digits


def find_subject(tracker: str, casework: str, conversation: Optional[str] = None, phone: Optional[str] = None,
                 case_reference: Optional[str] = None) -> Subject:
    """The family's conversations and cases from one of: a conversation id, a phone number, a case reference."""
    conversations: set = set()
    cases: set = set()
    work = _tables(engine_for(casework))
    with engine_for(casework).connect() as db:
        if conversation:
            conversations.add(conversation)
        if phone:
            number = normalise_phone(phone)
            with engine_for(tracker_url(tracker)).connect() as events_db:
                events = _tables(engine_for(tracker_url(tracker))).get(TRACKER_TABLE)
                if events is not None:
                    conversations |= {row[0] for row in events_db.execute(
                        sa.select(events.c.sender_id).where(events.c.sender_id.like(f"%:{number}")).distinct())}
            escalations = work["escalations"]
            conversations |= {row[0] for row in db.execute(
                sa.select(escalations.c.conversation_id).where(escalations.c.conversation_id.like(f"%:{number}")))}
            identities, children, case_table = work["contact_identities"], work["children"], work["cases"]
            families = [row[0] for row in db.execute(sa.select(identities.c.family_id).where(
                identities.c.value.in_([number, phone.strip()])))]
            cases |= {row[0] for row in db.execute(sa.select(case_table.c.id).join(
                children, children.c.id == case_table.c.child_id).where(_in(children.c.family_id, families)))}
        if case_reference:
            case_table = work["cases"]
            cases |= {row[0] for row in db.execute(
                sa.select(case_table.c.id).where(case_table.c.reference == case_reference.strip().upper()))}
        links = work["conversation_links"]
        conversations |= {row[0] for row in db.execute(
            sa.select(links.c.conversation_id).where(_in(links.c.case_id, cases)))}
        escalations = work["escalations"]
        conversations |= {row[0] for row in db.execute(
            sa.select(escalations.c.conversation_id).where(_in(escalations.c.case_id, cases)))}
    return Subject(frozenset(conversations), frozenset(cases))


def _rows(db: sa.engine.Connection, table: sa.Table, condition: sa.sql.ColumnElement) -> List[Dict[str, Any]]:
    return [{k: _plain(v) for k, v in row._mapping.items()} for row in db.execute(sa.select(table).where(condition))]


def _plain(value: Any) -> Any:
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return value


def _casework_scope(tables: Dict[str, sa.Table], db: sa.engine.Connection, subject: Subject) -> Dict[str, Any]:
    """Row ids per casework table that belong to the subject."""
    escalations = tables["escalations"]
    escalation_ids = [row[0] for row in db.execute(sa.select(escalations.c.id).where(sa.or_(
        _in(escalations.c.conversation_id, subject.conversations), _in(escalations.c.case_id, subject.cases))))]
    cases = tables["cases"]
    child_ids = [row[0] for row in db.execute(sa.select(cases.c.child_id).where(_in(cases.c.id, subject.cases)))]
    children = tables["children"]
    family_ids = [row[0] for row in db.execute(sa.select(children.c.family_id).where(_in(children.c.id, child_ids)))]
    return {"escalations": escalation_ids, "children": child_ids, "families": family_ids}


def export(tracker: str, casework: str, subject: Subject, actor: str) -> Dict[str, Any]:
    """Everything held about the subject, as plain JSON-ready data (and an audit entry saying so)."""
    found: Dict[str, Any] = {"made_at": datetime.now(timezone.utc).isoformat(), "conversations": {}, "casework": {}}
    tracker_engine = engine_for(tracker_url(tracker))
    events = _tables(tracker_engine).get(TRACKER_TABLE)
    if events is not None:
        with tracker_engine.connect() as db:
            for conversation in sorted(subject.conversations):
                rows = db.execute(sa.select(events.c.data).where(events.c.sender_id == conversation)
                                  .order_by(events.c.id))
                found["conversations"][conversation] = [json.loads(row[0]) for row in rows]
    tables = _tables(engine_for(casework))
    with engine_for(casework).connect() as db:
        scope = _casework_scope(tables, db, subject)
        c = {name: tables[name].c for name in tables}
        found["casework"] = {
            "families": _rows(db, tables["families"], _in(c["families"].id, scope["families"])),
            "contact_identities": _rows(db, tables["contact_identities"], _in(c["contact_identities"].family_id, scope["families"])),
            "children": _rows(db, tables["children"], _in(c["children"].id, scope["children"])),
            "cases": _rows(db, tables["cases"], _in(c["cases"].id, subject.cases)),
            "case_events": _rows(db, tables["case_events"], sa.or_(_in(c["case_events"].case_id, subject.cases),
                                                                   _in(c["case_events"].conversation_id, subject.conversations))),
            "escalations": _rows(db, tables["escalations"], _in(c["escalations"].id, scope["escalations"])),
            "escalation_events": _rows(db, tables["escalation_events"],
                                       _in(c["escalation_events"].escalation_id, scope["escalations"])),
            "verification_attempts": _rows(db, tables["verification_attempts"], sa.or_(
                _in(c["verification_attempts"].conversation_id, subject.conversations),
                _in(c["verification_attempts"].case_id, subject.cases))),
            "conversation_links": _rows(db, tables["conversation_links"], sa.or_(
                _in(c["conversation_links"].conversation_id, subject.conversations),
                _in(c["conversation_links"].case_id, subject.cases))),
            "audit_log": _rows(db, tables["audit_log"], _in(c["audit_log"].case_id, subject.cases)),
            "pending_messages": _rows(db, tables["pending_messages"],
                                      _in(c["pending_messages"].conversation_id, subject.conversations)),
        }
    _audit(casework, actor, "data_exported", {"conversations": len(subject.conversations), "cases": len(subject.cases)})
    return found


def erase(tracker: str, casework: str, subject: Subject, actor: str, dry_run: bool = False) -> Dict[str, int]:
    """Delete everything held about the subject; returns rows per table (what would go, with dry_run)."""
    counts: Dict[str, int] = {}
    tracker_engine = engine_for(tracker_url(tracker))
    tracker_tables = _tables(tracker_engine)
    events = tracker_tables.get(TRACKER_TABLE)
    if events is not None:
        with tracker_engine.begin() as db:
            condition = _in(events.c.sender_id, subject.conversations)
            counts["conversation events"] = db.execute(sa.select(sa.func.count()).select_from(events).where(condition)).scalar() or 0
            if not dry_run:
                db.execute(sa.delete(events).where(condition))
                # Its ids are phone numbers too. A running assistant's cached copy no longer matches
                # the conversation's version, so it is read again: now empty (bot/tracker_store.py).
                versions = tracker_tables.get("conversation_versions")
                if versions is not None:
                    db.execute(sa.delete(versions).where(_in(versions.c.sender_id, subject.conversations)))
    tables = _tables(engine_for(casework))
    with engine_for(casework).begin() as db:
        scope = _casework_scope(tables, db, subject)
        c = {name: tables[name].c for name in tables}
        remaining_children = {row[0] for row in db.execute(sa.select(c["children"].family_id).where(
            sa.and_(_in(c["children"].family_id, scope["families"]), sa.not_(_in(c["children"].id, scope["children"])))))}
        families = [f for f in scope["families"] if f not in remaining_children]
        steps = [
            ("escalation_events", _in(c["escalation_events"].escalation_id, scope["escalations"])),
            ("escalations", _in(c["escalations"].id, scope["escalations"])),
            ("verification_attempts", sa.or_(_in(c["verification_attempts"].conversation_id, subject.conversations),
                                             _in(c["verification_attempts"].case_id, subject.cases))),
            ("conversation_links", sa.or_(_in(c["conversation_links"].conversation_id, subject.conversations),
                                          _in(c["conversation_links"].case_id, subject.cases))),
            ("channel_menus", _in(c["channel_menus"].conversation_id, subject.conversations)),
            ("channel_more", _in(c["channel_more"].conversation_id, subject.conversations)),
            ("pending_messages", _in(c["pending_messages"].conversation_id, subject.conversations)),
            ("case_events", sa.or_(_in(c["case_events"].case_id, subject.cases),
                                   _in(c["case_events"].conversation_id, subject.conversations))),
            ("cases", _in(c["cases"].id, subject.cases)),
            ("children", _in(c["children"].id, scope["children"])),
            ("contact_identities", _in(c["contact_identities"].family_id, families)),
            ("families", _in(c["families"].id, families)),
        ]
        if not dry_run:  # the audit entries stay; they no longer point at a case that is gone
            db.execute(sa.update(tables["audit_log"]).where(_in(c["audit_log"].case_id, subject.cases)).values(case_id=None))
        for name, condition in steps:
            counts[name] = db.execute(sa.select(sa.func.count()).select_from(tables[name]).where(condition)).scalar() or 0
            if not dry_run:
                db.execute(sa.delete(tables[name]).where(condition))
    if not dry_run:
        _audit(casework, actor, "data_erased", {k: v for k, v in counts.items() if v})
    return counts


def due_for_purge(tracker: str, casework: str, policy: RetentionPolicy, now: datetime) -> Subject:
    """Conversations idle longer than the policy allows with no escalation and no case, and the
    conversations of escalations closed longer ago than the policy allows (none still open)."""
    tables = _tables(engine_for(casework))
    escalations, links = tables["escalations"], tables["conversation_links"]
    closed_before = (now - timedelta(days=policy.closed_escalation_days)).replace(tzinfo=None)
    with engine_for(casework).connect() as db:
        escalated = {row[0] for row in db.execute(sa.select(escalations.c.conversation_id))}
        still_open = {row[0] for row in db.execute(sa.select(escalations.c.conversation_id).where(
            sa.or_(escalations.c.closed_at.is_(None), escalations.c.closed_at >= closed_before)))}
        linked = {row[0] for row in db.execute(sa.select(links.c.conversation_id))}
    idle_before = (now - timedelta(days=policy.conversation_days)).timestamp()
    tracker_engine = engine_for(tracker_url(tracker))
    events = _tables(tracker_engine).get(TRACKER_TABLE)
    idle: set = set()
    if events is not None:
        with tracker_engine.connect() as db:
            idle = {row[0] for row in db.execute(sa.select(events.c.sender_id).group_by(events.c.sender_id)
                                                 .having(sa.func.max(events.c.timestamp) < idle_before))}
    quiet = {conversation for conversation in idle if conversation not in escalated and conversation not in linked}
    closed = escalated - still_open - linked
    return Subject(frozenset(quiet | closed), frozenset())


def purge(tracker: str, casework: str, policy: RetentionPolicy, actor: str = "retention",
          now: Optional[datetime] = None, dry_run: bool = False) -> Dict[str, int]:
    """Erase what the retention policy says is due (see `due_for_purge`)."""
    from bot.casework import pending

    now = now or datetime.now(timezone.utc)
    subject = due_for_purge(tracker, casework, policy, now)
    counts = {"conversations": len(subject.conversations)}
    if not subject.empty:
        counts.update(erase(tracker, casework, subject, actor, dry_run=dry_run))
    if not dry_run:  # messages no client collected within a day
        counts["expired_pending_messages"] = pending.forget_expired(casework, now.replace(tzinfo=None))
    return counts


def _audit(casework: str, actor: str, action: str, detail: Dict[str, int]) -> None:
    tables = _tables(engine_for(casework))
    with engine_for(casework).begin() as db:
        db.execute(sa.insert(tables["audit_log"]).values(at=datetime.now(timezone.utc).replace(tzinfo=None), actor=actor,
                                                         action=action, detail=json.dumps(detail, sort_keys=True)))
