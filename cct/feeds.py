"""Atom feeds (RFC 4287), made with feedgen: the press releases, the BIP records. Pure: the entries' values in, the
document out."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from feedgen.feed import FeedGenerator


@dataclass(frozen=True)
class Entry:
    url: str
    title: str
    summary: str
    content: str
    author: str
    published: datetime
    updated: datetime


def atom(feed_url: str, page_url: str, title: str, subtitle: str, entries: Sequence[Entry]) -> bytes:
    """The feed: newest first; its `updated` is the latest change of any entry (or of the feed's first entry)."""
    feed = FeedGenerator()
    feed.id(feed_url)
    feed.title(title)
    feed.subtitle(subtitle)
    feed.link(href=page_url, rel="alternate")
    feed.link(href=feed_url, rel="self")
    feed.language("pl")
    for item in reversed(entries):  # feedgen prepends: the newest ends up first
        entry = feed.add_entry()
        entry.id(item.url)
        entry.title(item.title)
        entry.link(href=item.url)
        entry.summary(item.summary)
        entry.content(item.content, type="text")
        entry.author(name=item.author)
        entry.published(item.published)
        entry.updated(item.updated)
    if entries:
        feed.updated(max(item.updated for item in entries))
    return feed.atom_str(pretty=True)
