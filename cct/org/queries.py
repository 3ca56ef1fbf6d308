"""Reading the organisation. A unit is looked up by its code here and nowhere else."""

from __future__ import annotations

from collections.abc import Iterable

from flask_babel import gettext as _
from sqlalchemy import or_, select

from cct import db
from cct.errors import UserError
from cct.org.models import Unit
from cct.org.schemas import UNIT_CODE_MAX


def clean_code(code: str) -> str:
    """A unit code as typed ("zdt ") in its stored form ("ZDT")."""
    return code.strip().upper()


def unit_by_code(code: str, *, active_only: bool = True) -> Unit | None:
    """The unit with this code (any case), or None; inactive units only when asked for."""
    if not isinstance(code, str) or not code.strip() or len(code) > UNIT_CODE_MAX + 10:
        return None
    statement = select(Unit).where(Unit.code == clean_code(code))
    if active_only:
        statement = statement.where(Unit.active.is_(True))
    return db.session.scalar(statement)


def require_unit(code: str, field: str = "unit", *, active_only: bool = True, exact: bool = False) -> Unit:
    """The unit with this code, or a UserError naming the field. `exact`: only as stored and listed in the API's
    document (ZDT, never zdt), where a program sends it."""
    unit = unit_by_code(code, active_only=active_only)
    if unit is None or (exact and unit.code != code):
        shown = code if isinstance(code, str) and code.strip() else "—"
        raise UserError("unknown_unit", _("Unknown unit: %(codes)s.", codes=shown), field)
    return unit


def units_by_codes(codes: Iterable[str], field: str = "units") -> list[Unit]:
    """The units with these codes, ordered by code; a UserError names every code that has none."""
    wanted = sorted({clean_code(code) for code in codes if code.strip()})
    if not wanted:
        return []
    units = list(db.session.scalars(select(Unit).where(Unit.code.in_(wanted)).order_by(Unit.code)))
    missing = sorted(set(wanted) - {unit.code for unit in units})
    if missing:
        raise UserError("unknown_unit", _("Unknown unit: %(codes)s.", codes=", ".join(missing)), field)
    return units


def active_units() -> list[Unit]:
    return list(db.session.scalars(select(Unit).where(Unit.active.is_(True)).order_by(Unit.code)))


def all_units() -> list[Unit]:
    return list(db.session.scalars(select(Unit).order_by(Unit.code)))


def search_units(query: str, include_inactive: bool = False) -> list[Unit]:
    """Units whose code or name contains the text (the directory agents forward callers with)."""
    statement = select(Unit).order_by(Unit.code)
    if not include_inactive:
        statement = statement.where(Unit.active.is_(True))
    if query:
        like = f"%{query}%"
        statement = statement.where(or_(Unit.code.ilike(like), Unit.name.ilike(like)))
    return list(db.session.scalars(statement))
