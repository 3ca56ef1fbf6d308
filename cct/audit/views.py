"""The audit log for administrators and supervisors."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from flask import Blueprint, render_template, request
from flask_babel import gettext as _

from cct.audit import queries
from cct.auth.access import requires
from cct.auth.schemas import LOGIN_MAX
from cct.office_calendar import is_service_day, office_calendar, start_of_day

bp = Blueprint("audit", __name__, url_prefix="/admin/audit", template_folder="templates")
DAY_TYPED_MAX = 10
FILTERS = ("what", "who", "type", "object", "since", "until")
OBJECT_TYPE = re.compile(r"[A-Za-z]{1,64}|-")  # a class name, as the log keeps it


def _day(name: str, errors: dict[str, str]) -> date | None:
    """A day the log is narrowed to (an <input type=date> sends YYYY-MM-DD); a wrong one is said beside its field."""
    typed = request.args.get(name, "").strip()
    if not typed:
        return None
    try:
        day = date.fromisoformat(typed[:DAY_TYPED_MAX])
    except ValueError:
        day = None
    if day is None or not is_service_day(day):
        errors[name] = _("Give a date as YYYY-MM-DD, e.g. 2026-12-02.")
        return None
    return day


@bp.route("")
@requires("audit.view")
def index() -> Any:
    errors: dict[str, str] = {}
    known_actions = dict(queries.actions())
    types = queries.object_types()
    action = request.args.get("what", "")
    login = request.args.get("who", "").strip().lower()[:LOGIN_MAX]
    object_type = request.args.get("type", "")
    object_id = request.args.get("object", "").strip()[: queries.OBJECT_ID_MAX]
    since, until = _day("since", errors), _day("until", errors)
    if since and until and until < since:
        errors["until"] = _("The end of the period comes before its start.")
    before = request.args.get("before", type=int)
    if before is not None and not 0 < before < 2**31:  # an id the column can hold, or the newest page
        before = None
    zone = office_calendar().timezone
    narrowed = queries.AuditFilter(
        action=action if action in known_actions else None,
        login=login or None,
        object_type=object_type if OBJECT_TYPE.fullmatch(object_type) else None,
        object_id=object_id or None,
        since=start_of_day(since, zone) if since and not errors else None,
        until=start_of_day(until + timedelta(days=1), zone) if until and not errors else None,
    )
    entries, older = queries.page(narrowed, before) if not errors else ([], None)
    refs = {(entry.object_type, entry.object_id) for entry, _login in entries if entry.object_id}
    args = {key: request.args[key] for key in FILTERS if request.args.get(key)}  # carried to the older page
    return render_template(
        "audit/index.html",
        entries=entries,
        older=older,
        actions=known_actions,
        types=types,
        objects=queries.objects(refs),
        label=queries.label,
        filters={"what": action, "who": login, "type": object_type, "object": object_id},
        typed={
            "since": request.args.get("since", "")[:DAY_TYPED_MAX],
            "until": request.args.get("until", "")[:DAY_TYPED_MAX],
        },
        narrowed=any(args.values()),
        args=args,
        errors=errors,
        login_max=LOGIN_MAX,
        object_id_max=queries.OBJECT_ID_MAX,
    )
