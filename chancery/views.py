"""The chancery desk's pages (/chancery/): the clerk's day, the incoming register with scans and receipt stamps,
letters routed to the helpline, the press team or the competent body, the cases with their records (metryka) and
the case lists (spis spraw) as PDF, and the office's JRWA."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from typing import Any

from flask import Blueprint, Response, abort, redirect, render_template, request, send_file, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from cct.auth.access import requires
from cct.db import utcnow
from cct.errors import Unprocessable
from cct.forms import unit_choices
from cct.office_calendar import EARLIEST, LATEST, local_today, office_calendar, plausible
from cct.pdf import pdf_response
from cct.spreadsheets import safe_cell
from cct.web import button, form_page, office_time, or_404, page_action, time_left, uploaded
from chancery import clocks, operations, policy, queries
from chancery import schemas as limits
from chancery.forms import (
    ActionNoteForm,
    AddLetterForm,
    CaseForm,
    CloseForm,
    DocumentForm,
    ExtendForm,
    ForwardForm,
    HelplineForm,
    JrwaImportForm,
    LetterForm,
    OutgoingForm,
    ReopenForm,
)
from chancery.models import Case, Letter
from chancery.money import zloty as money
from chancery.schemas import LetterInput, OutgoingInput
from chancery.states import SEND_METHOD_LABELS, CaseState, LetterKind, SendMethod, labels
from tickets import queries as tickets

bp = Blueprint("chancery", __name__, url_prefix="/chancery", template_folder="templates")


def _context() -> dict[str, Any]:
    return {"remaining": time_left, "now": utcnow(), "money": money, **labels()}


def _forwarding_due(letter: Letter) -> datetime | None:
    return clocks.forwarding_due(letter.kind, letter.received_at, office_calendar().timezone)


# -- the desk and the slots ----------------------------------------------------------------------------------------


@bp.get("/")
@requires("chancery.work")
def desk() -> Any:
    now = utcnow()
    return render_template(
        "chancery/desk.html",
        letters_due=queries.letters_due(now, limits.DUE_SOON_DAYS),
        cases_due=queries.cases_due(now, limits.DUE_SOON_DAYS),
        waiting=queries.letters_waiting(),
        due_soon_days=limits.DUE_SOON_DAYS,
        **_context(),
    )


def home_section() -> str:
    """The slot "home.sections": what the clerk must do today, on the clerk's home page."""
    if not current_user.has_permission("chancery.work"):
        return ""
    now = utcnow()
    return render_template(
        "chancery/_today.html",
        letters_due=queries.letters_due(now, limits.DUE_SOON_DAYS),
        cases_due=queries.cases_due(now, limits.DUE_SOON_DAYS),
        waiting=queries.letters_waiting_count(),
        **_context(),
    )


def audit_object_types() -> dict[str, str]:
    return {"Letter": _("Incoming letter"), "Case": _("Case"), "ChanceryFile": _("Chancery file")}


# -- the incoming register -----------------------------------------------------------------------------------------


@bp.get("/letters")
@requires("chancery.work")
def letters() -> Any:
    words = request.args.get("q", "")[:200]
    kind = request.args.get("kind", "")
    kind = kind if kind in {k.value for k in LetterKind} else None
    year = request.args.get("year", type=int)
    found = queries.letters(words, kind=kind, year=year if year and EARLIEST.year <= year <= LATEST.year else None)
    return render_template("chancery/letters.html", letters=found, words=words, kind=kind or "", **_context())


def _letter_form() -> LetterForm:
    form = LetterForm()
    form.unit.choices = unit_choices()
    if request.method == "GET":
        form.unit.data = operations.DEFAULT_UNIT
        form.received_at.data = datetime.now(office_calendar().timezone).replace(second=0, microsecond=0, tzinfo=None)
    return form


@bp.route("/letters/new", methods=["GET", "POST"])
@requires("chancery.work")
def new_letter() -> Any:
    form = _letter_form()
    made: list[Letter] = []

    def register() -> str:
        data = LetterInput(
            sender=form.sender.data,
            subject=form.subject.data,
            kind=form.kind.data,
            delivery=form.delivery.data,
            received_at=office_time(form.received_at.data),  # type: ignore[arg-type]
            sender_kind=form.sender_kind.data,
            sender_address=form.sender_address.data,
            sender_email=form.sender_email.data,
            sender_reference=form.sender_reference.data,
            letter_date=form.letter_date.data,
            attachments=form.attachments.data or 0,
            access=form.access.data,
            unit=form.unit.data,
            assignee=form.assignee.data or None,
            via_representative=form.via_representative.data,
        )
        made.append(operations.register_letter(current_user, data, uploaded(form.scan.name)))
        return _("Letter registered as %(number)s.", number=made[0].number)

    return form_page(
        form,
        register,
        lambda: url_for(".letter", letter_id=made[0].id),
        "chancery/letter_new.html",
        **_context(),
    )


def _category_choices() -> list[SelectChoice]:
    return [SelectChoice("", _("— choose —"))] + [
        SelectChoice(choice.code, choice.path) for choice in tickets.category_choices()
    ]


def _class_choices() -> list[SelectChoice]:
    return [SelectChoice("", _("— choose —"))] + [
        SelectChoice(item.symbol, f"{item.symbol} — {item.title} ({item.category})") for item in queries.case_classes()
    ]


def _show_letter(letter: Letter, **forms: Any) -> str:
    readable = policy.can_read_content(current_user, letter)
    case_form = forms.get("case_form") or CaseForm(formdata=None, title=letter.subject[: limits.TITLE_MAX])
    case_form.jrwa.choices = _class_choices()
    helpline_form = forms.get("helpline_form") or HelplineForm(formdata=None)
    helpline_form.category.choices = _category_choices()
    forward_form = forms.get("forward_form") or ForwardForm(formdata=None)
    forward_form.unit.choices = [SelectChoice("", _("— another body —")), *unit_choices()]
    extend_form = forms.get("extend_form") or ExtendForm(formdata=None)
    return render_template(
        "chancery/letter.html",
        letter=letter,
        readable=readable,
        scans=queries.scans(letter.id) if readable else [],
        events=queries.letter_events(letter.id),
        answer_due=letter.due_at,
        forwarding_due=_forwarding_due(letter),
        extension_limit=clocks.extension_limit(letter.kind, letter.received_at, office_calendar().timezone),
        case_form=case_form,
        helpline_form=helpline_form,
        forward_form=forward_form,
        extend_form=extend_form,
        **_context(),
    )


@bp.get("/letters/<int:letter_id>")
@requires("chancery.work")
def letter(letter_id: int) -> Any:
    return _show_letter(or_404(queries.letter(letter_id)))


def _readable_letter(letter_id: int) -> Letter:
    found = or_404(queries.letter(letter_id))
    if not policy.can_read_content(current_user, found):
        abort(403)
    return found


@bp.post("/letters/<int:letter_id>/scan")
@requires("chancery.work")
def add_scan(letter_id: int) -> Any:
    found = _readable_letter(letter_id)
    sent = uploaded("file")

    def add() -> str:
        if sent is None:
            raise Unprocessable("no_file", _("Choose the scan to add."), "file")
        operations.add_scan(current_user, found, sent)
        return _("Scan added.")

    return button(add, url_for(".letter", letter_id=found.id))


def _letter_action(found: Letter, name: str, form: Any, action: Any) -> Any:
    back = url_for(".letter", letter_id=found.id)
    return page_action(lambda **forms: _show_letter(found, **forms), name, form, action, back)


@bp.get("/files/<int:file_id>")
@requires("chancery.work")
def download(file_id: int) -> Any:
    kept = or_404(queries.file(file_id))
    if kept.letter_id is not None:
        _readable_letter(kept.letter_id)
    return send_file(io.BytesIO(kept.data), mimetype=kept.content_type, as_attachment=True, download_name=kept.filename)


@bp.get("/letters/<int:letter_id>/stamp.pdf")
@requires("chancery.work")
def stamp(letter_id: int) -> Any:
    """The receipt stamp (pieczęć wpływu) as a label to print and stick on the paper letter."""
    found = or_404(queries.letter(letter_id))
    return pdf_response("chancery/stamp.html", f"wplyw-{found.seq}-{found.year}.pdf", polish=True, letter=found)


@bp.post("/letters/<int:letter_id>/case")
@requires("chancery.work")
def open_case_from_letter(letter_id: int) -> Any:
    found = or_404(queries.letter(letter_id))
    form = CaseForm()
    form.jrwa.choices = _class_choices()
    opened: list[Case] = []

    def open_it() -> str:
        opened.append(operations.open_case(current_user, form.jrwa.data, form.title.data, letter=found))
        return _("Case %(mark)s opened.", mark=opened[0].case_mark)

    answer = page_action(
        lambda **forms: _show_letter(found, **forms), "case_form", form, open_it, url_for(".letter", letter_id=found.id)
    )
    return redirect(url_for(".case", case_id=opened[0].id), 303) if opened else answer


@bp.post("/letters/<int:letter_id>/helpline")
@requires("chancery.work")
def to_helpline(letter_id: int) -> Any:
    found = or_404(queries.letter(letter_id))
    form = HelplineForm()
    form.category.choices = _category_choices()

    def route() -> str:
        ticket = operations.route_to_helpline(current_user, found, form.category.data, form.description.data or "")
        return _("Passed to the helpline as ticket %(number)s.", number=ticket.number)

    return _letter_action(found, "helpline_form", form, route)


@bp.post("/letters/<int:letter_id>/press")
@requires("chancery.work")
def to_press(letter_id: int) -> Any:
    found = or_404(queries.letter(letter_id))

    def route() -> str:
        number = operations.route_to_press(current_user, found)
        return _("Passed to the press team as media enquiry %(number)s.", number=number)

    return button(route, url_for(".letter", letter_id=found.id))


@bp.post("/letters/<int:letter_id>/extend")
@requires("chancery.work")
def extend(letter_id: int) -> Any:
    found = or_404(queries.letter(letter_id))
    form = ExtendForm()

    def record() -> str:
        operations.extend_public_info(current_user, found, form.reason.data)
        return _("Deadline extended; the notice of the delay is recorded in the letter's history.")

    return _letter_action(found, "extend_form", form, record)


@bp.post("/letters/<int:letter_id>/forward")
@requires("chancery.work")
def forward(letter_id: int) -> Any:
    found = or_404(queries.letter(letter_id))
    form = ForwardForm()
    form.unit.choices = [SelectChoice("", ""), *unit_choices()]

    def route() -> str:
        operations.forward(current_user, found, form.body.data or "", form.address.data or "", form.unit.data or None)
        return _(
            "Forwarded to %(body)s; print the covering letter and the notice to the sender.", body=found.routed_ref
        )

    return _letter_action(found, "forward_form", form, route)


def _forwarded(letter: Letter) -> Any:
    event = next((e for e in queries.letter_events(letter.id) if e.kind == "forwarded"), None)
    if event is None:
        abort(404)
    return event


@bp.get("/letters/<int:letter_id>/forwarding.pdf")
@requires("chancery.work")
def forwarding_letter(letter_id: int) -> Any:
    """The covering letter that goes with a forwarded letter to the competent body (KPA art. 65 § 1, art. 231)."""
    found = _readable_letter(letter_id)
    event = _forwarded(found)
    return pdf_response(
        "chancery/forwarding_letter.html",
        f"przekazanie-{found.seq}-{found.year}.pdf",
        polish=True,
        letter=found,
        event=event,
        case=found.cases[-1] if found.cases else None,
        day=event.at.astimezone(office_calendar().timezone).date(),
    )


@bp.get("/letters/<int:letter_id>/notice.pdf")
@requires("chancery.work")
def notice_letter(letter_id: int) -> Any:
    """The notice to the sender that the letter was forwarded (KPA art. 65 § 1)."""
    found = _readable_letter(letter_id)
    event = _forwarded(found)
    return pdf_response(
        "chancery/notice_letter.html",
        f"zawiadomienie-{found.seq}-{found.year}.pdf",
        polish=True,
        letter=found,
        event=event,
        case=found.cases[-1] if found.cases else None,
        day=event.at.astimezone(office_calendar().timezone).date(),
    )


# -- cases ---------------------------------------------------------------------------------------------------------


@bp.get("/cases")
@requires("chancery.work")
def cases() -> Any:
    state = request.args.get("state", "open")
    state = state if state in {s.value for s in CaseState} else None
    return render_template(
        "chancery/cases.html",
        cases=queries.cases(state=state),
        state=state or "",
        lists=queries.case_list_choices(),
        **_context(),
    )


@bp.route("/cases/new", methods=["GET", "POST"])
@requires("chancery.work")
def new_case() -> Any:
    form = CaseForm()
    form.jrwa.choices = _class_choices()
    opened: list[Case] = []

    def open_it() -> str:
        letter = queries.require_letter(form.letter.data) if form.letter.data else None
        opened.append(operations.open_case(current_user, form.jrwa.data, form.title.data, letter=letter))
        return _("Case %(mark)s opened.", mark=opened[0].case_mark)

    return form_page(
        form, open_it, lambda: url_for(".case", case_id=opened[0].id), "chancery/case_new.html", **_context()
    )


def _show_case(found: Case, **forms: Any) -> str:
    return render_template(
        "chancery/case.html",
        case=found,
        record=queries.case_record(found.id),
        letter_form=forms.get("letter_form") or AddLetterForm(formdata=None),
        document_form=forms.get("document_form") or DocumentForm(formdata=None),
        action_form=forms.get("action_form") or ActionNoteForm(formdata=None),
        close_form=forms.get("close_form") or CloseForm(formdata=None),
        reopen_form=forms.get("reopen_form") or ReopenForm(formdata=None),
        **_context(),
    )


@bp.get("/cases/<int:case_id>")
@requires("chancery.work")
def case(case_id: int) -> Any:
    return _show_case(or_404(queries.case(case_id)))


def _case_action(case_id: int, name: str, form: Any, action: Any) -> Any:
    found = or_404(queries.case(case_id))
    return page_action(
        lambda **forms: _show_case(found, **forms),
        name,
        form,
        lambda: action(found),
        url_for(".case", case_id=found.id),
    )


@bp.post("/cases/<int:case_id>/letter")
@requires("chancery.work")
def case_add_letter(case_id: int) -> Any:
    form = AddLetterForm()

    def add(found: Case) -> str:
        letter = queries.require_letter(form.letter.data)
        operations.add_letter(current_user, found, letter)
        return _("Letter %(number)s added to the case.", number=letter.number)

    return _case_action(case_id, "letter_form", form, add)


@bp.post("/cases/<int:case_id>/document")
@requires("chancery.work")
def case_add_document(case_id: int) -> Any:
    form = DocumentForm()

    def add(found: Case) -> str:
        operations.add_document(
            current_user, found, form.direction.data, form.title.data, form.dated.data, uploaded(form.file.name)
        )
        return _("Document added to the case.")

    return _case_action(case_id, "document_form", form, add)


@bp.post("/cases/<int:case_id>/action")
@requires("chancery.work")
def case_action(case_id: int) -> Any:
    form = ActionNoteForm()

    def add(found: Case) -> str:
        operations.record_action(current_user, found, form.action.data)
        return _("Action recorded.")

    return _case_action(case_id, "action_form", form, add)


@bp.post("/cases/<int:case_id>/close")
@requires("chancery.work")
def case_close(case_id: int) -> Any:
    form = CloseForm()

    def close(found: Case) -> str:
        operations.close_case(current_user, found, form.note.data or "")
        return _("Case closed.")

    return _case_action(case_id, "close_form", form, close)


@bp.post("/cases/<int:case_id>/reopen")
@requires("chancery.work")
def case_reopen(case_id: int) -> Any:
    form = ReopenForm()

    def reopen(found: Case) -> str:
        operations.reopen_case(current_user, found, form.reason.data)
        return _("Case reopened.")

    return _case_action(case_id, "reopen_form", form, reopen)


@bp.get("/cases/<int:case_id>/record.pdf")
@requires("chancery.work")
def case_record_pdf(case_id: int) -> Any:
    """The case's record (metryka sprawy, KPA art. 66a) to print and keep in the file."""
    found = or_404(queries.case(case_id))
    name = f"metryka-{found.case_mark}.pdf"
    record = queries.case_record(found.id)
    return pdf_response("chancery/case_record.pdf.html", name, polish=True, case=found, record=record, **_context())


def _case_list_args() -> tuple[str, str, int]:
    """The unit, class and year a case list is asked for; a unit code that is not one (a newline, a quote) is 404."""
    unit = request.args.get("unit", operations.DEFAULT_UNIT).strip().upper()
    symbol = request.args.get("jrwa", "").strip()
    year = request.args.get("year", type=int) or local_today().year
    if not (
        EARLIEST.year <= year <= LATEST.year
        and queries.UNIT_SYMBOL.fullmatch(unit)
        and (not symbol or symbol.isdigit())
    ):
        abort(404)
    return unit, symbol, year


@bp.get("/case-list")
@requires("chancery.work")
def case_list() -> Any:
    """The case list (spis spraw) of a unit, JRWA class and year."""
    unit, symbol, year = _case_list_args()
    return render_template(
        "chancery/case_list.html",
        unit=unit,
        jrwa=queries.jrwa_class(symbol),
        symbol=symbol,
        year=year,
        cases=queries.case_list(unit, symbol, year),
        lists=queries.case_list_choices(),
        **_context(),
    )


@bp.get("/case-list.pdf")
@requires("chancery.work")
def case_list_pdf() -> Any:
    """The case list as the office instructions print it: A4 landscape."""
    unit, symbol, year = _case_list_args()
    jrwa = or_404(queries.jrwa_class(symbol))
    return pdf_response(
        "chancery/case_list.pdf.html",
        f"spis-spraw-{unit}.{symbol}.{year}.pdf",
        polish=True,
        unit=unit,
        jrwa=jrwa,
        year=year,
        cases=queries.case_list(unit, symbol, year),
        **_context(),
    )


# -- the outgoing register -----------------------------------------------------------------------------------------


def _show_outgoing(form: OutgoingForm | None = None) -> str:
    return render_template(
        "chancery/outgoing.html", entries=queries.outgoing(), form=form or OutgoingForm(formdata=None), **_context()
    )


@bp.get("/outgoing")
@requires("chancery.work")
def outgoing() -> Any:
    return _show_outgoing()


@bp.post("/outgoing")
@requires("chancery.work")
def record_outgoing() -> Any:
    form = OutgoingForm()

    def record() -> str:
        data = OutgoingInput(
            recipient=form.recipient.data,
            method=form.method.data,
            sent_on=form.sent_on.data,
            subject=form.subject.data,
            address=form.address.data,
            case=form.case.data or None,
            postage=form.postage.data,
            tracking=form.tracking.data,
        )
        entry = operations.record_outgoing(current_user, data)
        return _("Entered in the outgoing register as %(number)s.", number=entry.number)

    return page_action(lambda **forms: _show_outgoing(forms["form"]), "form", form, record, url_for(".outgoing"))


def _book_day() -> date:
    try:
        day = date.fromisoformat(request.args.get("day", "")[:10])
    except ValueError:
        return local_today()
    if not plausible(day):
        abort(404)
    return day


def _book(day: date) -> dict[str, Any]:
    entries = queries.sending_book(day)
    total = sum(entry.postage or 0 for entry in entries)
    return {"day": day, "entries": entries, "total": total, **_context()}


@bp.get("/outgoing/book")
@requires("chancery.work")
def sending_book() -> Any:
    """The postal sending book (pocztowa książka nadawcza) of a day."""
    return render_template("chancery/sending_book.html", **_book(_book_day()))


@bp.get("/outgoing/book.pdf")
@requires("chancery.work")
def sending_book_pdf() -> Any:
    day = _book_day()
    return pdf_response(
        "chancery/sending_book.pdf.html", f"ksiazka-nadawcza-{day.isoformat()}.pdf", polish=True, **_book(day)
    )


@bp.get("/outgoing/book.csv")
@requires("chancery.work")
def sending_book_csv() -> Any:
    day = _book_day()
    output = io.StringIO()
    writer = csv.writer(output, delimiter=";")  # Polish spreadsheets read semicolons
    with force_locale("pl"):
        writer.writerow(
            [
                _("No."),
                _("Recipient"),
                _("Address"),
                _("Sent by"),
                _("Postal number"),
                _("Postage (zł)"),
                _("Case mark"),
            ]
        )
        for place, entry in enumerate(queries.sending_book(day), 1):
            writer.writerow(
                [
                    place,
                    safe_cell(entry.recipient),
                    safe_cell(" ".join((entry.address or "").split())),
                    str(SEND_METHOD_LABELS[SendMethod(entry.method)]),
                    safe_cell(entry.tracking or ""),
                    money(entry.postage),
                    entry.case.case_mark if entry.case else "",
                ]
            )
    name = f"ksiazka-nadawcza-{day.isoformat()}.csv"
    return Response(
        output.getvalue().encode("utf-8-sig"),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


# -- JRWA ----------------------------------------------------------------------------------------------------------


def _show_jrwa(form: JrwaImportForm | None = None) -> str:
    return render_template(
        "chancery/jrwa.html", classes=queries.jrwa_classes(), form=form or JrwaImportForm(formdata=None)
    )


@bp.get("/jrwa")
@requires("chancery.work")
def jrwa() -> Any:
    return _show_jrwa()


@bp.post("/jrwa")
@requires("chancery.work")
def import_jrwa() -> Any:
    form = JrwaImportForm()
    sent = uploaded(form.file.name)

    def load() -> str:
        if sent is None:
            raise Unprocessable("no_file", _("Choose the CSV file of the JRWA."), "file")
        if len(sent.data) > limits.JRWA_FILE_MAX_KB * 1024:
            raise Unprocessable("file_too_large", _("The file is too large for a JRWA."), "file")
        added, changed = operations.import_jrwa(current_user, sent.data)
        return _("JRWA imported: %(added)d classes added, %(changed)d changed.", added=added, changed=changed)

    return page_action(lambda **forms: _show_jrwa(forms["form"]), "form", form, load, url_for(".jrwa"))
