"""The request's unit of work, and how each kind of blueprint answers what a user got wrong.

A request commits once, here, after its view returned; an error that escapes the view rolls everything back
(nothing half-written), and is answered by the handler of the view's kind of blueprint:

- "html" (the default): an operation's UserError shows the form again with the message next to its field (the
  view named the form and how to render it with `redisplay`), or, for a button, flashes the message and goes back;
- "api": the documented error object {"error": {"code", "message", "field"}} with the error's status;
- a kind a domain registers with its own handler (Open311's error list, Twilio's webhooks).

Views, operations, searches and access checks never commit; jobs and CLI commands own their transactions.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, TypeVar

from babel.dates import format_timedelta
from flask import (
    Blueprint,
    Flask,
    abort,
    current_app,
    flash,
    g,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_wtf import FlaskForm
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, MethodNotAllowed

from cct import db, slots
from cct.errors import Refused, Unprocessable, UserError
from cct.extensions import csrf
from cct.files import Upload
from cct.forms import ActionForm, local_path, show_error, shown_by_field
from cct.office_calendar import is_service_day, local_moment, office_calendar, start_of_day

HTML, API = "html", "api"
T = TypeVar("T")
KINDS = "cct.web.kinds"  # app.extensions: blueprint name -> (kind, its UserError handler or None)
REQUEST_LIMITS = "cct.web.request_limits"  # app.extensions: settings -> the largest request (MB) a domain takes
CSP_SOURCES = "cct.web.csp_sources"  # app.extensions: (directive, settings -> an origin allowed, or None)
ErrorHandler = Callable[[UserError], Any]

# The longest request line the server reads (gunicorn's limit_request_line, 4094 bytes by default, is less than the
# longest search the API takes: 500 characters of Polish text are up to 6,000 bytes in an address). A longer one is
# answered 414 URI Too Long by gunicorn itself, before the app sees it (documented on every API operation).
REQUEST_LINE_MAX = 8190


def or_404(found: T | None) -> T:
    """What a page names (by the id in its address), or 404."""
    if found is None:
        abort(404)
    return found


def time_left(due: datetime | None) -> str:
    """ "in 5 hours", "2 days ago" — a deadline's distance from now in the page's language (Babel)."""
    if due is None:
        return ""
    return format_timedelta(due - db.utcnow(), add_direction=True, threshold=1, locale=get_locale())


PAGE_MAX = 9_999


def page_number(name: str = "page") -> int:
    """The page of a list the address asks for: 1 for anything that is not a whole number from 1 to PAGE_MAX
    (int() refuses "²", which str.isdigit() lets through)."""
    page = request.args.get(name, 1, type=int)
    return page if page is not None and 1 <= page <= PAGE_MAX else 1


def uploaded(field_name: str) -> Upload | None:
    """The file a form sent in that field (its name as given, its bytes), or None when none was chosen."""
    sent = request.files.get(field_name)
    return Upload(sent.filename, sent.read()) if sent and sent.filename else None


def office_time(typed: datetime | None) -> datetime | None:
    """A wall-clock time typed in a form (naive, in the office's time zone) as an aware time; None stays None."""
    return local_moment(typed, office_calendar().timezone) if typed is not None else None


def add_request_limit(app: Flask, megabytes: Callable[[Any], float]) -> None:
    """A domain that takes large requests (uploads) says how large, from the settings."""
    app.extensions.setdefault(REQUEST_LIMITS, []).append(megabytes)


def request_limits(app: Flask, settings: Any) -> list[float]:
    return [limit(settings) for limit in app.extensions.get(REQUEST_LIMITS, [])]


def add_csp_source(app: Flask, directive: str, origin: Callable[[Any], str | None]) -> None:
    """A domain's pages load something from elsewhere (map tiles): the origin, from the settings, for one directive
    of the Content-Security-Policy."""
    app.extensions.setdefault(CSP_SOURCES, []).append((directive, origin))


def csp_sources(app: Flask, settings: Any) -> list[tuple[str, str]]:
    found = [(directive, origin(settings)) for directive, origin in app.extensions.get(CSP_SOURCES, [])]
    return [(directive, origin) for directive, origin in found if origin]


def path_for(endpoint: str, **values: Any) -> str:
    """The path of a page, in a request or outside one (a job, a notice written by the system): url_for needs a
    server name there, a path does not."""
    return current_app.url_map.bind("").build(endpoint, values)


def residents_url() -> str:
    """Where residents reach this service (the links in SMS and e-mail): `public_url`, or the address a domain
    knows the service by (the slot "public_url": Twilio's public address), or "" when none is known."""
    configured = current_app.config["CCT"].public_url
    return configured or next((url for url in slots.gathered("public_url") if url), "")


def register_blueprint(
    app: Flask, blueprint: Blueprint, kind: str = HTML, *, errors: ErrorHandler | None = None, csrf_exempt: bool = False
) -> None:
    """Register a blueprint of a kind. API blueprints take bearer tokens only, never the session cookie, so they are
    exempt from CSRF; so is a blueprint whose callers sign their requests another way (`csrf_exempt`)."""
    app.register_blueprint(blueprint)
    app.extensions.setdefault(KINDS, {})[blueprint.name] = (kind, errors)
    if kind == API or csrf_exempt:
        csrf.exempt(blueprint)


def kind_of(app: Flask, blueprint: str | None) -> str:
    if blueprint is None:  # no route matched: judge by the address
        return API if request.path.startswith("/api/") else HTML
    return app.extensions.get(KINDS, {}).get(blueprint, (HTML, None))[0]


def redisplay(render: Callable[[], Any], form: FlaskForm | None = None) -> None:
    """How this view answers a UserError from the operation it is about to call: `render()` gives the page again
    (or a redirect), with the message next to the form's field (or flashed when the form has no such field)."""
    g.cct_redisplay = (render, form)


def form_page(
    form: FlaskForm, action: Callable[[], str], success_url: str | Callable[[], str], template: str, **context: Any
) -> Any:
    """A form page's view: on a valid POST run `action` (it returns the success message) and redirect to
    `success_url` (a function, for what the action created); its UserError shows the page again with the message by
    its field. Otherwise the page: 200 for a GET, 400 for a refused POST."""

    def page() -> str:
        return render_template(template, form=form, **context)

    if form.validate_on_submit():
        redisplay(page, form)
        flash(action(), "success")
        return redirect(success_url() if callable(success_url) else success_url)
    return page(), 400 if request.method == "POST" else 200


def page_action(show: Callable[..., Any], name: str, form: FlaskForm, action: Callable[[], str], back_to: str) -> Any:
    """One of several forms on a record's page: a refused form shows the page again (`show(**{name: form})`, 400)
    with the message by its field; a done action goes back to the page (`back_to`) with its message."""
    if not form.validate_on_submit():
        if form.csrf_token.errors:
            abort(400)
        for field in form:
            if not shown_by_field(field):
                for message in field.errors:
                    flash(message, "error")
        return show(**{name: form}), 400
    redisplay(lambda: (show(**{name: form}), 400), form)
    flash(action(), "success")
    return redirect(back_to, 303)


def button(action: Callable[[], str], back_to: str) -> Any:
    """A button's view (a form with only its CSRF token): run `action`, flash its message and go to `back_to`; a
    UserError is flashed and goes there too."""
    redisplay(lambda: redirect(back_to))
    if not ActionForm().validate_on_submit():
        abort(400)
    message = action()
    if message:
        flash(message, "success")
    return redirect(back_to)


def _html_user_error(error: UserError) -> Any:
    render, form = g.pop("cct_redisplay", (None, None))
    if request.accept_mimetypes.best == "application/json":  # a page's script (the knowledge panel) asked
        return jsonify(error.as_json()), error.status
    for each in error.errors if isinstance(error, Refused) else [error]:
        if form is not None:
            show_error(form, each)
        else:
            flash(each.message, "error")
    if render is None:
        return redirect(_back(), 303)
    response = render()
    if isinstance(response, tuple):
        response = response[0]
    if getattr(response, "status_code", 200) in (301, 302, 303, 307, 308):
        return response
    # A page answers a refused form 400 whether it did not fit its shape or its content could not be taken (the API
    # tells these apart, 400 and 422); a conflict (409), a refusal (403) or a missing thing (404) keep theirs.
    return response, 400 if error.status == Unprocessable.status else error.status


def _back() -> str:
    """The page the button was on (a path of this site), or the home page."""
    referrer = request.referrer or ""
    if referrer.startswith(request.host_url):
        return local_path("/" + referrer[len(request.host_url) :]) or url_for("core.home")
    return url_for("core.home")


def api_error(status: int, code: str, message: str, field: str | None = None) -> Any:
    """The API's error object with its status, for refusals that are not an operation's UserError."""
    return jsonify(UserError(code, message, field).as_json()), status


def _contains_nul(value: Any) -> bool:
    """Whether any text in a (possibly nested) JSON value holds NUL; iterative, so deep nesting cannot overflow."""
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            if "\x00" in item:
                return True
        elif isinstance(item, dict):
            pending.extend(item.keys())
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
    return False


AFTER_ROLLBACK = "cct_after_rollback"  # g: writes that must stand even when the request's are rolled back


def keep_after_rollback(write: Callable[[], object]) -> None:
    """A write of this request that must stand if the request fails (a rate limit's count: a refused request counts
    too); it is done again, and committed on its own, after the rollback."""
    g.setdefault(AFTER_ROLLBACK, []).append(write)


def abandon() -> None:
    """Roll back what the request wrote: an error handler is answering it instead of its view."""
    db.session.rollback()
    kept = g.pop(AFTER_ROLLBACK, [])
    for write in kept:
        write()
    if kept:
        db.session.commit()
    g.cct_rolled_back = True


SAVED_DRAFT = "cct_saved_draft"  # the session key of a draft the browser should forget


def forget_draft(key: str | None) -> None:
    """The form kept as a draft under `key` (cct.js, data-draft-key) was saved: the next page tells the browser to
    forget it (base.html renders <meta name="cct-forget-draft">), so the next call starts from an empty form."""
    session[SAVED_DRAFT] = key or ""


def draft_saved() -> bool:
    """Whether this page follows a saved draft (a page may move the focus to what was saved)."""
    return SAVED_DRAFT in session


def _saved_draft() -> str | None:
    return session.pop(SAVED_DRAFT, None)  # an absent key leaves the session unchanged: no cookie is sent


def init_app(app: Flask) -> None:
    app.jinja_env.globals["saved_draft"] = _saved_draft

    @app.before_request
    def _refuse_nul_characters() -> Any:
        """No text we store or look up may hold NUL: PostgreSQL refuses it (a 500) where SQLite would accept it."""
        try:
            json_body = request.get_json(silent=True) if request.is_json else None
        except RecursionError:  # nested deeper than any request of ours: refused like any other bad JSON
            abort(400)
        # the path too: a NUL in a path segment reaches a lookup by slug or number (PostgreSQL: a 500)
        sources = [request.path, *request.args.values(), *request.form.values(), json_body]
        if any(_contains_nul(value) for value in sources):
            if kind_of(app, request.blueprint) == API:
                return api_error(400, "nul_character", "Text must not contain NUL characters.")
            abort(400)
        return None

    @app.after_request
    def _commit(response: Any) -> Any:
        """The one place a request's writes are committed: its view returned (an error handler rolled back)."""
        if not g.pop("cct_rolled_back", False):
            db.session.commit()
        return response

    @app.errorhandler(UserError)
    def _user_error(error: UserError) -> Any:
        abandon()
        kind, handler = app.extensions.get(KINDS, {}).get(request.blueprint or "", (HTML, None))
        if handler is not None:
            return handler(error)
        if kind == API:
            return jsonify(error.as_json()), error.status
        return _html_user_error(error)

    @app.errorhandler(CSRFError)
    def _csrf(_error: CSRFError) -> Any:
        abandon()
        return render_template("errors/csrf.html"), 400

    @app.errorhandler(HTTPException)
    def _http(error: HTTPException) -> Any:
        abandon()
        status = error.code or 500
        if kind_of(app, request.blueprint) == API:
            code = error.name.lower().replace(" ", "_")
            response = api_error(status, code, error.description or error.name)[0]
        else:
            template = f"errors/{status}.html" if status in (400, 403, 404, 405, 413) else "errors/generic.html"
            response = app.make_response((render_template(template, error=error), status))
        response.status_code = status
        if isinstance(error, MethodNotAllowed) and error.valid_methods:
            response.headers["Allow"] = ", ".join(sorted(error.valid_methods))
        return response

    @app.errorhandler(Exception)
    def _unexpected(error: Exception) -> Any:
        app.logger.exception("unhandled error")
        abandon()
        if kind_of(app, request.blueprint) == API:
            return api_error(500, "internal_error", "Internal error.")
        return render_template("errors/500.html"), 500


# -- a log's filters: a period of days, and the cursor of its older pages ---------------------------------------------

DAY_TYPED_MAX = 10


@dataclass(frozen=True)
class Period:
    """The days a log page is narrowed to (?since=, ?until= as YYYY-MM-DD, both included), as moments in UTC: from
    the office's midnight at the start of `since` to the one after `until`; `errors`: field → message."""

    start: datetime | None
    end: datetime | None
    errors: dict[str, str]


def _typed_day(name: str, errors: dict[str, str]) -> date | None:
    """A day from the query string (an <input type=date> sends YYYY-MM-DD); a wrong one is said beside its field."""
    typed = request.args.get(name, "").strip()
    if not typed:
        return None
    try:
        day = date.fromisoformat(typed[:DAY_TYPED_MAX])
    except ValueError:
        day = None
    if day is None or not is_service_day(day):
        errors[name] = _("Give a date as YYYY-MM-DD, e.g. 2026-12-02.")
        return None
    return day


def typed_period() -> Period:
    errors: dict[str, str] = {}
    since, until = _typed_day("since", errors), _typed_day("until", errors)
    if since and until and until < since:
        errors["until"] = _("The end of the period comes before its start.")
    zone = office_calendar().timezone
    if errors:
        return Period(None, None, errors)
    return Period(
        start_of_day(since, zone) if since else None,
        start_of_day(until + timedelta(days=1), zone) if until else None,
        errors,
    )


def older_than() -> int | None:
    """The ?before= cursor of a log's older pages: an id the column can hold, or None (the newest page)."""
    before = request.args.get("before", type=int)
    return before if before is not None and 0 < before < 2**31 else None
