"""The department's inventory book (księga inwentarzowa): each item under its inventory number, with its
acquisition, value, place and the person responsible for it, its moves, and its write-off with the protocol."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from cct.auth.models import User
from cct.db import Base, one_of, utcnow
from chancery.inventory import schemas as limits
from chancery.inventory.states import ItemState


class InventoryItem(Base):
    __tablename__ = "chancery_inventory"
    __table_args__ = (
        CheckConstraint(one_of("state", ItemState), name="state_known"),
        CheckConstraint("value >= 0", name="value_not_negative"),
        CheckConstraint(
            "state <> 'written_off' OR (written_off_on IS NOT NULL AND write_off_protocol IS NOT NULL)",
            name="written_off_with_protocol",
        ),
        UniqueConstraint("year", "seq", name="uq_chancery_inventory_year_seq"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer)  # of the entry in the book
    seq: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(limits.NAME_MAX))
    acquired_on: Mapped[date] = mapped_column()
    document: Mapped[str] = mapped_column(String(limits.DOCUMENT_MAX))  # the acquisition document
    value: Mapped[int] = mapped_column(Integer)  # grosze
    location: Mapped[str] = mapped_column(String(limits.LOCATION_MAX), index=True)
    responsible: Mapped[str] = mapped_column(String(limits.PERSON_MAX))
    state: Mapped[str] = mapped_column(String(12), default=ItemState.IN_USE.value)
    written_off_on: Mapped[date | None] = mapped_column()
    write_off_protocol: Mapped[str | None] = mapped_column(String(limits.PROTOCOL_MAX))
    write_off_reason: Mapped[str | None] = mapped_column(String(limits.NOTE_MAX))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    moves: Mapped[list[InventoryMove]] = relationship(back_populates="item", order_by="InventoryMove.id")

    @property
    def number(self) -> str:
        """The inventory number: DKS/2026/0007."""
        return f"DKS/{self.year}/{self.seq:04d}"


class InventoryMove(Base):
    """An item moved to another place or given to another person to be responsible for."""

    __tablename__ = "chancery_inventory_moves"

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("chancery_inventory.id", ondelete="CASCADE"), index=True)
    moved_on: Mapped[date] = mapped_column()
    from_location: Mapped[str] = mapped_column(String(limits.LOCATION_MAX))
    to_location: Mapped[str] = mapped_column(String(limits.LOCATION_MAX))
    from_responsible: Mapped[str] = mapped_column(String(limits.PERSON_MAX))
    to_responsible: Mapped[str] = mapped_column(String(limits.PERSON_MAX))
    note: Mapped[str] = mapped_column(String(limits.NOTE_MAX), default="")
    by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    item: Mapped[InventoryItem] = relationship(back_populates="moves")
    by: Mapped[User | None] = relationship()
