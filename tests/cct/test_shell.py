"""The shell's parts every domain leans on: the request's one unit of work and its error answers per kind of
blueprint, the menus and slots domains fill, and the single rules for ticket numbers and Polish text."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Blueprint, jsonify
from flask_babel import lazy_gettext
from sqlalchemy import select

from cct import db, menu, slots
from cct.auth import operations as accounts
from cct.auth.access import public
from cct.auth.actors import SYSTEM
from cct.errors import Unprocessable, UserError
from cct.org import operations as org
from cct.org.models import Unit
from cct.polish import bare_street, fold, normalise
from cct.web import API, redisplay, register_blueprint
from tests.conftest import FreshContextClient
from tests.helpers import PASSWORD, rolled_back, sign_in
from tickets.numbers import MAX_SEQ, PATTERN, TicketNumber

# -- one unit of work ------------------------------------------------------------------------------------------------


def _add_unit(code: str) -> None:
    org.create_unit(SYSTEM, {"code": code, "name": f"Jednostka {code}", "kind": "department"})


def _routes(blueprint: Blueprint) -> Blueprint:
    """Each route writes a unit, then returns, refuses (400, 422) or fails."""

    @blueprint.get("/")
    @public
    def index() -> Any:
        return "<p>moduł</p>"

    @blueprint.get("/ok/<code>")
    @public
    def ok(code: str) -> Any:
        _add_unit(code)
        return jsonify(done=True)

    @blueprint.get("/refused/<code>")
    @public
    def refused(code: str) -> Any:
        _add_unit(code)
        raise UserError("bad_thing", "Zła rzecz.", "name")

    @blueprint.get("/unprocessable/<code>")
    @public
    def unprocessable(code: str) -> Any:
        redisplay(lambda: "<p>formularz</p>")
        _add_unit(code)
        raise Unprocessable("cannot_take", "Nie da się przyjąć.", "name")

    @blueprint.get("/crash/<code>")
    @public
    def crash(code: str) -> Any:
        _add_unit(code)
        raise RuntimeError("a bug")

    return blueprint


@pytest.fixture
def shell_app(app: Any, make_app: Any) -> Iterator[Any]:
    """An app with two test blueprints, a page (HTML) and an API one, and a menu entry and slot of a test domain."""
    app = make_app()  # on the session app's database, migrated by it
    app.test_client_class = FreshContextClient
    register_blueprint(app, _routes(Blueprint("uow_page", __name__, url_prefix="/uow")))
    register_blueprint(app, _routes(Blueprint("uow_api", __name__, url_prefix="/api/uow")), API)
    menu.add(
        app,
        menu.Entry(lazy_gettext("Próbny moduł"), "uow_page.index", "tickets.view"),
        menu.Entry(lazy_gettext("Próbny link"), "uow_page.index", None, section="footer"),
    )
    slots.fill(app, "dashboard.links", lambda: "<a id='proba'>Próba</a>")
    with rolled_back(app), app.app_context():
        yield app


def _units(code: str) -> list[str]:
    db.session.expire_all()
    return list(db.session.scalars(select(Unit.code).where(Unit.code == code)))


def test_a_request_commits_once_after_its_view(shell_app: Any) -> None:
    response = shell_app.test_client().get("/uow/ok/UOW-OK")
    assert response.status_code == 200
    assert _units("UOW-OK") == ["UOW-OK"]


@pytest.mark.parametrize("prefix", ["/uow", "/api/uow"])
def test_an_error_after_a_write_leaves_nothing_written(shell_app: Any, prefix: str) -> None:
    client = shell_app.test_client()
    refused = client.get(f"{prefix}/refused/UOW-NO")
    crashed = client.get(f"{prefix}/crash/UOW-BUG")
    assert (_units("UOW-NO"), _units("UOW-BUG")) == ([], [])
    assert crashed.status_code == 500
    if prefix == "/api/uow":
        assert refused.status_code == 400
        assert refused.get_json() == {"error": {"code": "bad_thing", "message": "Zła rzecz.", "field": "name"}}
        assert crashed.get_json()["error"]["code"] == "internal_error"
        assert "a bug" not in crashed.get_data(as_text=True)
    else:  # no form to show again: the message is flashed on the page the user came from
        assert (refused.status_code, refused.headers["Location"]) == (303, "/")
        assert "<html" in crashed.get_data(as_text=True)


def test_pages_answer_content_they_cannot_take_400_and_the_api_422(shell_app: Any) -> None:
    client = shell_app.test_client()
    page = client.get("/uow/unprocessable/UOW-P")
    assert (page.status_code, page.get_data(as_text=True)) == (400, "<p>formularz</p>")
    api = client.get("/api/uow/unprocessable/UOW-A")
    assert (api.status_code, api.get_json()["error"]["code"]) == (422, "cannot_take")
    assert (_units("UOW-P"), _units("UOW-A")) == ([], [])


def _signed_in(app: Any, role: str, units: tuple[str, ...] = ()) -> Any:
    login = f"{role.replace('_', '')}{len(units)}"
    accounts.create_user(SYSTEM, login=login, full_name=role, roles=[role], unit_codes=list(units), password=PASSWORD)
    db.session.commit()
    client = app.test_client()
    sign_in(client, login)
    return client


def test_menus_and_slots_show_what_domains_registered(shell_app: Any) -> None:
    anonymous = shell_app.test_client()
    login_page = anonymous.get("/login").get_data(as_text=True)
    assert "Próbny link" in login_page  # a public footer entry
    assert "Próbny moduł" not in login_page  # behind its permission
    agent = _signed_in(shell_app, "agent")
    home = agent.get("/").get_data(as_text=True)
    assert "Próbny moduł" in home
    assert 'href="/telephony/console"' in home  # a real domain's entry, from its init_app
    _add_unit("ZDT")
    staff = _signed_in(shell_app, "unit_staff", ("ZDT",))
    assert 'href="/telephony/console"' not in staff.get("/").get_data(as_text=True)
    supervisor = _signed_in(shell_app, "supervisor")
    assert "<a id='proba'>Próba</a>" in supervisor.get("/tickets/dashboard").get_data(as_text=True)


# -- one rule, one place ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026/000123", TicketNumber(2026, 123)),
        ("2026/123", TicketNumber(2026, 123)),
        ("2026-000123", TicketNumber(2026, 123)),
        (" 2026 / 7 ", TicketNumber(2026, 7)),
        ("2000/1", TicketNumber(2000, 1)),
        ("9999/999999999", TicketNumber(9999, 999_999_999)),
        ("1999/1", None),
        ("2026/0", None),
        ("2026/1234567890", None),
        ("2026/12a", None),
        ("26/12", None),
        ("2026 12", None),
        ("", None),
        (None, None),
    ],
)
def test_ticket_numbers_are_read_in_every_form_people_use(text: str | None, expected: TicketNumber | None) -> None:
    assert TicketNumber.parse(text) == expected


def test_ticket_numbers_are_written_one_way() -> None:
    number = TicketNumber(2026, 7)
    assert (str(number), number.request_id) == ("2026/000007", "2026-000007")
    assert all(re.fullmatch(PATTERN, str(each)) for each in (number, TicketNumber(9999, MAX_SEQ)))  # the API's document
    assert TicketNumber.parse(str(number)) == TicketNumber.parse(number.request_id) == number
    assert sorted([TicketNumber(2027, 1), TicketNumber(2026, 20)]) == [TicketNumber(2026, 20), TicketNumber(2027, 1)]


@pytest.mark.parametrize(
    ("function", "text", "expected"),
    [
        (fold, "Żeromskiego", "zeromskiego"),
        (fold, "ŚMIECI  Łąka", "smieci  laka"),
        (fold, "Crème brûlée", "creme brulee"),
        (normalise, " Ul.  Lipowa ", "ul. lipowa"),
        (normalise, None, ""),
        (bare_street, "ul. Lipowa 14", "lipowa 14"),
        (bare_street, "Aleja  Piłsudskiego", "pilsudskiego"),
        (bare_street, "os. Dziesięciny", "dziesieciny"),
        (bare_street, "Lipowa", "lipowa"),
        (bare_street, "ul.", "ul."),  # a prefix alone is all the street there is
        (bare_street, "Ulanów 3", "ulanow 3"),  # a name that starts like a prefix keeps it
    ],
)
def test_polish_text_compares_as_typed(function: Any, text: str | None, expected: str) -> None:
    assert function(text) == expected


def test_a_permission_nobody_registered_stops_start_up(make_app: Any) -> None:
    from cct.auth.access import check_declared, requires

    app = make_app()
    check_declared(app)  # every domain's views and menu entries name permissions some domain registered
    typo = Blueprint("typo", __name__)

    @typo.get("/typo")
    @requires("tickets.veiw")
    def view() -> str:
        return ""

    app.register_blueprint(typo)
    with pytest.raises(KeyError, match=r"tickets\.veiw"):
        check_declared(app)
