"""Enqueue and manage jobs. Enqueueing joins the caller's transaction: the job exists if and only if the
change that asked for it was committed."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from flask import Flask, current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select

from cct import db
from cct.actions import audit, operation
from cct.auth.actors import Actor
from cct.db import utcnow
from cct.errors import Conflict
from cct.jobs.models import Job
from cct.jobs.states import JobState

Handler = Callable[[dict[str, Any]], None]
HANDLERS = "cct.jobs.handlers"  # app.extensions: kind -> the function that runs its jobs
PERIODIC = "cct.jobs.periodic"  # app.extensions: kind -> seconds between runs (workers enqueue these themselves)


# a transient job's payload, once the job has ended: its handler, if ever run again (an administrator's retry),
# finds nothing to send
TRANSIENT = "transient"
FORGOTTEN: dict[str, Any] = {TRANSIENT: True, "forgotten": True}


def add_handler(app: Flask, kind: str, func: Handler, *, every_seconds: int | None = None) -> None:
    """Register the function that runs jobs of `kind` (it gets the payload, may use db.session and owns its
    transaction); with `every_seconds` it also runs on its own once a period, however many workers there are (the
    period is part of the idempotency key)."""
    handlers = app.extensions.setdefault(HANDLERS, {})
    if handlers.get(kind, func) is not func:
        raise ValueError(f"a handler for job kind {kind!r} is already registered")
    handlers[kind] = func
    if every_seconds is not None:
        app.extensions.setdefault(PERIODIC, {})[kind] = every_seconds


def handler_for(app: Flask, kind: str) -> Handler | None:
    return app.extensions.get(HANDLERS, {}).get(kind)


def enqueue_periodic(now: datetime) -> list[str]:
    """Enqueue the current period's run of every periodic job (a no-op for those already enqueued)."""
    kinds = []
    for kind, every in current_app.extensions.get(PERIODIC, {}).items():
        period = int(now.timestamp()) // every
        enqueue(kind, {"period": period}, idempotency_key=f"periodic:{kind}:{period}")
        kinds.append(kind)
    return kinds


def enqueue(
    kind: str,
    payload: dict[str, Any] | None = None,
    *,
    idempotency_key: str | None = None,
    run_after: datetime | None = None,
    max_attempts: int | None = None,
    transient: bool = False,
) -> Job:
    """Add a job to the current transaction; with a key already used, return the existing job instead. A transient
    job's payload (it carries a secret: a one-time code) is forgotten once the job has ended, done or failed."""
    session = db.session()
    values = {
        "kind": kind,
        "payload": {**(payload or {}), TRANSIENT: True} if transient else payload or {},
        "idempotency_key": idempotency_key,
        "state": JobState.PENDING.value,
        "attempts": 0,
        "max_attempts": max_attempts or current_app.config["CCT"].jobs.max_attempts,
        "run_after": run_after or utcnow(),
        "created_at": utcnow(),
    }
    if idempotency_key is None:
        job = Job(**values)
        session.add(job)
        session.flush()
        return job
    # Not (select, then insert): two requests with one key at once must still make one job.
    statement = db.insert(Job).values(**values).on_conflict_do_nothing(index_elements=["idempotency_key"])
    session.execute(statement)
    return session.scalars(select(Job).where(Job.idempotency_key == idempotency_key)).one()


@operation("job.retried", _l("Background job retried"))
def retry(actor: Actor, job: Job) -> None:
    """Put a failed job back in the queue, to run now with a fresh set of attempts."""
    if job.state != JobState.FAILED:
        raise Conflict("job_not_failed", _("Only a failed job can be retried."))
    job.state = JobState.PENDING.value
    job.attempts = 0
    job.run_after = utcnow()
    job.finished_at = None
    db.session.flush()
    audit(job, actor, {"state": [JobState.FAILED.value, JobState.PENDING.value]})


def purge_finished(cutoff: datetime, limit: int) -> int:
    """Forget at most `limit` jobs done before `cutoff`: their payloads (an e-mail's address and text) are personal
    data kept no longer than cct.privacy's rule ([privacy] finished_jobs_days). Failed jobs stay for administrators."""
    done = (Job.state == JobState.DONE.value) & (Job.finished_at < cutoff)
    ids = select(Job.id).where(done).limit(limit).scalar_subquery()
    return db.session.execute(delete(Job).where(Job.id.in_(ids))).rowcount or 0
