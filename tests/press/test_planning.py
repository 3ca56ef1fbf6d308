"""Press conferences from planning to attendance (invitations e-mailed to the invited outlets, speeches in versions
approved by the spokesperson, a public list and iCalendar feed of announced ones), the publication calendar's posts
and week, and a member of staff's calendar feed behind a personal token — each feed parsed by `icalendar`."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from icalendar import Calendar
from sqlalchemy import select

from cct import db
from cct.auth import operations as accounts
from cct.auth.actors import SYSTEM
from cct.db import utcnow
from cct.errors import Conflict, Forbidden
from press import operations
from press.models import Outlet
from press.planning import calendar
from press.planning import operations as planning
from press.planning.models import Conference, Post, SpeechDraft
from tests.helpers import count, csrf_token
from tests.knowledge.conftest import run_jobs
from tests.press.conftest import WARSAW, client_of, typed


def _outlets(actor: Any) -> tuple[Outlet, Outlet]:
    daily = operations.save_outlet(
        actor, {"name": "Kurier Testowy", "kind": "daily", "email": "redakcja@kurier.example.org"}
    )
    radio = operations.save_outlet(actor, {"name": "Radio Testowe", "kind": "radio"})
    db.session.commit()
    return daily, radio


def _events(body: bytes) -> dict[str, Any]:
    parsed = Calendar.from_ical(body)
    return {str(event["UID"]): event for event in parsed.walk("VEVENT")}


def test_a_conference_is_planned_announced_with_invitations_and_listed_publicly(
    press_app: Any, people: Any, smtp: Any
) -> None:
    daily, radio = _outlets(people["officer"])
    officer = client_of(press_app, "officer")
    starts = (utcnow() + timedelta(days=2)).replace(second=0, microsecond=0)
    form = {
        "topic": "Nowa linia autobusowa",
        "starts_at": typed(starts),
        "ends_at": typed(starts + timedelta(hours=1)),
        "place": "Sala konferencyjna, ul. Słonimska 1",
        "speakers": "Prezydent Miasta",
        "description": "O nowej linii 100.",
        "outlets": [str(daily.id), str(radio.id)],
    }
    page = "/press/conferences"
    refused = officer.post(page, data=form | {"ends_at": typed(starts), "csrf_token": csrf_token(officer, page)})
    assert refused.status_code == 400
    assert "Konferencja musi skończyć się po rozpoczęciu." in refused.get_data(as_text=True)
    unknown = officer.post(page, data=form | {"outlets": ["999999"], "csrf_token": csrf_token(officer, page)})
    assert unknown.status_code == 400  # not one of the choices
    assert count(Conference) == 0
    assert officer.post(page, data=form | {"csrf_token": csrf_token(officer, page)}).status_code == 302
    made = db.session.scalars(select(Conference)).one()
    assert {guest.outlet_id for guest in made.guests} == {daily.id, radio.id}
    assert made.starts_at == starts

    anonymous = press_app.test_client()
    assert anonymous.get(f"/prasa/konferencje/{made.id}").status_code == 404  # planned: inside the office only
    assert "Nowa linia autobusowa" not in anonymous.get("/prasa/konferencje/").get_data(as_text=True)

    path = f"/press/conferences/{made.id}"
    assert officer.post(f"{path}/announce", data={"csrf_token": csrf_token(officer, path)}).status_code == 302
    run_jobs(press_app)
    (invitation,) = smtp.mailbox.messages  # the radio has no address: it is invited by phone
    assert invitation["To"] == "redakcja@kurier.example.org"
    assert "Nowa linia autobusowa" in invitation["Subject"]
    assert "Prezydent Miasta" in invitation.get_content()
    public = anonymous.get(f"/prasa/konferencje/{made.id}").get_data(as_text=True)
    assert "O nowej linii 100." in public
    feed = anonymous.get("/prasa/konferencje/kalendarz.ics")
    assert feed.mimetype == "text/calendar"
    event = _events(feed.get_data())[f"conference-{made.id}@cct"]
    assert event.decoded("DTSTART") == starts
    assert str(event["LOCATION"]) == "Sala konferencyjna, ul. Słonimska 1"
    assert str(event["STATUS"]) == "CONFIRMED"

    # announced once: a second announcement is refused, nothing sent twice
    officer.post(f"{path}/announce", data={"csrf_token": csrf_token(officer, path)})
    run_jobs(press_app)
    assert len(smtp.mailbox.messages) == 1

    cancel = f"{path}/cancel"
    assert officer.post(cancel, data={"note": "", "csrf_token": csrf_token(officer, path)}).status_code == 400
    assert officer.post(cancel, data={"note": "Choroba", "csrf_token": csrf_token(officer, path)}).status_code == 303
    event = _events(anonymous.get("/prasa/konferencje/kalendarz.ics").get_data())[f"conference-{made.id}@cct"]
    assert str(event["STATUS"]) == "CANCELLED"  # calendars strike it out rather than lose it
    assert "odwołana" in anonymous.get(f"/prasa/konferencje/{made.id}").get_data(as_text=True)


def test_speeches_in_versions_approved_only_by_the_spokesperson(press_app: Any, people: Any) -> None:
    conference = planning.save_conference(
        people["officer"],
        {
            "topic": "Budżet",
            "starts_at": utcnow() + timedelta(days=1),
            "ends_at": utcnow() + timedelta(days=1, hours=1),
            "place": "Ratusz",
            "speakers": "Prezydent",
        },
    )
    db.session.commit()
    officer, spokesperson = client_of(press_app, "officer"), client_of(press_app, "spokesperson")
    path = f"/press/conferences/{conference.id}"
    speech = f"{path}/speeches"
    data = {"speaker": "Prezydent", "text": "Budżet rośnie."}
    assert officer.post(speech, data=data | {"text": "", "csrf_token": csrf_token(officer, path)}).status_code == 400
    assert officer.post(speech, data=data | {"csrf_token": csrf_token(officer, path)}).status_code == 303
    second = data | {"text": "Budżet rośnie o 10 procent.", "csrf_token": csrf_token(officer, path)}
    assert officer.post(speech, data=second).status_code == 303
    first, latest = db.session.scalars(select(SpeechDraft).order_by(SpeechDraft.number)).all()
    assert (first.number, latest.number) == (1, 2)
    page = officer.get(path).get_data(as_text=True)
    assert re.search(r"<ins>[^<]*10 procent[^<]*</ins>", page)  # version 2 against version 1
    approve = f"/press/speeches/{latest.id}/approve"
    assert officer.post(approve, data={"csrf_token": csrf_token(officer, path)}).status_code == 403
    assert spokesperson.post(approve, data={"csrf_token": csrf_token(spokesperson, path)}).status_code == 302
    db.session.expire_all()
    assert latest.approved_by.login == "spokesperson"
    assert first.approved_at is None


def test_attendance_is_recorded_once_the_conference_started_with_its_follow_up_release(
    press_app: Any, people: Any
) -> None:
    daily, radio = _outlets(people["officer"])
    release = operations.save_release(people["officer"], {"title": "Po konferencji", "lead": "L", "body": "B"})
    starts = utcnow() + timedelta(hours=3)
    conference = planning.save_conference(
        people["officer"],
        {
            "topic": "Inwestycje",
            "starts_at": starts,
            "ends_at": starts + timedelta(hours=1),
            "place": "Ratusz",
            "speakers": "Prezydent",
            "outlets": [daily.id, radio.id],
        },
    )
    db.session.commit()
    officer = client_of(press_app, "officer")
    path = f"/press/conferences/{conference.id}"
    data = {"attended": [str(daily.id)], "note": "Przyszła też telewizja.", "release": str(release.id)}
    early = officer.post(f"{path}/attendance", data=data | {"csrf_token": csrf_token(officer, path)})
    assert early.status_code == 409  # it has not started
    assert "Obecność zapisuje się po rozpoczęciu konferencji." in early.get_data(as_text=True)

    conference.starts_at, conference.ends_at = utcnow() - timedelta(hours=2), utcnow() - timedelta(hours=1)
    db.session.commit()
    assert officer.post(f"{path}/attendance", data=data | {"csrf_token": csrf_token(officer, path)}).status_code == 303
    db.session.expire_all()
    assert conference.state == "held"
    assert {guest.outlet_id: guest.attended for guest in conference.guests} == {daily.id: True, radio.id: False}
    assert conference.follow_up_release_id == release.id
    page = officer.get(path).get_data(as_text=True)
    assert "Po konferencji" in page
    assert re.search(r"Radio Testowe.*?nieobecna", page, re.S)  # invited, did not come


def test_posts_are_planned_approved_published_and_shown_in_their_week(press_app: Any, people: Any) -> None:
    officer, spokesperson = client_of(press_app, "officer"), client_of(press_app, "spokesperson")
    moment = datetime(2026, 12, 9, 10, 30, tzinfo=WARSAW)  # a Wednesday of week 2026-W50
    form = {"channel": "facebook", "planned_at": typed(moment), "title": "Choinka na Rynku", "text": "Zapalamy!"}
    page = "/press/calendar"
    bad = form | {"channel": "myspace", "csrf_token": csrf_token(officer, page)}
    assert officer.post(page, data=bad).status_code == 400
    assert officer.post(page, data=form | {"title": "", "csrf_token": csrf_token(officer, page)}).status_code == 400
    assert count(Post) == 0
    assert officer.post(page, data=form | {"csrf_token": csrf_token(officer, page)}).status_code == 302
    post = db.session.scalars(select(Post)).one()
    assert post.planned_at == moment.astimezone(UTC)

    week = officer.get("/press/calendar?week=2026-W50").get_data(as_text=True)
    assert "Choinka na Rynku" in week
    assert "Facebook" in week
    assert "Choinka na Rynku" not in officer.get("/press/calendar?week=2026-W51").get_data(as_text=True)
    assert officer.get("/press/calendar?week=2026-W99").status_code == 200  # no such week: this week instead

    path = f"/press/posts/{post.id}"
    assert officer.post(f"{path}/approve", data={"csrf_token": csrf_token(officer, path)}).status_code == 302
    db.session.expire_all()
    assert post.state == "draft"  # refused: only the spokesperson approves
    spokesperson.post(f"{path}/approve", data={"csrf_token": csrf_token(spokesperson, path)})
    db.session.expire_all()
    assert post.state == "approved"
    changed = form | {"text": "Zapalamy o 17:00!", "csrf_token": csrf_token(officer, path)}
    assert officer.post(path, data=changed).status_code == 303
    db.session.expire_all()
    assert post.state == "draft"  # a change goes back to the spokesperson
    spokesperson.post(f"{path}/approve", data={"csrf_token": csrf_token(spokesperson, path)})
    published = f"{path}/published"
    bad_link = {"url": "javascript:alert(1)", "csrf_token": csrf_token(officer, path)}
    assert officer.post(published, data=bad_link).status_code == 400
    link = {"url": "https://www.facebook.com/bialystok/posts/1", "csrf_token": csrf_token(officer, path)}
    assert officer.post(published, data=link).status_code == 303
    db.session.expire_all()
    assert (post.state, post.published_url) == ("published", "https://www.facebook.com/bialystok/posts/1")
    assert officer.post(path, data=changed | {"csrf_token": csrf_token(officer, path)}).status_code == 409


def test_the_staff_calendar_feed_opens_only_with_the_latest_personal_token(press_app: Any, people: Any) -> None:
    conference = planning.save_conference(
        people["officer"],
        {
            "topic": "Wewnętrzna narada z mediami",
            "starts_at": utcnow() + timedelta(days=3),
            "ends_at": utcnow() + timedelta(days=3, hours=1),
            "place": "Ratusz",
            "speakers": "Rzecznik",
        },
    )
    post = planning.save_post(
        people["officer"],
        {"channel": "x", "planned_at": utcnow() + timedelta(days=1), "title": "Wpis o zimie", "text": "Zima."},
    )
    release = operations.save_release(people["officer"], {"title": "Komunikat", "lead": "L", "body": "B"})
    operations.submit_release(people["officer"], release)
    operations.approve_release(people["spokesperson"], release)
    operations.publish_release(people["officer"], release)
    db.session.commit()
    officer = client_of(press_app, "officer")
    page = "/press/calendar/subscribe"
    made = officer.post(page, data={"csrf_token": csrf_token(officer, page)}).get_data(as_text=True)
    address = re.search(r'value="(http[^"]+\.ics)"', made).group(1)
    path = address.split("localhost", 1)[-1]
    anonymous = press_app.test_client()
    events = _events(anonymous.get(path).get_data())
    assert str(events[f"conference-{conference.id}@cct"]["SUMMARY"]).endswith("Wewnętrzna narada z mediami")
    assert str(events[f"post-{post.id}@cct"]["SUMMARY"]) == "X: Wpis o zimie"
    assert f"release-{release.id}@cct" in events
    # the planned conference is not on the public feed
    assert f"conference-{conference.id}@cct" not in _events(anonymous.get("/prasa/konferencje/kalendarz.ics").data)

    again = officer.post(page, data={"csrf_token": csrf_token(officer, page)}).get_data(as_text=True)
    newer = re.search(r'value="(http[^"]+\.ics)"', again).group(1).split("localhost", 1)[-1]
    assert anonymous.get(path).status_code == 404  # the old address stopped working
    assert anonymous.get(newer).status_code == 200
    assert anonymous.get("/press/calendar/" + "x" * 500 + ".ics").status_code == 404
    assert anonymous.get("/press/calendar/wrong.ics").status_code == 404


def test_ical_keeps_the_hour_across_the_change_of_time() -> None:
    # 25 October 2026: the clocks go back at 03:00 in Warsaw; 10:00 local is 09:00 UTC that day, 08:00 the day before
    before = datetime(2026, 10, 24, 10, 0, tzinfo=WARSAW)
    after = datetime(2026, 10, 26, 10, 0, tzinfo=WARSAW)
    entries = [
        calendar.Entry(uid=f"e{n}@cct", kind="post", title="T", starts_at=moment, ends_at=moment + timedelta(hours=1))
        for n, moment in enumerate((before, after))
    ]
    events = _events(calendar.ical(entries, "Test", datetime(2026, 10, 1, tzinfo=UTC)))
    assert events["e0@cct"].decoded("DTSTART").astimezone(UTC) == datetime(2026, 10, 24, 8, 0, tzinfo=UTC)
    assert events["e1@cct"].decoded("DTSTART").astimezone(UTC) == datetime(2026, 10, 26, 9, 0, tzinfo=UTC)


def test_a_week_is_read_from_its_iso_name_or_falls_back_to_this_week() -> None:
    today = date(2026, 12, 3)  # a Thursday
    assert calendar.week_of("2026-W49", today) == date(2026, 11, 30)
    assert calendar.week_of("2026w1", today) == date(2025, 12, 29)  # ISO week 1 of 2026 starts in 2025
    assert calendar.week_of("2026-W53", today) == date(2026, 12, 28)  # 2026 has 53 ISO weeks…
    assert calendar.week_of("2025-W53", today) == date(2026, 11, 30)  # …2025 only 52
    assert calendar.week_of("", today) == date(2026, 11, 30)
    assert calendar.week_of("next week", today) == date(2026, 11, 30)
    assert calendar.week_of("0001-W01", today) == date(2026, 11, 30)  # no one plans in year 1: this week
    assert calendar.week_of("9999-W52", today) == date(2026, 11, 30)
    assert calendar.week_name(date(2026, 11, 30)) == "2026-W49"


def test_an_announced_conference_tells_its_outlets_what_changes(press_app: Any, people: Any, smtp: Any) -> None:
    daily, radio = _outlets(people["officer"])
    weekly = operations.save_outlet(
        people["officer"], {"name": "Tygodnik Testowy", "kind": "periodical", "email": "tygodnik@example.org"}
    )
    starts = utcnow() + timedelta(days=2)
    values = {
        "topic": "Inwestycje",
        "starts_at": starts,
        "ends_at": starts + timedelta(hours=1),
        "place": "Ratusz",
        "speakers": "Prezydent",
        "outlets": [daily.id, radio.id],
    }
    conference = planning.save_conference(people["officer"], values)
    # an outlet dropped before the announcement goes without a word (and without an error)
    planning.save_conference(people["officer"], values | {"outlets": [daily.id]}, conference)
    assert [guest.outlet_id for guest in conference.guests] == [daily.id]
    planning.announce_conference(people["officer"], conference)
    db.session.commit()
    run_jobs(press_app)
    assert [m["To"] for m in smtp.mailbox.messages] == ["redakcja@kurier.example.org"]
    smtp.mailbox.reset()

    later = values | {"starts_at": starts + timedelta(hours=2), "ends_at": starts + timedelta(hours=3)}
    planning.save_conference(people["officer"], later | {"outlets": [daily.id, weekly.id]}, conference)
    db.session.commit()
    run_jobs(press_app)
    sent = {m["To"]: m for m in smtp.mailbox.messages}
    assert sent["redakcja@kurier.example.org"]["Subject"].startswith("Zmiana: konferencja prasowa")
    assert sent["tygodnik@example.org"]["Subject"].startswith("Konferencja prasowa")  # invited now: the invitation
    smtp.mailbox.reset()

    planning.cancel_conference(people["officer"], conference, "Choroba prezydenta.")
    db.session.commit()
    run_jobs(press_app)
    assert sorted(m["To"] for m in smtp.mailbox.messages) == ["redakcja@kurier.example.org", "tygodnik@example.org"]
    assert all("Choroba prezydenta." in m.get_content() for m in smtp.mailbox.messages)


def test_merging_outlets_keeps_their_conference_invitations_once(press_app: Any, people: Any) -> None:
    daily, radio = _outlets(people["officer"])
    starts = utcnow() + timedelta(days=2)
    values = {"starts_at": starts, "ends_at": starts + timedelta(hours=1), "place": "Ratusz", "speakers": "P"}
    both = planning.save_conference(people["officer"], values | {"topic": "A", "outlets": [daily.id, radio.id]})
    only = planning.save_conference(people["officer"], values | {"topic": "B", "outlets": [radio.id]})
    operations.merge_outlets(people["officer"], daily, radio)
    db.session.commit()
    db.session.expire_all()
    assert [guest.outlet_id for guest in both.guests] == [daily.id]
    assert [guest.outlet_id for guest in only.guests] == [daily.id]
    assert db.session.get(Outlet, radio.id) is None


def test_only_the_latest_version_of_a_speech_is_approved_while_the_conference_is_ahead(
    press_app: Any, people: Any
) -> None:
    starts = utcnow() + timedelta(days=1)
    conference = planning.save_conference(
        people["officer"],
        {"topic": "T", "starts_at": starts, "ends_at": starts + timedelta(hours=1), "place": "R", "speakers": "P"},
    )
    first = planning.draft_speech(people["officer"], conference, "Prezydent", "Wersja pierwsza.")
    planning.draft_speech(people["officer"], conference, "Zastępca", "Inny mówca.")
    second = planning.draft_speech(people["officer"], conference, "Prezydent", "Wersja druga.")
    assert (first.number, second.number) == (1, 3)
    with pytest.raises(Conflict):
        planning.approve_speech(people["spokesperson"], first)  # a newer version of the same speech exists
    with pytest.raises(Forbidden):
        planning.approve_speech(people["officer"], second)
    planning.approve_speech(people["spokesperson"], second)
    planning.cancel_conference(people["officer"], conference, "Odwołana.")
    with pytest.raises(Conflict):
        planning.draft_speech(people["officer"], conference, "Prezydent", "Za późno.")


def test_a_calendar_address_stops_when_revoked_or_its_owner_leaves_the_press_office(
    press_app: Any, people: Any
) -> None:
    officer = client_of(press_app, "officer")
    page = "/press/calendar/subscribe"
    made = officer.post(page, data={"csrf_token": csrf_token(officer, page)}).get_data(as_text=True)
    path = re.search(r'value="(http[^"]+\.ics)"', made).group(1).split("localhost", 1)[-1]
    anonymous = press_app.test_client()
    assert anonymous.get(path).status_code == 200
    assert officer.post(page, data={"revoke": "1", "csrf_token": csrf_token(officer, page)}).status_code == 303
    assert anonymous.get(path).status_code == 404

    again = officer.post(page, data={"csrf_token": csrf_token(officer, page)}).get_data(as_text=True)
    path = re.search(r'value="(http[^"]+\.ics)"', again).group(1).split("localhost", 1)[-1]
    assert anonymous.get(path).status_code == 200
    officer_account = people["officer"]
    accounts.update_user(
        SYSTEM,
        officer_account,
        full_name=officer_account.full_name,
        email=None,
        roles=["agent"],
        unit_codes=["DKS-III"],
        active=True,
    )
    db.session.commit()
    assert anonymous.get(path).status_code == 404  # no longer in the press office: its calendar is closed to them
