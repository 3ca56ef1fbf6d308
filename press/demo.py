"""Demo data for the press office (`cct demo`): made-up outlets and journalists (marked as such), enquiries at each
stage — one waiting for a unit's input, one for the spokesperson's approval, one answered — interviews to authorise,
a position, a release, clippings with a correction, conferences (one announced, one held), a week of planned posts,
a survey and a winter campaign. Loaded only into a press office without any contacts."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import select

from cct import db
from cct.auth import queries as accounts
from cct.auth.actors import SYSTEM
from cct.db import utcnow
from cct.office_calendar import office_calendar
from press import operations
from press.models import Outlet
from press.planning import operations as planning
from press.schemas import AuthorisationInput, EnquiryInput
from press.signals import operations as signals

OUTLETS = [  # made-up outlets, at addresses of the reserved example.org domain
    ("Gazeta Podlaska (demo)", "daily", "Ewa Redakcyjna", "redakcja@gazeta-podlaska.example.org"),
    ("Tygodnik Miejski (demo)", "periodical", "Jan Naczelny", "redakcja@tygodnik-miejski.example.org"),
    ("Radio Miasto (demo)", "radio", None, "newsroom@radio-miasto.example.org"),
    ("Portal Białystok24 (demo)", "online", None, None),
]

DEMO_OUTLET_OF = {
    "online": "Portal Białystok24 (demo)",
    "daily": "Gazeta Podlaska (demo)",
    "radio": "Radio Miasto (demo)",
}


def seed() -> None:
    if db.session.scalar(select(Outlet.id).limit(1)) is not None:
        return
    for name, kind, editor, email in OUTLETS:
        operations.save_outlet(SYSTEM, {"name": name, "kind": kind, "editor_in_chief": editor, "email": email})
    now = utcnow()
    officer = accounts.user_by_login("prasa")
    spokesperson = accounts.user_by_login("rzecznik")
    waiting = operations.register_enquiry(
        SYSTEM,
        EnquiryInput(
            journalist="Marta Dziennikarska",
            outlet="Gazeta Podlaska (demo)",
            outlet_kind=None,
            journalist_email="marta.dziennikarska@example.org",
            questions="Ile dziur w jezdniach naprawiono w listopadzie i ile zgłoszeń mieszkańców na nie czeka?",
            subject="Naprawy dziur w jezdniach",
            received_at=now - timedelta(days=2),
            requested_by=now + timedelta(days=1),
            tags=["drogi"],
            officer="prasa" if officer else None,
        ),
    )
    operations.ask_unit(
        SYSTEM,
        waiting,
        "ZDT",
        "Prosimy o liczbę napraw ubytków w listopadzie i liczbę otwartych zgłoszeń w kategorii dziur.",
        now + timedelta(hours=20),
    )
    for_approval = operations.register_enquiry(
        SYSTEM,
        EnquiryInput(
            journalist="Piotr Radiowy",
            outlet="Radio Miasto (demo)",
            outlet_kind=None,
            questions="Czy w tym roku miasto wydłuży godziny pracy punktu selektywnej zbiórki odpadów?",
            subject="Godziny pracy PSZOK",
            received_at=now - timedelta(days=5),
            via="phone",
            journalist_phone="+48 600 000 001",
            tags=["odpady"],
        ),
    )
    operations.save_draft(
        SYSTEM,
        for_approval,
        "Dzień dobry, godziny pracy punktu pozostają bez zmian; szczegóły są w Biuletynie Informacji Publicznej.",
    )
    operations.submit(SYSTEM, for_approval)
    answered = operations.register_enquiry(
        SYSTEM,
        EnquiryInput(
            journalist="Marta Dziennikarska",
            outlet="Gazeta Podlaska (demo)",
            outlet_kind=None,
            questions="Jakie są zasady zimowego utrzymania dróg w mieście w tym sezonie?",
            subject="Zimowe utrzymanie dróg",
            received_at=now - timedelta(days=9),
            tags=["drogi", "zima"],
        ),
    )
    operations.save_draft(SYSTEM, answered, "Dzień dobry, zasady zimowego utrzymania dróg opisuje plan akcji zima.")
    operations.submit(SYSTEM, answered)
    operations.approve(spokesperson or SYSTEM, answered, 1)
    operations.send_answer(SYSTEM, answered, "other")
    operations.register_authorisation(
        SYSTEM,
        AuthorisationInput(
            interviewee="Prezydent Miasta",
            outlet="Gazeta Podlaska (demo)",
            outlet_kind=None,
            journalist="Marta Dziennikarska",
            text="— Panie Prezydencie, kiedy ruszy remont ulicy?\n"
            "— Prace zaczną się wiosną, po rozstrzygnięciu przetargu.",
            received_at=now - timedelta(hours=2),
        ),
    )
    operations.register_authorisation(
        SYSTEM,
        AuthorisationInput(
            interviewee="Zastępca Prezydenta",
            outlet="Tygodnik Miejski (demo)",
            outlet_kind=None,
            text="— Czy budżet obywatelski będzie większy?\n— Tak, o dziesięć procent.",
            received_at=now - timedelta(hours=30),
        ),
    )
    operations.deem_lapsed(now)
    today = now.astimezone(office_calendar().timezone).date()
    position = operations.save_position(
        SYSTEM,
        {
            "title": "Zimowe utrzymanie dróg",
            "text": "Drogi miejskie są odśnieżane według standardów zimowego utrzymania: najpierw trasy komunikacji "
            "miejskiej, potem ulice osiedlowe. Mieszkańcy zgłaszają nieodśnieżone miejsca przez infolinię.",
            "tags": ["zima", "drogi", "odśnieżanie"],
            "valid_from": today - timedelta(days=7),
            "valid_to": None,
        },
    )
    operations.approve_position(spokesperson or SYSTEM, position)
    release = operations.save_release(
        SYSTEM,
        {
            "title": "Miasto gotowe do zimy (komunikat demonstracyjny)",
            "lead": "Sprzęt do odśnieżania i zapas soli czekają na pierwsze opady.",
            "body": "To przykładowy komunikat danych demonstracyjnych CCT. Opisuje, jak wygląda komunikat prasowy "
            "opublikowany na stronie /prasa i w kanale Atom.",
        },
    )
    operations.submit_release(SYSTEM, release)
    operations.approve_release(spokesperson or SYSTEM, release)
    operations.publish_release(SYSTEM, release)
    for days_ago, title, tone, topics, medium in (
        (1, "Odśnieżanie ulic pod lupą mieszkańców (demo)", "negative", ["zima", "drogi"], "online"),
        (2, "Nowe nasadzenia drzew w parkach (demo)", "positive", ["zieleń"], "daily"),
        (3, "Rada miasta o budżecie obywatelskim (demo)", "neutral", ["budżet"], "radio"),
    ):
        clipping = operations.save_clipping(
            SYSTEM,
            {
                "outlet": DEMO_OUTLET_OF[medium],
                "medium": medium,
                "published_on": today - timedelta(days=days_ago),
                "title": title,
                "topics": topics,
                "tone": tone,
                "reach": 1000 * (4 - days_ago),
                "units": ["ZDT"] if "drogi" in topics else [],
            },
        )
        if tone == "negative":
            correction = operations.draft_correction(
                SYSTEM,
                clipping,
                {
                    "fragment": "Miasto nie odśnieża ulic osiedlowych.",
                    "text": "Ulice osiedlowe są odśnieżane po trasach komunikacji miejskiej.",
                    "signatory": "Robert Rzecznik",
                },
            )
            operations.correction_sent(SYSTEM, correction, today, today)

    _plan(today, release.id, officer or SYSTEM, spokesperson or SYSTEM)
    operations.save_survey(
        SYSTEM,
        {
            "title": "Jakość życia w Białymstoku 2026 (badanie demonstracyjne)",
            "conducted_by": "Pracownia badań społecznych (demo)",
            "commissioned_by": "Departament Komunikacji Społecznej",
            "field_from": today - timedelta(days=60),
            "field_to": today - timedelta(days=45),
            "sample": "1000 dorosłych mieszkańców, CATI",
            "findings": "78 % mieszkańców jest zadowolonych z komunikacji miejskiej; najczęściej zgłaszany problem to "
            "odśnieżanie ulic osiedlowych zimą; infolinię miasta zna 64 % badanych.",
            "tags": ["jakość życia", "komunikacja", "zima"],
        },
    )
    signals.save_campaign(
        SYSTEM,
        {
            "name": "Zima w mieście (demo)",
            "goal": "Powiedzieć mieszkańcom, w jakiej kolejności odśnieżane są ulice, zanim zadzwonią na infolinię.",
            "topic": "Zimowe utrzymanie dróg",
            "categories": ["drogi-zima"],
            "keywords": ["odśnieżanie", "gołoledź"],
            "channels": ["website", "social", "outdoor", "helpline"],
            "starts_on": today - timedelta(days=3),
            "ends_on": today + timedelta(days=25),
        },
    )


def _plan(today: date, release_id: int, officer: Any, spokesperson: Any) -> None:
    """Two conferences (one held, with its release; one announced for tomorrow) and a week of posts."""
    zone = office_calendar().timezone

    def at(day: date, hour: int, minute: int = 0) -> datetime:
        return datetime.combine(day, time(hour, minute), tzinfo=zone)

    outlets = [outlet.id for outlet in db.session.scalars(select(Outlet).order_by(Outlet.id))]
    held = planning.save_conference(
        officer,
        {
            "topic": "Akcja zima 2026/2027 (demo)",
            "starts_at": at(today - timedelta(days=6), 11),
            "ends_at": at(today - timedelta(days=6), 12),
            "place": "Urząd Miejski w Białymstoku, ul. Słonimska 1, sala konferencyjna",
            "speakers": "Zastępca Prezydenta Miasta\nDyrektor Zarządu Dróg i Transportu",
            "description": "O przygotowaniach miasta do zimy.",
            "outlets": outlets,
        },
    )
    planning.draft_speech(SYSTEM, held, "Zastępca Prezydenta Miasta", "Miasto jest gotowe do zimy.")
    draft = planning.draft_speech(
        SYSTEM, held, "Zastępca Prezydenta Miasta", "Miasto jest gotowe do zimy: mamy 40 pługów i 5 tys. ton soli."
    )
    planning.approve_speech(spokesperson, draft)
    planning.record_attendance(SYSTEM, held, outlets[:2], "Pytania o odśnieżanie osiedli.", release_id)
    coming = planning.save_conference(
        officer,
        {
            "topic": "Budżet obywatelski 2027: wyniki głosowania (demo)",
            "starts_at": at(today + timedelta(days=1), 11),
            "ends_at": at(today + timedelta(days=1), 11, 45),
            "place": "Urząd Miejski w Białymstoku, ul. Słonimska 1, sala konferencyjna",
            "speakers": "Prezydent Miasta Białegostoku",
            "description": "Prezydent przedstawi projekty wybrane przez mieszkańców.",
            "outlets": outlets,
        },
    )
    planning.announce_conference(SYSTEM, coming)
    for days, hour, channel, title, state in (
        (0, 9, "website", "Harmonogram odśnieżania ulic", "published"),
        (0, 12, "facebook", "Zima: kogo pytać o odśnieżanie", "approved"),
        (1, 13, "x", "Wyniki budżetu obywatelskiego", "draft"),
        (2, 10, "instagram", "Zimowy Białystok: zdjęcia mieszkańców", "draft"),
    ):
        post = planning.save_post(
            SYSTEM,
            {
                "channel": channel,
                "planned_at": at(today + timedelta(days=days), hour),
                "title": f"{title} (demo)",
                "text": f"{title}. Przykładowy wpis danych demonstracyjnych CCT.",
            },
        )
        if state != "draft":
            planning.approve_post(spokesperson, post)
        if state == "published":
            planning.post_published(SYSTEM, post, "https://www.bialystok.pl/pl/wiadomosci/demo.html")
