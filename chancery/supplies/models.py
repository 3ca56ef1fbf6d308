"""The department's office supplies: the items kept with their stock and reorder level, staff's requests with their
approval and issue, and every change of a stock (a delivery, an issue, a count)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from cct.auth.models import User
from cct.db import Base, one_of, utcnow
from chancery.supplies import schemas as limits
from chancery.supplies.states import MoveKind, RequestState


class SupplyItem(Base):
    __tablename__ = "chancery_supply_items"
    __table_args__ = (
        CheckConstraint("stock >= 0", name="stock_not_negative"),
        CheckConstraint("reorder_level >= 0", name="reorder_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(limits.NAME_MAX))
    name_key: Mapped[str] = mapped_column(String(limits.NAME_MAX), unique=True)  # casefolded: one item per name
    measure: Mapped[str] = mapped_column(String(limits.MEASURE_MAX))
    stock: Mapped[int] = mapped_column(Integer, default=0)
    reorder_level: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    @property
    def low(self) -> bool:
        """At or below its reorder level: time to order more."""
        return self.stock <= self.reorder_level


class SupplyRequest(Base):
    __tablename__ = "chancery_supply_requests"
    __table_args__ = (
        CheckConstraint(one_of("state", RequestState), name="state_known"),
        CheckConstraint("quantity > 0", name="quantity_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("chancery_supply_items.id", ondelete="RESTRICT"), index=True)
    quantity: Mapped[int] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(String(limits.NOTE_MAX), default="")
    state: Mapped[str] = mapped_column(String(10), default=RequestState.REQUESTED.value, index=True)
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None] = mapped_column()
    decision_note: Mapped[str] = mapped_column(String(limits.NOTE_MAX), default="")
    issued_at: Mapped[datetime | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    item: Mapped[SupplyItem] = relationship()
    requested_by: Mapped[User | None] = relationship(foreign_keys=[requested_by_id])
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])


class SupplyMove(Base):
    """A change of an item's stock: + for a delivery, − for an issue, either for a count."""

    __tablename__ = "chancery_supply_moves"
    __table_args__ = (CheckConstraint(one_of("kind", MoveKind), name="kind_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("chancery_supply_items.id", ondelete="RESTRICT"), index=True)
    kind: Mapped[str] = mapped_column(String(10))
    change: Mapped[int] = mapped_column(Integer)
    stock_after: Mapped[int] = mapped_column(Integer)
    request_id: Mapped[int | None] = mapped_column(ForeignKey("chancery_supply_requests.id", ondelete="SET NULL"))
    note: Mapped[str] = mapped_column(String(limits.NOTE_MAX), default="")
    by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    item: Mapped[SupplyItem] = relationship()
    by: Mapped[User | None] = relationship()
