"""Edits made in the admin to things public pages show (speaker names, claim text, the rating
scale) appear on the cached public pages at once."""

from __future__ import annotations

import pytest
from django.test import Client

from claims.models import Rating

pytestmark = pytest.mark.django_db


def _reader_sees(path: str, text: str) -> bool:
    return text in Client().get(path, secure=True).content.decode()


@pytest.fixture
def post_change(django_capture_on_commit_callbacks):
    """POST an admin change form; the after-commit work runs as it would in production."""

    def _post(client, url: str, data: dict) -> None:
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url, data)
        assert response.status_code == 302, response.content.decode()[:2000]

    return _post


def test_renaming_a_speaker_refreshes_the_fact_check_page(editor_client, claim, publish_verdict, post_change):
    verdict = publish_verdict(claim)
    page = verdict.get_absolute_url()
    assert _reader_sees(page, "Dmitry Peskov")  # now cached
    speaker = claim.speaker
    post_change(
        editor_client,
        f"/admin/claims/speaker/{speaker.pk}/change/",
        {
            "name": "Dmitry S. Peskov", "slug": speaker.slug, "role": speaker.role,
            "kind": "person", "affiliation": "", "country": "", "wikidata_id": "", "reviewed": "on",
            "aliases-TOTAL_FORMS": "0", "aliases-INITIAL_FORMS": "0",
        },
    )
    assert _reader_sees(page, "Dmitry S. Peskov")


def test_changing_a_rating_label_refreshes_the_methodology_page(editor_client, post_change):
    assert _reader_sees("/ratings/", "Pants on fire")
    rating = Rating.objects.get(slug="pants-on-fire")
    post_change(
        editor_client,
        f"/admin/claims/rating/{rating.pk}/change/",
        {"label": "Flagrantly false", "slug": rating.slug, "value": rating.value,
         "description": rating.description, "colour": rating.colour, "position": rating.position},
    )
    assert _reader_sees("/ratings/", "Flagrantly false")
