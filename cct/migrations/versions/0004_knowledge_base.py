"""knowledge base

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27
"""

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

import cct.db

# The synonym dictionary every installation starts with (editors change it in the UI afterwards).
DEFAULT_SYNONYMS = [
    line.split(", ")
    for line in """
auto, samochód, pojazd
samochód ciężarowy, ciężarówka, tir
prawko, prawo jazdy
dowód, dowód osobisty
meldunek, zameldowanie, wymeldowanie
śmieci, odpady, nieczystości
śmietnik, pojemnik na odpady, kontener
wysypisko, śmietnisko
czip, chip, mikroczip
basen, pływalnia
opłata, koszt, cena, cennik
grób, miejsce pochówku, kwatera
dziura, wyrwa, ubytek w jezdni
latarnia, lampa uliczna, oświetlenie
ślisko, gołoledź, oblodzenie
odśnieżanie, zimowe utrzymanie
autobus, komunikacja miejska, bkm
przystanek, przystanek autobusowy
straż miejska, strażnik miejski
mandat, grzywna
parkowanie, postój
hałas, zakłócanie ciszy
eternit, azbest
senior, emeryt, osoba starsza
niepełnosprawny, osoba z niepełnosprawnością
zasiłek, świadczenie
mops, mopr, pomoc społeczna
działka, grunt, nieruchomość gruntowa
numer domu, numer porządkowy
wybory, głosowanie
usc, urząd stanu cywilnego
podatek od nieruchomości, podatek od domu
wycinka drzewa, usunięcie drzewa
""".strip().splitlines()
]

revision: str = '0004'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('kb_articles',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=120), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('tags', sa.JSON(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('visibility', sa.String(length=10), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('published_number', sa.Integer(), nullable=True),
    sa.Column('review_by', sa.Date(), nullable=True),
    sa.Column('use_count', sa.Integer(), nullable=False),
    sa.Column('helped_count', sa.Integer(), nullable=False),
    sa.Column('not_helped_count', sa.Integer(), nullable=False),
    sa.Column('published_at', cct.db.UTCDateTime(), nullable=True),
    sa.Column('created_at', cct.db.UTCDateTime(), nullable=False),
    sa.Column('updated_at', cct.db.UTCDateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint("status IN ('draft', 'in_review', 'published', 'archived')", name=op.f('ck_kb_articles_status_known')),
    sa.CheckConstraint("visibility IN ('public', 'internal')", name=op.f('ck_kb_articles_visibility_known')),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_kb_articles_unit_id_units'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_kb_articles')),
    sa.UniqueConstraint('slug', name=op.f('uq_kb_articles_slug'))
    )
    with op.batch_alter_table('kb_articles', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_kb_articles_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_kb_articles_unit_id'), ['unit_id'], unique=False)

    synonyms = op.create_table('kb_synonyms',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('terms', sa.JSON(), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.Column('updated_at', cct.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], name=op.f('fk_kb_synonyms_updated_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_kb_synonyms'))
    )
    op.create_table('kb_article_related',
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('related_id', sa.Integer(), nullable=False),
    sa.CheckConstraint('article_id <> related_id', name=op.f('ck_kb_article_related_not_self')),
    sa.ForeignKeyConstraint(['article_id'], ['kb_articles.id'], name=op.f('fk_kb_article_related_article_id_kb_articles'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['related_id'], ['kb_articles.id'], name=op.f('fk_kb_article_related_related_id_kb_articles'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('article_id', 'related_id', name=op.f('pk_kb_article_related'))
    )
    op.create_table('kb_article_revisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('tags', sa.JSON(), nullable=False),
    sa.Column('visibility', sa.String(length=10), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('note', sa.String(length=300), nullable=True),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('created_at', cct.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['kb_articles.id'], name=op.f('fk_kb_article_revisions_article_id_kb_articles'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_kb_article_revisions_author_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_kb_article_revisions'))
    )
    with op.batch_alter_table('kb_article_revisions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_kb_article_revisions_article_id'), ['article_id'], unique=False)

    op.create_table('kb_feedback',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('helped', sa.Boolean(), nullable=False),
    sa.Column('comment', sa.String(length=1000), nullable=True),
    sa.Column('created_at', cct.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['kb_articles.id'], name=op.f('fk_kb_feedback_article_id_kb_articles'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_kb_feedback_user_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_kb_feedback'))
    )
    with op.batch_alter_table('kb_feedback', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_kb_feedback_article_id'), ['article_id'], unique=False)

    op.create_table('kb_suggestions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('state', sa.String(length=10), nullable=False),
    sa.Column('answer', sa.String(length=1000), nullable=True),
    sa.Column('created_at', cct.db.UTCDateTime(), nullable=False),
    sa.Column('closed_at', cct.db.UTCDateTime(), nullable=True),
    sa.CheckConstraint("state IN ('open', 'done', 'declined')", name=op.f('ck_kb_suggestions_state_known')),
    sa.ForeignKeyConstraint(['article_id'], ['kb_articles.id'], name=op.f('fk_kb_suggestions_article_id_kb_articles'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_kb_suggestions_author_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_kb_suggestions'))
    )
    with op.batch_alter_table('kb_suggestions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_kb_suggestions_article_id'), ['article_id'], unique=False)

    op.create_table('kb_article_uses',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('ticket_id', sa.Integer(), nullable=True),
    sa.Column('call_sid', sa.String(length=64), nullable=True),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('created_at', cct.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['kb_articles.id'], name=op.f('fk_kb_article_uses_article_id_kb_articles'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['ticket_id'], ['tickets.id'], name=op.f('fk_kb_article_uses_ticket_id_tickets'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_kb_article_uses_user_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_kb_article_uses'))
    )
    with op.batch_alter_table('kb_article_uses', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_kb_article_uses_article_id'), ['article_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_kb_article_uses_call_sid'), ['call_sid'], unique=False)
        batch_op.create_index(batch_op.f('ix_kb_article_uses_ticket_id'), ['ticket_id'], unique=False)
    now = datetime.now(UTC)
    op.bulk_insert(synonyms, [{"terms": terms, "updated_at": now} for terms in DEFAULT_SYNONYMS])


def downgrade() -> None:
    with op.batch_alter_table('kb_article_uses', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_kb_article_uses_ticket_id'))
        batch_op.drop_index(batch_op.f('ix_kb_article_uses_call_sid'))
        batch_op.drop_index(batch_op.f('ix_kb_article_uses_article_id'))

    op.drop_table('kb_article_uses')
    with op.batch_alter_table('kb_suggestions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_kb_suggestions_article_id'))

    op.drop_table('kb_suggestions')
    with op.batch_alter_table('kb_feedback', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_kb_feedback_article_id'))

    op.drop_table('kb_feedback')
    with op.batch_alter_table('kb_article_revisions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_kb_article_revisions_article_id'))

    op.drop_table('kb_article_revisions')
    op.drop_table('kb_article_related')
    op.drop_table('kb_synonyms')
    with op.batch_alter_table('kb_articles', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_kb_articles_unit_id'))
        batch_op.drop_index(batch_op.f('ix_kb_articles_status'))

    op.drop_table('kb_articles')
