"""Postprocessing of the served OpenAPI schema: what only the database knows at request time."""

from __future__ import annotations

from typing import Any

from django.db import DatabaseError

from claims.api.filters import SLUG_PATTERN
from claims.models import Rating


def declare_rating_scale(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    """`rating` takes comma-separated slugs of the configured scale and refuses any other
    (a 400 naming it): declare that as an enum of today's slugs, so a client generated from
    the schema, or a fuzzer, sends only values the server accepts."""
    try:
        slugs = list(Rating.objects.order_by("position", "slug").values_list("slug", flat=True))
    except DatabaseError:
        # `manage.py spectacular` on a machine without the database: the shape, not the scale.
        slugs = None
    items: dict[str, Any] = {"type": "string", "enum": slugs} if slugs else {"type": "string", "pattern": SLUG_PATTERN}
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "query" and parameter["name"] == "rating":
                    parameter["schema"] = {"type": "array", "minItems": 1, "items": items}
                    parameter["style"] = "form"
                    parameter["explode"] = False
    return result
