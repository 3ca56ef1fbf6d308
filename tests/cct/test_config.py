"""Settings: layering, validation, and one-line errors that name the key."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from cct.app import settings_sections
from cct.config import ConfigError, Settings
from cct.config import load_settings as load_shell_settings
from tests.helpers import run_cct

SECTIONS = settings_sections()


def load_settings(*args: Any, **kwargs: Any) -> Settings:
    """The settings with every domain's section, as the app factory loads them."""
    return load_shell_settings(*args, sections=SECTIONS, **kwargs)


def test_defaults_load_from_config_toml() -> None:
    settings = load_settings(environ={})
    assert settings.database_url == "sqlite:///instance/cct.db"
    assert settings.default_locale == "pl"
    assert settings.timezone == "Europe/Warsaw"
    assert settings.server.port == 5000
    assert settings.twilio.enabled is False
    assert settings.reports.bounds == (53.06, 23.03, 53.19, 23.29)


def test_the_city_box_comes_from_the_environment_as_a_list_of_numbers() -> None:
    settings = load_settings(environ={"CCT_REPORTS_BOUNDS": "[52.1, 20.8, 52.4, 21.3]"})
    assert settings.reports.bounds == (52.1, 20.8, 52.4, 21.3)


def test_file_named_by_cct_config_overrides_defaults_and_env_overrides_both(tmp_path: Path) -> None:
    override = tmp_path / "site.toml"
    override.write_text('log_level = "DEBUG"\n[server]\nport = 8080\nworkers = 3\n[twilio]\nauth_token = "from-file"\n')
    settings = load_settings(
        environ={"CCT_CONFIG": str(override), "CCT_SERVER_PORT": "9090", "CCT_TWILIO_AUTH_TOKEN": "from-env"}
    )
    assert settings.log_level == "DEBUG"  # file
    assert settings.server.workers == 3  # file
    assert settings.server.port == 9090  # env beats file
    assert settings.twilio.auth_token == "from-env"
    assert settings.server.host == "127.0.0.1"  # untouched default


def test_top_level_env_name_has_no_section() -> None:
    url = "postgresql+psycopg://cct@db.example:5432/cct"
    assert load_settings(environ={"CCT_DATABASE_URL": url}).database_url == url


def test_settings_are_frozen() -> None:
    settings = load_settings(environ={})
    with pytest.raises(ValueError, match="frozen"):
        settings.server.port = 1  # type: ignore[misc]


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        (
            {"CCT_SERVER_PORT": "eighty"},
            "config error: server.port (from CCT_SERVER_PORT): Input should be a valid integer",
        ),
        ({"CCT_SERVER_PORT": "70000"}, "server.port (from CCT_SERVER_PORT)"),
        ({"CCT_DATABASE_URL": "mysql://x/y"}, "database_url (from CCT_DATABASE_URL): unsupported driver 'mysql'"),
        ({"CCT_DATABASE_URL": "not a url"}, "database_url (from CCT_DATABASE_URL): not a database URL"),
        ({"CCT_DATABASE_URL": ""}, "database_url (from CCT_DATABASE_URL)"),
        ({"CCT_SECRET_KEY": "short"}, "secret_key (from CCT_SECRET_KEY): must be at least 32 characters"),
        ({"CCT_TIMEZONE": "Europe/Atlantis"}, "timezone (from CCT_TIMEZONE): unknown time zone"),
        ({"CCT_DEFAULT_LOCALE": "de"}, "default_locale (from CCT_DEFAULT_LOCALE)"),
        ({"CCT_JOBS_EMBEDDED_WORKER": "perhaps"}, "jobs.embedded_worker (from CCT_JOBS_EMBEDDED_WORKER)"),
        ({"CCT_SERVR_PORT": "80"}, "config error: unknown environment variable CCT_SERVR_PORT"),
        ({"CCT_SERVER_TRUSTED_PROXIES": "-1"}, "server.trusted_proxies (from CCT_SERVER_TRUSTED_PROXIES)"),
        ({"CCT_SECURITY_IDLE_MINUTES": "1"}, "security.idle_minutes (from CCT_SECURITY_IDLE_MINUTES)"),
        ({"CCT_TWILIO_CONNECT": "carrier-pigeon"}, "twilio.connect (from CCT_TWILIO_CONNECT)"),
        ({"CCT_TWILIO_CONNECT": "dial"}, 'twilio (from configuration): connect = "dial" needs dial_number'),
        ({"CCT_TWILIO_PUBLIC_BASE_URL": "cct.example"}, "twilio.public_base_url (from CCT_TWILIO_PUBLIC_BASE_URL)"),
        ({"CCT_TWILIO_RECORDING_RETENTION_DAYS": "0"}, "twilio.recording_retention_days"),
        (
            {"CCT_TWILIO_ACCOUNT_SID": "AC" + "1" * 32, "CCT_TWILIO_AUTH_TOKEN": "t" * 32},
            "account_sid and auth_token need public_base_url",
        ),
        ({"CCT_REPORTS_TILE_URL": "https://tiles.example/map.png"}, "reports.tile_url (from CCT_REPORTS_TILE_URL)"),
        ({"CCT_REPORTS_PHOTO_MAX_MB": "0"}, "reports.photo_max_mb (from CCT_REPORTS_PHOTO_MAX_MB)"),
        ({"CCT_TICKETS_DUPLICATE_RADIUS_M": "-5"}, "tickets.duplicate_radius_m"),
        ({"CCT_REPORTS_BOUNDS": "53.0, 23.0"}, "reports.bounds (from CCT_REPORTS_BOUNDS)"),
        (
            {"CCT_REPORTS_BOUNDS": "54, 23, 53, 24"},
            "reports.bounds (from CCT_REPORTS_BOUNDS): [south, west, north, east]",
        ),
    ],
)
def test_bad_environment_value_names_the_key(environ: dict[str, str], expected: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load_settings(environ=environ)
    message = str(caught.value)
    assert expected in message
    assert "\n" not in message


def test_the_lexicon_folder_the_readme_offers_is_not_a_setting(tmp_path: Path) -> None:
    """Issue 18: CCT_LEXICON_DIR stopped every command as an unknown setting."""
    settings = load_settings(environ={"CCT_LEXICON_DIR": str(tmp_path), "CCT_SERVER_PORT": "5001"})
    assert settings.server.port == 5001


def test_unknown_key_in_file_is_rejected_with_its_file(tmp_path: Path) -> None:
    override = tmp_path / "site.toml"
    override.write_text("[security]\nlockout_minuts = 5\n")
    with pytest.raises(ConfigError, match=r"unknown setting security.lockout_minuts \(in .*site.toml\)"):
        load_settings(environ={"CCT_CONFIG": str(override)})


def test_bad_value_in_file_names_the_file(tmp_path: Path) -> None:
    override = tmp_path / "site.toml"
    override.write_text("[security]\nlogin_max_failures = 0\n")
    with pytest.raises(ConfigError, match=r"security.login_max_failures \(from .*site.toml\)"):
        load_settings(environ={"CCT_CONFIG": str(override)})


def test_missing_required_key_is_named(tmp_path: Path) -> None:
    defaults = Path(__file__).resolve().parents[2] / "config.toml"
    trimmed = tmp_path / "config.toml"
    trimmed.write_text(defaults.read_text().replace('timezone = "Europe/Warsaw"', ""))
    with pytest.raises(ConfigError, match="config error: timezone is required but not set"):
        load_settings(environ={}, defaults_file=trimmed)


def test_missing_or_broken_override_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="CCT_CONFIG file .*nope.toml does not exist"):
        load_settings(environ={"CCT_CONFIG": str(tmp_path / "nope.toml")})
    broken = tmp_path / "broken.toml"
    broken.write_text("[server\nport = 1")
    with pytest.raises(ConfigError, match="is not valid TOML"):
        load_settings(environ={"CCT_CONFIG": str(broken)})


def test_cli_stops_with_one_line_naming_the_key(tmp_path: Path) -> None:
    result = run_cct(
        "db", "upgrade", env={"CCT_SECURITY_LOGIN_DELAY_MAX_MINUTES": "-5", "CCT_INSTANCE_PATH": str(tmp_path)}
    )
    assert result.returncode != 0
    error_lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert error_lines == [
        "Error: config error: security.login_delay_max_minutes (from CCT_SECURITY_LOGIN_DELAY_MAX_MINUTES): "
        "Input should be greater than or equal to 1"
    ]
    assert not (tmp_path / "cct.db").exists()


def test_ivr_menu_keys_are_single_distinct_digits(tmp_path: Path) -> None:
    override = tmp_path / "ivr.toml"
    option = '[[twilio.ivr]]\nkey = "{}"\nlabel = "x"\ncategory = ""\nwords = []\n'
    override.write_text(option.format("1") + option.format("1"))
    with pytest.raises(ConfigError, match="twilio.ivr .*two IVR options share a key"):
        load_settings(environ={"CCT_CONFIG": str(override)})
    override.write_text(option.format("9"))  # 9 is "do not record"
    with pytest.raises(ConfigError, match="twilio.ivr.0.key"):
        load_settings(environ={"CCT_CONFIG": str(override)})
    override.write_text(option.format("3"))
    assert [o.key for o in load_settings(environ={"CCT_CONFIG": str(override)}).twilio.ivr] == ["3"]
