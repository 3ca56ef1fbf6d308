"""The city's street list for the residents' report form: a text file, one name a line (the shipped list, or the
deployment's own through [reports] streets_file). A resident's street is accepted when it is on the list, typed in
any case, with or without Polish letters, with or without its "ul." prefix."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from cct.polish import bare_street, normalise

SHIPPED = Path(__file__).parent / "data" / "bialystok_streets.txt"


@lru_cache(maxsize=4)
def load(path: str) -> tuple[tuple[str, ...], dict[str, str]]:
    """The names in the file's order, and each name by its folded forms (with and without the prefix)."""
    names = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        name = " ".join(line.split("#", 1)[0].split())
        if name:
            names.append(name)
    index: dict[str, str] = {}
    for name in names:
        index.setdefault(normalise(name), name)
        index.setdefault(bare_street(name), name)
    return tuple(names), index


def streets(path: str = "") -> tuple[str, ...]:
    return load(path or str(SHIPPED))[0]


def match(given: str, path: str = "") -> str | None:
    """The list's spelling of the street a resident typed, or None when it is not on the list."""
    index = load(path or str(SHIPPED))[1]
    return index.get(normalise(given)) or index.get(bare_street(given))
