"""Extension points: a page of one domain shows another domain's data through a named slot that the other fills.

The page asks for the slot by name (`slot("ticket.aside", ticket=…)` in a template, `gathered(…)` in code); every
domain that filled it in its `init_app` contributes (an HTML fragment, or data). With no filler the slot is empty, so
a page never needs the other domain, and the link rows belong to the domain that fills the slot.

Slots in use:
- "ticket.aside" (HTML; number: the ticket's number or None on the new-ticket form): beside a ticket.
- "call.aside" (HTML; call_sid or None): beside the call the agent is on, in the console.
- "workspace.actions" (HTML; call_sid or None): buttons of the agent's workspace beside "Open the ticket", sending
  the workspace's form elsewhere (formaction).
- "calls.articles" (data; call_sids) → {call_sid: [Link]}: what was used to answer each call.
- "ticket.articles" (data; ticket_id) → [Link]: the knowledge-base articles the caller was told.
- "ticket.resolve" (data; number, user) → the ticket's id when it exists and the user may see it, else None.
- "dashboard.links" (HTML): links on the supervisors' dashboard.
- "board.sections" (HTML): sections of the supervisors' live board (refreshed every few seconds).
- "home.sections" (HTML): sections of a member of staff's home page (the press office's countdowns, questions a
  unit was asked).
- "queue.sections" (HTML): above the tickets' queue (what else waits for the user's units).
- "kb.panel.results" (data; text) → [result]: results the agent's knowledge panel shows before the articles, in the
  panel's JSON shape (slug "", title, unit as the mark shown, snippet as escaped HTML, url, panel_url of a fragment).
- "audit.object_types" (data) → {type name: label}: the names of audited objects in the audit log.
- "signals.counts" (data; start, end: aware datetimes) → [Tally]: what residents asked in [start, end) by what they
  chose or named (telephony: the IVR menu's choices), for the press office's signals.
- "signals.topic" (data; start, end, categories: codes) → [Tally]: how many contacts in [start, end) were about the
  categories (telephony: calls whose IVR choice suggests one), for an information campaign's effect.
- "letter.to_press" (data; actor, sender, email, subject, text, received_at) → the number of the media enquiry a
  letter for the press team became (the press office), or None where there is no press office.
- "privacy.retention", "privacy.held", "privacy.erase" (data, lists): a domain's retention rule, what it holds about a
  person, what erasure does there (cct.privacy says what each takes and answers).
- "sms.sender" (data) → a function sending an SMS (to, body, purpose, kept=the text the log keeps) while SMS can be
  sent (telephony, with Twilio configured), else None.
- "db.upgraded" (data) → a number: run by `cct db upgrade` once the schema is at its head, in one transaction, for
  what a domain derives from its records by code rather than by schema (the press office's and the chancery's search
  keys, the keys the knowledge base counts and learns searched queries under, computed again by this version's
  analysis); the number of records changed. Skipped when the code that ran it last is the same (cct.derived), so
  what a filler derives may depend only on the code and its records, never on settings or other data.
- "public_url" (data) → the address residents reach the service at, when a domain knows it and `public_url` is not
  configured (telephony: Twilio's public base URL); cct.web.residents_url reads it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flask import Flask, current_app, url_for
from markupsafe import Markup

SLOTS = "cct.slots"  # app.extensions: slot name -> fillers


@dataclass(frozen=True)
class Link:
    """A data slot's answer that a page shows as a link: the address is built only when a page asks for it, so
    operations and jobs can read the same answer outside a request."""

    title: str
    endpoint: str
    values: dict[str, Any] = field(default_factory=dict)

    @property
    def url(self) -> str:
        return url_for(self.endpoint, **self.values)


@dataclass(frozen=True)
class Tally:
    """A count a data slot gives: of what (`source`: "ivr", "calls" …; `key` and `label` of the thing counted)."""

    source: str
    key: str
    label: str
    count: int


def fill(app: Flask, name: str, filler: Callable[..., Any]) -> None:
    app.extensions.setdefault(SLOTS, {}).setdefault(name, []).append(filler)


def fillers(name: str) -> list[Callable[..., Any]]:
    """The functions that filled the slot, in the order they did."""
    return list(current_app.extensions.get(SLOTS, {}).get(name, []))


def gathered(name: str, **context: Any) -> list[Any]:
    """What every filler of the slot gives for this context (nothing when nobody filled it)."""
    return [filler(**context) for filler in fillers(name)]


def flattened(name: str, **context: Any) -> list[Any]:
    """The items of every filler's answer, one list (for slots whose fillers answer with lists)."""
    return [item for answer in gathered(name, **context) for item in answer]


def first(name: str, **context: Any) -> Any:
    """The first filler's answer that is not None, or None."""
    return next((found for found in gathered(name, **context) if found is not None), None)


def rendered(name: str, **context: Any) -> Markup:
    """The slot's HTML fragments, in the order they were filled (for templates: `slot(name, …)`). Fillers of HTML
    slots return rendered (autoescaped) templates."""
    parts = [Markup(part) for part in gathered(name, **context) if part]  # noqa: S704 - rendered templates
    return Markup("\n").join(parts)


def init_app(app: Flask) -> None:
    app.jinja_env.globals["slot"] = rendered
