"""Domain signals. Operations send them (through cct.actions) after a change is flushed; subscribers (the audit log,
a ticket's history, jobs, other domains) react inside the same transaction, so a rolled-back request leaves no trace
of them either."""

from blinker import Namespace

_signals = Namespace()

# A change for the audit log. sender: the changed object (or None); kwargs: actor, action (the operation's declared
# audit action), changes ({field: [old, new]}), detail (dict), ip (str | None)
audited = _signals.signal("audited")
# A change that belongs to an object's own, user-visible history (a ticket's timeline) rather than the audit log.
# sender: the object; kwargs: actor, action (the operation's), kind (str), changes ({field: [old, new]}), detail
history_event = _signals.signal("history-event")
# The detail key by which another domain's event belongs on a ticket's timeline too (the knowledge base's "article
# used for this ticket"): its value is the ticket's id.
ON_TICKET = "on_ticket"
# The kind of a call's history event that closes it as answered from the knowledge base, without a ticket (telephony
# sends it with `articles` — the slugs told — and `call_sid`; the knowledge base, listening, links the articles).
ANSWERED_FROM_KNOWLEDGE_BASE = "answered_from_knowledge_base"
