"""the chancery's outgoing register (letters sent, with or without a case; the postal sending book of a day)

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import cct.db

revision: str = "0024"
down_revision: str | None = "0023"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "chancery_outgoing",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("sent_on", sa.Date(), nullable=False),
        sa.Column("method", sa.String(length=20), nullable=False),
        sa.Column("recipient", sa.String(length=300), nullable=False),
        sa.Column("address", sa.String(length=500), nullable=True),
        sa.Column("subject", sa.String(length=500), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("postage", sa.Integer(), nullable=True),
        sa.Column("tracking", sa.String(length=40), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", cct.db.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "method IN ('ordinary', 'priority', 'registered', 'registered_receipt', 'e_delivery', 'epuap', 'email')",
            name=op.f("ck_chancery_outgoing_method_known"),
        ),
        sa.CheckConstraint("postage IS NULL OR postage >= 0", name=op.f("ck_chancery_outgoing_postage_not_negative")),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["chancery_cases.id"],
            name=op.f("fk_chancery_outgoing_case_id_chancery_cases"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_chancery_outgoing_created_by_id_users"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_chancery_outgoing")),
        sa.UniqueConstraint("year", "seq", name="uq_chancery_outgoing_year_seq"),
    )
    op.create_index(op.f("ix_chancery_outgoing_case_id"), "chancery_outgoing", ["case_id"], unique=False)
    op.create_index("ix_chancery_outgoing_sent_on", "chancery_outgoing", ["sent_on"], unique=False)


def downgrade() -> None:
    op.drop_table("chancery_outgoing")
