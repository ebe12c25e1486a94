"""A small newsroom for the partner API tests, built through the product's services: public
fact-checks, plus work in progress that must never reach a partner."""

from __future__ import annotations

from dataclasses import dataclass

from claims import services
from claims.models import Appearance, Claim, Rating, Verdict

SECRET = "SECRET"  # marks every piece of text a partner must never see


@dataclass
class Newsroom:
    published: Verdict
    other: Verdict
    retracted: Verdict
    draft: Verdict
    in_review: Verdict
    rejected: Claim
    candidate: Claim


def build_newsroom(*, claim, speaker, source, publish_verdict, fact_checker, editor) -> Newsroom:
    Claim.objects.filter(pk=claim.pk).update(internal_note=f"{SECRET} internal note: source is shaky")
    claim.tags.set([services.tag_get_or_create(name="Economy")])
    Appearance.objects.create(
        claim=claim, source=source, sentence=claim.text, speaker_mention="Peskov", speaker_role="press secretary"
    )
    published = publish_verdict(claim, headline="Unemployment did not fall to 4 percent", rating_slug="false")

    merkel = services.speaker_create(name="Angela Example", role="Chancellor", wikidata_id="Q567")
    other_claim = services.claim_create(
        text="Die Brücke hat zwei Milliarden Euro gekostet.", speaker=merkel, language="de", tags=["Transport"]
    )
    other = publish_verdict(other_claim, headline="The bridge did cost two billion", rating_slug="true")

    gone_claim = services.claim_create(text="The moon is made of cheese.", speaker=merkel)
    retracted = publish_verdict(gone_claim, headline="Moon cheese claim rated", rating_slug="pants-on-fire")
    retracted = services.verdict_retract(verdict=retracted, editor=editor, note="We rated the wrong quote.")

    draft_claim = services.claim_create(text=f"Crime doubled last year {SECRET} draft claim.", speaker=speaker)
    services.claim_assign(claim=draft_claim, assignee=fact_checker, user=fact_checker)
    services.claims_apply(claims=[draft_claim], action="accept", user=fact_checker)  # drafting needs an accepted claim
    draft = services.verdict_create(
        claim=draft_claim,
        headline=f"{SECRET} draft headline",
        user=fact_checker,
        rating=Rating.objects.get(slug="false"),
        summary=f"{SECRET} draft summary",
    )
    review_claim = services.claim_create(text=f"Taxes fell {SECRET} in-review claim.", speaker=speaker)
    services.claims_apply(claims=[review_claim], action="accept", user=fact_checker)  # drafting needs an accepted claim
    in_review = services.verdict_create(
        claim=review_claim,
        headline=f"{SECRET} in-review headline",
        user=fact_checker,
        rating=Rating.objects.get(slug="true"),
        summary=f"{SECRET} in-review summary",
    )
    services.evidence_add(claim=review_claim, url="https://stats.example/review", user=fact_checker)
    in_review = services.verdict_submit(verdict=in_review, user=fact_checker)

    rejected = services.claim_create(text=f"Unemployment {SECRET} rejected candidate.", speaker=speaker)
    services.claim_apply(claim=rejected, action="reject", user=fact_checker, reason="Not checkable.")
    candidate = services.claim_create(
        text=f"Unemployment {SECRET} candidate.", speaker=services.speaker_create(name=f"{SECRET} Unreviewed Person")
    )
    return Newsroom(published, other, retracted, draft, in_review, rejected, candidate)
