"""Demo data for the office supplies (`cct demo`): a few items (two of them to reorder), a delivery, and requests
by the call agent: one waiting for approval and one approved, to be issued. Loaded only when no item is kept."""

from __future__ import annotations

from sqlalchemy import select

from cct import db
from cct.auth import queries as accounts
from cct.auth.actors import SYSTEM
from chancery.supplies import operations
from chancery.supplies.models import SupplyItem

ITEMS = [  # name, measure, reorder at, delivered
    ("Papier ksero A4 80 g/m²", "ryza", 10, 25),
    ("Długopis niebieski", "szt.", 20, 60),
    ("Segregator A4, grzbiet 75 mm", "szt.", 10, 8),
    ("Koperta C4 z paskiem", "szt.", 100, 400),
    ("Toner do drukarki w sekretariacie", "szt.", 2, 1),
]


def seed() -> None:
    if db.session.scalar(select(SupplyItem.id).limit(1)) is not None:
        return
    kept = {}
    for name, measure, reorder, delivered in ITEMS:
        item = operations.add_item(SYSTEM, name, measure, reorder)
        operations.record_delivery(SYSTEM, item, delivered, "dostawa (demo)")
        kept[name] = item
    agent = accounts.user_by_login("konsultant")
    if agent is None:
        return
    operations.request_supplies(agent, kept["Długopis niebieski"].id, 2, "stanowisko 4 na infolinii")
    approved = operations.request_supplies(agent, kept["Papier ksero A4 80 g/m²"].id, 1)
    operations.decide(SYSTEM, approved, approve=True)
