"""The job worker: claims one due job at a time, runs its handler, records the outcome.

Claiming is safe with any number of workers: PostgreSQL hands each pending row to one worker with
FOR UPDATE SKIP LOCKED; SQLite serialises writers, and the claim is a conditional UPDATE that only one can win.
A job's handler and the job's "done" mark commit in one transaction, so a job whose effects are in the database
is never left looking undone, and one whose lease was taken over is rolled back instead of applied twice.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import traceback
import uuid
from datetime import datetime, timedelta

from flask import Flask
from sqlalchemy import select, update

from cct import db
from cct.db import utcnow
from cct.jobs.models import Job
from cct.jobs.operations import FORGOTTEN, TRANSIENT, enqueue_periodic, handler_for
from cct.jobs.states import JobState

log = logging.getLogger("cct.jobs")
MAX_ERROR_LENGTH = 4000


def backoff_seconds(attempt: int, base: float, cap: float) -> float:
    """Delay before retry number `attempt` (1 = the first retry): base, 2·base, 4·base … never above cap."""
    return min(cap, base * 2 ** max(0, attempt - 1))


class Worker:
    def __init__(self, app: Flask, worker_id: str | None = None) -> None:
        self.app = app
        self.settings = app.config["CCT"].jobs
        self.worker_id = worker_id or f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"
        self._last_schedule: datetime | None = None

    # -- claiming ------------------------------------------------------------------------------------------------

    def _release_expired_leases(self) -> None:
        expired_before = utcnow() - timedelta(seconds=self.settings.lease_seconds)
        released = db.session.execute(
            update(Job)
            .where(Job.state == JobState.RUNNING.value, Job.started_at < expired_before)
            .values(state=JobState.PENDING.value, locked_by=None, last_error="lease expired: worker stopped")
        )
        if released.rowcount:
            log.warning("released %d job(s) whose worker stopped", released.rowcount)

    def _claim(self) -> int | None:
        """One statement picks and marks the job, so no other worker can slip in between the two."""
        session = db.session()
        now = utcnow()
        due = (
            select(Job.id)
            .where(Job.state == JobState.PENDING.value, Job.run_after <= now)
            .order_by(Job.run_after, Job.id)
            .limit(1)
        )
        if session.get_bind().dialect.name == "postgresql":
            due = due.with_for_update(skip_locked=True)
        claimed = session.execute(
            update(Job)
            .where(Job.id == due.scalar_subquery(), Job.state == JobState.PENDING.value)
            .values(state=JobState.RUNNING.value, locked_by=self.worker_id, started_at=now, attempts=Job.attempts + 1)
            .returning(Job.id)
            .execution_options(synchronize_session=False)
        )
        return claimed.scalar()

    # -- running -------------------------------------------------------------------------------------------------

    def run_once(self) -> bool:
        """Claim and run one due job; return False when there was none."""
        with self.app.app_context():
            session = db.session()
            try:
                self._release_expired_leases()
                job_id = self._claim()
                session.commit()
            except Exception:
                session.rollback()
                raise
            if job_id is None:
                return False
            self._run(job_id)
            return True

    def _run(self, job_id: int) -> None:
        session = db.session()
        job = session.get(Job, job_id)
        assert job is not None  # noqa: S101 - we claimed it a moment ago
        kind, payload = job.kind, dict(job.payload)
        handler = handler_for(self.app, kind)
        try:
            if handler is None:
                raise LookupError(f"no handler registered for job kind {kind!r}")
            handler(payload)
            finished = session.execute(
                update(Job)
                .where(Job.id == job_id, Job.locked_by == self.worker_id, Job.state == JobState.RUNNING.value)
                .values(
                    state=JobState.DONE.value,
                    locked_by=None,
                    finished_at=utcnow(),
                    last_error=None,
                    **({"payload": FORGOTTEN} if payload.get(TRANSIENT) else {}),
                )
            )
            if finished.rowcount != 1:
                session.rollback()
                log.warning("job %s: lease lost before it finished; its effects were rolled back", job_id)
                return
            session.commit()
            log.info("job %s (%s) done", job_id, kind)
        except Exception as exc:
            session.rollback()
            self._record_failure(job_id, exc, permanent=handler is None)

    def _record_failure(self, job_id: int, exc: Exception, *, permanent: bool) -> None:
        session = db.session()
        job = session.get(Job, job_id, populate_existing=True)
        if job is None or job.locked_by != self.worker_id:
            session.rollback()
            return
        error = "".join(traceback.format_exception_only(exc)).strip()[:MAX_ERROR_LENGTH]
        job.last_error = error
        job.locked_by = None
        if permanent or job.attempts >= job.max_attempts:
            job.state = JobState.FAILED.value
            job.finished_at = utcnow()
            if job.payload.get(TRANSIENT):
                job.payload = FORGOTTEN
            log.error("job %s (%s) failed for good after %d attempt(s): %s", job_id, job.kind, job.attempts, error)
        else:
            delay = backoff_seconds(job.attempts, self.settings.backoff_base_seconds, self.settings.backoff_max_seconds)
            job.state = JobState.PENDING.value
            job.run_after = utcnow() + timedelta(seconds=delay)
            log.warning(
                "job %s (%s) attempt %d failed, retry in %.0f s: %s", job_id, job.kind, job.attempts, delay, error
            )
        session.commit()

    def run_pending(self, limit: int | None = None) -> int:
        """Run due jobs until none is left (or `limit` ran); return how many ran."""
        ran = 0
        while (limit is None or ran < limit) and self.run_once():
            ran += 1
        return ran

    def schedule_periodic(self) -> None:
        """Enqueue periodic jobs at most once a minute from this worker (the key makes extra calls harmless)."""
        now = utcnow()
        if self._last_schedule is not None and (now - self._last_schedule).total_seconds() < 60:
            return
        self._last_schedule = now
        with self.app.app_context():
            try:
                enqueue_periodic(now)
                db.session.commit()
            except Exception:
                db.session.rollback()
                raise

    def run_forever(self, stop: threading.Event) -> None:
        log.info("job worker %s started", self.worker_id)
        while not stop.is_set():
            try:
                self.schedule_periodic()
                busy = self.run_once()
            except Exception:
                log.exception("job worker %s: unexpected error; continuing", self.worker_id)
                busy = False
            if not busy:
                stop.wait(self.settings.poll_seconds)
        log.info("job worker %s stopped", self.worker_id)


def start_thread(app: Flask) -> tuple[threading.Thread, threading.Event]:
    """Run a worker in a daemon thread of this process (the single-process default of `cct serve`)."""
    stop = threading.Event()
    worker = Worker(app)
    thread = threading.Thread(target=worker.run_forever, args=(stop,), name="cct-job-worker", daemon=True)
    thread.start()
    return thread, stop
