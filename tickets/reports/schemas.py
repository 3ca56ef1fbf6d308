"""A resident's report as the form sends it, what its fields may hold, and the settings of the form and the map
([reports] in config.toml)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from pydantic import Field, field_validator

from cct.sections import Section
from tickets import photos
from tickets import schemas as tickets

DESCRIPTION_MAX = tickets.REPORT_DESCRIPTION_MAX
DESCRIPTION_MIN = tickets.REPORT_DESCRIPTION_MIN
STREET_MAX = 200
HOUSE_NUMBER_MAX = 20
HOUSE_NUMBER_CHARS = frozenset("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ/- ")
COORDINATE_TYPED_MAX = 30
PHOTO_NAME_MAX = photos.NAME_MAX
CODE_TYPED_MAX = 20


@dataclass
class ReportInput:
    category: str
    description: str
    street: str = ""
    house_number: str = ""
    lat: str = ""
    lon: str = ""
    name: str = ""
    phone: str = ""
    email: str = ""
    wants_updates: bool = False
    honeypot: str = ""
    photos: list[tuple[str, bytes]] = field(default_factory=list)
    join: str = ""  # the number of an open report nearby the resident chose to add theirs to

    @classmethod
    def from_form(cls, form: Any, files: Any) -> ReportInput:
        """The report as the form sent it (werkzeug's form and files)."""
        return cls(
            category=form.get("category", ""),
            description=form.get("description", ""),
            street=form.get("street", ""),
            house_number=form.get("house_number", ""),
            lat=form.get("lat", ""),
            lon=form.get("lon", ""),
            name=form.get("name", ""),
            phone=form.get("phone", ""),
            email=form.get("email", ""),
            wants_updates=form.get("updates") in ("y", "on", "1", "true"),
            honeypot=form.get("website", ""),
            join=form.get("join", "")[: tickets.NUMBER_TYPED_MAX],
            photos=[(upload.filename or "", upload.read()) for upload in files.getlist("photos") if upload.filename],
        )


class ReportsSettings(Section):
    """[reports] in config.toml."""

    photo_max_mb: float = Field(gt=0, le=50)
    max_photos: int = Field(ge=0, le=10)
    per_address_limit: int = Field(ge=1, le=10_000)
    per_address_window_minutes: int = Field(ge=1, le=24 * 60)
    streets_file: str
    tile_url: str
    tile_attribution: str = Field(max_length=300)
    bounds: tuple[float, float, float, float]
    map_days: int = Field(ge=1, le=3650)

    @field_validator("tile_url")
    @classmethod
    def _tile_template(cls, value: str) -> str:
        if value and not (
            value.startswith(("https://", "http://", "/")) and all(p in value for p in ("{z}", "{x}", "{y}"))
        ):
            raise ValueError("an http(s) address with {z}, {x} and {y}, or empty for no background map")
        return value

    @field_validator("bounds", mode="before")
    @classmethod
    def _box_from_text(cls, value: Any) -> Any:
        """CCT_REPORTS_BOUNDS="53.06, 23.03, 53.19, 23.29" (brackets allowed) as well as a TOML array."""
        if isinstance(value, str):
            value = [part.strip() for part in value.strip().strip("[]").split(",")]
        if isinstance(value, list | tuple) and len(value) != 4:
            raise ValueError("four numbers: [south, west, north, east]")
        return value

    @field_validator("bounds")
    @classmethod
    def _box(cls, value: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
        south, west, north, east = value
        if not (-90 <= south < north <= 90 and -180 <= west < east <= 180):
            raise ValueError("[south, west, north, east] with south < north and west < east")
        return value

    def tile_origin(self) -> str | None:
        """The tile server's origin, for the Content-Security-Policy (None: tiles come from this service)."""
        parts = urlsplit(self.tile_url)
        return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else None
