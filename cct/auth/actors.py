"""Who does something: a signed-in member of staff (a User), or one of the named system actors.

Every operation takes an actor; none takes None. A system actor is explicit about why a check does not apply:
SYSTEM is the service itself (background jobs, the `cct` command, imports, the demo data, Twilio's signed
webhooks), RESIDENT a resident acting without an account through a public channel (the report form, an Open311
app, an SMS), whose entry point is the gate. Policies let system actors through on purpose, by name; audit and
history rows record them with no user.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeAlias

from cct.auth.roles import Role

if TYPE_CHECKING:
    from cct.auth.models import User


@dataclass(frozen=True)
class SystemActor:
    name: str
    id: None = None
    login: str = ""
    full_name: str = ""
    units: tuple[Any, ...] = field(default_factory=tuple)
    is_system: bool = True
    is_authenticated: bool = False

    @property
    def roles(self) -> frozenset[Role]:
        return frozenset()

    @property
    def unit_ids(self) -> frozenset[int]:
        return frozenset()

    def has_permission(self, permission: str) -> bool:
        """A system actor holds no role's permission: policies that admit it say so by checking `is_system`."""
        return False


SYSTEM = SystemActor("system", login="system", full_name="CCT")
RESIDENT = SystemActor("resident", login="resident", full_name="mieszkaniec")

Actor: TypeAlias = "User | SystemActor"


def actor_id(actor: User | SystemActor) -> int | None:
    """The user's id for a row's `…_by_id` column (None for a system actor)."""
    return None if actor.is_system else actor.id
