"""The press office's planning pages: press conferences (invitations, speeches in versions, attendance), the
publication calendar's week (posts per channel, with conferences and releases in it by themselves), the personal
iCalendar feed behind a token, and the public list of announced conferences."""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import datetime, time, timedelta
from typing import Any

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from cct.auth.access import public, requires
from cct.db import utcnow
from cct.diff import word_diff
from cct.forms import ActionForm
from cct.office_calendar import local_today, office_calendar
from cct.web import button, form_page, office_time, or_404, page_action
from press import policy
from press import queries as press_queries
from press.planning import calendar, operations, queries
from press.planning.forms import AttendanceForm, CancelForm, ConferenceForm, PostForm, PublishedForm, SpeechForm
from press.planning.models import Conference, Post
from press.states import (
    CHANNEL_LABELS,
    CONFERENCE_OVER,
    CONFERENCE_STATE_LABELS,
    POST_STATE_LABELS,
    ConferenceState,
    FileOwner,
    PostState,
)

bp = Blueprint("press_planning", __name__, url_prefix="/press")
public_bp = Blueprint("press_conferences_public", __name__, url_prefix="/prasa/konferencje")
TOKEN_MAX = 100  # longer than any token made here
FEED_PAST_DAYS = 90  # how far back a calendar feed reaches; everything ahead is in it
LABELS = {"conference_states": CONFERENCE_STATE_LABELS, "post_states": POST_STATE_LABELS, "channels": CHANNEL_LABELS}


def _wall_clock(moment: datetime) -> datetime:
    return moment.astimezone(office_calendar().timezone).replace(tzinfo=None)


def _ids(values: list[str] | None) -> list[int]:
    """The ids a form's list of choices sent (the form has checked each is one of its choices)."""
    return [int(value) for value in values or [] if value.isascii() and value.isdigit() and len(value) < 10]


# -- conferences ---------------------------------------------------------------------------------------------------


def _conference_form(form: ConferenceForm) -> ConferenceForm:
    form.outlets.choices = [(str(outlet.id), outlet.name) for outlet in press_queries.outlets()]
    return form


def _conference_values(form: ConferenceForm) -> dict[str, Any]:
    return {
        "topic": form.topic.data,
        "starts_at": office_time(form.starts_at.data),
        "ends_at": office_time(form.ends_at.data),
        "place": form.place.data,
        "speakers": form.speakers.data,
        "description": form.description.data,
        "outlets": _ids(form.outlets.data),
    }


@bp.route("/conferences", methods=["GET", "POST"])
@requires("press.work")
def conferences() -> Any:
    form = _conference_form(ConferenceForm())
    if request.method == "GET":
        form.place.data = _("Białystok City Hall, ul. Słonimska 1, conference room")
    created: list[Conference] = []

    def plan() -> str:
        created.append(operations.save_conference(current_user, _conference_values(form)))
        return _("Conference planned: announce it when its details are settled.")

    return form_page(
        form,
        plan,
        lambda: url_for(".conference", conference_id=created[0].id),
        "press/conferences.html",
        items=queries.conferences(utcnow()),
        now=utcnow(),
        **LABELS,
    )


def _attendance_form(form: AttendanceForm, conference: Conference) -> AttendanceForm:
    """The form's choices: the invited outlets, and the releases that may have followed."""
    form.attended.choices = [(str(guest.outlet_id), guest.outlet.name) for guest in conference.guests]
    form.release.choices = [("", _("— none —"))] + [
        (str(release.id), release.title) for release in queries.releases_for_follow_up()
    ]
    return form


def _show_conference(conference: Conference, **forms: Any) -> str:
    versions = []
    for index, draft in enumerate(conference.speeches):
        earlier = next(
            (other for other in reversed(conference.speeches[:index]) if other.speaker == draft.speaker), None
        )
        versions.append((draft, word_diff(earlier.text, draft.text) if earlier else None))
    attendance = _attendance_form(forms.get("attendance") or AttendanceForm(formdata=None), conference)
    edit = forms.get("edit")
    if edit is None:
        edit = ConferenceForm(formdata=None, obj=conference)
        edit.starts_at.data, edit.ends_at.data = _wall_clock(conference.starts_at), _wall_clock(conference.ends_at)
        edit.outlets.data = [str(guest.outlet_id) for guest in conference.guests]
    return render_template(
        "press/conference.html",
        item=conference,
        versions=list(reversed(versions)),
        files=press_queries.files_of(FileOwner.CONFERENCE, conference.id),
        now=utcnow(),
        over=conference.state in CONFERENCE_OVER,
        form=_conference_form(edit),
        speech_form=forms.get("speech") or SpeechForm(formdata=None),
        attendance_form=attendance,
        cancel_form=forms.get("cancel") or CancelForm(formdata=None),
        action_form=ActionForm(),
        can_approve=policy.can_approve(current_user),
        **LABELS,
    )


def _conference_act(conference: Conference, name: str, form: Any, action: Callable[[], str]) -> Any:
    show = functools.partial(_show_conference, conference)
    return page_action(show, name, form, action, url_for(".conference", conference_id=conference.id))


@bp.route("/conferences/<int:conference_id>", methods=["GET", "POST"])
@requires("press.work")
def conference(conference_id: int) -> Any:
    found = or_404(queries.conference(conference_id))
    if request.method == "GET":
        return _show_conference(found)
    form = _conference_form(ConferenceForm())

    def change() -> str:
        operations.save_conference(current_user, _conference_values(form), found)
        return _("Conference saved.")

    return _conference_act(found, "edit", form, change)


@bp.post("/conferences/<int:conference_id>/speeches")
@requires("press.work")
def draft_speech(conference_id: int) -> Any:
    found = or_404(queries.conference(conference_id))
    form = SpeechForm()

    def draft() -> str:
        made = operations.draft_speech(current_user, found, form.speaker.data or "", form.text.data or "")
        return _("Version %(n)d of the speech saved.", n=made.number)

    return _conference_act(found, "speech", form, draft)


@bp.post("/conferences/<int:conference_id>/attendance")
@requires("press.work")
def attendance(conference_id: int) -> Any:
    found = or_404(queries.conference(conference_id))
    form = _attendance_form(AttendanceForm(), found)

    def record() -> str:
        release = int(form.release.data) if (form.release.data or "").isdigit() else None
        operations.record_attendance(current_user, found, _ids(form.attended.data), form.note.data, release)
        return _("Attendance recorded.")

    return _conference_act(found, "attendance", form, record)


@bp.post("/conferences/<int:conference_id>/cancel")
@requires("press.work")
def cancel_conference(conference_id: int) -> Any:
    found = or_404(queries.conference(conference_id))
    form = CancelForm()

    def cancel() -> str:
        operations.cancel_conference(current_user, found, form.note.data or "")
        return _("Conference cancelled.")

    return _conference_act(found, "cancel", form, cancel)


@bp.post("/conferences/<int:conference_id>/announce")
@requires("press.work")
def announce_conference(conference_id: int) -> Any:
    found = or_404(queries.conference(conference_id))

    def announce() -> str:
        invited = operations.announce_conference(current_user, found)
        return _("Conference announced on the public list; invitations e-mailed: %(n)d.", n=len(invited))

    return button(announce, url_for(".conference", conference_id=found.id))


@bp.post("/speeches/<int:draft_id>/approve")
@requires("press.approve")
def approve_speech(draft_id: int) -> Any:
    draft = or_404(queries.speech(draft_id))

    def approve() -> str:
        operations.approve_speech(current_user, draft)
        return _("Version %(n)d of the speech approved.", n=draft.number)

    return button(approve, url_for(".conference", conference_id=draft.conference_id))


# -- the publication calendar --------------------------------------------------------------------------------------


def _post_values(form: PostForm) -> dict[str, Any]:
    return {
        "channel": form.channel.data,
        "planned_at": office_time(form.planned_at.data),
        "title": form.title.data,
        "text": form.text.data,
    }


def _day_bounds(monday: Any) -> tuple[datetime, datetime]:
    zone = office_calendar().timezone
    first = datetime.combine(monday, time(), tzinfo=zone)
    return first, datetime.combine(monday + timedelta(days=7), time(), tzinfo=zone)


@bp.route("/calendar", methods=["GET", "POST"])
@requires("press.work")
def week() -> Any:
    """A week of the publication calendar: planned posts per channel, with the week's conferences and published
    releases in it by themselves; a new post planned from the same page."""
    zone = office_calendar().timezone
    monday = calendar.week_of(request.args.get("week"), local_today())
    first, last = _day_bounds(monday)
    days: list[dict[str, Any]] = [{"day": monday + timedelta(days=n), "items": []} for n in range(7)]

    def place(moment: datetime, kind: str, item: Any) -> None:
        local = moment.astimezone(zone)
        days[(local.date() - monday).days]["items"].append((local, kind, item))

    for found in queries.conferences_between(first, last):
        place(max(found.starts_at, first), "conference", found)
    for found in queries.posts_between(first, last):
        place(found.planned_at, "post", found)
    for found in queries.releases_between(first, last):
        place(found.published_at, "release", found)
    for day in days:
        day["items"].sort(key=lambda entry: entry[0])
    form = PostForm()
    if request.method == "GET":
        start = datetime.combine(max(monday, local_today()), time(10, 0))
        form.planned_at.data = start
    created: list[Post] = []

    def plan() -> str:
        created.append(operations.save_post(current_user, _post_values(form)))
        return _("Post planned: it goes out once the spokesperson approves it.")

    return form_page(
        form,
        plan,
        lambda: url_for(".post", post_id=created[0].id),
        "press/calendar.html",
        days=days,
        monday=monday,
        today=local_today(),
        week_name=calendar.week_name(monday),
        previous_week=calendar.week_name(monday - timedelta(days=7)),
        next_week=calendar.week_name(monday + timedelta(days=7)),
        to_publish=queries.releases_to_publish(),
        **LABELS,
    )


def _show_post(post: Post, **forms: Any) -> str:
    edit = forms.get("edit")
    if edit is None:
        edit = PostForm(formdata=None, obj=post)
        edit.planned_at.data = _wall_clock(post.planned_at)
    return render_template(
        "press/post.html",
        item=post,
        form=edit,
        published_form=forms.get("published") or PublishedForm(formdata=None),
        action_form=ActionForm(),
        files=press_queries.files_of(FileOwner.POST, post.id),
        can_approve=policy.can_approve(current_user),
        week=calendar.week_name(post.planned_at.astimezone(office_calendar().timezone).date()),
        **LABELS,
    )


def _post_act(post: Post, name: str, form: Any, action: Callable[[], str]) -> Any:
    return page_action(functools.partial(_show_post, post), name, form, action, url_for(".post", post_id=post.id))


@bp.route("/posts/<int:post_id>", methods=["GET", "POST"])
@requires("press.work")
def post(post_id: int) -> Any:
    found = or_404(queries.post(post_id))
    if request.method == "GET":
        return _show_post(found)
    form = PostForm()

    def change() -> str:
        operations.save_post(current_user, _post_values(form), found)
        return _("Post saved.")

    return _post_act(found, "edit", form, change)


@bp.post("/posts/<int:post_id>/published")
@requires("press.work")
def post_published(post_id: int) -> Any:
    found = or_404(queries.post(post_id))
    form = PublishedForm()

    def published() -> str:
        operations.post_published(current_user, found, form.url.data or "")
        return _("Post recorded as published.")

    return _post_act(found, "published", form, published)


POST_STEPS: dict[str, tuple[Callable[[Any, Post], None], Callable[[], str]]] = {
    "approve": (operations.approve_post, lambda: _("Post approved.")),
    "cancel": (operations.cancel_post, lambda: _("Post cancelled.")),
}


@bp.post("/posts/<int:post_id>/<step>")
@requires("press.work")
def post_step(post_id: int, step: str) -> Any:
    found = or_404(queries.post(post_id))
    if step not in POST_STEPS:
        abort(404)
    action, message = POST_STEPS[step]

    def run() -> str:
        action(current_user, found)
        return message()

    return button(run, url_for(".post", post_id=found.id))


# -- calendar feeds ------------------------------------------------------------------------------------------------


def _entries(since: datetime, staff: bool) -> list[calendar.Entry]:
    """The calendar's events from `since` on: for staff every conference, post and release; for the public the
    announced conferences only."""
    until = since + timedelta(days=3 * 365)
    entries = []
    for found in queries.conferences_between(since, until):
        if not staff and found.announced_at is None:
            continue
        url = (
            url_for("press_planning.conference", conference_id=found.id, _external=True)
            if staff
            else url_for("press_conferences_public.public_conference", conference_id=found.id, _external=True)
        )
        entries.append(
            calendar.Entry(
                uid=f"conference-{found.id}@cct",
                kind="conference",
                title=_("Press conference: %(topic)s", topic=found.topic),
                starts_at=found.starts_at,
                ends_at=found.ends_at,
                location=found.place,
                description=f"{found.speakers}\n\n{found.description}".strip(),
                url=url,
                cancelled=found.state == ConferenceState.CANCELLED,
                changed_at=found.updated_at,
            )
        )
    if not staff:
        return entries
    for found in queries.posts_between(since, until):
        entries.append(
            calendar.Entry(
                uid=f"post-{found.id}@cct",
                kind="post",
                title=f"{CHANNEL_LABELS[found.channel]}: {found.title}",
                starts_at=found.planned_at,
                ends_at=found.planned_at + timedelta(minutes=15),
                description=found.text,
                url=url_for("press_planning.post", post_id=found.id, _external=True),
                cancelled=found.state == PostState.CANCELLED,
                changed_at=found.updated_at,
            )
        )
    for found in queries.releases_between(since, until):
        entries.append(
            calendar.Entry(
                uid=f"release-{found.id}@cct",
                kind="release",
                title=_("Press release: %(title)s", title=found.title),
                starts_at=found.published_at,
                ends_at=found.published_at + timedelta(minutes=15),
                description=found.lead,
                url=url_for("press_public.public_release", release_id=found.id, _external=True),
                changed_at=found.updated_at,
            )
        )
    return entries


def _ical(entries: list[calendar.Entry], name: str) -> Response:
    response = Response(calendar.ical(entries, name, utcnow()), mimetype="text/calendar")
    response.headers["Cache-Control"] = "private, max-age=300"
    return response


@bp.route("/calendar/subscribe", methods=["GET", "POST"])
@requires("press.work")
def subscribe() -> Any:
    """The member of staff's calendar address: made (or replaced) on request and shown once, since only its digest
    is kept."""
    address = None
    if request.method == "POST":
        if not ActionForm().validate_on_submit():
            abort(400)
        if request.form.get("revoke"):
            operations.revoke_calendar_token(current_user)
            flash(_("Your calendar address no longer works."), "success")
            return redirect(url_for(".subscribe"), 303)
        token = operations.new_calendar_token(current_user)
        address = url_for(".staff_feed", token=token, _external=True)
    return render_template(
        "press/subscribe.html",
        address=address,
        has_token=queries.token_of(current_user.id) is not None,
        action_form=ActionForm(),
    )


@bp.get("/calendar/<token>.ics")
@public
def staff_feed(token: str) -> Any:
    """The press office's calendar for a calendar application, opened by the personal token in its address (a
    calendar application cannot sign in)."""
    user = queries.user_by_token(operations.token_digest(token)) if len(token) <= TOKEN_MAX else None
    if user is None or not policy.can_work(user):  # left the press office: the address stops working
        abort(404)
    since = utcnow() - timedelta(days=FEED_PAST_DAYS)
    return _ical(_entries(since, staff=True), _("Press office: conferences, posts and releases"))


# -- the public list of announced conferences ----------------------------------------------------------------------


@public_bp.get("/")
@public
def public_conferences() -> Any:
    since = utcnow() - timedelta(days=FEED_PAST_DAYS)
    return render_template(
        "press/public_conferences.html", items=queries.public_conferences(since), now=utcnow(), **LABELS
    )


@public_bp.get("/<int:conference_id>")
@public
def public_conference(conference_id: int) -> Any:
    found = or_404(queries.public_conference(conference_id))
    return render_template("press/public_conference.html", item=found, **LABELS)


@public_bp.get("/kalendarz.ics")
@public
def public_feed() -> Any:
    since = utcnow() - timedelta(days=FEED_PAST_DAYS)
    return _ical(_entries(since, staff=False), _("Białystok City Hall: press conferences"))
