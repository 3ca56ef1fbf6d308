"""Changing the office's calendar: weekly hours and extra days off, each change audited. The request commits."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from cct import contacts, db
from cct.actions import audit, operation
from cct.auth.actors import Actor, actor_id
from cct.db import utcnow
from cct.errors import Conflict, Forbidden, UserError
from cct.office import queries
from cct.office.models import REASON_MAX, OfficeDayOff, OfficeWeekday
from cct.office_calendar import (
    WEEKDAYS,
    BadHours,
    check_hours,
    forget_office_calendar,
    hours_text,
    is_polish_holiday,
    is_service_day,
    office_calendar,
)


def _require_manager(actor: Actor) -> None:
    if not (actor.is_system or actor.has_permission("office.manage")):
        raise Forbidden("forbidden", _("Only administrators change the office hours."))


def _hours(text: object, field: str) -> str:
    if not isinstance(text, str):
        raise UserError("not_text", _("This field must be text."), field)
    try:
        return check_hours(text)
    except BadHours as bad:
        if bad.why == "order":
            raise UserError("closes_before_opening", _("The office must close after it opens."), field) from None
        raise UserError(
            "bad_hours", _("Write the hours as 07:30-15:30, or leave the field empty for a closed day."), field
        ) from None


@operation("office.hours_set", _l("Office hours changed"))
def set_hours(actor: Actor, typed: Mapping[str, object]) -> dict[str, list[str]]:
    """The office hours of each weekday ("07:30-15:30", or "" when closed); at least one day stays open. Deadlines
    already given keep their time; the clocks count by the new hours from now on."""
    _require_manager(actor)
    wanted = {index: _hours(typed.get(name, ""), name) for index, name in enumerate(WEEKDAYS)}
    if not any(wanted.values()):
        raise UserError("all_closed", _("The office must be open on at least one weekday."), WEEKDAYS[0])
    now = office_calendar().weekly
    changes: dict[str, list[str]] = {}
    for index, hours in wanted.items():
        old_text = hours_text(now[index])
        if hours == old_text:
            continue
        values = {"weekday": index, "hours": hours, "updated_by_id": actor_id(actor), "updated_at": utcnow()}
        # one statement, so two administrators saving at once cannot both insert the same weekday
        db.session.execute(
            db.insert(OfficeWeekday)
            .values(**values)
            .on_conflict_do_update(index_elements=["weekday"], set_={k: v for k, v in values.items() if k != "weekday"})
        )
        changes[WEEKDAYS[index]] = [old_text, hours]
    db.session.flush()
    forget_office_calendar()
    if changes:
        audit(None, actor, changes)
    return changes


@operation("office.day_off_added", _l("Office day off added"))
def add_day_off(actor: Actor, day: object, reason: object) -> OfficeDayOff:
    """A day the office is closed besides public holidays: no office hours count on it, the helpline says it is
    closed."""
    _require_manager(actor)
    if not isinstance(day, date) or not is_service_day(day):
        raise UserError("bad_day", _("Give a date as YYYY-MM-DD, e.g. 2026-12-02."), "day")
    text = contacts.clean_text(reason, "reason", REASON_MAX, required=True)
    if is_polish_holiday(day):
        raise UserError(
            "holiday", _("%(day)s is a public holiday: the office is closed anyway.", day=f"{day:%d.%m.%Y}"), "day"
        )
    added = db.session.scalar(  # one statement: the same day sent twice at once is added once
        db.insert(OfficeDayOff)
        .values(day=day, reason=text, created_by_id=actor_id(actor), created_at=utcnow())
        .on_conflict_do_nothing(index_elements=["day"])
        .returning(OfficeDayOff.id)
    )
    if added is None:
        raise Conflict("day_off_taken", _("%(day)s is already a day off.", day=f"{day:%d.%m.%Y}"), "day")
    row = queries.day_off(added)
    assert row is not None  # noqa: S101 - inserted a moment ago
    forget_office_calendar()
    audit(row, actor, {"day": [None, day], "reason": [None, text]})
    return row


@operation("office.day_off_removed", _l("Office day off removed"))
def remove_day_off(actor: Actor, row: OfficeDayOff) -> None:
    """The office is open on the day after all."""
    _require_manager(actor)
    audit(row, actor, {"day": [row.day, None], "reason": [row.reason, None]})
    db.session.delete(row)
    db.session.flush()
    forget_office_calendar()
