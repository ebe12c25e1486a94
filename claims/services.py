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
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.text import slugify

from claims import publication
from claims.models import (
    Appearance,
    Claim,
    Correction,
    EvidenceLink,
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


def _require(user: AbstractUser, permission: str, what: str) -> None:
    if user is None or not user.has_perm(permission):
        raise PermissionDenied(f"You do not have permission to {what}.")


def unique_slug(model: type[models.Model], base: str, *, max_length: int = 80, exclude_pk: int | None = None) -> str:
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


def speaker_update(*, speaker: Speaker, user: AbstractUser, renamed: bool = False) -> Speaker:
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


def speaker_merge(*, keep: Speaker, others: Sequence[Speaker], user: AbstractUser) -> Speaker:
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
        _claim_index_wording(claim)
    return claim


def _claim_index_wording(claim: Claim, *, replace: bool = False) -> None:
    """Keep the wording index that matches new sentences to claims in step with the text."""
    from sources.matching import claim_match_keys_write

    claim_match_keys_write([claim], replace=replace)


def tag_get_or_create(*, name: str) -> Tag:
    name = name.strip()
    tag = Tag.objects.filter(name__iexact=name).first()
    if tag is None:
        tag = Tag.objects.create(name=name, slug=unique_slug(Tag, name))
    return tag


def claim_update(*, claim: Claim, user: AbstractUser) -> Claim:
    """Save a curator's edits to a claim (text, speaker, tags...); a claim that is already on a
    public page makes those pages rebuild once the change commits."""
    _require(user, "claims.change_claim", "edit claims")
    with transaction.atomic():
        claim._history_user = user
        claim.save()
        _claim_index_wording(claim, replace=True)
        if claim.verdicts.filter(status__in=[VS.PUBLISHED, VS.RETRACTED]).exists():
            transaction.on_commit(publication.invalidate_public_cache)
    return claim


def claim_apply(*, claim: Claim, action: str, user: AbstractUser) -> Claim:
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


def claims_apply(*, claims: Iterable[Claim], action: str, user: AbstractUser) -> BulkResult:
    """Apply `action` to each claim; refusals are collected with their reason, not raised."""
    result = BulkResult()
    for claim in claims:
        try:
            result.changed.append(claim_apply(claim=claim, action=action, user=user))
        except TransitionError as exc:
            result.refused.append((claim, str(exc)))
    return result


def claim_assign(*, claim: Claim, assignee: AbstractUser | None, user: AbstractUser) -> Claim:
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


def claims_merge(*, keep: Claim, others: Sequence[Claim], user: AbstractUser) -> Claim:
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
    user: AbstractUser,
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


# Verdicts ------------------------------------------------------------------------------


def verdict_create(
    *,
    claim: Claim,
    headline: str,
    user: AbstractUser,
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


def verdict_update(*, verdict: Verdict, expected_version: int, user: AbstractUser, **changes: Any) -> Verdict:
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


def _claim_follow(claim: Claim, verdict_status: str, user: AbstractUser) -> None:
    claim.status = CLAIM_STATUS_FOLLOWING_VERDICT[verdict_status]
    claim._history_user = user
    claim.save(update_fields=["status", "updated_at"])


def _verdict_step(verdict: Verdict, action: str, user: AbstractUser) -> Verdict:
    locked = Verdict.objects.select_for_update().select_related("claim").get(pk=verdict.pk)
    transition = verdict_transition_for(locked, action)
    if transition.permission:
        _require(user, transition.permission, transition.label.lower() + " verdicts")
    locked.status = transition.target
    locked.version += 1
    locked._history_user = user
    return locked


def verdict_submit(*, verdict: Verdict, user: AbstractUser) -> Verdict:
    """A fact-checker hands a draft to the editors."""
    with transaction.atomic():
        locked = _verdict_step(verdict, "submit", user)
        locked.save()
        _claim_follow(locked.claim, locked.status, user)
    return locked


def verdict_send_back(*, verdict: Verdict, editor: AbstractUser) -> Verdict:
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


def verdict_publish(*, verdict: Verdict, editor: AbstractUser) -> Verdict:
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


def verdict_retract(*, verdict: Verdict, editor: AbstractUser, note: str) -> Verdict:
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


def correction_add(*, verdict: Verdict, note: str, editor: AbstractUser) -> Correction:
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


def rating_save(*, rating: Rating, user: AbstractUser) -> Rating:
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


def rating_delete(*, rating: Rating, user: AbstractUser) -> None:
    """Remove an unused step of the scale; a rating any verdict carries is protected."""
    _require(user, "claims.delete_rating", "edit the rating scale")
    if rating.verdicts.exists():
        raise ValidationError(f"“{rating.label}” is used by verdicts and cannot be deleted.")
    with transaction.atomic():
        rating._history_user = user
        rating.delete()
        transaction.on_commit(publication.invalidate_public_cache)
