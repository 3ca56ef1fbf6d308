"""telephony events: the timeline of every call and SMS message

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import cct.db

revision: str = '0010'
down_revision: str | None = '0009'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('telephony_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('call_id', sa.Integer(), nullable=True),
    sa.Column('sms_id', sa.Integer(), nullable=True),
    sa.Column('at', cct.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('changes', sa.JSON(), nullable=False),
    sa.Column('detail', sa.JSON(), nullable=False),
    sa.CheckConstraint('(call_id IS NULL) <> (sms_id IS NULL)', name=op.f('ck_telephony_events_call_or_sms')),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_telephony_events_actor_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['call_id'], ['calls.id'], name=op.f('fk_telephony_events_call_id_calls'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['sms_id'], ['sms_messages.id'], name=op.f('fk_telephony_events_sms_id_sms_messages'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_telephony_events'))
    )
    with op.batch_alter_table('telephony_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_telephony_events_call_id'), ['call_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_telephony_events_sms_id'), ['sms_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('telephony_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_telephony_events_sms_id'))
        batch_op.drop_index(batch_op.f('ix_telephony_events_call_id'))
    op.drop_table('telephony_events')
