"""A Redis cache that degrades instead of failing the request when Redis is unreachable.

Public pages, the API and tip intake read and write the shared cache on every request. With
Redis down (or paused), Django's RedisCache raises on every call, so every one of them would
answer 500. This backend turns a failed read into a miss and a failed write into a no-op, logs
the failure, counts it, and then leaves Redis alone for `RETRY_SECONDS` (a breaker) so requests
do not each wait out a socket timeout: pages are served uncached until Redis answers again.

Counters (`incr`/`decr`) are the exception: a lost increment is not a miss, so they raise
`CacheUnavailable` and the caller decides (a rate limit lets the request through; an
invalidation that must not be lost is retried by whoever owns it).

`/healthz` asks `probe()`, which always tries Redis itself and raises when it does not answer.
"""

from __future__ import annotations

import functools
import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# What a broken or unreachable Redis raises (connection refused, timeouts, a server going away).
FAILURES = (RedisError, OSError)


class CacheUnavailable(Exception):
    """The cache could not be reached for an operation that cannot simply be skipped."""


def _guarded(fallback: Callable[..., Any]) -> Callable:
    def decorate(method: Callable) -> Callable:
        @functools.wraps(method)
        def run(self: RobustRedisCache, *args, **kwargs):
            if self.tripped():
                return fallback(*args, **kwargs)
            try:
                return method(self, *args, **kwargs)
            except FAILURES as exc:
                self.record_failure(method.__name__, exc)
                return fallback(*args, **kwargs)

        return run

    return decorate


def _default(key, default=None, *args, **kwargs):
    return default


def _false(*args, **kwargs) -> bool:
    return False


def _none(*args, **kwargs) -> None:
    return None


def _empty(*args, **kwargs) -> dict:
    return {}


def _all_failed(data, *args, **kwargs) -> list:
    return list(data)


def _unavailable(*args, **kwargs):
    raise CacheUnavailable("the cache is unreachable; the counter was not changed")


class RobustRedisCache(RedisCache):
    """Django's RedisCache with reads served as misses and writes skipped while Redis is down.

    OPTIONS takes `retry_seconds` (how long to skip Redis after a failure, default 5) besides
    the redis-py client options (`socket_connect_timeout`, `socket_timeout`).
    """

    def __init__(self, server, params):
        params = {**params, "OPTIONS": dict(params.get("OPTIONS") or {})}
        self.retry_seconds = float(params["OPTIONS"].pop("retry_seconds", 5.0))
        super().__init__(server, params)
        self._lock = threading.Lock()
        self._down_until = 0.0
        self.failures = 0  # since the process started: what the logs and /healthz report

    # The breaker ------------------------------------------------------------------------

    def tripped(self) -> bool:
        return time.monotonic() < self._down_until

    def record_failure(self, operation: str, exc: BaseException) -> None:
        with self._lock:
            self.failures += 1
            first = not self.tripped()
            self._down_until = time.monotonic() + self.retry_seconds
        if first:  # once per outage window, not once per request
            logger.warning(
                "cache unreachable (%s: %s: %s); serving uncached for %.0f s (%d failure(s) so far)",
                operation, type(exc).__name__, exc, self.retry_seconds, self.failures,
            )

    def probe(self) -> None:
        """Store and read back a value in Redis itself, whatever the breaker says; raise if
        Redis does not answer or answers wrongly."""
        key = f"factcheck:healthz:{time.monotonic_ns()}"
        try:
            super().set(key, "ok", timeout=10)
            value = super().get(key)
            super().delete(key)
        except FAILURES as exc:
            self.record_failure("probe", exc)
            raise
        if value != "ok":
            raise RuntimeError("the cache did not return what was just stored")
        with self._lock:
            self._down_until = 0.0  # it answers: stop skipping it

    # The cache API ----------------------------------------------------------------------

    @_guarded(_default)
    def get(self, key, default=None, version=None):
        return super().get(key, default, version)

    @_guarded(_false)
    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return super().add(key, value, timeout, version)

    @_guarded(_none)
    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return super().set(key, value, timeout, version)

    @_guarded(_false)
    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return super().touch(key, timeout, version)

    @_guarded(_false)
    def delete(self, key, version=None):
        return super().delete(key, version)

    @_guarded(_empty)
    def get_many(self, keys, version=None):
        return super().get_many(keys, version)

    @_guarded(_false)
    def has_key(self, key, version=None):
        return super().has_key(key, version)

    @_guarded(_unavailable)
    def incr(self, key, delta=1, version=None):
        return super().incr(key, delta, version)

    @_guarded(_all_failed)
    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return super().set_many(data, timeout, version)

    @_guarded(_none)
    def delete_many(self, keys, version=None):
        return super().delete_many(keys, version)

    @_guarded(_false)
    def clear(self):
        return super().clear()
