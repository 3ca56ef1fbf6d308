"""Settings: config.toml < file named by CCT_CONFIG < CCT_* environment variables, validated and frozen.

The shell's own keys are defined here; each domain adds its section ([tickets], [twilio] …) with `add_section` in its
`init_app`, and the app factory loads them all at once. Every key must appear in config.toml (the documented
defaults); the models carry no defaults of their own, so a key missing from every layer is reported by name instead
of silently taking a value from code.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, Field, ValidationError, create_model, field_validator, model_validator
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from cct.office_calendar import BadHours, check_hours
from cct.sections import Section

DEFAULTS_FILE = Path(__file__).resolve().parent.parent / "config.toml"
ENV_PREFIX = "CCT_"
# Variables with the prefix that are not settings: the override file itself, where the Polish dictionary is kept
# (read before any settings, see cct.lexicon), and the test runner's own.
ENV_NOT_SETTINGS = ("CCT_CONFIG", "CCT_LEXICON_DIR")
ENV_NOT_SETTINGS_PREFIXES = ("CCT_TEST_",)
SUPPORTED_DRIVERS = {"sqlite", "sqlite+pysqlite", "postgresql+psycopg"}


class ConfigError(Exception):
    """A setting is missing or wrong; the message is one line naming the key."""


SECTIONS = "cct.config.sections"  # app.extensions: section name -> its model, added by the domains


def add_section(app: Any, name: str, model: type[Section]) -> None:
    """A domain's section of the settings ([name] in config.toml, CCT_NAME_* variables)."""
    sections = app.extensions.setdefault(SECTIONS, {})
    if sections.get(name, model) is not model:
        raise ValueError(f"two domains define the settings section [{name}]")
    sections[name] = model


class ServerSettings(Section):
    host: str = Field(min_length=1)
    port: int = Field(ge=1, le=65535)
    workers: int = Field(ge=1, le=64)
    threads: int = Field(ge=1, le=256)
    trusted_proxies: int = Field(ge=0, le=5)


class SecuritySettings(Section):
    secure_cookies: bool
    session_hours: int = Field(ge=1, le=24 * 30)
    idle_minutes: int = Field(ge=5, le=24 * 60)
    login_max_failures: int = Field(ge=1, le=100)
    login_delay_max_minutes: int = Field(ge=1, le=24 * 60)
    ip_max_failures: int = Field(ge=1, le=10_000)
    ip_window_minutes: int = Field(ge=1, le=24 * 60)
    password_min_length: int = Field(ge=8, le=128)
    api_writes_per_minute: int = Field(ge=1, le=100_000)
    api_reads_per_minute: int = Field(ge=1, le=1_000_000)


class JobsSettings(Section):
    embedded_worker: bool
    poll_seconds: float = Field(gt=0, le=60)
    max_attempts: int = Field(ge=1, le=100)
    backoff_base_seconds: float = Field(ge=0)
    backoff_max_seconds: float = Field(ge=0)
    lease_seconds: int = Field(ge=10)


class OfficeHoursSettings(Section):
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
        try:
            return check_hours(value)
        except BadHours as bad:
            if bad.why == "order":
                raise ValueError("the office must close after it opens") from None
            raise ValueError('use "HH:MM-HH:MM" (e.g. "07:30-15:30") or "" for a closed day') from None

    def by_weekday(self) -> tuple[str, ...]:
        return (self.mon, self.tue, self.wed, self.thu, self.fri, self.sat, self.sun)

    @model_validator(mode="after")
    def _some_office_day(self) -> OfficeHoursSettings:
        if not any(self.by_weekday()):
            raise ValueError("at least one weekday needs office hours")
        return self


class MailSettings(Section):
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


class Settings(Section):
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
    office_hours: OfficeHoursSettings
    mail: MailSettings

    @field_validator("public_url")
    @classmethod
    def _public_url(cls, value: str) -> str:
        if value and not re.match(r"^https?://[^/\s]+(/[^\s]*)?$", value):
            raise ValueError("use the full address, e.g. https://cct.bialystok.pl")
        return value.rstrip("/")

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


def settings_model(sections: Mapping[str, type[Section]] | None = None) -> type[Settings]:
    """The shell's settings with the domains' sections added."""
    if not sections:
        return Settings
    fields: dict[str, Any] = {name: (model, ...) for name, model in sections.items()}
    return create_model("AllSettings", __base__=Settings, **fields)


def _is_section(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, Section)


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


def _env_layer(environ: Mapping[str, str], model: type[Settings]) -> tuple[dict[str, Any], dict[str, str]]:
    known = {_env_name(path): path for path in _setting_paths(model)}
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
    sections: Mapping[str, type[Section]] | None = None,
) -> Settings:
    """Build the frozen settings, the domains' `sections` included; raise ConfigError with one line naming the
    offending key."""
    environ = os.environ if environ is None else environ
    model = settings_model(sections)
    merged: dict[str, Any] = {}
    sources: dict[str, str] = {}
    _merge(merged, sources, _read_toml(defaults_file, "defaults file"), str(defaults_file.name))
    override_file = environ.get("CCT_CONFIG")
    if override_file:
        _merge(merged, sources, _read_toml(Path(override_file), "CCT_CONFIG file"), override_file)
    env_layer, env_origins = _env_layer(environ, model)
    _merge(merged, sources, env_layer, "environment")
    sources.update(env_origins)
    if overrides:
        _merge(merged, sources, overrides, "test configuration")
    try:
        return model.model_validate(merged)
    except ValidationError as exc:
        raise ConfigError(_describe(exc.errors()[0], sources)) from None
