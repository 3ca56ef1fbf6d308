"""the chancery desk (DKS-II): the incoming register with scans, the JRWA, cases with their marks, documents and
records (metryka); a ticket's channel "letter" and a media enquiry's "letter" (letters the chancery passes on)

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import cct.db

revision: str = "0023"
down_revision: str | None = "0022"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CHANNELS_BEFORE = "channel IN ('phone', 'sms', 'web', 'open311', 'email', 'walk_in')"
CHANNELS_AFTER = "channel IN ('phone', 'sms', 'web', 'open311', 'email', 'walk_in', 'letter')"
VIA_BEFORE = "received_via IN ('email', 'phone', 'in_person', 'social')"
VIA_AFTER = "received_via IN ('email', 'phone', 'in_person', 'social', 'letter')"


def _check(table: str, name: str, check: str) -> None:
    # SQLite copies the table to change a CHECK: cct.db.upgrade turns foreign keys off around it
    with op.batch_alter_table(table, schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f(f"ck_{table}_{name}"), type_="check")
        batch_op.create_check_constraint(batch_op.f(f"ck_{table}_{name}"), check)


def upgrade() -> None:
    _check("tickets", "channel_known", CHANNELS_AFTER)
    _check("press_enquiries", "received_via_known", VIA_AFTER)
    op.create_table(
        "chancery_counters",
        sa.Column("register", sa.String(length=20), nullable=False),
        sa.Column("key", sa.String(length=40), nullable=False),
        sa.Column("year", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("last_number", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("register", "key", "year", name=op.f("pk_chancery_counters")),
    )
    op.create_table(
        "chancery_jrwa",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("symbol", sa.String(length=4), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("category", sa.String(length=4), nullable=True),
        sa.Column("created_at", cct.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", cct.db.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("length(symbol) BETWEEN 1 AND 4", name=op.f("ck_chancery_jrwa_symbol_length")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_chancery_jrwa")),
        sa.UniqueConstraint("symbol", name=op.f("uq_chancery_jrwa_symbol")),
    )
    op.create_table(
        "chancery_cases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("unit_symbol", sa.String(length=20), nullable=False),
        sa.Column("jrwa_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("party", sa.String(length=300), nullable=True),
        sa.Column("letter_dated", sa.Date(), nullable=True),
        sa.Column("due_at", cct.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("opened_at", cct.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("opened_by_id", sa.Integer(), nullable=True),
        sa.Column("closed_at", cct.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("closing_note", sa.Text(), nullable=True),
        sa.CheckConstraint("state <> 'closed' OR closed_at IS NOT NULL", name=op.f("ck_chancery_cases_closed_when")),
        sa.CheckConstraint("state IN ('open', 'closed')", name=op.f("ck_chancery_cases_state_known")),
        sa.ForeignKeyConstraint(
            ["jrwa_id"], ["chancery_jrwa.id"], name=op.f("fk_chancery_cases_jrwa_id_chancery_jrwa"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["opened_by_id"], ["users.id"], name=op.f("fk_chancery_cases_opened_by_id_users"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_chancery_cases")),
        sa.UniqueConstraint("unit_symbol", "jrwa_id", "year", "seq", name="uq_chancery_cases_mark"),
    )
    op.create_index(op.f("ix_chancery_cases_jrwa_id"), "chancery_cases", ["jrwa_id"], unique=False)
    op.create_index("ix_chancery_cases_open_due", "chancery_cases", ["state", "due_at"], unique=False)
    op.create_table(
        "chancery_letters",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("received_at", cct.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("delivery", sa.String(length=20), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("sender_name", sa.String(length=300), nullable=False),
        sa.Column("sender_kind", sa.String(length=20), nullable=False),
        sa.Column("sender_address", sa.String(length=500), nullable=True),
        sa.Column("sender_email", sa.String(length=254), nullable=True),
        sa.Column("sender_reference", sa.String(length=100), nullable=True),
        sa.Column("letter_date", sa.Date(), nullable=True),
        sa.Column("subject", sa.String(length=500), nullable=False),
        sa.Column("attachments", sa.Integer(), nullable=False),
        sa.Column("access", sa.String(length=20), nullable=False),
        sa.Column("via_representative", sa.Boolean(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=True),
        sa.Column("assignee_id", sa.Integer(), nullable=True),
        sa.Column("due_at", cct.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("routed_to", sa.String(length=20), nullable=True),
        sa.Column("routed_ref", sa.String(length=300), nullable=True),
        sa.Column("routed_at", cct.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("search_keys", sa.Text(), server_default="", nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", cct.db.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "access IN ('public', 'internal', 'restricted')", name=op.f("ck_chancery_letters_access_known")
        ),
        sa.CheckConstraint(
            "delivery IN ('post', 'registered', 'e_delivery', 'epuap', 'email', 'in_person', 'courier')",
            name=op.f("ck_chancery_letters_delivery_known"),
        ),
        sa.CheckConstraint(
            "kind IN ('letter', 'complaint', 'motion', 'public_info', 'petition', 'invoice', 'other')",
            name=op.f("ck_chancery_letters_kind_known"),
        ),
        sa.CheckConstraint(
            "routed_to IS NULL OR routed_to IN ('helpline', 'press', 'forward')",
            name=op.f("ck_chancery_letters_route_known"),
        ),
        sa.CheckConstraint(
            "sender_kind IN ('person', 'institution')", name=op.f("ck_chancery_letters_sender_kind_known")
        ),
        sa.CheckConstraint(
            "state IN ('registered', 'in_case', 'routed')", name=op.f("ck_chancery_letters_state_known")
        ),
        sa.CheckConstraint("attachments >= 0", name=op.f("ck_chancery_letters_attachments_not_negative")),
        sa.ForeignKeyConstraint(
            ["assignee_id"], ["users.id"], name=op.f("fk_chancery_letters_assignee_id_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_chancery_letters_created_by_id_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["units.id"], name=op.f("fk_chancery_letters_unit_id_units"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_chancery_letters")),
        sa.UniqueConstraint("year", "seq", name="uq_chancery_letters_year_seq"),
    )
    op.create_index(op.f("ix_chancery_letters_assignee_id"), "chancery_letters", ["assignee_id"], unique=False)
    op.create_index("ix_chancery_letters_open_due", "chancery_letters", ["state", "due_at"], unique=False)
    op.create_index(op.f("ix_chancery_letters_unit_id"), "chancery_letters", ["unit_id"], unique=False)
    op.create_table(
        "chancery_case_letters",
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("letter_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["chancery_cases.id"],
            name=op.f("fk_chancery_case_letters_case_id_chancery_cases"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["letter_id"],
            ["chancery_letters.id"],
            name=op.f("fk_chancery_case_letters_letter_id_chancery_letters"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("case_id", "letter_id", name=op.f("pk_chancery_case_letters")),
    )
    op.create_index(op.f("ix_chancery_case_letters_letter_id"), "chancery_case_letters", ["letter_id"], unique=False)
    op.create_table(
        "chancery_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("letter_id", sa.Integer(), nullable=True),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("at", cct.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("document", sa.String(length=300), nullable=True),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.CheckConstraint(
            "letter_id IS NOT NULL OR case_id IS NOT NULL", name=op.f("ck_chancery_events_belongs_somewhere")
        ),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["users.id"], name=op.f("fk_chancery_events_actor_id_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["chancery_cases.id"],
            name=op.f("fk_chancery_events_case_id_chancery_cases"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["letter_id"],
            ["chancery_letters.id"],
            name=op.f("fk_chancery_events_letter_id_chancery_letters"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_chancery_events")),
    )
    op.create_index(op.f("ix_chancery_events_case_id"), "chancery_events", ["case_id"], unique=False)
    op.create_index(op.f("ix_chancery_events_letter_id"), "chancery_events", ["letter_id"], unique=False)
    op.create_table(
        "chancery_files",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("letter_id", sa.Integer(), nullable=True),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column("content_type", sa.String(length=50), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("uploaded_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", cct.db.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("size > 0", name=op.f("ck_chancery_files_not_empty")),
        sa.ForeignKeyConstraint(
            ["letter_id"],
            ["chancery_letters.id"],
            name=op.f("fk_chancery_files_letter_id_chancery_letters"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["uploaded_by_id"], ["users.id"], name=op.f("fk_chancery_files_uploaded_by_id_users"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_chancery_files")),
    )
    op.create_index(op.f("ix_chancery_files_letter_id"), "chancery_files", ["letter_id"], unique=False)
    op.create_table(
        "chancery_case_documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("direction", sa.String(length=5), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("dated", sa.Date(), nullable=False),
        sa.Column("file_id", sa.Integer(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", cct.db.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("direction IN ('in', 'out')", name=op.f("ck_chancery_case_documents_direction_known")),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["chancery_cases.id"],
            name=op.f("fk_chancery_case_documents_case_id_chancery_cases"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_chancery_case_documents_created_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["file_id"],
            ["chancery_files.id"],
            name=op.f("fk_chancery_case_documents_file_id_chancery_files"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_chancery_case_documents")),
    )
    op.create_index(op.f("ix_chancery_case_documents_case_id"), "chancery_case_documents", ["case_id"], unique=False)


def downgrade() -> None:
    for table in (
        "chancery_case_documents",
        "chancery_files",
        "chancery_events",
        "chancery_case_letters",
        "chancery_letters",
        "chancery_cases",
        "chancery_jrwa",
        "chancery_counters",
    ):
        op.drop_table(table)
    op.execute("UPDATE press_enquiries SET received_via = 'email' WHERE received_via = 'letter'")
    op.execute("UPDATE tickets SET channel = 'email' WHERE channel = 'letter'")
    _check("press_enquiries", "received_via_known", VIA_BEFORE)
    _check("tickets", "channel_known", CHANNELS_BEFORE)
