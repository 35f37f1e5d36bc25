"""one open escalation per conversation, enforced by a partial unique index

Two servers raising for one conversation at once could each insert an escalation. Where a
conversation already has more than one open (raised or claimed), the newest is kept (the one the
store has always worked with), takes the most urgent priority among them, and the older ones are
closed without an outcome, each with a "merged" entry on both timelines.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-27 09:00:00
"""
from datetime import datetime, timezone

from alembic import op
import sqlalchemy as sa


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

OPEN_WHERE = "status IN ('raised', 'claimed')"
PRIORITY_RANK = {'urgent': 0, 'high': 1, 'normal': 2}


def _event(bind, escalation_id: int, text: str, now: datetime) -> None:
    bind.execute(sa.text("INSERT INTO escalation_events (escalation_id, kind, text, at) "
                         "VALUES (:id, 'merged', :text, :now)"), {"id": escalation_id, "text": text, "now": now})


def _merge(bind, rows, now: datetime) -> None:
    """Keep the newest of one conversation's open escalations (ordered by id); close the others."""
    keep = rows[-1].id
    priority = min((row.priority for row in rows), key=lambda p: PRIORITY_RANK.get(p, 9))
    bind.execute(sa.text("UPDATE escalations SET priority = :priority, updated_at = :now WHERE id = :id"),
                 {"priority": priority, "now": now, "id": keep})
    for row in rows[:-1]:
        bind.execute(sa.text("UPDATE escalations SET status = 'closed', closed_at = :now, updated_at = :now "
                             "WHERE id = :id"), {"now": now, "id": row.id})
        _event(bind, row.id, f"Merged into escalation {keep}.", now)
        _event(bind, keep, f"Escalation {row.id} was merged into this one.", now)


def upgrade() -> None:
    bind = op.get_bind()
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    rows = bind.execute(sa.text(f"SELECT id, conversation_id, priority FROM escalations WHERE {OPEN_WHERE} "
                                "ORDER BY conversation_id, id")).fetchall()
    by_conversation = {}
    for row in rows:
        by_conversation.setdefault(row.conversation_id, []).append(row)
    for group in by_conversation.values():
        if len(group) > 1:
            _merge(bind, group, now)
    with op.batch_alter_table('escalations', schema=None) as batch_op:
        batch_op.create_index('uq_escalations_one_open', ['conversation_id'], unique=True,
                              sqlite_where=sa.text(OPEN_WHERE), postgresql_where=sa.text(OPEN_WHERE))


def downgrade() -> None:
    with op.batch_alter_table('escalations', schema=None) as batch_op:
        batch_op.drop_index('uq_escalations_one_open')
