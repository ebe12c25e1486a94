"""A fixed-window rate limit per client, kept in the shared Django cache."""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass

from django.core.cache import cache

from factcheck.cache import CacheUnavailable


@dataclass(frozen=True)
class RateLimit:
    allowed: bool
    retry_after: int


def _window(scope: str, ident: str, window: int) -> tuple[str, int]:
    now = int(time.time())
    start = now - now % window
    digest = hashlib.sha256(ident.encode()).hexdigest()[:32]
    return f"factcheck:rate:{scope}:{digest}:{start}", start + window - now


def rate_limit_check(*, scope: str, ident: str, limit: int, window: int) -> RateLimit:
    """Whether `ident` may act once more in this window, without counting an action."""
    key, retry_after = _window(scope, ident, window)
    return RateLimit(allowed=int(cache.get(key, 0)) < limit, retry_after=retry_after)


def rate_limit_hit(*, scope: str, ident: str, limit: int, window: int) -> RateLimit:
    """Count one action of `ident`; `allowed` is False once the limit is passed."""
    key, retry_after = _window(scope, ident, window)
    cache.add(key, 0, timeout=window + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window + 1)
        count = 1
    except CacheUnavailable:
        # No shared counter while the cache is down: let the action through rather than
        # refuse every reader (the partner API's own throttles fail open the same way).
        return RateLimit(allowed=True, retry_after=retry_after)
    return RateLimit(allowed=count <= limit, retry_after=retry_after)
