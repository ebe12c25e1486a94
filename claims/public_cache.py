"""Whole-page cache of the public site.

Keys carry `claims.publication.public_generation()`, which the services bump when a verdict is
published, updated, corrected or retracted, or the rating scale changes: one increment makes
every process miss and rebuild, so a publish is visible at once. Only anonymous GETs are
cached, never pages that set cookies (CSRF tokens, messages) or staff previews.

A page is keyed on its path and the query parameters it declares (`params`), and the view sees
only those: a tracking parameter (?utm_source=N) neither adds a cache entry nor leaks into a
page that is then served to everyone. The cache itself is bounded by Redis (`maxmemory` with an
LRU eviction policy, see the README's deployment section).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from functools import wraps
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, QueryDict

from claims.publication import public_generation

if TYPE_CHECKING:
    from django.http.request import _ImmutableQueryDict  # request.GET's type in django-stubs

MAX_CACHED_PATH = 500
# Headers a cached page keeps; the rest (cookies, Vary, security headers) come from the
# middleware of the request being served.
KEPT_HEADERS = ("Content-Type", "Content-Language", "X-Robots-Tag", "Last-Modified")
CACHE_HEADER = "X-Public-Cache"


def _cache_key(request: HttpRequest) -> str:
    # request.GET holds only the declared parameters here; sorted, so their order does not count.
    query = urlencode(sorted((k, v) for k in request.GET for v in request.GET.getlist(k)))
    path = hashlib.sha256(f"{request.path}?{query}".encode()).hexdigest()
    return f"factcheck:page:{public_generation()}:{path}"


def _only(query: QueryDict, params: frozenset[str]) -> _ImmutableQueryDict:
    return QueryDict(urlencode([(name, value) for name in query if name in params for value in query.getlist(name)]))


def _cacheable_request(request: HttpRequest) -> bool:
    return (
        settings.FACTCHECK_PUBLIC_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and len(request.get_full_path()) <= MAX_CACHED_PATH
        # Pending messages are shown on the next page: that page is not the same for everyone.
        and CookieStorage.cookie_name not in request.COOKIES
        and not request.user.is_authenticated
    )


def _cacheable_response(request: HttpRequest, response: HttpResponse) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not response.has_header("Cache-Control")
    )


def cache_public_page(
    view: Callable[..., HttpResponse] | None = None, *, params: Iterable[str] = ()
) -> Callable[..., Any]:
    """Serve anonymous GETs of `view` from the cache, keyed by path, `params` and generation.

    `params` are the query parameters the page reads; every other one is dropped before the
    view runs. Use bare (`@cache_public_page`) for a page that reads none.
    """
    if view is None:
        return lambda v: _cached(v, frozenset(params))
    return _cached(view, frozenset(params))


def _cached(view: Callable[..., HttpResponse], params: frozenset[str]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method in ("GET", "HEAD") and any(name not in params for name in request.GET):
            request.GET = _only(request.GET, params)
        if not _cacheable_request(request):
            return view(request, *args, **kwargs)
        key = _cache_key(request)
        hit = cache.get(key)
        if hit is not None:
            content, headers = hit
            response = HttpResponse(content)
            for name, value in headers:
                response[name] = value
            response[CACHE_HEADER] = "hit"
            return response
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and not getattr(response, "is_rendered", True):
            response.render()
        if _cacheable_response(request, response):
            headers = [(name, response[name]) for name in KEPT_HEADERS if response.has_header(name)]
            cache.set(key, (response.content, headers), settings.FACTCHECK_PUBLIC_CACHE_SECONDS)
            response[CACHE_HEADER] = "miss"
        return response

    return wrapped
