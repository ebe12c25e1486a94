"""ETag / Last-Modified on API responses, and 304 Not Modified on a matching conditional GET."""

from __future__ import annotations

import hashlib
from datetime import datetime

from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date
from rest_framework.request import Request


class ConditionalResponseMixin:
    """Views set `self.last_modified` (a datetime) while building a 200 response.

    The ETag is a hash of the rendered body, so it changes whenever anything the caller sees
    changes. Lists answer If-None-Match only: a list can lose rows without any row getting
    newer, so its Last-Modified is informative, not a validator. Details honour both.
    """

    last_modified: datetime | None = None
    honour_if_modified_since = False

    def finalize_response(self, request: Request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        # What a caller may see depends on its key or session.
        patch_vary_headers(response, ("Authorization", "Cookie"))
        if request.method not in ("GET", "HEAD") or response.status_code != 200:
            return response
        response.render()
        response["ETag"] = f'"{hashlib.sha256(response.content).hexdigest()[:40]}"'
        last_modified = None
        if self.last_modified is not None:
            last_modified = int(self.last_modified.timestamp())
            response["Last-Modified"] = http_date(last_modified)
        patch_cache_control(response, private=True, no_cache=True)
        return get_conditional_response(
            request._request,
            etag=response["ETag"],
            last_modified=last_modified if self.honour_if_modified_since else None,
            response=response,
        )
