"""more of the words callers use for what the city's articles call otherwise, for the knowledge base's synonym list

Groups of everyday words for the matters Białystok's helpline is asked most (the office, waste collection, public
transport, civil status, parking, roads): a new installation starts with them, an existing one gets those of them it
does not hold yet (a group already there, in any order, is left as the editors keep it). Editors change the list in
the UI (*Synonimy*); a downgrade leaves their list as it is.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-02
"""

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

import cct.db

revision: str = '0017'
down_revision: str | None = '0016'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

GROUPS = [
    line.split(", ")
    for line in """
urząd, magistrat, ratusz, urząd miejski
śmieciarka, odbiór odpadów, wywóz śmieci
bus, autobus
zgon, śmierć, umrzeć
ślub, małżeństwo, pobrać się
graffiti, spray, bazgroły
gruz, odpady budowlane, odpady remontowe
przycisk, guzik
sygnalizacja świetlna, światła, sygnalizator
pobocze, pas drogowy
rozkopać, roboty drogowe, zajęcie pasa drogowego
karta płatnicza, płatność kartą, terminal
pełnomocnictwo, upoważnienie, pełnomocnik
pies, piesek, psiak
kot, kotek
poród, urodzenie dziecka, narodziny
akademik, dom studencki
cudzoziemiec, obcokrajowiec
internet, online, net
impreza, libacja, głośna muzyka
pęknięta rura, awaria wodociągowa, brak wody
szambo, kanalizacja
dopłata do czynszu, dodatek mieszkaniowy
mandat za parkowanie, opłata dodatkowa
zapomoga, becikowe
""".strip().splitlines()
]


def _table() -> sa.Table:
    return sa.table('kb_synonyms', sa.column('terms', sa.JSON), sa.column('updated_at', cct.db.UTCDateTime()))


def upgrade() -> None:
    synonyms = _table()
    held = {frozenset(terms) for (terms,) in op.get_bind().execute(sa.select(synonyms.c.terms))}
    missing = [terms for terms in GROUPS if frozenset(terms) not in held]
    now = datetime.now(UTC)
    op.bulk_insert(synonyms, [{'terms': terms, 'updated_at': now} for terms in missing])


def downgrade() -> None:
    """Nothing: the groups are the editors' list now, and a group this upgrade found already there cannot be told
    from one it added."""
