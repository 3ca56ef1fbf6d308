"""the knowledge base's synonym list: callers' everyday names for what the articles call otherwise, and no opposites in
one group

A new installation starts with these groups; an existing one gets those it does not hold yet (a group already there,
in any order, is left as the editors keep it). The group "meldunek, zameldowanie, wymeldowanie" shipped by 0004 made
a caller asking to deregister find how to register, and the other way round: where it is still as shipped, it loses
"wymeldowanie" (a word the articles about leaving an address use themselves). Editors change the list in the UI
(*Synonimy*); a downgrade leaves their list as it is.

Revision ID: 0030
Revises: 0029
Create Date: 2026-12-04
"""

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

import cct.db

revision: str = "0030"
down_revision: str | None = "0029"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OPPOSITES = (["meldunek", "zameldowanie", "wymeldowanie"], ["meldunek", "zameldowanie"])
GROUPS = [
    line.split(", ")
    for line in """
blachy, tablice rejestracyjne, numery rejestracyjne
gabaryty, odpady wielkogabarytowe, stare meble
elektrośmieci, elektroodpady, zużyty sprzęt elektroniczny
bioodpady, odpady biodegradowalne, odpady zielone, odpady kuchenne
kanar, kontroler biletów
sieciówka, bilet okresowy, bilet miesięczny
mpk, komunikacja miejska
parkomat, parkometr, automat do opłat
przemeldowanie, przemeldować, zameldowanie
zaklepać, zarezerwować, rezerwacja
podanie, wniosek
prąd, energia elektryczna
bezpański, bezdomny
zgubiony, zagubiony
ukraść, skradziony, kradzież
opiekunka, usługi opiekuńcze
opieka społeczna, pomoc społeczna
skarbówka, urząd skarbowy
metryka, akt urodzenia
pogrzeb, pochówek
śnieg, odśnieżanie
sprzedaż, zbycie
kupno, zakup, nabycie
dług, zaległość
""".strip().splitlines()
]


def _table() -> sa.Table:
    return sa.table(
        "kb_synonyms",
        sa.column("id", sa.Integer),
        sa.column("terms", sa.JSON),
        sa.column("updated_at", cct.db.UTCDateTime()),
    )


def upgrade() -> None:
    synonyms = _table()
    connection = op.get_bind()
    held = connection.execute(sa.select(synonyms.c.id, synonyms.c.terms)).all()
    now = datetime.now(UTC)
    shipped, split = OPPOSITES
    for group_id, terms in held:
        if list(terms) == shipped:
            connection.execute(sa.update(synonyms).where(synonyms.c.id == group_id).values(terms=split, updated_at=now))
    kept = {frozenset(terms) for _id, terms in held}
    missing = [terms for terms in GROUPS if frozenset(terms) not in kept]
    op.bulk_insert(synonyms, [{"terms": terms, "updated_at": now} for terms in missing])


def downgrade() -> None:
    """Nothing: the groups are the editors' list now, and a group this upgrade found already there cannot be told
    from one it added."""
