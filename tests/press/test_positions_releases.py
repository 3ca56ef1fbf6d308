"""What the press office said before, found by its words with the knowledge base's Polish analysis; official
positions shown to the helpline's agents in their knowledge panel while they hold; press releases from the draft to
the public page and its Atom feed, with every change after publication listed."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import feedparser
from sqlalchemy import select

from cct import db
from cct.office_calendar import local_today
from press import operations, queries
from press.models import Position, Release, ReleaseChange
from tests.factories import UserFactory
from tests.helpers import PASSWORD, count, csrf_token
from tests.press.conftest import client_of, enquiry


def test_earlier_answers_are_found_by_any_form_of_their_words(press_app: Any, people: Any) -> None:
    asked = enquiry(people["officer"], questions="Ile kosztował remont stadionu miejskiego?", subject="Stadion")
    operations.save_draft(people["officer"], asked, "Remont kosztował 12 mln zł; prace skończą się w maju.")
    operations.submit(people["officer"], asked)
    operations.approve(people["spokesperson"], asked, 1)
    operations.send_answer(people["officer"], asked, "other")
    other = enquiry(people["officer"], questions="Kiedy otwarcie basenu?", subject="Basen")
    db.session.commit()
    for words in ("stadion", "stadionie", "co mówiliśmy o stadionie", "remontu", "maju", "STADIONU"):
        assert [e.id for e in queries.answered_about(words)] == [asked.id], words
    assert [e.id for e in queries.answered_about("basen")] == [other.id]
    assert queries.answered_about("lotnisko") == []
    assert queries.answered_about("   ") == []
    page = client_of(press_app, "officer").get("/press/answers?q=stadionie").get_data(as_text=True)
    assert asked.number in page
    assert "12 mln zł" in page
    assert other.number not in page


def test_positions_reach_the_agents_panel_only_when_approved_and_current(press_app: Any, people: Any) -> None:
    today = local_today()
    values = {
        "title": "Zimowe utrzymanie dróg",
        "text": "Najpierw odśnieżane są trasy autobusów, potem osiedla.",
        "tags": ["zima"],
        "valid_from": today - timedelta(days=1),
        "valid_to": None,
    }
    officer = client_of(press_app, "officer")
    page = "/press/positions"
    form = {"title": values["title"], "text": values["text"], "tags": "zima", "valid_from": str(values["valid_from"])}
    assert officer.post(page, data=form | {"csrf_token": csrf_token(officer, page)}).status_code == 302
    made = db.session.scalars(select(Position)).one()
    bad = form | {"valid_to": str(today - timedelta(days=5)), "csrf_token": csrf_token(officer, page)}
    assert officer.post(page, data=bad).status_code == 400  # ends before it starts
    assert count(Position) == 1

    UserFactory(login="agent1", full_name="Agent", roles=("agent",), unit_codes=("DKS-III",), password=PASSWORD)
    db.session.commit()
    agent = client_of(press_app, "agent1")

    def shown(words: str) -> list[str]:
        results = agent.get(f"/kb/panel/search?q={words}").get_json()["results"]
        return [r["title"] for r in results if r["slug"] == ""]

    assert shown("odsniezanie") == []  # a draft is not shown
    path = f"/press/positions/{made.id}"
    assert officer.post(f"{path}/approve", data={"csrf_token": csrf_token(officer, path)}).status_code == 403
    spokesperson = client_of(press_app, "spokesperson")
    assert spokesperson.post(f"{path}/approve", data={"csrf_token": csrf_token(spokesperson, path)}).status_code == 302
    assert shown("odsniezanie drog") == ["Zimowe utrzymanie dróg"]
    # as a caller says it: the words about the call are not asked of the position (every word must meet it)
    assert shown("dzień dobry, dzwonię w sprawie odśnieżania dróg, z góry dziękuję") == ["Zimowe utrzymanie dróg"]
    results = agent.get("/kb/panel/search?q=zima").get_json()["results"]
    assert results[0]["unit"] == "Stanowisko miasta"  # marked as such in the panel
    fragment = agent.get(results[0]["panel_url"])
    assert fragment.status_code == 200
    assert "Najpierw odśnieżane są trasy autobusów" in fragment.get_data(as_text=True)
    assert shown("basen") == []

    edit = form | {"text": "Inaczej.", "csrf_token": csrf_token(officer, path)}
    assert officer.post(path, data=edit).status_code == 409  # an approved position is not edited under the agents
    spokesperson.post(f"{path}/withdraw", data={"csrf_token": csrf_token(spokesperson, path)})
    assert shown("zima") == []
    assert agent.get(results[0]["panel_url"]).status_code == 404

    later = operations.save_position(people["officer"], values | {"valid_from": today + timedelta(days=3)})
    operations.approve_position(people["spokesperson"], later)
    db.session.commit()
    assert shown("zima") == []  # not yet valid


def test_release_from_draft_to_the_public_page_and_its_atom_feed(press_app: Any, people: Any) -> None:
    officer, spokesperson = client_of(press_app, "officer"), client_of(press_app, "spokesperson")
    page = "/press/releases"
    form = {"title": "Nowy park na Bojarach", "lead": "Park otwarty.", "body": "W sobotę otwarto park."}
    assert officer.post(page, data=form | {"title": " ", "csrf_token": csrf_token(officer, page)}).status_code == 400
    response = officer.post(page, data=form | {"csrf_token": csrf_token(officer, page)})
    assert response.status_code == 302
    made = db.session.scalars(select(Release)).one()
    path = f"/press/releases/{made.id}"

    def step(client: Any, name: str, **extra: str) -> int:
        return client.post(f"{path}/{name}", data={**extra, "csrf_token": csrf_token(client, path)}).status_code

    anonymous = press_app.test_client()
    assert anonymous.get(f"/prasa/{made.id}").status_code == 404  # not published yet
    assert step(officer, "publish") == 302  # refused (flashed): not approved
    db.session.expire_all()
    assert made.state == "draft"
    step(officer, "submit")
    assert step(officer, "approve") == 403
    step(spokesperson, "approve")
    step(officer, "publish")
    db.session.expire_all()
    assert made.state == "published"
    assert made.approved_by.login == "spokesperson"

    public = anonymous.get(f"/prasa/{made.id}").get_data(as_text=True)
    assert "W sobotę otwarto park." in public
    assert "Robert Rzecznik" in public  # who approved it
    assert "Nowy park na Bojarach" in anonymous.get("/prasa/").get_data(as_text=True)

    correction = form | {"body": "W sobotę 5 grudnia otwarto park.", "note": "Dodano datę."}
    officer.post(path, data=correction | {"csrf_token": csrf_token(officer, path)})
    assert count(ReleaseChange) == 0  # only the spokesperson corrects a published release
    assert (
        spokesperson.post(
            path, data=correction | {"note": "", "csrf_token": csrf_token(spokesperson, path)}
        ).status_code
        == 400
    )
    assert spokesperson.post(path, data=correction | {"csrf_token": csrf_token(spokesperson, path)}).status_code == 302
    public = anonymous.get(f"/prasa/{made.id}").get_data(as_text=True)
    assert "Dodano datę." in public
    assert "<ins>5 grudnia </ins>" in public  # the change, word by word

    response = anonymous.get("/prasa/feed.atom")
    assert response.mimetype == "application/atom+xml"
    feed = feedparser.parse(response.get_data())
    assert feed.bozo == 0, feed.bozo_exception
    assert feed.version == "atom10"
    (entry,) = feed.entries
    assert entry.title == "Nowy park na Bojarach"
    assert entry.link.endswith(f"/prasa/{made.id}")
    assert "5 grudnia" in entry.content[0].value
    assert entry.author == "Paulina Prasowa"
    assert entry.updated_parsed >= entry.published_parsed
