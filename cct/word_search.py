"""Finding short records by their words with the knowledge base's Polish analysis (cct.lemmas), in SQL: a record
keeps its words' keys in a text column (`cct.lemmas.text_keys`), and a query's words are matched against them.
Used where a full index would be too much: the press office's earlier answers and positions, the chancery's
register of letters."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, case, literal, or_

from cct.lemmas import analyse_query


def keys_met(column: Any, text: str) -> list[ColumnElement[bool]]:
    """For each meaningful word of `text`, whether the column's keys hold one of its keys."""
    return [or_(*(column.contains(f" {key} ", autoescape=True) for key in word.keys)) for word in analyse_query(text)]


def words_met(met: list[ColumnElement[bool]]) -> ColumnElement[int]:
    """How many of the query's words a record meets (to order the records meeting the most first)."""
    return sum((case((word, 1), else_=0) for word in met), start=literal(0))
