"""The media enquiries' figures: count, median time to answer, share on time, by outlet and topic."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from cct import db
from press import operations
from press.figures import Asked, figures
from tests.press.conftest import client_of, enquiry

START = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def asked(hours: float | None, outlet: str = "Gazeta", topics: tuple[str, ...] = (), due_days: int = 14) -> Asked:
    answered = START + timedelta(hours=hours) if hours is not None else None
    return Asked(START, answered, START + timedelta(days=due_days), outlet, topics)


def test_median_time_and_share_on_time_overall_and_by_outlet_and_topic() -> None:
    rows = [
        asked(2, "Gazeta", ("stadion",)),
        asked(10, "Gazeta", ("stadion", "sport")),
        asked(24 * 20, "Radio", ("drogi",)),  # 20 days: late against 14
        asked(None, "Radio", ()),  # still open
    ]
    found = figures(rows, "bez redakcji", "bez tematu")
    assert (found.total.count, found.total.answered) == (4, 3)
    assert found.total.median_hours == 10
    assert found.total.on_time == 2 / 3
    gazeta, radio = found.by_outlet
    assert (gazeta.label, gazeta.count, gazeta.median_hours, gazeta.on_time) == ("Gazeta", 2, 6, 1.0)
    assert (radio.label, radio.count, radio.answered, radio.on_time) == ("Radio", 2, 1, 0.0)
    topics = {line.label: line for line in found.by_topic}
    assert topics["stadion"].count == 2
    assert topics["bez tematu"].count == 1
    assert topics["drogi"].on_time == 0.0
    assert [line.label for line in found.by_topic][0] == "stadion"  # the most asked first


def test_no_enquiries_no_figures() -> None:
    found = figures([], "bez redakcji", "bez tematu")
    assert (found.total.count, found.total.median_hours, found.total.on_time) == (0, None, None)
    assert found.by_outlet == []
    assert found.by_topic == []


def test_an_extended_deadline_counts_as_the_deadline() -> None:
    found = figures([asked(24 * 30, due_days=60)], "-", "-")
    assert found.total.on_time == 1.0


def test_the_figures_page_counts_the_enquiries(press_app: Any, people: Any) -> None:
    made = enquiry(people["officer"], outlet="Radio Testowe", outlet_kind="radio", tags=["stadion"])
    operations.save_draft(people["officer"], made, "Odpowiedź.")
    operations.submit(people["officer"], made)
    operations.approve(people["spokesperson"], made, 1)
    operations.send_answer(people["officer"], made, "other")
    enquiry(people["officer"])
    db.session.commit()
    page = client_of(press_app, "officer").get("/press/figures?days=30").get_data(as_text=True)
    assert "Zapytań: 2, z odpowiedzią: 1" in page
    assert "w terminie: 100 %" in page
    assert "Radio Testowe" in page
    assert "stadion" in page
    assert "bez tematu" in page
    assert client_of(press_app, "officer").get("/press/figures?days=abc").status_code == 200  # the default period
