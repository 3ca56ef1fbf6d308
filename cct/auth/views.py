from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import format_datetime, ngettext
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from cct.auth import operations, queries
from cct.auth.access import public, requires
from cct.auth.forms import LoginForm, NewUserForm, PasswordChangeForm, TokenForm, UserForm
from cct.db import utcnow
from cct.forms import ActionForm, local_path, unit_choices
from cct.web import button, form_page, redisplay

bp = Blueprint("auth", __name__)
users_bp = Blueprint("users", __name__, url_prefix="/admin/users")


def _client_ip() -> str:
    return request.remote_addr or "unknown"


def _safe_next(target: str | None) -> str:
    return local_path(target) or url_for("core.home")


def _sign_in(user: Any) -> None:
    """A new session on the server for this browser (it ends on signing out, or after idle_minutes unused)."""
    operations.start_session(user, _client_ip(), request.user_agent.string)
    login_user(user)
    session.permanent = True  # ends after [security] session_hours at most


@bp.route("/login", methods=["GET", "POST"])
@public
def login() -> Any:
    if current_user.is_authenticated:
        return redirect(url_for("core.home"))
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        outcome = operations.authenticate(form.login.data or "", form.password.data or "", _client_ip())
        if outcome.status == "ok" and outcome.user is not None:
            _sign_in(outcome.user)
            flash(_("Signed in as %(name)s.", name=outcome.user.full_name), "success")
            return redirect(_safe_next(request.args.get("next")))
        if outcome.status == "delayed":
            message = _(
                "Too many failed attempts. Try again at %(time)s.", time=format_datetime(outcome.retry_at, "HH:mm")
            )
        elif outcome.status == "throttled":
            message = _("Too many failed attempts from this address. Try again in a few minutes.")
        else:
            message = _("Wrong login or password.")
        flash(message, "error")
        status = 429 if outcome.status in ("delayed", "throttled") else 401
    elif request.method == "POST":
        status = 400
    return render_template("auth/login.html", form=form), status


@bp.route("/logout", methods=["POST"])
@requires("staff")
def logout() -> Any:
    operations.end_session(current_user)
    logout_user()
    flash(_("You have signed out."), "success")
    return redirect(url_for("auth.login"))


@bp.route("/account/sessions/end", methods=["POST"])
@requires("staff")
def sign_out_everywhere() -> Any:
    """Every session of the user ends, on every computer and phone, this one too."""
    if not ActionForm().validate_on_submit():
        abort(400)
    ended = operations.end_every_session(current_user, current_user)
    logout_user()
    flash(
        ngettext("You have signed out on %(num)d device.", "You have signed out on %(num)d devices.", ended), "success"
    )
    return redirect(url_for("auth.login"))


def _render_account(
    password_form: PasswordChangeForm | None = None,
    token_form: TokenForm | None = None,
    new_token: str | None = None,
    status: int = 200,
) -> Any:
    tokens = queries.tokens_of(current_user)
    sessions = queries.sessions_of(current_user, utcnow(), current_app.config["CCT"].security)
    this_hash = operations.digest(current_user.session_secret or "")
    page = render_template(
        "auth/account.html",
        sessions=sessions,
        this_session=next((row.id for row in sessions if row.secret_hash == this_hash), None),
        password_form=password_form or PasswordChangeForm(formdata=None),
        token_form=token_form or TokenForm(formdata=None),
        tokens=tokens,
        new_token=new_token,
        action_form=ActionForm(),
    )
    return page, status


@bp.route("/account")
@requires("staff")
def account() -> Any:
    return _render_account()


@bp.route("/account/password", methods=["POST"])
@requires("staff")
def change_password() -> Any:
    form = PasswordChangeForm()
    if not form.validate_on_submit():
        return _render_account(password_form=form, status=400)
    if form.password.data != form.password_again.data:
        form.password_again.errors = [_("The two new passwords differ.")]
        return _render_account(password_form=form, status=400)
    redisplay(lambda: _render_account(password_form=form), form)
    operations.change_own_password(current_user, form.current_password.data or "", form.password.data or "")
    _sign_in(current_user._get_current_object())  # the change ended every session; this browser goes on
    flash(_("Your password has been changed. Other sessions have been signed out."), "success")
    return redirect(url_for("auth.account"))


@bp.route("/account/tokens", methods=["POST"])
@requires("staff")
def create_token() -> Any:
    form = TokenForm()
    if not form.validate_on_submit():
        return _render_account(token_form=form, status=400)
    redisplay(lambda: _render_account(token_form=form), form)
    _token, plain = operations.create_token(current_user, current_user, form.name.data or "")
    return _render_account(new_token=plain)


@bp.route("/account/tokens/<int:token_id>/revoke", methods=["POST"])
@requires("staff")
def revoke_token(token_id: int) -> Any:
    token = queries.own_token(current_user, token_id)
    if token is None:
        abort(404)

    def revoke() -> str:
        operations.revoke_token(current_user, token)
        return _("The token %(prefix)s… has been revoked.", prefix=token.prefix)

    return button(revoke, url_for("auth.account"))


# -- user administration ----------------------------------------------------------------------------------------


@users_bp.route("/")
@requires("users.manage")
def index() -> Any:
    query = (request.args.get("q") or "").strip().lower()
    users = queries.search_users(query)
    delayed = queries.sign_in_delays([user.login for user in users], utcnow(), current_app.config["CCT"].security)
    return render_template("users/index.html", users=users, query=query, action_form=ActionForm(), delayed=delayed)


@users_bp.route("/new", methods=["GET", "POST"])
@requires("users.manage")
def create() -> Any:
    form = NewUserForm()
    form.units.choices = unit_choices()

    def create_account() -> str:
        user = operations.create_user(
            current_user,
            login=form.login.data or "",
            full_name=form.full_name.data or "",
            roles=form.roles.data or [],
            unit_codes=form.units.data or [],
            password=form.password.data or None,
            email=form.email.data,
        )
        return _("Account %(login)s has been created.", login=user.login)

    return form_page(form, create_account, url_for("users.index"), "users/form.html", user=None)


@users_bp.route("/<login>", methods=["GET", "POST"])
@requires("users.manage")
def edit(login: str) -> Any:
    user = queries.user_by_login(login)
    if user is None:
        abort(404)
    form = UserForm(obj=None if request.method == "POST" else user)
    form.units.choices = unit_choices()
    if request.method == "GET":
        form.roles.data = sorted(user.roles)
        form.units.data = [unit.code for unit in user.units]

    def save_account() -> str:
        operations.update_user(
            current_user,
            user,
            full_name=form.full_name.data or "",
            email=form.email.data,
            roles=form.roles.data or [],
            unit_codes=form.units.data or [],
            active=bool(form.active.data),
        )
        if form.password.data:
            operations.set_password(current_user, user, form.password.data)
        return _("Account %(login)s has been saved.", login=user.login)

    return form_page(form, save_account, url_for("users.index"), "users/form.html", user=user)


@users_bp.route("/<login>/lift-delays", methods=["POST"])
@requires("users.manage")
def lift_delays(login: str) -> Any:
    user = queries.user_by_login(login)
    if user is None:
        abort(404)

    def lift() -> str:
        operations.lift_sign_in_delays(current_user, user)
        return _("%(login)s can sign in again without waiting.", login=user.login)

    return button(lift, url_for("users.index"))
