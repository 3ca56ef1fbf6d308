"""tickets: categories, routing rules, tickets, history, comments, attachments

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import cct.db

revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    
    op.create_table('ticket_counters',
    sa.Column('year', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('last_number', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('year', name=op.f('pk_ticket_counters'))
    )
    op.create_table('ticket_categories',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('default_unit_id', sa.Integer(), nullable=True),
    sa.Column('priority', sa.String(length=10), nullable=False),
    sa.Column('first_response_hours', sa.Float(), nullable=False),
    sa.Column('resolution_hours', sa.Float(), nullable=False),
    sa.Column('statutory_kind', sa.String(length=12), nullable=True),
    sa.Column('keywords', sa.Text(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.CheckConstraint("priority IN ('low', 'normal', 'high', 'urgent')", name=op.f('ck_ticket_categories_priority_known')),
    sa.CheckConstraint("statutory_kind IS NULL OR statutory_kind IN ('complaint', 'motion', 'public_info')", name=op.f('ck_ticket_categories_statutory_known')),
    sa.CheckConstraint('first_response_hours > 0 AND resolution_hours >= first_response_hours', name=op.f('ck_ticket_categories_sla_sane')),
    sa.CheckConstraint('parent_id IS NULL OR parent_id <> id', name=op.f('ck_ticket_categories_not_own_parent')),
    sa.ForeignKeyConstraint(['default_unit_id'], ['units.id'], name=op.f('fk_ticket_categories_default_unit_id_units'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['parent_id'], ['ticket_categories.id'], name=op.f('fk_ticket_categories_parent_id_ticket_categories'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ticket_categories')),
    sa.UniqueConstraint('code', name=op.f('uq_ticket_categories_code'))
    )
    with op.batch_alter_table('ticket_categories', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ticket_categories_parent_id'), ['parent_id'], unique=False)

    op.create_table('routing_rules',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('category_id', sa.Integer(), nullable=True),
    sa.Column('district', sa.String(length=100), nullable=True),
    sa.Column('street', sa.String(length=200), nullable=True),
    sa.Column('keywords', sa.Text(), nullable=True),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['category_id'], ['ticket_categories.id'], name=op.f('fk_routing_rules_category_id_ticket_categories'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_routing_rules_unit_id_units'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_routing_rules'))
    )
    with op.batch_alter_table('routing_rules', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_routing_rules_position'), ['position'], unique=False)

    op.create_table('tickets',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('subject', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('category_id', sa.Integer(), nullable=False),
    sa.Column('channel', sa.String(length=10), nullable=False),
    sa.Column('priority', sa.String(length=10), nullable=False),
    sa.Column('state', sa.String(length=12), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=True),
    sa.Column('assignee_id', sa.Integer(), nullable=True),
    sa.Column('resident_name', sa.String(length=200), nullable=True),
    sa.Column('resident_phone', sa.String(length=20), nullable=True),
    sa.Column('resident_email', sa.String(length=254), nullable=True),
    sa.Column('consent_sms', sa.Boolean(), nullable=False),
    sa.Column('consent_email', sa.Boolean(), nullable=False),
    sa.Column('address', sa.String(length=300), nullable=True),
    sa.Column('district', sa.String(length=100), nullable=True),
    sa.Column('lat', sa.Float(), nullable=True),
    sa.Column('lon', sa.Float(), nullable=True),
    sa.Column('first_response_due', cct.db.UTCDateTime(), nullable=False),
    sa.Column('resolution_due', cct.db.UTCDateTime(), nullable=False),
    sa.Column('first_response_at', cct.db.UTCDateTime(), nullable=True),
    sa.Column('paused_at', cct.db.UTCDateTime(), nullable=True),
    sa.Column('resolved_at', cct.db.UTCDateTime(), nullable=True),
    sa.Column('closed_at', cct.db.UTCDateTime(), nullable=True),
    sa.Column('breached_at', cct.db.UTCDateTime(), nullable=True),
    sa.Column('statutory_kind', sa.String(length=12), nullable=True),
    sa.Column('via_representative', sa.Boolean(), nullable=False),
    sa.Column('statutory_due', cct.db.UTCDateTime(), nullable=True),
    sa.Column('extension_notice_at', cct.db.UTCDateTime(), nullable=True),
    sa.Column('extension_reason', sa.Text(), nullable=True),
    sa.Column('rejection_reason', sa.Text(), nullable=True),
    sa.Column('duplicate_of_id', sa.Integer(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', cct.db.UTCDateTime(), nullable=False),
    sa.Column('updated_at', cct.db.UTCDateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint("(state = 'rejected') = (rejection_reason IS NOT NULL)", name=op.f('ck_tickets_rejected_iff_reason')),
    sa.CheckConstraint("(state = 'waiting') = (paused_at IS NOT NULL)", name=op.f('ck_tickets_paused_iff_waiting')),
    sa.CheckConstraint("channel IN ('phone', 'sms', 'web', 'open311', 'email', 'walk_in')", name=op.f('ck_tickets_channel_known')),
    sa.CheckConstraint("duplicate_of_id IS NULL OR state = 'rejected'", name=op.f('ck_tickets_duplicate_is_rejected')),
    sa.CheckConstraint("priority IN ('low', 'normal', 'high', 'urgent')", name=op.f('ck_tickets_priority_known')),
    sa.CheckConstraint("state = 'new' OR unit_id IS NOT NULL", name=op.f('ck_tickets_routed_has_unit')),
    sa.CheckConstraint("state IN ('new', 'routed', 'in_progress', 'waiting', 'resolved', 'closed', 'rejected')", name=op.f('ck_tickets_state_known')),
    sa.CheckConstraint("statutory_kind IS NULL OR statutory_kind IN ('complaint', 'motion', 'public_info')", name=op.f('ck_tickets_statutory_known')),
    sa.CheckConstraint('(lat IS NULL) = (lon IS NULL)', name=op.f('ck_tickets_lat_lon_together')),
    sa.CheckConstraint('duplicate_of_id IS NULL OR duplicate_of_id <> id', name=op.f('ck_tickets_not_own_duplicate')),
    sa.CheckConstraint('lat IS NULL OR (lat BETWEEN -90 AND 90 AND lon BETWEEN -180 AND 180)', name=op.f('ck_tickets_lat_lon_range')),
    sa.CheckConstraint('version >= 1', name=op.f('ck_tickets_version_positive')),
    sa.ForeignKeyConstraint(['assignee_id'], ['users.id'], name=op.f('fk_tickets_assignee_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['category_id'], ['ticket_categories.id'], name=op.f('fk_tickets_category_id_ticket_categories'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_tickets_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['duplicate_of_id'], ['tickets.id'], name=op.f('fk_tickets_duplicate_of_id_tickets'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_tickets_unit_id_units'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tickets')),
    sa.UniqueConstraint('year', 'seq', name='uq_tickets_year_seq')
    )
    with op.batch_alter_table('tickets', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_tickets_assignee_id'), ['assignee_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_tickets_category_id'), ['category_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_tickets_created_at'), ['created_at'], unique=False)
        batch_op.create_index('ix_tickets_open_by_due', ['resolution_due', 'id'], unique=False, postgresql_where=sa.text("state IN ('new', 'routed', 'in_progress', 'waiting')"), sqlite_where=sa.text("state IN ('new', 'routed', 'in_progress', 'waiting')"))
        batch_op.create_index('ix_tickets_open_unit_by_due', ['unit_id', 'resolution_due', 'id'], unique=False, postgresql_where=sa.text("state IN ('new', 'routed', 'in_progress', 'waiting')"), sqlite_where=sa.text("state IN ('new', 'routed', 'in_progress', 'waiting')"))
        batch_op.create_index(batch_op.f('ix_tickets_resident_phone'), ['resident_phone'], unique=False)
        batch_op.create_index('ix_tickets_state_due', ['state', 'resolution_due', 'id'], unique=False)
        batch_op.create_index(batch_op.f('ix_tickets_unit_id'), ['unit_id'], unique=False)

    op.create_table('ticket_attachments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ticket_id', sa.Integer(), nullable=False),
    sa.Column('filename', sa.String(length=200), nullable=False),
    sa.Column('content_type', sa.String(length=50), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', cct.db.UTCDateTime(), nullable=False),
    sa.CheckConstraint('size > 0', name=op.f('ck_ticket_attachments_not_empty')),
    sa.ForeignKeyConstraint(['ticket_id'], ['tickets.id'], name=op.f('fk_ticket_attachments_ticket_id_tickets'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['users.id'], name=op.f('fk_ticket_attachments_uploaded_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ticket_attachments'))
    )
    with op.batch_alter_table('ticket_attachments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ticket_attachments_ticket_id'), ['ticket_id'], unique=False)

    op.create_table('ticket_comments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ticket_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('public', sa.Boolean(), nullable=False),
    sa.Column('created_at', cct.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_ticket_comments_author_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['ticket_id'], ['tickets.id'], name=op.f('fk_ticket_comments_ticket_id_tickets'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ticket_comments'))
    )
    with op.batch_alter_table('ticket_comments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ticket_comments_ticket_id'), ['ticket_id'], unique=False)

    op.create_table('ticket_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ticket_id', sa.Integer(), nullable=False),
    sa.Column('at', cct.db.UTCDateTime(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('changes', sa.JSON(), nullable=False),
    sa.Column('detail', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_ticket_events_actor_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['ticket_id'], ['tickets.id'], name=op.f('fk_ticket_events_ticket_id_tickets'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ticket_events'))
    )
    with op.batch_alter_table('ticket_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ticket_events_ticket_id'), ['ticket_id'], unique=False)

    op.create_table('ticket_links',
    sa.Column('ticket_id', sa.Integer(), nullable=False),
    sa.Column('related_id', sa.Integer(), nullable=False),
    sa.CheckConstraint('ticket_id < related_id', name=op.f('ck_ticket_links_ordered')),
    sa.ForeignKeyConstraint(['related_id'], ['tickets.id'], name=op.f('fk_ticket_links_related_id_tickets'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['ticket_id'], ['tickets.id'], name=op.f('fk_ticket_links_ticket_id_tickets'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('ticket_id', 'related_id', name=op.f('pk_ticket_links'))
    )
    with op.batch_alter_table('ticket_links', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ticket_links_related_id'), ['related_id'], unique=False)

    op.create_table('ticket_tags',
    sa.Column('ticket_id', sa.Integer(), nullable=False),
    sa.Column('tag', sa.String(length=50), nullable=False),
    sa.ForeignKeyConstraint(['ticket_id'], ['tickets.id'], name=op.f('fk_ticket_tags_ticket_id_tickets'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('ticket_id', 'tag', name=op.f('pk_ticket_tags'))
    )
    with op.batch_alter_table('ticket_tags', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ticket_tags_tag'), ['tag'], unique=False)




def downgrade() -> None:
    
    with op.batch_alter_table('ticket_tags', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ticket_tags_tag'))

    op.drop_table('ticket_tags')
    with op.batch_alter_table('ticket_links', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ticket_links_related_id'))

    op.drop_table('ticket_links')
    with op.batch_alter_table('ticket_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ticket_events_ticket_id'))

    op.drop_table('ticket_events')
    with op.batch_alter_table('ticket_comments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ticket_comments_ticket_id'))

    op.drop_table('ticket_comments')
    with op.batch_alter_table('ticket_attachments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ticket_attachments_ticket_id'))

    op.drop_table('ticket_attachments')
    with op.batch_alter_table('tickets', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_tickets_unit_id'))
        batch_op.drop_index('ix_tickets_state_due')
        batch_op.drop_index(batch_op.f('ix_tickets_resident_phone'))
        batch_op.drop_index('ix_tickets_open_unit_by_due', postgresql_where=sa.text("state IN ('new', 'routed', 'in_progress', 'waiting')"), sqlite_where=sa.text("state IN ('new', 'routed', 'in_progress', 'waiting')"))
        batch_op.drop_index('ix_tickets_open_by_due', postgresql_where=sa.text("state IN ('new', 'routed', 'in_progress', 'waiting')"), sqlite_where=sa.text("state IN ('new', 'routed', 'in_progress', 'waiting')"))
        batch_op.drop_index(batch_op.f('ix_tickets_created_at'))
        batch_op.drop_index(batch_op.f('ix_tickets_category_id'))
        batch_op.drop_index(batch_op.f('ix_tickets_assignee_id'))

    op.drop_table('tickets')
    with op.batch_alter_table('routing_rules', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_routing_rules_position'))

    op.drop_table('routing_rules')
    with op.batch_alter_table('ticket_categories', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ticket_categories_parent_id'))

    op.drop_table('ticket_categories')
    op.drop_table('ticket_counters')

