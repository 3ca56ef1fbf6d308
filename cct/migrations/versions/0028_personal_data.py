"""residents' personal data (issue 18): the access log (who opened which resident's data), the erasures done on
request, and when a ticket, a call or a text had its person taken out

Revision ID: 0028
Revises: 0027
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import cct.db

revision: str = "0028"
down_revision: str | None = "0027"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "personal_data_access",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", cct.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("ip", sa.String(length=45), nullable=True),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("subject", sa.String(length=254), nullable=False),
        sa.Column("ref", sa.String(length=120), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_personal_data_access_user_id_users"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_personal_data_access")),
    )
    op.create_index(op.f("ix_personal_data_access_at"), "personal_data_access", ["at"])
    op.create_index(op.f("ix_personal_data_access_user_id"), "personal_data_access", ["user_id"])
    op.create_index("ix_personal_data_access_subject_at", "personal_data_access", ["subject", "at"])
    op.create_table(
        "personal_data_erasures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", cct.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("subject_kind", sa.String(length=10), nullable=False),
        sa.Column("subject_digest", sa.String(length=64), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("outcome", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["users.id"], name=op.f("fk_personal_data_erasures_actor_id_users"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_personal_data_erasures")),
    )
    op.create_index(op.f("ix_personal_data_erasures_subject_digest"), "personal_data_erasures", ["subject_digest"])
    for table in ("tickets", "calls", "sms_messages"):
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("anonymised_at", cct.db.UTCDateTime(timezone=True), nullable=True))


def downgrade() -> None:
    for table in ("sms_messages", "calls", "tickets"):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("anonymised_at")
    op.drop_index(op.f("ix_personal_data_erasures_subject_digest"), table_name="personal_data_erasures")
    op.drop_table("personal_data_erasures")
    op.drop_index("ix_personal_data_access_subject_at", table_name="personal_data_access")
    op.drop_index(op.f("ix_personal_data_access_user_id"), table_name="personal_data_access")
    op.drop_index(op.f("ix_personal_data_access_at"), table_name="personal_data_access")
    op.drop_table("personal_data_access")
