""""Moje zgłoszenia" (issue 19): one-time codes sent to residents (keyed digests only), residents' own comments on
their tickets, notices for one unit's staff, and residents' tickets found by e-mail in any case through an index

Revision ID: 0029
Revises: 0028
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import cct.db

revision: str = "0029"
down_revision: str | None = "0028"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "resident_codes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contact_kind", sa.String(length=5), nullable=False),
        sa.Column("contact_digest", sa.String(length=64), nullable=False),
        sa.Column("address_digest", sa.String(length=64), nullable=False),
        sa.Column("code_digest", sa.String(length=64), nullable=False),
        sa.Column("created_at", cct.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", cct.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("tries", sa.Integer(), nullable=False),
        sa.Column("used_at", cct.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("session_until", cct.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("ended_at", cct.db.UTCDateTime(timezone=True), nullable=True),
        sa.CheckConstraint("contact_kind IN ('phone', 'email')", name=op.f("ck_resident_codes_contact_kind_known")),
        sa.CheckConstraint("tries >= 0", name=op.f("ck_resident_codes_tries_counted")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_resident_codes")),
    )
    op.create_index(op.f("ix_resident_codes_created_at"), "resident_codes", ["created_at"])
    op.create_index("ix_resident_codes_contact_at", "resident_codes", ["contact_digest", "created_at"])
    op.create_index("ix_resident_codes_address_at", "resident_codes", ["address_digest", "created_at"])
    with op.batch_alter_table("ticket_comments") as batch:
        batch.add_column(sa.Column("by_resident", sa.Boolean(), server_default=sa.false(), nullable=False))
    with op.batch_alter_table("notifications") as batch:
        batch.add_column(sa.Column("unit_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            op.f("fk_notifications_unit_id_units"), "units", ["unit_id"], ["id"], ondelete="CASCADE"
        )
        batch.create_index(op.f("ix_notifications_unit_id"), ["unit_id"])
    if op.get_bind().dialect.name == "postgresql":  # SQLite would lose it when a batch migration copies the table
        op.create_index("ix_tickets_resident_email_lower", "tickets", [sa.text("lower(resident_email)")])


def downgrade() -> None:
    with op.batch_alter_table("notifications") as batch:
        batch.drop_index(op.f("ix_notifications_unit_id"))
        batch.drop_constraint(op.f("fk_notifications_unit_id_units"), type_="foreignkey")
        batch.drop_column("unit_id")
    with op.batch_alter_table("ticket_comments") as batch:
        batch.drop_column("by_resident")
    if op.get_bind().dialect.name == "postgresql":
        op.drop_index("ix_tickets_resident_email_lower", table_name="tickets")
    op.drop_index("ix_resident_codes_address_at", table_name="resident_codes")
    op.drop_index("ix_resident_codes_contact_at", table_name="resident_codes")
    op.drop_index(op.f("ix_resident_codes_created_at"), table_name="resident_codes")
    op.drop_table("resident_codes")
