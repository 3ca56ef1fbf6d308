"""The press office's information campaigns: what they tell residents, through which channels, when, and which
categories and words the helpline's contacts on their topic carry."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from cct.auth.models import User
from cct.db import Base, utcnow
from press import schemas as limits


class Campaign(Base):
    __tablename__ = "press_campaigns"
    __table_args__ = (CheckConstraint("ends_on >= starts_on", name="campaign_period"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(limits.SUBJECT_MAX))
    goal: Mapped[str] = mapped_column(Text)
    topic: Mapped[str] = mapped_column(String(limits.SUBJECT_MAX))
    categories: Mapped[list[str]] = mapped_column(JSON)  # ticket category codes (a parent's takes in its children)
    keywords: Mapped[list[str]] = mapped_column(JSON)  # words of the topic in tickets and searches
    channels: Mapped[list[str]] = mapped_column(JSON)  # press.states.CampaignChannel
    starts_on: Mapped[date] = mapped_column(index=True)
    ends_on: Mapped[date] = mapped_column()
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    created_by: Mapped[User | None] = relationship()
