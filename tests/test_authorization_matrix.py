"""Who may do what, on every surface: one table of roles × surfaces → allowed or denied.

Roles: anonymous, a partner API key, a revoked key, a fact-checker, an editor, a superuser.
Surfaces: every partner API endpoint (reads, tips, webhooks), the schema, each admin page and
action, the public pages, the staff preview, the feeds and the sitemap. A write counts as
allowed only when its effect is in the database afterwards, so an admin action the user may
not run (which Django answers with a redirect) is recognised as denied.

Every response to a non-staff caller, and every public page whoever asks, is also checked for
anything that must never leak: draft and in-review headlines, rejected and unpublished claims,
internal notes, assignees and e-mail addresses.

Each cell runs inside a savepoint that is rolled back, so cells never see each other's writes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import Client

from claims import services
from claims.models import (
    Claim,
    Correction,
    EvidenceLink,
    Rating,
    RevisionProposal,
    Speaker,
    Verdict,
)
from partners.models import PartnerAPIKey, WebhookDelivery, WebhookEndpoint
from sources.models import Source

ANON, PARTNER, REVOKED, CHECKER, EDITOR, SUPER = (
    "anonymous", "partner", "revoked key", "fact-checker", "editor", "superuser",
)
ROLES = (ANON, PARTNER, REVOKED, CHECKER, EDITOR, SUPER)
EVERYONE = frozenset(ROLES)
STAFF = frozenset({CHECKER, EDITOR, SUPER})
PUBLISHERS = frozenset({EDITOR, SUPER})
API_READERS = frozenset({PARTNER}) | STAFF
NOBODY: frozenset[str] = frozenset()
# The public update note an editor's change to a published fact-check carries.
NOTE = "Updated: checked against the statistics office's release."

# Strings that exist only in places the public and partners must never see.
SECRETS = (
    "SECRET-DRAFT-HEADLINE",
    "SECRET-REVIEW-HEADLINE",
    "SECRET-CANDIDATE-CLAIM",
    "SECRET-REJECTED-CLAIM",
    "SECRET-INTERNAL-NOTE",
    "quiet-assignee",
    "@newsroom.test",
)


@dataclass(frozen=True)
class Surface:
    name: str
    method: str
    path: Callable[[SimpleNamespace], str]
    allowed: frozenset[str]
    data: Callable[[SimpleNamespace], dict] | None = None
    # For writes: did the change happen? (Checked after the request, inside the savepoint.)
    effect: Callable[[SimpleNamespace], bool] | None = None
    public: bool = False  # a reader-facing page: checked for leaks whoever asks
    json: bool = False
    extra: dict = field(default_factory=dict)


def _status(w, model, pk) -> str:
    return model.objects.get(pk=pk).status


def _action(name: str, ids: Callable[[SimpleNamespace], list[int]], **more) -> Callable:
    return lambda w: {"action": name, "_selected_action": [str(i) for i in ids(w)], "index": "0", **more}


def _claim_page(w, claim_attr: str = "published_claim", **changes) -> dict:
    """The claim change form as the admin posts it, with `changes` applied (read at request
    time, so it carries the claim's current version)."""
    claim = Claim.objects.get(pk=getattr(w, claim_attr).pk)
    links = list(EvidenceLink.objects.filter(claim=claim).order_by("created_at"))
    data = {
        "text": claim.text, "speaker": claim.speaker_id or "", "made_on": "", "language": claim.language,
        "internal_note": claim.internal_note, "version": claim.version,
        "appearances-TOTAL_FORMS": "0", "appearances-INITIAL_FORMS": "0",
        "evidence_links-TOTAL_FORMS": str(len(links)), "evidence_links-INITIAL_FORMS": str(len(links)),
        "verdicts-TOTAL_FORMS": "0", "verdicts-INITIAL_FORMS": "0",
    }
    for i, link in enumerate(links):
        data.update({
            f"evidence_links-{i}-id": link.pk, f"evidence_links-{i}-claim": claim.pk,
            f"evidence_links-{i}-url": link.url, f"evidence_links-{i}-title": link.title,
            f"evidence_links-{i}-publisher": link.publisher, f"evidence_links-{i}-stance": link.stance,
            f"evidence_links-{i}-archived_url": link.archived_url, f"evidence_links-{i}-note": link.note,
            f"evidence_links-{i}-accessed_at": link.accessed_at.isoformat() if link.accessed_at else "",
        })
    data.update(changes)
    return data


def _published_link(w) -> EvidenceLink:
    return EvidenceLink.objects.filter(claim=w.published_claim).order_by("created_at").first()


def _tip_made(w) -> bool:
    return Claim.objects.filter(text__startswith="Tip: the bridge cost").exists()


SURFACES = [
    # Partner API: reads ------------------------------------------------------------------
    Surface("api fact-check list", "get", lambda w: "/api/v1/fact-checks/", API_READERS, json=True),
    Surface("api fact-check detail", "get", lambda w: f"/api/v1/fact-checks/{w.published.pk}/", API_READERS, json=True),
    Surface("api draft fact-check", "get", lambda w: f"/api/v1/fact-checks/{w.draft.pk}/", NOBODY, json=True),
    Surface("api claimreview", "get", lambda w: f"/api/v1/fact-checks/{w.published.pk}/claimreview/", API_READERS, json=True),
    Surface("api claimreview feed", "get", lambda w: "/api/v1/claimreview/", API_READERS, json=True),
    Surface("api claims:search", "get", lambda w: "/api/v1/claims:search?query=bridge", API_READERS, json=True),
    Surface("api claims/search alias", "get", lambda w: "/api/v1/claims/search/?query=SECRET", API_READERS, json=True),
    Surface("api claim list", "get", lambda w: "/api/v1/claims/", API_READERS, json=True),
    Surface("api published claim", "get", lambda w: f"/api/v1/claims/{w.published_claim.pk}/", API_READERS, json=True),
    Surface("api candidate claim", "get", lambda w: f"/api/v1/claims/{w.candidate.pk}/", STAFF, json=True),
    Surface("api rejected claim", "get", lambda w: f"/api/v1/claims/{w.rejected.pk}/", STAFF, json=True),
    Surface("api speaker list", "get", lambda w: "/api/v1/speakers/", API_READERS, json=True),
    Surface("api speaker detail", "get", lambda w: f"/api/v1/speakers/{w.speaker.slug}/", API_READERS, json=True),
    Surface("api unpublished speaker", "get", lambda w: f"/api/v1/speakers/{w.hidden_speaker.slug}/", STAFF, json=True),
    Surface("api ratings", "get", lambda w: "/api/v1/ratings/", API_READERS, json=True),
    Surface("api schema", "get", lambda w: "/api/schema/", EVERYONE),
    Surface("api docs", "get", lambda w: "/api/docs/", EVERYONE),
    # Partner API: writes -----------------------------------------------------------------
    Surface(
        "api tip",
        "post",
        lambda w: "/api/v1/tips/",
        frozenset({PARTNER}),
        data=lambda w: {"text": "Tip: the bridge cost 9 billion euros in 2023.", "url": "https://social.example/p/1"},
        effect=_tip_made,
        json=True,
    ),
    Surface("api webhook list", "get", lambda w: "/api/v1/webhooks/", frozenset({PARTNER}), json=True),
    Surface(
        "api webhook register",
        "post",
        lambda w: "/api/v1/webhooks/",
        frozenset({PARTNER}),
        data=lambda w: {"url": "https://hooks.partner.example/new", "events": ["factcheck.published"]},
        effect=lambda w: WebhookEndpoint.objects.filter(url="https://hooks.partner.example/new").exists(),
        json=True,
    ),
    Surface("api own webhook", "get", lambda w: f"/api/v1/webhooks/{w.webhook.pk}/", frozenset({PARTNER}), json=True),
    Surface(
        "api webhook update",
        "patch",
        lambda w: f"/api/v1/webhooks/{w.webhook.pk}/",
        frozenset({PARTNER}),
        data=lambda w: {"active": False},
        effect=lambda w: not WebhookEndpoint.objects.get(pk=w.webhook.pk).active,
        json=True,
    ),
    Surface(
        "api webhook delete",
        "delete",
        lambda w: f"/api/v1/webhooks/{w.webhook.pk}/",
        frozenset({PARTNER}),
        effect=lambda w: not WebhookEndpoint.objects.filter(pk=w.webhook.pk).exists(),
        json=True,
    ),
    Surface("api webhook deliveries", "get", lambda w: f"/api/v1/webhooks/{w.webhook.pk}/deliveries/", frozenset({PARTNER}), json=True),
    Surface("api other partner's webhook", "get", lambda w: f"/api/v1/webhooks/{w.foreign_webhook.pk}/", NOBODY, json=True),
    Surface(
        "api delete other partner's webhook",
        "delete",
        lambda w: f"/api/v1/webhooks/{w.foreign_webhook.pk}/",
        NOBODY,
        effect=lambda w: not WebhookEndpoint.objects.filter(pk=w.foreign_webhook.pk).exists(),
        json=True,
    ),
    # Admin pages -------------------------------------------------------------------------
    Surface("admin index", "get", lambda w: "/admin/", STAFF),
    Surface("admin review queue", "get", lambda w: "/admin/claims/reviewqueueclaim/", STAFF),
    Surface("admin claim list", "get", lambda w: "/admin/claims/claim/", STAFF),
    Surface("admin claim page", "get", lambda w: f"/admin/claims/claim/{w.candidate.pk}/change/", STAFF),
    Surface("admin claim history", "get", lambda w: f"/admin/claims/claim/{w.candidate.pk}/history/", STAFF),
    Surface("admin verdict list", "get", lambda w: "/admin/claims/verdict/", STAFF),
    Surface("admin draft verdict page", "get", lambda w: f"/admin/claims/verdict/{w.draft.pk}/change/", STAFF),
    Surface("admin speaker list", "get", lambda w: "/admin/claims/speaker/", STAFF),
    Surface("admin source list", "get", lambda w: "/admin/sources/source/", STAFF),
    Surface("admin rating edit page", "get", lambda w: f"/admin/claims/rating/{w.rating.pk}/change/", STAFF),
    Surface("admin partners", "get", lambda w: "/admin/partners/partner/", frozenset({SUPER})),
    Surface("admin API keys", "get", lambda w: "/admin/partners/partnerapikey/", frozenset({SUPER})),
    Surface("admin webhooks", "get", lambda w: "/admin/partners/webhookendpoint/", frozenset({SUPER})),
    Surface("admin webhook deliveries", "get", lambda w: "/admin/partners/webhookdelivery/", frozenset({SUPER})),
    Surface("admin users", "get", lambda w: "/admin/auth/user/", frozenset({SUPER})),
    # Admin actions -----------------------------------------------------------------------
    Surface(
        "admin accept claim",
        "post",
        lambda w: "/admin/claims/claim/",
        STAFF,
        data=_action("accept_claims", lambda w: [w.candidate.pk]),
        effect=lambda w: _status(w, Claim, w.candidate.pk) == Claim.Status.ACCEPTED,
    ),
    Surface(
        "admin reject claim",
        "post",
        lambda w: "/admin/claims/reviewqueueclaim/",
        STAFF,
        data=_action("reject_claims", lambda w: [w.candidate.pk], confirm="yes", reason="Opinion."),
        effect=lambda w: _status(w, Claim, w.candidate.pk) == Claim.Status.REJECTED,
    ),
    Surface(
        "admin mark in research",
        "post",
        lambda w: "/admin/claims/claim/",
        STAFF,
        data=_action("start_research_claims", lambda w: [w.candidate.pk]),
        effect=lambda w: _status(w, Claim, w.candidate.pk) == Claim.Status.IN_RESEARCH,
    ),
    Surface(
        "admin assign to me",
        "post",
        lambda w: "/admin/claims/claim/",
        STAFF,
        data=_action("assign_to_me", lambda w: [w.other_candidate.pk]),
        effect=lambda w: Claim.objects.get(pk=w.other_candidate.pk).assignee_id is not None,
    ),
    # Assignment is a compare-and-set: "assign to me" never takes a colleague's claim.
    Surface(
        "admin assign to me a colleague's claim",
        "post",
        lambda w: "/admin/claims/claim/",
        NOBODY,
        data=_action("assign_to_me", lambda w: [w.candidate.pk]),
        effect=lambda w: Claim.objects.get(pk=w.candidate.pk).assignee_id != w.quiet.pk,
    ),
    Surface(
        "admin assign to a colleague",
        "post",
        lambda w: "/admin/claims/claim/",
        STAFF,
        data=lambda w: {**_action("assign_to_user", lambda w: [w.candidate.pk])(w),
                        "confirm": "1", "assignee": str(w.users[CHECKER].pk)},
        effect=lambda w: Claim.objects.get(pk=w.candidate.pk).assignee_id == w.users[CHECKER].pk,
    ),
    Surface(
        "admin merge claims",
        "post",
        lambda w: "/admin/claims/claim/",
        STAFF,
        data=lambda w: {**_action("merge_claims", lambda w: [w.candidate.pk, w.other_candidate.pk])(w),
                        "confirm": "1", "keep": str(w.candidate.pk)},
        effect=lambda w: _status(w, Claim, w.other_candidate.pk) == Claim.Status.DUPLICATE,
    ),
    Surface(
        "admin merge speakers of a published fact-check",
        "post",
        lambda w: "/admin/claims/speaker/",
        PUBLISHERS,
        data=lambda w: {**_action("merge_speakers", lambda w: [w.speaker.pk, w.hidden_speaker.pk])(w),
                        "confirm": "1", "keep": str(w.speaker.pk)},
        effect=lambda w: not Speaker.objects.filter(pk=w.hidden_speaker.pk).exists(),
    ),
    Surface(
        "admin merge unpublished speakers",
        "post",
        lambda w: "/admin/claims/speaker/",
        STAFF,
        data=lambda w: {**_action("merge_speakers", lambda w: [w.hidden_speaker.pk, w.spare_speaker.pk])(w),
                        "confirm": "1", "keep": str(w.hidden_speaker.pk)},
        effect=lambda w: not Speaker.objects.filter(pk=w.spare_speaker.pk).exists(),
    ),
    # Published content: only editors change what readers see; fact-checkers propose. ------
    Surface(
        "admin edit published claim text",
        "post",
        lambda w: f"/admin/claims/claim/{w.published_claim.pk}/change/",
        PUBLISHERS,
        data=lambda w: _claim_page(w, text="Unemployment fell to 3 percent in 2024, edited.", public_note=NOTE),
        effect=lambda w: Claim.objects.get(pk=w.published_claim.pk).text.endswith("edited."),
    ),
    Surface(
        "admin edit internal note of published claim",
        "post",
        lambda w: f"/admin/claims/claim/{w.published_claim.pk}/change/",
        STAFF,
        data=lambda w: _claim_page(w, internal_note="Checked the source again."),
        effect=lambda w: Claim.objects.get(pk=w.published_claim.pk).internal_note == "Checked the source again.",
    ),
    Surface(
        "admin delete published evidence",
        "post",
        lambda w: f"/admin/claims/claim/{w.published_claim.pk}/change/",
        PUBLISHERS,
        data=lambda w: _claim_page(w, public_note=NOTE, **{"evidence_links-0-DELETE": "on"}),
        effect=lambda w: not EvidenceLink.objects.filter(pk=w.published_link.pk).exists(),
    ),
    Surface(
        "admin edit published evidence",
        "post",
        lambda w: f"/admin/claims/claim/{w.published_claim.pk}/change/",
        PUBLISHERS,
        data=lambda w: _claim_page(w, public_note=NOTE, **{"evidence_links-0-title": "Retitled"}),
        effect=lambda w: EvidenceLink.objects.get(pk=w.published_link.pk).title == "Retitled",
    ),
    Surface(
        "admin add evidence to published claim",
        "post",
        lambda w: f"/admin/claims/claim/{w.published_claim.pk}/change/",
        PUBLISHERS,
        data=lambda w: _claim_page(w, public_note=NOTE, **{
            "evidence_links-TOTAL_FORMS": "2", "evidence_links-1-url": "https://added.example/new",
            "evidence_links-1-stance": "context",
        }),
        effect=lambda w: EvidenceLink.objects.filter(url="https://added.example/new").exists(),
    ),
    Surface(
        "admin rename the speaker of a published fact-check",
        "post",
        lambda w: f"/admin/claims/speaker/{w.speaker.pk}/change/",
        PUBLISHERS,
        data=lambda w: {"name": "Someone Else", "kind": "person", "role": w.speaker.role, "affiliation": "", "country": "",
                        "wikidata_id": "", "aliases-TOTAL_FORMS": "0", "aliases-INITIAL_FORMS": "0"},
        effect=lambda w: Speaker.objects.get(pk=w.speaker.pk).name == "Someone Else",
    ),
    Surface(
        "admin evidence page: edit published evidence",
        "post",
        lambda w: f"/admin/claims/evidencelink/{w.published_link.pk}/change/",
        PUBLISHERS,
        data=lambda w: {"verdict": w.published_link.verdict_id or "", "url": w.published_link.url,
                        "title": "Retitled", "stance": w.published_link.stance, "public_note": NOTE},
        effect=lambda w: EvidenceLink.objects.get(pk=w.published_link.pk).title == "Retitled",
    ),
    Surface(
        "admin evidence page: delete published evidence",
        "post",
        lambda w: f"/admin/claims/evidencelink/{w.published_link.pk}/delete/",
        # Not from a bare confirmation page: removing a published source needs a public note,
        # given on the claim's page ("admin delete published evidence").
        NOBODY,
        data=lambda w: {"post": "yes"},
        effect=lambda w: not EvidenceLink.objects.filter(pk=w.published_link.pk).exists(),
    ),
    Surface(
        "admin add appearance to published claim",
        "post",
        lambda w: f"/admin/claims/claim/{w.published_claim.pk}/change/",
        NOBODY,  # appearances come from ingested articles and approved pages, never a form
        data=lambda w: _claim_page(w, **{
            "appearances-TOTAL_FORMS": "1", "appearances-0-source": w.tip_source.pk,
            "appearances-0-sentence": "A quote nobody said.",
        }),
        effect=lambda w: w.published_claim.appearances.filter(sentence="A quote nobody said.").exists(),
    ),
    Surface(
        "admin approve a tip's page (publishes its appearances)",
        "post",
        lambda w: "/admin/sources/source/",
        PUBLISHERS,
        data=_action("approve_sources", lambda w: [w.tip_source.pk]),
        effect=lambda w: Source.objects.get(pk=w.tip_source.pk).reviewed,
    ),
    Surface(
        "admin propose a revision of a published claim",
        "post",
        lambda w: f"/admin/claims/claim/{w.published_claim.pk}/propose/",
        STAFF,
        data=lambda w: {"text": "Unemployment fell to 4.1 percent in 2024.", "add_stance": "context",
                        "note": "The office revised the figure."},
        effect=lambda w: RevisionProposal.objects.filter(note="The office revised the figure.").exists(),
    ),
    Surface(
        "admin approve a revision",
        "post",
        lambda w: "/admin/claims/revisionproposal/",
        PUBLISHERS,
        data=_action("approve", lambda w: [w.proposal.pk]),
        effect=lambda w: Claim.objects.get(pk=w.published_claim.pk).text == "Unemployment fell to 4.2 percent in 2024.",
    ),
    Surface(
        "admin reject a revision on its page",
        "post",
        lambda w: f"/admin/claims/revisionproposal/{w.proposal.pk}/decide/",
        PUBLISHERS,
        data=lambda w: {"action": "reject", "note": "Not supported by the source."},
        effect=lambda w: RevisionProposal.objects.get(pk=w.proposal.pk).status == "rejected",
    ),
    Surface(
        "admin submit verdict",
        "post",
        lambda w: f"/admin/claims/verdict/{w.draft.pk}/workflow/",
        STAFF,
        data=lambda w: {"action": "submit"},
        effect=lambda w: _status(w, Verdict, w.draft.pk) == Verdict.Status.IN_REVIEW,
    ),
    Surface(
        "admin publish verdict",
        "post",
        lambda w: f"/admin/claims/verdict/{w.in_review.pk}/workflow/",
        PUBLISHERS,
        data=lambda w: {"action": "publish"},
        effect=lambda w: _status(w, Verdict, w.in_review.pk) == Verdict.Status.PUBLISHED,
    ),
    Surface(
        "admin bulk submit",
        "post",
        lambda w: "/admin/claims/verdict/",
        STAFF,
        data=_action("submit_verdicts", lambda w: [w.draft.pk]),
        effect=lambda w: _status(w, Verdict, w.draft.pk) == Verdict.Status.IN_REVIEW,
    ),
    Surface(
        "admin bulk send back",
        "post",
        lambda w: "/admin/claims/verdict/",
        PUBLISHERS,
        data=_action("send_back_verdicts", lambda w: [w.in_review.pk]),
        effect=lambda w: _status(w, Verdict, w.in_review.pk) == Verdict.Status.DRAFT,
    ),
    Surface(
        "admin bulk publish",
        "post",
        lambda w: "/admin/claims/verdict/",
        PUBLISHERS,
        data=_action("publish_verdicts", lambda w: [w.in_review.pk]),
        effect=lambda w: _status(w, Verdict, w.in_review.pk) == Verdict.Status.PUBLISHED,
    ),
    Surface(
        "admin send back",
        "post",
        lambda w: f"/admin/claims/verdict/{w.in_review.pk}/workflow/",
        PUBLISHERS,
        data=lambda w: {"action": "send_back"},
        effect=lambda w: _status(w, Verdict, w.in_review.pk) == Verdict.Status.DRAFT,
    ),
    Surface(
        "admin retract",
        "post",
        lambda w: f"/admin/claims/verdict/{w.published.pk}/retract/",
        PUBLISHERS,
        data=lambda w: {"note": "Retracted for the matrix."},
        effect=lambda w: _status(w, Verdict, w.published.pk) == Verdict.Status.RETRACTED,
    ),
    Surface(
        "admin correction",
        "post",
        lambda w: f"/admin/claims/verdict/{w.published.pk}/correct/",
        PUBLISHERS,
        data=lambda w: {"note": "Corrected for the matrix."},
        effect=lambda w: Correction.objects.filter(note="Corrected for the matrix.").exists(),
    ),
    Surface(
        "admin revoke API key",
        "post",
        lambda w: "/admin/partners/partnerapikey/",
        frozenset({SUPER}),
        data=_action("revoke_keys", lambda w: [w.partner_key.api_key.pk]),
        effect=lambda w: PartnerAPIKey.objects.get(pk=w.partner_key.api_key.pk).revoked,
    ),
    Surface(
        "admin retry webhook delivery",
        "post",
        lambda w: "/admin/partners/webhookdelivery/",
        frozenset({SUPER}),
        data=_action("retry", lambda w: [w.failed_delivery.pk]),
        effect=lambda w: WebhookDelivery.objects.get(pk=w.failed_delivery.pk).status != "failed",
    ),
    Surface(
        "admin delete claim",
        "post",
        lambda w: f"/admin/claims/claim/{w.other_candidate.pk}/delete/",
        PUBLISHERS,
        data=lambda w: {"post": "yes"},
        effect=lambda w: not Claim.objects.filter(pk=w.other_candidate.pk).exists(),
    ),
    # Public site -------------------------------------------------------------------------
    Surface("public index", "get", lambda w: "/fact-checks/", EVERYONE, public=True),
    Surface("public search", "get", lambda w: "/fact-checks/?q=SECRET", EVERYONE, public=True),
    Surface("public fact-check", "get", lambda w: w.published.get_absolute_url(), EVERYONE, public=True),
    Surface("public draft page", "get", lambda w: f"/fact-checks/{w.draft.slug}/", NOBODY, public=True),
    Surface("public in-review page", "get", lambda w: f"/fact-checks/{w.in_review.slug}/", NOBODY, public=True),
    Surface("staff preview", "get", lambda w: f"/fact-checks/{w.draft.slug}/preview/", STAFF),
    Surface("public speaker", "get", lambda w: f"/speakers/{w.speaker.slug}/", EVERYONE, public=True),
    Surface("public ratings", "get", lambda w: "/ratings/", EVERYONE, public=True),
    Surface("public corrections", "get", lambda w: "/corrections/", EVERYONE, public=True),
    Surface("public submit form", "get", lambda w: "/submit-a-claim/", EVERYONE, public=True),
    Surface(
        "public submit tip",
        "post",
        lambda w: "/submit-a-claim/",
        EVERYONE,
        data=lambda w: {"text": "Tip: the bridge cost 9 billion euros in 2023.", "url": ""},
        effect=_tip_made,
    ),
    Surface("rss feed", "get", lambda w: "/feeds/fact-checks.rss", EVERYONE, public=True),
    Surface("atom feed", "get", lambda w: "/feeds/fact-checks.atom", EVERYONE, public=True),
    Surface("corrections rss", "get", lambda w: "/feeds/corrections.rss", EVERYONE, public=True),
    Surface("corrections atom", "get", lambda w: "/feeds/corrections.atom", EVERYONE, public=True),
    Surface("sitemap", "get", lambda w: "/sitemap.xml", EVERYONE, public=True),
    Surface("robots.txt", "get", lambda w: "/robots.txt", EVERYONE, public=True),
]


@pytest.fixture
def world(db, claim, speaker, source, publish_verdict, fact_checker, editor, superuser, partner_key, django_user_model, settings):
    from partners.models import Partner
    from partners.services import partner_key_create, webhook_endpoint_create

    settings.FACTCHECK_WEBHOOK_ALLOW_PRIVATE = True
    quiet = django_user_model.objects.create_user(
        username="quiet-assignee", email="quiet-assignee@newsroom.test", password="x" * 12, is_staff=True
    )
    published = publish_verdict(claim, headline="The jobs figure is wrong")
    Claim.objects.filter(pk=claim.pk).update(internal_note="SECRET-INTERNAL-NOTE on a published claim")
    services.correction_add(verdict=published, note="We fixed a date.", editor=editor)

    hidden_speaker = services.speaker_create(name="Hidden Person", role="SECRET-INTERNAL-NOTE role")
    spare_speaker = services.speaker_create(name="Spare Person")
    from sources.services import tip_submit

    tip_source = tip_submit(text=claim.text, url="https://social.example/p/peskov").source
    proposal = services.revision_propose(
        claim=claim, user=fact_checker, text="Unemployment fell to 4.2 percent in 2024.", note="Revised figure."
    )
    candidate = services.claim_create(text="SECRET-CANDIDATE-CLAIM about the bridge.", speaker=hidden_speaker, score=0.9)
    Claim.objects.filter(pk=candidate.pk).update(internal_note="SECRET-INTERNAL-NOTE", assignee=quiet)
    other_candidate = services.claim_create(text="SECRET-CANDIDATE-CLAIM again about the bridge.", score=0.8)
    rejected = services.claim_create(text="SECRET-REJECTED-CLAIM about the bridge.", score=0.7)
    services.claim_apply(claim=rejected, action="reject", user=fact_checker, reason="Not checkable.")

    draft_claim = services.claim_create(text="SECRET-CANDIDATE-CLAIM with a draft.", speaker=speaker, score=0.6)
    services.claims_apply(claims=[draft_claim], action="accept", user=fact_checker)  # drafting needs an accepted claim
    draft = services.verdict_create(
        claim=draft_claim, headline="SECRET-DRAFT-HEADLINE", user=fact_checker,
        rating=Rating.objects.get(slug="false"), summary="Draft summary.",
    )
    # Complete, so submitting it is allowed for whoever may submit.
    services.evidence_add(claim=draft_claim, url="https://stats.example/draft", user=fact_checker)
    review_claim = services.claim_create(text="SECRET-CANDIDATE-CLAIM in review.", speaker=speaker, score=0.6)
    services.claims_apply(claims=[review_claim], action="accept", user=fact_checker)  # drafting needs an accepted claim
    in_review = services.verdict_create(
        claim=review_claim, headline="SECRET-REVIEW-HEADLINE", user=fact_checker,
        rating=Rating.objects.get(slug="true"), summary="Review summary.",
    )
    services.evidence_add(claim=review_claim, url="https://stats.example/review", user=fact_checker)
    services.verdict_submit(verdict=in_review, user=fact_checker)

    revoked_key, revoked_raw = partner_key_create(partner=partner_key.partner, name="old")
    PartnerAPIKey.objects.filter(pk=revoked_key.pk).update(revoked=True)
    webhook = webhook_endpoint_create(partner=partner_key.partner, url="https://hooks.partner.example/a", events=["factcheck.published"])
    rival = Partner.objects.create(name="Rival Times", contact_email="api@rival.test")
    foreign_webhook = webhook_endpoint_create(partner=rival, url="https://hooks.rival.example/a", events=["factcheck.published"])
    failed_delivery = WebhookDelivery.objects.create(
        endpoint=webhook, event="factcheck.published", verdict=published, payload={"id": published.pk},
        status="failed", attempts=6, error="Connection refused",
    )
    return SimpleNamespace(
        published=published, published_claim=claim, draft=draft, in_review=in_review, candidate=candidate,
        other_candidate=other_candidate, rejected=rejected, speaker=speaker, hidden_speaker=hidden_speaker,
        spare_speaker=spare_speaker, tip_source=tip_source, proposal=proposal, published_link=_published_link(
            SimpleNamespace(published_claim=claim)),
        rating=Rating.objects.get(slug="false"), quiet=quiet, partner_key=partner_key,
        revoked_header=f"Api-Key {revoked_raw}", webhook=webhook, foreign_webhook=foreign_webhook,
        failed_delivery=failed_delivery,
        users={CHECKER: fact_checker, EDITOR: editor, SUPER: superuser},
    )


def _client(role: str, w) -> Client:
    client = Client(HTTP_USER_AGENT="matrix")
    if role == PARTNER:
        client.defaults["HTTP_AUTHORIZATION"] = w.partner_key.headers["HTTP_AUTHORIZATION"]
    elif role == REVOKED:
        client.defaults["HTTP_AUTHORIZATION"] = w.revoked_header
    elif role in w.users:
        client.force_login(w.users[role])
    return client


def _request(client: Client, surface: Surface, w):
    path = surface.path(w)
    data = surface.data(w) if surface.data else None
    if surface.json and surface.method != "get":
        return getattr(client, surface.method)(path, data or {}, content_type="application/json", secure=True)
    if surface.method == "get":
        return client.get(path, secure=True)
    return getattr(client, surface.method)(path, data or {}, secure=True)


def _allowed(response, surface: Surface, w) -> bool:
    status = response.status_code
    if status >= 400:
        return False
    if status in (301, 302) and "/login/" in response.get("Location", ""):
        return False
    return surface.effect(w) if surface.effect else status < 300


def test_authorization_matrix(world):
    wrong: list[str] = []
    leaks: list[str] = []
    for surface in SURFACES:
        for role in ROLES:
            cache.clear()  # cached pages and throttle counters must not carry between cells
            with transaction.atomic():
                sid = transaction.savepoint()
                response = _request(_client(role, world), surface, world)
                allowed = _allowed(response, surface, world)
                body = response.content.decode("utf-8", "replace") if not getattr(response, "streaming", False) else ""
                transaction.savepoint_rollback(sid)
            if allowed != (role in surface.allowed):
                wrong.append(
                    f"{surface.name} as {role}: {'allowed' if allowed else 'denied'} "
                    f"(HTTP {response.status_code}), expected {'allowed' if role in surface.allowed else 'denied'}"
                )
            if surface.public or role not in STAFF:
                leaked = [s for s in SECRETS if s in body]
                if leaked:
                    leaks.append(f"{surface.name} as {role} shows {leaked}")
    assert not wrong, "authorization differs from the matrix:\n" + "\n".join(wrong)
    assert not leaks, "internal data leaked:\n" + "\n".join(leaks)
