"""what staff search and choose in the knowledge base: queries (without personal data) and the articles opened
after them, for the search to learn from and for editors to see what was not found

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import cct.db

revision: str = '0018'
down_revision: str | None = '0017'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'kb_searched_queries',
        sa.Column('key', sa.String(length=300), nullable=False),
        sa.Column('example', sa.String(length=200), nullable=False),
        sa.Column('searches', sa.Integer(), nullable=False),
        sa.Column('without_result', sa.Integer(), nullable=False),
        sa.Column('opened', sa.Integer(), nullable=False),
        sa.Column('last_at', cct.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column('answered_at', cct.db.UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint('key', name=op.f('pk_kb_searched_queries')),
    )
    op.create_index(op.f('ix_kb_searched_queries_last_at'), 'kb_searched_queries', ['last_at'])
    op.create_table(
        'kb_query_choices',
        sa.Column('key', sa.String(length=300), nullable=False),
        sa.Column('article_id', sa.Integer(), nullable=False),
        sa.Column('choices', sa.Integer(), nullable=False),
        sa.Column('last_at', cct.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ['article_id'], ['kb_articles.id'], name=op.f('fk_kb_query_choices_article_id_kb_articles'),
            ondelete='CASCADE',
        ),
        sa.ForeignKeyConstraint(
            ['key'], ['kb_searched_queries.key'], name=op.f('fk_kb_query_choices_key_kb_searched_queries'),
            ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('key', 'article_id', name=op.f('pk_kb_query_choices')),
    )
    op.create_index(op.f('ix_kb_query_choices_article_id'), 'kb_query_choices', ['article_id'])


def downgrade() -> None:
    op.drop_index(op.f('ix_kb_query_choices_article_id'), table_name='kb_query_choices')
    op.drop_table('kb_query_choices')
    op.drop_index(op.f('ix_kb_searched_queries_last_at'), table_name='kb_searched_queries')
    op.drop_table('kb_searched_queries')
