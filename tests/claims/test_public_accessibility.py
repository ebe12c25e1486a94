"""Every public page has the structure assistive technology relies on: a language, landmarks, a
skip link to the main content, one h1 and no skipped heading levels, and a label for every
form control."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from claims import services
from tests.claims.public_helpers import make_factcheck, make_source

pytestmark = pytest.mark.django_db


class _Outline(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.headings: list[int] = []
        self.tags: list[tuple[str, dict]] = []
        self.labels_for: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        if len(tag) == 2 and tag[0] == "h" and tag[1].isdigit():
            self.headings.append(int(tag[1]))
        if tag == "label" and attrs.get("for"):
            self.labels_for.add(attrs["for"])


def _outline(html: str) -> _Outline:
    outline = _Outline()
    outline.feed(html)
    return outline


@pytest.fixture
def pages(publish_verdict, editor, fact_checker, speaker):
    verdict = make_factcheck(publish_verdict, editor=editor, fact_checker=fact_checker, speaker=speaker,
                             source=make_source(url="https://news.example/a"), correction="Fixed.",
                             tags=("Economy",))
    services.verdict_update(verdict=verdict, expected_version=verdict.version, user=editor,
                            body="# Background\n\nText.\n\n## Detail\n\nMore.",
                            note="Organised the explanation under headings.")
    return [
        reverse("claims:factcheck_list"),
        reverse("claims:factcheck_list") + "?q=unemployment",
        verdict.get_absolute_url(),
        speaker.get_absolute_url(),
        reverse("claims:rating_list"),
        reverse("claims:correction_list"),
        reverse("claims:submit_claim"),
        "/no-such-page/",
    ]


def test_pages_have_language_landmarks_and_a_skip_link(client, pages):
    for url in pages:
        outline = _outline(client.get(url).content.decode())
        tags = outline.tags
        assert ("html", {"lang": "en"}) in tags, url
        names = [t for t, _ in tags]
        assert {"header", "nav", "main", "footer"} <= set(names), url
        first_link = next(attrs for tag, attrs in tags if tag == "a")
        assert first_link.get("href") == "#main", url
        assert any(t == "main" and a.get("id") == "main" for t, a in tags), url


def test_headings_start_at_one_h1_and_never_skip_a_level(client, pages):
    for url in pages:
        levels = _outline(client.get(url).content.decode()).headings
        assert levels[0] == 1 and levels.count(1) == 1, (url, levels)
        for before, after in zip(levels, levels[1:], strict=False):
            assert after <= before + 1, (url, levels)


def test_every_form_control_has_a_label(client, pages):
    for url in pages:
        outline = _outline(client.get(url).content.decode())
        for tag, attrs in outline.tags:
            if tag in {"input", "select", "textarea"} and attrs.get("type") not in {"hidden", "submit"}:
                assert attrs.get("id") in outline.labels_for or attrs.get("aria-label"), (url, tag, attrs)
