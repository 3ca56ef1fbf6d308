"""Finding short records by their words with the knowledge base's Polish analysis (cct.lemmas), in SQL: a record
keeps its words' keys in a text column (`cct.lemmas.text_keys`), and a query's words are matched against them.
Used where a full index would be too much: the press office's earlier answers and positions, the chancery's
register of letters."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import ColumnElement, bindparam, case, literal, or_, select, update
from sqlalchemy.orm.attributes import set_committed_value

from cct import db
from cct.lemmas import analyse_query, text_keys


def keys_met(column: Any, text: str) -> list[ColumnElement[bool]]:
    """For each meaningful word of `text`, whether the column's keys hold one of its keys."""
    return [or_(*(column.contains(f" {key} ", autoescape=True) for key in word.keys)) for word in analyse_query(text)]


def words_met(met: list[ColumnElement[bool]]) -> ColumnElement[int]:
    """How many of the query's words a record meets (to order the records meeting the most first)."""
    return sum((case((word, 1), else_=0) for word in met), start=literal(0))


def refresh_keys(model: Any, text_of: Callable[[Any], str], batch: int = 500) -> int:
    """Every record's keys computed again from its text (`text_of`, the same function that keys it when it is
    saved), for when the analysis has changed since (cct.lemmas: a record keyed before it misses the words the
    new analysis finds, one saved before it had keys at all has none). Only the keys change, not when the record
    was last updated. Returns how many records' keys changed."""
    table = model.__table__
    kept = {column.name: column for column in table.c if column.onupdate is not None}  # as they were ("updated_at")
    write = update(table).where(table.c.id == bindparam("record")).values(search_keys=bindparam("keys"), **kept)
    changed = last = 0
    while records := db.session.scalars(select(model).where(model.id > last).order_by(model.id).limit(batch)).all():
        fresh = {record: keys for record in records if (keys := text_keys(text_of(record))) != record.search_keys}
        if fresh:
            db.session.execute(write, [{"record": record.id, "keys": keys} for record, keys in fresh.items()])
            for record, keys in fresh.items():  # what the session holds says what the table does
                set_committed_value(record, "search_keys", keys)
        changed += len(fresh)
        last = records[-1].id
    return changed
