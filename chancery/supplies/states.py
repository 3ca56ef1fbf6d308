"""Office supplies' enumerations: how far a request has gone, and why a stock changed. No I/O."""

from __future__ import annotations

from enum import StrEnum

from flask_babel import lazy_gettext as _l


class RequestState(StrEnum):
    REQUESTED = "requested"
    APPROVED = "approved"
    ISSUED = "issued"
    REJECTED = "rejected"


REQUEST_STATE_LABELS = {
    RequestState.REQUESTED: _l("waiting for approval"),
    RequestState.APPROVED: _l("approved, to be issued"),
    RequestState.ISSUED: _l("issued"),
    RequestState.REJECTED: _l("rejected"),
}
# a request moves on only from these: requested → approved or rejected; approved → issued or rejected
NEXT = {
    RequestState.REQUESTED: {RequestState.APPROVED, RequestState.REJECTED},
    RequestState.APPROVED: {RequestState.ISSUED, RequestState.REJECTED},
}


class MoveKind(StrEnum):
    DELIVERY = "delivery"  # bought and delivered: the stock grows
    ISSUE = "issue"  # given to the person who asked
    COUNT = "count"  # set to what a count found


MOVE_KIND_LABELS = {MoveKind.DELIVERY: _l("delivery"), MoveKind.ISSUE: _l("issue"), MoveKind.COUNT: _l("stock count")}


def labels() -> dict[str, dict[str, object]]:
    return {
        "REQUEST_STATE_LABELS": {key.value: label for key, label in REQUEST_STATE_LABELS.items()},
        "MOVE_KIND_LABELS": {key.value: label for key, label in MOVE_KIND_LABELS.items()},
    }
