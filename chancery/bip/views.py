"""The BIP records: the clerk's pages (/chancery/bip/) to publish an entry and change it with a reason, and the
public pages (/bip) with each entry's metadata under it as the BIP regulation requires (who produced the
information, who entered it, when it was produced and published, its register of changes), with an Atom feed."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from cct import feeds
from cct.auth.access import public, requires
from cct.diff import word_diff
from cct.office_calendar import local_today
from cct.web import form_page, or_404, page_action
from chancery.bip import operations, queries
from chancery.bip.forms import ChangeForm, EntryForm
from chancery.bip.models import BipEntry

bp = Blueprint("chancery_bip", __name__, url_prefix="/chancery/bip", template_folder="templates")
public_bp = Blueprint("bip", __name__, url_prefix="/bip", template_folder="templates")


def _reason(text: str) -> str:
    return _("publication") if text == operations.PUBLISHED else text


def _register(entry: BipEntry) -> list[tuple[Any, Any]]:
    """The register of changes, newest first: each version with the words it changed against the one before."""
    lines, before = [], None
    for version in entry.versions:
        lines.append((version, word_diff(before.content, version.content) if before else None))
        before = version
    return list(reversed(lines))


@bp.get("/")
@requires("chancery.work")
def entries() -> Any:
    form = EntryForm(formdata=None, produced_on=local_today())
    return render_template("chancery_bip/entries.html", entries=queries.entries(), form=form)


@bp.post("/")
@requires("chancery.work")
def publish() -> Any:
    form = EntryForm()
    made: list[BipEntry] = []

    def publish_it() -> str:
        made.append(
            operations.publish(
                current_user, form.title.data, form.content.data, form.produced_by.data, form.produced_on.data
            )
        )
        return _("Published in the BIP.")

    return form_page(
        form,
        publish_it,
        lambda: url_for(".entry", entry_id=made[0].id),
        "chancery_bip/entries.html",
        entries=queries.entries(),
    )


def _show_entry(entry: BipEntry, **forms: Any) -> str:
    form = forms.get("form") or ChangeForm(
        formdata=None,
        title=entry.title,
        content=entry.content,
        produced_by=entry.produced_by,
        produced_on=entry.produced_on,
    )
    return render_template(
        "chancery_bip/entry.html",
        entry=entry,
        form=form,
        register=_register(entry),
        reason_text=_reason,
        with_words=True,
    )


@bp.get("/<int:entry_id>")
@requires("chancery.work")
def entry(entry_id: int) -> Any:
    return _show_entry(or_404(queries.entry(entry_id)))


@bp.post("/<int:entry_id>")
@requires("chancery.work")
def change(entry_id: int) -> Any:
    found = or_404(queries.entry(entry_id))
    form = ChangeForm()

    def change_it() -> str:
        operations.change(
            current_user,
            found,
            form.title.data,
            form.content.data,
            form.produced_by.data,
            form.produced_on.data,
            form.reason.data,
        )
        return _("Changed; the register of changes has a new line.")

    back = url_for(".entry", entry_id=found.id)
    return page_action(lambda **forms: _show_entry(found, **forms), "form", form, change_it, back)


# -- the public pages ----------------------------------------------------------------------------------------------


@public_bp.get("/")
@public
def public_entries() -> Any:
    return render_template("chancery_bip/public_entries.html", entries=queries.entries(), reason_text=_reason)


@public_bp.get("/<int:entry_id>")
@public
def public_entry(entry_id: int) -> Any:
    found = or_404(queries.entry(entry_id))
    # the public register says who changed what when and why, never the words taken out: a change that removes
    # personal data published by mistake must not keep showing it
    return render_template(
        "chancery_bip/public_entry.html", entry=found, register=_register(found), reason_text=_reason, with_words=False
    )


@public_bp.get("/atom.xml")
@public
def feed() -> Any:
    items = [
        feeds.Entry(
            url=url_for("bip.public_entry", entry_id=item.id, _external=True),
            title=item.title,
            summary=_(
                "Produced by %(who)s on %(day)s; entered by %(entered)s.",
                who=item.produced_by,
                day=item.produced_on.isoformat(),
                entered=item.entered_by_name,
            ),
            content=item.content,
            author=item.produced_by,
            published=item.published_at,
            updated=item.updated_at,
        )
        for item in queries.entries()
    ]
    document = feeds.atom(
        url_for("bip.feed", _external=True),
        url_for("bip.public_entries", _external=True),
        _("Białystok City Hall, Department of Social Communication: Public Information Bulletin"),
        _("The department's entries in the BIP, with their register of changes"),
        items,
    )
    return Response(document, mimetype="application/atom+xml")


def audit_object_types() -> dict[str, str]:
    return {"BipEntry": _("BIP entry")}
