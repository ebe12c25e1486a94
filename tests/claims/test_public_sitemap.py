"""sitemap.xml lists exactly the public pages; robots.txt points at it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from claims import services
from tests.claims.public_helpers import make_factcheck, parse_xml

pytestmark = pytest.mark.django_db

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def _locs(client, url: str) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200
    return [loc.text for loc in parse_xml(response.content).iterfind(".//sm:loc", NS)]


def _sitemap_urls(client) -> list[str]:
    urls = []
    for section in _locs(client, "/sitemap.xml"):
        path = section.split("://", 1)[1].split("/", 1)[1]
        urls += _locs(client, "/" + path)
    return urls


def test_sitemap_lists_exactly_the_public_pages(client, publish_verdict, editor, fact_checker, speaker,
                                                 claim, settings):
    hidden_speaker = services.speaker_create(name="Only In Drafts")
    draft_claim = services.claim_create(text="A claim still in research.", speaker=hidden_speaker)
    services.claims_apply(claims=[draft_claim], action="accept", user=fact_checker)  # drafting needs an accepted claim
    draft = services.verdict_create(claim=draft_claim, headline="A draft", user=fact_checker)
    published = make_factcheck(publish_verdict, editor=editor, fact_checker=fact_checker, speaker=speaker)
    retracted = make_factcheck(publish_verdict, editor=editor, fact_checker=fact_checker,
                               text="Another claim.", headline="Later retracted")
    services.verdict_retract(verdict=retracted, editor=editor, note="Withdrawn.")

    site = settings.FACTCHECK_SITE_URL
    urls = _sitemap_urls(client)
    assert sorted(urls) == sorted([
        f"{site}/fact-checks/",
        f"{site}/ratings/",
        f"{site}/corrections/",
        site + published.get_absolute_url(),
        site + retracted.get_absolute_url(),
        site + speaker.get_absolute_url(),
    ])
    assert not any(draft.slug in u or hidden_speaker.slug in u for u in urls)
    # Every listed page really is public.
    for url in urls:
        assert client.get(url.removeprefix(site)).status_code == 200, url


def test_sitemap_gives_fact_checks_their_last_modification(client, publish_verdict, editor, fact_checker):
    verdict = make_factcheck(publish_verdict, editor=editor, fact_checker=fact_checker)
    body = client.get(reverse("claims:sitemap_section", kwargs={"section": "fact-checks"})).content
    (url,) = parse_xml(body).iterfind("sm:url", NS)
    assert url.find("sm:lastmod", NS).text == verdict.updated_at.date().isoformat()


def test_robots_txt_points_at_the_sitemap_and_keeps_crawlers_out_of_staff_pages(client, db, settings):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert f"Sitemap: {settings.FACTCHECK_SITE_URL}/sitemap.xml" in lines
    assert "Disallow: /admin/" in lines
    assert "Disallow: /fact-checks/*/preview/" in lines
