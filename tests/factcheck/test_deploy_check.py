"""Production settings pass Django's deployment checklist; DEBUG and secrets come only from the
environment. Each run is a fresh interpreter with a production environment."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Only what a production host would pass on: the test run's own overrides (plain-HTTP test
# client, dev key, ...) must not leak into the production check.
PASSED_THROUGH = ("PATH", "HOME", "LANG", "DATABASE_URL", "REDIS_URL")


def _production_env(**extra: str) -> dict[str, str]:
    clean = {k: os.environ[k] for k in PASSED_THROUGH if k in os.environ}
    return {
        **clean,
        "DJANGO_SETTINGS_MODULE": "factcheck.settings",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "factcheck.example",
        **extra,
    }


def _manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )


def test_deploy_check_is_clean_with_production_settings():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=_production_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_deploy_check_flags_debug_left_on():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=_production_env(DEBUG="1"))
    assert result.returncode != 0
    assert "security.W018" in result.stdout + result.stderr


def _settings(env: dict[str, str], *names: str) -> list[str]:
    code = "import django; django.setup(); from django.conf import settings; " + "; ".join(
        f"print(repr(settings.{name}))" for name in names
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


def test_production_defaults_are_safe_and_the_key_is_the_environments():
    env = _production_env()
    values = _settings(
        env,
        "DEBUG",
        "SECRET_KEY",
        "SESSION_COOKIE_SECURE",
        "SESSION_COOKIE_HTTPONLY",
        "CSRF_COOKIE_SECURE",
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
        "X_FRAME_OPTIONS",
    )
    assert values == [
        "False", repr(env["SECRET_KEY"]), "True", "True", "True", "True", "31536000", "'DENY'",
    ]


def test_lockout_knobs_come_from_the_environment():
    env = _production_env(AXES_FAILURE_LIMIT="7", AXES_COOLOFF_MINUTES="90")
    assert _settings(env, "AXES_FAILURE_LIMIT", "AXES_COOLOFF_TIME") == [
        "7", "datetime.timedelta(seconds=5400)",
    ]
