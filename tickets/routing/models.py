"""The routing rules' table."""

from __future__ import annotations

from sqlalchemy import Boolean, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from cct.db import Base
from cct.org.models import Unit
from tickets.models import Category
from tickets.routing import schemas as limits


class RoutingRule(Base):
    """Sends matching tickets to a unit. Rules are tried in `position` order; the first that matches wins.
    Empty conditions match anything, so a rule with only a category overrides that category's default unit."""

    __tablename__ = "routing_rules"

    id: Mapped[int] = mapped_column(primary_key=True)
    position: Mapped[int] = mapped_column(index=True)
    name: Mapped[str] = mapped_column(String(limits.NAME_MAX))
    category_id: Mapped[int | None] = mapped_column(ForeignKey("ticket_categories.id", ondelete="CASCADE"))
    district: Mapped[str | None] = mapped_column(String(limits.DISTRICT_MAX))
    street: Mapped[str | None] = mapped_column(String(limits.STREET_MAX))
    keywords: Mapped[str | None] = mapped_column(Text)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="RESTRICT"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    category: Mapped[Category | None] = relationship()
    unit: Mapped[Unit] = relationship()
