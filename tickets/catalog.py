"""What opening a ticket reads every time — categories, units, routing rules — kept by each process as plain values.

The database holds one version stamp for the three tables; triggers (migration 0008) give it a new random value in
every statement that changes any of them, whoever runs it (the admin screens, the CLI, a migration, plain SQL). A
new ticket reads the stamp — one small query instead of three larger ones — and the process reloads the catalog
only when the stamp differs from the one it loaded with. A random stamp, not a counter: a transaction that changed
the catalog and was rolled back leaves a value no later change will reuse, so nothing it loaded is ever mistaken
for committed data.

Rows that a request needs as ORM objects (the ticket's category and unit) are put into its session as persistent
objects built from the catalog's values, without a query: they are the rows as of the stamp the request just read,
in its own transaction.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import make_transient_to_detached

from cct import db
from cct.org.models import Unit
from tickets import routing
from tickets.models import Category, RoutingRule, catalog_stamp

EXTENSION = "tickets.catalog"  # app.extensions key: the process's latest Catalog
Model = TypeVar("Model", Category, Unit)


@dataclass(frozen=True)
class Catalog:
    stamp: int
    categories: dict[int, dict[str, Any]]  # by id: the row's columns
    category_ids: dict[str, int]  # by code
    units: dict[int, dict[str, Any]]
    unit_ids: dict[str, int]
    rules: tuple[routing.Rule, ...]  # the active ones, in order

    def category_chain(self, category_id: int) -> list[dict[str, Any]]:
        """The category, then its parent, and so on up to the root."""
        chain: list[dict[str, Any]] = []
        seen: set[int] = set()
        node = self.categories.get(category_id)
        while node is not None and node["id"] not in seen:
            chain.append(node)
            seen.add(node["id"])
            node = self.categories.get(node["parent_id"]) if node["parent_id"] is not None else None
        return chain


_STAMP = select(catalog_stamp.c.stamp).where(catalog_stamp.c.id == 1)
_CATEGORIES = select(Category.__table__)
_UNITS = select(Unit.__table__)
_RULES = (
    select(*(RoutingRule.__table__.c[name] for name in routing.Rule.__dataclass_fields__))
    .where(RoutingRule.__table__.c.active.is_(True))
    .order_by(RoutingRule.__table__.c.position, RoutingRule.__table__.c.id)
)


def current() -> Catalog:
    """The catalog as the current transaction sees it."""
    connection = db.session.connection()
    stamp = connection.execute(_STAMP).scalar_one()
    catalog: Catalog | None = current_app.extensions.get(EXTENSION)
    if catalog is not None and catalog.stamp == stamp:
        return catalog
    # Read after the stamp: what is read is at least as new as the stamp (at worst, one reload too many).
    categories = {row.id: dict(row._mapping) for row in connection.execute(_CATEGORIES)}
    units = {row.id: dict(row._mapping) for row in connection.execute(_UNITS)}
    rules = tuple(routing.Rule(**row._mapping) for row in connection.execute(_RULES))
    catalog = Catalog(
        stamp=stamp,
        categories=categories,
        category_ids={row["code"]: row["id"] for row in categories.values()},
        units=units,
        unit_ids={row["code"]: row["id"] for row in units.values()},
        rules=rules,
    )
    current_app.extensions[EXTENSION] = catalog  # one assignment: threads see the old catalog or the new one
    return catalog


def attach(model: type[Model], values: Mapping[str, Any]) -> Model:
    """The row as a persistent object of the request's session: the one already there, or one built without a query.

    The values are copied (JSON columns hold lists and dicts): a change to the object never reaches the catalog.
    """
    session = db.session()
    existing = session.identity_map.get(session.identity_key(model, values["id"]))
    if existing is not None:
        return existing  # type: ignore[return-value]
    instance = model(**copy.deepcopy(dict(values)))
    make_transient_to_detached(instance)
    session.add(instance)
    return instance
