"""conversations owned by their channel; verification tries counted per reference and address

Conversation ids now carry their channel's namespace (channels/ownership.py): open and past
escalations are renamed by the channel recorded on them, which becomes the namespace (sms,
whatsapp, whatsapp-cloud, web, rest); verification links and numbered-option
menus, which are short-lived, are dropped (a verified parent simply verifies again). Failed
verification tries gain the reference tried and a hash of the source address.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-26 09:00:00
"""
from alembic import op
import sqlalchemy as sa

from channels.ownership import namespace_of, owned_sender_id


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('verification_attempts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reference_key', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('address', sa.String(length=80), nullable=True))
        batch_op.add_column(sa.Column('birth_key', sa.String(length=40), nullable=True))
        batch_op.create_index(batch_op.f('ix_verification_attempts_reference_key'), ['reference_key'], unique=False)
        batch_op.create_index(batch_op.f('ix_verification_attempts_address'), ['address'], unique=False)
        batch_op.create_index(batch_op.f('ix_verification_attempts_birth_key'), ['birth_key'], unique=False)
    bind = op.get_bind()
    rows = bind.execute(sa.text("SELECT id, conversation_id, channel FROM escalations")).fetchall()
    for row_id, conversation_id, channel in rows:
        new_id = owned_sender_id(channel or "rest", conversation_id)
        bind.execute(sa.text("UPDATE escalations SET conversation_id = :new, channel = :channel WHERE id = :id"),
                     {"new": new_id, "channel": namespace_of(new_id), "id": row_id})
    bind.execute(sa.text("DELETE FROM conversation_links"))
    bind.execute(sa.text("DELETE FROM channel_menus"))


def downgrade() -> None:
    with op.batch_alter_table('verification_attempts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_verification_attempts_birth_key'))
        batch_op.drop_index(batch_op.f('ix_verification_attempts_address'))
        batch_op.drop_index(batch_op.f('ix_verification_attempts_reference_key'))
        batch_op.drop_column('birth_key')
        batch_op.drop_column('address')
        batch_op.drop_column('reference_key')
