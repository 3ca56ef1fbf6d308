"""Telling open pages at once that something they show has changed (server-sent events), instead of their asking
every few hundred milliseconds.

Why here, and why this way: an agent's console must show a ringing caller within a moment of Twilio's webhook (the
screen-pop), and twenty consoles polling a rendered fragment twice a second cost the server more than the calls do.
A page opens one stream (`stream`); it waits, holding no database connection, on this process's `Hub`, and renders
again only when a change to its topic was committed:
- in this process: an operation `announce`s its topic, and the hub is woken after the commit (never for a rolled-back
  change);
- in another process: on PostgreSQL the same `announce` sends NOTIFY in the transaction (delivered at commit), and
  one thread per process LISTENs; on SQLite one thread per process reads `PRAGMA data_version` ten times a second
  (it changes when another connection commits; a read costs microseconds) and wakes every topic.
A stream takes a server thread for as long as the page is open, so a process lets at most `threads - RESERVED` pages
stream; beyond that the page is told to poll, as it does when the browser has no EventSource.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

from flask import Flask, Response, current_app, has_app_context, stream_with_context
from sqlalchemy import event, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from cct import db

log = logging.getLogger("cct.push")

CHANNEL = "cct_push"  # PostgreSQL's NOTIFY channel
HUB = "cct.push"  # app.extensions
RESERVED = 4  # threads of a process kept for ordinary requests
KEEP_ALIVE_SECONDS = 15  # a comment this often: proxies keep the stream open, and a closed page is noticed
STREAM_SECONDS = 300  # then the browser reconnects (EventSource does by itself): no thread is held for ever
SQLITE_WATCH_SECONDS = 0.1
_PENDING = "cct_push_pending"  # session.info: topics announced in the open transaction


class Hub:
    """This process's topics and their versions; streams wait here for a version they have not seen."""

    def __init__(self, streams: int) -> None:
        self._changed = threading.Condition()
        self._versions: dict[str, int] = {}
        self._all = 0  # changes of unknown topic (another process's SQLite commit)
        self.slots = threading.BoundedSemaphore(max(streams, 0)) if streams > 0 else None
        self.watching = False
        self._watch_lock = threading.Lock()
        self.closed = threading.Event()  # the app is going away: the watcher stops

    def _current(self, topic: str) -> int:  # with the lock held
        return self._versions.get(topic, 0) + self._all

    def version(self, topic: str) -> int:
        with self._changed:
            return self._current(topic)

    def changed(self, topic: str | None) -> None:
        with self._changed:
            if topic is None:
                self._all += 1
            else:
                self._versions[topic] = self._versions.get(topic, 0) + 1
            self._changed.notify_all()

    def wait(self, topic: str, seen: int, timeout: float) -> int:
        """The topic's version once it differs from `seen`, or after `timeout` seconds."""
        with self._changed:
            self._changed.wait_for(lambda: self._current(topic) != seen, timeout)
            return self._current(topic)

    def close(self) -> None:
        """Stop this process's watcher (the app is being shut down, e.g. at the end of a test run)."""
        self.closed.set()

    def start_watching(self, app: Flask) -> None:
        with self._watch_lock:
            if self.watching:
                return
            self.watching = True
        url = db.get_database(app).url
        target = _listen_postgresql if url.startswith("postgresql") else _watch_sqlite
        threading.Thread(target=target, args=(self, url), name="cct-push-watch", daemon=True).start()


def hub(app: Flask | None = None) -> Hub:
    return (app or current_app).extensions[HUB]


def announce(topic: str) -> None:
    """In an operation: pages showing `topic` render again once this transaction commits, in every process."""
    session = db.session()
    pending = session.info.setdefault(_PENDING, set())
    if topic in pending:  # announced already in this transaction: one NOTIFY is enough
        return
    pending.add(topic)
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_notify(:channel, :topic)"), {"channel": CHANNEL, "topic": topic})


def stream(
    topic: str, render: Callable[[], str], event_name: str, same: Callable[[str], str] = lambda fragment: fragment
) -> Response:
    """A page's stream of `render()`ed fragments: one now, then one each time the topic changes and the fragment
    differs (compared by `same(fragment)`: what must not count, e.g. fresh CSRF tokens, left out); 503 when this
    process has no thread left for it (the page then polls)."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    the_hub = hub(app)
    if the_hub.slots is None or not the_hub.slots.acquire(blocking=False):
        return Response("busy: poll instead", status=503, headers={"Retry-After": "30", "Cache-Control": "no-store"})
    the_hub.start_watching(app)

    released = threading.Event()

    def release() -> None:
        """Once, whichever comes first: the stream ended, the page went away, or the body was never read (HEAD)."""
        if not released.is_set():
            released.set()
            the_hub.slots.release()  # type: ignore[union-attr]

    def events() -> Iterator[str]:
        try:
            last = None
            ends = time.monotonic() + STREAM_SECONDS
            seen = the_hub.version(topic)
            yield "retry: 1000\n\n"
            while time.monotonic() < ends:
                fragment = render()
                db.session.remove()  # no connection is held while the page waits
                compared = same(fragment)
                if compared != last:
                    last = compared
                    yield f"event: {event_name}\n" + "".join(f"data: {line}\n" for line in fragment.split("\n")) + "\n"
                version = the_hub.wait(topic, seen, KEEP_ALIVE_SECONDS)
                if version == seen:
                    yield ": still here\n\n"
                seen = version
        finally:
            release()

    headers = {"Cache-Control": "no-store", "X-Accel-Buffering": "no"}
    response = Response(stream_with_context(events()), mimetype="text/event-stream", headers=headers)
    response.call_on_close(release)
    return response


# -- waking other processes -------------------------------------------------------------------------------------------


def _listen_postgresql(the_hub: Hub, url: str) -> None:
    import psycopg

    conninfo = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    while not the_hub.closed.is_set():
        try:
            with psycopg.connect(conninfo, autocommit=True) as connection:
                connection.execute(f"LISTEN {CHANNEL}")
                while not the_hub.closed.is_set():
                    for notice in connection.notifies(timeout=1.0):
                        the_hub.changed(notice.payload or None)
        except Exception:  # the database restarted: listen again
            log.warning("push: listening on PostgreSQL failed; again in a second", exc_info=True)
            the_hub.closed.wait(1)


def _watch_sqlite(the_hub: Hub, url: str) -> None:
    path = make_url(url).database
    if not path or path == ":memory:":
        return
    connection = sqlite3.connect(path, check_same_thread=False)
    last = None
    while not the_hub.closed.is_set():
        try:
            version = connection.execute("PRAGMA data_version").fetchone()[0]
        except sqlite3.Error:
            log.warning("push: reading SQLite's data_version failed", exc_info=True)
            version = last
        if last is not None and version != last:
            the_hub.changed(None)
        last = version
        the_hub.closed.wait(SQLITE_WATCH_SECONDS)
    connection.close()


def init_app(app: Flask, threads: int) -> None:
    app.extensions[HUB] = Hub(threads - RESERVED)


@event.listens_for(Session, "after_commit")
def _committed(session: Session) -> None:
    """The topics announced in the transaction that just committed wake this process's streams."""
    topics = session.info.pop(_PENDING, None)
    if topics and has_app_context():
        found: Any = current_app.extensions.get(HUB)
        for topic in topics if found is not None else ():
            found.changed(topic)


@event.listens_for(Session, "after_rollback")
def _rolled_back(session: Session) -> None:
    session.info.pop(_PENDING, None)
