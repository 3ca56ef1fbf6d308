"""BIP records on both databases: an entry published with the metadata the BIP regulation asks for under it, a
change with its reason in the register of changes (every version: who, when, why, what), the public page and the
Atom feed; bad input refused with nothing written."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import feedparser
import pytest

from cct import db
from cct.office_calendar import local_today
from chancery.bip import queries
from chancery.bip.models import BipEntry, BipVersion
from tests.chancery.conftest import client_of
from tests.helpers import count, csrf_token


def _form(**values: str) -> dict[str, str]:
    return {
        "title": "Godziny pracy infolinii",
        "content": "Infolinia odbiera w dni robocze.",
        "produced_by": "Katarzyna Kierownik",
        "produced_on": "2026-11-02",
    } | values


def test_an_entry_published_changed_and_shown_with_its_metadata_and_register(
    chancery_app: Any, people: dict[str, Any]
) -> None:
    clerk = client_of(chancery_app, "clerk")
    token = csrf_token(clerk, "/chancery/bip/")
    assert clerk.post("/chancery/bip/", data=_form() | {"csrf_token": token}).status_code == 302
    entry = queries.entries()[0]
    page = f"/chancery/bip/{entry.id}"
    change = _form(content="Infolinia odbiera od poniedziałku do piątku.") | {"csrf_token": token}
    assert clerk.post(page, data=change | {"reason": ""}).status_code == 400  # a change says why
    assert clerk.post(page, data=_form() | {"reason": "nic", "csrf_token": token}).status_code == 400  # nothing changed
    assert clerk.post(page, data=change | {"reason": "doprecyzowanie dni"}).status_code == 303
    db.session.expire_all()
    versions = db.session.get(BipEntry, entry.id).versions
    assert [(v.version, v.reason, v.changed_by_name) for v in versions] == [
        (1, "publication", "Kamila Kancelaryjna"),
        (2, "doprecyzowanie dni", "Kamila Kancelaryjna"),
    ]
    assert versions[0].content == "Infolinia odbiera w dni robocze."
    public = chancery_app.test_client()
    shown = public.get("/bip/").get_data(as_text=True)
    for text in (
        "Godziny pracy infolinii",
        "Wytworzył(a)",
        "Katarzyna Kierownik",
        "02.11.2026",
        "Wprowadził(a)",
        "Kamila Kancelaryjna",
        "Data udostępnienia",
        "Rejestr zmian: 2 wersje",
    ):
        assert text in shown
    one = public.get(f"/bip/{entry.id}").get_data(as_text=True)
    assert "doprecyzowanie dni" in one
    assert "publikacja" in one
    # the public register names the change; the words taken out are not shown again (personal data removed by
    # mistake must go); the clerk's page shows them
    assert "w dni robocze" not in one
    assert "<del>" in clerk.get(page).get_data(as_text=True)
    response = public.get("/bip/atom.xml")
    assert response.mimetype == "application/atom+xml"
    feed = feedparser.parse(response.get_data())
    assert feed.bozo == 0, feed.bozo_exception
    (item,) = feed.entries
    assert item.title == "Godziny pracy infolinii"
    assert item.link.endswith(f"/bip/{entry.id}")
    assert item.author == "Katarzyna Kierownik"
    assert "od poniedziałku do piątku" in item.content[0].value


@pytest.mark.parametrize(
    "changes",
    [
        {"title": ""},
        {"content": "   "},
        {"produced_by": ""},
        {"produced_on": "TOMORROW"},
        {"produced_on": "2026-02-30"},
    ],
)
def test_a_bad_entry_is_refused_with_nothing_written(
    chancery_app: Any, people: dict[str, Any], changes: dict[str, str]
) -> None:
    clerk = client_of(chancery_app, "clerk")
    tomorrow = (local_today() + timedelta(days=1)).isoformat()
    changes = {key: tomorrow if value == "TOMORROW" else value for key, value in changes.items()}
    answer = clerk.post("/chancery/bip/", data=_form(**changes) | {"csrf_token": csrf_token(clerk, "/chancery/bip/")})
    assert answer.status_code == 400
    assert (count(BipEntry), count(BipVersion)) == (0, 0)


def test_only_the_chancery_desk_publishes(chancery_app: Any, people: dict[str, Any]) -> None:
    agent = client_of(chancery_app, "agent")
    assert agent.get("/chancery/bip/").status_code == 403
    assert chancery_app.test_client().get("/bip/").status_code == 200
    assert chancery_app.test_client().get("/bip/999").status_code == 404
