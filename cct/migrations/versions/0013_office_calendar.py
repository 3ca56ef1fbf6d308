"""office hours and extra days off that administrators keep in the UI

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import cct.db

revision: str = '0013'
down_revision: str | None = '0012'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'office_weekdays',
        sa.Column('weekday', sa.SmallInteger(), autoincrement=False, nullable=False),
        sa.Column('hours', sa.String(length=11), nullable=False),
        sa.Column('updated_by_id', sa.Integer(), nullable=True),
        sa.Column('updated_at', cct.db.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint('weekday BETWEEN 0 AND 6', name=op.f('ck_office_weekdays_weekday_known')),
        sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], name=op.f('fk_office_weekdays_updated_by_id_users'), ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('weekday', name=op.f('pk_office_weekdays')),
    )
    op.create_table(
        'office_days_off',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('reason', sa.String(length=200), nullable=False),
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.Column('created_at', cct.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_office_days_off_created_by_id_users'), ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_office_days_off')),
        sa.UniqueConstraint('day', name=op.f('uq_office_days_off_day')),
    )


def downgrade() -> None:
    op.drop_table('office_days_off')
    op.drop_table('office_weekdays')
