"""The administrators' page of office hours and extra days off."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from cct.auth.access import requires
from cct.office import operations, queries
from cct.office.forms import DayOffForm, OfficeHoursForm
from cct.office_calendar import WEEKDAYS, hours_text, local_today, office_calendar
from cct.web import button, redisplay

bp = Blueprint("office", __name__, url_prefix="/admin/office-hours")


def _page(hours: OfficeHoursForm | None = None, day_off: DayOffForm | None = None) -> str:
    if hours is None:
        hours = OfficeHoursForm(formdata=None)
        for name, open_hours in zip(WEEKDAYS, office_calendar().weekly, strict=True):
            getattr(hours, name).data = hours_text(open_hours)
    return render_template(
        "office/index.html",
        hours=hours,
        day_off=day_off or DayOffForm(formdata=None),
        days_off=queries.days_off(local_today()),
        weekdays=WEEKDAYS,
    )


@bp.get("")
@requires("office.manage")
def index() -> Any:
    return _page()


@bp.post("/hours")
@requires("office.manage")
def set_hours() -> Any:
    form = OfficeHoursForm()
    if not form.validate_on_submit():
        return _page(hours=form), 400
    redisplay(lambda: _page(hours=form), form)
    changed = operations.set_hours(current_user, {name: getattr(form, name).data or "" for name in WEEKDAYS})
    flash(
        _("Office hours saved; the clocks count by them from now on.") if changed else _("Nothing changed."), "success"
    )
    return redirect(url_for("office.index"))


@bp.post("/days")
@requires("office.manage")
def add_day_off() -> Any:
    form = DayOffForm()
    if not form.validate_on_submit():
        return _page(day_off=form), 400
    redisplay(lambda: _page(day_off=form), form)
    row = operations.add_day_off(current_user, form.day.data, form.reason.data)
    flash(_("%(day)s is a day off: no office hours count on it.", day=f"{row.day:%d.%m.%Y}"), "success")
    return redirect(url_for("office.index"))


@bp.post("/days/<int:day_off_id>/remove")
@requires("office.manage")
def remove_day_off(day_off_id: int) -> Any:
    row = queries.day_off(day_off_id)
    if row is None:
        abort(404)

    def remove() -> str:
        day = row.day
        operations.remove_day_off(current_user, row)
        return _("%(day)s is a working day again.", day=f"{day:%d.%m.%Y}")

    return button(remove, url_for("office.index"))
