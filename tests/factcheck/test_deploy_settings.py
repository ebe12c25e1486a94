"""The deployment settings follow the environment; without it, `make run` needs nothing else."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEPLOY_VARS = {"REDIS_URL", "DATABASE_REPLICA_URL", "DATABASE_URL", "LOG_FORMAT", "SECRET_KEY"}


def _settings(env: dict[str, str]) -> dict:
    clean = {k: v for k, v in os.environ.items() if k not in DEPLOY_VARS}
    script = (
        "import django, json; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({'cache': s.CACHES['default']['BACKEND'], 'databases': sorted(s.DATABASES), "
        "'replica': s.DATABASES.get('replica', {}).get('PORT'), "
        "'mirror': s.DATABASES.get('replica', {}).get('TEST', {}).get('MIRROR'), "
        "'formatter': s.LOGGING['handlers']['console']['formatter']}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "factcheck.settings", "DEBUG": "1", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_local_run_needs_no_redis_and_no_replica():
    assert _settings({}) == {
        "cache": "django.core.cache.backends.locmem.LocMemCache",
        "databases": ["default"],
        "replica": None,
        "mirror": None,
        "formatter": "text",
    }


def test_production_environment_configures_redis_replica_and_json_logs():
    assert _settings(
        {
            "REDIS_URL": "redis://cache.internal:6379/0",
            "DATABASE_URL": "postgres://fc@db-primary:5432/factcheck",
            "DATABASE_REPLICA_URL": "postgres://fc@db-replica:5433/factcheck",
            "LOG_FORMAT": "json",
        }
    ) == {
        "cache": "factcheck.cache.RobustRedisCache",
        "databases": ["default", "replica"],
        "replica": 5433,
        "mirror": "default",
        "formatter": "json",
    }


def test_unknown_log_format_is_refused():
    clean = {k: v for k, v in os.environ.items() if k not in DEPLOY_VARS}
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "factcheck.settings", "DEBUG": "1", "LOG_FORMAT": "xml"},
        capture_output=True, text=True, timeout=60,
    )
    assert result.returncode != 0 and "LOG_FORMAT must be 'text' or 'json'" in result.stderr
