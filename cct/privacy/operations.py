"""Personal data kept only as long as the rules allow (a daily job, with a dry run), the access log, and erasure on
a person's request. What each domain holds it says itself, through the slots listed in cct.privacy."""

from __future__ import annotations

import logging
from dataclasses import asdict
from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select

from cct import db, slots
from cct.actions import audit, operation
from cct.audit import operations as audit_log
from cct.audit import queries as audit_queries
from cct.auth import operations as accounts
from cct.auth import queries as account_queries
from cct.auth.actors import Actor
from cct.contacts import clean_text
from cct.db import utcnow
from cct.jobs import operations as jobs
from cct.jobs import queries as job_queries
from cct.keyed import keyed
from cct.office_calendar import add_months
from cct.privacy import queries
from cct.privacy.models import Erasure, PersonalDataAccess
from cct.privacy.schemas import (
    REASON_MAX,
    REF_MAX,
    SUBJECT_MAX,
    AccessKind,
    Erasable,
    Held,
    PrivacySettings,
    Retained,
    Subject,
)

log = logging.getLogger(__name__)
SAME_LOOK = timedelta(minutes=1)  # the same look again within this is one line, not one a keystroke
BATCH = 1000  # records a rule removes in one round (cct.privacy.jobs commits each); the job goes on until fewer


def settings() -> PrivacySettings:
    return current_app.config["CCT"].privacy


def months_before(now: datetime, months: int) -> datetime:
    return add_months(now, -months)


# -- the access log ----------------------------------------------------------------------------------------------


def record_access(user: Any, ip: str | None, kind: AccessKind, subject: str | None = "", ref: str = "") -> None:
    """A line of the personal-data access log: `user` opened a resident's data (not audited: the log is its own)."""
    if user is None or getattr(user, "is_system", True) or getattr(user, "id", None) is None:
        return
    now = utcnow()
    subject, ref = (subject or "")[:SUBJECT_MAX], ref[:REF_MAX]
    if queries.logged_lately(user.id, kind.value, subject, ref, now - SAME_LOOK):
        return
    db.session.add(
        PersonalDataAccess(
            user_id=user.id, ip=(ip or "")[:45] or None, kind=kind.value, subject=subject, ref=ref, at=now
        )
    )


# -- retention -----------------------------------------------------------------------------------------------------


def _shell_rules(now: datetime, apply: bool, limit: int) -> list[Retained]:
    """The shell's own rules: the sign-in log, the audit log's addresses, this access log."""
    rules = settings()
    sign_in_cutoff = now - timedelta(days=rules.sign_in_log_days)
    address_cutoff = months_before(now, rules.audit_address_months)
    access_cutoff = months_before(now, rules.access_log_months)
    jobs_cutoff = now - timedelta(days=rules.finished_jobs_days)
    if apply:
        sign_ins = accounts.purge_sign_in_log(sign_in_cutoff, limit)
        addresses = audit_log.forget_addresses(address_cutoff, limit)
        accessed = _purge_accesses(access_cutoff, limit)
        jobs_done = jobs.purge_finished(jobs_cutoff, limit)
    else:
        sign_ins = account_queries.sign_in_log_before(sign_in_cutoff)
        addresses = audit_queries.addresses_before(address_cutoff)
        accessed = queries.accesses_before(access_cutoff)
        jobs_done = job_queries.finished_before(jobs_cutoff)
    return [
        Retained(
            "auth.sign_in_log",
            _("Sign-in attempts and ended sessions (login, address, browser): deleted"),
            _("%(days)d days ([privacy] sign_in_log_days)", days=rules.sign_in_log_days),
            sign_ins,
        ),
        Retained(
            "audit.addresses",
            _("Network addresses in the audit log: removed, the entries stay"),
            _("%(months)d months ([privacy] audit_address_months)", months=rules.audit_address_months),
            addresses,
        ),
        Retained(
            "privacy.access_log",
            _("The personal-data access log: deleted"),
            _("%(months)d months ([privacy] access_log_months)", months=rules.access_log_months),
            accessed,
        ),
        Retained(
            "jobs.finished",
            _("Background jobs done (what they sent: e-mail addresses and texts): deleted"),
            _("%(days)d days ([privacy] finished_jobs_days)", days=rules.finished_jobs_days),
            jobs_done,
        ),
    ]


def _purge_accesses(cutoff: datetime, limit: int) -> int:
    ids = select(PersonalDataAccess.id).where(PersonalDataAccess.at < cutoff).limit(limit).scalar_subquery()
    return db.session.execute(delete(PersonalDataAccess).where(PersonalDataAccess.id.in_(ids))).rowcount or 0


def retention(now: datetime, *, apply: bool, limit: int = BATCH) -> list[Retained]:
    """Every rule's count: what it removes now (`apply`, at most `limit` records a rule) or would (a dry run)."""
    return _shell_rules(now, apply, limit) + slots.flattened("privacy.retention", now=now, apply=apply, limit=limit)


@operation("privacy.retention_applied", _l("Personal data past its retention removed"))
def record_run(actor: Actor, counts: dict[str, int]) -> None:
    audit(None, actor, **counts)


# -- a person's data: what is held, its export, its erasure -------------------------------------------------------


def held(subject: Subject) -> list[Held]:
    """Everything the domains hold about the person, section by section (empty sections left out)."""
    return [section for section in slots.flattened("privacy.held", subject=subject) if section.records]


def digest(subject: Subject) -> str:
    """The person as the erasure record keeps them: an HMAC of the phone or address under the service's secret (a
    plain hash of a phone number is reversed by trying every number)."""
    return keyed(f"{subject.kind}:{subject.value}")


@operation("privacy.subject_viewed", _l("Personal data of a person viewed"))
def looked_up(actor: Actor, ip: str | None, subject: Subject, exported: bool = False) -> None:
    """An administrator looked at (or exported) everything held about a person: the access log names the person,
    the audit log only that it happened."""
    record_access(actor, ip, AccessKind.SUBJECT_EXPORT if exported else AccessKind.SUBJECT, subject.value)
    audit(None, actor, kind=subject.kind, exported=exported)


def erasure_preview(subject: Subject) -> list[Erasable]:
    """What erasing the person would erase and keep, domain by domain (nothing changes)."""
    return slots.flattened("privacy.erase", subject=subject, apply=False, actor=None)


@operation("privacy.erased", _l("Personal data erased on request"))
def erase(actor: Actor, subject: Subject, reason: str | None) -> Erasure:
    """Erase the person's data wherever no legal duty keeps it (GDPR art. 17(3)): the domains anonymise what they may
    and say what they keep and why; the erasure is recorded with its reason."""
    why = clean_text(reason, "reason", REASON_MAX, required=True)
    parts = slots.flattened("privacy.erase", subject=subject, apply=True, actor=actor)
    row = Erasure(
        actor_id=getattr(actor, "id", None),
        subject_kind=subject.kind,
        subject_digest=digest(subject),
        reason=why,
        outcome=[{**asdict(part), "label": str(part.label), "kept_because": str(part.kept_because)} for part in parts],
        at=utcnow(),
    )
    db.session.add(row)
    db.session.flush()
    audit(
        row,
        actor,
        reason=why,
        erased=sum(part.erased for part in parts),
        kept=sum(part.kept for part in parts),
    )
    return row


def earlier_erasures(subject: Subject) -> list[Erasure]:
    return queries.erasures_of(digest(subject))
