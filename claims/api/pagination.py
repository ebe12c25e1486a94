"""Keyset (cursor) pagination over a unique ordering tuple.

Every ordering ends with the primary key, and the cursor carries the last row's values of the
whole tuple, so the next page starts strictly after that row: a sync ordered by
(updated_at, id) never skips or repeats a row while other rows are inserted or updated
(a row updated mid-sync moves past the cursor and is delivered again, with its new state).
"""

from __future__ import annotations

import base64
import binascii
import json
from collections import OrderedDict
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import BasePagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

DEFAULT_PAGE_SIZE = 20


@dataclass(frozen=True)
class Ordering:
    """`fields` in the order they sort; the last one must be unique (the primary key)."""

    name: str
    fields: tuple[str, ...]
    descending: bool

    def order_by(self) -> list[str]:
        return [f"-{f}" if self.descending else f for f in self.fields]


def orderings(*specs: tuple[str, tuple[str, ...]]) -> dict[str, Ordering]:
    """Build the allowed orderings, each ascending and descending, from (name, fields)."""
    result = {}
    for name, fields in specs:
        result[name] = Ordering(name, fields, descending=False)
        result[f"-{name}"] = Ordering(f"-{name}", fields, descending=True)
    return result


def field_value(row: Any, field: str) -> Any:
    """A field of a page's row: a model instance, or a `values()` dict (the hot paths page
    over plain rows)."""
    return row.get(field) if isinstance(row, dict) else getattr(row, field, None)


def _encode_value(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value


class KeysetPagination(BasePagination):
    cursor_query_param = "cursor"
    page_size_query_param = "page_size"
    ordering_query_param = "ordering"

    orderings: dict[str, Ordering] = {}
    default: str = ""
    default_page_size: int = DEFAULT_PAGE_SIZE

    @property
    def max_page_size(self) -> int:
        return settings.FACTCHECK_API_MAX_PAGE_SIZE

    # Parameters -------------------------------------------------------------------------

    def get_ordering(self, request: Request) -> Ordering:
        name = request.query_params.get(self.ordering_query_param) or self.default
        if name not in self.orderings:
            allowed = ", ".join(sorted(self.orderings))
            raise ValidationError({self.ordering_query_param: [f"Unknown ordering {name!r}; use one of: {allowed}."]})
        return self.orderings[name]

    def get_page_size(self, request: Request) -> int:
        raw = request.query_params.get(self.page_size_query_param)
        if raw in (None, ""):
            return self.default_page_size
        try:
            size = int(raw)
        except ValueError:
            size = 0
        if not 1 <= size <= self.max_page_size:
            raise ValidationError(
                {self.page_size_query_param: [f"Must be a whole number from 1 to {self.max_page_size}."]}
            )
        return size

    def decode_cursor(self, raw: str, ordering: Ordering) -> list[Any]:
        error = ValidationError({self.cursor_query_param: ["Invalid cursor: pass back the `next` link unchanged."]})
        try:
            padded = raw + "=" * (-len(raw) % 4)
            data = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")))
        except (ValueError, UnicodeError, binascii.Error):
            raise error from None
        if not isinstance(data, dict) or not isinstance(data.get("v"), list):
            raise error
        if data.get("o") != ordering.name:
            raise ValidationError(
                {self.cursor_query_param: ["This cursor belongs to another ordering; start again without it."]}
            )
        values = data["v"]
        if len(values) != len(ordering.fields):
            raise error
        parsed = []
        for field, value in zip(ordering.fields, values, strict=True):
            if field == "id" or field.endswith("_id"):
                if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value < 2**63:
                    raise error
            elif field.endswith("_at"):
                try:
                    value = parse_datetime(value) if isinstance(value, str) else None
                    if value is None or timezone.is_naive(value):
                        raise ValueError
                    value.astimezone(UTC)
                except (ValueError, OverflowError):
                    raise error from None
            elif not isinstance(value, str) or "\x00" in value or len(value) > 1000:
                raise error
            parsed.append(value)
        return parsed

    def encode_cursor(self, row: Any, ordering: Ordering) -> str:
        values = [_encode_value(field_value(row, f)) for f in ordering.fields]
        data = json.dumps({"o": ordering.name, "v": values}, separators=(",", ":"))
        return base64.urlsafe_b64encode(data.encode()).decode("ascii").rstrip("=")

    # Paging -----------------------------------------------------------------------------

    def _after(self, ordering: Ordering, values: list[Any]) -> Q:
        """Rows strictly after `values` in the lexicographic order of `ordering`."""
        op = "lt" if ordering.descending else "gt"
        condition = Q()
        for i, field in enumerate(ordering.fields):
            step = Q(**{f"{field}__{op}": values[i]})
            for prior, value in zip(ordering.fields[:i], values[:i], strict=True):
                step &= Q(**{prior: value})
            condition |= step
        if values and values[0] is not None:
            # Implied by the OR above, but PostgreSQL can only use this form as an index
            # condition: without it a deep page walked every earlier row of the index,
            # filtering (page 1,000 of fact-checks: 170 ms; with it, a range scan).
            condition &= Q(**{f"{ordering.fields[0]}__{op}e": values[0]})
        return condition

    def paginate_queryset(self, queryset: QuerySet, request: Request, view=None, *, offset: int = 0) -> list:
        """A page after the cursor, or, without one, after skipping `offset` rows (Google's
        `offset`; the next page's cursor is the same keyset cursor either way)."""
        self.request = request
        self.ordering = self.get_ordering(request)
        self.page_size = self.get_page_size(request)
        raw_cursor = request.query_params.get(self.cursor_query_param)
        queryset = queryset.order_by(*self.ordering.order_by())
        if raw_cursor:
            queryset = queryset.filter(self._after(self.ordering, self.decode_cursor(raw_cursor, self.ordering)))
            offset = 0
        rows = list(queryset[offset : offset + self.page_size + 1])
        self.has_next = len(rows) > self.page_size
        self.page = rows[: self.page_size]
        return self.page

    def next_cursor(self) -> str | None:
        if not self.has_next or not self.page:
            return None
        return self.encode_cursor(self.page[-1], self.ordering)

    def get_next_link(self) -> str | None:
        cursor = self.next_cursor()
        if cursor is None:
            return None
        url = self.request.build_absolute_uri()
        return replace_query_param(url, self.cursor_query_param, cursor)

    def get_first_link(self) -> str:
        return remove_query_param(self.request.build_absolute_uri(), self.cursor_query_param)

    def get_paginated_response(self, data) -> Response:
        return Response(
            OrderedDict([("next", self.get_next_link()), ("next_cursor", self.next_cursor()), ("results", data)])
        )

    def get_paginated_response_schema(self, schema: dict) -> dict:
        return {
            "type": "object",
            "required": ["next", "next_cursor", "results"],
            "properties": {
                "next": {
                    "type": "string",
                    "format": "uri",
                    "nullable": True,
                    "description": "The next page, or null on the last page.",
                },
                "next_cursor": {
                    "type": "string",
                    "nullable": True,
                    "description": "The `cursor` value of the next page (the same as in `next`).",
                },
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view) -> list[dict]:
        return [
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": "Opaque position returned as `next_cursor`; pass it back unchanged.",
                "schema": {"type": "string", "minLength": 1, "pattern": "^[A-Za-z0-9_-]+$"},
            },
            {
                "name": self.page_size_query_param,
                "required": False,
                "in": "query",
                "description": f"Rows per page, 1 to {settings.FACTCHECK_API_MAX_PAGE_SIZE} (default {self.default_page_size}).",
                "schema": {"type": "integer", "minimum": 1, "maximum": settings.FACTCHECK_API_MAX_PAGE_SIZE},
            },
            {
                "name": self.ordering_query_param,
                "required": False,
                "in": "query",
                "description": f"Sort order (default `{self.default}`); ties are broken by id.",
                "schema": {"type": "string", "enum": sorted(self.orderings)},
            },
        ]


def keyset_pagination(
    *specs: tuple[str, tuple[str, ...]], default: str, page_size: int = DEFAULT_PAGE_SIZE
) -> type[KeysetPagination]:
    """A pagination class for a view: its allowed orderings and the default one."""
    allowed = orderings(*specs)
    if default not in allowed:
        raise ValueError(f"default ordering {default!r} is not among {sorted(allowed)}")
    return type(
        "KeysetPagination",
        (KeysetPagination,),
        {"orderings": allowed, "default": default, "default_page_size": page_size},
    )
