"""The one place where access is decided.

Every view is declared with @requires(permission) or @public. A request for a view with neither is refused:
forgetting to declare a new page denies it instead of exposing it. HTML pages use the session cookie; views of
API blueprints (cct.web's kind "api") accept only `Authorization: Bearer <token>` and never the cookie, so a page
on another site cannot ride a signed-in browser into the API.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from flask import Flask, abort, current_app, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from cct import menu, web
from cct.auth import operations
from cct.auth.roles import permissions
from cct.extensions import login_manager
from cct.throttle import operations as throttle

F = TypeVar("F", bound=Callable[..., Any])
PUBLIC = "__public__"


def requires(permission: str) -> Callable[[F], F]:
    """The permission a view needs (checked against the registered ones when the app starts: check_declared)."""

    def mark(view: F) -> F:
        view._cct_permission = permission  # type: ignore[attr-defined]
        return view

    return mark


def public(view: F) -> F:
    view._cct_permission = PUBLIC  # type: ignore[attr-defined]
    return view


def is_api_request() -> bool:
    return web.kind_of(current_app, request.blueprint) == web.API


def permission_of(endpoint: str) -> str | None:
    if endpoint == "static" or endpoint.endswith(".static"):  # the app's and the modules' own static files
        return PUBLIC
    view = current_app.view_functions.get(endpoint)
    return getattr(view, "_cct_permission", None)


def can(permission: str) -> bool:
    """For templates and views: may the current user do this?"""
    return bool(current_user.is_authenticated and current_user.has_permission(permission))


WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def _enforce() -> Any:
    if request.endpoint is None:  # no such route: let Flask answer 404 / 405
        return None
    permission = permission_of(request.endpoint)
    if permission == PUBLIC:
        return None
    api = is_api_request()
    if not current_user.is_authenticated:
        if api:
            return web.api_error(401, "unauthorized", _("A valid API token is required (Authorization: Bearer …)."))
        return redirect(url_for("auth.login", next=request.full_path if request.query_string else request.path))
    if permission is None or not current_user.has_permission(permission):
        if api:
            return web.api_error(403, "forbidden", _("You do not have access to this resource."))
        abort(403)
    if api:
        security = current_app.config["CCT"].security
        writes = request.method in WRITES
        limit = security.api_writes_per_minute if writes else security.api_reads_per_minute
        bucket = f"api:{'user' if writes else 'reads'}:{current_user.id}"
        if (retry_after := throttle.hit(bucket, limit)) is not None:
            refused = web.api_error(429, "too_many_requests", _("Too many requests; try again in a minute."))[0]
            refused.status_code = 429
            refused.headers["Retry-After"] = str(retry_after)
            return refused
    return None


def _load_from_session(user_id: str) -> Any:
    if is_api_request():
        return None
    return operations.load_session_user(user_id)


def _load_from_token(req: Any) -> Any:
    if not is_api_request():
        return None
    scheme, _sep, token = req.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return operations.user_for_token(token.strip())  # its last-use time is committed with the request


def _not_kept(response: Any) -> Any:
    """What a signed-in user or an API token sees (residents' names, phones, addresses) is never kept by a browser's
    or a proxy's cache, nor shown again by the Back button after signing out: `Cache-Control: no-store`. Static files
    keep their own caching; so does a public page."""
    if (request.endpoint or "").rpartition(".")[2] != "static" and current_user.is_authenticated:
        response.headers["Cache-Control"] = "no-store"
    return response


def check_declared(app: Flask) -> None:
    """Every view and menu entry names a permission some part of the app registered: a typo stops start-up."""
    known = permissions(app)
    named = {getattr(view, "_cct_permission", PUBLIC) for view in app.view_functions.values()}
    named |= {entry.permission for entry in menu.registered(app) if entry.permission}
    unknown = sorted(named - set(known) - {PUBLIC})
    if unknown:
        raise KeyError(f"unknown permission(s): {', '.join(unknown)}")


def init_app(app: Flask) -> None:
    check_declared(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = None
    login_manager.session_protection = "basic"
    login_manager.user_loader(_load_from_session)
    login_manager.request_loader(_load_from_token)
    app.before_request(_enforce)
    app.after_request(_not_kept)
    app.jinja_env.globals["can"] = can
