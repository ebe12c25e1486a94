"""JSON for the API through orjson: encoding a page of 50 fact-checks with the standard
library's encoder cost more than building it. Output is the same JSON DRF's renderer writes
(UTF-8, compact); types orjson does not know go through DRF's own encoder, as before."""

from __future__ import annotations

from typing import Any

import orjson
from rest_framework.renderers import JSONRenderer
from rest_framework.utils.encoders import JSONEncoder

_fallback = JSONEncoder().default
# Datetimes go through DRF's encoder too, so any that reach a response unformatted keep
# DRF's spelling (`Z` for UTC); non-string keys are written as strings like `json` does.
_OPTIONS = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_NON_STR_KEYS


class ORJSONRenderer(JSONRenderer):
    def render(self, data: Any, accepted_media_type: str | None = None, renderer_context=None) -> bytes:
        if data is None:
            return b""
        if self.get_indent(accepted_media_type or "", renderer_context or {}):
            # Someone asked for indented JSON (`Accept: application/json; indent=2`).
            return super().render(data, accepted_media_type, renderer_context)
        return orjson.dumps(data, default=_fallback, option=_OPTIONS)
