"""Reading the jobs table: what administrators see and /healthz reports."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select

from cct import db
from cct.jobs.models import Job
from cct.jobs.states import JobState


def counts() -> dict[str, int]:
    """How many jobs are in each state."""
    found = dict(db.session.execute(select(Job.state, func.count()).group_by(Job.state)).all())
    return {state.value: int(found.get(state.value, 0)) for state in JobState}


def in_state(state: JobState, limit: int) -> list[Job]:
    """The newest jobs in one state."""
    return list(db.session.scalars(select(Job).where(Job.state == state.value).order_by(Job.id.desc()).limit(limit)))


def job(job_id: int) -> Job | None:
    return db.session.get(Job, job_id)


def finished_before(cutoff: datetime) -> int:
    """Jobs done before `cutoff` (their payloads hold what they sent: addresses, texts)."""
    done = (Job.state == JobState.DONE.value) & (Job.finished_at < cutoff)
    return db.session.scalar(select(func.count()).select_from(Job).where(done)) or 0
