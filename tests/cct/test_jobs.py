"""Background jobs: transactional enqueue, idempotency keys, retries with backoff, failure, admin retry,
lease recovery, and several workers that never run one job twice."""

from __future__ import annotations

import threading
from collections import Counter
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select, update

from cct import db
from cct.auth.actors import SYSTEM
from cct.db import utcnow
from cct.jobs import operations as jobs
from cct.jobs.models import Job
from cct.jobs.operations import HANDLERS
from cct.jobs.worker import Worker, backoff_seconds
from cct.org.models import Unit
from tests.helpers import count, csrf_token, sign_in


@pytest.fixture
def handlers(app: Any) -> Any:
    """Register job kinds for one test and remove them afterwards."""
    added: list[str] = []

    def register(kind: str, func: Any) -> None:
        jobs.add_handler(app, kind, func)
        added.append(kind)

    yield register
    for kind in added:
        app.extensions[HANDLERS].pop(kind, None)


def fresh(job_id: int) -> Job:
    db.session.expire_all()
    job = db.session.get(Job, job_id)
    assert job is not None
    return job


def test_job_enqueued_in_a_rolled_back_transaction_does_not_exist(isolated: Any) -> None:
    before = count(Job)
    jobs.enqueue("test.noop", {"n": 1})
    db.session.rollback()
    assert count(Job) == before


def test_same_idempotency_key_gives_one_job(isolated: Any) -> None:
    first = jobs.enqueue("test.noop", {"n": 1}, idempotency_key="sms:ticket-1:opened")
    second = jobs.enqueue("test.noop", {"n": 2}, idempotency_key="sms:ticket-1:opened")
    db.session.commit()
    assert first.id == second.id
    assert fresh(first.id).payload == {"n": 1}
    assert db.session.scalar(select(Job).where(Job.idempotency_key == "sms:ticket-1:opened")).id == first.id


def test_job_runs_and_its_effect_commits_with_it(isolated: Any, handlers: Any) -> None:
    def rename(payload: dict[str, Any]) -> None:
        unit = db.session.scalar(select(Unit).where(Unit.code == payload["code"]))
        unit.name = payload["name"]

    handlers("test.rename", rename)
    from cct.org import operations as org

    org.create_unit(SYSTEM, {"code": "JOBU", "name": "Before", "kind": "department"})
    job = jobs.enqueue("test.rename", {"code": "JOBU", "name": "After"})
    db.session.commit()
    worker = Worker(isolated, "w1")
    assert worker.run_pending() >= 1
    done = fresh(job.id)
    assert done.state == "done"
    assert done.attempts == 1
    assert done.locked_by is None
    assert db.session.scalar(select(Unit.name).where(Unit.code == "JOBU")) == "After"


def test_failing_job_is_retried_with_exponential_backoff_then_fails(isolated: Any, handlers: Any) -> None:
    calls: list[int] = []

    def flaky(payload: dict[str, Any]) -> None:
        calls.append(1)
        raise RuntimeError("Twilio said 503")

    handlers("test.flaky", flaky)
    settings = isolated.config["CCT"].jobs
    job = jobs.enqueue("test.flaky", {}, max_attempts=3)
    db.session.commit()
    worker = Worker(isolated, "w1")
    delays = []
    for attempt in (1, 2):
        before = utcnow()
        assert worker.run_once()
        state = fresh(job.id)
        assert state.state == "pending"
        assert state.attempts == attempt
        assert "RuntimeError: Twilio said 503" in state.last_error
        delays.append((state.run_after - before).total_seconds())
        assert not worker.run_once()  # not due yet: nothing runs
        state.run_after = utcnow() - timedelta(seconds=1)  # let time pass
        db.session.commit()
    expected = [settings.backoff_base_seconds, settings.backoff_base_seconds * 2]
    assert [round(d) for d in delays] == [round(e) for e in expected]
    assert worker.run_once()
    failed = fresh(job.id)
    assert failed.state == "failed"
    assert failed.attempts == 3
    assert failed.finished_at is not None
    assert len(calls) == 3


def test_backoff_grows_and_is_capped() -> None:
    assert [backoff_seconds(n, 30, 3600) for n in (1, 2, 3, 4, 8, 20)] == [30, 60, 120, 240, 3600, 3600]


def test_failed_handler_leaves_no_partial_effect(isolated: Any, handlers: Any) -> None:
    def half_then_fail(payload: dict[str, Any]) -> None:
        from cct.org import operations as org

        org.create_unit(SYSTEM, {"code": "HALF", "name": "Half", "kind": "department"})
        db.session.flush()
        raise ValueError("second step failed")

    handlers("test.half", half_then_fail)
    jobs.enqueue("test.half", {})
    db.session.commit()
    Worker(isolated, "w1").run_once()
    db.session.expire_all()
    assert db.session.scalar(select(Unit).where(Unit.code == "HALF")) is None


def test_unknown_kind_fails_at_once(isolated: Any) -> None:
    job = jobs.enqueue("test.nobody-handles-this", {})
    db.session.commit()
    Worker(isolated, "w1").run_once()
    failed = fresh(job.id)
    assert failed.state == "failed"
    assert failed.attempts == 1
    assert "no handler registered" in failed.last_error


def test_admin_sees_failed_jobs_and_retries_one(client: Any, make_user: Any, isolated: Any, handlers: Any) -> None:
    job = jobs.enqueue("test.later-fixed", {}, max_attempts=1)
    db.session.commit()
    Worker(isolated, "w1").run_once()
    assert fresh(job.id).state == "failed"
    sign_in(client, make_user("admin").login)
    page = client.get("/admin/jobs/").get_data(as_text=True)
    assert "test.later-fixed" in page
    assert "no handler registered" in page
    handlers("test.later-fixed", lambda payload: None)
    response = client.post(f"/admin/jobs/{job.id}/retry", data={"csrf_token": csrf_token(client, "/admin/jobs/")})
    assert response.status_code == 302
    assert fresh(job.id).state == "pending"
    Worker(isolated, "w1").run_once()
    assert fresh(job.id).state == "done"
    # retrying a job that is not failed is refused and changes nothing
    client.post(f"/admin/jobs/{job.id}/retry", data={"csrf_token": csrf_token(client, "/admin/jobs/")})
    assert fresh(job.id).state == "done"
    assert client.post(f"/admin/jobs/{job.id}/retry").status_code == 400  # no CSRF token
    assert (
        client.post("/admin/jobs/999999/retry", data={"csrf_token": csrf_token(client, "/admin/jobs/")}).status_code
        == 404
    )


def test_job_of_a_dead_worker_is_handed_out_again(isolated: Any, handlers: Any) -> None:
    ran: list[str] = []
    handlers("test.record", lambda payload: ran.append(payload["n"]))
    job = jobs.enqueue("test.record", {"n": "x"})
    db.session.commit()
    lease = isolated.config["CCT"].jobs.lease_seconds
    db.session.execute(
        update(Job)
        .where(Job.id == job.id)
        .values(
            state="running", locked_by="dead-worker", attempts=1, started_at=utcnow() - timedelta(seconds=lease + 5)
        )
    )
    db.session.commit()
    assert Worker(isolated, "w2").run_once()
    assert ran == ["x"]
    done = fresh(job.id)
    assert done.state == "done"
    assert done.attempts == 2


def test_two_workers_racing_run_every_job_exactly_once(committed_app: Any, handlers: Any) -> None:
    runs: Counter[int] = Counter()
    lock = threading.Lock()

    def record(payload: dict[str, Any]) -> None:
        with lock:
            runs[payload["n"]] += 1

    handlers("test.race", record)
    total = 150
    with committed_app.app_context():
        for n in range(total):
            jobs.enqueue("test.race", {"n": n})
        db.session.commit()

    errors: list[BaseException] = []

    def work(name: str) -> None:
        try:
            Worker(committed_app, name).run_pending()
        except BaseException as exc:  # surfaced below; a thread's exception is otherwise lost
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(f"racer-{i}",)) for i in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    assert sorted(runs) == list(range(total))
    assert set(runs.values()) == {1}
    with committed_app.app_context():
        states = db.session.scalars(select(Job.state).where(Job.kind == "test.race")).all()
        claimed_by = db.session.scalars(select(Job.id).where(Job.state != "done")).all()
    assert set(states) == {"done"}
    assert claimed_by == []


def test_healthz_counts_jobs(client: Any, isolated: Any) -> None:
    jobs.enqueue("test.noop", {})
    failed = jobs.enqueue("test.noop", {}, max_attempts=1)
    db.session.flush()
    failed.state = "failed"
    db.session.commit()
    body = client.get("/healthz").json
    assert body["status"] == "ok"
    assert body["database"] == "ok"
    assert body["jobs"]["pending"] >= 1
    assert body["jobs"]["failed"] >= 1
