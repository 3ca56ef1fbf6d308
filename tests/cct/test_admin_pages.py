"""Administrators manage accounts and units in the UI; bad input is refused with a message and writes nothing."""

from __future__ import annotations

import re
from typing import Any

import pytest
from sqlalchemy import select

from cct import db
from cct.audit.models import AuditEntry
from cct.auth.actors import SYSTEM
from cct.auth.models import User
from cct.org.models import Unit
from tests.helpers import count, csrf_token, sign_in


@pytest.fixture
def admin_client(client: Any, make_user: Any) -> Any:
    sign_in(client, make_user("admin", login="boss").login)
    return client


def post_form(client: Any, path: str, data: dict[str, Any]) -> Any:
    return client.post(path, data={**data, "csrf_token": csrf_token(client, path)})


def test_admin_creates_a_unit_staff_account(admin_client: Any, make_user: Any) -> None:
    make_user.unit("ZDT")
    response = post_form(
        admin_client,
        "/admin/users/new",
        {
            "login": "Jan.Drogowy",
            "full_name": "Jan Drogowy",
            "roles": ["unit_staff"],
            "units": ["ZDT"],
            "password": "long-enough-secret",
        },
    )
    assert response.status_code == 302
    user = db.session.scalar(select(User).where(User.login == "jan.drogowy"))
    assert user is not None
    assert sorted(user.roles) == ["unit_staff"]
    assert [unit.code for unit in user.units] == ["ZDT"]
    entry = db.session.scalar(
        select(AuditEntry).where(AuditEntry.action == "user.created").order_by(AuditEntry.id.desc())
    )
    assert entry.changes["login"] == [None, "jan.drogowy"]
    assert entry.actor_id == db.session.scalar(select(User.id).where(User.login == "boss"))
    assert sign_in(admin_client.application.test_client(), "jan.drogowy", "long-enough-secret").status_code == 302


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"login": "x", "full_name": "X", "roles": ["agent"]}, "Login ma 2–64 znaki"),
        ({"login": "boss", "full_name": "X", "roles": ["agent"]}, "Login boss jest już zajęty."),
        ({"login": "nobody1", "full_name": "X", "roles": []}, "Wybierz co najmniej jedną rolę."),
        ({"login": "nobody2", "full_name": "X", "roles": ["wizard"]}, "Spoza listy: wizard."),
        (
            {"login": "nobody3", "full_name": "X", "roles": ["unit_staff"]},
            "musi należeć do co najmniej jednej jednostki",
        ),
        ({"login": "nobody4", "full_name": "X", "roles": ["agent"], "password": "short"}, "co najmniej 10 znaków"),
        ({"login": "nobody5", "full_name": "X", "roles": ["agent"], "units": ["NOPE"]}, "Spoza listy: NOPE."),
        ({"login": "nobody6", "full_name": "", "roles": ["agent"]}, "To pole jest wymagane."),
    ],
)
def test_bad_account_input_is_refused_and_nothing_is_written(
    admin_client: Any, data: dict[str, Any], message: str
) -> None:
    users_before, audit_before = count(User), count(AuditEntry)
    response = post_form(admin_client, "/admin/users/new", data)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert count(User) == users_before
    assert count(AuditEntry) == audit_before


def test_admin_changes_roles_and_the_change_is_audited(admin_client: Any, make_user: Any) -> None:
    agent = make_user("agent")
    response = post_form(
        admin_client,
        f"/admin/users/{agent.login}",
        {"full_name": agent.full_name, "roles": ["agent", "editor"], "active": "y"},
    )
    assert response.status_code == 302
    db.session.refresh(agent)
    assert sorted(agent.roles) == ["agent", "editor"]
    entry = db.session.scalar(
        select(AuditEntry).where(AuditEntry.action == "user.updated").order_by(AuditEntry.id.desc())
    )
    assert entry.changes["roles"] == [["agent"], ["agent", "editor"]]
    assert "user.updated" in admin_client.get("/admin/audit").get_data(as_text=True)


def test_admin_cannot_lock_themself_out(admin_client: Any) -> None:
    response = post_form(admin_client, "/admin/users/boss", {"full_name": "Boss", "roles": ["agent"], "active": "y"})
    assert response.status_code == 400
    assert "Nie możesz odebrać sobie roli administratora" in response.get_data(as_text=True)
    boss = db.session.scalar(select(User).where(User.login == "boss"))
    db.session.refresh(boss)
    assert sorted(boss.roles) == ["admin"]


def test_admin_lifts_the_sign_in_delay_of_an_account(admin_client: Any, make_user: Any) -> None:
    agent = make_user("agent")
    client = admin_client.application.test_client()
    for _ in range(5):  # [security] login_max_failures
        sign_in(client, agent.login, "wrong-password")
    listing = admin_client.get("/admin/users/").get_data(as_text=True)
    assert "logowanie wstrzymane do" in listing
    response = admin_client.post(
        f"/admin/users/{agent.login}/lift-delays", data={"csrf_token": csrf_token(admin_client, "/admin/users/")}
    )
    assert response.status_code == 302
    assert "logowanie wstrzymane do" not in admin_client.get("/admin/users/").get_data(as_text=True)
    assert sign_in(client, agent.login).status_code == 302
    token = csrf_token(admin_client, "/admin/users/")
    assert admin_client.post("/admin/users/nobody/lift-delays", data={"csrf_token": token}).status_code == 404


def test_unknown_account_page_is_404(admin_client: Any) -> None:
    assert admin_client.get("/admin/users/no-such-login").status_code == 404


def test_admin_adds_a_unit_with_phone_in_e164(admin_client: Any, make_user: Any) -> None:
    make_user.unit("DKS")
    response = post_form(
        admin_client,
        "/units/new",
        {
            "code": "dks-iv",
            "name": "Nowy referat",
            "kind": "department",
            "parent_code": "DKS",
            "phone": "85 869 60 00",
            "email": "Referat@Example.PL",
            "active": "y",
        },
    )
    assert response.status_code == 302
    unit = db.session.scalar(select(Unit).where(Unit.code == "DKS-IV"))
    assert unit.phone == "+48858696000"
    assert unit.parent.code == "DKS"
    assert unit.email == "Referat@example.pl"
    listing = admin_client.get("/units/?q=referat").get_data(as_text=True)
    assert "85 869 60 00" in listing


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"code": "bad code!", "name": "X", "kind": "department"}, "Kod jednostki ma 1–32 znaki"),
        ({"code": "TAKEN", "name": "X", "kind": "department"}, "Kod TAKEN jest już używany."),
        ({"code": "NEWU", "name": "X", "kind": "department", "phone": "12"}, "12 nie jest poprawnym numerem telefonu."),
        (
            {"code": "NEWU", "name": "X", "kind": "department", "email": "not-an-email"},
            "not-an-email nie jest poprawnym adresem e-mail.",
        ),
        ({"code": "NEWU", "name": "X", "kind": "spaceship"}, "Nieprawidłowy wybór"),
        ({"code": "NEWU", "name": "X", "kind": "department", "parent_code": "NOPE"}, "Nie ma jednostki o kodzie NOPE."),
        ({"code": "NEWU", "name": "", "kind": "department"}, "To pole jest wymagane."),
    ],
)
def test_bad_unit_input_is_refused_and_nothing_is_written(
    admin_client: Any, make_user: Any, data: dict[str, Any], message: str
) -> None:
    make_user.unit("TAKEN")
    before = count(Unit)
    response = post_form(admin_client, "/units/new", data)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert count(Unit) == before


def test_unit_cannot_be_moved_under_its_own_sub_unit(admin_client: Any, make_user: Any) -> None:
    from cct.org import operations as org

    org.create_unit(SYSTEM, {"code": "TOP", "name": "Top", "kind": "department"})
    org.create_unit(SYSTEM, {"code": "SUB", "name": "Sub", "kind": "department", "parent_code": "TOP"})
    db.session.commit()
    response = post_form(
        admin_client,
        "/units/TOP/edit",
        {"code": "TOP", "name": "Top", "kind": "department", "parent_code": "SUB", "active": "y"},
    )
    assert response.status_code == 400
    assert "nie może podlegać sobie" in response.get_data(as_text=True)
    top = db.session.scalar(select(Unit).where(Unit.code == "TOP"))
    db.session.refresh(top)
    assert top.parent_id is None


def test_deactivated_unit_leaves_the_directory(admin_client: Any, make_user: Any) -> None:
    make_user.unit("OLD")
    response = post_form(admin_client, "/units/OLD/edit", {"code": "OLD", "name": "Old unit", "kind": "department"})
    assert response.status_code == 302
    assert ">OLD<" not in admin_client.get("/units/").get_data(as_text=True)
    assert ">OLD<" in admin_client.get("/units/?inactive=1").get_data(as_text=True)
    assert admin_client.get("/units/NOPE/edit").status_code == 404


def test_audit_log_narrowed_by_what_and_person_a_page_at_a_time(admin_client: Any, make_user: Any) -> None:
    from cct.audit import queries as audit_queries

    agent = make_user("agent")
    rows = [("token.created", agent.id)] * (audit_queries.PAGE + 5) + [("unit.created", None)]  # over a page
    db.session.add_all(AuditEntry(action=action, actor_id=who, object_type="User", changes={}) for action, who in rows)
    db.session.commit()

    first = admin_client.get("/admin/audit?what=token.created&who=" + agent.login).get_data(as_text=True)
    assert first.count("<td>Wydano token API</td>") == audit_queries.PAGE  # the action's name, not its code
    assert "token.created</td>" not in first
    assert "Utworzono jednostkę</td>" not in first
    older = re.search(r'href="(/admin/audit\?[^"]*before=\d+[^"]*)"', first)
    assert older is not None
    second = admin_client.get(older.group(1).replace("&amp;", "&")).get_data(as_text=True)
    assert second.count("<td>Wydano token API</td>") == 5  # the filters go with the next page
    assert "Starsze wpisy" not in second
    assert "<td>Utworzono jednostkę</td>" in admin_client.get("/admin/audit?what=unit.created").get_data(as_text=True)
    nobody = admin_client.get("/admin/audit?who=nikt").get_data(as_text=True)
    assert "Nic nie pasuje do filtrów." in nobody
    for query in (
        "what=nope",
        "type=nope",
        "before=x",
        "before=-1",
        "before=99999999999999999999",
        "who=" + "x" * 500,
        "object=" + "9" * 500,
        "type=" + "x" * 500,
        "type=Ticket'--",
        "_method=X",  # a key url_for reserves: never carried to the next page's link
        "_anchor=x&_scheme=javascript&what=token.created",
    ):
        response = admin_client.get("/admin/audit?" + query)
        assert response.status_code == 200, query
        older_links = re.findall(r'href="(/admin/audit\?[^"]*before=[^"]*)"', response.get_data(as_text=True))
        assert not any("_method" in link or "_anchor" in link for link in older_links), query


def test_audit_log_by_object_and_period_with_names(admin_client: Any, make_user: Any) -> None:
    from datetime import UTC, datetime

    agent = make_user("agent")
    other = make_user("agent")
    at = datetime(2026, 3, 1, 23, 30, tzinfo=UTC)  # 2 March, 00:30 in Warsaw
    db.session.add_all(
        [
            AuditEntry(action="user.updated", actor_id=None, object_type="User", object_id=str(agent.id), at=at),
            AuditEntry(action="user.updated", actor_id=None, object_type="User", object_id=str(other.id), at=at),
            AuditEntry(action="user.sign_in_delayed", actor_id=None, object_type="User", object_id=str(agent.id)),
        ]
    )
    db.session.commit()
    page = admin_client.get(f"/admin/audit?type=User&object={agent.id}").get_data(as_text=True)
    rows = page.split("<tbody>")[1].split("</tbody>")[0]
    shown = rows.count("<tr>")
    assert shown == rows.count(f'<a href="/admin/users/{agent.login}">{agent.full_name} ({agent.login})</a>') >= 2
    assert other.login not in rows
    assert "Konto:" in page
    in_march = admin_client.get(f"/admin/audit?type=User&object={agent.id}&since=2026-03-02&until=2026-03-02")
    text = in_march.get_data(as_text=True)
    assert text.count("<td>Zmieniono konto</td>") == 1
    assert "Wstrzymano logowanie" not in text.split("<tbody>")[1]
    the_day_before = admin_client.get("/admin/audit?since=2026-03-01&until=2026-03-01").get_data(as_text=True)
    assert "Zmieniono konto" not in the_day_before.split("<tbody>")[1]  # local dates, not UTC ones
    for query, message in (
        ("since=2026-13-01", "Podaj datę w postaci RRRR-MM-DD"),
        ("since=0001-01-01", "Podaj datę w postaci RRRR-MM-DD"),
        ("since=2026-03-02&until=2026-03-01", "Koniec okresu przypada przed jego początkiem."),
    ):
        refused = admin_client.get("/admin/audit?" + query)
        assert refused.status_code == 200
        assert message in refused.get_data(as_text=True)
        assert 'aria-invalid="true"' in refused.get_data(as_text=True)
