"""trigram indexes for the staff search's words on PostgreSQL (pg_trgm)

The staff search looks a word up in the subject, the resident's name, the address and the description with ILIKE
'%word%'; without these indexes PostgreSQL reads every ticket (1.2 s at 1M). A GIN trigram index per column lets it
read only the tickets holding the word's trigrams. SQLite keeps its scan (a single office's scale).

pg_trgm ships with PostgreSQL (contrib) and is a trusted extension since PostgreSQL 13: the database's owner may
create it.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-02
"""

from collections.abc import Sequence

from alembic import op

revision: str = '0014'
down_revision: str | None = '0013'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = ('subject', 'resident_name', 'address', 'description')


def upgrade() -> None:
    if op.get_bind().dialect.name != 'postgresql':
        return
    op.execute('CREATE EXTENSION IF NOT EXISTS pg_trgm')
    for column in COLUMNS:
        op.create_index(
            f'ix_tickets_trgm_{column}', 'tickets', [column],
            postgresql_using='gin', postgresql_ops={column: 'gin_trgm_ops'},
        )


def downgrade() -> None:
    if op.get_bind().dialect.name != 'postgresql':
        return
    for column in COLUMNS:
        op.drop_index(f'ix_tickets_trgm_{column}', table_name='tickets')
