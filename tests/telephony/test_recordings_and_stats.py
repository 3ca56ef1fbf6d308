"""Recordings are deleted after their retention; supervisors' call statistics."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from cct import db
from cct.auth.models import User
from cct.db import utcnow
from telephony import jobs, queries, stats
from telephony.models import Call
from tests.helpers import TWILIO, sign_in
from tests.telephony.fake_twilio import FakeTwilio

WARSAW = ZoneInfo("Europe/Warsaw")


def make_call(n: int, started: datetime, **values: Any) -> Call:
    call = Call(
        call_sid=f"CA{n:032x}",
        direction="inbound",
        from_number=f"+48600{n:06d}",
        to_number=TWILIO["phone_number"],
        twilio_status="completed",
        started_at=started,
        **values,
    )
    db.session.add(call)
    return call


def test_recordings_past_retention_are_deleted_at_twilio(isolated: Any, fake_twilio: FakeTwilio) -> None:
    now = utcnow()
    old = make_call(1, now - timedelta(days=91), recording_sid="RE" + "1" * 32, recording_url="https://x/1")
    gone = make_call(2, now - timedelta(days=95), recording_sid="RE" + "2" * 32, recording_url="https://x/2")
    recent = make_call(3, now - timedelta(days=89), recording_sid="RE" + "3" * 32, recording_url="https://x/3")
    db.session.commit()
    fake_twilio.script.append((204, {}))
    fake_twilio.fail_next(404, 20404, "The requested resource was not found")  # deleted at Twilio already
    jobs.delete_recordings({})
    deleted = [(r.method, r.path.rsplit("/", 1)[1]) for r in fake_twilio.requests]
    assert deleted == [("DELETE", f"{gone.recording_sid}.json"), ("DELETE", f"{old.recording_sid}.json")]
    db.session.expire_all()
    for call in (old, gone):
        assert call.recording_deleted_at is not None
        assert call.recording_url is None
    assert recent.recording_deleted_at is None
    assert recent.recording_url == "https://x/3"


def test_twilio_failing_leaves_the_rest_for_the_retry(isolated: Any, fake_twilio: FakeTwilio) -> None:
    now = utcnow()
    first = make_call(4, now - timedelta(days=100), recording_sid="RE" + "4" * 32)
    second = make_call(5, now - timedelta(days=99), recording_sid="RE" + "5" * 32)
    db.session.commit()
    fake_twilio.script.append((204, {}))
    fake_twilio.fail_next(500, 20500, "Internal error")
    with pytest.raises(Exception, match="Internal error"):
        jobs.delete_recordings({})
    db.session.rollback()
    db.session.expire_all()
    assert first.recording_deleted_at is not None
    assert second.recording_deleted_at is None
    assert [c.call_sid for c in queries.recordings_expired(utcnow(), jobs.RECORDINGS_BATCH)] == [second.call_sid]


def test_statistics_figures() -> None:
    start = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)  # Monday, 9:00 in Warsaw
    agent = User(login="anna", full_name="Anna Konsultant")
    calls = [
        Call(started_at=start, outcome="answered", queue_seconds=10, agent=agent),
        Call(started_at=start + timedelta(minutes=5), outcome="answered", queue_seconds=40, agent=agent),
        Call(started_at=start + timedelta(hours=1), outcome="abandoned", queue_seconds=90),
        Call(started_at=start + timedelta(days=1), outcome="answered", queue_seconds=20, agent=None),
        Call(started_at=start + timedelta(days=1), outcome="voicemail"),
    ]
    figures = stats.compute(calls, date(2026, 11, 23), date(2026, 11, 25), WARSAW)
    assert figures.total == 5
    assert figures.share("answered") == pytest.approx(3 / 5)
    assert figures.share("abandoned") == pytest.approx(1 / 5)
    assert figures.average_wait == pytest.approx(40)
    assert figures.p90_wait == 90
    assert figures.within_service_level == pytest.approx(2 / 4)  # 10 s and 20 s of four queued calls
    assert figures.by_hour[9] == 4  # two on Monday, two on Tuesday
    assert figures.by_hour[10] == 1
    assert list(figures.by_day.values()) == [3, 2, 0]
    assert figures.by_agent == [("Anna Konsultant", 2)]
    empty = stats.compute([], date(2026, 11, 23), date(2026, 11, 23), WARSAW)
    assert (empty.total, empty.share("answered"), empty.average_wait, empty.within_service_level) == (
        0,
        None,
        None,
        None,
    )


def test_statistics_page_for_supervisors(client: Any, make_user: Any) -> None:
    supervisor = make_user("supervisor")
    make_call(6, utcnow(), outcome="answered", queue_seconds=12, agent_id=supervisor.id)
    make_call(7, utcnow(), outcome="abandoned", queue_seconds=70)
    db.session.commit()
    sign_in(client, supervisor.login)
    page = client.get("/telephony/stats?days=7").get_data(as_text=True)
    assert "Statystyki połączeń" in page
    assert "50%" in page  # half answered, half abandoned
    assert supervisor.full_name in page
    assert client.get("/telephony/stats?days=nonsense").status_code == 200
    assert client.get("/telephony/stats?days=365").status_code == 200


def test_agents_do_not_see_statistics(client: Any, make_user: Any) -> None:
    sign_in(client, make_user("agent").login)
    assert client.get("/telephony/stats").status_code == 403


def test_calls_listed_in_order(isolated: Any) -> None:
    make_call(8, utcnow())
    db.session.commit()
    assert db.session.scalars(select(Call.call_sid)).all() == [f"CA{8:032x}"]
