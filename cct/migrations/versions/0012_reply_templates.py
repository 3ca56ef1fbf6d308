"""answer templates (macros) that units and the contact centre keep

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import cct.db

revision: str = '0012'
down_revision: str | None = '0011'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'ticket_reply_templates',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('unit_id', sa.Integer(), nullable=True),
        sa.Column('title', sa.String(length=120), nullable=False),
        sa.Column('body', sa.Text(), nullable=False),
        sa.Column('active', sa.Boolean(), nullable=False),
        sa.Column('updated_at', cct.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_ticket_reply_templates_unit_id_units'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_ticket_reply_templates')),
    )
    with op.batch_alter_table('ticket_reply_templates', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ticket_reply_templates_unit_id'), ['unit_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('ticket_reply_templates', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ticket_reply_templates_unit_id'))
    op.drop_table('ticket_reply_templates')
