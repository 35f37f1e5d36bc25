"""the rest of a long SMS reply, kept for MORE

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-26 10:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('channel_more',
    sa.Column('conversation_id', sa.String(length=255), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('conversation_id')
    )
    with op.batch_alter_table('channel_more', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_channel_more_at'), ['at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('channel_more', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_channel_more_at'))
    op.drop_table('channel_more')
