"""sessions kept on the server (issue 18): signing out, signing out everywhere, a changed password, a disabled
account and [security] idle_minutes end them there; failed sign-ins delay the next from the same address instead of
locking the account (its lock columns go; the moment an administrator lifted the delays is kept); the first answers
to requests sent with an Idempotency-Key; the programs' rate counters

Revision ID: 0027
Revises: 0026
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import cct.db

revision: str = "0027"
down_revision: str | None = "0026"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "user_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("secret_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", cct.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", cct.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("ended_at", cct.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("ended_because", sa.String(length=20), nullable=True),
        sa.Column("address", sa.String(length=45), nullable=False),
        sa.Column("browser", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_user_sessions_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_user_sessions")),
        sa.UniqueConstraint("secret_hash", name=op.f("uq_user_sessions_secret_hash")),
    )
    op.create_index(op.f("ix_user_sessions_user_id"), "user_sessions", ["user_id"], unique=False)
    op.create_index("ix_login_attempts_login_at", "login_attempts", ["login", "at"], unique=False)
    op.create_table(
        "idempotent_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client", sa.String(length=64), nullable=False),
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("created_at", cct.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("status", sa.Integer(), nullable=True),
        sa.Column("content_type", sa.String(length=100), nullable=True),
        sa.Column("location", sa.String(length=500), nullable=True),
        sa.Column("body", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_idempotent_requests")),
        sa.UniqueConstraint("client", "key", name=op.f("uq_idempotent_requests_client")),
    )
    op.create_index(op.f("ix_idempotent_requests_created_at"), "idempotent_requests", ["created_at"], unique=False)
    op.create_table(
        "rate_counters",
        sa.Column("bucket", sa.String(length=100), nullable=False),
        sa.Column("minute", cct.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("hits", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("bucket", "minute", name=op.f("pk_rate_counters")),
    )
    op.create_index(op.f("ix_rate_counters_minute"), "rate_counters", ["minute"], unique=False)
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("sign_in_delays_lifted_at", cct.db.UTCDateTime(timezone=True), nullable=True))
        batch_op.drop_constraint(batch_op.f("ck_users_failed_logins_not_negative"), type_="check")
        batch_op.drop_column("failed_logins")
        batch_op.drop_column("locked_until")


def downgrade() -> None:
    op.drop_index(op.f("ix_rate_counters_minute"), table_name="rate_counters")
    op.drop_table("rate_counters")
    op.drop_index(op.f("ix_idempotent_requests_created_at"), table_name="idempotent_requests")
    op.drop_table("idempotent_requests")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("locked_until", cct.db.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("failed_logins", sa.Integer(), nullable=False, server_default="0"))
        batch_op.create_check_constraint(batch_op.f("ck_users_failed_logins_not_negative"), "failed_logins >= 0")
        batch_op.drop_column("sign_in_delays_lifted_at")
    op.drop_index("ix_login_attempts_login_at", table_name="login_attempts")
    op.drop_index(op.f("ix_user_sessions_user_id"), table_name="user_sessions")
    op.drop_table("user_sessions")
