"""E-mail to residents through the SMTP server of [mail].

A message is a `mail.send` job added in the transaction of the change that causes it, one per reason (the job's
idempotency key), so it exists only if that change was committed and is queued once. The worker sends it: a server
that is unreachable or refuses for now (4xx) makes the job fail and be retried with backoff; an address refused for
good (5xx) is given up and logged, never retried; a bad login or sender fails the job (administrators see it).
"""

from __future__ import annotations

import logging
import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formatdate, make_msgid, parseaddr
from typing import Any

from flask import current_app

from cct.config import MailSettings
from cct.jobs.models import Job
from cct.jobs.operations import enqueue

log = logging.getLogger(__name__)
SEND_JOB = "mail.send"


def settings() -> MailSettings:
    return current_app.config["CCT"].mail


def queue(to: str, subject: str, body: str, purpose: str, *, secret: bool = False) -> Job | None:
    """Send this e-mail once for this purpose (None when e-mail is off). A `secret` message (a one-time code) is
    forgotten once sent: the job's payload is emptied when it ends (cct.jobs)."""
    if not settings().enabled:
        return None
    payload = {"to": to, "subject": subject, "body": body, "purpose": purpose}
    return enqueue(SEND_JOB, payload, idempotency_key=f"mail:{purpose}", transient=secret)


def _message(config: MailSettings, payload: dict[str, Any]) -> EmailMessage:
    message = EmailMessage()
    message["From"] = config.from_address
    message["To"] = payload["to"]
    message["Subject"] = payload["subject"]
    message["Date"] = formatdate(localtime=False)
    domain = parseaddr(config.from_address)[1].rpartition("@")[2] or None
    message["Message-ID"] = make_msgid(domain=domain)
    message["Auto-Submitted"] = "auto-generated"  # RFC 3834: no auto-replies to this
    message.set_content(payload["body"])
    return message


def send(payload: dict[str, Any]) -> None:
    if payload.get("forgotten"):
        log.warning("mail.forgotten: a one-time message is no longer kept, so it is not sent again")
        return
    config = settings()
    if not config.enabled:
        raise RuntimeError("e-mail is off ([mail] smtp_host is empty)")
    message = _message(config, payload)
    smtp_class = smtplib.SMTP_SSL if config.security == "ssl" else smtplib.SMTP
    # Anything not caught below (unreachable, a 4xx, a bad login or sender) fails the job: it is retried with
    # backoff and, after the last attempt, listed for administrators.
    try:
        with smtp_class(config.smtp_host, config.smtp_port, timeout=config.timeout_seconds) as smtp:
            if config.security == "starttls":
                smtp.starttls(context=ssl.create_default_context())
            if config.username:
                smtp.login(config.username, config.password)
            smtp.send_message(message)
    except smtplib.SMTPRecipientsRefused as refused:
        codes = [code for code, _text in refused.recipients.values()]
        if all(code >= 500 for code in codes):
            log.warning("mail.refused", extra={"purpose": payload.get("purpose"), "codes": codes})
            return  # refused for good: retrying would not help
        raise
    except smtplib.SMTPDataError as error:
        if error.smtp_code >= 500:
            log.warning("mail.refused", extra={"purpose": payload.get("purpose"), "codes": [error.smtp_code]})
            return  # this message refused for good
        raise
    log.info("mail.sent", extra={"purpose": payload.get("purpose")})
