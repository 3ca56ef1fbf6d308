"""telephony

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-27
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import cct.db

revision: str = '0005'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('agent_presence',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('since', cct.db.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint("status IN ('available', 'busy', 'away', 'wrap_up')", name=op.f('ck_agent_presence_status_known')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_agent_presence_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_agent_presence'))
    )
    op.create_table('calls',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('call_sid', sa.String(length=64), nullable=False),
    sa.Column('direction', sa.String(length=10), nullable=False),
    sa.Column('from_number', sa.String(length=40), nullable=False),
    sa.Column('to_number', sa.String(length=40), nullable=False),
    sa.Column('twilio_status', sa.String(length=20), nullable=False),
    sa.Column('out_of_hours', sa.Boolean(), nullable=False),
    sa.Column('recorded', sa.Boolean(), nullable=False),
    sa.Column('ivr_choice', sa.String(length=40), nullable=True),
    sa.Column('ivr_input', sa.String(length=300), nullable=True),
    sa.Column('category_code', sa.String(length=60), nullable=True),
    sa.Column('queued_at', cct.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('queue_seconds', sa.Integer(), nullable=True),
    sa.Column('queue_result', sa.String(length=20), nullable=True),
    sa.Column('agent_id', sa.Integer(), nullable=True),
    sa.Column('started_at', cct.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('answered_at', cct.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('ended_at', cct.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('duration_seconds', sa.Integer(), nullable=True),
    sa.Column('outcome', sa.String(length=20), nullable=True),
    sa.Column('recording_sid', sa.String(length=64), nullable=True),
    sa.Column('recording_url', sa.String(length=500), nullable=True),
    sa.Column('recording_seconds', sa.Integer(), nullable=True),
    sa.Column('recording_deleted_at', cct.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('handled_as', sa.String(length=20), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('updated_at', cct.db.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint("direction IN ('inbound', 'outbound')", name=op.f('ck_calls_direction_known')),
    sa.CheckConstraint("handled_as IS NULL OR handled_as IN ('knowledge_base', 'ticket')", name=op.f('ck_calls_handled_as_known')),
    sa.CheckConstraint("outcome IS NULL OR outcome IN ('answered', 'abandoned', 'busy', 'no-answer', 'voicemail', 'failed')", name=op.f('ck_calls_outcome_known')),
    sa.ForeignKeyConstraint(['agent_id'], ['users.id'], name=op.f('fk_calls_agent_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_calls')),
    sa.UniqueConstraint('call_sid', name=op.f('uq_calls_call_sid')),
    sa.UniqueConstraint('recording_sid', name=op.f('uq_calls_recording_sid'))
    )
    with op.batch_alter_table('calls', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_calls_agent_id'), ['agent_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_calls_from_number'), ['from_number'], unique=False)
        batch_op.create_index(batch_op.f('ix_calls_outcome'), ['outcome'], unique=False)
        batch_op.create_index(batch_op.f('ix_calls_started_at'), ['started_at'], unique=False)

    op.create_table('sms_templates',
    sa.Column('key', sa.String(length=40), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.Column('updated_at', cct.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], name=op.f('fk_sms_templates_updated_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_sms_templates'))
    )
    op.create_table('callbacks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('call_id', sa.Integer(), nullable=False),
    sa.Column('phone', sa.String(length=40), nullable=False),
    sa.Column('reason', sa.String(length=20), nullable=False),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('outcome_note', sa.Text(), nullable=True),
    sa.Column('handled_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', cct.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', cct.db.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint("reason IN ('abandoned', 'voicemail')", name=op.f('ck_callbacks_reason_known')),
    sa.CheckConstraint("state IN ('open', 'done', 'gave_up')", name=op.f('ck_callbacks_state_known')),
    sa.ForeignKeyConstraint(['call_id'], ['calls.id'], name=op.f('fk_callbacks_call_id_calls'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['handled_by_id'], ['users.id'], name=op.f('fk_callbacks_handled_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_callbacks')),
    sa.UniqueConstraint('call_id', name=op.f('uq_callbacks_call_id'))
    )
    with op.batch_alter_table('callbacks', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_callbacks_phone'), ['phone'], unique=False)
        batch_op.create_index(batch_op.f('ix_callbacks_state'), ['state'], unique=False)

    op.create_table('call_tickets',
    sa.Column('call_id', sa.Integer(), nullable=False),
    sa.Column('ticket_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['call_id'], ['calls.id'], name=op.f('fk_call_tickets_call_id_calls'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['ticket_id'], ['tickets.id'], name=op.f('fk_call_tickets_ticket_id_tickets'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('call_id', 'ticket_id', name=op.f('pk_call_tickets'))
    )
    op.create_table('sms_messages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('message_sid', sa.String(length=64), nullable=True),
    sa.Column('direction', sa.String(length=10), nullable=False),
    sa.Column('from_number', sa.String(length=40), nullable=False),
    sa.Column('to_number', sa.String(length=40), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('error_code', sa.String(length=20), nullable=True),
    sa.Column('ticket_id', sa.Integer(), nullable=True),
    sa.Column('purpose_key', sa.String(length=120), nullable=True),
    sa.Column('created_at', cct.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', cct.db.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint("direction IN ('inbound', 'outbound')", name=op.f('ck_sms_messages_direction_known')),
    sa.ForeignKeyConstraint(['ticket_id'], ['tickets.id'], name=op.f('fk_sms_messages_ticket_id_tickets'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sms_messages')),
    sa.UniqueConstraint('message_sid', name=op.f('uq_sms_messages_message_sid')),
    sa.UniqueConstraint('purpose_key', name=op.f('uq_sms_messages_purpose_key'))
    )
    with op.batch_alter_table('sms_messages', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sms_messages_ticket_id'), ['ticket_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_sms_messages_to_number'), ['to_number'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('sms_messages', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sms_messages_to_number'))
        batch_op.drop_index(batch_op.f('ix_sms_messages_ticket_id'))

    op.drop_table('sms_messages')
    op.drop_table('call_tickets')
    with op.batch_alter_table('callbacks', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_callbacks_state'))
        batch_op.drop_index(batch_op.f('ix_callbacks_phone'))

    op.drop_table('callbacks')
    op.drop_table('sms_templates')
    with op.batch_alter_table('calls', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_calls_started_at'))
        batch_op.drop_index(batch_op.f('ix_calls_outcome'))
        batch_op.drop_index(batch_op.f('ix_calls_from_number'))
        batch_op.drop_index(batch_op.f('ix_calls_agent_id'))

    op.drop_table('calls')
    op.drop_table('agent_presence')
