"""SQLAlchemy models of the casework store (SQLAlchemy 1.4, declarative).

Dates the law counts from live on the case as verified facts (set by an officer or an import).
What a parent tells the assistant is kept as a parent-reported event on the case's timeline and
never overwrites a verified date.
"""
from __future__ import annotations

from datetime import datetime, timezone

import sqlalchemy as sa
from sqlalchemy.orm import declarative_base, relationship

Base = declarative_base()

RECORDED_BY = ("officer", "import", "parent")
IDENTITY_KINDS = ("phone", "email", "web", "whatsapp")
ROLES = ("officer", "manager")
# The key dates a case can carry: the same names as knowledge.deadlines.KeyDates.
CASE_KEY_DATES = (
    "request_date", "draft_served", "plan_or_last_review", "review_meeting", "amendments_sent",
    "decision_letter", "mediation_certificate",
)


def utcnow() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


class Family(Base):
    __tablename__ = "families"

    id = sa.Column(sa.Integer, primary_key=True)
    parent_name = sa.Column(sa.String(200), nullable=False)
    created_at = sa.Column(sa.DateTime, nullable=False, default=utcnow)

    identities = relationship("ContactIdentity", back_populates="family", cascade="all, delete-orphan")
    children = relationship("Child", back_populates="family", cascade="all, delete-orphan")


class ContactIdentity(Base):
    """A way the family reaches us: phone number (E.164), email, or a channel's sender id."""

    __tablename__ = "contact_identities"
    __table_args__ = (sa.UniqueConstraint("kind", "value", name="uq_identity_kind_value"),)

    id = sa.Column(sa.Integer, primary_key=True)
    family_id = sa.Column(sa.Integer, sa.ForeignKey("families.id", ondelete="CASCADE"), nullable=False)
    kind = sa.Column(sa.String(20), nullable=False)
    value = sa.Column(sa.String(320), nullable=False)

    family = relationship("Family", back_populates="identities")


class Child(Base):
    __tablename__ = "children"

    id = sa.Column(sa.Integer, primary_key=True)
    family_id = sa.Column(sa.Integer, sa.ForeignKey("families.id", ondelete="CASCADE"), nullable=False)
    first_name = sa.Column(sa.String(100), nullable=False)
    date_of_birth = sa.Column(sa.Date, nullable=False)

    family = relationship("Family", back_populates="children")
    cases = relationship("Case", back_populates="child", cascade="all, delete-orphan")


class Case(Base):
    __tablename__ = "cases"

    id = sa.Column(sa.Integer, primary_key=True)
    reference = sa.Column(sa.String(20), nullable=False, unique=True)
    child_id = sa.Column(sa.Integer, sa.ForeignKey("children.id", ondelete="CASCADE"), nullable=False)
    local_authority_code = sa.Column(sa.String(9), nullable=False)
    stage = sa.Column(sa.String(40), nullable=False)
    request_date = sa.Column(sa.Date)
    draft_served = sa.Column(sa.Date)
    plan_or_last_review = sa.Column(sa.Date)
    review_meeting = sa.Column(sa.Date)
    amendments_sent = sa.Column(sa.Date)
    decision_letter = sa.Column(sa.Date)
    mediation_certificate = sa.Column(sa.Date)
    transfer_year = sa.Column(sa.Integer)
    post16_transfer = sa.Column(sa.Boolean, nullable=False, default=False)
    created_at = sa.Column(sa.DateTime, nullable=False, default=utcnow)
    updated_at = sa.Column(sa.DateTime, nullable=False, default=utcnow, onupdate=utcnow)

    child = relationship("Child", back_populates="cases")
    events = relationship("CaseEvent", back_populates="case", cascade="all, delete-orphan",
                          order_by="CaseEvent.recorded_at")


class CaseEvent(Base):
    """One entry on a case's timeline, and who recorded it."""

    __tablename__ = "case_events"

    id = sa.Column(sa.Integer, primary_key=True)
    case_id = sa.Column(sa.Integer, sa.ForeignKey("cases.id", ondelete="CASCADE"), nullable=False, index=True)
    kind = sa.Column(sa.String(40), nullable=False)
    happened_on = sa.Column(sa.Date)
    detail = sa.Column(sa.Text, nullable=False, default="")
    recorded_by = sa.Column(sa.String(10), nullable=False)
    officer_id = sa.Column(sa.Integer, sa.ForeignKey("officers.id"))
    conversation_id = sa.Column(sa.String(255))
    recorded_at = sa.Column(sa.DateTime, nullable=False, default=utcnow)

    case = relationship("Case", back_populates="events")


class Officer(Base):
    __tablename__ = "officers"

    id = sa.Column(sa.Integer, primary_key=True)
    username = sa.Column(sa.String(80), nullable=False, unique=True)
    display_name = sa.Column(sa.String(120), nullable=False)
    password_hash = sa.Column(sa.String(255), nullable=False)
    role = sa.Column(sa.String(20), nullable=False, default="officer")
    active = sa.Column(sa.Boolean, nullable=False, default=True)
    failed_logins = sa.Column(sa.Integer, nullable=False, default=0)
    locked_until = sa.Column(sa.DateTime)
    created_at = sa.Column(sa.DateTime, nullable=False, default=utcnow)


class OfficerApiToken(Base):
    """An officer's own service-API credential: a public id for lookup and a keyed hash of the
    secret (never the secret itself); revoked tokens are kept for the record."""

    __tablename__ = "officer_api_tokens"
    __table_args__ = (sa.UniqueConstraint("token_id", name="uq_officer_api_token_id"),)

    id = sa.Column(sa.Integer, primary_key=True)
    officer_id = sa.Column(sa.Integer, sa.ForeignKey("officers.id", ondelete="CASCADE"), nullable=False,
                           index=True)
    token_id = sa.Column(sa.String(32), nullable=False)
    token_hash = sa.Column(sa.String(64), nullable=False)
    label = sa.Column(sa.String(120), nullable=False, default="")
    created_at = sa.Column(sa.DateTime, nullable=False, default=utcnow)
    last_used_at = sa.Column(sa.DateTime)
    revoked_at = sa.Column(sa.DateTime)


class ConsoleSession(Base):
    """A console sign-in, server side: the cookie carries only the session's random id (stored
    here as a hash). Sign-out, deactivation or age ends it, and an ended session opens nothing."""

    __tablename__ = "console_sessions"
    __table_args__ = (sa.UniqueConstraint("session_hash", name="uq_console_session_hash"),)

    id = sa.Column(sa.Integer, primary_key=True)
    session_hash = sa.Column(sa.String(64), nullable=False)
    officer_id = sa.Column(sa.Integer, sa.ForeignKey("officers.id", ondelete="CASCADE"), nullable=False,
                           index=True)
    created_at = sa.Column(sa.DateTime, nullable=False, default=utcnow)
    last_seen_at = sa.Column(sa.DateTime, nullable=False, default=utcnow)
    ended_at = sa.Column(sa.DateTime)
    end_reason = sa.Column(sa.String(30))


# At most one open (raised or claimed) escalation per conversation: a partial unique index
# (migration 0007) makes the database refuse a second one.
OPEN_ESCALATION_STATUSES = ("raised", "claimed")
ONE_OPEN_WHERE = "status IN ({})".format(", ".join(f"'{status}'" for status in OPEN_ESCALATION_STATUSES))


class Escalation(Base):
    """A conversation handed to a resolution officer, with the summary the officer acts on.

    `summary` is JSON (bot.escalation.summary.EscalationSummary): the situation, the case when
    verified, the deadlines, the parent's own words and a suggested next step.
    """

    __tablename__ = "escalations"
    __table_args__ = (sa.Index("uq_escalations_one_open", "conversation_id", unique=True,
                               sqlite_where=sa.text(ONE_OPEN_WHERE), postgresql_where=sa.text(ONE_OPEN_WHERE)),)

    id = sa.Column(sa.Integer, primary_key=True)
    conversation_id = sa.Column(sa.String(255), nullable=False, index=True)
    case_id = sa.Column(sa.Integer, sa.ForeignKey("cases.id"))
    reason = sa.Column(sa.String(40), nullable=False)
    priority = sa.Column(sa.String(10), nullable=False)
    status = sa.Column(sa.String(20), nullable=False, default="raised", index=True)
    summary = sa.Column(sa.Text, nullable=False, default="")
    claimed_by = sa.Column(sa.Integer, sa.ForeignKey("officers.id"))
    outcome = sa.Column(sa.String(40))
    created_at = sa.Column(sa.DateTime, nullable=False, default=utcnow)
    updated_at = sa.Column(sa.DateTime, nullable=False, default=utcnow, onupdate=utcnow)
    channel = sa.Column(sa.String(40), nullable=False, default="rest")
    local_authority_code = sa.Column(sa.String(9), index=True)
    consent = sa.Column(sa.String(30), nullable=False, default="given")
    reply_due_at = sa.Column(sa.DateTime)
    claimed_at = sa.Column(sa.DateTime)
    first_reply_at = sa.Column(sa.DateTime)
    closed_at = sa.Column(sa.DateTime)

    officer = relationship("Officer")
    events = relationship("EscalationEvent", back_populates="escalation", cascade="all, delete-orphan",
                          order_by="EscalationEvent.id")


class EscalationEvent(Base):
    """One step on an escalation's timeline: raised, claimed, a message either way, a private
    note, handed back, outcome. `text` holds message text: it stays in the database, never in logs."""

    __tablename__ = "escalation_events"

    id = sa.Column(sa.Integer, primary_key=True)
    escalation_id = sa.Column(sa.Integer, sa.ForeignKey("escalations.id", ondelete="CASCADE"),
                              nullable=False, index=True)
    kind = sa.Column(sa.String(30), nullable=False)
    officer_id = sa.Column(sa.Integer, sa.ForeignKey("officers.id"))
    text = sa.Column(sa.Text, nullable=False, default="")
    at = sa.Column(sa.DateTime, nullable=False, default=utcnow)

    escalation = relationship("Escalation", back_populates="events")
    officer = relationship("Officer")


class AuditEntry(Base):
    """Who did what to which case, and when. Never holds message text."""

    __tablename__ = "audit_log"

    id = sa.Column(sa.Integer, primary_key=True)
    at = sa.Column(sa.DateTime, nullable=False, default=utcnow, index=True)
    actor = sa.Column(sa.String(120), nullable=False)
    action = sa.Column(sa.String(60), nullable=False)
    case_id = sa.Column(sa.Integer, sa.ForeignKey("cases.id"))
    detail = sa.Column(sa.Text, nullable=False, default="")


class VerificationAttempt(Base):
    """One try at proving who you are in a conversation; the case when the reference exists."""

    __tablename__ = "verification_attempts"

    id = sa.Column(sa.Integer, primary_key=True)
    conversation_id = sa.Column(sa.String(255), nullable=False, index=True)
    case_id = sa.Column(sa.Integer, sa.ForeignKey("cases.id"), index=True)
    succeeded = sa.Column(sa.Boolean, nullable=False)
    at = sa.Column(sa.DateTime, nullable=False, default=utcnow, index=True)
    # What the try is counted against besides the conversation: the reference as tried (whether
    # or not a case has it) and the source address the channel saw (never a name or the text).
    reference_key = sa.Column(sa.String(40), index=True)
    address = sa.Column(sa.String(80), index=True)
    birth_key = sa.Column(sa.String(40), index=True)  # a hash of the date of birth tried


class ConversationLink(Base):
    """A conversation verified for a case, and when it was last active (verification expires)."""

    __tablename__ = "conversation_links"

    conversation_id = sa.Column(sa.String(255), primary_key=True)
    case_id = sa.Column(sa.Integer, sa.ForeignKey("cases.id", ondelete="CASCADE"), nullable=False)
    verified_at = sa.Column(sa.DateTime, nullable=False, default=utcnow)
    last_seen_at = sa.Column(sa.DateTime, nullable=False, default=utcnow)


class ChannelMessageSeen(Base):
    """A provider's message id already taken in (a retried webhook is processed once)."""

    __tablename__ = "channel_messages_seen"
    __table_args__ = (sa.UniqueConstraint("channel", "message_id", name="uq_channel_message"),)

    id = sa.Column(sa.Integer, primary_key=True)
    channel = sa.Column(sa.String(20), nullable=False)
    message_id = sa.Column(sa.String(128), nullable=False)
    at = sa.Column(sa.DateTime, nullable=False, default=utcnow, index=True)


class ChannelMenu(Base):
    """The payloads of the last numbered options sent to a text-only conversation."""

    __tablename__ = "channel_menus"

    conversation_id = sa.Column(sa.String(255), primary_key=True)
    payloads = sa.Column(sa.Text, nullable=False, default="[]")
    at = sa.Column(sa.DateTime, nullable=False, default=utcnow)


class ChannelMore(Base):
    """The rest of a long SMS reply, sent when the parent replies MORE (kept for a day)."""

    __tablename__ = "channel_more"

    conversation_id = sa.Column(sa.String(255), primary_key=True)
    text = sa.Column(sa.Text, nullable=False)
    at = sa.Column(sa.DateTime, nullable=False, default=utcnow, index=True)


class PendingMessage(Base):
    """A message the bot sent on its own (an officer's reply, a hand-back) waiting for a REST
    client: kept until the client acknowledges it (channels/rest_push.py), at most a day."""

    __tablename__ = "pending_messages"

    id = sa.Column(sa.Integer, primary_key=True)
    conversation_id = sa.Column(sa.String(255), nullable=False, index=True)
    body = sa.Column(sa.Text, nullable=False)
    at = sa.Column(sa.DateTime, nullable=False, default=utcnow, index=True)


class ChannelOptOut(Base):
    """A phone number that texted STOP: nothing more is sent to it until it texts START."""

    __tablename__ = "channel_opt_outs"

    channel = sa.Column(sa.String(20), primary_key=True)
    address = sa.Column(sa.String(64), primary_key=True)
    at = sa.Column(sa.DateTime, nullable=False, default=utcnow)
