"""an index on the key of the knowledge base's search days: the days of one query are found without reading them all
(what `cct db upgrade` does when it keys searched queries again, and what a query's deletion checks)

Revision ID: 0031
Revises: 0030
Create Date: 2026-12-04
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0031"
down_revision: str | None = "0030"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(op.f("ix_kb_search_days_key"), "kb_search_days", ["key"])


def downgrade() -> None:
    op.drop_index(op.f("ix_kb_search_days_key"), table_name="kb_search_days")
