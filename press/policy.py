"""Who may do what in the press office: press officers (and the spokesperson) work enquiries, contacts and
authorisations; only the spokesperson approves an answer or decides a refusal; a city unit's staff answer the
questions put to their unit. The system actor (jobs, the demo) passes on purpose."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from sqlalchemy import ColumnElement, false

from cct.errors import Forbidden
from press.models import UnitRequest


def can_work(user: Any) -> bool:
    return user.is_system or user.has_permission("press.work")


def can_approve(user: Any) -> bool:
    """The spokesperson (the Director, or a deputy given the role) approves what the city says to the media."""
    return user.is_system or user.has_permission("press.approve")


def can_answer(user: Any, request: UnitRequest) -> bool:
    """A question to a unit is answered by its staff (the press office reads the answer, it does not write it)."""
    return user.is_system or request.unit_id in user.unit_ids


def require_work(user: Any) -> None:
    if not can_work(user):
        raise Forbidden("forbidden", _("Only the press office may do this."))


def require_receive(user: Any) -> None:
    """The press office, or the chancery passing on a letter for the press team."""
    if not (can_work(user) or user.has_permission("press.receive")):
        raise Forbidden("forbidden", _("Only the press office may do this."))


def require_approver(user: Any) -> None:
    if not can_approve(user):
        raise Forbidden("forbidden", _("Only the spokesperson may approve or refuse."))


def require_answer(user: Any, request: UnitRequest) -> None:
    if not can_answer(user, request):
        raise Forbidden("forbidden", _("Only the staff of the unit asked may answer."))


def unit_requests_for(user: Any) -> ColumnElement[bool]:
    """The questions a user's units were asked (SQL)."""
    ids = user.unit_ids
    return UnitRequest.unit_id.in_(ids) if ids else false()
