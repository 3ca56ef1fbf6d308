from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from cct.auth.access import requires
from cct.forms import ActionForm
from cct.jobs import operations, queries
from cct.jobs.states import JOB_STATE_LABELS, JobState
from cct.web import button

bp = Blueprint("jobs", __name__, url_prefix="/admin/jobs")
PAGE_SIZE = 100


@bp.route("/")
@requires("jobs.manage")
def index() -> Any:
    state = request.args.get("state", JobState.FAILED.value)
    if state not in {s.value for s in JobState}:
        state = JobState.FAILED.value
    jobs = queries.in_state(JobState(state), PAGE_SIZE)
    return render_template(
        "jobs/index.html",
        jobs=jobs,
        state=state,
        states=list(JobState),
        job_state_labels=JOB_STATE_LABELS,
        counts=queries.counts(),
        action_form=ActionForm(),
    )


@bp.route("/<int:job_id>/retry", methods=["POST"])
@requires("jobs.manage")
def retry(job_id: int) -> Any:
    job = queries.job(job_id)
    if job is None:
        abort(404)

    def run_again() -> str:
        operations.retry(current_user, job)
        return _("Job %(id)d will run again.", id=job_id)

    return button(run_again, url_for("jobs.index"))
