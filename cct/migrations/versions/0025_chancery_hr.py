"""the chancery's HR registers: employees, exits during working hours and time worked off, business trips with the
per-diem rates the clerk adds (the regulation's own are in chancery/hr/per_diem.py), the leave plan and job
descriptions

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-03
"""

from collections.abc import Sequence
import sqlalchemy as sa
from alembic import op

import cct.db

revision: str = "0025"
down_revision: str | None = "0024"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "chancery_hr_per_diem_rates",
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("amount", sa.Integer(), nullable=False),
        sa.Column("created_at", cct.db.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("amount > 0", name=op.f("ck_chancery_hr_per_diem_rates_amount_positive")),
        sa.PrimaryKeyConstraint("valid_from", name=op.f("pk_chancery_hr_per_diem_rates")),
    )
    op.create_table(
        "chancery_hr_employees",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("full_name", sa.String(length=200), nullable=False),
        sa.Column("position", sa.String(length=200), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=True),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("on_helpline", sa.Boolean(), nullable=False),
        sa.Column("leave_days", sa.Integer(), nullable=False),
        sa.Column("joined_on", sa.Date(), nullable=True),
        sa.Column("left_on", sa.Date(), nullable=True),
        sa.Column("created_at", cct.db.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("leave_days BETWEEN 0 AND 60", name=op.f("ck_chancery_hr_employees_leave_days_range")),
        sa.CheckConstraint(
            "left_on IS NULL OR joined_on IS NULL OR left_on >= joined_on",
            name=op.f("ck_chancery_hr_employees_left_after_joined"),
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["units.id"], name=op.f("fk_chancery_hr_employees_unit_id_units"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_chancery_hr_employees_user_id_users"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_chancery_hr_employees")),
        sa.UniqueConstraint("user_id", name=op.f("uq_chancery_hr_employees_user_id")),
    )
    op.create_index(op.f("ix_chancery_hr_employees_unit_id"), "chancery_hr_employees", ["unit_id"], unique=False)
    op.create_table(
        "chancery_hr_exits",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("employee_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("out_at", sa.Time(), nullable=False),
        sa.Column("back_at", sa.Time(), nullable=True),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("purpose", sa.String(length=300), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", cct.db.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("kind IN ('private', 'official')", name=op.f("ck_chancery_hr_exits_kind_known")),
        sa.CheckConstraint("back_at IS NULL OR back_at > out_at", name=op.f("ck_chancery_hr_exits_back_after_out")),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_chancery_hr_exits_created_by_id_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["employee_id"],
            ["chancery_hr_employees.id"],
            name=op.f("fk_chancery_hr_exits_employee_id_chancery_hr_employees"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_chancery_hr_exits")),
    )
    op.create_index(op.f("ix_chancery_hr_exits_day"), "chancery_hr_exits", ["day"], unique=False)
    op.create_index(op.f("ix_chancery_hr_exits_employee_id"), "chancery_hr_exits", ["employee_id"], unique=False)
    op.create_table(
        "chancery_hr_job_descriptions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("employee_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("position", sa.String(length=200), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("effective_from", sa.Date(), nullable=False),
        sa.Column("acknowledged_on", sa.Date(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", cct.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_chancery_hr_job_descriptions_created_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["employee_id"],
            ["chancery_hr_employees.id"],
            name=op.f("fk_chancery_hr_job_descriptions_employee_id_chancery_hr_employees"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_chancery_hr_job_descriptions")),
        sa.UniqueConstraint("employee_id", "version", name="uq_chancery_hr_job_version"),
    )
    op.create_index(
        op.f("ix_chancery_hr_job_descriptions_employee_id"),
        "chancery_hr_job_descriptions",
        ["employee_id"],
        unique=False,
    )
    op.create_table(
        "chancery_hr_leave",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("employee_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("note", sa.String(length=500), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", cct.db.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("ends_on >= starts_on", name=op.f("ck_chancery_hr_leave_ends_after_start")),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_chancery_hr_leave_created_by_id_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["employee_id"],
            ["chancery_hr_employees.id"],
            name=op.f("fk_chancery_hr_leave_employee_id_chancery_hr_employees"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_chancery_hr_leave")),
    )
    op.create_index(op.f("ix_chancery_hr_leave_employee_id"), "chancery_hr_leave", ["employee_id"], unique=False)
    op.create_index(op.f("ix_chancery_hr_leave_year"), "chancery_hr_leave", ["year"], unique=False)
    op.create_table(
        "chancery_hr_trips",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("employee_id", sa.Integer(), nullable=False),
        sa.Column("purpose", sa.String(length=300), nullable=False),
        sa.Column("destination", sa.String(length=200), nullable=False),
        sa.Column("starts_at", cct.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("ends_at", cct.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("transport", sa.String(length=20), nullable=False),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("advance", sa.Integer(), nullable=True),
        sa.Column("transport_cost", sa.Integer(), nullable=True),
        sa.Column("accommodation_cost", sa.Integer(), nullable=True),
        sa.Column("other_cost", sa.Integer(), nullable=True),
        sa.Column("breakfasts", sa.Integer(), nullable=False),
        sa.Column("lunches", sa.Integer(), nullable=False),
        sa.Column("dinners", sa.Integer(), nullable=False),
        sa.Column("per_diem_rate", sa.Integer(), nullable=True),
        sa.Column("per_diem", sa.Integer(), nullable=True),
        sa.Column("settled_at", cct.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", cct.db.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "state <> 'settled' OR settled_at IS NOT NULL", name=op.f("ck_chancery_hr_trips_settled_when")
        ),
        sa.CheckConstraint(
            "state IN ('ordered', 'settled', 'cancelled')", name=op.f("ck_chancery_hr_trips_state_known")
        ),
        sa.CheckConstraint(
            "transport IN ('public', 'official_car', 'private_car', 'plane', 'other')",
            name=op.f("ck_chancery_hr_trips_transport_known"),
        ),
        sa.CheckConstraint("ends_at > starts_at", name=op.f("ck_chancery_hr_trips_ends_after_start")),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_chancery_hr_trips_created_by_id_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["employee_id"],
            ["chancery_hr_employees.id"],
            name=op.f("fk_chancery_hr_trips_employee_id_chancery_hr_employees"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_chancery_hr_trips")),
        sa.UniqueConstraint("year", "seq", name="uq_chancery_hr_trips_year_seq"),
    )
    op.create_index(op.f("ix_chancery_hr_trips_employee_id"), "chancery_hr_trips", ["employee_id"], unique=False)
    op.create_table(
        "chancery_hr_work_off",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("employee_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("note", sa.String(length=500), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", cct.db.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("minutes BETWEEN 1 AND 480", name=op.f("ck_chancery_hr_work_off_minutes_range")),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_chancery_hr_work_off_created_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["employee_id"],
            ["chancery_hr_employees.id"],
            name=op.f("fk_chancery_hr_work_off_employee_id_chancery_hr_employees"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_chancery_hr_work_off")),
    )
    op.create_index(op.f("ix_chancery_hr_work_off_day"), "chancery_hr_work_off", ["day"], unique=False)
    op.create_index(op.f("ix_chancery_hr_work_off_employee_id"), "chancery_hr_work_off", ["employee_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_chancery_hr_work_off_employee_id"), table_name="chancery_hr_work_off")
    op.drop_index(op.f("ix_chancery_hr_work_off_day"), table_name="chancery_hr_work_off")
    op.drop_table("chancery_hr_work_off")
    op.drop_index(op.f("ix_chancery_hr_trips_employee_id"), table_name="chancery_hr_trips")
    op.drop_table("chancery_hr_trips")
    op.drop_index(op.f("ix_chancery_hr_leave_year"), table_name="chancery_hr_leave")
    op.drop_index(op.f("ix_chancery_hr_leave_employee_id"), table_name="chancery_hr_leave")
    op.drop_table("chancery_hr_leave")
    op.drop_index(op.f("ix_chancery_hr_job_descriptions_employee_id"), table_name="chancery_hr_job_descriptions")
    op.drop_table("chancery_hr_job_descriptions")
    op.drop_index(op.f("ix_chancery_hr_exits_employee_id"), table_name="chancery_hr_exits")
    op.drop_index(op.f("ix_chancery_hr_exits_day"), table_name="chancery_hr_exits")
    op.drop_table("chancery_hr_exits")
    op.drop_index(op.f("ix_chancery_hr_employees_unit_id"), table_name="chancery_hr_employees")
    op.drop_table("chancery_hr_employees")
    op.drop_table("chancery_hr_per_diem_rates")
