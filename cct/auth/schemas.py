"""Accounts' field limits, read by the table, the forms and every domain that takes a login."""

from __future__ import annotations

LOGIN_MAX = 64
