"""A list card (index and speaker pages) links to its fact-check, its speaker and its topics,
and shows the rating and the date; cards are built in Python once per list
(`claims.views.fact_check_cards`), so these links are checked against the models' own URLs."""

from __future__ import annotations

import pytest
from django.urls import reverse

from claims.models import Tag
from tests.claims.public_helpers import make_factcheck, visible_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def fact_check(publish_verdict, editor, fact_checker, speaker):
    return make_factcheck(publish_verdict, editor=editor, fact_checker=fact_checker, speaker=speaker,
                          text="Exports doubled since 2020.", headline="Exports did double",
                          rating_slug="true", tags=("Economy", "Trade & jobs"))


def _card(html: str, headline: str) -> str:
    start = html.rindex("<article", 0, html.index(headline))
    return html[start : html.index("</article>", start)]


@pytest.mark.parametrize("page", ["index", "speaker"])
def test_card_links_to_the_fact_check_speaker_and_topics(client, fact_check, speaker, page):
    url = reverse("claims:factcheck_list") if page == "index" else speaker.get_absolute_url()
    card = _card(client.get(url).content.decode(), "Exports did double")
    assert f'href="{fact_check.get_absolute_url()}"' in card
    assert f'href="{speaker.get_absolute_url()}"' in card
    for tag in Tag.objects.filter(claims=fact_check.claim):
        assert f'href="{reverse("claims:factcheck_list")}?tag={tag.slug}"' in card
    text = visible_text(card)
    assert "Rating: True" in text
    assert "Trade &amp; jobs" in card and speaker.name in text
    assert fact_check.published_at.strftime("%Y") in text
