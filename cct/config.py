"""Settings: config.toml < file named by CCT_CONFIG < CCT_* environment variables, validated and frozen.

Every key must appear in config.toml (the documented defaults); the models below carry no defaults of their own,
so a key missing from every layer is reported by name instead of silently taking a value from code.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

DEFAULTS_FILE = Path(__file__).resolve().parent.parent / "config.toml"
ENV_PREFIX = "CCT_"
# Variables with the prefix that are not settings: the override file itself, and the test runner's own.
ENV_NOT_SETTINGS = ("CCT_CONFIG",)
ENV_NOT_SETTINGS_PREFIXES = ("CCT_TEST_",)
SUPPORTED_DRIVERS = {"sqlite", "sqlite+pysqlite", "postgresql+psycopg"}


class ConfigError(Exception):
    """A setting is missing or wrong; the message is one line naming the key."""


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ServerSettings(_Section):
    host: str = Field(min_length=1)
    port: int = Field(ge=1, le=65535)
    workers: int = Field(ge=1, le=64)
    threads: int = Field(ge=1, le=256)


class SecuritySettings(_Section):
    secure_cookies: bool
    session_hours: int = Field(ge=1, le=24 * 30)
    login_max_failures: int = Field(ge=1, le=100)
    lockout_minutes: int = Field(ge=1, le=24 * 60)
    ip_max_failures: int = Field(ge=1, le=10_000)
    ip_window_minutes: int = Field(ge=1, le=24 * 60)
    password_min_length: int = Field(ge=8, le=128)


class JobsSettings(_Section):
    embedded_worker: bool
    poll_seconds: float = Field(gt=0, le=60)
    max_attempts: int = Field(ge=1, le=100)
    backoff_base_seconds: float = Field(ge=0)
    backoff_max_seconds: float = Field(ge=0)
    lease_seconds: int = Field(ge=10)


_HOURS = re.compile(r"^(?:([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]):([0-5]\d))?$")


class OfficeHoursSettings(_Section):
    """Opening hours per weekday in the configured time zone, "HH:MM-HH:MM", or "" for closed."""

    mon: str
    tue: str
    wed: str
    thu: str
    fri: str
    sat: str
    sun: str

    @field_validator("mon", "tue", "wed", "thu", "fri", "sat", "sun")
    @classmethod
    def _hours(cls, value: str) -> str:
        match = _HOURS.match(value.strip())
        if not match:
            raise ValueError('use "HH:MM-HH:MM" (e.g. "07:30-15:30") or "" for a closed day')
        if value.strip() and value.strip()[:5] >= value.strip()[6:]:
            raise ValueError("the office must close after it opens")
        return value.strip()

    def by_weekday(self) -> tuple[str, ...]:
        return (self.mon, self.tue, self.wed, self.thu, self.fri, self.sat, self.sun)


class TicketsSettings(_Section):
    fallback_unit: str = Field(min_length=1)
    reopen_days: int = Field(ge=0, le=365)
    near_breach_ratio: float = Field(gt=0, lt=1)
    attachment_max_mb: float = Field(gt=0, le=100)
    duplicate_radius_m: float = Field(ge=0, le=5000)
    duplicate_window_hours: float = Field(ge=0, le=24 * 365)
    office_hours: OfficeHoursSettings

    @field_validator("office_hours")
    @classmethod
    def _some_office_day(cls, value: OfficeHoursSettings) -> OfficeHoursSettings:
        if not any(value.by_weekday()):
            raise ValueError("at least one weekday needs office hours")
        return value


class KnowledgeSettings(_Section):
    index_path: str
    review_months: int = Field(ge=1, le=60)
    search_limit: int = Field(ge=1, le=100)

    def index_dir(self, instance_path: str) -> str:
        return self.index_path or str(Path(instance_path) / "kb-index")


class ReportsSettings(_Section):
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


class MailSettings(_Section):
    smtp_host: str
    smtp_port: int = Field(ge=1, le=65535)
    security: Literal["starttls", "ssl", "none"]
    username: str
    password: str
    from_address: str
    timeout_seconds: float = Field(gt=0, le=120)

    @property
    def enabled(self) -> bool:
        return bool(self.smtp_host)

    @model_validator(mode="after")
    def _sender_when_on(self) -> MailSettings:
        if self.enabled and "@" not in self.from_address:
            raise ValueError("smtp_host needs from_address (e.g. CCT <cct@um.bialystok.pl>)")
        return self


class IvrOption(_Section):
    key: str = Field(pattern=r"^[0-8]$")  # 9 is the "do not record" key
    label: str = Field(min_length=1, max_length=200)
    category: str = Field(max_length=60)
    words: list[str]


class TwilioSettings(_Section):
    account_sid: str
    auth_token: str
    phone_number: str
    public_base_url: str
    api_base_url: str
    connect: Literal["enqueue", "dial"]
    hours: Literal["office", "always"]
    queue_name: str = Field(min_length=1, max_length=64)
    dial_number: str
    record_calls: bool
    recording_retention_days: int = Field(ge=1, le=3650)
    sms_category: str = Field(min_length=1, max_length=60)
    ivr: list[IvrOption]

    @property
    def enabled(self) -> bool:
        return bool(self.account_sid and self.auth_token)

    @field_validator("public_base_url", "api_base_url")
    @classmethod
    def _base_url(cls, value: str) -> str:
        if value and not re.match(r"^https?://[^/\s]+(/[^\s]*)?$", value):
            raise ValueError("use the full address, e.g. https://cct.bialystok.pl")
        return value.rstrip("/")

    @field_validator("ivr")
    @classmethod
    def _distinct_keys(cls, value: list[IvrOption]) -> list[IvrOption]:
        keys = [option.key for option in value]
        if len(keys) != len(set(keys)):
            raise ValueError("two IVR options share a key")
        return value

    @model_validator(mode="after")
    def _dial_needs_number(self) -> TwilioSettings:
        if self.connect == "dial" and not self.dial_number:
            raise ValueError('connect = "dial" needs dial_number')
        if self.enabled and not self.public_base_url:
            raise ValueError("account_sid and auth_token need public_base_url (webhooks are signed for it)")
        return self


class Settings(_Section):
    database_url: str = Field(min_length=1)
    secret_key: str
    instance_path: str = Field(min_length=1)
    default_locale: Literal["pl", "en"]
    timezone: str
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"]
    log_format: Literal["json", "text"]
    public_url: str
    server: ServerSettings
    security: SecuritySettings
    jobs: JobsSettings
    tickets: TicketsSettings
    knowledge: KnowledgeSettings
    reports: ReportsSettings
    mail: MailSettings
    twilio: TwilioSettings

    @field_validator("public_url")
    @classmethod
    def _public_url(cls, value: str) -> str:
        if value and not re.match(r"^https?://[^/\s]+(/[^\s]*)?$", value):
            raise ValueError("use the full address, e.g. https://cct.bialystok.pl")
        return value.rstrip("/")

    def residents_url(self) -> str:
        """Where residents reach this service (links in SMS and e-mail): public_url, or Twilio's public address."""
        return self.public_url or self.twilio.public_base_url

    @field_validator("database_url")
    @classmethod
    def _known_database(cls, value: str) -> str:
        try:
            url = make_url(value)
        except ArgumentError:
            raise ValueError("not a database URL (e.g. sqlite:///instance/cct.db)") from None
        if url.drivername not in SUPPORTED_DRIVERS:
            raise ValueError(f"unsupported driver {url.drivername!r}; use sqlite or postgresql+psycopg")
        return value

    @field_validator("secret_key")
    @classmethod
    def _strong_secret(cls, value: str) -> str:
        if value and len(value) < 32:
            raise ValueError("must be at least 32 characters (or empty to generate one)")
        return value

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {value!r}") from None
        return value

    @property
    def is_sqlite(self) -> bool:
        return make_url(self.database_url).get_backend_name() == "sqlite"


def _is_section(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, _Section)


def _setting_paths(model: type[BaseModel], prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every leaf setting as a path: ("database_url",), ("server", "port"), ("tickets", "office_hours", "mon")."""
    paths: list[tuple[str, ...]] = []
    for name, field in model.model_fields.items():
        if _is_section(field.annotation):
            paths.extend(_setting_paths(field.annotation, (*prefix, name)))
        else:
            paths.append((*prefix, name))
    return paths


def _env_name(path: tuple[str, ...]) -> str:
    return (ENV_PREFIX + "_".join(path)).upper()


def _read_toml(path: Path, what: str) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        raise ConfigError(f"config error: {what} {path} does not exist") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"config error: {what} {path} is not valid TOML: {exc}") from None


def _merge(
    target: dict[str, Any], sources: dict[str, str], layer: Mapping[str, Any], origin: str, prefix: str = ""
) -> None:
    for key, value in layer.items():
        dotted = f"{prefix}{key}"
        if isinstance(value, Mapping) and isinstance(target.get(key, {}), dict):
            _merge(target.setdefault(key, {}), sources, value, origin, f"{dotted}.")
        else:
            target[key] = value
            sources[dotted] = origin


def _env_layer(environ: Mapping[str, str]) -> tuple[dict[str, Any], dict[str, str]]:
    known = {_env_name(path): path for path in _setting_paths(Settings)}
    layer: dict[str, Any] = {}
    origins: dict[str, str] = {}
    for var, value in environ.items():
        if not var.startswith(ENV_PREFIX) or var in ENV_NOT_SETTINGS or var.startswith(ENV_NOT_SETTINGS_PREFIXES):
            continue
        if var not in known:
            raise ConfigError(f"config error: unknown environment variable {var} (no such setting)")
        *sections, key = known[var]
        node = layer
        for section in sections:
            node = node.setdefault(section, {})
        node[key] = value
        origins[".".join(known[var])] = var
    return layer, origins


def _describe(error: dict[str, Any], sources: dict[str, str]) -> str:
    loc = [str(part) for part in error["loc"]]
    key = ".".join(loc)
    if error["type"] == "extra_forbidden":
        where = sources.get(key, "configuration")
        return f"config error: unknown setting {key} (in {where})"
    if error["type"] == "missing":
        return f"config error: {key} is required but not set (add it to config.toml or CCT_CONFIG)"
    where = sources.get(key, "configuration")
    message = error["msg"].removeprefix("Value error, ")
    return f"config error: {key} (from {where}): {message}"


def load_settings(
    overrides: Mapping[str, Any] | None = None,
    environ: Mapping[str, str] | None = None,
    defaults_file: Path = DEFAULTS_FILE,
) -> Settings:
    """Build the frozen settings; raise ConfigError with one line naming the offending key."""
    environ = os.environ if environ is None else environ
    merged: dict[str, Any] = {}
    sources: dict[str, str] = {}
    _merge(merged, sources, _read_toml(defaults_file, "defaults file"), str(defaults_file.name))
    override_file = environ.get("CCT_CONFIG")
    if override_file:
        _merge(merged, sources, _read_toml(Path(override_file), "CCT_CONFIG file"), override_file)
    env_layer, env_origins = _env_layer(environ)
    _merge(merged, sources, env_layer, "environment")
    sources.update(env_origins)
    if overrides:
        _merge(merged, sources, overrides, "test configuration")
    try:
        return Settings.model_validate(merged)
    except ValidationError as exc:
        raise ConfigError(_describe(exc.errors()[0], sources)) from None
