"""Who keeps the routing rules: administrators (and the system, for the demo data)."""

from __future__ import annotations

from typing import Any


def can_manage(user: Any) -> bool:
    return user.is_system or user.has_permission("routing.manage")
