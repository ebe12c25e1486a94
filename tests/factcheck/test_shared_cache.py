"""With REDIS_URL, the cache is shared by every web process: publishing, correcting or retracting
a fact-check in one process invalidates cached pages and API responses in all of them.

Runs against the local Redis (FACTCHECK_REDIS_TEST_URL, default redis://127.0.0.1:6379/5);
skipped with the reason when it is not reachable, unless FACTCHECK_REQUIRE_REDIS=1 (CI).
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
import redis
from django.core.cache.backends.redis import RedisCache

from claims import services
from claims.publication import PUBLIC_GENERATION_KEY, public_generation

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("FACTCHECK_REDIS_TEST_URL", "redis://127.0.0.1:6379/5")


@pytest.fixture
def shared_cache(settings):
    """The Redis cache under a key prefix of this test's own, removed afterwards."""
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        client.ping()
    except redis.RedisError as exc:
        if os.environ.get("FACTCHECK_REQUIRE_REDIS") == "1":
            pytest.fail(f"Redis at {REDIS_URL} is required (FACTCHECK_REQUIRE_REDIS=1): {exc}")
        pytest.skip(f"Redis is not reachable at {REDIS_URL}: {exc}")
    prefix = f"fc-test-{uuid.uuid4().hex[:12]}"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": prefix,
        }
    }
    yield prefix
    for key in client.scan_iter(f"{prefix}:*"):
        client.delete(key)
    client.close()


def other_process_generation(prefix: str) -> int:
    """public_generation() as a separately started web process configured by REDIS_URL sees it."""
    clean = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "CACHE_KEY_PREFIX", "DEBUG"}}
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); "
            "from django.conf import settings; assert 'Redis' in settings.CACHES['default']['BACKEND']; "
            "from claims.publication import public_generation; print(public_generation())",
        ],
        cwd=ROOT,
        env={
            **clean,
            "DJANGO_SETTINGS_MODULE": "factcheck.settings",
            "FACTCHECK_INSECURE_DEV_KEY": "1",
            "REDIS_URL": REDIS_URL,
            "CACHE_KEY_PREFIX": prefix,
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return int(result.stdout.strip())


def test_publishing_invalidates_the_cache_of_another_web_process(
    shared_cache, claim, publish_verdict, django_capture_on_commit_callbacks
):
    before = public_generation()
    assert other_process_generation(shared_cache) == before
    with django_capture_on_commit_callbacks(execute=True):
        publish_verdict(claim)
    assert public_generation() == before + 1
    assert other_process_generation(shared_cache) == before + 1


def test_correction_and_retraction_reach_every_cache_client(
    shared_cache, claim, publish_verdict, editor, django_capture_on_commit_callbacks
):
    # A second client with its own connection pool, like another gunicorn worker.
    other = RedisCache(REDIS_URL, {"KEY_PREFIX": shared_cache})
    with django_capture_on_commit_callbacks(execute=True):
        verdict = publish_verdict(claim)
    published = other.get(PUBLIC_GENERATION_KEY)
    with django_capture_on_commit_callbacks(execute=True):
        services.correction_add(verdict=verdict, note="The rate was 5.1, not 5.2.", editor=editor)
    assert other.get(PUBLIC_GENERATION_KEY) == published + 1
    with django_capture_on_commit_callbacks(execute=True):
        services.verdict_retract(verdict=verdict, editor=editor, note="The source was withdrawn.")
    assert other.get(PUBLIC_GENERATION_KEY) == published + 2


def test_rolled_back_publication_invalidates_nothing(shared_cache, claim, publish_verdict):
    other = RedisCache(REDIS_URL, {"KEY_PREFIX": shared_cache})
    before = public_generation()
    publish_verdict(claim)  # Inside the test's transaction, which is rolled back: no commit.
    assert other.get(PUBLIC_GENERATION_KEY) == before
