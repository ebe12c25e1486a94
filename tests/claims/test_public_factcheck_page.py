"""The public fact-check page: what a reader sees, and what they must not see."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from claims import services
from claims.models import Rating
from tests.claims.public_helpers import make_factcheck, make_source

pytestmark = pytest.mark.django_db


@pytest.fixture
def factcheck(publish_verdict, editor, fact_checker, speaker):
    return make_factcheck(
        publish_verdict,
        editor=editor,
        fact_checker=fact_checker,
        speaker=speaker,
        tags=("Economy",),
        source=make_source(url="https://news.example/minister"),
        correction="An earlier version gave the wrong quarter.",
    )


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_fact_check_page_shows_claim_speaker_rating_and_explanation(client, factcheck, editor, fact_checker):
    response = client.get(factcheck.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    text = _text(html)
    assert "<h1>Unemployment did not fall to 4 percent</h1>" in html
    assert "Unemployment fell to 4 percent in 2024." in text
    # The speaker, linked to their page, with their role.
    assert f'<a href="{factcheck.claim.speaker.get_absolute_url()}">Dmitry Peskov</a>, Kremlin press secretary' in html
    # The meter: a text label, not colour alone.
    assert "Our rating: False" in text
    assert "2 on our scale from 1, Pants on fire, to 6, True" in text
    assert "Official figures show 5.1 percent." in text
    # Markdown rendered on the server.
    assert "<strong>statistics office</strong>" in html
    # Staff without a name in their account are left out: a login is never a byline.
    assert "By " not in text.split("Published")[0] and fact_checker.username not in text
    assert editor.username not in text
    assert f'datetime="{factcheck.published_at.isoformat()}"' in html


def test_appearances_link_to_their_sources_with_dates(client, factcheck):
    html = client.get(factcheck.get_absolute_url()).content.decode()
    assert '<a href="https://news.example/minister" rel="noopener">Minister on jobs</a> (Example News)' in html
    assert '<time datetime="2024-05-01">1 May 2024</time>' in html


def test_evidence_links_show_stance_and_archived_copy(client, factcheck):
    html = client.get(factcheck.get_absolute_url()).content.decode()
    pk = factcheck.claim_id
    assert f'<a href="https://archive.example/{pk}/report" rel="noopener">Quarterly labour report</a>, Statistics Office' in html
    assert f'<a href="https://web.archive.example/{pk}/report" rel="noopener">Archived copy</a>' in html
    assert "Refutes the claim" in html and "Context" in html


def test_corrections_log_is_dated_and_anchored(client, factcheck):
    correction = factcheck.corrections.get()
    html = client.get(factcheck.get_absolute_url()).content.decode()
    assert f'id="correction-{correction.pk}"' in html
    assert "An earlier version gave the wrong quarter." in html
    assert f'datetime="{correction.corrected_on.isoformat()}"' in html


def test_open_graph_and_twitter_card_tags(client, factcheck, settings):
    html = client.get(factcheck.get_absolute_url()).content.decode()
    url = settings.FACTCHECK_SITE_URL + factcheck.get_absolute_url()
    assert '<meta property="og:type" content="article">' in html
    assert '<meta property="og:title" content="Unemployment did not fall to 4 percent">' in html
    assert '<meta property="og:description" content="Official figures show 5.1 percent.">' in html
    assert f'<meta property="og:url" content="{url}">' in html
    assert '<meta name="twitter:card" content="summary">' in html
    assert '<meta name="twitter:title" content="Unemployment did not fall to 4 percent">' in html
    assert f'<link rel="canonical" href="{url}">' in html
    assert '<meta property="article:tag" content="Economy">' in html


def test_off_scale_rating_is_labelled_outside_the_scale(client, publish_verdict, editor, fact_checker):
    verdict = make_factcheck(publish_verdict, editor=editor, fact_checker=fact_checker, rating_slug="misleading")
    text = _text(client.get(verdict.get_absolute_url()).content.decode())
    assert "Our rating: Misleading (outside our truth scale)" in text


def test_retracted_fact_check_shows_notice_instead_of_rating(client, factcheck, editor):
    services.verdict_retract(verdict=factcheck, editor=editor, note="The figures we relied on were revised.")
    response = client.get(factcheck.get_absolute_url())
    assert response.status_code == 200
    text = _text(response.content.decode())
    assert "This fact-check has been retracted" in text
    assert "The figures we relied on were revised." in text
    assert "Our rating" not in text


@pytest.mark.parametrize("stage", ["draft", "in_review"])
def test_unpublished_fact_checks_are_not_found(client, claim, fact_checker, stage):
    services.claims_apply(claims=[claim], action="accept", user=fact_checker)  # drafting needs an accepted claim
    verdict = services.verdict_create(
        claim=claim, headline="Secret draft", user=fact_checker, rating=Rating.objects.first(), summary="Checked."
    )
    if stage == "in_review":
        services.evidence_add(claim=claim, url="https://x.example/", user=fact_checker)
        services.verdict_submit(verdict=verdict, user=fact_checker)
    response = client.get(reverse("claims:factcheck_detail", kwargs={"slug": verdict.slug}))
    assert response.status_code == 404
    assert b"Secret draft" not in response.content


def test_unknown_slug_gets_the_sites_404_page(client, db):
    response = client.get("/fact-checks/no-such-thing/")
    assert response.status_code == 404
    assert b"Page not found" in response.content


def test_byline_shows_staff_names_never_logins(client, factcheck, fact_checker, editor, django_user_model):
    django_user_model.objects.filter(pk=fact_checker.pk).update(first_name="Fiona", last_name="Reyes")
    django_user_model.objects.filter(pk=editor.pk).update(first_name="Edgar", last_name="Stone")
    text = _text(client.get(factcheck.get_absolute_url()).content.decode())
    assert "By Fiona Reyes. Edited by Edgar Stone." in text
    assert "fiona" not in text and "edgar" not in text
