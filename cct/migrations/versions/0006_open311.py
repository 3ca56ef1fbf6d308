"""open311

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-27
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import cct.db

revision: str = '0006'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('open311_keys',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('key_hash', sa.String(length=64), nullable=False),
    sa.Column('prefix', sa.String(length=12), nullable=False),
    sa.Column('created_at', cct.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', cct.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('last_used_at', cct.db.UTCDateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_open311_keys')),
    sa.UniqueConstraint('key_hash', name=op.f('uq_open311_keys_key_hash')),
    sa.UniqueConstraint('name', name=op.f('uq_open311_keys_name'))
    )
    with op.batch_alter_table('tickets', schema=None) as batch_op:
        batch_op.add_column(sa.Column('media_url', sa.String(length=500), nullable=True))
        batch_op.add_column(sa.Column('public_code', sa.String(length=8), nullable=True))
        batch_op.add_column(sa.Column('open311_attributes', sa.JSON(), nullable=False, server_default=sa.text("'{}'")))
    with op.batch_alter_table('ticket_categories', schema=None) as batch_op:
        batch_op.add_column(sa.Column('open311_attributes', sa.JSON(), nullable=False, server_default=sa.text("'[]'")))



def downgrade() -> None:
    with op.batch_alter_table('ticket_categories', schema=None) as batch_op:
        batch_op.drop_column('open311_attributes')
    with op.batch_alter_table('tickets', schema=None) as batch_op:
        batch_op.drop_column('open311_attributes')
        batch_op.drop_column('public_code')
        batch_op.drop_column('media_url')

    op.drop_table('open311_keys')
