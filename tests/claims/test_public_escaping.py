"""Text from articles, speakers and editors never becomes live markup: not on any public page,
not in the JSON-LD, not in the feeds. It is shown to readers as the text it is."""

from __future__ import annotations

import json

import extruct
import feedparser
import pytest
from django.urls import reverse

from claims import services
from tests.claims.public_helpers import (
    HOSTILE,
    live_markup,
    make_factcheck,
    make_source,
    parse_xml,
    visible_text,
)

pytestmark = pytest.mark.django_db

TAG = "Tag </script><script>alert(1)</script>"  # tag names are at most 80 characters


@pytest.fixture
def hostile(publish_verdict, editor, fact_checker, django_capture_on_commit_callbacks):
    speaker = services.speaker_create(name=f"Mallory {HOSTILE}", role=f"Role {HOSTILE}")
    source = make_source(url="javascript:alert(4)", title=f"Title {HOSTILE}", publisher=f"Pub {HOSTILE}")
    verdict = make_factcheck(
        publish_verdict, editor=editor, fact_checker=fact_checker, speaker=speaker,
        text=f"Claim {HOSTILE}", headline=f"Headline {HOSTILE}", tags=(TAG,),
        source=source, sentence=f"Sentence {HOSTILE}", correction=f"Correction {HOSTILE}",
    )
    services.evidence_add(
        claim=verdict.claim, url="https://evidence.example/x", user=editor,
        title=f"Evidence {HOSTILE}", publisher=f"Publisher {HOSTILE}", note=f"Note {HOSTILE}",
        public_note=f"Update {HOSTILE}",
    )
    return services.verdict_update(
        verdict=verdict, expected_version=verdict.version, user=editor,
        summary=f"Summary {HOSTILE}",
        note=f"Second update {HOSTILE}",
        body=f"Body {HOSTILE}\n\n<script>alert(5)</script>\n\n[click](javascript:alert(6)) <a href=\"#\" onclick=\"alert(7)\">x</a>",
    )


def _pages(verdict) -> list[str]:
    return [
        verdict.get_absolute_url(),
        reverse("claims:factcheck_list"),
        reverse("claims:factcheck_list") + "?q=Claim",
        verdict.claim.speaker.get_absolute_url(),
        reverse("claims:correction_list"),
    ]


def test_no_public_page_carries_live_markup_from_stored_text(client, hostile):
    for url in _pages(hostile):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert live_markup(html) == [], url
        # Readers see the payload as text.
        assert HOSTILE in visible_text(html), url


def test_fact_check_page_shows_every_hostile_field_as_text(client, hostile):
    text = visible_text(client.get(hostile.get_absolute_url()).content.decode())
    for field in ("Mallory", "Role", "Claim", "Headline", "Title", "Pub", "Sentence", "Correction",
                  "Evidence", "Publisher", "Note", "Summary"):
        assert f"{field} {HOSTILE}" in text, field
    assert TAG in text


def test_markdown_body_keeps_its_words_and_loses_its_html(client, hostile):
    html = client.get(hostile.get_absolute_url()).content.decode()
    body = html[html.index('<div class="prose">') : html.index("</div>", html.index('<div class="prose">'))]
    assert live_markup(body) == []
    assert "Body" in visible_text(body) and "click" in visible_text(body)
    assert "alert(" not in body


def test_javascript_urls_are_never_linked(client, hostile):
    html = client.get(hostile.get_absolute_url()).content.decode()
    assert "javascript:" not in html
    assert "alert(5)" not in html and "alert(7)" not in html


def test_jsonld_survives_hostile_text_intact(client, hostile):
    html = client.get(hostile.get_absolute_url()).content.decode()
    # Exactly one script element, and it is the JSON-LD: the payload's </script> did not close it.
    assert html.count("<script") == 1 and html.count("</script>") == 1
    (review,) = extruct.extract(html, syntaxes=["json-ld"], uniform=True)["json-ld"]
    assert review["claimReviewed"] == f"Claim {HOSTILE}"
    assert review["itemReviewed"]["author"]["name"] == f"Mallory {HOSTILE}"
    start = html.index('<script type="application/ld+json">') + len('<script type="application/ld+json">')
    raw = html[start : html.index("</script>", start)]
    assert "<" not in raw and ">" not in raw and "&" not in raw
    assert json.loads(raw)["headline"] == f"Headline {HOSTILE}"


@pytest.mark.parametrize(
    "name", ["feed_factchecks_rss", "feed_factchecks_atom", "feed_corrections_rss", "feed_corrections_atom"]
)
def test_feeds_carry_hostile_text_escaped(client, hostile, name):
    body = client.get(reverse(f"claims:{name}")).content
    feed = feedparser.parse(body)
    assert not feed.bozo, feed.get("bozo_exception")
    (entry,) = feed.entries
    assert HOSTILE in entry.title
    # The HTML a feed reader renders (before any sanitising of its own) is inert.
    root = parse_xml(body)
    ns = {"atom": "http://www.w3.org/2005/Atom"}
    descriptions = [e.text for e in root.findall("./channel/item/description")] + [
        e.text for e in root.findall(".//atom:entry/atom:summary", ns)
    ]
    assert descriptions
    for html in descriptions:
        assert live_markup(html) == []
        assert HOSTILE in visible_text(html)


def test_search_terms_are_echoed_back_inert(client, hostile):
    payload = '"><script>alert(8)</script>'
    for params in ({"q": payload}, {"q": payload, "page": "1"}, {"rating": payload}):
        html = client.get(reverse("claims:factcheck_list"), params).content.decode()
        assert live_markup(html) == [], params
        assert "<script>alert(8)" not in html, params
