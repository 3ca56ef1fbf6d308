"""The HR registers' pages (/chancery/hr/), for the chancery clerk and the Director only: employees and each one's
record, exits during working hours with the monthly balance of private time, business trips and their settlement,
the per-diem rates, the yearly leave plan with the helpline's staffing, the monthly attendance list (a page and an A4
landscape PDF), and job descriptions with their versions. Every page that shows a person's HR data writes one row
to the audit log when it is opened (operations.record_view)."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from cct.auth.access import requires
from cct.forms import unit_choices
from cct.office_calendar import EARLIEST, LATEST, local_today, office_calendar, plausible
from cct.pdf import pdf_response
from cct.web import button, form_page, office_time, or_404, page_action
from chancery.hr import operations, queries, registers
from chancery.hr.forms import (
    AcknowledgeForm,
    EmployeeForm,
    ExitForm,
    JobDescriptionForm,
    LeaveForm,
    RateForm,
    ReturnForm,
    SettlementForm,
    TripForm,
    WorkOffForm,
)
from chancery.hr.models import Employee, Trip
from chancery.hr.schemas import EmployeeInput, ExitInput, SettlementInput, TripInput
from chancery.hr.states import MARK_LABELS, labels
from chancery.money import zloty

bp = Blueprint("chancery_hr", __name__, url_prefix="/chancery/hr", template_folder="templates")
PERMISSION = "chancery.hr"
MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def _context() -> dict[str, Any]:
    return {"money": zloty, "hours": _hours, **labels()}


def _hours(minutes: int) -> str:
    """Minutes as hours and minutes: 95 → "1 h 35 min"."""
    sign = "−" if minutes < 0 else ""
    whole, rest = divmod(abs(minutes), 60)
    return f"{sign}{whole} h {rest:02d} min"


def _month() -> tuple[int, int, bool]:
    """The month asked for (?month=2026-12), or this one; False when what was asked is not a month."""
    today = local_today()
    asked = request.args.get("month", "")
    found = MONTH.match(asked)
    if not asked:
        return today.year, today.month, True
    if found and 1 <= int(found.group(2)) <= 12 and EARLIEST.year <= int(found.group(1)) <= LATEST.year:
        return int(found.group(1)), int(found.group(2)), True
    flash(_("Give a month as YYYY-MM, e.g. 2026-12."), "error")
    return today.year, today.month, False


def _year() -> tuple[int, bool]:
    year = request.args.get("year", type=int)
    if "year" not in request.args:
        return local_today().year, True
    if year is None or not EARLIEST.year <= year <= LATEST.year:
        flash(_("Give a year between %(first)d and %(last)d.", first=EARLIEST.year, last=LATEST.year), "error")
        return local_today().year, False
    return year, True


def _shifted(year: int, month: int, by: int) -> str:
    index = year * 12 + month - 1 + by
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def _people() -> list[SelectChoice]:
    return [SelectChoice("", _("— choose —"))] + [
        SelectChoice(person.id, person.full_name) for person in queries.employed_now()
    ]


def _with_people(form: Any) -> Any:
    form.employee.choices = _people()
    return form


def audit_object_types() -> dict[str, str]:
    return {
        "Employee": _("Employee (HR)"),
        "Exit": _("Exit during working hours"),
        "WorkOff": _("Time worked off"),
        "Trip": _("Business trip"),
        "PerDiemRate": _("Per-diem rate"),
        "LeavePeriod": _("Planned leave"),
        "JobDescription": _("Job description"),
    }


# -- employees -----------------------------------------------------------------------------------------------------


@bp.get("/")
@requires(PERMISSION)
def index() -> Any:
    operations.record_view(current_user, register="employees")
    year = local_today().year
    return render_template(
        "chancery_hr/index.html",
        employees=queries.employees(),
        planned=queries.planned_days(year),
        year=year,
        **_context(),
    )


def _employee_form(person: Employee | None = None) -> EmployeeForm:
    form = EmployeeForm(obj=None)
    form.unit.choices = [SelectChoice("", _("— none —")), *unit_choices()]
    if request.method == "GET" and person is not None:
        form.full_name.data, form.position.data = person.full_name, person.position
        form.unit.data = person.unit.code if person.unit else ""
        form.login.data = person.user.login if person.user else ""
        form.on_helpline.data, form.leave_days.data = person.on_helpline, person.leave_days
        form.joined_on.data, form.left_on.data = person.joined_on, person.left_on
    return form


def _employee_input(form: EmployeeForm) -> EmployeeInput:
    return EmployeeInput(
        full_name=form.full_name.data,
        position=form.position.data,
        unit=form.unit.data or None,
        login=form.login.data or None,
        on_helpline=form.on_helpline.data,
        leave_days=form.leave_days.data,
        joined_on=form.joined_on.data,
        left_on=form.left_on.data,
    )


@bp.route("/employees/new", methods=["GET", "POST"])
@requires(PERMISSION)
def new_employee() -> Any:
    form = _employee_form()
    made: list[Employee] = []

    def add() -> str:
        made.append(operations.add_employee(current_user, _employee_input(form)))
        return _("%(name)s added to the register.", name=made[0].full_name)

    return form_page(
        form, add, lambda: url_for(".employee", employee_id=made[0].id), "chancery_hr/employee_new.html", **_context()
    )


def _show_employee(person: Employee, **forms: Any) -> str:
    year = local_today().year
    first, last = date(year, 1, 1), date(year, 12, 31)
    job_form = forms.get("job_form") or JobDescriptionForm(formdata=None, prefix="job", position=person.position)
    jobs = queries.job_descriptions(person.id)
    return render_template(
        "chancery_hr/employee.html",
        person=person,
        today=local_today(),
        year=year,
        form=forms.get("form") or _employee_form(person),
        exits=queries.exits_in(first, last, person.id),
        work_off=queries.work_off_in(first, last, person.id),
        minutes_of=queries.minutes_of,
        trips=queries.trips(year, person.id),
        leave=queries.leave_in(first, last, person.id),
        leave_days=queries.leave_days,
        planned=queries.planned_days(year).get(person.id, 0),
        jobs=jobs,
        job_form=job_form,
        ack_forms={
            job.id: forms.get(f"ack_{job.id}") or AcknowledgeForm(formdata=None, prefix=f"ack{job.id}")
            for job in jobs
            if job.acknowledged_on is None
        },
        views=queries.views_of(person),
        **_context(),
    )


@bp.get("/employees/<int:employee_id>")
@requires(PERMISSION)
def employee(employee_id: int) -> Any:
    person = or_404(queries.employee(employee_id))
    operations.record_view(current_user, person, register="employee")
    return _show_employee(person)


def _employee_action(person: Employee, name: str, form: Any, action: Any) -> Any:
    back = url_for(".employee", employee_id=person.id)
    return page_action(lambda **forms: _show_employee(person, **forms), name, form, action, back)


@bp.post("/employees/<int:employee_id>")
@requires(PERMISSION)
def change_employee(employee_id: int) -> Any:
    person = or_404(queries.employee(employee_id))
    form = _employee_form(person)

    def change() -> str:
        operations.change_employee(current_user, person, _employee_input(form))
        return _("Saved.")

    return _employee_action(person, "form", form, change)


@bp.post("/employees/<int:employee_id>/jobs")
@requires(PERMISSION)
def add_job_description(employee_id: int) -> Any:
    person = or_404(queries.employee(employee_id))
    form = JobDescriptionForm(prefix="job")

    def add() -> str:
        version = operations.add_job_description(
            current_user, person.id, form.position.data, form.content.data, form.effective_from.data
        )
        return _("Version %(version)d of the job description added.", version=version.version)

    return _employee_action(person, "job_form", form, add)


@bp.post("/jobs/<int:description_id>/acknowledge")
@requires(PERMISSION)
def acknowledge(description_id: int) -> Any:
    version = or_404(queries.job_description(description_id))
    person = or_404(queries.employee(version.employee_id))
    form = AcknowledgeForm(prefix=f"ack{version.id}")

    def acknowledge_it() -> str:
        operations.acknowledge_job_description(current_user, version, form.acknowledged_on.data)
        return _("Acknowledgement recorded.")

    return _employee_action(person, f"ack_{version.id}", form, acknowledge_it)


# -- exits and time worked off -------------------------------------------------------------------------------------


def _show_exits(year: int, month: int, **forms: Any) -> str:
    days = registers.month_days(year, month)
    balances = queries.balances(year, month)
    people = {person.id: person for person in queries.employees()}
    return render_template(
        "chancery_hr/exits.html",
        year=year,
        month=month,
        first=days[0],
        previous=_shifted(year, month, -1),
        following=_shifted(year, month, 1),
        exits=queries.exits_in(days[0], days[-1]),
        work_off=queries.work_off_in(days[0], days[-1]),
        minutes_of=queries.minutes_of,
        balances=sorted(((people[key], value) for key, value in balances.items()), key=lambda pair: pair[0].full_name),
        exit_form=forms.get("exit_form") or _with_people(ExitForm(formdata=None, prefix="exit", day=local_today())),
        work_off_form=forms.get("work_off_form")
        or _with_people(WorkOffForm(formdata=None, prefix="off", day=local_today())),
        return_form=ReturnForm(formdata=None, prefix="back"),
        **_context(),
    )


@bp.get("/exits")
@requires(PERMISSION)
def exits() -> Any:
    year, month, good = _month()
    operations.record_view(current_user, register="exits", period=f"{year}-{month:02d}")
    return _show_exits(year, month), 200 if good else 400


def _exits_action(day: date | None, name: str, form: Any, action: Any) -> Any:
    shown = day if isinstance(day, date) and plausible(day) else local_today()
    back = url_for(".exits", month=f"{shown.year}-{shown.month:02d}")
    return page_action(lambda **forms: _show_exits(shown.year, shown.month, **forms), name, form, action, back)


@bp.post("/exits")
@requires(PERMISSION)
def record_exit() -> Any:
    form = _with_people(ExitForm(prefix="exit"))

    def record() -> str:
        operations.record_exit(
            current_user,
            ExitInput(
                employee_id=form.employee.data,
                day=form.day.data,
                out_at=form.out_at.data,
                back_at=form.back_at.data,
                kind=form.kind.data,
                purpose=form.purpose.data,
            ),
        )
        return _("Exit recorded.")

    return _exits_action(form.day.data, "exit_form", form, record)


@bp.post("/exits/<int:exit_id>/return")
@requires(PERMISSION)
def record_return(exit_id: int) -> Any:
    found = or_404(queries.exit_record(exit_id))
    form = ReturnForm(prefix="back")

    def record() -> str:
        operations.record_return(current_user, found, form.back_at.data)
        return _("Return recorded.")

    return button(record, url_for(".exits", month=f"{found.day.year}-{found.day.month:02d}"))


@bp.post("/work-off")
@requires(PERMISSION)
def record_work_off() -> Any:
    form = _with_people(WorkOffForm(prefix="off"))

    def record() -> str:
        operations.record_work_off(current_user, form.employee.data, form.day.data, form.minutes.data, form.note.data)
        return _("Time worked off recorded.")

    return _exits_action(form.day.data, "work_off_form", form, record)


# -- business trips and the per-diem rates -------------------------------------------------------------------------


def _show_trips(year: int, **forms: Any) -> str:
    return render_template(
        "chancery_hr/trips.html",
        year=year,
        trips=queries.trips(year),
        form=forms.get("form") or _with_people(TripForm(formdata=None)),
        **_context(),
    )


@bp.get("/trips")
@requires(PERMISSION)
def trips() -> Any:
    year, good = _year()
    operations.record_view(current_user, register="trips", period=str(year))
    return _show_trips(year), 200 if good else 400


@bp.post("/trips")
@requires(PERMISSION)
def order_trip() -> Any:
    form = _with_people(TripForm())
    made: list[Trip] = []

    def order() -> str:
        made.append(
            operations.order_trip(
                current_user,
                TripInput(
                    employee_id=form.employee.data,
                    purpose=form.purpose.data,
                    destination=form.destination.data,
                    starts_at=office_time(form.starts_at.data),  # type: ignore[arg-type]
                    ends_at=office_time(form.ends_at.data),  # type: ignore[arg-type]
                    transport=form.transport.data,
                    advance=form.advance.data,
                ),
            )
        )
        return _("Travel order %(number)s issued.", number=made[0].number)

    answer = page_action(
        lambda **forms: _show_trips(local_today().year, **forms), "form", form, order, url_for(".trips")
    )
    return redirect(url_for(".trip", trip_id=made[0].id), 303) if made else answer


def _show_trip(item: Trip, **forms: Any) -> str:
    form = forms.get("form")
    if form is None:
        form = SettlementForm(formdata=None)
        zone = office_calendar().timezone
        form.starts_at.data = item.starts_at.astimezone(zone).replace(tzinfo=None)
        form.ends_at.data = item.ends_at.astimezone(zone).replace(tzinfo=None)
    return render_template(
        "chancery_hr/trip.html", trip=item, form=form, rate=queries.rate_in_force(item), **_context()
    )


@bp.get("/trips/<int:trip_id>")
@requires(PERMISSION)
def trip(trip_id: int) -> Any:
    item = or_404(queries.trip(trip_id))
    operations.record_view(current_user, item.employee, register="trip", period=item.number)
    return _show_trip(item)


@bp.post("/trips/<int:trip_id>/settle")
@requires(PERMISSION)
def settle_trip(trip_id: int) -> Any:
    item = or_404(queries.trip(trip_id))
    form = SettlementForm()

    def settle() -> str:
        operations.settle_trip(
            current_user,
            item,
            SettlementInput(
                starts_at=office_time(form.starts_at.data),  # type: ignore[arg-type]
                ends_at=office_time(form.ends_at.data),  # type: ignore[arg-type]
                transport_cost=form.transport_cost.data,
                accommodation_cost=form.accommodation_cost.data,
                other_cost=form.other_cost.data,
                breakfasts=form.breakfasts.data or 0,
                lunches=form.lunches.data or 0,
                dinners=form.dinners.data or 0,
            ),
        )
        return _("Trip %(number)s settled: %(total)s zł.", number=item.number, total=zloty(item.total))

    back = url_for(".trip", trip_id=item.id)
    return page_action(lambda **forms: _show_trip(item, **forms), "form", form, settle, back)


@bp.post("/trips/<int:trip_id>/cancel")
@requires(PERMISSION)
def cancel_trip(trip_id: int) -> Any:
    item = or_404(queries.trip(trip_id))

    def cancel() -> str:
        operations.cancel_trip(current_user, item)
        return _("Trip %(number)s cancelled.", number=item.number)

    return button(cancel, url_for(".trip", trip_id=item.id))


def _show_rates(**forms: Any) -> str:
    return render_template(
        "chancery_hr/rates.html",
        rates=queries.rate_table(),
        added={rate.valid_from for rate in queries.rates()},
        form=forms.get("form") or RateForm(formdata=None),
        **_context(),
    )


@bp.get("/rates")
@requires(PERMISSION)
def rates() -> Any:
    return _show_rates()


@bp.post("/rates")
@requires(PERMISSION)
def set_rate() -> Any:
    form = RateForm()

    def set_it() -> str:
        operations.set_rate(current_user, form.valid_from.data, form.amount.data)
        return _("Rate saved.")

    return page_action(_show_rates, "form", form, set_it, url_for(".rates"))


# -- the leave plan and the attendance list ------------------------------------------------------------------------


def _show_leave(year: int, month: int, **forms: Any) -> str:
    minimum = current_app.config["CCT"].hr.helpline_minimum
    planned = queries.planned_days(year)
    return render_template(
        "chancery_hr/leave.html",
        year=year,
        month=month,
        first=date(year, month, 1),
        previous=_shifted(year, month, -1),
        following=_shifted(year, month, 1),
        employees=queries.employed_now(),
        planned=planned,
        periods=queries.leave_in(date(year, 1, 1), date(year, 12, 31)),
        leave_days=queries.leave_days,
        staffing=queries.staffing(year, month, minimum),
        minimum=minimum,
        form=forms.get("form") or _with_people(LeaveForm(formdata=None)),
        **_context(),
    )


@bp.get("/leave")
@requires(PERMISSION)
def leave() -> Any:
    year, month, good = _month()
    operations.record_view(current_user, register="leave", period=f"{year}-{month:02d}")
    return _show_leave(year, month), 200 if good else 400


@bp.post("/leave")
@requires(PERMISSION)
def plan_leave() -> Any:
    form = _with_people(LeaveForm())
    typed_day = form.starts_on.data
    shown = typed_day if isinstance(typed_day, date) and plausible(typed_day) else local_today()

    def plan() -> str:
        period = operations.plan_leave(
            current_user, form.employee.data, form.starts_on.data, form.ends_on.data, form.note.data
        )
        days = queries.leave_days(period)
        return ngettext("Leave planned: %(num)d working day.", "Leave planned: %(num)d working days.", days)

    back = url_for(".leave", month=f"{shown.year}-{shown.month:02d}")
    return page_action(lambda **forms: _show_leave(shown.year, shown.month, **forms), "form", form, plan, back)


@bp.post("/leave/<int:period_id>/remove")
@requires(PERMISSION)
def remove_leave(period_id: int) -> Any:
    period = or_404(queries.leave_period(period_id))
    back = url_for(".leave", month=f"{period.starts_on.year}-{period.starts_on.month:02d}")

    def remove() -> str:
        operations.remove_leave(current_user, period)
        return _("Planned leave removed.")

    return button(remove, back)


def _attendance(year: int, month: int) -> dict[str, Any]:
    days, rows = queries.attendance(year, month)
    return {"days": days, "rows": rows, "first": days[0], "marks": MARK_LABELS, "working": queries.is_working}


@bp.get("/attendance")
@requires(PERMISSION)
def attendance() -> Any:
    year, month, good = _month()
    operations.record_view(current_user, register="attendance", period=f"{year}-{month:02d}")
    page = render_template(
        "chancery_hr/attendance.html",
        month_text=f"{year}-{month:02d}",
        previous=_shifted(year, month, -1),
        following=_shifted(year, month, 1),
        **_attendance(year, month),
        **_context(),
    )
    return page, 200 if good else 400


@bp.get("/attendance.pdf")
@requires(PERMISSION)
def attendance_pdf() -> Any:
    year, month, good = _month()
    if not good:
        return attendance()
    operations.record_view(current_user, register="attendance", period=f"{year}-{month:02d}")
    return pdf_response(
        "chancery_hr/attendance.pdf.html",
        f"lista-obecnosci-{year}-{month:02d}.pdf",
        polish=True,
        **_attendance(year, month),
    )
