"""The press office's signals pages: what residents ask the helpline (tops of the day and of the last seven days,
spikes against the four weeks before, the tickets behind a signal) and information campaigns with their effect on
the helpline, week by week."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from flask import Blueprint, abort, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from cct.auth.access import requires
from cct.office_calendar import local_today, plausible
from cct.web import form_page
from press.signals import operations, queries, rules
from press.signals.forms import CampaignForm
from press.signals.models import Campaign
from press.states import CAMPAIGN_CHANNEL_LABELS

bp = Blueprint("press_signals", __name__, url_prefix="/press")
RANGE_MAX_DAYS = 366


def _day(text: str | None, default: date) -> date | None:
    """A day given in the address (YYYY-MM-DD), or the default when none is given; None when it is not a date, or
    not one of a year the office works in."""
    if not text:
        return default
    try:
        day = date.fromisoformat(text[:10])
    except ValueError:
        return None
    return day if plausible(day) else None


def source_labels() -> dict[str, str]:
    return {
        "category": _("Ticket categories"),
        "ivr": _("Calls: the menu's choices"),
        "search": _("Agents' searches"),
        "search_empty": _("Searches that found nothing"),
        "tickets": _("Tickets"),
        "calls": _("Calls"),
        "searches": _("Searches"),
    }


@bp.get("/signals")
@requires("press.work")
def signals() -> Any:
    today = local_today()
    day = _day(request.args.get("day"), today)
    if day is None or day > today:
        return render_template("press/signals.html", bad_day=True, today=today, labels=source_labels()), 400
    (first, last), (baseline_first, baseline_last) = rules.windows(day)
    of_day = queries.counts(day, day)
    of_window = queries.counts(first, last)
    return render_template(
        "press/signals.html",
        bad_day=False,
        day=day,
        today=today,
        first=first,
        baseline_first=baseline_first,
        baseline_last=baseline_last,
        spikes=rules.spikes(of_window, queries.baseline(baseline_first, baseline_last)),
        day_tops={source: rules.tops(of_day, source) for source in queries.SOURCES},
        window_tops={source: rules.tops(of_window, source) for source in queries.SOURCES},
        sources=queries.SOURCES,
        labels=source_labels(),
        min_count=rules.MIN_COUNT,
        min_rise=rules.MIN_RISE,
    )


@bp.get("/signals/tickets")
@requires("press.work")
def tickets_behind() -> Any:
    """The tickets behind a category's signal: what they were about, where they went, how far they are — without
    the residents' names, numbers or addresses."""
    today = local_today()
    last = _day(request.args.get("to"), today)
    first = _day(request.args.get("from"), (last or today) - timedelta(days=rules.WINDOW_DAYS - 1))
    category = (request.args.get("category") or "")[:60]
    known = dict(queries.category_choices())
    if first is None or last is None or first > last or (last - first).days >= RANGE_MAX_DAYS:
        message = _("Give a period of at most %(n)d days as YYYY-MM-DD.", n=RANGE_MAX_DAYS)
        return render_template("press/signal_tickets.html", error=message), 400
    if category not in known:
        abort(404)
    return render_template(
        "press/signal_tickets.html",
        error=None,
        category=known[category],
        first=first,
        last=last,
        items=queries.tickets_behind(category, first, last),
    )


# -- information campaigns -----------------------------------------------------------------------------------------


def _campaign_form(form: CampaignForm) -> CampaignForm:
    form.categories.choices = queries.category_choices()
    return form


def _values(form: CampaignForm) -> dict[str, Any]:
    return {
        "name": form.name.data,
        "goal": form.goal.data,
        "topic": form.topic.data,
        "starts_on": form.starts_on.data,
        "ends_on": form.ends_on.data,
        "channels": form.channels.data,
        "categories": form.categories.data,
        "keywords": [word for word in (form.keywords.data or "").split(",") if word.strip()],
    }


@bp.route("/campaigns", methods=["GET", "POST"])
@requires("press.work")
def campaigns() -> Any:
    form = _campaign_form(CampaignForm())
    created: list[Campaign] = []

    def record() -> str:
        created.append(operations.save_campaign(current_user, _values(form)))
        return _("Campaign saved.")

    return form_page(
        form,
        record,
        lambda: url_for(".campaign", campaign_id=created[0].id),
        "press/campaigns.html",
        items=queries.campaigns(),
        today=local_today(),
        channels=CAMPAIGN_CHANNEL_LABELS,
    )


@bp.route("/campaigns/<int:campaign_id>", methods=["GET", "POST"])
@requires("press.work")
def campaign(campaign_id: int) -> Any:
    found = queries.campaign(campaign_id)
    if found is None:
        abort(404)
    form = _campaign_form(CampaignForm(obj=found) if request.method == "GET" else CampaignForm())
    if request.method == "GET":
        form.keywords.data = ", ".join(found.keywords)

    def change() -> str:
        operations.save_campaign(current_user, _values(form), found)
        return _("Campaign saved.")

    today = local_today()
    weeks = queries.campaign_weeks(found, today)
    busiest = max((week.weekly(source) for week in weeks for source in queries.TOPIC_SOURCES), default=0) or 1
    return form_page(
        form,
        change,
        url_for(".campaign", campaign_id=found.id),
        "press/campaign.html",
        item=found,
        weeks=weeks,
        busiest=busiest,
        effects=rules.effect(weeks, queries.TOPIC_SOURCES),
        topic_sources=queries.TOPIC_SOURCES,
        labels=source_labels(),
        channels=CAMPAIGN_CHANNEL_LABELS,
        categories=dict(queries.category_choices()),
        today=today,
    )
