"""Writes to the claims domain. Every surface (admin, API, commands, ingestion) goes through
these functions so permissions, workflow and locking are enforced in one place.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import partial

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from simple_history.utils import bulk_create_with_history

from claims import publication
from claims.matching.index import claims_index_wording
from claims.models import (
    Appearance,
    Claim,
    Correction,
    EvidenceLink,
    ExternalFactCheck,
    MatchSuggestion,
    Rating,
    Speaker,
    SpeakerAlias,
    Tag,
    Verdict,
)
from claims.tasks import evidence_link_archive
from claims.workflow import (
    CLAIM_MERGEABLE,
    CLAIM_STATUS_FOLLOWING_VERDICT,
    PUBLISH_PERMISSION,
    TransitionError,
    claim_transition_for,
    verdict_transition_for,
)

CS = Claim.Status
VS = Verdict.Status


class ConcurrentEditError(Exception):
    """Someone else saved the object after it was loaded; saving would overwrite their work."""


def _require(user, permission: str, what: str) -> None:
    if user is None or not user.has_perm(permission):
        raise PermissionDenied(f"You do not have permission to {what}.")


def unique_slug(model, base: str, *, max_length: int = 80, exclude_pk: int | None = None) -> str:
    """A slug from `base` that no other row of `model` uses (suffixes -2, -3, ...)."""
    root = slugify(base)[: max_length - 8].strip("-") or "item"
    taken = set(
        model.objects.filter(slug__startswith=root)
        .exclude(pk=exclude_pk)
        .values_list("slug", flat=True)
    )
    if root not in taken:
        return root
    n = 2
    while f"{root}-{n}" in taken:
        n += 1
    return f"{root}-{n}"


# Speakers ------------------------------------------------------------------------------


def normalize_name(name: str) -> str:
    """Casefolded, accent-insensitive, whitespace-collapsed form of a person's name."""
    decomposed = unicodedata.normalize("NFKD", name)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", re.sub(r"[^\w\s'-]", " ", stripped)).strip().casefold()


def speaker_add_alias(*, speaker: Speaker, name: str) -> SpeakerAlias | None:
    """Record another name for `speaker`; a name already used by someone else is left alone."""
    normalized = normalize_name(name)
    if not normalized:
        return None
    alias, _ = SpeakerAlias.objects.get_or_create(
        normalized=normalized, defaults={"speaker": speaker, "name": name.strip()}
    )
    return alias if alias.speaker_id == speaker.pk else None


def speaker_create(
    *,
    name: str,
    role: str = "",
    affiliation: str = "",
    country: str = "",
    wikidata_id: str = "",
    reviewed: bool = False,
    aliases: Iterable[str] = (),
) -> Speaker:
    name = name.strip()
    if not name:
        raise ValidationError("A speaker needs a name.")
    with transaction.atomic():
        speaker = Speaker.objects.create(
            name=name,
            slug=unique_slug(Speaker, name),
            role=role,
            affiliation=affiliation,
            country=country,
            wikidata_id=wikidata_id,
            reviewed=reviewed,
        )
        for alias in [name, *aliases]:
            speaker_add_alias(speaker=speaker, name=alias)
    return speaker


def speaker_update(*, speaker: Speaker, user, renamed: bool = False) -> Speaker:
    """Save edits to a speaker; public pages show speakers, so they are rebuilt on commit."""
    _require(user, "claims.change_speaker", "edit speakers")
    with transaction.atomic():
        speaker._history_user = user
        speaker.save()
        if renamed:
            # The new name must keep resolving to this person, as must the old one.
            speaker_add_alias(speaker=speaker, name=speaker.name)
        transaction.on_commit(publication.invalidate_public_cache)
    return speaker


def speaker_merge(*, keep: Speaker, others: Sequence[Speaker], user) -> Speaker:
    """Fold duplicate speakers into `keep`: their claims and aliases move, their names become aliases."""
    _require(user, "claims.change_speaker", "merge speakers")
    others = [s for s in others if s.pk != keep.pk]
    with transaction.atomic():
        for other in others:
            Claim.objects.filter(speaker=other).update(speaker=keep, updated_at=timezone.now())
            SpeakerAlias.objects.filter(speaker=other).update(speaker=keep)
            speaker_add_alias(speaker=keep, name=other.name)
            other.delete()
        # Public pages name speakers and link to their pages: rebuild them.
        transaction.on_commit(publication.invalidate_public_cache)
    return keep


# Claims --------------------------------------------------------------------------------


def claim_create(
    *,
    text: str,
    speaker: Speaker | None = None,
    made_on: date | None = None,
    score: float = 0.0,
    score_reasons: Sequence[str] = (),
    origin: str = Claim.Origin.MANUAL,
    language: str = "en",
    tags: Iterable[str] = (),
) -> Claim:
    text = text.strip()
    if not text:
        raise ValidationError("A claim needs text.")
    with transaction.atomic():
        claim = Claim.objects.create(
            text=text,
            speaker=speaker,
            made_on=made_on,
            score=min(max(score, 0.0), 1.0),
            score_reasons=list(score_reasons),
            origin=origin,
            language=language,
        )
        if tags:
            claim.tags.set([tag_get_or_create(name=t) for t in tags])
        claims_index_wording([claim])
    return claim


@dataclass(frozen=True)
class ClaimDraft:
    """A claim about to be created in bulk (ingestion, tips, bulk loads)."""

    text: str
    speaker: Speaker | None = None
    made_on: date | None = None
    score: float = 0.0
    score_reasons: Sequence[str] = ()
    origin: str = Claim.Origin.MANUAL
    language: str = "en"
    internal_note: str = ""


def claims_create_bulk(*, drafts: Sequence[ClaimDraft], change_reason: str, vectors=None) -> list[Claim]:
    """Create claims with bulk inserts: scores clamped to [0, 1], one history row each, and
    their wording indexed for matching (`vectors`, the drafts' sentence vectors in order, when
    the caller computed them already). Runs in the caller's transaction, or its own."""
    if not drafts:
        return []
    for draft in drafts:
        if not draft.text.strip():
            raise ValidationError("A claim needs text.")
    rows = [
        Claim(
            text=draft.text.strip(),
            speaker=draft.speaker,
            made_on=draft.made_on,
            score=min(max(float(draft.score), 0.0), 1.0),
            score_reasons=list(draft.score_reasons),
            origin=draft.origin,
            language=draft.language or "en",
            internal_note=draft.internal_note,
        )
        for draft in drafts
    ]
    with transaction.atomic():
        claims = bulk_create_with_history(rows, Claim, default_change_reason=change_reason)
        if any(c.pk is None for c in claims):
            raise IntegrityError("bulk insert returned no primary keys")
        claims_index_wording(claims, vectors=vectors)
    return claims


@dataclass(frozen=True)
class SuggestionDraft:
    """"Claim `claim` may be `match` (or another publisher's `external`)": for a curator."""

    claim: Claim
    similarity: float
    match: Claim | None = None
    external: ExternalFactCheck | None = None
    differences: Sequence[str] = ()


def match_suggestions_record(*, drafts: Sequence[SuggestionDraft]) -> list[MatchSuggestion]:
    """Store possible matches for the review queue; a pair already suggested is left as it is
    (a curator may have answered it)."""
    rows = [
        MatchSuggestion(
            claim=d.claim,
            match=d.match,
            external=d.external,
            similarity=round(float(d.similarity), 4),
            differences=list(d.differences),
        )
        for d in drafts
        if d.claim.pk and (d.match is None or d.match.pk != d.claim.pk)
    ]
    return MatchSuggestion.objects.bulk_create(rows, ignore_conflicts=True)


def match_suggestions_record_for(*, claim: Claim, match, attach_same: bool = False) -> list[MatchSuggestion]:
    """Store what matching (`claims.matching.lookup.Match`) found for a just-created `claim`:
    the possible match, and other publishers' fact-checks of it. A `same` outcome is suggested
    too unless the caller attached it instead (`attach_same`): a claim a person typed in is
    never merged without asking."""
    from claims.matching.decide import Outcome

    drafts = [
        SuggestionDraft(claim=claim, similarity=hit.similarity, external=hit.fact_check, differences=hit.differences)
        for hit in match.externals
    ]
    wanted = (Outcome.SUGGEST,) if attach_same else (Outcome.SUGGEST, Outcome.SAME)
    if match.outcome in wanted and match.claim is not None:
        drafts.insert(
            0, SuggestionDraft(claim=claim, similarity=match.similarity, match=match.claim, differences=match.differences)
        )
    return match_suggestions_record(drafts=drafts)


def match_suggestion_decide(*, suggestion: MatchSuggestion, same: bool, user) -> MatchSuggestion:
    """A curator answers "same claim?". Yes on a claim merges the suggested wording into it
    (`claims_merge`); yes on another publisher's fact-check or no only records the answer.
    Either way the pair is kept as labelled data."""
    _require(user, "claims.change_claim", "decide on possible matches")
    with transaction.atomic():
        locked = MatchSuggestion.objects.select_for_update(of=("self",)).select_related("claim", "match").get(pk=suggestion.pk)
        if locked.decision != MatchSuggestion.Decision.PENDING:
            raise TransitionError(
                f"This possible match was already answered ({locked.get_decision_display().lower()})."
            )
        if same and locked.match is not None:
            target = locked.match
            if target.status == CS.DUPLICATE and target.duplicate_of_id:
                target = target.duplicate_of  # merged since it was suggested
            claims_merge(keep=target, others=[locked.claim], user=user)
        locked.decision = MatchSuggestion.Decision.CONFIRMED if same else MatchSuggestion.Decision.REJECTED
        locked.decided_by = user
        locked.decided_at = timezone.now()
        locked.save(update_fields=["decision", "decided_by", "decided_at"])
    return locked


def tag_get_or_create(*, name: str) -> Tag:
    name = name.strip()
    tag = Tag.objects.filter(name__iexact=name).first()
    if tag is None:
        tag = Tag.objects.create(name=name, slug=unique_slug(Tag, name))
    return tag


def claim_update(*, claim: Claim, user) -> Claim:
    """Save a curator's edits to a claim (text, speaker, tags...); a claim that is already on a
    public page makes those pages rebuild once the change commits."""
    _require(user, "claims.change_claim", "edit claims")
    with transaction.atomic():
        claim._history_user = user
        claim.save()
        claims_index_wording([claim])
        if claim.verdicts.filter(status__in=[VS.PUBLISHED, VS.RETRACTED]).exists():
            transaction.on_commit(publication.invalidate_public_cache)
    return claim


def claim_apply(*, claim: Claim, action: str, user) -> Claim:
    """Apply one curator workflow action (accept, reject, start_research, reopen) to a claim."""
    _require(user, "claims.change_claim", "change claims")
    with transaction.atomic():
        # Lock the row: two curators acting on the same claim must not interleave.
        locked = Claim.objects.select_for_update().get(pk=claim.pk)
        transition = claim_transition_for(locked, action)
        locked.status = transition.target
        locked._history_user = user
        locked.save(update_fields=["status", "updated_at"])
    claim.status = locked.status
    return locked


@dataclass
class BulkResult:
    changed: list[Claim] = field(default_factory=list)
    refused: list[tuple[Claim, str]] = field(default_factory=list)


def claims_apply(*, claims: Iterable[Claim], action: str, user) -> BulkResult:
    """Apply `action` to each claim; refusals are collected with their reason, not raised."""
    result = BulkResult()
    for claim in claims:
        try:
            result.changed.append(claim_apply(claim=claim, action=action, user=user))
        except TransitionError as exc:
            result.refused.append((claim, str(exc)))
    return result


def claim_assign(*, claim: Claim, assignee, user) -> Claim:
    _require(user, "claims.change_claim", "assign claims")
    with transaction.atomic():
        locked = Claim.objects.select_for_update().get(pk=claim.pk)
        if locked.status in (CS.DUPLICATE, CS.PUBLISHED):
            raise TransitionError(
                f"Claim #{locked.pk} is {locked.get_status_display().lower()}; there is nothing to assign."
            )
        locked.assignee = assignee
        locked._history_user = user
        locked.save(update_fields=["assignee", "updated_at"])
    return locked


def claims_merge(*, keep: Claim, others: Sequence[Claim], user) -> Claim:
    """Merge `others` into `keep`: appearances and evidence move, the others become duplicates.

    Rows are locked in id order so two curators merging overlapping sets cannot deadlock or
    leave an appearance pointing at a claim that is itself a duplicate.
    """
    _require(user, "claims.change_claim", "merge claims")
    other_ids = sorted({c.pk for c in others} - {keep.pk})
    if not other_ids:
        raise TransitionError("Choose at least one other claim to merge into the kept one.")
    with transaction.atomic():
        locked = {
            c.pk: c
            for c in Claim.objects.select_for_update().filter(pk__in=[keep.pk, *other_ids]).order_by("pk")
        }
        kept = locked.get(keep.pk)
        if kept is None or kept.status == CS.DUPLICATE:
            raise TransitionError(f"Claim #{keep.pk} is itself a duplicate; merge into the claim it duplicates.")
        for pk in other_ids:
            other = locked.get(pk)
            if other is None:
                raise TransitionError(f"Claim #{pk} no longer exists.")
            if other.status not in CLAIM_MERGEABLE:
                raise TransitionError(
                    f"Cannot merge claim #{pk}: it is {other.get_status_display().lower()}."
                )
        # Unlocated appearances are unique per (claim, source): drop the ones kept already has.
        kept_unlocated_sources = set(
            Appearance.objects.filter(claim=kept, start__isnull=True).values_list("source_id", flat=True)
        )
        Appearance.objects.filter(
            claim_id__in=other_ids, start__isnull=True, source_id__in=kept_unlocated_sources
        ).delete()
        Appearance.objects.filter(claim_id__in=other_ids).update(claim=kept)
        kept_urls = set(EvidenceLink.objects.filter(claim=kept).values_list("url", flat=True))
        EvidenceLink.objects.filter(claim_id__in=other_ids, url__in=kept_urls).delete()
        EvidenceLink.objects.filter(claim_id__in=other_ids).update(claim=kept)
        # Earlier duplicates of the merged claims now point straight at the kept one.
        Claim.objects.filter(duplicate_of_id__in=other_ids).update(duplicate_of=kept)
        best = max([kept.score, *(locked[pk].score for pk in other_ids)])
        for pk in other_ids:
            other = locked[pk]
            other.status = CS.DUPLICATE
            other.duplicate_of = kept
            other._history_user = user
            other.save(update_fields=["status", "duplicate_of", "updated_at"])
        if kept.speaker_id is None:
            kept.speaker_id = next((locked[pk].speaker_id for pk in other_ids if locked[pk].speaker_id), None)
        kept.score = best
        kept._history_user = user
        kept.save(update_fields=["score", "speaker", "updated_at"])
    return kept


def evidence_add(
    *,
    claim: Claim,
    url: str,
    user,
    stance: str = EvidenceLink.Stance.CONTEXT,
    title: str = "",
    publisher: str = "",
    archived_url: str = "",
    accessed_at: date | None = None,
    note: str = "",
    verdict: Verdict | None = None,
) -> EvidenceLink:
    _require(user, "claims.add_evidencelink", "add evidence links")
    link = EvidenceLink(
        claim=claim,
        verdict=verdict,
        url=url,
        stance=stance,
        title=title,
        publisher=publisher,
        archived_url=archived_url,
        accessed_at=accessed_at or timezone.localdate(),
        note=note,
        added_by=user,
    )
    link.full_clean(validate_unique=True)
    link._history_user = user
    link.save()
    if settings.FACTCHECK_ARCHIVE_ON_ADD:
        # Snapshot the page in the background once the link is committed (claims.tasks).
        transaction.on_commit(partial(evidence_link_archive.enqueue, link.pk), robust=True)
    return link


# Other publishers' fact-checks --------------------------------------------------------


@dataclass
class ExternalSaveResult:
    created: int = 0
    updated: int = 0


def external_factchecks_save(*, records: Sequence) -> ExternalSaveResult:
    """Store other publishers' ClaimReview records (`claims.external.ExternalRecord`), one row
    per review URL: importing the same review again updates it, never duplicates it. Their
    claim wording is embedded so matching can find them."""
    from claims.matching import embedding

    latest = {r.review_url: r for r in records}  # the same URL twice in one batch: the last wins
    result = ExternalSaveResult()
    if not latest:
        return result
    vectors = embedding.embed([r.claim_text for r in latest.values()])
    with transaction.atomic():
        for record, vector in zip(latest.values(), vectors, strict=True):
            _check, created = ExternalFactCheck.objects.update_or_create(
                review_url=record.review_url,
                defaults={
                    "claim_text": record.claim_text,
                    "publisher_name": record.publisher_name,
                    "publisher_url": record.publisher_url,
                    "rating_text": record.rating_text,
                    "reviewed_on": record.reviewed_on,
                    "claimant": record.claimant,
                    "claim_date": record.claim_date,
                    "language": record.language,
                    "vector": embedding.to_bytes(vector),
                },
            )
            if created:
                result.created += 1
            else:
                result.updated += 1
    return result


# Verdicts ------------------------------------------------------------------------------


def verdict_create(
    *,
    claim: Claim,
    headline: str,
    user,
    rating: Rating | None = None,
    summary: str = "",
    body: str = "",
) -> Verdict:
    """Start a draft verdict on `claim`; the claim moves to research if it was not already."""
    _require(user, "claims.add_verdict", "draft verdicts")
    headline = headline.strip()
    if not headline:
        raise ValidationError("A verdict needs a headline.")
    with transaction.atomic():
        claim = Claim.objects.select_for_update().get(pk=claim.pk)
        if claim.status in (CS.DUPLICATE, CS.REJECTED):
            raise TransitionError(
                f"Claim #{claim.pk} is {claim.get_status_display().lower()}; it cannot get a verdict."
            )
        verdict = Verdict(
            claim=claim,
            headline=headline,
            slug=unique_slug(Verdict, headline),
            rating=rating,
            summary=summary,
            body=body,
        )
        verdict._history_user = user
        verdict.save()
        verdict.authors.add(user)
        if claim.status in (CS.CANDIDATE, CS.ACCEPTED):
            _claim_follow(claim, VS.DRAFT, user)
    return verdict


VERDICT_EDITABLE_FIELDS = ("rating", "headline", "summary", "body")


def verdict_update(*, verdict: Verdict, expected_version: int, user, **changes) -> Verdict:
    """Save edits to a verdict unless someone else saved it since `expected_version` was read."""
    _require(user, "claims.change_verdict", "edit verdicts")
    unknown = set(changes) - set(VERDICT_EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(f"These verdict fields cannot be edited here: {', '.join(sorted(unknown))}.")
    with transaction.atomic():
        # Lock, then compare versions: the second of two concurrent saves sees the bump.
        locked = Verdict.objects.select_for_update().get(pk=verdict.pk)
        if locked.version != expected_version:
            raise ConcurrentEditError(
                f"“{locked.headline}” was changed by someone else since you opened it "
                f"(your version {expected_version}, now {locked.version}). Reload it and "
                "apply your changes again."
            )
        if locked.status in (VS.PUBLISHED, VS.RETRACTED) and not user.has_perm(PUBLISH_PERMISSION):
            raise PermissionDenied("Only editors can change a published verdict.")
        for name, value in changes.items():
            setattr(locked, name, value)
        if locked.status in (VS.PUBLISHED, VS.RETRACTED) and locked.rating_id is None:
            raise ValidationError("A published verdict must keep a rating.")
        locked.version += 1
        locked._history_user = user
        locked.save()
        if user not in locked.authors.all() and not user.has_perm(PUBLISH_PERMISSION):
            locked.authors.add(user)
        if locked.status == VS.PUBLISHED:
            publication.verdict_changed(verdict=locked, event=publication.UPDATED)
    return locked


def _claim_follow(claim: Claim, verdict_status: str, user) -> None:
    claim.status = CLAIM_STATUS_FOLLOWING_VERDICT[verdict_status]
    claim._history_user = user
    claim.save(update_fields=["status", "updated_at"])


def _verdict_step(verdict: Verdict, action: str, user) -> Verdict:
    locked = Verdict.objects.select_for_update().select_related("claim").get(pk=verdict.pk)
    transition = verdict_transition_for(locked, action)
    if transition.permission:
        _require(user, transition.permission, transition.label.lower() + " verdicts")
    locked.status = transition.target
    locked.version += 1
    locked._history_user = user
    return locked


def verdict_submit(*, verdict: Verdict, user) -> Verdict:
    """A fact-checker hands a draft to the editors."""
    with transaction.atomic():
        locked = _verdict_step(verdict, "submit", user)
        locked.save()
        _claim_follow(locked.claim, locked.status, user)
    return locked


def verdict_send_back(*, verdict: Verdict, editor) -> Verdict:
    with transaction.atomic():
        locked = _verdict_step(verdict, "send_back", editor)
        locked.save()
        _claim_follow(locked.claim, locked.status, editor)
    return locked


def verdict_missing_for_publication(verdict: Verdict) -> list[str]:
    """What a verdict still lacks before it may be published (empty when complete)."""
    missing = []
    if verdict.rating_id is None:
        missing.append("a rating")
    if not verdict.headline.strip():
        missing.append("a headline")
    if not verdict.summary.strip():
        missing.append("a summary")
    if not EvidenceLink.objects.filter(claim_id=verdict.claim_id).exists():
        missing.append("at least one evidence link")
    return missing


def verdict_publish(*, verdict: Verdict, editor) -> Verdict:
    """An editor publishes a complete verdict; the claim becomes published with it."""
    with transaction.atomic():
        locked = _verdict_step(verdict, "publish", editor)
        missing = verdict_missing_for_publication(locked)
        if missing:
            raise ValidationError(f"“{locked.headline}” cannot be published yet: it needs {', '.join(missing)}.")
        if Verdict.objects.filter(claim_id=locked.claim_id, status=VS.PUBLISHED).exclude(pk=locked.pk).exists():
            raise TransitionError(
                f"Claim #{locked.claim_id} already has a published verdict; retract it first."
            )
        now = timezone.now()
        locked.published_at = locked.published_at or now
        locked.editor = editor
        locked.save()
        _claim_follow(locked.claim, locked.status, editor)
        publication.verdict_changed(verdict=locked, event=publication.PUBLISHED)
    return locked


def verdict_retract(*, verdict: Verdict, editor, note: str) -> Verdict:
    """Withdraw a published verdict; its page stays up with a retraction notice."""
    if not note.strip():
        raise ValidationError("Say why the verdict is retracted: readers see this note.")
    with transaction.atomic():
        locked = _verdict_step(verdict, "retract", editor)
        locked.retracted_at = timezone.now()
        locked.retraction_note = note.strip()
        locked.save()
        _claim_follow(locked.claim, locked.status, editor)
        publication.verdict_changed(verdict=locked, event=publication.RETRACTED)
    return locked


def correction_add(*, verdict: Verdict, note: str, editor) -> Correction:
    """Log a public correction on a published verdict."""
    _require(editor, PUBLISH_PERMISSION, "add corrections")
    if not note.strip():
        raise ValidationError("A correction needs a public note.")
    with transaction.atomic():
        locked = Verdict.objects.select_for_update().get(pk=verdict.pk)
        if not locked.is_public:
            raise TransitionError("Only published verdicts take corrections; edit the draft instead.")
        correction = Correction(verdict=locked, corrected_on=timezone.now(), note=note.strip(), author=editor)
        correction._history_user = editor
        correction.save()
        locked.version += 1
        locked._history_user = editor
        locked.save(update_fields=["version", "updated_at"])
        publication.verdict_changed(verdict=locked, event=publication.CORRECTED)
    return correction


# Rating scale --------------------------------------------------------------------------


def rating_save(*, rating: Rating, user) -> Rating:
    """Create or change a step of the rating scale (the admin saves ratings through this).

    Every public page shows ratings (labels, colours, the methodology page), so cached pages
    are rebuilt once the change commits.
    """
    _require(user, "claims.change_rating" if rating.pk else "claims.add_rating", "edit the rating scale")
    if not re.fullmatch(r"#[0-9A-Fa-f]{6}", rating.colour or ""):
        # The database constraint would say only that it was violated.
        raise ValidationError({"colour": "Give the colour in hex, e.g. #2e7d32."})
    rating.full_clean()
    with transaction.atomic():
        rating._history_user = user
        rating.save()
        transaction.on_commit(publication.invalidate_public_cache)
    return rating


def rating_delete(*, rating: Rating, user) -> None:
    """Remove an unused step of the scale; a rating any verdict carries is protected."""
    _require(user, "claims.delete_rating", "edit the rating scale")
    if rating.verdicts.exists():
        raise ValidationError(f"“{rating.label}” is used by verdicts and cannot be deleted.")
    with transaction.atomic():
        rating._history_user = user
        rating.delete()
        transaction.on_commit(publication.invalidate_public_cache)
