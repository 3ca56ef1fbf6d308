"""the press office (DKS-I): media contacts, media enquiries with drafts, questions to city units and a timeline,
interviews to authorise; the spokesperson's role

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import cct.db

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ROLES_BEFORE = "role IN ('admin', 'supervisor', 'agent', 'editor', 'unit_staff', 'press', 'chancery')"
ROLES_AFTER = "role IN ('admin', 'supervisor', 'agent', 'editor', 'unit_staff', 'press', 'spokesperson', 'chancery')"


def _roles(check: str) -> None:
    for table in ("user_roles", "notifications"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(batch_op.f(f"ck_{table}_role_known"), type_="check")
            batch_op.create_check_constraint(batch_op.f(f"ck_{table}_role_known"), check)


def upgrade() -> None:
    _roles(ROLES_AFTER)
    op.create_table(
        "press_counters",
        sa.Column("register", sa.String(length=20), nullable=False),
        sa.Column("year", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("last_number", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("register", "year", name=op.f("pk_press_counters")),
    )
    op.create_table(
        "press_outlets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("name_key", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("editor_in_chief", sa.String(length=200), nullable=True),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("created_at", cct.db.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "kind IN ('daily', 'periodical', 'radio', 'tv', 'online', 'agency')",
            name=op.f("ck_press_outlets_kind_known"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_press_outlets")),
        sa.UniqueConstraint("name_key", name=op.f("uq_press_outlets_name_key")),
    )
    op.create_table(
        "press_journalists",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("full_name", sa.String(length=200), nullable=False),
        sa.Column("name_key", sa.String(length=200), nullable=False),
        sa.Column("outlet_id", sa.Integer(), nullable=True),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("phone", sa.String(length=20), nullable=True),
        sa.Column("created_at", cct.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["outlet_id"],
            ["press_outlets.id"],
            name=op.f("fk_press_journalists_outlet_id_press_outlets"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_press_journalists")),
    )
    op.create_index(op.f("ix_press_journalists_email"), "press_journalists", ["email"], unique=False)
    op.create_index(op.f("ix_press_journalists_name_key"), "press_journalists", ["name_key"], unique=False)
    op.create_index(op.f("ix_press_journalists_outlet_id"), "press_journalists", ["outlet_id"], unique=False)
    op.create_table(
        "press_authorisations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("interviewee", sa.String(length=200), nullable=False),
        sa.Column("outlet_id", sa.Integer(), nullable=False),
        sa.Column("outlet_kind", sa.String(length=20), nullable=False),
        sa.Column("journalist_id", sa.Integer(), nullable=True),
        sa.Column("received_at", cct.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("agreed_due", cct.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("due_at", cct.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.Column("authorised_text", sa.Text(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", cct.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("registered_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", cct.db.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "outcome <> 'changed' OR authorised_text IS NOT NULL", name=op.f("ck_press_authorisations_changes_kept")
        ),
        sa.CheckConstraint(
            "outcome IN ('pending', 'authorised', 'changed', 'refused', 'deemed')",
            name=op.f("ck_press_authorisations_outcome_known"),
        ),
        sa.CheckConstraint(
            "outlet_kind IN ('daily', 'periodical', 'radio', 'tv', 'online', 'agency')",
            name=op.f("ck_press_authorisations_outlet_kind_known"),
        ),
        sa.ForeignKeyConstraint(
            ["decided_by_id"],
            ["users.id"],
            name=op.f("fk_press_authorisations_decided_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["journalist_id"],
            ["press_journalists.id"],
            name=op.f("fk_press_authorisations_journalist_id_press_journalists"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["outlet_id"],
            ["press_outlets.id"],
            name=op.f("fk_press_authorisations_outlet_id_press_outlets"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["registered_by_id"],
            ["users.id"],
            name=op.f("fk_press_authorisations_registered_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_press_authorisations")),
    )
    op.create_index(op.f("ix_press_authorisations_outlet_id"), "press_authorisations", ["outlet_id"], unique=False)
    op.create_index("ix_press_authorisations_pending", "press_authorisations", ["outcome", "due_at"], unique=False)
    op.create_table(
        "press_enquiries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("received_at", cct.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("received_via", sa.String(length=20), nullable=False),
        sa.Column("journalist_id", sa.Integer(), nullable=False),
        sa.Column("outlet_id", sa.Integer(), nullable=True),
        sa.Column("subject", sa.String(length=300), nullable=False),
        sa.Column("questions", sa.Text(), nullable=False),
        sa.Column("tags", sa.JSON(), nullable=False),
        sa.Column("requested_by", cct.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("officer_id", sa.Integer(), nullable=True),
        sa.Column("answer_due", cct.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("extended_due", cct.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("extension_reason", sa.Text(), nullable=True),
        sa.Column("refusal_asked_at", cct.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("refusal_reason", sa.Text(), nullable=True),
        sa.Column("refused_at", cct.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("approved_draft", sa.Integer(), nullable=True),
        sa.Column("approved_by_id", sa.Integer(), nullable=True),
        sa.Column("approved_at", cct.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("sent_at", cct.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("sent_via", sa.String(length=10), nullable=True),
        sa.Column("sent_to", sa.String(length=254), nullable=True),
        sa.Column("sent_text", sa.Text(), nullable=True),
        sa.Column("closed_at", cct.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("created_at", cct.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", cct.db.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "received_via IN ('email', 'phone', 'in_person', 'social')",
            name=op.f("ck_press_enquiries_received_via_known"),
        ),
        sa.CheckConstraint(
            "sent_via IS NULL OR sent_via IN ('email', 'other')", name=op.f("ck_press_enquiries_sent_via_known")
        ),
        sa.CheckConstraint(
            "state IN ('open', 'awaiting_approval', 'approved', 'sent', 'refused', 'closed')",
            name=op.f("ck_press_enquiries_state_known"),
        ),
        sa.CheckConstraint(
            "extended_due IS NULL OR extension_reason IS NOT NULL", name=op.f("ck_press_enquiries_extension_has_reason")
        ),
        sa.CheckConstraint("sent_at IS NULL OR sent_text IS NOT NULL", name=op.f("ck_press_enquiries_sent_text_kept")),
        sa.ForeignKeyConstraint(
            ["approved_by_id"], ["users.id"], name=op.f("fk_press_enquiries_approved_by_id_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["journalist_id"],
            ["press_journalists.id"],
            name=op.f("fk_press_enquiries_journalist_id_press_journalists"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["officer_id"], ["users.id"], name=op.f("fk_press_enquiries_officer_id_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["outlet_id"],
            ["press_outlets.id"],
            name=op.f("fk_press_enquiries_outlet_id_press_outlets"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_press_enquiries")),
        sa.UniqueConstraint("year", "seq", name="uq_press_enquiries_year_seq"),
    )
    op.create_index(op.f("ix_press_enquiries_journalist_id"), "press_enquiries", ["journalist_id"], unique=False)
    op.create_index(op.f("ix_press_enquiries_officer_id"), "press_enquiries", ["officer_id"], unique=False)
    op.create_index("ix_press_enquiries_open_due", "press_enquiries", ["state", "answer_due"], unique=False)
    op.create_index(op.f("ix_press_enquiries_outlet_id"), "press_enquiries", ["outlet_id"], unique=False)
    op.create_table(
        "press_enquiry_drafts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("enquiry_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("created_at", cct.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"], ["users.id"], name=op.f("fk_press_enquiry_drafts_author_id_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["enquiry_id"],
            ["press_enquiries.id"],
            name=op.f("fk_press_enquiry_drafts_enquiry_id_press_enquiries"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_press_enquiry_drafts")),
        sa.UniqueConstraint("enquiry_id", "number", name="uq_press_enquiry_drafts_number"),
    )
    op.create_table(
        "press_enquiry_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("enquiry_id", sa.Integer(), nullable=False),
        sa.Column("at", cct.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=60), nullable=False),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["users.id"], name=op.f("fk_press_enquiry_events_actor_id_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["enquiry_id"],
            ["press_enquiries.id"],
            name=op.f("fk_press_enquiry_events_enquiry_id_press_enquiries"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_press_enquiry_events")),
    )
    op.create_index(op.f("ix_press_enquiry_events_enquiry_id"), "press_enquiry_events", ["enquiry_id"], unique=False)
    op.create_table(
        "press_unit_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("enquiry_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("due_at", cct.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("asked_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", cct.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("answer", sa.Text(), nullable=True),
        sa.Column("answered_by_id", sa.Integer(), nullable=True),
        sa.Column("answered_at", cct.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["answered_by_id"],
            ["users.id"],
            name=op.f("fk_press_unit_requests_answered_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["asked_by_id"], ["users.id"], name=op.f("fk_press_unit_requests_asked_by_id_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["enquiry_id"],
            ["press_enquiries.id"],
            name=op.f("fk_press_unit_requests_enquiry_id_press_enquiries"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["units.id"], name=op.f("fk_press_unit_requests_unit_id_units"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_press_unit_requests")),
    )
    op.create_index(op.f("ix_press_unit_requests_enquiry_id"), "press_unit_requests", ["enquiry_id"], unique=False)
    op.create_index("ix_press_unit_requests_waiting", "press_unit_requests", ["unit_id", "answered_at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_press_unit_requests_waiting", table_name="press_unit_requests")
    op.drop_index(op.f("ix_press_unit_requests_enquiry_id"), table_name="press_unit_requests")
    op.drop_table("press_unit_requests")
    op.drop_index(op.f("ix_press_enquiry_events_enquiry_id"), table_name="press_enquiry_events")
    op.drop_table("press_enquiry_events")
    op.drop_table("press_enquiry_drafts")
    op.drop_index(op.f("ix_press_enquiries_outlet_id"), table_name="press_enquiries")
    op.drop_index("ix_press_enquiries_open_due", table_name="press_enquiries")
    op.drop_index(op.f("ix_press_enquiries_officer_id"), table_name="press_enquiries")
    op.drop_index(op.f("ix_press_enquiries_journalist_id"), table_name="press_enquiries")
    op.drop_table("press_enquiries")
    op.drop_index("ix_press_authorisations_pending", table_name="press_authorisations")
    op.drop_index(op.f("ix_press_authorisations_outlet_id"), table_name="press_authorisations")
    op.drop_table("press_authorisations")
    op.drop_index(op.f("ix_press_journalists_outlet_id"), table_name="press_journalists")
    op.drop_index(op.f("ix_press_journalists_name_key"), table_name="press_journalists")
    op.drop_index(op.f("ix_press_journalists_email"), table_name="press_journalists")
    op.drop_table("press_journalists")
    op.drop_table("press_outlets")
    op.drop_table("press_counters")
    op.execute("DELETE FROM notifications WHERE role = 'spokesperson'")
    op.execute("DELETE FROM user_roles WHERE role = 'spokesperson'")
    _roles(ROLES_BEFORE)
