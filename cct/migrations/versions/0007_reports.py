"""reports

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-27
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import cct.db

revision: str = '0007'
down_revision: str | None = '0006'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('report_submissions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', cct.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('address_hash', sa.String(length=64), nullable=False),
    sa.Column('ticket_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['ticket_id'], ['tickets.id'], name=op.f('fk_report_submissions_ticket_id_tickets'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report_submissions'))
    )
    with op.batch_alter_table('report_submissions', schema=None) as batch_op:
        batch_op.create_index('ix_report_submissions_address_at', ['address_hash', 'at'], unique=False)
        batch_op.create_index(batch_op.f('ix_report_submissions_at'), ['at'], unique=False)

    with op.batch_alter_table('ticket_categories', schema=None) as batch_op:
        batch_op.add_column(sa.Column('public_reports', sa.Boolean(), server_default=sa.text('false'), nullable=False))
    # The shipped demo's categories of public space (tickets.demo.PUBLIC_REPORTS) become reportable where they exist.
    op.execute(
        "UPDATE ticket_categories SET public_reports = true WHERE code IN ('drogi', 'drogi-dziury', 'drogi-zima', "
        "'drogi-znaki', 'oswietlenie', 'sygnalizacja', 'komunikacja', 'zielen', 'odpady', 'odpady-wywoz', "
        "'odpady-wysypisko', 'graffiti', 'zwierzeta', 'porzadek', 'woda')"
    )

    with op.batch_alter_table('tickets', schema=None) as batch_op:
        batch_op.add_column(sa.Column('suspected_duplicate_of_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_tickets_suspected_duplicate_of_id'), ['suspected_duplicate_of_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_tickets_suspected_duplicate_of_id_tickets'), 'tickets', ['suspected_duplicate_of_id'], ['id'], ondelete='SET NULL')
        batch_op.create_check_constraint(
            batch_op.f('ck_tickets_not_own_suspected_duplicate'),
            'suspected_duplicate_of_id IS NULL OR suspected_duplicate_of_id <> id',
        )



def downgrade() -> None:
    with op.batch_alter_table('tickets', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_tickets_not_own_suspected_duplicate'), type_='check')
        batch_op.drop_constraint(batch_op.f('fk_tickets_suspected_duplicate_of_id_tickets'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_tickets_suspected_duplicate_of_id'))
        batch_op.drop_column('suspected_duplicate_of_id')

    with op.batch_alter_table('ticket_categories', schema=None) as batch_op:
        batch_op.drop_column('public_reports')

    with op.batch_alter_table('report_submissions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_report_submissions_at'))
        batch_op.drop_index('ix_report_submissions_address_at')

    op.drop_table('report_submissions')
