"""The HR registers' enumerations: why an employee left the office during working hours, how a business trip
travels and how far it has gone, and the marks of the monthly attendance list. No I/O."""

from __future__ import annotations

from enum import StrEnum

from flask_babel import lazy_gettext as _l


class ExitKind(StrEnum):
    PRIVATE = "private"  # to be worked off (Labour Code art. 151 § 2¹: working it off is not overtime)
    OFFICIAL = "official"


EXIT_KIND_LABELS = {ExitKind.PRIVATE: _l("private"), ExitKind.OFFICIAL: _l("official")}


class Transport(StrEnum):
    PUBLIC = "public"
    OFFICIAL_CAR = "official_car"
    PRIVATE_CAR = "private_car"
    PLANE = "plane"
    OTHER = "other"


TRANSPORT_LABELS = {
    Transport.PUBLIC: _l("public transport (train, bus)"),
    Transport.OFFICIAL_CAR: _l("official car"),
    Transport.PRIVATE_CAR: _l("private car"),
    Transport.PLANE: _l("plane"),
    Transport.OTHER: _l("other"),
}


class TripState(StrEnum):
    ORDERED = "ordered"  # the travel order is issued
    SETTLED = "settled"  # the costs are settled: the amounts are fixed
    CANCELLED = "cancelled"


TRIP_STATE_LABELS = {
    TripState.ORDERED: _l("ordered"),
    TripState.SETTLED: _l("settled"),
    TripState.CANCELLED: _l("cancelled"),
}


class Mark(StrEnum):
    """What the monthly attendance list shows in a day's cell instead of a signature."""

    LEAVE = "U"  # urlop wypoczynkowy
    TRIP = "D"  # delegacja
    FREE = "-"  # not a working day of the office


MARK_LABELS = {
    Mark.LEAVE: _l("U — annual leave"),
    Mark.TRIP: _l("D — business trip"),
    Mark.FREE: _l("— a day off (Saturday, Sunday, public holiday, office day off)"),
}


def labels() -> dict[str, dict[str, object]]:
    return {
        "EXIT_KIND_LABELS": {key.value: label for key, label in EXIT_KIND_LABELS.items()},
        "TRANSPORT_LABELS": {key.value: label for key, label in TRANSPORT_LABELS.items()},
        "TRIP_STATE_LABELS": {key.value: label for key, label in TRIP_STATE_LABELS.items()},
    }
