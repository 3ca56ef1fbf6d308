"""What changes in the press office's signals: information campaigns recorded (and changed)."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from cct import contacts, db
from cct.actions import audit, operation
from cct.auth.actors import Actor, actor_id
from cct.changes import apply_changes
from cct.errors import Unprocessable
from cct.office_calendar import require_plausible
from press import policy
from press import schemas as limits
from press.signals import queries, rules
from press.signals.models import Campaign
from press.states import CampaignChannel

KEYWORDS_MAX = 20


def _text(value: Any, name: str, limit: int, required: bool = False) -> str:
    return contacts.clean_text(value, name, limit, required)


def _day(value: Any, name: str) -> date:
    if not isinstance(value, date):
        raise Unprocessable("bad_date", _("Give a date."), name)
    require_plausible(value, name)
    return value


def _words(values: list[Any]) -> list[str]:
    words: list[str] = []
    for value in values:
        word = _text(value, "keywords", limits.TAG_MAX).lower()
        if word and word not in words:
            words.append(word)
    if len(words) > KEYWORDS_MAX:
        raise Unprocessable("too_many_words", _("At most %(n)d words.", n=KEYWORDS_MAX), "keywords")
    return words


@operation("press.campaign_saved", _l("Information campaign saved"))
def save_campaign(actor: Actor, values: dict[str, Any], campaign: Campaign | None = None) -> Campaign:
    """A campaign (new, or changed): its goal and topic, period, channels, and the categories and words by which
    the helpline's contacts on its topic are counted."""
    policy.require_work(actor)
    starts, ends = _day(values.get("starts_on"), "starts_on"), _day(values.get("ends_on"), "ends_on")
    if ends < starts:
        raise Unprocessable("ends_before", _("The campaign cannot end before it starts."), "ends_on")
    if (ends - starts).days >= rules.CAMPAIGN_MAX_DAYS:
        raise Unprocessable("too_long", _("A campaign lasts at most %(n)d days.", n=rules.CAMPAIGN_MAX_DAYS), "ends_on")
    known = {code for code, _name in queries.category_choices()}
    categories = list(dict.fromkeys(code for code in values.get("categories") or [] if code))
    if any(code not in known for code in categories):
        raise Unprocessable("unknown_category", _("Choose categories from the list."), "categories")
    channels = list(dict.fromkeys(values.get("channels") or []))
    if any(channel not in {c.value for c in CampaignChannel} for channel in channels):
        raise Unprocessable("unknown_channel", _("Choose channels from the list."), "channels")
    keywords = _words(list(values.get("keywords") or []))
    if not categories and not keywords:
        raise Unprocessable(
            "no_topic", _("Choose at least one category or give words: they count the topic's contacts."), "keywords"
        )
    fields = {
        "name": _text(values.get("name"), "name", limits.SUBJECT_MAX, required=True),
        "goal": _text(values.get("goal"), "goal", limits.NOTE_MAX, required=True),
        "topic": _text(values.get("topic"), "topic", limits.SUBJECT_MAX, required=True),
        "categories": categories,
        "keywords": keywords,
        "channels": channels,
        "starts_on": starts,
        "ends_on": ends,
    }
    if campaign is None:
        campaign = Campaign(**fields, created_by_id=actor_id(actor))
        db.session.add(campaign)
        changes: dict[str, Any] = {"name": [None, campaign.name]}
    else:
        changes = apply_changes(campaign, fields)
    db.session.flush()
    audit(campaign, actor, changes)
    return campaign
