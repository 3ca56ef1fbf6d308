"""The department's entries in the Public Information Bulletin (BIP) and their register of changes: every version
of an entry, who made it, when and why (Regulation of the Minister of Interior and Administration of 18 January
2007 on the BIP, § 10: who produced the information, who entered it, when it was produced and when published; the
register of changes)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from cct.auth.models import User
from cct.db import Base, utcnow
from chancery.bip import schemas as limits


class BipEntry(Base):
    """An entry as it stands now (its latest version)."""

    __tablename__ = "chancery_bip_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(limits.TITLE_MAX))
    content: Mapped[str] = mapped_column(Text)
    produced_by: Mapped[str] = mapped_column(String(limits.PERSON_MAX))  # who produced it or answers for its content
    produced_on: Mapped[date] = mapped_column()
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    entered_by_name: Mapped[str] = mapped_column(String(limits.PERSON_MAX))  # kept as it was: accounts change
    published_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    versions: Mapped[list[BipVersion]] = relationship(back_populates="entry", order_by="BipVersion.version")
    entered_by: Mapped[User | None] = relationship()


class BipVersion(Base):
    """A line of the register of changes: the entry as it was made by this change."""

    __tablename__ = "chancery_bip_versions"
    __table_args__ = (UniqueConstraint("entry_id", "version", name="uq_chancery_bip_versions_entry_version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("chancery_bip_entries.id", ondelete="CASCADE"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(limits.TITLE_MAX))
    content: Mapped[str] = mapped_column(Text)
    produced_by: Mapped[str] = mapped_column(String(limits.PERSON_MAX))
    produced_on: Mapped[date] = mapped_column()
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    changed_by_name: Mapped[str] = mapped_column(String(limits.PERSON_MAX))
    changed_at: Mapped[datetime] = mapped_column(default=utcnow)
    reason: Mapped[str] = mapped_column(String(limits.REASON_MAX))

    entry: Mapped[BipEntry] = relationship(back_populates="versions")
