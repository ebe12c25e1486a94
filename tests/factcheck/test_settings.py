"""The settings module reads every deployment knob from the environment."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from factcheck.settings import BASE_DIR, DEFAULT_DATABASE_URL, database_config

ROOT = Path(__file__).resolve().parents[2]


def test_default_database_is_a_sqlite_file_in_the_project():
    config = database_config(DEFAULT_DATABASE_URL)
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert Path(config["NAME"]) == BASE_DIR / "db.sqlite3"


def test_postgres_url_uses_postgresql_backend_with_all_parts():
    config = database_config("postgres://fc:s3cret@db.internal:6543/factcheck")
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["USER"], config["PASSWORD"], config["HOST"], config["PORT"], config["NAME"]) == (
        "fc", "s3cret", "db.internal", 6543, "factcheck",
    )


def test_postgresql_scheme_alias_is_accepted():
    assert database_config("postgresql://postgres@127.0.0.1:5432/x")["ENGINE"] == "django.db.backends.postgresql"


@pytest.mark.parametrize("url", ["mysql://root@localhost/db", "", "nonsense"])
def test_unsupported_database_url_is_refused_clearly(url):
    with pytest.raises(ImproperlyConfigured):
        database_config(url)


def _check(env: dict[str, str]) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "FACTCHECK_INSECURE_DEV_KEY"}}
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "factcheck.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_without_secret_key_refuses_to_start():
    result = _check({})
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_production_with_secret_key_starts():
    assert _check({"SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "factcheck.example"}).returncode == 0


def test_debug_run_starts_without_a_key():
    assert _check({"DEBUG": "1"}).returncode == 0


@pytest.mark.parametrize("value", ["ture", "flase", "2", "enabled"])
def test_a_mistyped_boolean_is_refused_not_read_as_false(monkeypatch, value):
    from factcheck.settings import env_bool

    monkeypatch.setenv("FACTCHECK_SOME_SWITCH", value)
    with pytest.raises(ImproperlyConfigured, match=f"FACTCHECK_SOME_SWITCH.*{value}"):
        env_bool("FACTCHECK_SOME_SWITCH", True)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("1", True), ("true", True), (" Yes ", True), ("ON", True), ("0", False), ("false", False), ("no", False),
     ("off", False), ("", True)],
)
def test_boolean_spellings_are_read(monkeypatch, value, expected):
    from factcheck.settings import env_bool

    monkeypatch.setenv("FACTCHECK_SOME_SWITCH", value)
    assert env_bool("FACTCHECK_SOME_SWITCH", True) is expected


def test_a_mistyped_boolean_stops_the_server_from_starting():
    result = _check({"SECRET_KEY": "x" * 50, "SECURE_SSL_REDIRECT": "ture"})
    assert result.returncode != 0
    assert "SECURE_SSL_REDIRECT" in result.stderr and "ture" in result.stderr
