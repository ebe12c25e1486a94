"""Query budgets: every list reads a constant number of queries, whatever its page size.

One file for all surfaces so a new list cannot slip in without a budget. Each test renders
the same list at two page sizes over the same data and asserts the query counts are equal
(and states the budget, so a change in the number is a visible decision).
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims import services


def _queries(run) -> int:
    with CaptureQueriesContext(connection) as ctx:
        run()
    return len(ctx.captured_queries)


@pytest.fixture
def published_many(db, speaker, source, publish_verdict, fact_checker, editor):
    """Six published fact-checks, each with an appearance, evidence, a tag and a correction."""
    from claims.models import Appearance

    verdicts = []
    for i in range(6):
        claim = services.claim_create(text=f"Claim number {i} says 4{i} percent.", speaker=speaker, score=0.5)
        sentence = f"Sentence {i}."
        Appearance.objects.create(claim=claim, source=source, sentence=sentence, start=100 + 20 * i, end=100 + 20 * i + len(sentence))
        claim.tags.add(services.tag_get_or_create(name=f"Topic {i % 2}"))
        verdict = publish_verdict(claim, headline=f"Claim {i} is false")
        verdict.authors.add(fact_checker)
        services.correction_add(verdict=verdict, note=f"Fixed a typo in {i}.", editor=editor)
        verdicts.append(verdict)
    return verdicts


def _walk_verdict(verdict) -> None:
    """Touch everything a fact-check page or API item shows."""
    claim = verdict.claim
    _ = (claim.speaker and claim.speaker.name, verdict.rating.label, verdict.editor and verdict.editor.username)
    for appearance in claim.appearances.all():
        _ = appearance.source.url
    list(claim.evidence_links.all())
    list(claim.tags.all())
    list(verdict.corrections.all())
    list(verdict.authors.all())


def test_public_verdicts_selector_reads_a_constant_number_of_queries(published_many):
    from claims.selectors import public_verdicts

    def page(size: int):
        return lambda: [_walk_verdict(v) for v in public_verdicts()[:size]]

    small, large = _queries(page(2)), _queries(page(6))
    # The page with its joins, then appearances+sources, evidence, corrections, authors, tags.
    assert small == large == 6


def test_review_queue_selector_reads_one_query_whatever_the_page_size(db, speaker, fact_checker):
    from claims.selectors import review_queue

    for i in range(6):
        claim = services.claim_create(text=f"Candidate {i} rose 1{i} percent.", speaker=speaker, score=i / 10)
        services.claim_assign(claim=claim, assignee=fact_checker, user=fact_checker)

    def page(size: int):
        return lambda: [(c.speaker.name, c.assignee and c.assignee.username) for c in review_queue()[:size]]

    assert _queries(page(2)) == _queries(page(6)) == 1
