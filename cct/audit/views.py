"""The audit log for administrators and supervisors."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template

from cct.audit import queries
from cct.auth.access import requires

bp = Blueprint("audit", __name__, url_prefix="/admin/audit", template_folder="templates")


@bp.route("")
@requires("audit.view")
def index() -> Any:
    return render_template("audit/index.html", entries=queries.latest())
