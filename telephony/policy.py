"""Who may do what with telephony: agents (and supervisors, administrators) handle calls and callbacks;
administrators keep the SMS texts; supervisors watch the figures. The system actor (Twilio's signed webhooks, jobs)
passes on purpose."""

from __future__ import annotations

from typing import Any


def can_handle_calls(user: Any) -> bool:
    return user.is_system or user.has_permission("calls.handle")


def can_keep_texts(user: Any) -> bool:
    return user.is_system or user.has_permission("sms.templates")
