"""Open311 GeoReport v2's limits and constants (the spec's request fields are read by tickets.open311.api)."""

from __future__ import annotations

from tickets import schemas as tickets

KEY_NAME_MAX = 100
KEY_PREFIX = "o311_"
DESCRIPTION_MAX = tickets.REPORT_DESCRIPTION_MAX
MEDIA_URL_MAX = tickets.MEDIA_URL_MAX
JURISDICTION = "bialystok.pl"
SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
CHANGESET = "2026-11-27T12:00:00Z"  # when this API last changed (discovery)
FORMATS = {"xml": "text/xml; charset=utf-8", "json": "application/json; charset=utf-8"}
DEFAULT_DAYS = 90  # GET requests without dates: the last 90 days, as the spec suggests
MAX_REQUESTS = 1000
