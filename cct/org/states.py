"""The kinds of city units."""

from __future__ import annotations

from enum import StrEnum

from flask_babel import lazy_gettext as _l


class UnitKind(StrEnum):
    DEPARTMENT = "department"
    CITY_COMPANY = "city_company"
    EXTERNAL_BODY = "external_body"


UNIT_KIND_LABELS = {
    UnitKind.DEPARTMENT: _l("City Hall department"),
    UnitKind.CITY_COMPANY: _l("City company or institution"),
    UnitKind.EXTERNAL_BODY: _l("External body"),
}
