"""The city's street list for the residents' report form: a text file, one name a line (the shipped list, or the
deployment's own through [reports] streets_file). A resident's street is accepted when it is on the list, typed in
any case, with or without Polish letters, with or without its "ul." prefix.

A line may also give a point for the street after a "|": "ul. Lipowa | 53.13245, 23.15562" (latitude, longitude, e.g.
the middle of the street from the city's address register). The public map shows a report given by its address alone
(no point marked) there, as an approximate place; it is never stored as the report's point, so it counts in no
distance (likely duplicates, reports nearby). A point that is not two numbers in range is left out, the name kept."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from cct.polish import bare_street, normalise

SHIPPED = Path(__file__).parent / "data" / "bialystok_streets.txt"


@dataclass(frozen=True)
class StreetList:
    names: tuple[str, ...]  # in the file's order
    index: dict[str, str]  # each name by its folded forms (with and without the prefix)
    points: dict[str, tuple[float, float]]  # name -> (latitude, longitude), for the streets the file gives one
    bad_points: tuple[int, ...]  # line numbers whose point could not be read


def _point(text: str) -> tuple[float, float] | None:
    parts = [part.strip() for part in text.replace(";", ",").split(",")]
    if len(parts) != 2:
        return None
    try:
        lat, lon = float(parts[0]), float(parts[1])
    except ValueError:
        return None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):  # also refuses nan and inf
        return None
    return lat, lon


@lru_cache(maxsize=4)
def load(path: str) -> StreetList:
    names: list[str] = []
    points: dict[str, tuple[float, float]] = {}
    bad: list[int] = []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        text = line.split("#", 1)[0]
        name_part, _bar, point_part = text.partition("|")
        name = " ".join(name_part.split())
        if not name:
            continue
        names.append(name)
        if point_part.strip():
            point = _point(point_part)
            if point is None:
                bad.append(number)
            else:
                points.setdefault(name, point)
    index: dict[str, str] = {}
    for name in names:
        index.setdefault(normalise(name), name)
        index.setdefault(bare_street(name), name)
    return StreetList(tuple(names), index, points, tuple(bad))


def streets(path: str = "") -> tuple[str, ...]:
    return load(path or str(SHIPPED)).names


def match(given: str, path: str = "") -> str | None:
    """The list's spelling of the street a resident typed, or None when it is not on the list."""
    index = load(path or str(SHIPPED)).index
    return index.get(normalise(given)) or index.get(bare_street(given))


def point(street: str, path: str = "") -> tuple[float, float] | None:
    """Where the list places a street (its spelling on the list), when it gives a point."""
    return load(path or str(SHIPPED)).points.get(street)


def point_of_address(address: str | None, path: str = "") -> tuple[float, float] | None:
    """The point of the street an address ("ul. Lipowa 14", as the report form writes it) is on, when the list gives
    one: the longest listed name the address starts with."""
    if not address:
        return None
    points = load(path or str(SHIPPED)).points
    for name in sorted(points, key=len, reverse=True):
        if address == name or address.startswith(name + " "):
            return points[name]
    return None
