"""The press office's planning tables: press conferences (the outlets invited and who came, speech drafts in
versions with their approval), posts planned for the website and social media, and the personal tokens that open a
member of staff's calendar feed."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from cct.auth.models import User
from cct.db import Base, one_of, utcnow
from press import schemas as limits
from press.models import Outlet, Release
from press.states import Channel, ConferenceState, PostState


class Conference(Base):
    __tablename__ = "press_conferences"
    __table_args__ = (
        CheckConstraint(one_of("state", ConferenceState), name="state_known"),
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        Index("ix_press_conferences_starts_at", "starts_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    topic: Mapped[str] = mapped_column(String(limits.SUBJECT_MAX))
    starts_at: Mapped[datetime] = mapped_column()
    ends_at: Mapped[datetime] = mapped_column()
    place: Mapped[str] = mapped_column(String(limits.PLACE_MAX))
    speakers: Mapped[str] = mapped_column(String(limits.SPEAKERS_MAX))  # one per line: "Prezydent Miasta …"
    description: Mapped[str] = mapped_column(Text, default="")  # the announcement's text
    state: Mapped[str] = mapped_column(String(20), default=ConferenceState.PLANNED.value)
    announced_at: Mapped[datetime | None] = mapped_column()
    attendance_note: Mapped[str | None] = mapped_column(Text)
    follow_up_release_id: Mapped[int | None] = mapped_column(
        ForeignKey("press_releases.id", ondelete="SET NULL"), index=True
    )
    organised_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    organised_by: Mapped[User | None] = relationship()
    follow_up_release: Mapped[Release | None] = relationship()
    guests: Mapped[list[ConferenceOutlet]] = relationship(
        back_populates="conference", order_by="ConferenceOutlet.outlet_id", cascade="all, delete-orphan"
    )
    speeches: Mapped[list[SpeechDraft]] = relationship(order_by="SpeechDraft.number")


class ConferenceOutlet(Base):
    """An outlet invited to a conference, and whether it came."""

    __tablename__ = "press_conference_outlets"

    conference_id: Mapped[int] = mapped_column(ForeignKey("press_conferences.id", ondelete="CASCADE"), primary_key=True)
    outlet_id: Mapped[int] = mapped_column(
        ForeignKey("press_outlets.id", ondelete="RESTRICT"), primary_key=True, index=True
    )
    attended: Mapped[bool | None] = mapped_column(Boolean)  # None until the conference is held

    conference: Mapped[Conference] = relationship(back_populates="guests")
    outlet: Mapped[Outlet] = relationship()


class SpeechDraft(Base):
    """A version of the text a speaker reads at a conference; the spokesperson approves one version."""

    __tablename__ = "press_speech_drafts"
    __table_args__ = (UniqueConstraint("conference_id", "number", name="uq_press_speech_drafts_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    conference_id: Mapped[int] = mapped_column(ForeignKey("press_conferences.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    speaker: Mapped[str] = mapped_column(String(limits.NAME_MAX))
    text: Mapped[str] = mapped_column(Text)
    written_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    written_at: Mapped[datetime] = mapped_column(default=utcnow)
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    approved_at: Mapped[datetime | None] = mapped_column()

    written_by: Mapped[User | None] = relationship(foreign_keys=[written_by_id])
    approved_by: Mapped[User | None] = relationship(foreign_keys=[approved_by_id])


class Post(Base):
    """A post planned on one of the city's channels: its text and image, approved by the spokesperson, and once it
    is out, the link to it."""

    __tablename__ = "press_posts"
    __table_args__ = (
        CheckConstraint(one_of("channel", Channel), name="channel_known"),
        CheckConstraint(one_of("state", PostState), name="state_known"),
        CheckConstraint("state <> 'published' OR published_url IS NOT NULL", name="link_recorded"),
        Index("ix_press_posts_planned_at", "planned_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(20))
    planned_at: Mapped[datetime] = mapped_column()
    title: Mapped[str] = mapped_column(String(limits.SUBJECT_MAX))  # how the calendar names it
    text: Mapped[str] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(20), default=PostState.DRAFT.value)
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    approved_at: Mapped[datetime | None] = mapped_column()
    published_url: Mapped[str | None] = mapped_column(String(limits.URL_MAX))
    published_at: Mapped[datetime | None] = mapped_column()
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    author: Mapped[User | None] = relationship(foreign_keys=[author_id])
    approved_by: Mapped[User | None] = relationship(foreign_keys=[approved_by_id])


class CalendarToken(Base):
    """The secret in a member of staff's calendar feed address: only its SHA-256 is kept; a new one replaces it."""

    __tablename__ = "press_calendar_tokens"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    token_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
