"""Two ingests at the same moment, on real PostgreSQL connections: the same article twice gives
one source and no duplicate claims; two articles naming the same new person both go in, with
one speaker between them."""

from __future__ import annotations

from django.utils import timezone

from claims.models import Appearance, Claim, Speaker
from sources.models import Source
from sources.pipeline import analyse
from sources.services import article_ingest, fingerprint
from tests.concurrency import POSTGRES_RACE, race_holding

pytestmark = POSTGRES_RACE

ARTICLE = (
    "Kremlin press secretary Dmitry Peskov said the vote was a provocation. "
    '"Russia will never accept the 93 to 18 result," Peskov told reporters on Monday. '
    "The UN General Assembly adopted the resolution with 93 votes in favour and 18 against."
)
OTHER = (
    "Dmitry Peskov said on Tuesday that exports rose 12 percent in 2024. "
    "Officials said the budget deficit reached 3 percent of GDP last year."
)


def _ingest(text: str):
    return lambda: article_ingest(text=text, title="Vote", publisher="Wire", threshold=0.0)


def test_the_same_article_twice_at_once_makes_one_source_and_no_duplicate_claims():
    digest = fingerprint(analyse(ARTICLE).text)
    # An uncommitted row with the article's fingerprint: both ingests pass their "already
    # ingested?" check, then queue on the unique key, and race once it is released.
    outcomes = race_holding(
        "INSERT INTO sources_source (url, title, publisher, author, language, kind, text, fingerprint, ingested_at)"
        " VALUES ('', '', '', '', 'en', 'article', 'x', %s, %s)",
        [digest, timezone.now()],
        _ingest(ARTICLE),
        _ingest(ARTICLE),
    )
    assert [e for o in outcomes for e in o.errors] == []
    assert sorted(o.results[0].created for o in outcomes) == [False, True]
    assert Source.objects.count() == 1
    texts = list(Claim.objects.values_list("text", flat=True))
    assert texts and len(texts) == len(set(texts))
    assert Appearance.objects.count() == len(texts)
    assert Speaker.objects.filter(name="Dmitry Peskov").count() == 1


def test_two_articles_naming_the_same_new_person_at_once_both_go_in():
    # An uncommitted speaker with the slug both ingests will choose for the new person.
    outcomes = race_holding(
        "INSERT INTO claims_speaker (name, slug, role, affiliation, country, wikidata_id, reviewed, created_at, updated_at)"
        " VALUES ('Dmitry Peskov', 'dmitry-peskov', '', '', '', '', false, %s, %s)",
        [timezone.now(), timezone.now()],
        _ingest(ARTICLE),
        _ingest(OTHER),
    )
    assert [e for o in outcomes for e in o.errors] == []
    assert all(o.results[0].created for o in outcomes)
    assert Source.objects.count() == 2
    peskov = Speaker.objects.get(name="Dmitry Peskov")
    assert Claim.objects.filter(speaker=peskov).count() >= 2
