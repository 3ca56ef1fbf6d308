"""the chancery's office supplies (items, requests, moves), inventory book (items, moves) and BIP records (entries
and their register of changes)

Revision ID: 0026
Revises: 0025
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import cct.db

revision: str = "0026"
down_revision: str | None = "0025"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('chancery_supply_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('name_key', sa.String(length=200), nullable=False),
    sa.Column('measure', sa.String(length=20), nullable=False),
    sa.Column('stock', sa.Integer(), nullable=False),
    sa.Column('reorder_level', sa.Integer(), nullable=False),
    sa.Column('created_at', cct.db.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('reorder_level >= 0', name=op.f('ck_chancery_supply_items_reorder_not_negative')),
    sa.CheckConstraint('stock >= 0', name=op.f('ck_chancery_supply_items_stock_not_negative')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_chancery_supply_items')),
    sa.UniqueConstraint('name_key', name=op.f('uq_chancery_supply_items_name_key'))
    )
    op.create_table('chancery_bip_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('produced_by', sa.String(length=200), nullable=False),
    sa.Column('produced_on', sa.Date(), nullable=False),
    sa.Column('entered_by_id', sa.Integer(), nullable=True),
    sa.Column('entered_by_name', sa.String(length=200), nullable=False),
    sa.Column('published_at', cct.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', cct.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['entered_by_id'], ['users.id'], name=op.f('fk_chancery_bip_entries_entered_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_chancery_bip_entries'))
    )
    op.create_index(op.f('ix_chancery_bip_entries_published_at'), 'chancery_bip_entries', ['published_at'], unique=False)
    op.create_table('chancery_inventory',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('acquired_on', sa.Date(), nullable=False),
    sa.Column('document', sa.String(length=100), nullable=False),
    sa.Column('value', sa.Integer(), nullable=False),
    sa.Column('location', sa.String(length=100), nullable=False),
    sa.Column('responsible', sa.String(length=200), nullable=False),
    sa.Column('state', sa.String(length=12), nullable=False),
    sa.Column('written_off_on', sa.Date(), nullable=True),
    sa.Column('write_off_protocol', sa.String(length=50), nullable=True),
    sa.Column('write_off_reason', sa.String(length=500), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', cct.db.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint("state <> 'written_off' OR (written_off_on IS NOT NULL AND write_off_protocol IS NOT NULL)", name=op.f('ck_chancery_inventory_written_off_with_protocol')),
    sa.CheckConstraint("state IN ('in_use', 'written_off')", name=op.f('ck_chancery_inventory_state_known')),
    sa.CheckConstraint('value >= 0', name=op.f('ck_chancery_inventory_value_not_negative')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_chancery_inventory_created_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_chancery_inventory')),
    sa.UniqueConstraint('year', 'seq', name='uq_chancery_inventory_year_seq')
    )
    op.create_index(op.f('ix_chancery_inventory_location'), 'chancery_inventory', ['location'], unique=False)
    op.create_table('chancery_supply_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('note', sa.String(length=500), nullable=False),
    sa.Column('state', sa.String(length=10), nullable=False),
    sa.Column('requested_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', cct.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('decision_note', sa.String(length=500), nullable=False),
    sa.Column('issued_at', cct.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_at', cct.db.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint("state IN ('requested', 'approved', 'issued', 'rejected')", name=op.f('ck_chancery_supply_requests_state_known')),
    sa.CheckConstraint('quantity > 0', name=op.f('ck_chancery_supply_requests_quantity_positive')),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_chancery_supply_requests_decided_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['item_id'], ['chancery_supply_items.id'], name=op.f('fk_chancery_supply_requests_item_id_chancery_supply_items'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['requested_by_id'], ['users.id'], name=op.f('fk_chancery_supply_requests_requested_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_chancery_supply_requests'))
    )
    op.create_index(op.f('ix_chancery_supply_requests_item_id'), 'chancery_supply_requests', ['item_id'], unique=False)
    op.create_index(op.f('ix_chancery_supply_requests_requested_by_id'), 'chancery_supply_requests', ['requested_by_id'], unique=False)
    op.create_index(op.f('ix_chancery_supply_requests_state'), 'chancery_supply_requests', ['state'], unique=False)
    op.create_table('chancery_bip_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('entry_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('produced_by', sa.String(length=200), nullable=False),
    sa.Column('produced_on', sa.Date(), nullable=False),
    sa.Column('changed_by_id', sa.Integer(), nullable=True),
    sa.Column('changed_by_name', sa.String(length=200), nullable=False),
    sa.Column('changed_at', cct.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('reason', sa.String(length=500), nullable=False),
    sa.ForeignKeyConstraint(['changed_by_id'], ['users.id'], name=op.f('fk_chancery_bip_versions_changed_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['entry_id'], ['chancery_bip_entries.id'], name=op.f('fk_chancery_bip_versions_entry_id_chancery_bip_entries'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_chancery_bip_versions')),
    sa.UniqueConstraint('entry_id', 'version', name='uq_chancery_bip_versions_entry_version')
    )
    op.create_index(op.f('ix_chancery_bip_versions_entry_id'), 'chancery_bip_versions', ['entry_id'], unique=False)
    op.create_table('chancery_inventory_moves',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('moved_on', sa.Date(), nullable=False),
    sa.Column('from_location', sa.String(length=100), nullable=False),
    sa.Column('to_location', sa.String(length=100), nullable=False),
    sa.Column('from_responsible', sa.String(length=200), nullable=False),
    sa.Column('to_responsible', sa.String(length=200), nullable=False),
    sa.Column('note', sa.String(length=500), nullable=False),
    sa.Column('by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', cct.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['by_id'], ['users.id'], name=op.f('fk_chancery_inventory_moves_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['item_id'], ['chancery_inventory.id'], name=op.f('fk_chancery_inventory_moves_item_id_chancery_inventory'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_chancery_inventory_moves'))
    )
    op.create_index(op.f('ix_chancery_inventory_moves_item_id'), 'chancery_inventory_moves', ['item_id'], unique=False)
    op.create_table('chancery_supply_moves',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('change', sa.Integer(), nullable=False),
    sa.Column('stock_after', sa.Integer(), nullable=False),
    sa.Column('request_id', sa.Integer(), nullable=True),
    sa.Column('note', sa.String(length=500), nullable=False),
    sa.Column('by_id', sa.Integer(), nullable=True),
    sa.Column('at', cct.db.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint("kind IN ('delivery', 'issue', 'count')", name=op.f('ck_chancery_supply_moves_kind_known')),
    sa.ForeignKeyConstraint(['by_id'], ['users.id'], name=op.f('fk_chancery_supply_moves_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['item_id'], ['chancery_supply_items.id'], name=op.f('fk_chancery_supply_moves_item_id_chancery_supply_items'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['request_id'], ['chancery_supply_requests.id'], name=op.f('fk_chancery_supply_moves_request_id_chancery_supply_requests'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_chancery_supply_moves'))
    )
    op.create_index(op.f('ix_chancery_supply_moves_at'), 'chancery_supply_moves', ['at'], unique=False)
    op.create_index(op.f('ix_chancery_supply_moves_item_id'), 'chancery_supply_moves', ['item_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_chancery_supply_moves_item_id'), table_name='chancery_supply_moves')
    op.drop_index(op.f('ix_chancery_supply_moves_at'), table_name='chancery_supply_moves')
    op.drop_table('chancery_supply_moves')
    op.drop_index(op.f('ix_chancery_inventory_moves_item_id'), table_name='chancery_inventory_moves')
    op.drop_table('chancery_inventory_moves')
    op.drop_index(op.f('ix_chancery_bip_versions_entry_id'), table_name='chancery_bip_versions')
    op.drop_table('chancery_bip_versions')
    op.drop_index(op.f('ix_chancery_supply_requests_state'), table_name='chancery_supply_requests')
    op.drop_index(op.f('ix_chancery_supply_requests_requested_by_id'), table_name='chancery_supply_requests')
    op.drop_index(op.f('ix_chancery_supply_requests_item_id'), table_name='chancery_supply_requests')
    op.drop_table('chancery_supply_requests')
    op.drop_index(op.f('ix_chancery_inventory_location'), table_name='chancery_inventory')
    op.drop_table('chancery_inventory')
    op.drop_index(op.f('ix_chancery_bip_entries_published_at'), table_name='chancery_bip_entries')
    op.drop_table('chancery_bip_entries')
    op.drop_table('chancery_supply_items')
