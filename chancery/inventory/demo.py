"""Demo data for the inventory book (`cct demo`): the department's equipment in three rooms (made up, marked
"(demo)"), one item moved and one written off. Loaded only into an empty book."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from cct import db
from cct.auth.actors import SYSTEM
from cct.office_calendar import local_today
from chancery.inventory import operations
from chancery.inventory.models import InventoryItem

ITEMS = [  # name, acquired, document, value, location, responsible
    (
        "Zestaw słuchawkowy konsultanta (demo)",
        date(2024, 3, 4),
        "FV 112/2024",
        "389,00",
        "pok. 14 (infolinia)",
        "Katarzyna Kierownik",
    ),
    (
        "Zestaw słuchawkowy konsultanta (demo)",
        date(2024, 3, 4),
        "FV 112/2024",
        "389,00",
        "pok. 14 (infolinia)",
        "Katarzyna Kierownik",
    ),
    (
        "Komputer stacjonarny (demo)",
        date(2023, 9, 18),
        "FV 2045/2023",
        "3 499,00",
        "pok. 14 (infolinia)",
        "Katarzyna Kierownik",
    ),
    (
        "Niszczarka dokumentów P-4 (demo)",
        date(2022, 5, 10),
        "FV 77/2022",
        "1 250,00",
        "pok. 9 (kancelaria)",
        "Kamil Kancelaryjny",
    ),
    (
        "Szafa aktowa zamykana (demo)",
        date(2019, 11, 5),
        "FV 901/2019",
        "1 890,00",
        "pok. 9 (kancelaria)",
        "Kamil Kancelaryjny",
    ),
    (
        "Aparat fotograficzny (demo)",
        date(2021, 6, 1),
        "FV 330/2021",
        "2 799,00",
        "pok. 3 (biuro prasowe)",
        "Paulina Prasowa",
    ),
]


def seed() -> None:
    if db.session.scalar(select(InventoryItem.id).limit(1)) is not None:
        return
    entered = [operations.enter_item(SYSTEM, *values) for values in ITEMS]
    today = local_today()
    operations.move_item(
        SYSTEM, entered[3], today - timedelta(days=30), "pok. 9 (kancelaria)", "Robert Rzecznik", "przekazanie"
    )
    operations.write_off(
        SYSTEM, entered[1], today - timedelta(days=7), f"1/{today.year}", "uszkodzony mikrofon, naprawa nieopłacalna"
    )
