"""channel state: provider message ids seen, numbered-option menus, SMS opt-outs

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24 09:30:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('channel_messages_seen',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('channel', sa.String(length=20), nullable=False),
    sa.Column('message_id', sa.String(length=128), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('channel', 'message_id', name='uq_channel_message')
    )
    with op.batch_alter_table('channel_messages_seen', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_channel_messages_seen_at'), ['at'], unique=False)
    op.create_table('channel_menus',
    sa.Column('conversation_id', sa.String(length=255), nullable=False),
    sa.Column('payloads', sa.Text(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('conversation_id')
    )
    op.create_table('channel_opt_outs',
    sa.Column('channel', sa.String(length=20), nullable=False),
    sa.Column('address', sa.String(length=64), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('channel', 'address')
    )


def downgrade() -> None:
    op.drop_table('channel_opt_outs')
    op.drop_table('channel_menus')
    with op.batch_alter_table('channel_messages_seen', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_channel_messages_seen_at'))
    op.drop_table('channel_messages_seen')
