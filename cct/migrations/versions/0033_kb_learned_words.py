"""the words of queries agents chose an article after, so that the search learns by word (knowledge.learned
.word_shares); filled from the queries that have choices

Revision ID: 0033
Revises: 0032
Create Date: 2026-12-05
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0033"
down_revision: str | None = "0032"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BATCH = 1000


def upgrade() -> None:
    words = op.create_table(
        "kb_learned_words",
        sa.Column("word", sa.String(length=300), nullable=False),
        sa.Column("key", sa.String(length=300), nullable=False),
        sa.ForeignKeyConstraint(
            ["key"],
            ["kb_searched_queries.key"],
            name=op.f("fk_kb_learned_words_key_kb_searched_queries"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("word", "key", name=op.f("pk_kb_learned_words")),
    )
    op.create_index(op.f("ix_kb_learned_words_key"), "kb_learned_words", ["key"])
    # a key is its words' first keys, sorted and joined by spaces (knowledge.learned.query_key, .key_words)
    connection = op.get_bind()
    keys = [row[0] for row in connection.execute(sa.text("SELECT DISTINCT key FROM kb_query_choices ORDER BY key"))]
    rows = [{"word": word, "key": key} for key in keys for word in dict.fromkeys(key.split())]
    for start in range(0, len(rows), BATCH):
        op.bulk_insert(words, rows[start : start + BATCH])


def downgrade() -> None:
    op.drop_index(op.f("ix_kb_learned_words_key"), table_name="kb_learned_words")
    op.drop_table("kb_learned_words")
