"""Which open ticket a new one likely repeats: the same category, near the same place (within a radius, or at the
same address), opened within a window. Inputs in, decision out; tickets.queries fetches the candidates."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from cct.polish import STREET_PREFIXES, fold

EARTH_RADIUS_M = 6_371_000.0
CITY = "bialystok"  # the city's own name in an address says nothing about the place


@dataclass(frozen=True)
class Place:
    id: int
    created_at: datetime
    lat: float | None
    lon: float | None
    address: str | None


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres (haversine)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlambda = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(a))


def address_key(address: str | None) -> str:
    """ "ul. Lipowa 14" and "Lipowa 14," give one key; no number, no key (a whole street is not one place)."""
    if not address:
        return ""
    words = re.sub(r"[^\w/]+", " ", fold(address)).split()
    words = [w for w in words if w not in STREET_PREFIXES and w != CITY]
    if not any(any(c.isdigit() for c in w) for w in words):
        return ""
    return " ".join(words)


def degrees_around(lat: float, radius_m: float) -> tuple[float, float]:
    """How many degrees of latitude and longitude the radius spans at this latitude (for a box in SQL)."""
    dlat = math.degrees(radius_m / EARTH_RADIUS_M)
    dlon = dlat / max(math.cos(math.radians(lat)), 0.01)
    return dlat, dlon


def nearby(new: Place, candidates: Iterable[Place], radius_m: float) -> list[tuple[Place, float | None]]:
    """The candidates within the radius or at the same address, nearest first (the same address counts as 0 m;
    the most recent first among equals), each with its distance in metres when both have a point."""
    key = address_key(new.address)
    found: list[tuple[float, float, Place, float | None]] = []
    for other in candidates:
        if other.id == new.id:
            continue
        distance = None
        if None not in (new.lat, new.lon, other.lat, other.lon):
            distance = distance_m(new.lat, new.lon, other.lat, other.lon)  # type: ignore[arg-type]
        near = distance is not None and distance <= radius_m
        same_address = bool(key) and key == address_key(other.address)
        if near or same_address:
            found.append((distance if distance is not None else 0.0, -other.created_at.timestamp(), other, distance))
    found.sort(key=lambda entry: (entry[0], entry[1]))
    return [(other, distance) for _rank, _newest, other, distance in found]


def likely_duplicate(new: Place, candidates: Iterable[Place], radius_m: float) -> tuple[Place, float | None] | None:
    """The nearest candidate within the radius or at the same address (most recent first among equals), with its
    distance in metres when both have a point."""
    found = nearby(new, candidates, radius_m)
    return found[0] if found else None
