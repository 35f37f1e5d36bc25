"""Escalations in the casework store: raise, claim, messages both ways, notes, hand back, outcome,
and the timeline the console follows. Each function takes the database URL and does one job."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta, timezone
from functools import partial
from typing import Any, Dict, List, Optional, Sequence, Tuple

import sqlalchemy as sa

from bot.casework.database import session_scope
from bot.casework.models import (OPEN_ESCALATION_STATUSES, AuditEntry, Case, ConversationLink, Escalation,
                                 EscalationEvent, Officer, utcnow)
from bot.casework.verification import still_verified
from bot.escalation.reasons import PRIORITY_RANK
from bot.escalation.summary import EscalationSummary

RAISED, CLAIMED, HANDED_BACK, CLOSED = "raised", "claimed", "handed_back", "closed"
OPEN_STATUSES = OPEN_ESCALATION_STATUSES  # (RAISED, CLAIMED): the database allows one per conversation
STATUSES = (RAISED, CLAIMED, HANDED_BACK, CLOSED)
OUTCOMES = {
    "resolved_informally": "Resolved informally",
    "mediation_arranged": "Mediation arranged",
    "complaint_made": "Complaint made",
    "tribunal_lodged": "Tribunal appeal lodged",
    "withdrawn": "Withdrawn by the parent",
}
MAX_TEXT = 4000


class EscalationError(Exception):
    """An operation that cannot be done; the message is safe to show an officer."""


class NotFound(EscalationError):
    pass


class Conflict(EscalationError):
    """Someone else holds it, or it is not in a state that allows this."""


@dataclass(frozen=True)
class TimelineEntry:
    id: int
    escalation_id: int
    kind: str
    text: str
    at: datetime
    officer: Optional[str]

    def to_dict(self) -> Dict[str, Any]:
        return {"id": self.id, "escalation_id": self.escalation_id, "kind": self.kind, "text": self.text,
                "at": _iso(self.at), "officer": self.officer}


@dataclass(frozen=True)
class EscalationView:
    """An escalation as the service API and console show it."""

    id: int
    conversation_id: str
    reason: str
    priority: str
    status: str
    channel: str
    local_authority_code: Optional[str]
    consent: str
    case_reference: Optional[str]
    created_at: datetime
    reply_due_at: Optional[datetime]
    claimed_by: Optional[str]
    claimed_by_name: Optional[str]
    claimed_at: Optional[datetime]
    first_reply_at: Optional[datetime]
    closed_at: Optional[datetime]
    outcome: Optional[str]
    summary: Optional[EscalationSummary]
    timeline: Tuple[TimelineEntry, ...] = field(default_factory=tuple)

    def to_dict(self, with_timeline: bool = False) -> Dict[str, Any]:
        data = {
            "id": self.id, "conversation_id": self.conversation_id, "reason": self.reason,
            "priority": self.priority, "status": self.status, "channel": self.channel,
            "local_authority_code": self.local_authority_code, "consent": self.consent,
            "case_reference": self.case_reference, "created_at": _iso(self.created_at),
            "reply_due_at": _iso(self.reply_due_at), "claimed_by": self.claimed_by,
            "claimed_by_name": self.claimed_by_name, "claimed_at": _iso(self.claimed_at),
            "first_reply_at": _iso(self.first_reply_at), "closed_at": _iso(self.closed_at),
            "outcome": self.outcome,
            "summary": None if self.summary is None else asdict(self.summary),
        }
        if with_timeline:
            data["timeline"] = [entry.to_dict() for entry in self.timeline]
        return data


def _iso(moment: Optional[datetime]) -> Optional[str]:
    return None if moment is None else moment.replace(tzinfo=timezone.utc).isoformat()


def _naive_utc(moment: datetime) -> datetime:
    return moment.astimezone(timezone.utc).replace(tzinfo=None) if moment.tzinfo else moment


def _entry(event: EscalationEvent) -> TimelineEntry:
    return TimelineEntry(event.id, event.escalation_id, event.kind, event.text, event.at,
                         event.officer.display_name if event.officer else None)


def _view(row: Escalation, session: Any, with_timeline: bool = False) -> EscalationView:
    case = session.get(Case, row.case_id) if row.case_id else None
    return EscalationView(
        row.id, row.conversation_id, row.reason, row.priority, row.status, row.channel,
        row.local_authority_code, row.consent, case.reference if case else None, row.created_at,
        row.reply_due_at, row.officer.username if row.officer else None,
        row.officer.display_name if row.officer else None, row.claimed_at, row.first_reply_at,
        row.closed_at, row.outcome, EscalationSummary.from_json(row.summary),
        tuple(_entry(e) for e in row.events) if with_timeline else (),
    )


def _open_row(session: Any, conversation_id: str, lock: bool = False) -> Optional[Escalation]:
    """The conversation's open escalation; `lock` holds it until commit on PostgreSQL (SQLite
    serialises writes and ignores FOR UPDATE)."""
    query = (sa.select(Escalation).where(Escalation.conversation_id == conversation_id,
                                         Escalation.status.in_(OPEN_STATUSES))
             .order_by(Escalation.id.desc()).limit(1))
    return session.execute(query.with_for_update() if lock else query).scalar_one_or_none()


def _less_urgent_than(priority: str) -> Any:
    """SQL: the row's priority is less urgent than `priority` (compared in the database, so a
    conditional UPDATE never lowers one another server has just raised)."""
    rank = sa.case(*((Escalation.priority == p, r) for p, r in PRIORITY_RANK.items()), else_=9)
    return rank > PRIORITY_RANK.get(priority, 9)


def _update(session: Any, escalation_id: int, *where: Any, **values: Any) -> int:
    """One UPDATE of an escalation, in the database; how many rows it changed (0 or 1)."""
    return session.execute(sa.update(Escalation).where(Escalation.id == escalation_id, *where).values(**values)
                           .execution_options(synchronize_session=False)).rowcount


def _linked_case_id(session: Any, conversation_id: str, now: datetime) -> Optional[int]:
    link = session.get(ConversationLink, conversation_id)
    return link.case_id if link is not None and still_verified(link.last_seen_at, now) else None


def raise_escalation(url: str, conversation_id: str, summary: EscalationSummary, channel: str,
                     consent: str, reply_due: Optional[datetime], local_authority_code: Optional[str],
                     now: Optional[datetime] = None, case_id: Optional[int] = None) -> Tuple[int, bool]:
    """Raise one for the conversation, or add to the one already open (its priority only goes up).
    Returns (id, created). A verified case is attached (or `case_id`, for a security alert about a
    case); the summary is stored as JSON. Two raises at once leave one open escalation: the
    database refuses the second insert, and the retry adds to the first."""
    attempt = partial(_raise_once, url, conversation_id, summary, channel, consent,
                      _naive_utc(reply_due) if reply_due else None, local_authority_code, now or utcnow(), case_id)
    try:
        return attempt()
    except sa.exc.IntegrityError:
        # Another server inserted the open escalation first (the database allows one): add to it.
        return attempt()


def _raise_once(url: str, conversation_id: str, summary: EscalationSummary, channel: str, consent: str,
                reply_due: Optional[datetime], local_authority_code: Optional[str], now: datetime,
                case_id: Optional[int]) -> Tuple[int, bool]:
    """One transaction of raise_escalation; IntegrityError when another raise inserted first."""
    with session_scope(url) as session:
        case_id = case_id or _linked_case_id(session, conversation_id, now)
        row = _open_row(session, conversation_id, lock=True)
        created = row is None
        if created:
            row = Escalation(conversation_id=conversation_id, reason=summary.reason, priority=summary.priority,
                             status=RAISED, summary=summary.to_json(), channel=channel[:40], consent=consent,
                             reply_due_at=reply_due, local_authority_code=local_authority_code, case_id=case_id,
                             created_at=now)
            session.add(row)
            session.flush()
            session.add(EscalationEvent(escalation_id=row.id, kind="raised", text=summary.reason, at=now))
        else:
            _add_to(session, row.id, summary, reply_due, local_authority_code, case_id)
            session.add(EscalationEvent(escalation_id=row.id, kind="raised_again", text=summary.reason, at=now))
        if case_id:
            session.add(AuditEntry(actor=f"conversation:{conversation_id}", action="case_shared_with_officer",
                                   case_id=case_id, detail=f"escalation:{row.id}"))
        return row.id, created


def _add_to(session: Any, escalation_id: int, summary: EscalationSummary, reply_due: Optional[datetime],
            local_authority_code: Optional[str], case_id: Optional[int]) -> None:
    """Fold a new raise into the open escalation with conditional UPDATEs: its priority (and the
    reply due with it) only ever goes up, the newest summary wins, a case or authority is kept."""
    due = Escalation.reply_due_at if reply_due is None else sa.case(
        (Escalation.reply_due_at.is_(None), reply_due), (Escalation.reply_due_at > reply_due, reply_due),
        else_=Escalation.reply_due_at)
    _update(session, escalation_id, _less_urgent_than(summary.priority),
            priority=summary.priority, reason=summary.reason, reply_due_at=due)
    values: Dict[str, Any] = {"summary": summary.to_json()}
    if case_id:
        values["case_id"] = sa.func.coalesce(Escalation.case_id, case_id)
    if local_authority_code:
        values["local_authority_code"] = sa.func.coalesce(Escalation.local_authority_code, local_authority_code)
    _update(session, escalation_id, **values)


def open_escalation(url: str, conversation_id: str) -> Optional[EscalationView]:
    """The conversation's open escalation (raised or claimed), if any."""
    with session_scope(url) as session:
        row = _open_row(session, conversation_id)
        return _view(row, session) if row else None


def list_escalations(url: str, status: Optional[str] = None, reason: Optional[str] = None,
                     authority: Optional[str] = None, limit: int = 500) -> List[EscalationView]:
    """Escalations, most urgent first, then the soonest reply due; open ones unless a status is given."""
    with session_scope(url) as session:
        query = sa.select(Escalation)
        query = query.where(Escalation.status == status) if status else query.where(
            Escalation.status.in_(OPEN_STATUSES))
        if reason:
            query = query.where(Escalation.reason == reason)
        if authority:
            query = query.where(Escalation.local_authority_code == authority)
        rows = session.execute(query.order_by(Escalation.id).limit(limit)).scalars().all()
        views = [_view(r, session) for r in rows]
    return sorted(views, key=lambda v: (PRIORITY_RANK.get(v.priority, 9), v.reply_due_at or datetime.max, v.id))


def get_escalation(url: str, escalation_id: int, actor: Optional[str] = None,
                   with_timeline: bool = True) -> EscalationView:
    """One escalation, with its timeline unless asked not to; reading one that has a case on an
    officer's behalf (`actor`) is written to the audit log."""
    with session_scope(url) as session:
        row = session.get(Escalation, escalation_id)
        if row is None:
            raise NotFound("There is no such escalation.")
        if actor and row.case_id:
            session.add(AuditEntry(actor=actor, action="case_viewed", case_id=row.case_id,
                                   detail=f"escalation:{row.id}"))
        return _view(row, session, with_timeline=with_timeline)


def audit(url: str, actor: str, action: str, escalation_id: int) -> None:
    """Write one audit entry about an escalation (and its case, when it has one)."""
    with session_scope(url) as session:
        row = session.get(Escalation, escalation_id)
        session.add(AuditEntry(actor=actor, action=action, case_id=row.case_id if row else None,
                               detail=f"escalation:{escalation_id}"))


def _held_by(session: Any, escalation_id: int, officer_id: int, statuses: Tuple[str, ...]) -> Escalation:
    row = session.get(Escalation, escalation_id)
    if row is None:
        raise NotFound("There is no such escalation.")
    if row.status not in statuses:
        raise Conflict(f"This escalation is {row.status.replace('_', ' ')}.")
    if row.claimed_by != officer_id:
        raise Conflict("Another officer holds this conversation.")
    return row


def claim(url: str, escalation_id: int, officer_id: int, now: Optional[datetime] = None) -> EscalationView:
    """Take the escalation. Exactly one officer wins: the update only matches while it is raised."""
    now = now or utcnow()
    with session_scope(url) as session:
        result = session.execute(
            sa.update(Escalation)
            .where(Escalation.id == escalation_id, Escalation.status == RAISED, Escalation.claimed_by.is_(None))
            .values(status=CLAIMED, claimed_by=officer_id, claimed_at=now, updated_at=now)
            .execution_options(synchronize_session=False)
        )
        if result.rowcount != 1:
            row = session.get(Escalation, escalation_id)
            if row is None:
                raise NotFound("There is no such escalation.")
            raise Conflict("Another officer has already claimed this conversation."
                           if row.status == CLAIMED else f"This escalation is {row.status.replace('_', ' ')}.")
        session.add(EscalationEvent(escalation_id=escalation_id, kind="claimed", officer_id=officer_id, at=now))
        row = session.get(Escalation, escalation_id)
        officer = session.get(Officer, officer_id)
        session.add(AuditEntry(actor=f"officer:{officer.username}", action="escalation_claimed",
                               case_id=row.case_id, detail=f"escalation:{escalation_id}"))
        session.flush()
        session.refresh(row)
        return _view(row, session)


def record_officer_reply(url: str, escalation_id: int, officer_id: int, text: str,
                         now: Optional[datetime] = None) -> int:
    """Store an officer's reply to the parent (the relay sends it); returns its timeline id."""
    text = _clean(text)
    now = now or utcnow()
    with session_scope(url) as session:
        row = _held_by(session, escalation_id, officer_id, (CLAIMED,))
        event = EscalationEvent(escalation_id=row.id, kind="officer_message", officer_id=officer_id, text=text, at=now)
        session.add(event)
        first = _naive_utc(now)  # one conditional UPDATE: replies at once never overwrite the first
        _update(session, row.id, sa.or_(Escalation.first_reply_at.is_(None), Escalation.first_reply_at > first),
                first_reply_at=first)
        session.flush()
        return event.id


def add_note(url: str, escalation_id: int, officer_id: int, text: str) -> int:
    """A private note on the timeline; the parent never sees it."""
    text = _clean(text)
    with session_scope(url) as session:
        if session.get(Escalation, escalation_id) is None:
            raise NotFound("There is no such escalation.")
        event = EscalationEvent(escalation_id=escalation_id, kind="note", officer_id=officer_id, text=text)
        session.add(event)
        session.flush()
        return event.id


def record_parent_message(url: str, conversation_id: str, text: str,
                          now: Optional[datetime] = None) -> Optional[Tuple[int, int]]:
    """A parent's message while an officer holds the conversation: (escalation id, timeline id)."""
    with session_scope(url) as session:
        row = _open_row(session, conversation_id)
        if row is None:
            return None
        event = EscalationEvent(escalation_id=row.id, kind="parent_message", text=(text or "")[:MAX_TEXT],
                                at=now or utcnow())
        session.add(event)
        session.flush()
        return row.id, event.id


MAX_RAISED_PER_ADDRESS = 5  # new escalations from one source address in an hour (safeguarding aside)


def raised_from_address_recently(url: str, address_key: Optional[str], now: Optional[datetime] = None) -> int:
    """How many escalations conversations from this (hashed) address raised in the last hour."""
    if not address_key:
        return 0
    since = (now or utcnow()) - timedelta(hours=1)
    with session_scope(url) as session:
        return session.execute(sa.select(sa.func.count(AuditEntry.id)).where(
            AuditEntry.actor == f"address:{address_key}", AuditEntry.action == "escalation_raised",
            AuditEntry.at > since)).scalar_one()


def note_raised_from_address(url: str, address_key: Optional[str], escalation_id: int) -> None:
    if address_key:
        with session_scope(url) as session:
            session.add(AuditEntry(actor=f"address:{address_key}", action="escalation_raised",
                                   detail=f"escalation:{escalation_id}"))


def record_flood_limited(url: str, conversation_id: str, kind: str) -> None:
    """A conversation hit a flood limit: in the audit log, and on its open escalation's timeline
    (so the officer sees it), without the words of the messages that were held back."""
    with session_scope(url) as session:
        session.add(AuditEntry(actor=f"conversation:{conversation_id}", action="conversation_limited", detail=kind))
        row = _open_row(session, conversation_id)
        if row is not None:
            session.add(EscalationEvent(escalation_id=row.id, kind="limited",
                                        text=f"Messages paused: too many from this {kind} in a short time."))


def record_event(url: str, escalation_id: int, kind: str, text: str = "") -> int:
    """Add a service entry to the timeline (e.g. a message that could not be delivered)."""
    with session_scope(url) as session:
        event = EscalationEvent(escalation_id=escalation_id, kind=kind, text=text[:MAX_TEXT])
        session.add(event)
        session.flush()
        return event.id


def raise_priority(url: str, escalation_id: int, priority: str, reason: str) -> None:
    """Make an escalation more urgent (e.g. a safeguarding disclosure while an officer holds it)."""
    with session_scope(url) as session:
        if _update(session, escalation_id, _less_urgent_than(priority), priority=priority):
            session.add(EscalationEvent(escalation_id=escalation_id, kind="priority_raised", text=reason))


def hand_back(url: str, escalation_id: int, officer_id: int, agreed: str,
              now: Optional[datetime] = None) -> EscalationView:
    """Give the conversation back to the bot, with what was agreed (the parent is told it)."""
    agreed = _clean(agreed, allow_empty=True)
    now = now or utcnow()
    with session_scope(url) as session:
        row = _held_by(session, escalation_id, officer_id, (CLAIMED,))
        row.status = HANDED_BACK
        session.add(EscalationEvent(escalation_id=row.id, kind="handed_back", officer_id=officer_id, text=agreed,
                                    at=now))
        session.flush()
        return _view(row, session)


def record_outcome(url: str, escalation_id: int, officer_id: int, outcome: str, note: str = "",
                   now: Optional[datetime] = None) -> EscalationView:
    """Close the escalation with its outcome; the holder records it (after or instead of handing back)."""
    if outcome not in OUTCOMES:
        raise EscalationError(f"The outcome must be one of: {', '.join(OUTCOMES)}.")
    now = now or utcnow()
    with session_scope(url) as session:
        row = _held_by(session, escalation_id, officer_id, (CLAIMED, HANDED_BACK))
        row.status, row.outcome, row.closed_at = CLOSED, outcome, now
        session.add(EscalationEvent(escalation_id=row.id, kind="outcome", officer_id=officer_id,
                                    text=f"{outcome}: {note.strip()[:MAX_TEXT]}" if note.strip() else outcome, at=now))
        session.flush()
        return _view(row, session)


def timeline_entry(url: str, event_id: int) -> Optional[Tuple[TimelineEntry, str]]:
    """One timeline entry and its conversation id."""
    with session_scope(url) as session:
        event = session.get(EscalationEvent, event_id)
        return (_entry(event), event.escalation.conversation_id) if event else None


def events_after(url: str, after_id: int, also: Sequence[int] = (), limit: int = 200) -> List[TimelineEntry]:
    """Timeline entries newer than `after_id`, and those of the ids in `also` (lower ids whose
    transaction had not committed when last read), oldest first: what live subscribers have not seen."""
    with session_scope(url) as session:
        wanted = EscalationEvent.id > after_id
        if also:
            wanted = sa.or_(wanted, EscalationEvent.id.in_(list(also)))
        rows = session.execute(sa.select(EscalationEvent).where(wanted)
                               .order_by(EscalationEvent.id).limit(limit)).scalars().all()
        return [_entry(e) for e in rows]


def last_event_id(url: str) -> int:
    with session_scope(url) as session:
        return session.execute(sa.select(sa.func.max(EscalationEvent.id))).scalar_one() or 0


def _clean(text: str, allow_empty: bool = False) -> str:
    text = (text or "").replace("\x00", "").strip()
    if not text and not allow_empty:
        raise EscalationError("The message is empty.")
    if len(text) > MAX_TEXT:
        raise EscalationError(f"The message is too long (at most {MAX_TEXT} characters).")
    return text
