"""Template helpers of the public site."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlsplit

from django import template
from django.contrib.auth.models import AbstractUser
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator

from claims.bylines import public_name
from claims.markup import render_markdown

register = template.Library()

# Escapes that keep JSON inert inside <script>: no "</script>", "<!--" or "]]>" can form.
_SCRIPT_ESCAPES = {
    ord("<"): "\\u003C",
    ord(">"): "\\u003E",
    ord("&"): "\\u0026",
    ord("\u2028"): "\\u2028",
    ord("\u2029"): "\\u2029",
}


def jsonld_dumps(value: Any) -> str:
    return json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_SCRIPT_ESCAPES)


@register.filter
def jsonld(value: Any) -> SafeString:
    """`value` as a `<script type="application/ld+json">` block that text cannot break out of."""
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(jsonld_dumps(value)),  # noqa: S308 - every <, > and & is escaped above
    )


@register.filter
def markdown(value: str) -> SafeString:
    return render_markdown(value or "")


@register.filter
def web_url(value: str) -> str:
    """`value` if it is an http(s) URL, else "" (never a javascript: or data: link)."""
    value = (value or "").strip()
    try:
        scheme = urlsplit(value).scheme.lower()
    except ValueError:
        return ""
    return value if scheme in {"http", "https"} else ""


@register.filter
def display_name(user: AbstractUser | None) -> str:
    return public_name(user)


@register.filter(is_safe=True)
def clip(value: str, length: int) -> str:
    """`truncatechars` without its per-character walk for text that already fits (nearly every
    claim and summary): the walk cost more than the rest of a list card."""
    value = str(value or "")
    return value if len(value) <= int(length) else Truncator(value).chars(int(length))
