"""Residents' personal data, the Polish public-sector way (GDPR): kept only as long as a rule allows, every look at it
logged, a person's data exported or erased on request.

The shell keeps the rules, the daily job, the access log and the administrator's pages; each domain says what it
holds by filling three data slots in its init_app:
- "privacy.retention" (now, apply, limit) → [schemas.Retained]: its rules; `apply` removes at most `limit` records a
  rule (the job calls again until a rule has fewer left), otherwise it only counts (the dry run);
- "privacy.held" (subject) → [schemas.Held]: what it holds about the person, for the subject-access export;
- "privacy.erase" (subject, apply) → [schemas.Erasable]: erases (or, without `apply`, says it would) what no legal
  duty keeps, and says what it keeps and why.
A page that shows a resident's data records the look (cct.privacy.access.accessed).
"""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

from cct import config, menu, web
from cct.auth.roles import Role, add_permissions
from cct.jobs.operations import add_handler
from cct.privacy import cli, jobs, views
from cct.privacy.schemas import RETENTION_JOB, PrivacySettings

DAY = 24 * 3600


def init_app(app: Flask) -> None:
    config.add_section(app, "privacy", PrivacySettings)
    # the data protection officer's work is done by an administrator in CCT
    add_permissions(app, {"privacy.manage": frozenset({Role.ADMIN})})
    web.register_blueprint(app, views.bp)
    app.cli.add_command(cli.privacy_group)
    add_handler(app, RETENTION_JOB, jobs.apply_retention, every_seconds=DAY)
    menu.add(
        app, menu.Entry(_l("Personal data"), "privacy.index", "privacy.manage", order=145, blueprints=("privacy",))
    )
