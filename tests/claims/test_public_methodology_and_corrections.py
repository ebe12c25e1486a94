"""The published methodology (rating scale) and the corrections policy with every correction."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from claims import services
from claims.models import Rating
from tests.claims.public_helpers import make_factcheck, visible_text

pytestmark = pytest.mark.django_db


def test_ratings_page_defines_every_rating_best_first(client, db):
    response = client.get(reverse("claims:rating_list"))
    assert response.status_code == 200
    text = visible_text(response.content.decode())
    for rating in Rating.objects.all():
        assert rating.label in text and rating.description in text
    anchors = re.findall(r'id="rating-([\w-]+)"', response.content.decode())
    assert anchors == ["true", "mostly-true", "half-true", "mostly-false", "false", "pants-on-fire",
                       "misleading", "unproven"]
    assert "Ratings outside the scale" in text


def test_ratings_page_has_anchors_the_meter_links_to(client, db):
    html = client.get(reverse("claims:rating_list")).content.decode()
    assert all(f'id="rating-{slug}"' in html for slug in Rating.objects.values_list("slug", flat=True))


def test_corrections_page_lists_all_corrections_newest_first(client, publish_verdict, editor, fact_checker):
    first = make_factcheck(publish_verdict, editor=editor, fact_checker=fact_checker,
                           headline="First fact-check", correction="Fixed a date.")
    second = make_factcheck(publish_verdict, editor=editor, fact_checker=fact_checker,
                            text="Another claim entirely.", headline="Second fact-check")
    services.correction_add(verdict=second, note="Fixed a figure.", editor=editor)
    services.correction_add(verdict=first, note="Fixed a name.", editor=editor)
    response = client.get(reverse("claims:correction_list"))
    assert response.status_code == 200
    assert [c.note for c in response.context["page"].items] == ["Fixed a name.", "Fixed a figure.", "Fixed a date."]
    html = response.content.decode()
    latest = first.corrections.get(note="Fixed a name.")
    assert f'href="{first.get_absolute_url()}#correction-{latest.pk}">First fact-check</a>' in html
    assert "We correct errors promptly and in public." in html


def test_corrections_page_query_count_does_not_grow_with_page_size(client, publish_verdict, editor,
                                                                   fact_checker, settings,
                                                                   django_assert_num_queries):
    verdict = make_factcheck(publish_verdict, editor=editor, fact_checker=fact_checker)
    for n in range(5):
        services.correction_add(verdict=verdict, note=f"Correction {n}.", editor=editor)
    settings.FACTCHECK_PUBLIC_CACHE_SECONDS = 0
    for page_size in (2, 4):
        settings.FACTCHECK_PUBLIC_PAGE_SIZE = page_size
        with django_assert_num_queries(1):
            response = client.get(reverse("claims:correction_list"))
        assert len(response.context["page"].items) == page_size
