"""The press office's calendar as iCalendar (RFC 5545, written by the `icalendar` library): conferences, planned
posts and published releases, each one event with a stable UID so a calendar application updates it rather than
adding a copy. And the ISO week a week view shows. Pure: entries in, bytes or dates out."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from icalendar import Calendar, Event

from cct.office_calendar import plausible

PRODUCT = "-//Urząd Miejski w Białymstoku//CCT zespół prasowy//PL"
_WEEK = re.compile(r"^\s*(\d{4})-?W(\d{1,2})\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Entry:
    """One thing in the calendar: what, when (aware times), where, and the page it comes from."""

    uid: str  # "conference-7@cct": stable across changes
    kind: str  # conference, post, release
    title: str
    starts_at: datetime
    ends_at: datetime
    location: str = ""
    description: str = ""
    url: str = ""
    cancelled: bool = False
    changed_at: datetime | None = None


def ical(entries: list[Entry], name: str, stamp: datetime) -> bytes:
    """The entries as one VCALENDAR; `stamp` is DTSTAMP (when the feed was made)."""
    calendar = Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    for entry in entries:
        event = Event()
        event.add("uid", entry.uid)
        event.add("dtstamp", stamp)
        event.add("dtstart", entry.starts_at)
        event.add("dtend", entry.ends_at)
        event.add("summary", entry.title)
        event.add("categories", [entry.kind])
        if entry.location:
            event.add("location", entry.location)
        if entry.description:
            event.add("description", entry.description)
        if entry.url:
            event.add("url", entry.url)
        if entry.changed_at is not None:
            event.add("last-modified", entry.changed_at)
        event.add("status", "CANCELLED" if entry.cancelled else "CONFIRMED")
        calendar.add_component(event)
    return calendar.to_ical()


def week_of(text: str | None, today: date) -> date:
    """The Monday of the ISO week "2026-W49" (or of today's week when the text is empty, no such week, or a week of
    a year nobody plans in: cct.office_calendar.plausible)."""
    match = _WEEK.match(text or "")
    if match is not None:
        try:
            monday = date.fromisocalendar(int(match.group(1)), int(match.group(2)), 1)
        except ValueError:
            monday = None
        if monday is not None and plausible(monday):
            return monday
    return today - timedelta(days=today.weekday())


def week_name(monday: date) -> str:
    year, week, _ = monday.isocalendar()
    return f"{year}-W{week:02d}"
