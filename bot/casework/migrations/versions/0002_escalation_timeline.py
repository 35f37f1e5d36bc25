"""escalation timeline: channel, authority, consent, response times and the events table

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24 09:05:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('escalations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('channel', sa.String(length=40), nullable=False, server_default='rest'))
        batch_op.add_column(sa.Column('local_authority_code', sa.String(length=9), nullable=True))
        batch_op.add_column(sa.Column('consent', sa.String(length=30), nullable=False, server_default='given'))
        batch_op.add_column(sa.Column('reply_due_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('claimed_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('first_reply_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('closed_at', sa.DateTime(), nullable=True))
        batch_op.create_index(batch_op.f('ix_escalations_local_authority_code'), ['local_authority_code'],
                              unique=False)
        batch_op.create_index(batch_op.f('ix_escalations_status'), ['status'], unique=False)

    op.create_table('escalation_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('escalation_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('officer_id', sa.Integer(), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['escalation_id'], ['escalations.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['officer_id'], ['officers.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('escalation_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_escalation_events_escalation_id'), ['escalation_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('escalation_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_escalation_events_escalation_id'))
    op.drop_table('escalation_events')
    with op.batch_alter_table('escalations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_escalations_status'))
        batch_op.drop_index(batch_op.f('ix_escalations_local_authority_code'))
        for column in ('closed_at', 'first_reply_at', 'claimed_at', 'reply_due_at', 'consent',
                       'local_authority_code', 'channel'):
            batch_op.drop_column(column)
