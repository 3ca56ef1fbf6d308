"""What residents ask, as signals for the press office: a seeded five weeks of tickets, calls and searches give a
spike on the last seven days with the tickets behind it (without residents' data), and an information campaign's
effect on the helpline before and during it. The rules themselves are tested at their edges."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from cct import db
from cct.office_calendar import local_today
from cct.slots import Tally
from knowledge import learned
from knowledge.models import SearchDay, SearchedQuery
from press.signals import rules
from press.signals.models import Campaign
from telephony.models import Call
from tests import city
from tests.factories import TicketFactory
from tests.helpers import count, csrf_token
from tests.press.conftest import WARSAW, client_of


@pytest.fixture
def helpline(press_app: Any) -> None:
    city.build_categories()
    db.session.commit()


def _noon(day: date) -> datetime:
    return datetime.combine(day, time(12, 0), tzinfo=WARSAW)


def _ticket(day: date, category: str, subject: str = "Zgłoszenie") -> None:
    ticket = TicketFactory(
        category=category, subject=subject, resident_name="Jan Kowalski", resident_phone="+48600100200"
    )
    ticket.created_at = _noon(day)
    db.session.flush()


def _call(day: date, key: str, category: str) -> None:
    number = db.session.query(Call).count() + 1
    db.session.add(
        Call(
            call_sid=f"CA{number:032d}",
            direction="inbound",
            from_number="+48600100200",
            to_number="+48856000000",
            twilio_status="completed",
            ivr_choice=key,
            category_code=category,
            started_at=_noon(day),
        )
    )


def _searches(day: date, text: str, searches: int, without_result: int = 0) -> None:
    key = learned.query_key(text)
    if db.session.get(SearchedQuery, key) is None:
        db.session.add(SearchedQuery(key=key, example=text, searches=0, without_result=0, opened=0))
        db.session.flush()
    db.session.add(SearchDay(day=day, key=key, searches=searches, without_result=without_result))


def _section(page: str, heading: str, next_heading: str) -> str:
    return page[page.index(f'id="{heading}"') : page.index(f'id="{next_heading}"')]


def test_a_seeded_week_gives_a_spike_with_the_tickets_behind_it(press_app: Any, people: Any, helpline: Any) -> None:
    today = local_today()
    for days_ago in (10, 17, 24, 31):  # a week's average of 1 in the four weeks before
        _ticket(today - timedelta(days=days_ago), "drogi-zima")
        _call(today - timedelta(days=days_ago), "1", "drogi")
    for days_ago in range(6):  # six in the last seven days: +500 %
        _ticket(today - timedelta(days=days_ago), "drogi-zima", f"Nieodśnieżona ulica nr {days_ago}")
    for days_ago in range(8):
        _call(today - timedelta(days=days_ago % 7), "1", "drogi")  # eight calls: +700 %
    for week in range(5):  # steady: five a week, never a spike
        for n in range(5):
            _ticket(today - timedelta(days=7 * week + n), "odpady-wywoz")
    for days_ago in range(4):  # four, none before: too few to be a signal
        _ticket(today - timedelta(days=days_ago), "dowody")
    _searches(today, "odśnieżanie ulic", 9)  # new this week
    _searches(today - timedelta(days=1), "wywóz choinek", 6, without_result=6)
    db.session.commit()

    officer = client_of(press_app, "officer")
    page = officer.get("/press/signals").get_data(as_text=True)
    spikes = _section(page, "spikes-heading", "day-heading")
    assert re.search(r"Zimowe utrzymanie dróg</a>.*?\+500 %.*?6 wobec średnio 1,0", spikes, re.S), spikes
    assert re.search(r"drogi, chodniki, oświetlenie.*?\+700 %", spikes, re.S)
    assert "odśnieżanie ulic" in spikes
    assert "wywóz choinek" in spikes  # among the searches and among those that found nothing
    assert "Nieodebrane odpady" not in spikes
    assert "Dowody osobiste" not in spikes
    week = page[page.index('id="week-heading"') :]
    assert re.search(r"Nieodebrane odpady</a></th><td>5</td>", week)  # in the week's tops all the same
    assert re.search(r"Dowody osobiste</a></th><td>4</td>", week)

    link = re.search(r'href="(/press/signals/tickets\?category=drogi-zima[^"]*)"', spikes).group(1)
    behind = officer.get(link.replace("&amp;", "&"))
    assert behind.status_code == 200
    text = behind.get_data(as_text=True)
    assert text.count("Nieodśnieżona ulica nr") == 6
    assert "Jan Kowalski" not in text
    assert "600100200" not in text


def test_signals_refuse_a_day_or_period_that_is_not_one(press_app: Any, people: Any, helpline: Any) -> None:
    officer = client_of(press_app, "officer")
    today = local_today()
    for day in ("wczoraj", "2026-02-30", "0001-01-03", (today + timedelta(days=1)).isoformat()):
        answer = officer.get(f"/press/signals?day={day}")
        assert answer.status_code == 400, day
        assert "Podaj dzień, który już był, w postaci RRRR-MM-DD." in answer.get_data(as_text=True)
    assert officer.get(f"/press/signals?day={today - timedelta(days=40)}").status_code == 200
    behind = "/press/signals/tickets?category=drogi-zima"
    assert officer.get(behind).status_code == 200
    for query in ("&from=nie", "&from=2026-12-10&to=2026-12-01", "&from=2020-01-01&to=2026-01-01", "&from=0001-01-01"):
        assert officer.get(behind + query).status_code == 400, query
    assert officer.get("/press/signals/tickets?category=nie-ma-takiej").status_code == 404
    assert client_of(press_app, "roads").get("/press/signals").status_code == 403


def test_a_campaigns_effect_on_the_helpline_before_and_during_it(press_app: Any, people: Any, helpline: Any) -> None:
    today = local_today()
    starts = today - timedelta(days=13)  # four whole weeks before it, two whole weeks of it up to today
    for offset in (-25, -18, -11, -4):
        _ticket(starts + timedelta(days=offset), "drogi-zima")
    for offset in (1, 2, 3, 8, 9, 10):
        _ticket(starts + timedelta(days=offset), "drogi-zima")
    _ticket(starts + timedelta(days=4), "oswietlenie", "ŚLISKO przy latarni")  # by its words, in capitals too
    _ticket(starts + timedelta(days=5), "oswietlenie", "Nie świeci latarnia")  # neither
    for offset in (1, 8):
        _call(starts + timedelta(days=offset), "1", "drogi-zima")
    _searches(starts - timedelta(days=4), "gołoledź", 2)
    _searches(starts + timedelta(days=2), "gołoledzi na chodnikach", 4)  # another form of the word
    db.session.commit()

    officer = client_of(press_app, "officer")
    page = "/press/campaigns"
    form = {
        "name": "Zima bez gołoledzi",
        "goal": "Mniej telefonów o odśnieżanie.",
        "topic": "Zimowe utrzymanie dróg",
        "starts_on": starts.isoformat(),
        "ends_on": (today + timedelta(days=10)).isoformat(),
        "channels": ["website", "outdoor"],
        "categories": ["drogi-zima"],
        "keywords": "gołoledź, ślisko",
    }
    for bad in (
        {"ends_on": (starts - timedelta(days=1)).isoformat()},
        {"categories": [], "keywords": ""},
        {"categories": ["nie-ma-takiej"]},
        {"channels": ["golebie-pocztowe"]},
        {"name": ""},
        {"starts_on": "0001-01-01"},
        {"ends_on": (starts + timedelta(days=400)).isoformat()},
    ):
        assert officer.post(page, data=form | bad | {"csrf_token": csrf_token(officer, page)}).status_code == 400, bad
    assert count(Campaign) == 0
    assert officer.post(page, data=form | {"csrf_token": csrf_token(officer, page)}).status_code == 302
    made = db.session.scalars(select(Campaign)).one()
    assert made.keywords == ["gołoledź", "ślisko"]

    shown = officer.get(f"/press/campaigns/{made.id}").get_data(as_text=True)
    rows = {
        label: re.search(rf"<th scope=\"row\">{label}</th>(.*?)</tr>", shown, re.S).group(1)
        for label in ("Zgłoszenia", "Połączenia", "Wyszukiwania")
    }
    cells = {label: re.findall(r"<td>(.*?)</td>", row) for label, row in rows.items()}
    assert cells["Zgłoszenia"][:3] == ["1,0", "3,5", "+250 %"]
    assert cells["Połączenia"][:3] == ["0,0", "1,0", "—"]
    assert cells["Wyszukiwania"][:3] == ["0,5", "2,0", "+300 %"]


def _tallies(**counts: int) -> list[Tally]:
    return [Tally("category", key, key, value) for key, value in counts.items()]


def test_a_spike_needs_enough_contacts_and_a_rise_of_half_a_week_at_least() -> None:
    window = _tallies(few=4, new=5, half=6, almost=5, steady=8)
    # baselines are four weeks: 16 is 4 a week
    baseline = _tallies(few=0, half=16, almost=14, steady=32)
    found = {spike.key: spike for spike in rules.spikes(window, baseline)}
    assert set(found) == {"new", "half"}
    assert found["new"].rise is None  # nothing before: new
    assert found["half"].rise == 50  # exactly the threshold
    assert found["half"].baseline == 4.0
    # 5 against 3.5 a week is +43 %: not a spike
    assert rules.spikes(_tallies(almost=5), _tallies(almost=14)) == []
    assert [spike.key for spike in rules.spikes(window, baseline)] == ["new", "half"]


def test_the_spike_window_is_the_last_seven_days_against_the_four_weeks_before() -> None:
    window, baseline = rules.windows(date(2026, 12, 3))
    assert window == (date(2026, 11, 27), date(2026, 12, 3))
    assert baseline == (date(2026, 10, 30), date(2026, 11, 26))


def test_a_campaigns_weeks_before_during_and_after_up_to_today() -> None:
    weeks = rules.campaign_weeks(date(2026, 11, 2), date(2026, 11, 15), today=date(2026, 12, 2))
    assert [(first.isoformat(), phase) for first, _last, phase in weeks] == [
        ("2026-10-05", "before"),
        ("2026-10-12", "before"),
        ("2026-10-19", "before"),
        ("2026-10-26", "before"),
        ("2026-11-02", "during"),
        ("2026-11-09", "during"),
        ("2026-11-16", "after"),
        ("2026-11-23", "after"),
        ("2026-11-30", "after"),
    ]
    assert weeks[-1][1] == date(2026, 12, 2)  # the week still going on ends today
    partial = rules.Week(date(2026, 11, 30), "after", {"tickets": 3}, days=3)
    assert partial.weekly("tickets") == 7.0  # scaled to a whole week
    effects = rules.effect(
        [
            rules.Week(date(2026, 10, 26), "before", {"tickets": 2}),
            rules.Week(date(2026, 11, 2), "during", {"tickets": 5}),
            partial,
        ],
        ["tickets", "calls"],
    )
    tickets, calls = effects
    assert (tickets.before, tickets.during, tickets.after) == (2.0, 5.0, 7.0)
    assert (tickets.during_change, tickets.after_change) == (150, 250)
    assert (calls.before, calls.during_change) == (0.0, None)  # no change against nothing
    assert rules.campaign_weeks(date(2027, 3, 1), date(2027, 3, 31), today=date(2026, 12, 2)) == []
