"""The city the tests run in: units, ticket categories and routing rules of their own (a copy kept here on purpose:
the demo data may change without breaking a test), made through the factories."""

from __future__ import annotations

from typing import Any

from tests.factories import CategoryFactory, RuleFactory, UnitFactory

# code, name, kind, parent code, phone, e-mail
UNITS: list[tuple[str, str, str, str | None, str | None, str | None]] = [
    ("DKS", "Departament Komunikacji Społecznej", "department", None, None, "dks@um.bialystok.pl"),
    ("DKS-I", "Referat Prasowy (DKS-I)", "department", "DKS", None, "prasa@um.bialystok.pl"),
    ("DKS-II", "Kancelaria Departamentu (DKS-II)", "department", "DKS", None, None),
    ("DKS-III", "Centrum Obsługi Telefonicznej (DKS-III)", "department", "DKS", None, "kontakt@um.bialystok.pl"),
    ("DSO", "Departament Spraw Obywatelskich — dowody osobiste i meldunki", "department", None, None, None),
    ("DSO-P", "Rejestracja pojazdów i prawa jazdy", "department", "DSO", None, None),
    ("DSO-W", "Spis wyborców", "department", "DSO", None, None),
    ("DPO", "Departament Podatków i Opłat Lokalnych", "department", None, None, None),
    (
        "DGK",
        "Departament Gospodarki Komunalnej — czystość, odpady, gospodarka odpadami",
        "department",
        None,
        None,
        None,
    ),
    ("DOS", "Departament Ochrony Środowiska — zieleń, zwierzęta, azbest", "department", None, None, None),
    ("DED", "Departament Edukacji", "department", None, None, None),
    ("DUR", "Departament Urbanistyki", "department", None, None, None),
    ("DGE", "Departament Geodezji, Katastru i Gospodarki Nieruchomościami", "department", None, None, None),
    ("USC", "Urząd Stanu Cywilnego", "department", None, None, None),
    (
        "ZDT",
        "Zarząd Dróg i Transportu — drogi, chodniki, oświetlenie, sygnalizacja, komunikacja miejska",
        "city_company",
        None,
        None,
        None,
    ),
    ("ZMK", "Zarząd Mienia Komunalnego — nieruchomości miejskie, cmentarz komunalny", "city_company", None, None, None),
    ("MOPR", "Miejski Ośrodek Pomocy Rodzinie", "city_company", None, None, None),
    ("SM", "Straż Miejska", "city_company", None, None, None),
    ("WODOC", "Wodociągi Białostockie", "city_company", None, None, None),
    ("BOSIR", "Białostocki Ośrodek Sportu i Rekreacji", "city_company", None, None, None),
    ("POLICJA", "Komenda Miejska Policji", "external_body", None, None, None),
]

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


def build_units() -> None:
    for code, name, kind, parent, phone, email in UNITS:
        UnitFactory(code=code, name=name, kind=kind, parent_code=parent, phone=phone, email=email)


def build() -> None:
    """The units, the categories (their units, SLA targets, statutory clocks, public ones, Open311 attributes) and
    two routing rules."""
    build_units()
    build_categories()


def build_categories() -> None:
    """The categories and two routing rules (the units must be there)."""
    for code, name, parent, unit, priority, first, resolution, statutory, keywords in CATEGORIES:
        values: dict[str, Any] = {
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
        }
        CategoryFactory(**values)
    for name, category, keywords, unit in RULES:
        RuleFactory(name=name, category=category, keywords=keywords, unit=unit)
