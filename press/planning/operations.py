"""What changes in the press office's planning: conferences from planning to announcement (an invitation e-mailed
to each invited outlet), attendance and the follow-up release; speech drafts in versions, one approved by the
spokesperson; posts planned per channel, approved, published with their link; a member of staff's calendar token."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from cct import contacts, db, mail
from cct.actions import audit, operation
from cct.auth.actors import Actor, actor_id
from cct.changes import apply_changes
from cct.db import utcnow
from cct.errors import Conflict, Unprocessable
from cct.office_calendar import office_calendar, require_plausible
from press import policy
from press import queries as press_queries
from press import schemas as limits
from press.models import Release
from press.planning import queries
from press.planning.models import CalendarToken, Conference, ConferenceOutlet, Post, SpeechDraft
from press.states import (
    CONFERENCE_OVER,
    POST_OVER,
    Channel,
    ConferenceState,
    PostState,
    conference_may_move,
    post_may_move,
)

CONFERENCE_MAX_HOURS = 12  # a conference longer than that is a typing mistake
SPEECH_ATTEMPTS = 5


def _text(value: Any, name: str, limit: int, required: bool = False) -> str:
    return contacts.clean_text(value, name, limit, required)


def _moment(value: Any, name: str) -> datetime:
    if not isinstance(value, datetime):
        raise Unprocessable("required", _("This field is required."), name)
    if value.tzinfo is None:
        raise Unprocessable("naive_time", _("Give the time with its time zone."), name)
    require_plausible(value, name)
    return value


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


# -- conferences ---------------------------------------------------------------------------------------------------


def _conference_move(conference: Conference, target: ConferenceState) -> dict[str, list[str]]:
    if not conference_may_move(conference.state, target):
        raise Conflict("wrong_state", _("The conference cannot go there from where it is now."), "state")
    change = {"state": [conference.state, target.value]}
    conference.state = target.value
    return change


def _guests(conference: Conference, outlet_ids: list[int]) -> list[int]:
    """The conference's invited outlets become `outlet_ids`; the ids newly invited are returned."""
    wanted = list(dict.fromkeys(outlet_ids))
    for outlet_id in wanted:
        if press_queries.outlet(outlet_id) is None:
            raise Unprocessable("unknown_outlet", _("Choose outlets from the list."), "outlets")
    invited = {guest.outlet_id for guest in conference.guests}
    added = [outlet_id for outlet_id in wanted if outlet_id not in invited]
    conference.guests = [guest for guest in conference.guests if guest.outlet_id in wanted] + [
        ConferenceOutlet(outlet_id=outlet_id) for outlet_id in added
    ]
    return added


def _when(conference: Conference) -> str:
    return conference.starts_at.astimezone(office_calendar().timezone).strftime("%d.%m.%Y %H:%M")


def _write(conference: Conference, outlet_ids: list[int] | None, what: str, subject: str, body: str) -> list[str]:
    """An e-mail through [mail] to the invited outlets (those of `outlet_ids`, or all) that have an address; the
    addresses written to. `what` names the message (an invitation, a change at a time, the cancellation): each is
    sent once to each address."""
    addresses = [
        guest.outlet.email
        for guest in conference.guests
        if guest.outlet.email and (outlet_ids is None or guest.outlet_id in outlet_ids)
    ]
    for address in addresses:
        mail.queue(address, subject, body, purpose=f"press-conference:{conference.id}:{what}:{address}")
    return addresses


def _invite(conference: Conference, outlet_ids: list[int] | None = None) -> list[str]:
    body = _(
        "The City of Białystok invites you to a press conference.\n\nTopic: %(topic)s\nWhen: %(when)s\n"
        "Where: %(place)s\nSpeakers:\n%(speakers)s\n\n%(description)s",
        topic=conference.topic,
        when=_when(conference),
        place=conference.place,
        speakers=conference.speakers,
        description=conference.description,
    )
    subject = _("Press conference %(when)s: %(topic)s", when=_when(conference), topic=conference.topic)
    return _write(conference, outlet_ids, "invitation", subject, body)


@operation("press.conference_saved", _l("Press conference saved"))
def save_conference(actor: Actor, values: dict[str, Any], conference: Conference | None = None) -> Conference:
    """A new conference or changes to one not yet held: topic, time, place, speakers, invited outlets. Once it is
    announced, outlets invited later get the invitation, and a new time or place is written to every invited one."""
    policy.require_work(actor)
    if conference is not None and conference.state in CONFERENCE_OVER:
        raise Conflict("over", _("A conference that was held or cancelled is not changed."))
    starts, ends = _moment(values.get("starts_at"), "starts_at"), _moment(values.get("ends_at"), "ends_at")
    if ends <= starts:
        raise Unprocessable("ends_before", _("The conference must end after it starts."), "ends_at")
    if (ends - starts).total_seconds() > CONFERENCE_MAX_HOURS * 3600:
        raise Unprocessable("too_long", _("A conference lasts at most %(n)d hours.", n=CONFERENCE_MAX_HOURS), "ends_at")
    fields = {
        "topic": _text(values.get("topic"), "topic", limits.SUBJECT_MAX, required=True),
        "starts_at": starts,
        "ends_at": ends,
        "place": _text(values.get("place"), "place", limits.PLACE_MAX, required=True),
        "speakers": _text(values.get("speakers"), "speakers", limits.SPEAKERS_MAX, required=True),
        "description": _text(values.get("description"), "description", limits.NOTE_MAX),
    }
    if conference is None:
        conference = Conference(**fields, state=ConferenceState.PLANNED.value, organised_by_id=actor_id(actor))
        db.session.add(conference)
        changes: dict[str, Any] = {"topic": [None, conference.topic], "state": [None, conference.state]}
    else:
        changes = apply_changes(conference, fields)
    added = _guests(conference, [int(value) for value in values.get("outlets") or []])
    db.session.flush()
    written: list[str] = []
    if conference.state == ConferenceState.ANNOUNCED:
        if {"starts_at", "ends_at", "place"} & set(changes):
            subject = _("Changed: press conference %(when)s: %(topic)s", when=_when(conference), topic=conference.topic)
            body = _(
                "The press conference has changed.\n\nTopic: %(topic)s\nWhen: %(when)s\nWhere: %(place)s",
                topic=conference.topic,
                when=_when(conference),
                place=conference.place,
            )
            earlier = [guest.outlet_id for guest in conference.guests if guest.outlet_id not in added]
            written += _write(conference, earlier, f"change-{utcnow().isoformat()}", subject, body)
        written += _invite(conference, added)
    audit(conference, actor, changes, outlets=len(conference.guests), written=written)
    return conference


@operation("press.conference_announced", _l("Press conference announced"))
def announce_conference(actor: Actor, conference: Conference) -> list[str]:
    """On the public list from now on; each invited outlet with an e-mail address gets the invitation through
    [mail]. The addresses written to are returned (and kept in the audit)."""
    policy.require_work(actor)
    if conference.starts_at <= utcnow():
        raise Conflict("past", _("A conference that has started cannot be announced."))
    changes = _conference_move(conference, ConferenceState.ANNOUNCED)
    conference.announced_at = utcnow()
    invited = _invite(conference)
    db.session.flush()
    audit(conference, actor, changes, invited=invited)
    return invited


@operation("press.conference_cancelled", _l("Press conference cancelled"))
def cancel_conference(actor: Actor, conference: Conference, note: str) -> None:
    policy.require_work(actor)
    note = _text(note, "note", limits.NOTE_MAX, required=True)
    announced = conference.state == ConferenceState.ANNOUNCED
    changes = _conference_move(conference, ConferenceState.CANCELLED)
    conference.attendance_note = note
    written: list[str] = []
    if announced:  # the outlets were invited: they are told
        subject = _("Cancelled: press conference %(when)s: %(topic)s", when=_when(conference), topic=conference.topic)
        body = _("The press conference is cancelled: %(note)s", note=note)
        written = _write(conference, None, "cancelled", subject, body)
    db.session.flush()
    audit(conference, actor, changes, note=note, written=written)


@operation("press.conference_held", _l("Press conference's attendance recorded"))
def record_attendance(
    actor: Actor, conference: Conference, attended: list[int], note: str | None, release_id: int | None
) -> None:
    """After the conference: which invited outlets came, a note (others who came, questions asked), and the
    release that followed it."""
    policy.require_work(actor)
    if conference.starts_at > utcnow():
        raise Conflict("not_yet", _("Attendance is recorded once the conference has started."))
    came = set(attended)
    invited = {guest.outlet_id for guest in conference.guests}
    if not came <= invited:
        raise Unprocessable("not_invited", _("Mark only outlets that were invited."), "attended")
    release = None
    if release_id is not None:
        release = db.session.get(Release, release_id)
        if release is None:
            raise Unprocessable("unknown_release", _("Choose a release from the list."), "release")
    changes = _conference_move(conference, ConferenceState.HELD)
    for guest in conference.guests:
        guest.attended = guest.outlet_id in came
    conference.attendance_note = _text(note, "note", limits.NOTE_MAX) or None
    conference.follow_up_release_id = release.id if release else None
    db.session.flush()
    audit(conference, actor, changes, attended=len(came), invited=len(invited))


@operation("press.speech_drafted", _l("Speech drafted"))
def draft_speech(actor: Actor, conference: Conference, speaker: str, text: str) -> SpeechDraft:
    """A new version of a speech (the earlier ones are kept and compared)."""
    policy.require_work(actor)
    if conference.state in CONFERENCE_OVER:
        raise Conflict("over", _("A conference that was held or cancelled is not changed."))
    speaker = _text(speaker, "speaker", limits.NAME_MAX, required=True)
    text = _text(text, "text", limits.ANSWER_MAX, required=True)
    latest = select(func.coalesce(func.max(SpeechDraft.number), 0)).where(SpeechDraft.conference_id == conference.id)
    for _attempt in range(SPEECH_ATTEMPTS):
        # two officers saving at once may take the same number: the unique constraint refuses the second, which
        # counts again (a savepoint keeps the rest of the request)
        draft = SpeechDraft(
            conference_id=conference.id,
            number=(db.session.scalar(latest) or 0) + 1,
            speaker=speaker,
            text=text,
            written_by_id=actor_id(actor),
        )
        try:
            with db.session.begin_nested():
                db.session.add(draft)
                db.session.flush()
            break
        except IntegrityError:
            continue
    else:
        raise Conflict("busy", _("Someone saved a version at the same moment: save it again."))
    audit(conference, actor, {"speech": [draft.number - 1 or None, draft.number]}, speaker=draft.speaker)
    return draft


@operation("press.speech_approved", _l("Speech approved"))
def approve_speech(actor: Actor, draft: SpeechDraft) -> None:
    """The spokesperson approves a speaker's latest version, before the conference is over."""
    policy.require_approver(actor)
    if draft.approved_at is not None:
        raise Conflict("approved", _("This version has been approved already."))
    conference = db.session.get(Conference, draft.conference_id)
    if conference is None or conference.state in CONFERENCE_OVER:
        raise Conflict("over", _("A conference that was held or cancelled is not changed."))
    newer = db.session.scalar(
        select(func.count(SpeechDraft.id)).where(
            SpeechDraft.conference_id == draft.conference_id,
            SpeechDraft.speaker == draft.speaker,
            SpeechDraft.number > draft.number,
        )
    )
    if newer:
        raise Conflict("not_latest", _("A newer version of this speech exists: approve that one."))
    draft.approved_by_id, draft.approved_at = actor_id(actor), utcnow()
    db.session.flush()
    audit(draft, actor, {"approved_at": [None, draft.approved_at]}, number=draft.number)


# -- the publication calendar: posts ------------------------------------------------------------------------------


def _post_move(post: Post, target: PostState) -> dict[str, list[str]]:
    if not post_may_move(post.state, target):
        raise Conflict("wrong_state", _("The post cannot go there from where it is now."), "state")
    change = {"state": [post.state, target.value]}
    post.state = target.value
    return change


@operation("press.post_saved", _l("Post planned"))
def save_post(actor: Actor, values: dict[str, Any], post: Post | None = None) -> Post:
    """A post planned on a channel at a time (a new one, or changes: an approved one goes back to be approved)."""
    policy.require_work(actor)
    if post is not None and post.state in POST_OVER:
        raise Conflict("over", _("A published or cancelled post is not changed."))
    try:
        channel = Channel(values.get("channel") or "").value
    except ValueError:
        raise Unprocessable("unknown_channel", _("Choose the channel."), "channel") from None
    fields = {
        "channel": channel,
        "planned_at": _moment(values.get("planned_at"), "planned_at"),
        "title": _text(values.get("title"), "title", limits.SUBJECT_MAX, required=True),
        "text": _text(values.get("text"), "text", limits.POST_MAX, required=True),
    }
    if post is None:
        post = Post(**fields, state=PostState.DRAFT.value, author_id=actor_id(actor))
        db.session.add(post)
        changes: dict[str, Any] = {"title": [None, post.title], "state": [None, post.state]}
    else:
        changes = apply_changes(post, fields)
        if changes and post.state == PostState.APPROVED:
            changes |= _post_move(post, PostState.DRAFT)
            post.approved_by_id = post.approved_at = None
    db.session.flush()
    audit(post, actor, changes)
    return post


@operation("press.post_approved", _l("Post approved"))
def approve_post(actor: Actor, post: Post) -> None:
    policy.require_approver(actor)
    changes = _post_move(post, PostState.APPROVED)
    post.approved_by_id, post.approved_at = actor_id(actor), utcnow()
    db.session.flush()
    audit(post, actor, changes)


@operation("press.post_published", _l("Post published"))
def post_published(actor: Actor, post: Post, url: str) -> None:
    """The approved post is out: its link is kept."""
    policy.require_work(actor)
    link = _text(url, "url", limits.URL_MAX, required=True)
    if not link.startswith(("https://", "http://")):
        raise Unprocessable("bad_url", _("Give the address starting with https:// or http://."), "url")
    if post.state != PostState.APPROVED:
        raise Conflict("not_approved", _("Only an approved post goes out."), "state")
    changes = _post_move(post, PostState.PUBLISHED)
    post.published_url, post.published_at = link, utcnow()
    db.session.flush()
    audit(post, actor, changes, url=link)


@operation("press.post_cancelled", _l("Post cancelled"))
def cancel_post(actor: Actor, post: Post) -> None:
    policy.require_work(actor)
    changes = _post_move(post, PostState.CANCELLED)
    db.session.flush()
    audit(post, actor, changes)


# -- calendar feeds ------------------------------------------------------------------------------------------------


@operation("press.calendar_token_made", _l("Calendar address made"))
def new_calendar_token(actor: Actor) -> str:
    """A new secret for the member of staff's calendar feed address (any earlier address stops working); only
    its digest is kept, so it is shown once."""
    policy.require_work(actor)
    token = secrets.token_urlsafe(24)
    kept = queries.token_of(actor_id(actor) or 0)
    if kept is None:
        kept = CalendarToken(user_id=actor_id(actor))
        db.session.add(kept)
    kept.token_sha256, kept.created_at = token_digest(token), utcnow()
    db.session.flush()
    audit(kept, actor, {"created_at": [None, kept.created_at]})
    return token


@operation("press.calendar_token_revoked", _l("Calendar address revoked"))
def revoke_calendar_token(actor: Actor) -> None:
    """The member of staff's calendar address stops working (a lost phone, a shared link)."""
    kept = queries.token_of(actor_id(actor) or 0)
    if kept is None:
        return
    db.session.delete(kept)
    db.session.flush()
    audit(kept, actor, {"created_at": [kept.created_at, None]})
