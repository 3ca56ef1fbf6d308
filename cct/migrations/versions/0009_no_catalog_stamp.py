"""no catalog stamp: tickets read their categories, units and rules through the ORM again

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0009'
down_revision: str | None = '0008'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ('ticket_categories', 'units', 'routing_rules')


def upgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        for table in TABLES:
            op.execute(f"DROP TRIGGER IF EXISTS trg_{table}_catalog_stamp ON {table}")
        op.execute("DROP FUNCTION IF EXISTS renew_catalog_stamp()")
    else:
        for table in TABLES:
            for change in ('insert', 'update', 'delete'):
                op.execute(f"DROP TRIGGER IF EXISTS trg_{table}_catalog_stamp_{change}")
    op.drop_table('catalog_stamp')


def downgrade() -> None:
    op.create_table('catalog_stamp',
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('stamp', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_catalog_stamp'))
    )
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
