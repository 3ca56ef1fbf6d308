"""the press office's planning (conferences, speeches, posts, calendar tokens), signals (campaigns; the knowledge
base's searches by day), surveys and the files kept with its records

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import cct.db

revision: str = '0022'
down_revision: str | None = '0021'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('kb_search_days',
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('key', sa.String(length=300), nullable=False),
    sa.Column('searches', sa.Integer(), nullable=False),
    sa.Column('without_result', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['key'], ['kb_searched_queries.key'], name=op.f('fk_kb_search_days_key_kb_searched_queries'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('day', 'key', name=op.f('pk_kb_search_days'))
    )
    op.create_table('press_calendar_tokens',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('token_sha256', sa.String(length=64), nullable=False),
    sa.Column('created_at', cct.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_press_calendar_tokens_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_press_calendar_tokens')),
    sa.UniqueConstraint('token_sha256', name=op.f('uq_press_calendar_tokens_token_sha256'))
    )
    op.create_table('press_campaigns',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('goal', sa.Text(), nullable=False),
    sa.Column('topic', sa.String(length=300), nullable=False),
    sa.Column('categories', sa.JSON(), nullable=False),
    sa.Column('keywords', sa.JSON(), nullable=False),
    sa.Column('channels', sa.JSON(), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', cct.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', cct.db.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('ends_on >= starts_on', name=op.f('ck_press_campaigns_campaign_period')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_press_campaigns_created_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_press_campaigns'))
    )
    op.create_index(op.f('ix_press_campaigns_starts_on'), 'press_campaigns', ['starts_on'], unique=False)
    op.create_table('press_files',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('owner_kind', sa.String(length=20), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=False),
    sa.Column('filename', sa.String(length=200), nullable=False),
    sa.Column('content_type', sa.String(length=50), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', cct.db.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint("owner_kind IN ('authorisation', 'clipping', 'survey', 'conference', 'post')", name=op.f('ck_press_files_owner_kind_known')),
    sa.CheckConstraint('size > 0', name=op.f('ck_press_files_not_empty')),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['users.id'], name=op.f('fk_press_files_uploaded_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_press_files'))
    )
    op.create_index('ix_press_files_owner', 'press_files', ['owner_kind', 'owner_id'], unique=False)
    op.create_table('press_posts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('channel', sa.String(length=20), nullable=False),
    sa.Column('planned_at', cct.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('approved_by_id', sa.Integer(), nullable=True),
    sa.Column('approved_at', cct.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('published_url', sa.String(length=1000), nullable=True),
    sa.Column('published_at', cct.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('created_at', cct.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', cct.db.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint("channel IN ('website', 'bip', 'facebook', 'x', 'instagram', 'youtube', 'linkedin', 'tiktok')", name=op.f('ck_press_posts_channel_known')),
    sa.CheckConstraint("state <> 'published' OR published_url IS NOT NULL", name=op.f('ck_press_posts_link_recorded')),
    sa.CheckConstraint("state IN ('draft', 'approved', 'published', 'cancelled')", name=op.f('ck_press_posts_state_known')),
    sa.ForeignKeyConstraint(['approved_by_id'], ['users.id'], name=op.f('fk_press_posts_approved_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_press_posts_author_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_press_posts'))
    )
    op.create_index('ix_press_posts_planned_at', 'press_posts', ['planned_at'], unique=False)
    op.create_table('press_surveys',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('conducted_by', sa.String(length=200), nullable=False),
    sa.Column('commissioned_by', sa.String(length=200), nullable=True),
    sa.Column('field_from', sa.Date(), nullable=False),
    sa.Column('field_to', sa.Date(), nullable=True),
    sa.Column('sample', sa.String(length=200), nullable=True),
    sa.Column('findings', sa.Text(), nullable=False),
    sa.Column('tags', sa.JSON(), nullable=False),
    sa.Column('search_keys', sa.Text(), nullable=False),
    sa.Column('registered_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', cct.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', cct.db.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('field_to IS NULL OR field_to >= field_from', name=op.f('ck_press_surveys_field_period')),
    sa.ForeignKeyConstraint(['registered_by_id'], ['users.id'], name=op.f('fk_press_surveys_registered_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_press_surveys'))
    )
    op.create_index(op.f('ix_press_surveys_field_from'), 'press_surveys', ['field_from'], unique=False)
    op.create_table('press_conferences',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('topic', sa.String(length=300), nullable=False),
    sa.Column('starts_at', cct.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('ends_at', cct.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('place', sa.String(length=300), nullable=False),
    sa.Column('speakers', sa.String(length=2000), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('announced_at', cct.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('attendance_note', sa.Text(), nullable=True),
    sa.Column('follow_up_release_id', sa.Integer(), nullable=True),
    sa.Column('organised_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', cct.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', cct.db.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint("state IN ('planned', 'announced', 'held', 'cancelled')", name=op.f('ck_press_conferences_state_known')),
    sa.CheckConstraint('ends_at > starts_at', name=op.f('ck_press_conferences_ends_after_start')),
    sa.ForeignKeyConstraint(['follow_up_release_id'], ['press_releases.id'], name=op.f('fk_press_conferences_follow_up_release_id_press_releases'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['organised_by_id'], ['users.id'], name=op.f('fk_press_conferences_organised_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_press_conferences'))
    )
    op.create_index(op.f('ix_press_conferences_follow_up_release_id'), 'press_conferences', ['follow_up_release_id'], unique=False)
    op.create_index('ix_press_conferences_starts_at', 'press_conferences', ['starts_at'], unique=False)
    op.create_table('press_conference_outlets',
    sa.Column('conference_id', sa.Integer(), nullable=False),
    sa.Column('outlet_id', sa.Integer(), nullable=False),
    sa.Column('attended', sa.Boolean(), nullable=True),
    sa.ForeignKeyConstraint(['conference_id'], ['press_conferences.id'], name=op.f('fk_press_conference_outlets_conference_id_press_conferences'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['outlet_id'], ['press_outlets.id'], name=op.f('fk_press_conference_outlets_outlet_id_press_outlets'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('conference_id', 'outlet_id', name=op.f('pk_press_conference_outlets'))
    )
    op.create_index(op.f('ix_press_conference_outlets_outlet_id'), 'press_conference_outlets', ['outlet_id'], unique=False)
    op.create_table('press_speech_drafts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('conference_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('speaker', sa.String(length=200), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('written_by_id', sa.Integer(), nullable=True),
    sa.Column('written_at', cct.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('approved_by_id', sa.Integer(), nullable=True),
    sa.Column('approved_at', cct.db.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['approved_by_id'], ['users.id'], name=op.f('fk_press_speech_drafts_approved_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['conference_id'], ['press_conferences.id'], name=op.f('fk_press_speech_drafts_conference_id_press_conferences'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['written_by_id'], ['users.id'], name=op.f('fk_press_speech_drafts_written_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_press_speech_drafts')),
    sa.UniqueConstraint('conference_id', 'number', name='uq_press_speech_drafts_number')
    )
    op.create_index(op.f('ix_press_speech_drafts_conference_id'), 'press_speech_drafts', ['conference_id'], unique=False)


def downgrade() -> None:
    for table in (
        'press_speech_drafts',
        'press_conference_outlets',
        'press_conferences',
        'press_surveys',
        'press_posts',
        'press_files',
        'press_campaigns',
        'press_calendar_tokens',
        'kb_search_days',
    ):
        op.drop_table(table)
