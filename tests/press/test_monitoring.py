"""Media monitoring and corrections: clippings with their bad inputs refused, a correction at most twice the fragment
(art. 31a), sent within 21 days of the publication, its publication deadline by medium (art. 32) with the "not
published in time" flag, the letter as an A4 PDF with Polish letters, the weekly report and its CSV export."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from typing import Any

import pypdf
from sqlalchemy import select

from cct import db
from cct.office_calendar import local_today
from press import operations
from press.models import Clipping, Correction, Outlet
from tests.helpers import count, csrf_token
from tests.press.conftest import client_of

PAGE = "/press/monitoring"


def clip(actor: Any, **values: Any) -> Clipping:
    made = operations.save_clipping(
        actor,
        {
            "outlet": "Portal Testowy",
            "medium": "online",
            "published_on": local_today() - timedelta(days=2),
            "title": "Most na Dojlidach nie naprawiony",
            "topics": ["mosty"],
            "tone": "negative",
            "reach": 12000,
        }
        | values,
    )
    db.session.commit()
    return made


def test_a_clipping_is_saved_and_bad_ones_refused(press_app: Any, people: Any) -> None:
    officer = client_of(press_app, "officer")
    good = {
        "outlet": "Portal Testowy",
        "medium": "online",
        "published_on": str(local_today()),
        "title": "Nowy park",
        "url": "https://example.org/park",
        "topics": "zieleń, parki",
        "tone": "positive",
        "reach": "5000",
        "units": ["ZDT", "DGK"],
    }
    cases = [
        ({"published_on": str(local_today() + timedelta(days=1))}, "published_on"),
        ({"url": "javascript:alert(1)"}, "url"),
        ({"reach": "-5"}, "reach"),
        ({"medium": "pigeon"}, "medium"),
        ({"title": ""}, "title"),
        ({"units": ["NOPE"]}, "units"),
    ]
    for changes, field in cases:
        response = officer.post(PAGE, data=good | changes | {"csrf_token": csrf_token(officer, PAGE)})
        assert response.status_code == 400, changes
        assert f'id="{field}-error"' in response.get_data(as_text=True), changes
    assert count(Clipping) == count(Outlet) == 0
    response = officer.post(PAGE, data=good | {"csrf_token": csrf_token(officer, PAGE)})
    assert response.status_code == 302
    made = db.session.scalars(select(Clipping)).one()
    assert (made.outlet.name, made.outlet.kind, made.topics) == ("Portal Testowy", "online", ["zieleń", "parki"])
    assert [unit.code for unit in made.units] == ["DGK", "ZDT"]


def test_a_correction_is_at_most_twice_the_fragment(press_app: Any, people: Any) -> None:
    made = clip(people["officer"])
    officer = client_of(press_app, "officer")
    path = f"{PAGE}/{made.id}"
    fragment = "Most nie został naprawiony."  # 27 characters
    too_long = {"fragment": fragment, "text": "x" * 55, "signatory": "Robert Rzecznik"}
    response = officer.post(path, data=too_long | {"csrf_token": csrf_token(officer, path)})
    assert response.status_code == 400
    assert "Sprostowanie ma 55 znaków" in response.get_data(as_text=True)
    assert "dwukrotność prostowanego fragmentu: 54" in response.get_data(as_text=True)  # the limit, told
    assert count(Correction) == 0
    fits = too_long | {"text": "Most naprawiono w listopadzie; ruch wrócił 20 XI."}
    assert officer.post(path, data=fits | {"csrf_token": csrf_token(officer, path)}).status_code == 302
    assert count(Correction) == 1

    social = clip(people["officer"], outlet="Profil Testowy", medium="social", title="Wpis")
    path = f"{PAGE}/{social.id}"
    assert officer.post(path, data=fits | {"csrf_token": csrf_token(officer, path)}).status_code == 400
    assert count(Correction) == 1


def test_sent_within_21_days_and_flagged_when_not_published_in_time(press_app: Any, people: Any) -> None:
    officer = client_of(press_app, "officer")
    values = {"fragment": "Most nie został naprawiony.", "text": "Most naprawiono.", "signatory": "Robert Rzecznik"}
    old = clip(people["officer"], published_on=local_today() - timedelta(days=25))
    late = operations.draft_correction(people["officer"], old, values)
    db.session.commit()
    path = f"/press/corrections/{late.id}"
    response = officer.post(
        f"{path}/sent", data={"sent_on": str(local_today()), "csrf_token": csrf_token(officer, path)}
    )
    assert response.status_code == 303
    db.session.expire_all()
    assert late.state == "draft"  # 25 days after the publication: refused, with the message shown
    assert "21" in officer.get(path).get_data(as_text=True)

    recent = clip(people["officer"], published_on=local_today() - timedelta(days=20))
    correction = operations.draft_correction(people["officer"], recent, values)
    db.session.commit()
    path = f"/press/corrections/{correction.id}"
    received = local_today() - timedelta(days=10)
    form = {"sent_on": str(received), "received_on": str(received), "csrf_token": csrf_token(officer, path)}
    assert officer.post(f"{path}/sent", data=form).status_code == 303
    db.session.expire_all()
    assert (correction.state, correction.received_on) == ("sent", received)
    page = officer.get(path).get_data(as_text=True)
    assert "nie opublikowano w terminie" in page  # online: 3 working days from ten days ago have passed
    form = {"published_on": str(local_today()), "outcome": "published", "csrf_token": csrf_token(officer, path)}
    assert officer.post(f"{path}/outcome", data=form).status_code == 303
    db.session.expire_all()
    assert correction.state == "published"
    assert "nie opublikowano w terminie" in officer.get(path).get_data(as_text=True)  # published, but late


def test_the_letter_is_an_a4_pdf_in_polish(press_app: Any, people: Any) -> None:
    made = clip(people["officer"], medium="daily", outlet="Gazeta Testowa", author="Jan Żółkiewski")
    correction = operations.draft_correction(
        people["officer"],
        made,
        {
            "fragment": "Most nie został naprawiony.",
            "text": "Most naprawiono — ruch wrócił.",
            "signatory": "Łucja Ślęzak",
        },
    )
    db.session.commit()
    response = client_of(press_app, "officer").get(f"/press/corrections/{correction.id}/letter.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    pdf = pypdf.PdfReader(io.BytesIO(response.get_data()))
    page = pdf.pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)  # A4 in points
    text = "".join(each.extract_text() for each in pdf.pages)
    for expected in ("SPROSTOWANIE", "Most naprawiono — ruch wrócił.", "Łucja Ślęzak", "Jan Żółkiewski", "art. 31a"):
        assert expected in text, expected


def test_weekly_report_and_its_csv_without_live_formulas(press_app: Any, people: Any) -> None:
    monday = local_today() - timedelta(days=local_today().weekday())
    clip(people["officer"], published_on=monday, tone="negative", topics=["mosty"])
    clip(people["officer"], published_on=monday, tone="positive", topics=["mosty", "parki"], title="Park")
    clip(people["officer"], published_on=monday - timedelta(days=1), title="Wycinek sprzed tygodnia")
    clip(people["officer"], published_on=monday, title='=HYPERLINK("http://zlo.example","kliknij")', topics=[])
    officer = client_of(press_app, "officer")
    report = officer.get(f"{PAGE}/report?week={monday.isoformat()}").get_data(as_text=True)
    assert "Wycinków: 3," in report
    assert "mosty" in report
    assert "Wycinek sprzed tygodnia" not in report
    response = officer.get(f"{PAGE}/clippings.csv?week={monday.isoformat()}")
    assert response.mimetype == "text/csv"
    body = response.get_data(as_text=True)
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body.removeprefix("\ufeff"))))
    assert len(rows) == 4  # the header and this week's three
    titles = [row[3] for row in rows[1:]]
    assert '\'=HYPERLINK("http://zlo.example","kliknij")' in titles
    assert not any(title.startswith("=") for title in titles)
    assert officer.get(f"{PAGE}/report?week=nonsense").status_code == 200  # this week, then
