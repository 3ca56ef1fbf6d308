"""Residents' reports from the public form: a ticket (channel web) with its photos stripped of metadata; every bad
input refused with a message and nothing stored; spam protection; the public map and list without personal data."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from sqlalchemy import func, select

from cct import db
from cct.auth.actors import SYSTEM
from tests.helpers import csrf_from_html
from tickets import operations as tickets
from tickets.models import Attachment, Ticket
from tickets.reports import streets
from tickets.reports.models import ReportSubmission

FORM = "/zgloszenia/nowe"
MAP = "/zgloszenia/mapa"
LIPOWA = (53.13260, 23.15910)  # a point in the centre of Białystok


def jpeg_with_metadata(width: int = 40, height: int = 20) -> bytes:
    """A photo as a phone takes it: EXIF with the camera, GPS position and "turn 90° to show" orientation."""
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: rotate 90° clockwise to display
    exif[0x010F] = "Aparat Testowy"
    gps = exif.get_ifd(0x8825)
    gps.update({1: "N", 2: (53.0, 8.0, 1.5), 3: "E", 4: (23.0, 9.0, 2.5)})
    out = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(out, "JPEG", exif=exif.tobytes(), comment=b"Jan Kowalski")
    return out.getvalue()


def png_with_metadata() -> bytes:
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Jan Kowalski")
    exif = Image.Exif()
    exif[0x010F] = "Aparat Testowy"
    out = io.BytesIO()
    Image.new("RGBA", (30, 30), (0, 120, 0, 128)).save(out, "PNG", pnginfo=info, exif=exif.tobytes())
    return out.getvalue()


def good_form(**changes: Any) -> dict[str, Any]:
    form: dict[str, Any] = {
        "category": "drogi-dziury",
        "description": "Głęboka dziura w jezdni przy przejściu dla pieszych.",
        "street": "Lipowa",
        "house_number": "14",
        "lat": "",
        "lon": "",
        "name": "Jan Kowalski",
        "phone": "600 100 200",
        "email": "jan@example.org",
        "updates": "y",
        "website": "",
    }
    form.update(changes)
    return {key: value for key, value in form.items() if value is not None}


def send(client: Any, form: dict[str, Any], photos: list[tuple[bytes, str]] = (), **kwargs: Any) -> Any:  # type: ignore[assignment]
    page = client.get(FORM, **kwargs)
    assert page.status_code == 200
    data = {**form, "csrf_token": csrf_from_html(page.get_data(as_text=True))}
    data["photos"] = [(io.BytesIO(content), name) for content, name in photos]
    return client.post(FORM, data=data, content_type="multipart/form-data", **kwargs)


def stored() -> tuple[int, int, int]:
    db.session.expire_all()
    return (
        db.session.scalar(select(func.count()).select_from(Ticket)) or 0,
        db.session.scalar(select(func.count()).select_from(Attachment)) or 0,
        db.session.scalar(select(func.count()).select_from(ReportSubmission)) or 0,
    )


def newest() -> Ticket:
    db.session.expire_all()
    ticket = db.session.scalars(select(Ticket).order_by(Ticket.id.desc())).first()
    assert ticket is not None
    return ticket


def test_the_form_offers_public_matters_and_the_street_list(city: Any, client: Any) -> None:
    html = client.get(FORM).get_data(as_text=True)
    assert 'value="drogi-dziury"' in html
    assert 'value="oswietlenie"' in html
    assert 'value="dowody"' not in html  # ID cards are not reported from the street
    assert '<option value="ul. Lipowa">' in html
    assert 'list="street-names"' in html
    assert 'name="website"' in html  # the honeypot


def test_a_report_with_a_photo_becomes_a_routed_web_ticket(city: Any, client: Any) -> None:
    response = send(client, good_form(), [(jpeg_with_metadata(), "IMG_0001.JPG")])
    assert response.status_code == 303
    received = client.get(response.headers["Location"]).get_data(as_text=True)
    ticket = newest()
    assert ticket.number in received
    assert ticket.public_code in received
    assert (ticket.channel, ticket.category.code, ticket.unit.code, ticket.state) == (
        "web",
        "drogi-dziury",
        "ZDT",
        "routed",
    )
    assert ticket.address == "ul. Lipowa 14"
    assert (ticket.resident_name, ticket.resident_phone, ticket.resident_email) == (
        "Jan Kowalski",
        "+48600100200",
        "jan@example.org",
    )
    assert ticket.consent_sms
    assert ticket.consent_email
    assert ticket.subject == "Głęboka dziura w jezdni przy przejściu dla pieszych."
    assert ticket.resolution_due is not None
    assert stored() == (1, 1, 1)
    # the code and number show the report to its author
    status = client.get("/zgloszenia/status", query_string={"number": ticket.number, "code": ticket.public_code})
    assert status.status_code == 200


def test_the_stored_photo_has_no_metadata_and_is_upright(city: Any, client: Any) -> None:
    original = jpeg_with_metadata()
    assert send(client, good_form(), [(original, "IMG_0001.JPG")]).status_code == 303
    attachment = db.session.scalars(select(Attachment)).one()
    assert (attachment.content_type, attachment.filename) == ("image/jpeg", "IMG_0001.jpg")
    data = attachment.data
    assert b"Exif" not in data
    assert b"Aparat Testowy" not in data
    assert b"Jan Kowalski" not in data
    with Image.open(io.BytesIO(data)) as photo:
        assert photo.format == "JPEG"
        assert dict(photo.getexif()) == {}
        assert photo.size == (20, 40)  # turned as its orientation said, then the orientation dropped
        assert "comment" not in photo.info


def test_png_metadata_is_removed_too(city: Any, client: Any) -> None:
    assert send(client, good_form(), [(png_with_metadata(), "plan.png")]).status_code == 303
    data = db.session.scalars(select(Attachment)).one().data
    assert b"Jan Kowalski" not in data
    assert b"Aparat Testowy" not in data
    with Image.open(io.BytesIO(data)) as photo:
        assert (photo.format, photo.mode, photo.size) == ("PNG", "RGBA", (30, 30))
        assert dict(photo.getexif()) == {}
        assert "Author" not in photo.info


def test_a_point_on_the_map_is_a_place_without_a_street(city: Any, client: Any) -> None:
    form = good_form(street="", house_number="", lat=str(LIPOWA[0]), lon=str(LIPOWA[1]), updates=None)
    assert send(client, form).status_code == 303
    ticket = newest()
    assert (ticket.lat, ticket.lon, ticket.address) == (LIPOWA[0], LIPOWA[1], None)
    assert not ticket.consent_sms


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"category": ""}, "Wybierz, czego dotyczy zgłoszenie."),
        ({"category": "dowody"}, "Wybierz, czego dotyczy zgłoszenie."),
        ({"category": "nie-ma-takiej"}, "Wybierz, czego dotyczy zgłoszenie."),
        ({"description": ""}, "Opisz problem w kilku słowach."),
        ({"description": "dziura"}, "Opisz problem w kilku słowach."),
        ({"description": "x" * 4001}, "4000"),
        ({"street": "", "house_number": ""}, "Wybierz ulicę albo zaznacz miejsce na mapie."),
        ({"street": "Baker Street"}, "Nie ma ulicy Baker Street"),
        ({"house_number": "14; DROP"}, "Numer domu to cyfry i litery"),
        ({"street": "", "house_number": "14", "lat": "53.13", "lon": "23.16"}, "Podaj ulicę tego numeru domu."),
        ({"street": "", "house_number": "", "lat": "abc", "lon": "23.1"}, "Punkt na mapie jest nieprawidłowy"),
        ({"street": "", "house_number": "", "lat": "52.2297", "lon": "21.0122"}, "poza Białymstokiem"),
        ({"phone": "", "email": ""}, "Podaj numer telefonu albo adres e-mail"),
        ({"phone": "12"}, "12 nie jest poprawnym numerem telefonu."),
        ({"email": "nie-adres"}, "nie-adres nie jest poprawnym adresem e-mail."),
    ],
)
def test_bad_input_is_refused_with_a_message_and_nothing_stored(
    city: Any, client: Any, changes: dict[str, str], message: str
) -> None:
    response = send(client, good_form(**changes), [(jpeg_with_metadata(), "a.jpg")])
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert message in html
    assert 'aria-invalid="true"' in html
    assert stored() == (0, 0, 0)


def test_every_mistake_is_named_at_once(city: Any, client: Any) -> None:
    form = good_form(category="", description="", street="Baker Street", phone="12", email="nie-adres")
    response = send(client, form, [(pdf(), "skan.pdf")])
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    for message in (
        "Wybierz, czego dotyczy zgłoszenie.",
        "Opisz problem w kilku słowach.",
        "Nie ma ulicy Baker Street",
        "skan.pdf nie jest zdjęciem JPEG ani PNG.",
        "12 nie jest poprawnym numerem telefonu.",
        "nie-adres nie jest poprawnym adresem e-mail.",
    ):
        assert message in html
    assert html.count('aria-invalid="true"') == 6  # category, description, street, photos, phone, e-mail
    assert stored() == (0, 0, 0)


def fake_jpeg() -> bytes:
    return b"\xff\xd8\xff\xe0" + b"not really a picture" * 20


def pdf() -> bytes:
    return b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.mark.parametrize(
    ("photos", "message"),
    [
        ([(pdf(), "skan.pdf")], "skan.pdf nie jest zdjęciem JPEG ani PNG."),
        ([(fake_jpeg(), "dziura.jpg")], "dziura.jpg nie jest zdjęciem JPEG ani PNG."),
        ([(b"GIF89a" + b"\x00" * 50, "anim.gif")], "anim.gif nie jest zdjęciem JPEG ani PNG."),
        ([(jpeg_with_metadata(), f"{n}.jpg") for n in range(4)], "Najwyżej 3 zdjęcia."),
    ],
)
def test_bad_uploads_are_refused_and_nothing_stored(
    city: Any, client: Any, photos: list[tuple[bytes, str]], message: str
) -> None:
    response = send(client, good_form(), photos)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert stored() == (0, 0, 0)


def test_a_photo_over_the_limit_is_refused(city_app: Any) -> None:
    big = io.BytesIO()
    Image.effect_noise((200, 200), 50).convert("RGB").save(big, "JPEG", quality=95)
    with city_app(reports={"photo_max_mb": 0.001}) as app:  # about 1 kB
        response = send(app.test_client(), good_form(), [(big.getvalue(), "duze.jpg")])
        assert response.status_code == 400
        assert "duze.jpg: zdjęcie jest za duże (najwyżej 0.001 MB)." in response.get_data(as_text=True)
        assert stored() == (0, 0, 0)


def test_a_decompression_bomb_is_not_a_photo(city: Any, client: Any) -> None:
    bomb = io.BytesIO()
    Image.new("1", (9000, 9000)).save(bomb, "PNG")  # 81 megapixels in a few kilobytes
    response = send(client, good_form(), [(bomb.getvalue(), "bomba.png")])
    assert response.status_code == 400
    assert "bomba.png nie jest zdjęciem JPEG ani PNG." in response.get_data(as_text=True)
    assert stored() == (0, 0, 0)


def test_the_honeypot_catches_a_bot(city: Any, client: Any) -> None:
    response = send(client, good_form(website="http://spam.example"))
    assert response.status_code == 400
    assert "Nie udało się przyjąć zgłoszenia." in response.get_data(as_text=True)
    assert stored() == (0, 0, 0)


def test_a_form_without_its_csrf_token_is_refused(city: Any, client: Any) -> None:
    response = client.post(FORM, data=good_form())
    assert response.status_code == 400
    assert stored() == (0, 0, 0)


def test_reports_from_one_address_are_limited(city_app: Any) -> None:
    with city_app(reports={"per_address_limit": 2, "per_address_window_minutes": 60}) as app:
        web = app.test_client()
        one = {"environ_base": {"REMOTE_ADDR": "203.0.113.7"}}
        for _ in range(2):
            assert send(web, good_form(), **one).status_code == 303
        refused = send(web, good_form(), **one)
        assert refused.status_code == 429
        assert "Zbyt wiele zgłoszeń z Twojego połączenia" in refused.get_data(as_text=True)
        assert stored() == (2, 0, 2)
        other = {"environ_base": {"REMOTE_ADDR": "198.51.100.20"}}
        assert send(app.test_client(), good_form(), **other).status_code == 303
        hashes = set(db.session.scalars(select(ReportSubmission.address_hash)))
        assert len(hashes) == 2
        assert not any("203.0.113.7" in value for value in hashes)  # only a keyed hash is kept


def test_streets_are_matched_as_residents_type_them(tmp_path: Path) -> None:
    assert streets.match("lipowa") == "ul. Lipowa"
    assert streets.match("UL. LIPOWA") == "ul. Lipowa"
    assert streets.match("zeromskiego") == "ul. Żeromskiego"
    assert streets.match("Rynek Kosciuszki") == "Rynek Kościuszki"
    assert streets.match("aleja Jana Pawla II") == "al. Jana Pawła II"
    assert streets.match("Marszałkowska") is None
    own = tmp_path / "streets.txt"
    own.write_text("# our own list\nul. Testowa\n\nal. Próbna  # a comment\n", encoding="utf-8")
    assert streets.streets(str(own)) == ("ul. Testowa", "al. Próbna")
    assert streets.match("probna", str(own)) == "al. Próbna"
    assert streets.match("lipowa", str(own)) is None


# -- the public map and list ---------------------------------------------------------------------------------------


def web_report(category: str = "oswietlenie", lat: float | None = LIPOWA[0], lon: float | None = LIPOWA[1]) -> Ticket:
    ticket = tickets.create_ticket(
        SYSTEM,
        tickets.TicketInput(
            subject="Nie świeci latarnia",
            description="Latarnia nie świeci od tygodnia, dzwonić 600 999 888",
            category=category,
            channel="web",
            resident_name="Anna Nowak",
            resident_phone="+48600999888",
            resident_email="anna@example.org",
            address="ul. Lipowa 3",
            lat=lat,
            lon=lon,
        ),
    )
    db.session.commit()
    return ticket


def test_the_map_lists_reports_without_personal_data(city: Any, client: Any) -> None:
    report = web_report()
    tickets.add_comment(SYSTEM, report, "Naprawa zlecona na piątek.", public=True)
    tickets.add_comment(SYSTEM, report, "Wewnętrznie: kabel skradziony", public=False)
    phoned = tickets.create_ticket(
        SYSTEM,
        tickets.TicketInput(
            subject="Pani Zofia z Lipowej 5 pyta o latarnię", category="oswietlenie", address="ul. Lipowa 5"
        ),
    )
    db.session.commit()
    html = client.get(MAP).get_data(as_text=True)
    assert report.number in html
    assert "Naprawa zlecona na piątek." in html
    assert "ul. Lipowa 3" in html
    assert f'data-lat="{LIPOWA[0]}"' in html
    for private in ("Anna Nowak", "600999888", "600 999 888", "anna@example.org", "Wewnętrznie", "Latarnia nie"):
        assert private not in html
    assert phoned.number not in html  # calls are not public reports
    assert "Pani Zofia" not in html
    open311 = client.get("/open311/v2/requests.json").get_data(as_text=True)
    assert f"{report.year}-{report.seq:06d}" in open311
    for private in ("Anna Nowak", "600999888", "600 999 888", "anna@example.org", "Latarnia nie", "Pani Zofia"):
        assert private not in open311


def test_the_map_filters_by_category_and_state(city: Any, client: Any) -> None:
    lamp = web_report("oswietlenie")
    hole = web_report("drogi-dziury")
    tickets.transition(SYSTEM, hole, "in_progress", expected_version=hole.version)
    tickets.transition(SYSTEM, hole, "resolved", expected_version=hole.version)
    db.session.commit()
    roads = client.get(MAP, query_string={"category": "drogi"}).get_data(as_text=True)
    assert hole.number in roads
    assert lamp.number not in roads
    closed = client.get(MAP, query_string={"state": "closed"}).get_data(as_text=True)
    assert hole.number in closed
    assert lamp.number not in closed
    odd = client.get(MAP, query_string={"category": "<script>", "state": "x", "page": "-3"})
    assert odd.status_code == 200
    assert lamp.number in odd.get_data(as_text=True)


def test_the_list_works_without_a_background_map(city_app: Any) -> None:
    with city_app(reports={"tile_url": ""}) as app:
        report = web_report()
        html = app.test_client().get(MAP).get_data(as_text=True)
        assert report.number in html
        assert 'data-tile-url=""' in html


def test_the_tile_server_is_allowed_by_the_content_security_policy(app: Any, make_app: Any) -> None:
    policy = app.test_client().get("/zgloszenia/status").headers["Content-Security-Policy"]
    assert "img-src 'self' data: https://tile.openstreetmap.org" in policy
    own = make_app(reports={"tile_url": "https://kafle.bialystok.pl/{z}/{x}/{y}.png"}).test_client()
    assert "https://kafle.bialystok.pl" in own.get("/zgloszenia/status").headers["Content-Security-Policy"]


@pytest.mark.parametrize(
    ("reports", "complaint"),
    [
        ({"tile_url": "https://tiles.example/static.png"}, "tile_url"),
        ({"bounds": [53.2, 23.0, 53.1, 23.3]}, "bounds"),
        ({"max_photos": -1}, "max_photos"),
    ],
)
def test_bad_report_settings_stop_start_up(make_app: Any, reports: dict[str, Any], complaint: str) -> None:
    from cct.config import ConfigError

    with pytest.raises(ConfigError, match=complaint):
        make_app(reports=reports)
