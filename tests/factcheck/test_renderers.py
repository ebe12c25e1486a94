"""The API's orjson renderer writes what DRF's own JSON renderer wrote, byte for byte."""

from __future__ import annotations

import datetime as dt
import decimal
import json
import uuid

from django.utils.translation import gettext_lazy
from rest_framework.renderers import JSONRenderer

from factcheck.renderers import ORJSONRenderer

DATA = {
    "text": "Selenskyj – 4 % «approval» 🇺🇦",
    "when": dt.datetime(2025, 2, 19, 10, 30, 5, 120000, tzinfo=dt.UTC),
    "day": dt.date(2025, 2, 19),
    "amount": decimal.Decimal("1.50"),
    "id": uuid.UUID("12345678-1234-5678-1234-567812345678"),
    "label": gettext_lazy("False"),
    "nested": [{"n": 1, "ok": True, "none": None}, 2.5],
    3: "an integer key",
}


def test_orjson_output_equals_drf_output():
    assert ORJSONRenderer().render(DATA) == JSONRenderer().render(DATA)


def test_indent_requests_are_still_honoured():
    body = ORJSONRenderer().render({"a": 1}, "application/json; indent=2", {})
    assert json.loads(body) == {"a": 1}
    assert b"\n  " in body


def test_empty_body_for_no_data():
    assert ORJSONRenderer().render(None) == b""
