"""Who may open what: a table of role × page, checked through real requests; everything else is denied."""

from __future__ import annotations

from typing import Any

import pytest

from cct.auth.access import PUBLIC, permission_of
from tests.helpers import sign_in

ROLES = ("admin", "supervisor", "agent", "editor", "unit_staff", "press", "spokesperson", "chancery")
# page -> roles that may open it; written out by hand, so a change to the permission map shows up here.
PAGES: dict[str, set[str]] = {
    "/": set(ROLES),
    "/account": set(ROLES),
    "/units/": set(ROLES),
    "/units/new": {"admin"},
    "/units/DKS/edit": {"admin"},
    "/admin/users/": {"admin"},
    "/admin/users/new": {"admin"},
    "/admin/jobs/": {"admin"},
    "/admin/audit": {"admin", "supervisor"},
    "/press/": {"admin", "press", "spokesperson"},
    "/press/enquiries": {"admin", "press", "spokesperson"},
    "/press/enquiries/new": {"admin", "press", "spokesperson"},
    "/press/contacts": {"admin", "press", "spokesperson"},
    "/press/authorisations": {"admin", "press", "spokesperson"},
    "/press/positions": {"admin", "press", "spokesperson"},
    "/press/releases": {"admin", "press", "spokesperson"},
    "/press/answers": {"admin", "press", "spokesperson"},
    "/press/monitoring": {"admin", "press", "spokesperson"},
    "/press/figures": {"admin", "press", "spokesperson"},
    "/press/monitoring/report": {"admin", "press", "spokesperson"},
    "/press/conferences": {"admin", "press", "spokesperson"},
    "/press/calendar": {"admin", "press", "spokesperson"},
    "/press/calendar/subscribe": {"admin", "press", "spokesperson"},
    "/press/signals": {"admin", "press", "spokesperson"},
    "/press/campaigns": {"admin", "press", "spokesperson"},
    "/press/surveys": {"admin", "press", "spokesperson"},
    "/chancery/": {"admin", "chancery"},
    "/chancery/letters": {"admin", "chancery"},
    "/chancery/letters/new": {"admin", "chancery"},
    "/chancery/cases": {"admin", "chancery"},
    "/chancery/cases/new": {"admin", "chancery"},
    "/chancery/case-list": {"admin", "chancery"},
    "/chancery/jrwa": {"admin", "chancery"},
    "/chancery/outgoing": {"admin", "chancery"},
    "/chancery/outgoing/book": {"admin", "chancery"},
    # the HR registers: the clerk and the Director only, not administrators
    "/chancery/hr/": {"chancery", "spokesperson"},
    "/chancery/hr/exits": {"chancery", "spokesperson"},
    "/chancery/hr/trips": {"chancery", "spokesperson"},
    "/chancery/hr/leave": {"chancery", "spokesperson"},
    "/chancery/hr/attendance": {"chancery", "spokesperson"},
    "/chancery/hr/rates": {"chancery", "spokesperson"},
    "/chancery/hr/employees/new": {"chancery", "spokesperson"},
    "/chancery/supplies/": {"chancery", "spokesperson"},
    "/chancery/supplies/mine": set(ROLES) - {"unit_staff"},  # the department's staff; other units have their own
    "/chancery/inventory/": {"admin", "chancery"},
    "/chancery/inventory/sheet.pdf": {"admin", "chancery"},
    "/chancery/bip/": {"admin", "chancery"},
}


@pytest.mark.parametrize("role", ROLES)
def test_role_page_table(role: str, client: Any, make_user: Any) -> None:
    make_user.unit("DKS")
    user = make_user(role)
    assert sign_in(client, user.login).status_code == 302
    outcome = {page: client.get(page).status_code for page in PAGES}
    expected = {page: (200 if role in allowed else 403) for page, allowed in PAGES.items()}
    assert outcome == expected


def test_anonymous_is_sent_to_sign_in_with_the_page_to_return_to(client: Any) -> None:
    for page in PAGES:
        response = client.get(page)
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/login?next=")


def test_denied_page_is_polish_403(client: Any, make_user: Any) -> None:
    sign_in(client, make_user("agent").login)
    response = client.get("/admin/users/")
    assert response.status_code == 403
    assert "Brak dostępu" in response.get_data(as_text=True)


def test_navigation_shows_only_what_the_role_may_open(client: Any, make_user: Any) -> None:
    sign_in(client, make_user("agent").login)
    html = client.get("/").get_data(as_text=True)
    assert 'href="/units/"' in html
    assert 'href="/admin/users/"' not in html
    assert 'href="/admin/jobs/"' not in html


def test_every_endpoint_declares_its_access(isolated: Any) -> None:
    undeclared = [rule.endpoint for rule in isolated.url_map.iter_rules() if permission_of(rule.endpoint) is None]
    assert undeclared == []
    public = sorted(rule.rule for rule in isolated.url_map.iter_rules() if permission_of(rule.endpoint) == PUBLIC)
    assert public == [
        "/api/v1/openapi.json",
        "/api/v1/public/kb/search",
        # the chancery's BIP records: public by law (UDIP art. 8), with their Atom feed
        "/bip/",
        "/bip/<int:entry_id>",
        "/bip/atom.xml",
        "/faq/",
        "/faq/<slug>",
        "/healthz",
        "/kb/static/<path:filename>",
        "/language",
        "/login",
        # Open311 GeoReport v2: public by the spec (posting needs an api_key instead of a session)
        "/open311/v2/<path:anything>",
        "/open311/v2/discovery.<fmt>",
        "/open311/v2/requests.<fmt>",
        "/open311/v2/requests.<fmt>",
        "/open311/v2/requests/<service_request_id>.<fmt>",
        "/open311/v2/services.<fmt>",
        "/open311/v2/services/<code>.<fmt>",
        "/open311/v2/tokens/<token>.<fmt>",
        "/prasa/",
        "/prasa/<int:release_id>",
        "/prasa/feed.atom",
        "/prasa/konferencje/",
        "/prasa/konferencje/<int:conference_id>",
        "/prasa/konferencje/kalendarz.ics",
        # a calendar application cannot sign in: the personal token in the address opens it (tests/press)
        "/press/calendar/<token>.ics",
        "/press/static/<path:filename>",
        "/static/<path:filename>",
        # Twilio's webhooks: no session, a valid X-Twilio-Signature instead (tests/telephony)
        "/telephony/ivr",
        "/telephony/recording",
        "/telephony/sms",
        "/telephony/sms-status",
        "/telephony/static/<path:filename>",
        "/telephony/status",
        "/telephony/voice",
        "/tickets/static/<path:filename>",
        # residents' reports: the form, the map and list, the status lookup, open reports near a place being
        # reported (tests/tickets/test_reports.py, test_nearby_reports.py)
        "/zgloszenia/mapa",
        "/zgloszenia/moje",
        "/zgloszenia/moje/<int:year>/<int:seq>",
        "/zgloszenia/moje/<int:year>/<int:seq>/dodaj",
        "/zgloszenia/moje/<int:year>/<int:seq>/zgody",
        "/zgloszenia/moje/kod",
        "/zgloszenia/moje/wyloguj",
        "/zgloszenia/nowe",
        "/zgloszenia/przyjete",
        "/zgloszenia/static/<path:filename>",
        "/zgloszenia/status",
        "/zgloszenia/w-poblizu",
    ]


def test_a_view_without_declaration_is_denied(make_app: Any) -> None:
    app = make_app()

    @app.route("/forgotten")
    def forgotten() -> str:
        return "should never be seen"

    response = app.test_client().get("/forgotten")
    assert response.status_code == 302  # anonymous: sign in first
    assert "should never be seen" not in response.get_data(as_text=True)
