from __future__ import annotations

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Boolean, CheckConstraint, Column, ForeignKey, Index, Integer, String, Table
from sqlalchemy.orm import Mapped, mapped_column, relationship

from cct.auth.roles import Role, role_allows
from cct.auth.schemas import LOGIN_MAX
from cct.db import Base, one_of, utcnow
from cct.org.models import Unit

user_units = Table(
    "user_units",
    Base.metadata,
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("unit_id", Integer, ForeignKey("units.id", ondelete="RESTRICT"), primary_key=True, index=True),
)


class User(UserMixin, Base):
    __tablename__ = "users"
    __table_args__ = (CheckConstraint("login = lower(login)", name="login_lowercase"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    login: Mapped[str] = mapped_column(String(LOGIN_MAX), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(254))
    password_hash: Mapped[str | None] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    locale: Mapped[str | None] = mapped_column(String(5))
    # failed sign-ins before this moment no longer delay the next (an administrator lifted the delay, or a new password)
    sign_in_delays_lifted_at: Mapped[datetime | None]
    last_login_at: Mapped[datetime | None]
    # Bumped when the password changes or the account is disabled: every existing session then ends.
    session_version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    role_rows: Mapped[list[UserRole]] = relationship(
        back_populates="user", cascade="all, delete-orphan", lazy="selectin", order_by="UserRole.role"
    )
    # Loaded when asked for: most requests (an API call creating a ticket) need the roles, not the units.
    units: Mapped[list[Unit]] = relationship(secondary=user_units, order_by=Unit.code)
    tokens: Mapped[list[ApiToken]] = relationship(
        back_populates="user", cascade="all, delete-orphan", order_by="ApiToken.id"
    )

    is_system = False  # a person, not one of cct.auth.actors' system actors

    @property
    def roles(self) -> frozenset[Role]:
        return frozenset(Role(row.role) for row in self.role_rows)

    @property
    def is_active(self) -> bool:  # Flask-Login: an inactive user cannot sign in or stay signed in
        return self.active

    # The secret of the sign-in this request belongs to (cct.auth.operations.start_session), never stored in clear.
    session_secret = None  # a str once signed in; not a column

    def get_id(self) -> str:
        """What Flask-Login keeps in the session cookie: the user, the session version (bumped when a password
        changes or the account is disabled) and the secret of this sign-in (a UserSession row)."""
        return f"{self.id}:{self.session_version}:{self.session_secret or ''}"

    def has_permission(self, permission: str) -> bool:
        return role_allows(self.roles, permission)

    @property
    def unit_ids(self) -> frozenset[int]:
        """The units the user works in (unit staff see and keep their units' tickets and articles)."""
        return frozenset(unit.id for unit in self.units)

    def __repr__(self) -> str:
        return f"<User {self.login}>"


class UserRole(Base):
    __tablename__ = "user_roles"
    __table_args__ = (CheckConstraint(one_of("role", Role), name="role_known"),)

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    role: Mapped[str] = mapped_column(String(20), primary_key=True)

    user: Mapped[User] = relationship(back_populates="role_rows")


class ApiToken(Base):
    """A personal API token. Only its SHA-256 is kept; the token itself is shown once, when created."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(12))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]

    user: Mapped[User] = relationship(back_populates="tokens")

    @property
    def active(self) -> bool:
        return self.revoked_at is None


class UserSession(Base):
    """One sign-in in one browser, kept on the server so that it can end there: signing out, "sign out everywhere",
    a password changed, an account disabled, or [security] idle_minutes without a request. The cookie holds the
    secret; only its SHA-256 is kept."""

    __tablename__ = "user_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    secret_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    ended_at: Mapped[datetime | None]
    ended_because: Mapped[str | None] = mapped_column(String(20))  # signed_out, everywhere, idle, password, disabled
    address: Mapped[str] = mapped_column(String(45))
    browser: Mapped[str] = mapped_column(String(200))


class LoginAttempt(Base):
    """Every sign-in attempt: the delays per login and address and the throttle per address count these, and
    administrators can read them."""

    __tablename__ = "login_attempts"
    __table_args__ = (Index("ix_login_attempts_login_at", "login", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    login: Mapped[str] = mapped_column(String(LOGIN_MAX))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    ip: Mapped[str] = mapped_column(String(45), index=True)
    succeeded: Mapped[bool] = mapped_column(Boolean)
    reason: Mapped[str] = mapped_column(String(32))
