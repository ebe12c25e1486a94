import pytest

from claims import services
from claims.models import Claim, Verdict
from claims.search import search_all_verdicts, search_claims, search_verdicts
from claims.selectors import public_verdicts


@pytest.mark.django_db
def test_search_finds_verdicts_by_claim_text_headline_and_summary(claim, publish_verdict):
    verdict = publish_verdict(claim, headline="Jobless rate claim is wrong")
    other = publish_verdict(services.claim_create(text="The bridge cost 2 billion euros."), headline="Bridge cost")
    assert list(search_verdicts(public_verdicts(), "unemployment")) == [verdict]
    assert list(search_verdicts(public_verdicts(), "jobless")) == [verdict]
    assert list(search_verdicts(public_verdicts(), "bridge")) == [other]
    assert set(search_verdicts(public_verdicts(), "")) == {verdict, other}


@pytest.mark.django_db
def test_search_never_widens_the_queryset(claim, fact_checker):
    services.claims_apply(claims=[claim], action="accept", user=fact_checker)  # drafting needs an accepted claim
    services.verdict_create(claim=claim, headline="Unemployment draft", user=fact_checker)
    assert not search_verdicts(public_verdicts(), "unemployment").exists()
    assert Verdict.objects.filter(headline__contains="draft").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["'; DROP TABLE claims_claim; --", "a" * 5000, "\"unbalanced", "%_\\"])
def test_hostile_queries_return_normal_results(claim, query):
    assert list(search_claims(Claim.objects.all(), query)) == []



@pytest.mark.django_db
def test_search_follows_an_edit_of_a_published_claim_and_verdict(claim, publish_verdict, editor):
    verdict = publish_verdict(claim, headline="Jobless rate claim is wrong")
    claim.refresh_from_db()  # publishing moved the claim on
    services.claim_update(
        claim=claim, user=editor, expected_version=claim.version, text="Inflation fell to 4 percent in 2024.",
        note="We corrected the figure.", correction=True,
    )
    assert list(search_verdicts(public_verdicts(), "inflation")) == [verdict]
    assert not search_verdicts(public_verdicts(), "unemployment").exists()
    verdict = Verdict.objects.get(pk=verdict.pk)
    services.verdict_update(
        verdict=verdict, expected_version=verdict.version, user=editor, summary="Prices rose in Ohio.",
        note="Added the Ohio figures.",
    )
    assert list(search_verdicts(public_verdicts(), "ohio")) == [verdict]


@pytest.mark.django_db
def test_retracted_fact_checks_stay_searchable(claim, publish_verdict, editor):
    verdict = publish_verdict(claim, headline="Jobless rate claim is wrong")
    services.verdict_retract(verdict=verdict, editor=editor, note="Wrong quote.")
    assert list(search_verdicts(public_verdicts(), "jobless")) == [verdict]


@pytest.mark.django_db
def test_the_admin_search_still_finds_drafts(claim, fact_checker):
    services.claim_apply(claim=claim, action="accept", user=fact_checker)
    draft = services.verdict_create(claim=claim, headline="Unemployment draft", user=fact_checker)
    assert list(search_all_verdicts(Verdict.objects.all(), "unemployment")) == [draft]
    assert list(search_all_verdicts(Verdict.objects.all(), "draft")) == [draft]


@pytest.mark.django_db
@pytest.mark.postgres
def test_public_search_reads_the_partial_index_of_public_verdicts(claim, publish_verdict):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("the GIN index exists on PostgreSQL only")
    publish_verdict(claim, headline="Jobless rate claim is wrong")
    queryset = search_verdicts(Verdict.objects.all(), "unemployment")
    with connection.cursor() as cursor:
        # Rolled back with the test: leave the planner only this index or a (penalised) scan,
        # so the plan shows whether the query's expression matches the index's.
        cursor.execute("DROP INDEX verdict_published_idx")
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = queryset.explain()
    assert "verdict_public_search_idx" in plan
