"""The audit log for administrators and supervisors."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template, request

from cct.audit import queries
from cct.auth.access import requires
from cct.auth.schemas import LOGIN_MAX

bp = Blueprint("audit", __name__, url_prefix="/admin/audit", template_folder="templates")


@bp.route("")
@requires("audit.view")
def index() -> Any:
    areas = queries.areas()
    area = request.args.get("area", "")
    login = request.args.get("who", "").strip().lower()[:LOGIN_MAX]
    before = request.args.get("before", type=int)
    if before is not None and not 0 < before < 2**31:  # an id the column can hold, or the newest page
        before = None
    entries, older = queries.page(area if area in areas else None, login or None, before)
    return render_template(
        "audit/index.html", entries=entries, older=older, areas=areas, area=area, who=login, login_max=LOGIN_MAX
    )
