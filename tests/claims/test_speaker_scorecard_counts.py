"""The speaker page's scorecard comes from counts kept with every public change (issue 19):
whatever changes, it says what a fresh count of the published fact-checks says."""

from __future__ import annotations

import random

import pytest
from django.db.models import Count

from claims import selectors, services
from claims.models import Claim, Rating, SpeakerRatingCount, Verdict
from claims.publication import speaker_rating_counts_rebuild
from tests.claims.public_helpers import make_factcheck

pytestmark = pytest.mark.django_db(transaction=False)


def _card(speaker) -> dict[str, int]:
    return {rating.slug: n for rating, n in selectors.speaker_scorecard(speaker) if n}


def _kept() -> set[tuple[int, int, int]]:
    return set(SpeakerRatingCount.objects.values_list("speaker_id", "rating_id", "count"))


def _fresh() -> set[tuple[int, int, int]]:
    rows = (
        Verdict.objects.filter(status=Verdict.Status.PUBLISHED, claim__speaker__isnull=False)
        .values_list("claim__speaker_id", "rating_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    return set(rows)


@pytest.fixture
def other():
    return services.speaker_create(name="Keir Starmer", role="Prime Minister")


@pytest.fixture
def check(publish_verdict, editor, fact_checker):
    counter = iter(range(1000))

    def _make(speaker, rating_slug="false"):
        n = next(counter)
        return make_factcheck(publish_verdict, editor=editor, fact_checker=fact_checker, speaker=speaker,
                              text=f"Claim {n} says {n} percent.", headline=f"Fact-check {n}", rating_slug=rating_slug)

    return _make


def test_published_fact_checks_count_at_once(check, speaker):
    check(speaker, "false")
    check(speaker, "false")
    check(speaker, "true")
    assert _card(speaker) == {"false": 2, "true": 1}


def test_a_retracted_fact_check_leaves_the_scorecard(check, speaker, editor):
    verdict = check(speaker, "false")
    check(speaker, "false")
    services.verdict_retract(verdict=verdict, editor=editor, note="Withdrawn.")
    assert _card(speaker) == {"false": 1}


def test_a_claim_given_to_another_speaker_moves_its_rating(check, speaker, other, editor):
    verdict = check(speaker, "false")
    check(speaker, "true")
    claim = Claim.objects.get(pk=verdict.claim_id)
    services.claim_update(claim=claim, user=editor, expected_version=claim.version, speaker=other,
                          note="Attributed to the right speaker.")
    assert _card(speaker) == {"true": 1}
    assert _card(other) == {"false": 1}


def test_merged_speakers_add_up_on_the_kept_one(check, speaker, other, editor):
    check(speaker, "false")
    check(other, "false")
    check(other, "true")
    services.speaker_merge(keep=speaker, others=[other], user=editor)
    assert _card(speaker) == {"false": 2, "true": 1}
    assert _kept() == _fresh()


def test_a_new_rating_on_a_fact_check_moves_its_count(check, speaker, editor):
    verdict = check(speaker, "false")
    services.verdict_update(verdict=verdict, expected_version=verdict.version, user=editor,
                            note="Rated again.", rating=Rating.objects.get(slug="misleading"))
    assert _card(speaker) == {"misleading": 1}


def test_a_merge_that_gives_the_kept_claim_a_speaker_counts_it(check, speaker, editor, fact_checker):
    verdict = check(None, "false")
    duplicate = services.claim_create(text="The same claim, from another article.", speaker=speaker)
    services.claims_merge(keep=Claim.objects.get(pk=verdict.claim_id), others=[duplicate], user=editor)
    assert _card(speaker) == {"false": 1}


def test_a_renamed_rating_shows_under_its_new_label(check, speaker, editor, superuser):
    check(speaker, "false")
    rating = Rating.objects.get(slug="false")
    rating.label = "Wrong"
    services.rating_save(rating=rating, user=superuser)
    assert [(r.label, n) for r, n in selectors.speaker_scorecard(speaker) if n] == [("Wrong", 1)]


def test_counts_equal_a_fresh_count_after_any_sequence_of_changes(check, speaker, other, editor):
    third = services.speaker_create(name="Rishi Sunak", role="Former Prime Minister")
    speakers = [speaker, other, third]
    slugs = list(Rating.objects.values_list("slug", flat=True))
    rng = random.Random(19)
    verdicts = [check(rng.choice(speakers), rng.choice(slugs)) for _ in range(6)]
    for step in range(20):
        verdict = Verdict.objects.get(pk=rng.choice(verdicts).pk)
        action = rng.choice(["speaker", "rating", "retract", "publish"])
        if action == "publish":
            verdicts.append(check(rng.choice(speakers), rng.choice(slugs)))
        elif verdict.status != Verdict.Status.PUBLISHED:
            continue
        elif action == "speaker":
            claim = Claim.objects.get(pk=verdict.claim_id)
            services.claim_update(claim=claim, user=editor, expected_version=claim.version,
                                  speaker=rng.choice([*speakers, None]), note=f"Step {step}.")
        elif action == "rating":
            services.verdict_update(verdict=verdict, expected_version=verdict.version, user=editor,
                                    note=f"Step {step}.", rating=Rating.objects.get(slug=rng.choice(slugs)))
        else:
            services.verdict_retract(verdict=verdict, editor=editor, note=f"Step {step}.")
        assert _kept() == _fresh(), (step, action)
    services.speaker_merge(keep=third, others=[speaker, other], user=editor)
    assert _kept() == _fresh()


def test_rebuild_counts_what_a_bulk_load_wrote_around_the_services(check, speaker, other):
    check(speaker, "false")
    check(other, "true")
    SpeakerRatingCount.objects.all().delete()
    SpeakerRatingCount.objects.create(speaker=other, rating=Rating.objects.get(slug="false"), count=7)
    speaker_rating_counts_rebuild()
    assert _kept() == _fresh()
    assert _card(speaker) == {"false": 1}
