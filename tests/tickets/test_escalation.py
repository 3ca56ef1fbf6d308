"""Overdue tickets are marked once by a periodic job, and supervisors are told on their home page."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import func, select

from cct import db
from cct.auth.actors import SYSTEM
from cct.db import utcnow
from cct.jobs.models import Job
from cct.jobs.operations import enqueue_periodic
from cct.jobs.worker import Worker
from cct.notifications.models import Notification
from tests.helpers import csrf_token, sign_in
from tickets import operations as ops
from tickets.models import Ticket, TicketEvent


def overdue_ticket(hours: int = 1) -> Ticket:
    ticket = ops.create_ticket(SYSTEM, ops.TicketInput(subject="Dziura", category="drogi-dziury"))
    ticket.resolution_due = utcnow() - timedelta(hours=hours)
    db.session.commit()
    return ticket


def test_scan_marks_overdue_once_without_bumping_the_version(city: Any) -> None:
    late, on_time = (
        overdue_ticket(),
        ops.create_ticket(SYSTEM, ops.TicketInput(subject="Latarnia", category="oswietlenie")),
    )
    db.session.commit()
    version = late.version
    now = utcnow()
    enqueue_periodic(now)
    enqueue_periodic(now)  # a second worker in the same period adds nothing
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(Job).where(Job.kind == "tickets.sla_scan")) == 1
    Worker(city, "w1").run_pending()
    db.session.expire_all()
    assert late.breached_at is not None
    assert late.version == version  # an open form on this ticket stays valid
    assert on_time.breached_at is None
    kinds = db.session.scalars(select(TicketEvent.kind).where(TicketEvent.ticket_id == late.id)).all()
    assert kinds.count("sla_breached") == 1
    notice = db.session.scalar(select(Notification).where(Notification.kind == "sla_breached"))
    assert late.number in notice.message
    assert notice.role == "supervisor"
    # the next period's scan finds nothing new: no second event, no second notice
    enqueue_periodic(now + timedelta(minutes=10))
    db.session.commit()
    Worker(city, "w1").run_pending()
    assert db.session.scalar(select(func.count()).select_from(Notification)) == 1


def test_waiting_tickets_are_not_overdue(city: Any) -> None:
    ticket = overdue_ticket()
    ops.transition(SYSTEM, ticket, "waiting", expected_version=ticket.version)
    db.session.commit()
    enqueue_periodic(utcnow())
    db.session.commit()
    Worker(city, "w1").run_pending()
    db.session.refresh(ticket)
    assert ticket.breached_at is None


def test_supervisor_sees_and_dismisses_the_notice(city: Any, client: Any, make_user: Any) -> None:
    late = overdue_ticket()
    enqueue_periodic(utcnow())
    db.session.commit()
    Worker(city, "w1").run_pending()
    sign_in(client, make_user("supervisor").login)
    home = client.get("/").get_data(as_text=True)
    assert "Wymaga Twojej uwagi" in home
    assert late.number in home
    notice = db.session.scalar(select(Notification))
    assert client.post(f"/notifications/{notice.id}/read").status_code == 400  # no CSRF token
    done = client.post(f"/notifications/{notice.id}/read", data={"csrf_token": csrf_token(client, "/")})
    assert done.status_code == 302
    assert late.number not in client.get("/").get_data(as_text=True)
    assert client.post("/notifications/99999/read", data={"csrf_token": csrf_token(client, "/")}).status_code == 404


def test_agents_do_not_get_supervisor_notices(city: Any, client: Any, make_user: Any) -> None:
    overdue_ticket()
    enqueue_periodic(utcnow())
    db.session.commit()
    Worker(city, "w1").run_pending()
    sign_in(client, make_user("agent").login)
    assert "Wymaga Twojej uwagi" not in client.get("/").get_data(as_text=True)
    notice = db.session.scalar(select(Notification))
    response = client.post(f"/notifications/{notice.id}/read", data={"csrf_token": csrf_token(client, "/")})
    assert response.status_code == 404


def test_notice_link_is_the_dashboard(city: Any) -> None:
    """The job writes the notice outside any request; its link is still the dashboard's path."""
    overdue_ticket()
    enqueue_periodic(utcnow())
    db.session.commit()
    Worker(city, "w1").run_pending()
    notice = db.session.scalar(select(Notification))
    with city.test_request_context():
        from flask import url_for

        assert notice.link == url_for("tickets.dashboard") == "/tickets/dashboard"
