"""Readers submit claims through the site's form into the same tip intake as the API."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from claims.models import Claim
from claims.selectors import review_queue

pytestmark = pytest.mark.django_db

FORM = reverse("claims:submit_claim")
TIP = {"text": "The new bridge cost three billion euros.", "url": "https://social.example/post/1",
       "speaker_name": "Jane Roe", "website": ""}


def test_form_is_accessible_and_protected_against_forgery(client):
    response = client.get(FORM)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="csrfmiddlewaretoken"' in html
    assert '<label for="id_text">The claim you want checked <span class="required">(required)</span></label>' in html
    assert '<label for="id_url">Where you saw it (link)</label>' in html
    assert 'aria-describedby="id_text_helptext"' in html and 'id="id_text_helptext"' in html
    # The honeypot is hidden from people and assistive technology, and out of the tab order.
    assert '<div class="hp" aria-hidden="true">' in html and 'tabindex="-1"' in html


def test_a_reader_submits_a_claim_that_joins_the_review_queue(client):
    response = client.post(FORM, TIP, follow=True)
    assert response.redirect_chain == [(reverse("claims:submit_claim_thanks"), 302)]
    assert "Your claim has reached our fact-checkers." in response.content.decode()
    assert response.content.decode().split("<body", 1)[1].count("Thank you") == 1  # the heading only
    claim = Claim.objects.get(text=TIP["text"])
    assert claim.origin == Claim.Origin.TIP
    assert claim in review_queue()
    assert claim.appearances.get().source.url == TIP["url"]


def test_a_claim_already_known_is_attached_not_duplicated_and_not_revealed(client, claim):
    """An unpublished claim stays unpublished: the reader gets the answer a new claim gets."""
    response = client.post(FORM, {**TIP, "text": claim.text, "url": ""}, follow=True)
    page = response.content.decode()
    assert "Your claim has reached our fact-checkers." in page
    assert "already" not in page
    assert Claim.objects.filter(text=claim.text).count() == 1
    assert "website form" in Claim.objects.get(pk=claim.pk).internal_note


def test_a_claim_with_a_public_fact_check_is_answered_with_it(client, claim, publish_verdict):
    publish_verdict(claim)
    page = client.post(FORM, {**TIP, "text": claim.text, "url": ""}, follow=True).content.decode()
    assert "We have already published a fact-check of this claim" in page


@pytest.mark.parametrize("data, field, message", [
    ({"text": ""}, "text", "This field is required."),
    ({"text": "Too short"}, "text", "at least 10 characters"),
    ({"url": "not a link at all"}, "url", "Enter a valid URL."),
    ({"text": "x" * 2001}, "text", "at most 2000 characters"),
])
def test_invalid_submissions_are_refused_with_a_clear_error_and_keep_the_input(client, data, field, message):
    response = client.post(FORM, {**TIP, **data})
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert f'href="#id_{field}"' in html  # the error summary links to the field
    assert not Claim.objects.exists()
    if field != "text":
        assert TIP["text"] in html


def test_the_honeypot_catches_bots_without_telling_them(client):
    response = client.post(FORM, {**TIP, "website": "https://spam.example"}, follow=True)
    assert "Thank you" in response.content.decode()
    assert not Claim.objects.exists()


def test_submissions_are_rate_limited_per_client_address(client, settings):
    settings.FACTCHECK_TIP_FORM_LIMIT = 2
    for text in ("The bridge cost three billion euros.", "Hospital waiting lists doubled last winter."):
        assert client.post(FORM, {**TIP, "text": text}).status_code == 302
    refused = client.post(FORM, {**TIP, "text": "Teachers' pay fell by a fifth since 2015."})
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= settings.FACTCHECK_TIP_FORM_WINDOW
    assert "Please try again in" in refused.content.decode()
    assert Claim.objects.count() == 2
    # Another reader is not held back by the first one.
    other = client.post(FORM, {**TIP, "text": "A claim from somebody else."}, REMOTE_ADDR="203.0.113.9")
    assert other.status_code == 302


def test_honeypot_hits_count_towards_the_limit(client, settings):
    settings.FACTCHECK_TIP_FORM_LIMIT = 1
    client.post(FORM, {**TIP, "website": "spam"})
    assert client.post(FORM, TIP).status_code == 429


def test_behind_a_proxy_the_forwarded_client_address_is_limited(client, settings):
    settings.FACTCHECK_TIP_FORM_LIMIT = 1
    settings.FACTCHECK_NUM_PROXIES = 1
    first = client.post(FORM, TIP, HTTP_X_FORWARDED_FOR="198.51.100.1")
    assert first.status_code == 302
    # A client cannot escape by forging the left-hand entries the proxy appends to.
    assert client.post(FORM, TIP, HTTP_X_FORWARDED_FOR="10.0.0.1, 198.51.100.1").status_code == 429
    assert client.post(FORM, {**TIP, "text": "Another reader's claim."},
                       HTTP_X_FORWARDED_FOR="198.51.100.2").status_code == 302


def test_posting_without_the_csrf_token_is_refused(db):
    client = Client(enforce_csrf_checks=True)
    assert client.post(FORM, TIP).status_code == 403
    assert not Claim.objects.exists()


def test_submitting_never_publishes_anything(client):
    client.post(FORM, TIP)
    assert Claim.objects.get().status == Claim.Status.CANDIDATE
    assert TIP["text"].encode() not in client.get(reverse("claims:factcheck_list")).content
