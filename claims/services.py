"""Writes to the claims domain. Every surface (admin, API, commands, ingestion) goes through
these functions so permissions, workflow and locking are enforced in one place.
"""

from __future__ import annotations

import itertools
import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import partial
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, models, transaction
from django.utils import timezone
from django.utils.text import slugify

from claims import publication, speaker_names
from claims.matching.index import claims_index_created, claims_index_wording
from claims.models import (
    Appearance,
    Claim,
    Correction,
    EvidenceLink,
    ExternalFactCheck,
    MatchSuggestion,
    Rating,
    RevisionProposal,
    Speaker,
    SpeakerAlias,
    Tag,
    Verdict,
)
from claims.tasks import evidence_link_archive
from claims.workflow import (
    CLAIM_PUBLIC_FIELDS,
    CLAIM_STATUS_FOLLOWING_VERDICT,
    MERGE_NEEDS_OTHERS,
    PUBLISH_PERMISSION,
    PUBLISHED_VERDICT_NEEDS_RATING,
    RETRACTION_NEEDS_NOTE,
    SPEAKER_PUBLIC_FIELDS,
    ConcurrentEditError,
    TransitionError,
    can_change_published,
    claim_assign_conflict,
    claim_assign_refusal,
    claim_is_public,
    claim_merge_keep_refusal,
    claim_merge_refusal,
    claim_reason_refusal,
    claim_transition_for,
    claim_verdict_refusal,
    correction_refusal,
    require_change_published,
    require_claim_changeable,
    speaker_is_public,
    stale_version_message,
    verdict_incomplete_refusal,
    verdict_missing_for_publication,
    verdict_publish_refusal,
    verdict_requirements_refusal,
    verdict_transition_for,
)

CS = Claim.Status
VS = Verdict.Status

if TYPE_CHECKING:
    import numpy as np

    from claims.matching.lookup import Match

__all__ = ["ConcurrentEditError", "PermissionDenied", "TransitionError", "verdict_missing_for_publication"]


def plain_text(value: str) -> str:
    """Text as stored: browsers post textareas with CRLF line endings; readers and partners get LF."""
    return value.replace("\r\n", "\n").replace("\r", "\n")


def _require(user, permission: str, what: str) -> None:
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
    """Record another name for `speaker`; a name already used by someone else is left alone,
    and so is a title or common noun ("Mayor", "Federation"), which would capture others."""
    normalized = normalize_name(name)
    if not normalized:
        return None
    # The speaker's own name always resolves to it ("Labour" the party is named "Labour").
    if normalized != normalize_name(speaker.name) and not speaker_names.alias_allowed(name):
        return None
    alias, _ = SpeakerAlias.objects.get_or_create(
        normalized=normalized, defaults={"speaker": speaker, "name": name.strip()}
    )
    return alias if alias.speaker_id == speaker.pk else None


def speaker_create(
    *,
    name: str,
    kind: str = Speaker.Kind.PERSON,
    role: str = "",
    affiliation: str = "",
    country: str = "",
    wikidata_id: str = "",
    reviewed: bool = False,
    aliases: Iterable[str] = (),
    surname_alias: bool = False,
) -> Speaker:
    """A new speaker known by its name and `aliases`; with `surname_alias`, a person is also
    known by their surname unless that is a generic word or another speaker's surname too."""
    name = name.strip()
    if not name:
        raise ValidationError("A speaker needs a name.")
    if kind not in Speaker.Kind.values:
        raise ValidationError(f"{kind!r} is not a kind of speaker.")
    with transaction.atomic():
        speaker = Speaker.objects.create(
            name=name,
            kind=kind,
            slug=unique_slug(Speaker, name),
            role=role,
            affiliation=affiliation,
            country=country,
            wikidata_id=wikidata_id,
            reviewed=reviewed,
        )
        for alias in [name, *aliases]:
            speaker_add_alias(speaker=speaker, name=alias)
        surname = speaker_names.surname_alias(name, kind=kind) if surname_alias else ""
        if surname:
            _speaker_add_surname(speaker=speaker, surname=surname)
    return speaker


# What readers and partners see of a speaker (on fact-check pages, in ClaimReview, in the API).
PUBLIC_SPEAKER_FIELDS = (*SPEAKER_PUBLIC_FIELDS, "slug")


def _changed(model, pk: int | None, obj, fields: Sequence[str]) -> list[str]:
    """The `fields` of `obj` that differ from its stored row (all of them for a new row)."""
    stored = model.objects.filter(pk=pk).values(*fields).first() if pk else None
    if stored is None:
        return list(fields)
    return [name for name in fields if stored[name] != getattr(obj, name)]


def _speaker_add_surname(*, speaker: Speaker, surname: str) -> None:
    """A surname alias, unless it would be ambiguous. A second person with the same surname
    makes it so: an unreviewed speaker's surname alias is withdrawn ("Trump" then names
    neither Donald nor Eric); a curator-reviewed speaker keeps theirs."""
    existing = SpeakerAlias.objects.select_related("speaker").filter(normalized=normalize_name(surname)).first()
    if existing is None:
        speaker_add_alias(speaker=speaker, name=surname)
    elif existing.speaker_id != speaker.pk and not existing.speaker.reviewed and normalize_name(existing.speaker.name) != existing.normalized:
        existing.delete()


def speaker_offer_role(*, speaker: Speaker, role: str) -> None:
    """The title an article gives a speaker, kept when nobody has set one: a curator's
    choice (a reviewed speaker, or any role already there) is never overwritten."""
    role = role.strip()
    if not role or speaker.role or speaker.reviewed:
        return
    Speaker.objects.filter(pk=speaker.pk, role="").update(role=role, updated_at=timezone.now())
    speaker.role = role


def speaker_delete(*, speaker: Speaker, user: AbstractUser) -> None:
    """Delete a speaker nobody's claim names (junk from ingestion); one with claims is merged instead."""
    _require(user, "claims.delete_speaker", "delete speakers")
    with transaction.atomic():
        speaker = Speaker.objects.select_for_update().get(pk=speaker.pk)
        claims = Claim.objects.filter(speaker=speaker).count()
        if claims:
            raise ValidationError(
                f"{speaker.name} has {claims} claim{'s' if claims != 1 else ''}: merge it into the right speaker instead."
            )
        speaker._history_user = user
        speaker.delete()
        transaction.on_commit(publication.invalidate_public_cache)


def speakers_mark_reviewed(*, speakers: Iterable[Speaker], user: AbstractUser) -> int:
    """Mark speakers as checked by a curator; returns how many changed."""
    _require(user, "claims.change_speaker", "review speakers")
    changed = 0
    with transaction.atomic():
        for speaker in Speaker.objects.select_for_update().filter(pk__in=[s.pk for s in speakers], reviewed=False):
            speaker.reviewed = True
            speaker._history_user = user
            speaker.save(update_fields=["reviewed", "updated_at"])
            changed += 1
        if changed:
            transaction.on_commit(publication.invalidate_public_cache)
    return changed


def speaker_update(*, speaker: Speaker, user: AbstractUser, renamed: bool = False) -> Speaker:
    """Save edits to a speaker; the public fact-checks of their claims are changed with it. A
    speaker named on a published fact-check is published material: only editors change it."""
    _require(user, "claims.change_speaker", "edit speakers")
    with transaction.atomic():
        Speaker.objects.select_for_update().get(pk=speaker.pk)
        changed = _changed(Speaker, speaker.pk, speaker, PUBLIC_SPEAKER_FIELDS)
        if changed and speaker_is_public(speaker.pk):
            require_change_published(user, "change how a speaker of a published fact-check is named")
        speaker._history_user = user
        speaker.save()
        if renamed:
            # The new name must keep resolving to this person, as must the old one.
            speaker_add_alias(speaker=speaker, name=speaker.name)
        if changed:
            publication.claims_changed(
                claim_ids=Claim.objects.filter(speaker=speaker).values("pk"),
                reason=f"speaker {speaker.pk} edited ({', '.join(changed)})",
            )
    return speaker


def speaker_merge(*, keep: Speaker, others: Sequence[Speaker], user: AbstractUser) -> Speaker:
    """Fold duplicate speakers into `keep`: their claims and aliases move, their names become aliases."""
    _require(user, "claims.change_speaker", "merge speakers")
    others = [s for s in others if s.pk != keep.pk]
    if any(speaker_is_public(s.pk) for s in [keep, *others]):
        require_change_published(user, "merge speakers of published fact-checks")
    with transaction.atomic():
        moved = list(Claim.objects.filter(speaker__in=others).values_list("pk", flat=True))
        for other in others:
            Claim.objects.filter(speaker=other).update(speaker=keep, updated_at=timezone.now())
            SpeakerAlias.objects.filter(speaker=other).update(speaker=keep)
            speaker_add_alias(speaker=keep, name=other.name)
            other.delete()
        # The moved claims' fact-checks now name the kept speaker (and count on its scorecard):
        # recorded after the move, so search documents and counts see it.
        publication.claims_changed(claim_ids=moved, reason=f"speakers merged into {keep.pk}")
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
    """A claim about to be created in bulk (ingestion, tips, bulk loads).

    `status`, `duplicate_of_id`, `assignee_id`, `created_at` and `updated_at` are for loads of
    an archive that already has a past (`bench_load`); ingestion and tips leave the defaults."""

    text: str
    speaker: Speaker | None = None
    made_on: date | None = None
    score: float = 0.0
    score_reasons: Sequence[str] = ()
    origin: str = Claim.Origin.MANUAL
    language: str = "en"
    internal_note: str = ""
    status: str = Claim.Status.CANDIDATE
    duplicate_of_id: int | None = None
    assignee_id: int | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None


# The columns a bulk write fills (besides the id), in the order `_claim_row` gives them.
_BULK_COLUMNS = (
    "text", "speaker_id", "made_on", "status", "duplicate_of_id", "score", "score_reasons", "assignee_id",
    "language", "origin", "internal_note", "rejection_reason", "created_at", "updated_at", "version",
)
# Claims per batch of a bulk write: one id allocation, one COPY, one history statement and one
# index write each, so a 1,000,000-claim load never holds more than this in memory.
BULK_BATCH = 10_000


def claims_create_bulk(
    *,
    drafts: Sequence[ClaimDraft],
    change_reason: str,
    vectors: np.ndarray | None = None,
    history: bool = True,
) -> list[Claim]:
    """Create claims with bulk inserts: scores clamped to [0, 1], one history row each, and
    their wording indexed for matching (`vectors`, the drafts' sentence vectors in order, when
    the caller computed them already). Runs in the caller's transaction, or its own.

    `history=False` writes no history rows: only for synthetic loads of claims nobody ever
    edited (`bench_load`; the benchmarked pages never read history)."""
    drafts = list(drafts)
    if not drafts:
        return []
    now = timezone.now()
    rows = [_claim_row(draft, now) for draft in drafts]
    with transaction.atomic():
        ids = _claims_write(rows, change_reason=change_reason, vectors=vectors, history=history, now=now)
    claims = []
    for pk, row, draft in zip(ids, rows, drafts, strict=True):
        claim = Claim(pk, **dict(zip(_BULK_COLUMNS, row, strict=True)))
        claim.speaker = draft.speaker
        claim._state.adding = False
        claims.append(claim)
    return claims


def claims_load(*, drafts: Iterable[ClaimDraft], change_reason: str, history: bool = True) -> int:
    """`claims_create_bulk` for a stream of drafts too large to hold as claims (a 1,000,000-claim
    load): the same rules, written in batches of `BULK_BATCH` in one transaction (the caller's,
    or its own). Returns how many claims it created."""
    count = 0
    stream = iter(drafts)
    with transaction.atomic():
        while batch := list(itertools.islice(stream, BULK_BATCH)):
            now = timezone.now()
            rows = [_claim_row(draft, now) for draft in batch]
            count += len(_claims_write(rows, change_reason=change_reason, vectors=None, history=history, now=now))
    return count


def _claim_row(draft: ClaimDraft, now: datetime) -> tuple:
    """A draft as the values of `_BULK_COLUMNS`: the one place bulk writes check and clamp."""
    text = draft.text.strip()
    if not text:
        raise ValidationError("A claim needs text.")
    created = draft.created_at or now
    return (
        text, draft.speaker.pk if draft.speaker is not None else None, draft.made_on, draft.status,
        draft.duplicate_of_id, min(max(float(draft.score), 0.0), 1.0), list(draft.score_reasons),
        draft.assignee_id, draft.language or "en", draft.origin, draft.internal_note, "", created,
        draft.updated_at or created, 1,
    )


def _claims_write(
    rows: list[tuple], *, change_reason: str, vectors: np.ndarray | None, history: bool, now: datetime
) -> list[int]:
    """Insert claim rows (in the caller's transaction), their history rows and their index
    entries; returns the new ids in order. PostgreSQL: ids drawn from the sequence, then one
    COPY per batch; SQLite: multi-row inserts."""
    ids: list[int] = []
    for start in range(0, len(rows), BULK_BATCH):
        batch = rows[start : start + BULK_BATCH]
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence('claims_claim', 'id')) FROM generate_series(1, %s)",
                    [len(batch)],
                )
                batch_ids = [row[0] for row in cursor.fetchall()]
                reasons = _BULK_COLUMNS.index("score_reasons")
                with cursor.copy(f"COPY claims_claim (id, {', '.join(_BULK_COLUMNS)}) FROM STDIN") as copy:
                    for pk, row in zip(batch_ids, batch, strict=True):
                        copy.write_row((pk, *row[:reasons], json.dumps(row[reasons]), *row[reasons + 1 :]))
        else:
            batch_ids = _claims_insert_returning(batch)
        if history and getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
            _claims_history_insert(batch_ids, change_reason=change_reason, now=now)
        claims_index_created(
            batch_ids, [row[0] for row in batch], vectors=None if vectors is None else vectors[start : start + BULK_BATCH]
        )
        ids.extend(batch_ids)
    return ids


def _claims_insert_returning(rows: list[tuple]) -> list[int]:
    """Multi-row INSERT ... RETURNING id (SQLite): the rows as given, no `auto_now` rewriting
    the dates of a load that has a past."""
    ops = connection.ops
    per_statement = max(1, (connection.features.max_query_params or 999) // len(_BULK_COLUMNS))
    ids: list[int] = []
    placeholders = f"({', '.join(['%s'] * len(_BULK_COLUMNS))})"
    column = _BULK_COLUMNS.index
    convert: dict[int, Callable[[Any], Any]] = {
        column("made_on"): ops.adapt_datefield_value,
        column("score_reasons"): json.dumps,
        column("created_at"): ops.adapt_datetimefield_value,
        column("updated_at"): ops.adapt_datetimefield_value,
    }
    with connection.cursor() as cursor:
        for start in range(0, len(rows), per_statement):
            chunk = rows[start : start + per_statement]
            params = [convert[i](v) if i in convert else v for row in chunk for i, v in enumerate(row)]
            cursor.execute(
                f"INSERT INTO claims_claim ({', '.join(_BULK_COLUMNS)}) VALUES "  # noqa: S608 - names from the model
                f"{', '.join([placeholders] * len(chunk))} RETURNING id",
                params,
            )
            # Rowids are handed out in VALUES order: sorted, they line up with the rows.
            returned = sorted(row[0] for row in cursor.fetchall())
            if len(returned) != len(chunk):
                raise IntegrityError("bulk insert returned no primary keys")
            ids.extend(returned)
    return ids


def _claims_history_insert(ids: list[int], *, change_reason: str, now: datetime) -> None:
    """One "created" history row per claim, copied from the claim rows by the database (what
    `bulk_create_with_history` does, without building a model instance per row)."""
    history = Claim.history.model
    tracked = ", ".join(f.column for f in history._meta.concrete_fields if not f.name.startswith("history_"))
    user = history.get_default_history_user(Claim())
    # Table and column names come from the models, never from input.
    sql = (
        f"INSERT INTO {history._meta.db_table} ({tracked}, history_date, history_change_reason, history_type, "  # noqa: S608
        f"history_user_id) SELECT {tracked}, %s, %s, '+', %s FROM {Claim._meta.db_table} WHERE id "
    )
    params = [connection.ops.adapt_datetimefield_value(now), change_reason[:100], user.pk if user else None]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(sql + "= ANY(%s)", [*params, ids])
            return
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            cursor.execute(sql + f"IN ({', '.join(['%s'] * len(chunk))})", [*params, *chunk])


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


def match_suggestions_record_for(*, claim: Claim, match: Match, attach_same: bool = False) -> list[MatchSuggestion]:
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


def match_suggestion_decide(*, suggestion: MatchSuggestion, same: bool, user: AbstractUser) -> MatchSuggestion:
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


def tag_update(*, tag: Tag, user: AbstractUser) -> Tag:
    """Rename a topic; the public fact-checks of its claims list it."""
    _require(user, "claims.change_tag", "edit tags")
    with transaction.atomic():
        changed = _changed(Tag, tag.pk, tag, ("name", "slug"))
        tag.save()
        if changed:
            publication.claims_changed(claim_ids=Claim.objects.filter(tags=tag).values("pk"), reason="tag edited")
    return tag


def tag_delete(*, tag: Tag, user: AbstractUser) -> None:
    _require(user, "claims.delete_tag", "delete tags")
    with transaction.atomic():
        publication.claims_changed(claim_ids=Claim.objects.filter(tags=tag).values("pk"), reason="tag deleted")
        tag.delete()


CLAIM_EDITABLE_FIELDS = ("text", "speaker", "made_on", "language", "internal_note")


def claim_update(
    *,
    claim: Claim,
    user: AbstractUser,
    expected_version: int,
    tags: Iterable[Tag] | None = None,
    note: str = "",
    correction: bool = False,
    **changes: Any,
) -> Claim:
    """Save a curator's edits to a claim (`changes` of `CLAIM_EDITABLE_FIELDS`, and its `tags`)
    unless someone else saved it since `expected_version` was read.

    On a claim with a public fact-check only editors may change what readers see
    (`claims.workflow.CLAIM_PUBLIC_FIELDS`), and only with a public `note` (an update note, or
    a correction with `correction=True`); the change is an event of that fact-check. The
    internal note stays anyone's to edit and is no event.
    """
    _require(user, "claims.change_claim", "edit claims")
    unknown = set(changes) - set(CLAIM_EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(f"These claim fields cannot be edited here: {', '.join(sorted(unknown))}.")
    if "text" in changes:
        changes["text"] = plain_text((changes["text"] or "").strip())
        if not changes["text"]:
            raise ValidationError("A claim needs text.")
    if "internal_note" in changes:
        changes["internal_note"] = plain_text(changes["internal_note"] or "")
    with transaction.atomic():
        # Lock, then compare versions: the second of two concurrent saves sees the bump.
        locked = Claim.objects.select_for_update().get(pk=claim.pk)
        if locked.version != expected_version:
            raise ConcurrentEditError(
                stale_version_message(f"Claim #{locked.pk}", loaded=expected_version, current=locked.version)
            )
        changes = {name: value for name, value in changes.items() if getattr(locked, name) != value}
        if tags is not None:
            tags = list(tags)
            if {t.pk for t in tags} != set(locked.tags.values_list("pk", flat=True)):
                changes["tags"] = tags
        note = note.strip()
        if not changes and not note:
            return locked
        public_changes = [name for name in changes if name in CLAIM_PUBLIC_FIELDS]
        if public_changes and claim_is_public(locked):
            require_change_published(user, "change the wording, speaker, date or topics of this claim")
        new_tags = changes.pop("tags", None)
        speaker_before = locked.speaker_id
        for name, value in changes.items():
            setattr(locked, name, value)
        if changes or new_tags is not None:
            locked.version += 1
            locked._history_user = user
            locked.save()
        if new_tags is not None:
            locked.tags.set(new_tags)
        if "text" in changes:
            claims_index_wording([locked])
        if public_changes or note:
            publication.claims_changed(
                claim_ids=[locked.pk], user=user, note=note, correction=correction,
                note_required=bool(public_changes), reason=f"claim edited ({', '.join(public_changes) or 'note'})",
                speakers_left=[speaker_before],
            )
    return locked


def claim_tags_set(
    *, claim: Claim, tags: Iterable[Tag], user: AbstractUser, note: str = "", correction: bool = False
) -> Claim:
    """Replace a claim's topics as the claim is now (after a save of the same form):
    `claim_update` with its current version, so the published gate and the event apply."""
    current = Claim.objects.filter(pk=claim.pk).values_list("version", flat=True).get()
    return claim_update(
        claim=claim, user=user, expected_version=current, tags=tags, note=note, correction=correction
    )


def claim_apply(*, claim: Claim, action: str, user: AbstractUser, reason: str = "") -> Claim:
    """Apply one curator workflow action (accept, reject, start_research, reopen) to a claim.

    Rejecting needs a `reason`: it is kept on the claim and in its history for colleagues.
    """
    _require(user, "claims.change_claim", "change claims")
    with transaction.atomic():
        # Lock the row: two curators acting on the same claim must not interleave.
        locked = Claim.objects.select_for_update().get(pk=claim.pk)
        transition = claim_transition_for(locked, action)
        refusal = claim_reason_refusal(locked, action, reason)
        if refusal:
            raise TransitionError(refusal)
        locked.status = transition.target
        # The reason explains the current rejection; earlier ones stay in the history.
        locked.rejection_reason = plain_text(reason.strip()) if transition.target == CS.REJECTED else ""
        locked.version += 1
        locked._history_user = user
        locked.save(update_fields=["status", "rejection_reason", "version", "updated_at"])
    claim.status = locked.status
    return locked


@dataclass
class BulkResult:
    changed: list[Claim] = field(default_factory=list)
    refused: list[tuple[Claim, str]] = field(default_factory=list)


def claims_apply(*, claims: Iterable[Claim], action: str, user: AbstractUser, reason: str = "") -> BulkResult:
    """Apply `action` to each claim; refusals are collected with their reason, not raised."""
    result = BulkResult()
    for claim in claims:
        try:
            result.changed.append(claim_apply(claim=claim, action=action, user=user, reason=reason))
        except TransitionError as exc:
            result.refused.append((claim, str(exc)))
    return result


def claim_assign(*, claim: Claim, assignee: AbstractUser | None, user: AbstractUser, expected_assignee_id: int | None = None) -> Claim:
    """Assign `claim` to `assignee` (None unassigns) as a compare-and-set: the claim must still
    have the assignee the curator saw (`expected_assignee_id`, None for unassigned), so two
    curators taking the same claim cannot both be told it is theirs."""
    _require(user, "claims.change_claim", "assign claims")
    with transaction.atomic():
        # No join: a row re-read after waiting for the lock would come back with the joined
        # assignee as it was before the other curator's commit.
        locked = Claim.objects.select_for_update().get(pk=claim.pk)
        refusal = claim_assign_refusal(locked)
        if refusal is None and locked.assignee_id == getattr(assignee, "pk", None):
            return locked  # Already so: nothing to change, nobody to tell otherwise.
        refusal = refusal or claim_assign_conflict(locked, expected_assignee_id=expected_assignee_id)
        if refusal:
            raise TransitionError(refusal)
        locked.assignee = assignee
        locked.version += 1
        locked._history_user = user
        locked.save(update_fields=["assignee", "version", "updated_at"])
    return locked


def claims_merge(*, keep: Claim, others: Sequence[Claim], user: AbstractUser) -> Claim:
    """Merge `others` into `keep`: appearances and evidence move, the others become duplicates.

    Rows are locked in id order so two curators merging overlapping sets cannot deadlock or
    leave an appearance pointing at a claim that is itself a duplicate.
    """
    _require(user, "claims.change_claim", "merge claims")
    other_ids = sorted({c.pk for c in others} - {keep.pk})
    if not other_ids:
        raise TransitionError(MERGE_NEEDS_OTHERS)
    with transaction.atomic():
        locked = {
            c.pk: c
            for c in Claim.objects.select_for_update().filter(pk__in=[keep.pk, *other_ids]).order_by("pk")
        }
        found = locked.get(keep.pk)
        refusal = claim_merge_keep_refusal(found, keep.pk)
        if refusal or found is None:
            raise TransitionError(refusal or f"Claim #{keep.pk} no longer exists.")
        kept = found
        # Merging into a published claim adds appearances and evidence to its public page.
        require_claim_changeable(user, kept, "merge claims into a published fact-check")
        for pk in other_ids:
            refusal = claim_merge_refusal(locked.get(pk), pk)
            if refusal:
                raise TransitionError(refusal)
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
            other.version += 1
            other._history_user = user
            other.save(update_fields=["status", "duplicate_of", "version", "updated_at"])
        if kept.speaker_id is None:
            kept.speaker_id = next((locked[pk].speaker_id for pk in other_ids if locked[pk].speaker_id), None)
        kept.score = best
        kept.version += 1
        kept._history_user = user
        kept.save(update_fields=["score", "speaker", "version", "updated_at"])
        # The kept claim's fact-check gains appearances and evidence; a merged claim's
        # retracted fact-check loses them.
        publication.claims_changed(claim_ids=[kept.pk, *other_ids], reason=f"claims merged into {kept.pk}")
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
    public_note: str = "",
    correction: bool = False,
) -> EvidenceLink:
    """Add an evidence link; on a claim with a public fact-check it needs a `public_note`
    (or one recorded for that fact-check earlier in the same transaction)."""
    _require(user, "claims.add_evidencelink", "add evidence links")
    require_claim_changeable(user, claim, "add evidence to a published fact-check")
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
    with transaction.atomic():
        link._history_user = user
        link.save()
        _evidence_changed(link, user=user, note=public_note, correction=correction, what="added")
    if settings.FACTCHECK_ARCHIVE_ON_ADD:
        # Snapshot the page in the background once the link is committed (claims.tasks).
        transaction.on_commit(partial(evidence_link_archive.enqueue, link.pk), robust=True)
    return link


EVIDENCE_EDITABLE_FIELDS = ("url", "title", "publisher", "stance", "archived_url", "accessed_at", "note", "verdict")


def _evidence_changed(link: EvidenceLink, *, user, note: str, correction: bool, what: str) -> None:
    publication.claims_changed(
        claim_ids=[link.claim_id], user=user, note=note, correction=correction, note_required=True,
        reason=f"evidence {what}",
    )


def evidence_update(
    *, link: EvidenceLink, user: AbstractUser, public_note: str = "", correction: bool = False, **changes: Any
) -> EvidenceLink:
    """Edit an evidence link (`changes` of `EVIDENCE_EDITABLE_FIELDS`); on a public fact-check
    only editors may, with a `public_note` (or a correction)."""
    _require(user, "claims.change_evidencelink", "edit evidence links")
    unknown = set(changes) - set(EVIDENCE_EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(f"These evidence fields cannot be edited here: {', '.join(sorted(unknown))}.")
    if "note" in changes:
        changes["note"] = plain_text(changes["note"] or "")
    with transaction.atomic():
        locked = EvidenceLink.objects.select_for_update().get(pk=link.pk)
        changes = {name: value for name, value in changes.items() if getattr(locked, name) != value}
        if not changes and not public_note.strip():
            return locked
        if changes and claim_is_public(locked.claim_id):
            require_change_published(user, "edit the evidence of a published fact-check")
        for name, value in changes.items():
            setattr(locked, name, value)
        locked.full_clean(validate_unique=True)
        locked._history_user = user
        locked.save()
        _evidence_changed(locked, user=user, note=public_note, correction=correction, what="changed")
    return locked


def evidence_delete(*, link: EvidenceLink, user: AbstractUser, public_note: str = "", correction: bool = False) -> None:
    """Remove an evidence link; from a public fact-check only editors may, with a `public_note`
    (or a correction)."""
    _require(user, "claims.delete_evidencelink", "remove evidence links")
    with transaction.atomic():
        locked = EvidenceLink.objects.select_for_update().filter(pk=link.pk).first()
        if locked is None:
            return
        if claim_is_public(locked.claim_id):
            require_change_published(user, "remove evidence from a published fact-check")
        _evidence_changed(locked, user=user, note=public_note, correction=correction, what="removed")
        locked._history_user = user
        locked.delete()


# Revision proposals --------------------------------------------------------------------


def revision_propose(
    *,
    claim: Claim,
    user: AbstractUser,
    note: str,
    text: str = "",
    add_url: str = "",
    add_title: str = "",
    add_publisher: str = "",
    add_stance: str = EvidenceLink.Stance.CONTEXT,
    remove_link: EvidenceLink | None = None,
) -> RevisionProposal:
    """A fact-checker proposes a change to a published fact-check's claim or evidence; an
    editor approves it (`revision_approve`) or rejects it. Nothing public changes yet."""
    _require(user, "claims.change_claim", "propose revisions")
    note, text, add_url = note.strip(), " ".join(text.split()), add_url.strip()
    if not note:
        raise ValidationError("Say why: the editor reads this note before approving.")
    if not claim_is_public(claim):
        raise TransitionError(f"Claim #{claim.pk} is not published; edit it directly.")
    if text == claim.text:
        text = ""
    if remove_link is not None and remove_link.claim_id != claim.pk:
        raise ValidationError("That evidence link belongs to another claim.")
    if add_url and EvidenceLink.objects.filter(claim=claim, url=add_url).exists():
        raise ValidationError("This claim already has this evidence link.")
    if not (text or add_url or remove_link):
        raise ValidationError("Propose a change: new wording, an evidence link to add, or one to remove.")
    proposal = RevisionProposal(
        claim=claim,
        text=text,
        add_url=add_url,
        add_title=add_title.strip(),
        add_publisher=add_publisher.strip(),
        add_stance=add_stance,
        remove_link=remove_link,
        note=note,
        proposed_by=user,
    )
    proposal.full_clean()
    proposal.save()
    return proposal


def _pending_proposal(proposal: RevisionProposal) -> RevisionProposal:
    locked = RevisionProposal.objects.select_for_update().select_related("claim").get(pk=proposal.pk)
    if locked.status != RevisionProposal.Status.PENDING:
        raise TransitionError(f"This proposal was already {locked.get_status_display().lower()}.")
    return locked


def _proposal_summary(proposal: RevisionProposal) -> str:
    """The public update note of an approved proposal when the editor gives none."""
    parts = []
    if proposal.text:
        parts.append("revised the wording of the claim")
    if proposal.add_url:
        parts.append("added a source")
    if proposal.remove_link_id is not None:
        parts.append("removed a source")
    summary = "; ".join(parts)
    return summary[:1].upper() + summary[1:] + "."


def revision_approve(
    *, proposal: RevisionProposal, editor: AbstractUser, note: str = "", public_note: str = ""
) -> RevisionProposal:
    """An editor applies a proposal through the editor's own services, in one transaction and
    one publication event; `public_note` (by default, what changed) is shown to readers, `note`
    goes to the proposer."""
    require_change_published(editor, "approve revisions of published fact-checks")
    with transaction.atomic(), publication.change_scope():
        locked = _pending_proposal(proposal)
        claim = locked.claim
        # One public change, announced by one dated update note saying what changed.
        public_note = public_note.strip() or _proposal_summary(locked)
        if locked.text:
            claim = claim_update(
                claim=claim, user=editor, expected_version=claim.version, text=locked.text, note=public_note
            )
            public_note = ""
        if locked.remove_link_id is not None:
            evidence_delete(link=locked.remove_link, user=editor, public_note=public_note)
            public_note = ""
        if locked.add_url:
            evidence_add(
                public_note=public_note,
                claim=claim,
                url=locked.add_url,
                user=editor,
                stance=locked.add_stance,
                title=locked.add_title,
                publisher=locked.add_publisher,
                note=f"Proposed by {locked.proposed_by}: {locked.note}" if locked.proposed_by else locked.note,
            )
        return _proposal_decide(locked, RevisionProposal.Status.APPROVED, editor, note)


def revision_reject(*, proposal: RevisionProposal, editor: AbstractUser, note: str = "") -> RevisionProposal:
    require_change_published(editor, "reject revisions of published fact-checks")
    with transaction.atomic():
        return _proposal_decide(_pending_proposal(proposal), RevisionProposal.Status.REJECTED, editor, note)


def _proposal_decide(proposal: RevisionProposal, status: str, editor, note: str) -> RevisionProposal:
    proposal.status = status
    proposal.decided_by = editor
    proposal.decided_at = timezone.now()
    proposal.decision_note = note.strip()
    proposal.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    return proposal


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
    user: AbstractUser,
    rating: Rating | None = None,
    summary: str = "",
    body: str = "",
) -> Verdict:
    """Start a draft verdict on an accepted claim (or one in research or already rated); an
    accepted claim moves to research. A candidate is refused: accepting it is its own step."""
    _require(user, "claims.add_verdict", "draft verdicts")
    headline = headline.strip()
    if not headline:
        raise ValidationError("A verdict needs a headline.")
    with transaction.atomic():
        claim = Claim.objects.select_for_update().get(pk=claim.pk)
        refusal = claim_verdict_refusal(claim)
        if refusal:
            raise TransitionError(refusal)
        verdict = Verdict(
            claim=claim,
            headline=headline,
            slug=unique_slug(Verdict, headline),
            rating=rating,
            summary=plain_text(summary),
            body=plain_text(body),
        )
        verdict._history_user = user
        verdict.save()
        verdict.authors.add(user)
        if claim.status == CS.ACCEPTED:
            _claim_follow(claim, VS.DRAFT, user)
    return verdict


VERDICT_EDITABLE_FIELDS = ("rating", "headline", "summary", "body")


def verdict_update(
    *, verdict: Verdict, expected_version: int, user: AbstractUser, note: str = "", correction: bool = False,
    **changes: Any,
) -> Verdict:
    """Save edits to a verdict unless someone else saved it since `expected_version` was read.

    A published (or retracted) verdict changes only with a public `note`: an update note, or a
    correction with `correction=True`. A note alone, without changes, is published too.
    """
    _require(user, "claims.change_verdict", "edit verdicts")
    unknown = set(changes) - set(VERDICT_EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(f"These verdict fields cannot be edited here: {', '.join(sorted(unknown))}.")
    with transaction.atomic():
        # Lock, then compare versions: the second of two concurrent saves sees the bump.
        locked = Verdict.objects.select_for_update().get(pk=verdict.pk)
        if locked.version != expected_version:
            raise ConcurrentEditError(
                stale_version_message(f"“{locked.headline}”", loaded=expected_version, current=locked.version)
            )
        if locked.is_public:
            require_change_published(user, "change a published verdict")
        changed = [name for name, value in changes.items() if getattr(locked, name) != value]
        for name, value in changes.items():
            setattr(locked, name, plain_text(value) if isinstance(value, str) else value)
        if locked.is_public and locked.rating_id is None:
            raise ValidationError(PUBLISHED_VERDICT_NEEDS_RATING)
        locked.version += 1
        locked._history_user = user
        locked.save()
        if user not in locked.authors.all() and not can_change_published(user):
            locked.authors.add(user)
        if changed or note:
            publication.fact_checks_changed(
                verdicts=[locked], user=user, note=note, correction=correction, note_required=bool(changed),
                reason=f"verdict edited ({', '.join(changed) or 'note'})",
            )
    return locked


def _claim_follow(claim: Claim, verdict_status: str, user: AbstractUser) -> None:
    claim.status = CLAIM_STATUS_FOLLOWING_VERDICT[verdict_status]
    claim.version += 1
    claim._history_user = user
    claim.save(update_fields=["status", "version", "updated_at"])


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
        refusal = verdict_requirements_refusal(locked, "submit")
        if refusal:
            raise ValidationError(refusal)
        locked.save()
        _claim_follow(locked.claim, locked.status, user)
    return locked


def verdict_send_back(*, verdict: Verdict, editor: AbstractUser) -> Verdict:
    with transaction.atomic():
        locked = _verdict_step(verdict, "send_back", editor)
        locked.save()
        _claim_follow(locked.claim, locked.status, editor)
    return locked


def verdict_state_problems(verdict: Verdict) -> list[str]:
    """What a verdict lacks for the status it has, by the rules the workflow services apply on
    the way there; for verdicts that did not come through them (an imported archive)."""
    problems: list[str] = []
    if verdict.is_public:
        problems += [f"it needs {missing}" for missing in verdict_missing_for_publication(verdict)]
        if verdict.editor_id is None:
            problems.append("no editor published it")
        if verdict.published_at is None:
            problems.append("it has no publication time")
    if verdict.status == VS.PUBLISHED:
        expected = CLAIM_STATUS_FOLLOWING_VERDICT[VS.PUBLISHED]
        if verdict.claim.status != expected:
            problems.append(f"its claim #{verdict.claim_id} is {verdict.claim.status}, not {expected}")
    if verdict.status == VS.RETRACTED and (verdict.retracted_at is None or not verdict.retraction_note.strip()):
        problems.append("a retraction needs its time and a note")
    return problems


def claim_state_problems(claim: Claim) -> list[str]:
    """What is wrong with a claim's status: a published claim is one whose verdict an editor
    published (the claim follows its verdict, `CLAIM_STATUS_FOLLOWING_VERDICT`)."""
    if claim.status == CS.PUBLISHED and not claim.verdicts.filter(status=VS.PUBLISHED).exists():
        return ["it is published but has no published verdict"]
    return []


def verdict_publish(*, verdict: Verdict, editor: AbstractUser) -> Verdict:
    """An editor publishes a complete verdict; the claim becomes published with it."""
    with transaction.atomic():
        locked = _verdict_step(verdict, "publish", editor)
        incomplete = verdict_incomplete_refusal(locked)
        if incomplete:
            raise ValidationError(incomplete)
        refusal = verdict_publish_refusal(locked)
        if refusal:
            raise TransitionError(refusal)
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
        raise ValidationError(RETRACTION_NEEDS_NOTE)
    with transaction.atomic():
        locked = _verdict_step(verdict, "retract", editor)
        locked.retracted_at = timezone.now()
        locked.retraction_note = plain_text(note.strip())
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
        refusal = correction_refusal(locked)
        if refusal:
            raise TransitionError(refusal)
        correction = Correction(verdict=locked, corrected_on=timezone.now(), note=plain_text(note.strip()), author=editor)
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
        changed = _changed(Rating, rating.pk, rating, RATING_FACT_CHECK_FIELDS) if rating.pk else []
        rating._history_user = user
        rating.save()
        # The methodology page and every meter show the scale; fact-checks carrying this rating
        # show (and send partners) its label, value and colour.
        publication.site_changed(reason=f"rating {rating.slug} saved")
        if changed:
            publication.fact_checks_changed(
                verdicts=Verdict.objects.filter(rating=rating).values_list("pk", flat=True),
                reason=f"rating {rating.slug} edited ({', '.join(changed)})",
            )
    return rating


RATING_FACT_CHECK_FIELDS = ("label", "slug", "value", "colour")


def rating_delete(*, rating: Rating, user: AbstractUser) -> None:
    """Remove an unused step of the scale; a rating any verdict carries is protected."""
    _require(user, "claims.delete_rating", "edit the rating scale")
    if rating.verdicts.exists():
        raise ValidationError(f"“{rating.label}” is used by verdicts and cannot be deleted.")
    with transaction.atomic():
        rating._history_user = user
        rating.delete()
        publication.site_changed(reason="rating deleted")
