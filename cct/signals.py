"""Domain signals. Operations send them after a change is flushed; subscribers (audit, history, jobs) react
inside the same transaction, so a rolled-back request leaves no trace of them either."""

from blinker import Namespace

_signals = Namespace()

# sender: the changed object; kwargs: actor (User | None), action (str), changes ({field: [old, new]})
entity_created = _signals.signal("entity-created")
entity_updated = _signals.signal("entity-updated")
# sender: the User concerned (or None); kwargs: actor, action, detail (dict), ip
security_event = _signals.signal("security-event")
# A change that belongs to an object's own, user-visible history (a ticket's timeline) rather than the audit log.
# sender: the object; kwargs: actor, kind (str), changes ({field: [old, new]}), detail (dict)
history_event = _signals.signal("history-event")
