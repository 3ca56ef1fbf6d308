"""what agents' choices after queries teach by word: per word and article, the choices of the queries with the
word (knowledge.learned.word_shares); filled from the choices there are

Revision ID: 0033
Revises: 0032
Create Date: 2026-12-05
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import cct.db

revision: str = "0033"
down_revision: str | None = "0032"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BATCH = 1000


def upgrade() -> None:
    words = op.create_table(
        "kb_word_choices",
        sa.Column("word", sa.String(length=300), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("choices", sa.Integer(), nullable=False),
        sa.Column("last_at", cct.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"], ["kb_articles.id"], name=op.f("fk_kb_word_choices_article_id_kb_articles"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("word", "article_id", name=op.f("pk_kb_word_choices")),
    )
    op.create_index(op.f("ix_kb_word_choices_article_id"), "kb_word_choices", ["article_id"])
    # a query's key is its words' first keys, sorted and joined by spaces, cut at 300 characters (knowledge.learned
    # .query_key, .key_words: a cut key's last word is left out)
    summed: dict[tuple[str, int], list] = {}
    query_choices = sa.table(
        "kb_query_choices",
        sa.column("key", sa.String()),
        sa.column("article_id", sa.Integer()),
        sa.column("choices", sa.Integer()),
        sa.column("last_at", cct.db.UTCDateTime(timezone=True)),
    )
    for key, article_id, count, last_at in op.get_bind().execute(sa.select(query_choices)):
        key_words = key.split()[:-1] if len(key) >= 300 else key.split()
        for word in set(key_words):
            have = summed.setdefault((word, article_id), [0, last_at])
            have[0] += count
            have[1] = max(have[1], last_at)
    rows = [
        {"word": word, "article_id": article_id, "choices": count, "last_at": last_at}
        for (word, article_id), (count, last_at) in sorted(summed.items())
    ]
    for start in range(0, len(rows), BATCH):
        op.bulk_insert(words, rows[start : start + BATCH])


def downgrade() -> None:
    op.drop_index(op.f("ix_kb_word_choices_article_id"), table_name="kb_word_choices")
    op.drop_table("kb_word_choices")
