"""the press office's media monitoring: clippings (linked to city units) and corrections under the Press Law

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import cct.db

revision: str = '0021'
down_revision: str | None = '0020'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('press_clippings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('outlet_id', sa.Integer(), nullable=False),
    sa.Column('medium', sa.String(length=20), nullable=False),
    sa.Column('published_on', sa.Date(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('url', sa.String(length=1000), nullable=True),
    sa.Column('author', sa.String(length=200), nullable=True),
    sa.Column('topics', sa.JSON(), nullable=False),
    sa.Column('tone', sa.String(length=10), nullable=False),
    sa.Column('reach', sa.Integer(), nullable=True),
    sa.Column('summary', sa.Text(), nullable=True),
    sa.Column('registered_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', cct.db.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint("medium IN ('daily', 'periodical', 'online', 'radio', 'tv', 'social')", name=op.f('ck_press_clippings_medium_known')),
    sa.CheckConstraint("tone IN ('positive', 'neutral', 'negative')", name=op.f('ck_press_clippings_tone_known')),
    sa.CheckConstraint('reach IS NULL OR reach >= 0', name=op.f('ck_press_clippings_reach_not_negative')),
    sa.ForeignKeyConstraint(['outlet_id'], ['press_outlets.id'], name=op.f('fk_press_clippings_outlet_id_press_outlets'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['registered_by_id'], ['users.id'], name=op.f('fk_press_clippings_registered_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_press_clippings'))
    )
    op.create_index(op.f('ix_press_clippings_outlet_id'), 'press_clippings', ['outlet_id'], unique=False)
    op.create_index('ix_press_clippings_published_on', 'press_clippings', ['published_on'], unique=False)
    op.create_table('press_clipping_units',
    sa.Column('clipping_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['clipping_id'], ['press_clippings.id'], name=op.f('fk_press_clipping_units_clipping_id_press_clippings'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_press_clipping_units_unit_id_units'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('clipping_id', 'unit_id', name=op.f('pk_press_clipping_units'))
    )
    op.create_index(op.f('ix_press_clipping_units_unit_id'), 'press_clipping_units', ['unit_id'], unique=False)
    op.create_table('press_corrections',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('clipping_id', sa.Integer(), nullable=False),
    sa.Column('fragment', sa.Text(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('signatory', sa.String(length=200), nullable=False),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('sent_on', sa.Date(), nullable=True),
    sa.Column('received_on', sa.Date(), nullable=True),
    sa.Column('published_on', sa.Date(), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('written_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', cct.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', cct.db.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint("state <> 'published' OR published_on IS NOT NULL", name=op.f('ck_press_corrections_publication_recorded')),
    sa.CheckConstraint("state = 'draft' OR sent_on IS NOT NULL", name=op.f('ck_press_corrections_sent_recorded')),
    sa.CheckConstraint("state IN ('draft', 'sent', 'published', 'refused')", name=op.f('ck_press_corrections_state_known')),
    sa.ForeignKeyConstraint(['clipping_id'], ['press_clippings.id'], name=op.f('fk_press_corrections_clipping_id_press_clippings'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['written_by_id'], ['users.id'], name=op.f('fk_press_corrections_written_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_press_corrections'))
    )
    op.create_index(op.f('ix_press_corrections_clipping_id'), 'press_corrections', ['clipping_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_press_corrections_clipping_id'), table_name='press_corrections')
    op.drop_table('press_corrections')
    op.drop_index(op.f('ix_press_clipping_units_unit_id'), table_name='press_clipping_units')
    op.drop_table('press_clipping_units')
    op.drop_index('ix_press_clippings_published_on', table_name='press_clippings')
    op.drop_index(op.f('ix_press_clippings_outlet_id'), table_name='press_clippings')
    op.drop_table('press_clippings')
