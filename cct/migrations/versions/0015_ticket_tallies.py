"""ticket tallies: the dashboard's counts per state, unit, category and assignee, kept with the tickets

The supervisor's dashboard counted tickets by state over all of them, and the open ones by unit, category and
assignee: at 1,000,000 tickets on PostgreSQL, a p95 of 969 ms. tickets.tallies keeps one row per combination that
occurs, updated in the flush that changes a ticket; this migration creates the table and fills it from the tickets
there are (what `cct tickets recount` does later). A period (from, to) is counted on the tickets: the index by date
now holds the counted columns, so those counts read the index alone, and the open tickets' indexes by deadline carry
the date opened, so the period narrows the overdue list inside them.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0015'
down_revision: str | None = '0014'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OPEN = sa.text("state IN ('new', 'routed', 'in_progress', 'waiting')")
OPEN_BY_DUE = {
    'ix_tickets_open_by_due': ['resolution_due', 'id'],
    'ix_tickets_open_unit_by_due': ['unit_id', 'resolution_due', 'id'],
}


def upgrade() -> None:
    op.create_table(
        'ticket_tallies',
        sa.Column('state', sa.String(length=12), nullable=False),
        sa.Column('unit_id', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('category_id', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('assignee_id', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('tickets', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('state', 'unit_id', 'category_id', 'assignee_id', name=op.f('pk_ticket_tallies')),
    )
    op.execute(
        'INSERT INTO ticket_tallies (state, unit_id, category_id, assignee_id, tickets) '
        'SELECT state, coalesce(unit_id, 0), category_id, coalesce(assignee_id, 0), count(*) FROM tickets '
        'GROUP BY state, unit_id, category_id, assignee_id'
    )
    op.create_index(
        'ix_tickets_created_counted', 'tickets', ['created_at', 'state', 'unit_id', 'category_id', 'assignee_id']
    )
    op.drop_index('ix_tickets_created_at', table_name='tickets')
    # the queues' open tickets by deadline carry the date opened, so a period narrows them in the index
    for name, columns in OPEN_BY_DUE.items():
        op.drop_index(name, table_name='tickets')
        op.create_index(name, 'tickets', [*columns, 'created_at'], postgresql_where=OPEN, sqlite_where=OPEN)


def downgrade() -> None:
    for name, columns in OPEN_BY_DUE.items():
        op.drop_index(name, table_name='tickets')
        op.create_index(name, 'tickets', columns, postgresql_where=OPEN, sqlite_where=OPEN)
    op.create_index('ix_tickets_created_at', 'tickets', ['created_at'])
    op.drop_index('ix_tickets_created_counted', table_name='tickets')
    op.drop_table('ticket_tallies')
