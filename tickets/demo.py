"""Demo categories and routing rules for Białystok's common matters (run by `cct demo`)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import select

from cct import db
from cct.auth.actors import SYSTEM
from cct.db import utcnow
from cct.office_calendar import add_months
from tickets import operations, queries
from tickets.models import Ticket
from tickets.routing import operations as routing
from tickets.routing import queries as routing_queries
from tickets.states import Channel

# code, name, parent, unit, priority, first response h, resolution h, statutory kind, keywords
CATEGORIES: list[tuple[str, str, str | None, str | None, str, float, float, str | None, str]] = [
    ("drogi", "Drogi i chodniki", None, "ZDT", "normal", 8, 40, None, "jezdnia ulica"),
    ("drogi-dziury", "Dziura w jezdni lub chodniku", "drogi", "ZDT", "high", 4, 24, None, "wyrwa ubytek asfalt płyty"),
    ("drogi-zima", "Zimowe utrzymanie dróg", "drogi", "ZDT", "high", 2, 8, None, "śnieg gołoledź odśnieżanie pług"),
    ("drogi-znaki", "Znaki i oznakowanie", "drogi", "ZDT", "normal", 8, 40, None, "znak pasy"),
    ("oswietlenie", "Oświetlenie uliczne", None, "ZDT", "normal", 8, 40, None, "latarnia lampa nie świeci ciemno"),
    ("sygnalizacja", "Sygnalizacja świetlna", None, "ZDT", "urgent", 1, 8, None, "światła sygnalizator"),
    ("komunikacja", "Komunikacja miejska", None, "ZDT", "normal", 8, 40, None, "autobus BKM przystanek rozkład"),
    ("zielen", "Zieleń i drzewa", None, "DOS", "normal", 8, 80, None, "drzewo gałąź trawa koszenie wycinka"),
    ("odpady", "Odpady i czystość", None, "DGK", "normal", 8, 40, None, "śmieci kosz"),
    ("odpady-wywoz", "Nieodebrane odpady", "odpady", "DGK", "high", 4, 24, None, "wywóz śmieciarka pojemnik"),
    ("odpady-wysypisko", "Dzikie wysypisko", "odpady", "DGK", "normal", 8, 80, None, "wysypisko gruz opony"),
    ("graffiti", "Graffiti i nielegalne ogłoszenia", "odpady", "DGK", "low", 16, 120, None, "napisy plakaty"),
    ("zwierzeta", "Zwierzęta", None, "DOS", "normal", 8, 40, None, "pies kot dzikie zwierzę"),
    ("porzadek", "Porządek publiczny (Straż Miejska)", None, "SM", "high", 2, 16, None, "parkowanie hałas"),
    ("woda", "Woda i kanalizacja", None, "WODOC", "urgent", 1, 8, None, "awaria wody kanalizacja studzienka"),
    ("dowody", "Dowody osobiste", None, "DSO", "normal", 8, 40, None, "dowód osobisty zgubiony"),
    ("meldunki", "Meldunki", None, "DSO", "normal", 8, 40, None, "zameldowanie wymeldowanie"),
    (
        "pojazdy",
        "Rejestracja pojazdów i prawa jazdy",
        None,
        "DSO-P",
        "normal",
        8,
        40,
        None,
        "samochód auto prawo jazdy",
    ),
    ("podatki", "Podatki i opłaty lokalne", None, "DPO", "normal", 8, 40, None, "podatek od nieruchomości"),
    ("informacja", "Informacja o urzędzie", None, "DKS-III", "low", 8, 16, None, "godziny otwarcia"),
    ("skargi", "Skargi i wnioski", None, "DKS-II", "normal", 8, 120, "complaint", "skarga"),
    ("wnioski", "Wnioski (KPA art. 241)", "skargi", "DKS-II", "normal", 8, 120, "motion", "wniosek propozycja"),
    ("informacja-publiczna", "Dostęp do informacji publicznej", None, "DKS-II", "normal", 8, 80, "public_info", "UDIP"),
]

# Matters of public space: residents report them on the web form and through Open311, and see them on the map
PUBLIC_REPORTS = {
    "drogi",
    "drogi-dziury",
    "drogi-zima",
    "drogi-znaki",
    "oswietlenie",
    "sygnalizacja",
    "komunikacja",
    "zielen",
    "odpady",
    "odpady-wywoz",
    "odpady-wysypisko",
    "graffiti",
    "zwierzeta",
    "porzadek",
    "woda",
}

# What a report in some categories asks besides the description (Open311 service attributes).
ATTRIBUTES: dict[str, list[dict[str, Any]]] = {
    "drogi-dziury": [
        {
            "code": "wielkosc",
            "datatype": "singlevaluelist",
            "required": True,
            "description": "Jak duży jest ubytek?",
            "order": 1,
            "values": [
                {"key": "maly", "name": "mały (do 30 cm)"},
                {"key": "sredni", "name": "średni (30–100 cm)"},
                {"key": "duzy", "name": "duży (ponad metr)"},
            ],
        },
        {"code": "jezdnia", "datatype": "string", "required": False, "description": "Jezdnia czy chodnik?", "order": 2},
    ],
    "odpady-wywoz": [
        {
            "code": "frakcja",
            "datatype": "multivaluelist",
            "required": True,
            "description": "Których odpadów nie odebrano?",
            "order": 1,
            "values": [
                {"key": "zmieszane", "name": "zmieszane"},
                {"key": "papier", "name": "papier"},
                {"key": "szklo", "name": "szkło"},
                {"key": "metale", "name": "metale i tworzywa"},
                {"key": "bio", "name": "bio"},
            ],
        }
    ],
}

# name, category (or None), keywords, unit
RULES: list[tuple[str, str | None, str | None, str]] = [
    ("Awarie wodociągu do Wodociągów, w każdej kategorii", None, "brak wody, awaria wodociągu, wyciek wody", "WODOC"),
    ("Groźne psy do Straży Miejskiej", "zwierzeta", "agresywny pies, pogryzienie, pogryzł", "SM"),
]


def seed() -> None:
    """Białystok's ticket categories and two routing rules (those not there yet)."""
    existing = {category.code for category in queries.all_categories()}
    for code, name, parent, unit, priority, first, resolution, statutory, keywords in CATEGORIES:
        if code in existing:
            continue
        operations.create_category(
            SYSTEM,
            {
                "code": code,
                "name": name,
                "parent": parent,
                "unit": unit,
                "priority": priority,
                "first_response_hours": first,
                "resolution_hours": resolution,
                "statutory_kind": statutory,
                "keywords": keywords,
                "open311_attributes": ATTRIBUTES.get(code, []),
                "public_reports": code in PUBLIC_REPORTS,
            },
        )
        existing.add(code)
    named = {rule.name for rule in routing_queries.all_rules()}
    position = routing_queries.next_position()
    for name, category_code, keywords, unit in RULES:
        if name in named:
            continue
        values = {"name": name, "position": position, "category": category_code, "keywords": keywords}
        routing.create_rule(SYSTEM, values | {"unit": unit, "active": True})
        position += 10


# Residents' reports for the public map: category, description, address, point, public reply, resolved
REPORTS: list[tuple[str, str, str, float, float, str | None, bool]] = [
    (
        "drogi-dziury",
        "Duża dziura w jezdni przy przejściu dla pieszych",
        "ul. Lipowa 14",
        53.13296,
        23.15342,
        "Ekipa Zarządu Dróg załata ubytek do piątku.",
        False,
    ),
    ("oswietlenie", "Nie świeci latarnia przy przystanku", "ul. Sienkiewicza 20", 53.13615, 23.16553, None, False),
    (
        "odpady-wysypisko",
        "Porzucone opony i gruz pod lasem",
        "ul. Wiejska 40",
        53.11655,
        23.13961,
        "Odpady usunięto, teren sprawdzi Straż Miejska.",
        True,
    ),
    ("zielen", "Złamany konar wisi nad chodnikiem", "Rynek Kościuszki", 53.13237, 23.15880, None, False),
    ("graffiti", "Napisy na ścianie przejścia podziemnego", "ul. Piłsudskiego 2", 53.13110, 23.16370, None, False),
]


def seed_reports() -> None:
    """A few residents' reports, so the public map and list show something (only into a database without any)."""
    if db.session.scalar(select(Ticket.id).where(Ticket.channel == Channel.WEB.value).limit(1)) is not None:
        return
    for code, description, address, lat, lon, reply, resolved in REPORTS:
        ticket = operations.create_ticket(
            SYSTEM,
            operations.TicketInput(
                subject=description,
                description=description,
                category=code,
                channel=Channel.WEB.value,
                address=address,
                lat=lat,
                lon=lon,
            ),
        )
        if reply:
            operations.add_comment(SYSTEM, ticket, reply, public=True)
        if resolved:
            operations.transition(SYSTEM, ticket, "in_progress", expected_version=ticket.version)
            operations.transition(SYSTEM, ticket, "resolved", expected_version=ticket.version)
    db.session.flush()


# The helpline's last five weeks, calls that became tickets: category, subject, tickets in each of the four weeks
# before this one and in the last seven days. Winter came this week: the press office's signals show the rise.
HELPLINE: list[tuple[str, str, tuple[int, int, int, int, int]]] = [
    ("drogi-zima", "Nieodśnieżona ulica osiedlowa", (1, 0, 2, 1, 12)),
    ("odpady-wywoz", "Nie odebrano odpadów zmieszanych", (4, 5, 3, 4, 5)),
    ("dowody", "Pytanie o odbiór dowodu osobistego", (3, 2, 3, 3, 3)),
    ("oswietlenie", "Nie świeci latarnia", (2, 3, 2, 2, 2)),
    ("komunikacja", "Autobus nie przyjechał według rozkładu", (2, 1, 2, 2, 1)),
]


def seed_helpline_history() -> None:
    """Phone tickets spread over the last five weeks (only into a database without phone tickets), resolved but for
    the last week's, so the dashboard's figures and the press office's signals have a history to read."""
    if db.session.scalar(select(Ticket.id).where(Ticket.channel == Channel.PHONE.value).limit(1)) is not None:
        return
    for code, subject, weekly in HELPLINE:
        for weeks_ago, count in zip(range(4, -1, -1), weekly, strict=True):
            for index in range(count):
                age = timedelta(weeks=weeks_ago, days=(index * 5) % 7, hours=1 + (index * 7) % 9)
                ticket = operations.create_ticket(
                    SYSTEM, operations.TicketInput(subject=subject, category=code, channel=Channel.PHONE.value)
                )
                # the demo's history: the ticket came in `age` ago, its deadlines counted from then
                ticket.created_at -= age
                ticket.first_response_due -= age
                ticket.resolution_due -= age
                if weeks_ago:
                    operations.transition(SYSTEM, ticket, "in_progress", expected_version=ticket.version)
                    operations.transition(SYSTEM, ticket, "resolved", expected_version=ticket.version)
    db.session.flush()


# One resident who called several times, so the administrator's "Dane osobowe" has a person to show, export and erase:
# category, channel, subject, months since the ticket was closed (None: still open).
RESIDENT = {
    "resident_name": "Jan Kowalski (demo)",
    "resident_phone": "600 100 200",
    "resident_email": "jan.kowalski@example.org",
}
RESIDENT_TICKETS: list[tuple[str, str, str, int | None]] = [
    ("oswietlenie", "phone", "Nie świeci latarnia pod blokiem", 25),  # past 24 months: the job's first run takes it
    ("odpady-wywoz", "phone", "Nie odebrano odpadów bio", 3),
    ("skargi", "letter", "Skarga na sposób załatwienia zgłoszenia", 4),  # case documentation: kept on erasure
    ("drogi-dziury", "web", "Dziura przed wjazdem na posesję", None),
]


def seed_resident() -> None:
    """The demo resident's tickets (only into a database where nobody's phone is on a ticket yet)."""
    if db.session.scalar(select(Ticket.id).where(Ticket.resident_phone.is_not(None)).limit(1)) is not None:
        return
    now = utcnow()
    for code, channel, subject, closed_months_ago in RESIDENT_TICKETS:
        ticket = operations.create_ticket(
            SYSTEM,
            operations.TicketInput(
                subject=subject,
                description=f"{subject}. Proszę o kontakt pod numerem 600 100 200.",
                category=code,
                channel=channel,
                address="ul. Lipowa 5 m. 3",
                **RESIDENT,
            ),
        )
        if closed_months_ago is None:
            continue
        operations.add_comment(SYSTEM, ticket, "Sprawę załatwiono, dziękujemy za zgłoszenie.", public=True)
        operations.transition(SYSTEM, ticket, "resolved", expected_version=ticket.version)
        operations.transition(SYSTEM, ticket, "closed", expected_version=ticket.version)
        closed = add_months(now, -closed_months_ago)
        ticket.created_at = closed - timedelta(days=6)  # the demo's history: opened and closed back then
        ticket.resolved_at = ticket.closed_at = closed
    db.session.flush()
