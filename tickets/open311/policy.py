"""Who issues and revokes Open311 api keys: administrators, and the `cct` command."""

from __future__ import annotations

from typing import Any


def can_manage_keys(user: Any) -> bool:
    return user.is_system or user.has_permission("open311.keys")
