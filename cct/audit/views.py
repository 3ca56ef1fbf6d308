"""The audit log for administrators and supervisors."""

from __future__ import annotations

import re
from typing import Any

from flask import Blueprint, render_template, request

from cct.audit import queries
from cct.auth.access import requires
from cct.auth.schemas import LOGIN_MAX
from cct.web import DAY_TYPED_MAX, older_than, typed_period

bp = Blueprint("audit", __name__, url_prefix="/admin/audit", template_folder="templates")
FILTERS = ("what", "who", "type", "object", "since", "until")
OBJECT_TYPE = re.compile(r"[A-Za-z]{1,64}|-")  # a class name, as the log keeps it


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
    period = typed_period()
    errors.update(period.errors)
    before = older_than()
    narrowed = queries.AuditFilter(
        action=action if action in known_actions else None,
        login=login or None,
        object_type=object_type if OBJECT_TYPE.fullmatch(object_type) else None,
        object_id=object_id or None,
        since=period.start,
        until=period.end,
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
