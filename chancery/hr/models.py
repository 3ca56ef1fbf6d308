"""The department's HR registers (kept by the chancery clerk): its employees, their exits during working hours and
the time worked off, business trips with their settlement, the per-diem rates, the yearly leave plan and the job
descriptions with their versions."""

from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from cct.auth.models import User
from cct.db import Base, one_of, utcnow
from cct.org.models import Unit
from chancery.hr import schemas as limits
from chancery.hr.states import ExitKind, Transport, TripState


class Employee(Base):
    """A person employed in the department: not necessarily one with an account (the HR register is the chancery's,
    the accounts are the administrators')."""

    __tablename__ = "chancery_hr_employees"
    __table_args__ = (
        CheckConstraint(f"leave_days BETWEEN 0 AND {limits.LEAVE_DAYS_MAX}", name="leave_days_range"),
        CheckConstraint("left_on IS NULL OR joined_on IS NULL OR left_on >= joined_on", name="left_after_joined"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    full_name: Mapped[str] = mapped_column(String(limits.NAME_MAX))
    position: Mapped[str] = mapped_column(String(limits.POSITION_MAX))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id", ondelete="RESTRICT"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), unique=True)
    on_helpline: Mapped[bool] = mapped_column(Boolean, default=False)
    leave_days: Mapped[int] = mapped_column(Integer, default=26)  # the yearly entitlement (Labour Code art. 154)
    joined_on: Mapped[date | None] = mapped_column()  # employed from (None: before the register was kept)
    left_on: Mapped[date | None] = mapped_column()  # employed until (None: employed now)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    unit: Mapped[Unit | None] = relationship()
    user: Mapped[User | None] = relationship()

    def employed_on(self, day: date) -> bool:
        """Employed on that day (the first and the last day of employment are days of work)."""
        return (self.joined_on is None or self.joined_on <= day) and (self.left_on is None or self.left_on >= day)


class Exit(Base):
    """An exit during working hours (wyjście w godzinach pracy): out and back on one day, private or official."""

    __tablename__ = "chancery_hr_exits"
    __table_args__ = (
        CheckConstraint(one_of("kind", ExitKind), name="kind_known"),
        CheckConstraint("back_at IS NULL OR back_at > out_at", name="back_after_out"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("chancery_hr_employees.id", ondelete="RESTRICT"), index=True)
    day: Mapped[date] = mapped_column(index=True)
    out_at: Mapped[time] = mapped_column()
    back_at: Mapped[time | None] = mapped_column()
    kind: Mapped[str] = mapped_column(String(10))
    purpose: Mapped[str] = mapped_column(String(limits.PURPOSE_MAX), default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    employee: Mapped[Employee] = relationship()


class WorkOff(Base):
    """Time an employee worked to make up for private exits (Labour Code art. 151 § 2¹)."""

    __tablename__ = "chancery_hr_work_off"
    __table_args__ = (CheckConstraint(f"minutes BETWEEN 1 AND {limits.WORK_OFF_MAX_MINUTES}", name="minutes_range"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("chancery_hr_employees.id", ondelete="RESTRICT"), index=True)
    day: Mapped[date] = mapped_column(index=True)
    minutes: Mapped[int] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(String(limits.NOTE_MAX), default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class PerDiemRate(Base):
    """The per-diem of a day of a business trip in Poland, from a date on (the Regulation of 29 January 2013, § 7
    ust. 1: 30 zł from 1 March 2013, 45 zł from 1 January 2023)."""

    __tablename__ = "chancery_hr_per_diem_rates"
    __table_args__ = (CheckConstraint("amount > 0", name="amount_positive"),)

    valid_from: Mapped[date] = mapped_column(primary_key=True)
    amount: Mapped[int] = mapped_column(Integer)  # grosze
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Trip(Base):
    """A business trip (podróż służbowa): the travel order, numbered per year, and its settlement."""

    __tablename__ = "chancery_hr_trips"
    __table_args__ = (
        CheckConstraint(one_of("transport", Transport), name="transport_known"),
        CheckConstraint(one_of("state", TripState), name="state_known"),
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        CheckConstraint("state <> 'settled' OR settled_at IS NOT NULL", name="settled_when"),
        UniqueConstraint("year", "seq", name="uq_chancery_hr_trips_year_seq"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer)
    seq: Mapped[int] = mapped_column(Integer)
    employee_id: Mapped[int] = mapped_column(ForeignKey("chancery_hr_employees.id", ondelete="RESTRICT"), index=True)
    purpose: Mapped[str] = mapped_column(String(limits.PURPOSE_MAX))
    destination: Mapped[str] = mapped_column(String(limits.PLACE_MAX))
    starts_at: Mapped[datetime] = mapped_column()
    ends_at: Mapped[datetime] = mapped_column()
    transport: Mapped[str] = mapped_column(String(20))
    state: Mapped[str] = mapped_column(String(10), default=TripState.ORDERED.value)
    advance: Mapped[int | None] = mapped_column(Integer)  # grosze paid before the trip
    # the settlement (rozliczenie), fixed when it is made: amounts in grosze
    transport_cost: Mapped[int | None] = mapped_column(Integer)
    accommodation_cost: Mapped[int | None] = mapped_column(Integer)
    other_cost: Mapped[int | None] = mapped_column(Integer)
    breakfasts: Mapped[int] = mapped_column(Integer, default=0)
    lunches: Mapped[int] = mapped_column(Integer, default=0)
    dinners: Mapped[int] = mapped_column(Integer, default=0)
    per_diem_rate: Mapped[int | None] = mapped_column(Integer)
    per_diem: Mapped[int | None] = mapped_column(Integer)
    settled_at: Mapped[datetime | None] = mapped_column()
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    employee: Mapped[Employee] = relationship()

    @property
    def number(self) -> str:
        return f"{self.seq}/{self.year}"

    @property
    def total(self) -> int | None:
        """What the trip cost in all, once settled (grosze)."""
        if self.state != TripState.SETTLED:
            return None
        return sum(
            value or 0 for value in (self.per_diem, self.transport_cost, self.accommodation_cost, self.other_cost)
        )


class LeavePeriod(Base):
    """A period of annual leave in the department's yearly leave plan (Labour Code art. 163 § 1)."""

    __tablename__ = "chancery_hr_leave"
    __table_args__ = (CheckConstraint("ends_on >= starts_on", name="ends_after_start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("chancery_hr_employees.id", ondelete="RESTRICT"), index=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    starts_on: Mapped[date] = mapped_column()
    ends_on: Mapped[date] = mapped_column()
    note: Mapped[str] = mapped_column(String(limits.NOTE_MAX), default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    employee: Mapped[Employee] = relationship()


class JobDescription(Base):
    """A version of an employee's job description (zakres czynności): its text, from when it holds and the date
    the employee acknowledged it by signing."""

    __tablename__ = "chancery_hr_job_descriptions"
    __table_args__ = (UniqueConstraint("employee_id", "version", name="uq_chancery_hr_job_version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("chancery_hr_employees.id", ondelete="RESTRICT"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    position: Mapped[str] = mapped_column(String(limits.POSITION_MAX))
    content: Mapped[str] = mapped_column(Text)
    effective_from: Mapped[date] = mapped_column()
    acknowledged_on: Mapped[date | None] = mapped_column()
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
