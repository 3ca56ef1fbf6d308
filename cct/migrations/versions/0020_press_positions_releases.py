"""the press office's official positions (shown in the agents' knowledge panel), press releases with the register
of their changes after publication, and the words of media enquiries for searching earlier answers

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import cct.db

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "press_positions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("tags", sa.JSON(), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("approved_by_id", sa.Integer(), nullable=True),
        sa.Column("approved_at", cct.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("search_keys", sa.Text(), nullable=False),
        sa.Column("created_at", cct.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", cct.db.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "state <> 'approved' OR approved_at IS NOT NULL", name=op.f("ck_press_positions_approval_recorded")
        ),
        sa.CheckConstraint("state IN ('draft', 'approved', 'withdrawn')", name=op.f("ck_press_positions_state_known")),
        sa.CheckConstraint("valid_to IS NULL OR valid_to >= valid_from", name=op.f("ck_press_positions_valid_period")),
        sa.ForeignKeyConstraint(
            ["approved_by_id"], ["users.id"], name=op.f("fk_press_positions_approved_by_id_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["author_id"], ["users.id"], name=op.f("fk_press_positions_author_id_users"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_press_positions")),
    )
    op.create_table(
        "press_releases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("lead", sa.Text(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("approved_by_id", sa.Integer(), nullable=True),
        sa.Column("approved_at", cct.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("published_at", cct.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("created_at", cct.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", cct.db.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "state <> 'published' OR published_at IS NOT NULL", name=op.f("ck_press_releases_publication_recorded")
        ),
        sa.CheckConstraint(
            "state IN ('draft', 'awaiting_approval', 'approved', 'published')",
            name=op.f("ck_press_releases_state_known"),
        ),
        sa.ForeignKeyConstraint(
            ["approved_by_id"], ["users.id"], name=op.f("fk_press_releases_approved_by_id_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["author_id"], ["users.id"], name=op.f("fk_press_releases_author_id_users"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_press_releases")),
    )
    op.create_index("ix_press_releases_published", "press_releases", ["state", "published_at"], unique=False)
    op.create_table(
        "press_release_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("release_id", sa.Integer(), nullable=False),
        sa.Column("at", cct.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("title_before", sa.String(length=300), nullable=False),
        sa.Column("lead_before", sa.Text(), nullable=False),
        sa.Column("body_before", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["users.id"], name=op.f("fk_press_release_changes_actor_id_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["release_id"],
            ["press_releases.id"],
            name=op.f("fk_press_release_changes_release_id_press_releases"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_press_release_changes")),
    )
    op.create_index(op.f("ix_press_release_changes_release_id"), "press_release_changes", ["release_id"], unique=False)
    with op.batch_alter_table("press_enquiries", schema=None) as batch_op:
        batch_op.add_column(sa.Column("search_keys", sa.Text(), server_default=sa.text("''"), nullable=False))
    # no enquiry lacks its words: revisions 0019 and 0020 land together, so none was registered without them


def downgrade() -> None:
    with op.batch_alter_table("press_enquiries", schema=None) as batch_op:
        batch_op.drop_column("search_keys")
    op.drop_index(op.f("ix_press_release_changes_release_id"), table_name="press_release_changes")
    op.drop_table("press_release_changes")
    op.drop_index("ix_press_releases_published", table_name="press_releases")
    op.drop_table("press_releases")
    op.drop_table("press_positions")
