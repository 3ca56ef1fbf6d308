"""Reading an office's JRWA (jednolity rzeczowy wykaz akt) from CSV. Pure: text in, classes out, or the first
problem with its line.

The file has a header row naming at least `symbol`, `title` and `category` (Polish headers `symbol`, `hasło`,
`kategoria` are read too), a comma or a semicolon between fields (spreadsheets in Poland write semicolons), and one
class per row. Lines starting with `#` are notes. The list's rules are checked as a whole: a symbol is 1–4 digits,
each class below the first level has its parent in the list (1431 needs 143), a class with subclasses has no
archival category and a class at the end of a branch has one (A, Bn, BEn or Bc).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from chancery.schemas import JRWA_ROWS_MAX, JRWA_TITLE_MAX
from chancery.states import ARCHIVAL_CATEGORY_PATTERN

EXAMPLE = Path(__file__).parent / "data" / "jrwa_example.csv"  # the example list shipped (see its notes)
SYMBOL = re.compile(r"^\d{1,4}$")
CATEGORY = re.compile(ARCHIVAL_CATEGORY_PATTERN)
HEADERS = {"symbol": "symbol", "title": "title", "hasło": "title", "haslo": "title", "category": "category"}
HEADERS |= {"kategoria": "category", "kategoria archiwalna": "category"}


@dataclass(frozen=True)
class JrwaRow:
    symbol: str
    title: str
    category: str | None


class JrwaProblem(ValueError):
    """What is wrong with the file, and on which line (1 is the header; 0 when it concerns the whole list)."""

    def __init__(self, line: int, code: str, symbol: str | None = None) -> None:
        super().__init__(code)
        self.line, self.code, self.symbol = line, code, symbol


def decode(data: bytes) -> str:
    """The file's text: UTF-8 (with or without its byte-order mark), or Windows-1250, which Polish Excel writes as
    "CSV"."""
    for encoding in ("utf-8-sig", "cp1250"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise JrwaProblem(0, "not_text")


def _dialect(text: str) -> str:
    first = next((line for line in text.splitlines() if line.strip() and not line.startswith("#")), "")
    return ";" if first.count(";") > first.count(",") else ","


def parse(text: str) -> list[JrwaRow]:
    """The classes the CSV text lists, checked as a list."""
    if "\x00" in text:
        raise JrwaProblem(0, "not_text")
    lines = [(number, line) for number, line in enumerate(text.splitlines(), 1) if not line.startswith("#")]
    reader = csv.reader(io.StringIO("\n".join(line for _n, line in lines)), delimiter=_dialect(text))
    numbered = [(lines[index][0] if index < len(lines) else 0, row) for index, row in enumerate(reader)]
    numbered = [(number, row) for number, row in numbered if any(cell.strip() for cell in row)]
    if not numbered:
        raise JrwaProblem(0, "empty")
    header_line, header = numbered[0]
    columns = {HEADERS.get(cell.strip().lower().lstrip("\ufeff")): index for index, cell in enumerate(header)}
    if not {"symbol", "title", "category"} <= columns.keys():
        raise JrwaProblem(header_line, "header")
    if len(numbered) - 1 > JRWA_ROWS_MAX:
        raise JrwaProblem(0, "too_many")
    rows: dict[str, tuple[int, JrwaRow]] = {}
    for number, cells in numbered[1:]:

        def cell(name: str, cells: list[str] = cells) -> str:
            index = columns[name]
            return cells[index].strip() if index < len(cells) else ""

        symbol, title, category = cell("symbol"), " ".join(cell("title").split()), cell("category")
        if not SYMBOL.match(symbol):
            raise JrwaProblem(number, "symbol", symbol)
        if not title or len(title) > JRWA_TITLE_MAX:
            raise JrwaProblem(number, "title", symbol)
        if category and not CATEGORY.match(category):
            raise JrwaProblem(number, "category", symbol)
        if symbol in rows:
            raise JrwaProblem(number, "duplicate", symbol)
        rows[symbol] = (number, JrwaRow(symbol, title, category or None))
    for symbol, (number, row) in rows.items():
        if len(symbol) > 1 and symbol[:-1] not in rows:
            raise JrwaProblem(number, "no_parent", symbol)
        has_children = any(other != symbol and other.startswith(symbol) for other in rows)
        if has_children and row.category:
            raise JrwaProblem(number, "category_on_parent", symbol)
        if not has_children and not row.category:
            raise JrwaProblem(number, "no_category", symbol)
    return [row for _number, row in rows.values()]
