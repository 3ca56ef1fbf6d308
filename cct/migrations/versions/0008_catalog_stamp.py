"""catalog stamp: a version of categories, units and routing rules, renewed by triggers

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-27
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0008'
down_revision: str | None = '0007'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ('ticket_categories', 'units', 'routing_rules')


def upgrade() -> None:
    op.create_table('catalog_stamp',
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('stamp', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_catalog_stamp'))
    )
    # Every statement that changes one of the tables gives the stamp a new random value (tickets.catalog).
    if op.get_bind().dialect.name == 'postgresql':
        op.execute("INSERT INTO catalog_stamp (id, stamp) VALUES (1, 0)")
        op.execute(
            "CREATE FUNCTION renew_catalog_stamp() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            "UPDATE catalog_stamp SET stamp = floor((random() - 0.5) * 1.8e19)::bigint WHERE id = 1; "
            "RETURN NULL; END $$"
        )
        for table in TABLES:
            op.execute(
                f"CREATE TRIGGER trg_{table}_catalog_stamp AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION renew_catalog_stamp()"
            )
    else:
        op.execute("INSERT INTO catalog_stamp (id, stamp) VALUES (1, random())")
        for table in TABLES:
            for change in ('INSERT', 'UPDATE', 'DELETE'):
                op.execute(
                    f"CREATE TRIGGER trg_{table}_catalog_stamp_{change.lower()} AFTER {change} ON {table} "
                    "BEGIN UPDATE catalog_stamp SET stamp = random() WHERE id = 1; END"
                )


def downgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        for table in TABLES:
            op.execute(f"DROP TRIGGER trg_{table}_catalog_stamp ON {table}")
        op.execute("DROP FUNCTION renew_catalog_stamp()")
    else:
        for table in TABLES:
            for change in ('insert', 'update', 'delete'):
                op.execute(f"DROP TRIGGER trg_{table}_catalog_stamp_{change}")
    op.drop_table('catalog_stamp')
