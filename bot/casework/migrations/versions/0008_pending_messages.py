"""messages waiting for a REST client, kept until it acknowledges them

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-27 10:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('pending_messages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('conversation_id', sa.String(length=255), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('pending_messages', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pending_messages_conversation_id'), ['conversation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_pending_messages_at'), ['at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('pending_messages', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pending_messages_at'))
        batch_op.drop_index(batch_op.f('ix_pending_messages_conversation_id'))
    op.drop_table('pending_messages')
