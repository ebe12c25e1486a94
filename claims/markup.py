"""Verdict explanations: Markdown written by editors, rendered and sanitised on the server.

Markdown lets raw HTML through, so its output is cleaned with nh3 against an allow-list: no
scripts, styles, event handlers, iframes or images (they would load third-party content past
the Content Security Policy), and links only to http(s) and mailto.
"""

from __future__ import annotations

import re
import threading

import markdown
import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del", "dl", "dt",
    "em", "h3", "h4", "h5", "h6", "hr", "i", "ins", "li", "ol", "p", "pre", "q", "s", "small",
    "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "td": {"align"},
    "th": {"align", "scope"},
}
URL_SCHEMES = {"http", "https", "mailto"}

_HEADING = re.compile(r"<(/?)h([1-6])\b", re.IGNORECASE)

# Building a Markdown converter loads its extensions through entry points, which cost twice
# the conversion itself on every fact-check page; one converter per thread, reset per use
# (an instance keeps per-document state, so it is never shared between threads).
_converters = threading.local()


def _markdown(text: str) -> str:
    converter = getattr(_converters, "markdown", None)
    if converter is None:
        converter = _converters.markdown = markdown.Markdown(extensions=["extra", "sane_lists"], output_format="html")
    return converter.reset().convert(text)


def _demote_headings(html: str, by: int) -> str:
    return _HEADING.sub(lambda m: f"<{m[1]}h{min(int(m[2]) + by, 6)}", html)


def render_markdown(text: str, *, heading_offset: int = 2) -> SafeString:
    """Safe HTML for `text`; headings are demoted so they nest under the page's own h1/h2."""
    if not text.strip():
        return mark_safe("")  # noqa: S308 - empty string
    html = _markdown(text)
    html = _demote_headings(html, heading_offset)
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="nofollow noopener noreferrer",
        strip_comments=True,
    )
    return mark_safe(cleaned)  # noqa: S308 - sanitised by nh3 just above
