"""The administrator's pages for personal data: the retention rules and what they would remove today, a person's data
(seen, exported as a ZIP of JSON and a readable PDF, erased on request), and the access log. A person is asked for
in a POST, so phone numbers and addresses stay out of addresses, browser histories and proxies' logs."""

from __future__ import annotations

import io
import json
import re
import zipfile
from datetime import datetime
from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, send_file, url_for
from flask_babel import force_locale, format_datetime
from flask_babel import gettext as _
from flask_login import current_user
from weasyprint import HTML

from cct.audit import queries as audit
from cct.auth.access import requires
from cct.auth.schemas import LOGIN_MAX
from cct.db import utcnow
from cct.errors import UserError
from cct.files import safe_name
from cct.forms import ActionForm
from cct.office_calendar import office_calendar
from cct.phones import display as display_phone
from cct.privacy import operations, queries
from cct.privacy.schemas import ACCESS_LABELS, REASON_MAX, SUBJECT_MAX, AccessKind, Subject, subject_from
from cct.web import DAY_TYPED_MAX, abandon, older_than, typed_period

bp = Blueprint("privacy", __name__, url_prefix="/admin/privacy", template_folder="templates")
RUNS_SHOWN = 10
ISO_MOMENT = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
FILE_NAME_MAX = 200


@bp.get("/")
@requires("privacy.manage")
def index() -> Any:
    return render_template("privacy/index.html", **_index_context(""))


def _subject_or_page() -> tuple[Subject | None, Any]:
    """The person the form names, or the start page again with the message by the field (400)."""
    if not ActionForm().validate_on_submit():
        return None, (
            render_template("privacy/index.html", **_index_context(_("The form expired; send it again."))),
            400,
        )
    try:
        return subject_from(request.form.get("subject")), None
    except UserError as error:
        return None, (
            render_template("privacy/index.html", **_index_context(error.message, request.form.get("subject"))),
            400,
        )


def _index_context(error: str, typed: str | None = "") -> dict[str, Any]:
    runs, _older = audit.page(audit.AuditFilter(action="privacy.retention_applied"))
    return {
        "rules": operations.retention(utcnow(), apply=False),
        "runs": runs[:RUNS_SHOWN],
        "erasures": queries.recent_erasures(),
        "form": ActionForm(),
        "subject_max": SUBJECT_MAX,
        "subject_error": error,
        "typed": (typed or "")[:SUBJECT_MAX],
    }


def shown(value: Any) -> str:
    """A value of a person's record as people read it: a moment in the office's time, a phone number written the
    Polish way; the export's JSON keeps them as they are (ISO 8601, E.164)."""
    if isinstance(value, str) and ISO_MOMENT.match(value):
        try:
            return format_datetime(datetime.fromisoformat(value), "dd.MM.yyyy HH:mm")
        except ValueError:  # a resident's words that only begin like a moment ("2026-13-45T99:99 …")
            return value
    if isinstance(value, str) and value.startswith("+") and value[1:].isdigit():
        return display_phone(value)
    return str(value)


def _subject_page(
    subject: Subject, status: int = 200, *, reason: str = "", reason_error: str = "", confirm_error: str = ""
) -> Any:
    return (
        render_template(
            "privacy/subject.html",
            subject=subject,
            sections=operations.held(subject),
            erasable=operations.erasure_preview(subject),
            earlier=operations.earlier_erasures(subject),
            form=ActionForm(),
            reason_max=REASON_MAX,
            reason_error=reason_error,
            confirm_error=confirm_error,
            reason=reason,
            shown=shown,
        ),
        status,
    )


@bp.post("/subject")
@requires("privacy.manage")
def subject() -> Any:
    person, refused = _subject_or_page()
    if person is None:
        return refused
    operations.looked_up(current_user, request.remote_addr, person)
    return _subject_page(person)


@bp.post("/subject/export")
@requires("privacy.manage")
def export() -> Any:
    """Everything held about the person: dane.json (machine-readable), podsumowanie.pdf (for the person to read) and
    the files they gave, in one ZIP (GDPR art. 15 and 20)."""
    person, refused = _subject_or_page()
    if person is None:
        return refused
    operations.looked_up(current_user, request.remote_addr, person, exported=True)
    made = utcnow()
    with force_locale("pl"):  # a document that leaves the office: its labels and summary in Polish
        sections = operations.held(person)
        summary = render_template("privacy/export.pdf.html", subject=person, sections=sections, made=made, shown=shown)
    document = {
        "subject": {"kind": person.kind, "value": person.value},
        "generated_at": made.isoformat(),
        "sections": {
            part.key: {"label": str(part.label), "records": part.records, "files": [name for name, _d in part.files]}
            for part in sections
        },
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("dane.json", json.dumps(document, ensure_ascii=False, indent=2, default=str))
        archive.writestr("podsumowanie.pdf", HTML(string=summary, base_url=request.url_root).write_pdf())
        for part in sections:
            for name, data in part.files:
                archive.writestr(f"pliki/{part.key}/{safe_name(name, FILE_NAME_MAX)}", data)
    buffer.seek(0)
    stamp = made.astimezone(office_calendar().timezone).strftime("%Y%m%d-%H%M")
    return send_file(buffer, mimetype="application/zip", as_attachment=True, download_name=f"dane-osobowe-{stamp}.zip")


@bp.post("/subject/erase")
@requires("privacy.manage")
def erase() -> Any:
    person, refused = _subject_or_page()
    if person is None:
        return refused
    reason = (request.form.get("reason") or "")[: REASON_MAX + 1]
    if request.form.get("confirm") != "1":
        operations.looked_up(current_user, request.remote_addr, person)  # the page shows the data again
        return _subject_page(person, 400, reason=reason, confirm_error=_("Tick the box to confirm the erasure."))
    try:
        done = operations.erase(current_user, person, reason)
    except UserError as error:
        abandon()
        operations.looked_up(current_user, request.remote_addr, person)
        return _subject_page(person, 400, reason=reason, reason_error=error.message)
    erased = sum(part["erased"] for part in done.outcome)
    kept = sum(part["kept"] for part in done.outcome)
    flash(_("Records erased: %(erased)d; kept by a legal duty: %(kept)d.", erased=erased, kept=kept), "success")
    return redirect(url_for("privacy.index"), 303)


# -- the access log ------------------------------------------------------------------------------------------------


@bp.get("/access")
@requires("privacy.manage")
def access_log() -> Any:
    """Who opened residents' data, newest first: narrowed by who, whose (a phone or an e-mail) and when."""
    period = typed_period()
    errors = dict(period.errors)
    login = request.args.get("who", "").strip().lower()[:LOGIN_MAX]
    typed = request.args.get("subject", "").strip()[:SUBJECT_MAX]
    whose = None
    if typed:
        try:
            whose = subject_from(typed).value
        except UserError as error:
            errors["subject"] = error.message
    narrowed = queries.AccessFilter(login=login or None, subject=whose, since=period.start, until=period.end)
    rows, older = queries.accesses(narrowed, older_than()) if not errors else ([], None)
    args = {
        "who": login,
        "subject": typed,
        "since": request.args.get("since", "")[:DAY_TYPED_MAX],
        "until": request.args.get("until", "")[:DAY_TYPED_MAX],
    }
    return render_template(
        "privacy/access.html",
        rows=rows,
        older=older,
        errors=errors,
        typed=args,
        args={key: value for key, value in args.items() if value},
        labels={kind.value: label for kind, label in ACCESS_LABELS.items()},
        kinds=AccessKind,
        login_max=LOGIN_MAX,
        subject_max=SUBJECT_MAX,
        shown=shown,
    ), 400 if errors else 200
