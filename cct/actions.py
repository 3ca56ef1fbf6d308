"""Operations are declared, once each, with the audit action they record; what they change reaches the audit log
or the object's history through the signals they emit.

    @operation("unit.created", _l("Unit created"))
    def create_unit(actor, values): ... db.session.flush(); audit(unit, actor, changes)

`OPERATIONS` lists every declared operation by its action (a test walks it and proves each leaves a row), `LABELS`
what the audit log calls each action. `audit`
and `history` send the signals under the action of the operation running now; called outside one they fail, so a
change cannot be recorded under no name.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any, TypeVar

from cct.signals import audited, history_event

F = TypeVar("F", bound=Callable[..., Any])
OPERATIONS: dict[str, Callable[..., Any]] = {}
LABELS: dict[str, Any] = {}  # action -> its name for people (a lazy translation)
_running: ContextVar[str | None] = ContextVar("cct_operation", default=None)


def operation(action: str, label: Any) -> Callable[[F], F]:
    """Declare a writer, the audit action it records (e.g. "ticket.rerouted") and that action's name for people
    (`lazy_gettext("Ticket rerouted")`), which the audit log shows instead of the code."""

    def declare(func: F) -> F:
        known = OPERATIONS.get(action)
        if known is not None and known.__wrapped__ is not func:  # type: ignore[attr-defined]
            raise ValueError(f"two operations declare the audit action {action!r}")

        @functools.wraps(func)
        def run(*args: Any, **kwargs: Any) -> Any:
            token = _running.set(action)
            try:
                return func(*args, **kwargs)
            finally:
                _running.reset(token)

        run.audit_action = action  # type: ignore[attr-defined]
        OPERATIONS[action] = run
        LABELS[action] = label
        return run  # type: ignore[return-value]

    return declare


def current_action() -> str:
    action = _running.get()
    if action is None:
        raise RuntimeError("a change is recorded only by a declared operation (cct.actions.operation)")
    return action


def audit(obj: Any, actor: Any, changes: dict[str, Any] | None = None, *, ip: str | None = None, **detail: Any) -> None:
    """An audit-log row for the running operation: who, what, {field: [old, new]} and any detail."""
    audited.send(obj, actor=actor, action=current_action(), changes=changes or {}, detail=detail, ip=ip)


def history(obj: Any, actor: Any, kind: str, changes: dict[str, Any] | None = None, **detail: Any) -> None:
    """A line of the object's own history (a ticket's timeline), for the running operation."""
    history_event.send(obj, actor=actor, action=current_action(), kind=kind, changes=changes or {}, detail=detail)
