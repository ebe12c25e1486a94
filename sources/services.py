"""Writes of the ingestion pipeline: articles into sources and candidate claims, and tips.

`article_ingest` is the one place an article becomes rows. It runs the pure text steps
(`sources.pipeline`), scores the sentences with the check-worthiness scorer, then writes
everything for the article in one transaction: nothing half-ingested ever remains.
"""

from __future__ import annotations

import hashlib
import re
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from pathlib import Path

import numpy as np
from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import (
    DatabaseError,
    IntegrityError,
    InterfaceError,
    OperationalError,
    connection,
    transaction,
)
from django.utils import timezone

from claims import publication
from claims.matching import embedding
from claims.matching.decide import Outcome, Thresholds
from claims.matching.lookup import Match, Wording, claims_match
from claims.models import Appearance, Claim, Speaker, SpeakerAlias, Verdict
from claims.selectors import public_fact_check_of
from claims.services import (
    ClaimDraft,
    SuggestionDraft,
    claims_create_bulk,
    match_suggestions_record,
    match_suggestions_record_for,
    normalize_name,
    speaker_create,
    speaker_offer_role,
)
from claims.speaker_names import surname_alias
from claims.workflow import PUBLIC_VERDICT_STATUSES, require_change_published
from sources.models import IngestJob, Source
from sources.pipeline import Analysis, Attribution, analyse, normalise
from sources.pipeline.attribution import speaker_kind
from sources.pipeline.normalise import clean_line
from sources.plan import ChunkPlan, Picked, plan_chunk
from sources.readers import RawArticle, ReadError, iter_files, read_file, strip_markup

MAX_SPEAKER_MENTION = 300
MAX_SPEAKER_ROLE = 200


@dataclass
class IngestResult:
    """What one article did to the database."""

    source: Source
    created: bool  # False: the same text was already ingested, nothing changed
    candidates_created: int = 0
    appearances_added: int = 0  # new appearances of claims that already existed
    speakers_created: int = 0
    claims: list[Claim] = field(default_factory=list)


@dataclass
class BatchResult:
    files_read: int = 0
    sources_created: int = 0
    sources_unchanged: int = 0
    candidates_created: int = 0
    appearances_added: int = 0
    speakers_created: int = 0
    errors: list[str] = field(default_factory=list)
    # The sources this batch created, so the admin can open an added article's candidates.
    source_ids: list[int] = field(default_factory=list)
    # Set when the database went away mid-batch: why, and every article left unwritten.
    interrupted: str = ""
    not_ingested: list[str] = field(default_factory=list)

    def add(self, result: IngestResult) -> None:
        if result.created:
            self.sources_created += 1
            self.source_ids.append(result.source.pk)
        else:
            self.sources_unchanged += 1
        self.candidates_created += result.candidates_created
        self.appearances_added += result.appearances_added
        self.speakers_created += result.speakers_created


@dataclass
class TipResult:
    claim: Claim
    matched: bool  # True: the tip attached to a claim that already existed
    source: Source | None = None
    suggested: Claim | None = None  # a new candidate that may be this existing claim

    def public_fact_check(self) -> Verdict | None:
        """All a tip's answer may reveal about the claim it reached: the public fact-check of a
        claim we already had. A new claim and a match with nothing published are answered
        alike, so a tipster (reader or partner) never learns what the newsroom is working on."""
        return public_fact_check_of(self.claim) if self.matched else None


def fingerprint(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def candidate_threshold() -> float:
    """`FACTCHECK_CANDIDATE_THRESHOLD` when set, else the two-stage scorer's own."""
    if settings.FACTCHECK_CANDIDATE_THRESHOLD is not None:
        return settings.FACTCHECK_CANDIDATE_THRESHOLD
    from sources.checkworthiness.scoring import default_threshold

    return default_threshold()


def _scorer():
    from sources.checkworthiness.scoring import get_scorer

    return get_scorer()


def _validate_url(url: str) -> str:
    url = url.strip()
    if url:
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError:
            raise ValidationError(f"{url[:200]!r} is not a valid http(s) URL.") from None
    return url


# Speakers ------------------------------------------------------------------------------


def speakers_resolve(attributions: Iterable[Attribution]) -> tuple[dict[str, Speaker], int]:
    """Map each attributed speaker name to a Speaker: an existing one by name or alias, else new.

    A single-word mention ("Peskov") may match an alias; a full name only matches itself, so
    "Eric Trump" never lands on "Donald Trump" through their shared surname. Unknown people
    become unreviewed speakers with their surname as an alias and the title seen in the text.
    """
    resolved, created = _speakers_resolve(attributions)
    return resolved, len(created)


def _speakers_resolve(attributions: Iterable[Attribution]) -> tuple[dict[str, Speaker], set[str]]:
    """`speakers_resolve`, naming the speakers it created. Attributions come in reading order,
    so a surname-only mention later in a batch finds the speaker an earlier article created."""
    wanted: dict[str, Attribution] = {}
    for attribution in attributions:
        if attribution.speaker:
            wanted.setdefault(attribution.speaker, attribution)
    if not wanted:
        return {}, set()
    keys = {name: normalize_name(name) for name in wanted}
    aliases = {
        alias.normalized: alias.speaker
        for alias in SpeakerAlias.objects.select_related("speaker").filter(normalized__in=set(keys.values()))
    }
    resolved: dict[str, Speaker] = {}
    created: set[str] = set()
    for name, attribution in wanted.items():
        speaker = aliases.get(keys[name])
        if speaker is None:
            kind = attribution.speaker_kind
            speaker = speaker_create(
                name=name, kind=kind, role=attribution.role[:MAX_SPEAKER_ROLE], reviewed=False, surname_alias=True
            )
            aliases[keys[name]] = speaker
            surname = surname_alias(name, kind=kind)
            if surname:
                aliases.setdefault(normalize_name(surname), speaker)
            created.add(name)
        elif attribution.role:
            speaker_offer_role(speaker=speaker, role=attribution.role[:MAX_SPEAKER_ROLE])
        resolved[name] = speaker
    return resolved, created


# Articles ------------------------------------------------------------------------------


def article_ingest(
    *,
    text: str,
    title: str = "",
    publisher: str = "",
    author: str = "",
    url: str = "",
    published_at: datetime | None = None,
    language: str = "en",
    threshold: float | None = None,
) -> IngestResult:
    """Ingest one article: a Source, its candidate claims, their speakers and appearances.

    Re-ingesting the same text (same fingerprint of the normalised text) changes nothing. A
    sentence whose wording matches an existing claim adds an Appearance to that claim.
    """
    article = RawArticle(
        text=text, origin="the article", title=title, publisher=publisher, author=author,
        url=url, published_at=published_at, language=language,
    )
    (outcome,) = _ingest_chunk([article], threshold=threshold)
    if isinstance(outcome, Exception):
        raise outcome
    return outcome


@dataclass
class _Pending:
    article: RawArticle
    text: str  # normalised
    digest: str
    analysis: Analysis | None = None
    scores: list = field(default_factory=list)
    url: str = ""
    picked: list = field(default_factory=list)  # (sentence, score, attribution) at the threshold


def _ingest_chunk(
    articles: Sequence[RawArticle], *, threshold: float | None
) -> list[IngestResult | ValidationError | DatabaseError]:
    """Ingest several articles: one fingerprint lookup, one scorer call, one matching statement
    and one transaction of bulk inserts for all of them. When that transaction fails, each
    article is written again in its own, so a bad article loses only itself. Returns a result
    or the error for each article."""
    outcomes: list = [None] * len(articles)
    pending: dict[int, _Pending] = {}
    for i, article in enumerate(articles):
        text = normalise(article.text)
        if not text.strip():
            outcomes[i] = ValidationError("The article has no text once boilerplate is removed.")
            continue
        pending[i] = _Pending(article, text, fingerprint(text))
    if not pending:
        return outcomes
    known = {
        source.fingerprint: source
        for source in Source.objects.filter(fingerprint__in={p.digest for p in pending.values()})
    }
    fresh: dict[int, _Pending] = {}
    claimed: set[str] = set()
    for i, item in pending.items():
        if item.digest in known:
            outcomes[i] = IngestResult(source=known[item.digest], created=False)
        elif item.digest in claimed:
            outcomes[i] = item.digest  # the same text twice in one chunk: resolved below
        else:
            claimed.add(item.digest)
            fresh[i] = item
    if fresh:
        _analyse_and_score(fresh.values())
        limit = candidate_threshold() if threshold is None else threshold
        together: dict[int, _Pending] = {}
        alone: dict[int, _Pending] = {}  # a second article from a URL seen earlier in the chunk
        urls: set[str] = set()
        for i, item in fresh.items():
            try:
                item.url = _validate_url(item.article.url)
            except ValidationError as exc:
                outcomes[i] = exc
                continue
            item.picked = [
                (sentence, score, attribution)
                for sentence, score, attribution in zip(
                    item.analysis.sentences, item.scores, item.analysis.attributions, strict=True
                )
                if score.score >= limit
            ]
            if item.url and item.url in urls:
                alone[i] = item
            else:
                urls.add(item.url)
                together[i] = item
        taken = set(Source.objects.filter(url__in=urls - {""}).values_list("url", flat=True)) if urls - {""} else set()
        for i in [i for i, item in together.items() if item.url in taken]:
            outcomes[i] = ValidationError(f"A different text was already ingested from {together.pop(i).url}.")
        if together:
            try:
                with transaction.atomic():
                    results = _write_articles(list(together.values()))
                for i, result in zip(together, results, strict=True):
                    outcomes[i] = result
            except (ValidationError, DatabaseError):
                # One article spoiled the chunk's transaction: write each on its own.
                for i, item in together.items():
                    outcomes[i] = _write_alone(item)
        for i, item in alone.items():
            outcomes[i] = _write_alone(item)
    for i, outcome in enumerate(outcomes):
        if isinstance(outcome, str):
            source = Source.objects.filter(fingerprint=outcome).first()
            if source is not None:
                outcomes[i] = IngestResult(source=source, created=False)
            else:
                # The earlier copy failed for reasons of its own (a bad URL, say): this one,
                # with its own metadata, gets its own attempt rather than inheriting the failure.
                (outcomes[i],) = _ingest_chunk([articles[i]], threshold=threshold)
    return outcomes


def _analyse_and_score(items: Iterable[_Pending]) -> None:
    items = list(items)
    for item in items:
        item.analysis = analyse(item.text, normalised=True)
    sentences = [s.text for item in items for s in item.analysis.sentences]
    scores = iter(_scorer().score(sentences))
    for item in items:
        item.scores = [next(scores) for _ in item.analysis.sentences]


def _write_alone(item: _Pending) -> IngestResult | ValidationError | DatabaseError:
    """One article in its own transaction (the fallback when its chunk could not be written)."""
    try:
        if item.url and Source.objects.filter(url=item.url).exists():
            raise ValidationError(f"A different text was already ingested from {item.url}.")
        for attempt in (1, 2):
            try:
                with transaction.atomic():
                    return _write_articles([item])[0]
            except IntegrityError:
                # Someone ingested the same text in the meantime: that is the no-op case.
                existing = Source.objects.filter(fingerprint=item.digest).first()
                if existing is not None:
                    return IngestResult(source=existing, created=False)
                # Otherwise a concurrent ingest created a row this one also wanted (the same
                # new speaker's slug or alias). It has committed now, so a second attempt finds
                # and reuses it instead of failing the article.
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")
    except (ValidationError, DatabaseError) as exc:
        return exc


def _plain(value: str) -> str:
    """Metadata as stored: plain text, no markup, control characters or lone surrogates."""
    return clean_line(strip_markup(value or ""))


def _write_articles(items: Sequence[_Pending]) -> list[IngestResult]:
    """Write articles in the caller's transaction with bulk inserts: sources, speakers, claims
    (through `claims_create_bulk`) and appearances, as if written one after another: a sentence
    of a later article matches claims an earlier one created."""
    sources = [
        Source(
            text=item.analysis.text,
            fingerprint=item.digest,
            kind=Source.Kind.ARTICLE,
            title=_plain(item.article.title)[:500],
            publisher=_plain(item.article.publisher)[:200],
            author=_plain(item.article.author)[:300],
            url=item.url,
            published_at=item.article.published_at,
            language=_plain(item.article.language)[:12] or "en",
        )
        for item in items
    ]
    Source.objects.bulk_create(sources)
    speakers, new_names = _speakers_resolve(a for item in items for _s, _score, a in item.picked if a)
    vectors = iter(embedding.embed([sentence.text for item in items for sentence, _s, _a in item.picked]))
    analysed = [
        [Picked(sentence, float(score.score), tuple(score.reasons), attribution, next(vectors))
         for sentence, score, attribution in item.picked]
        for item in items
    ]
    flat = [p for picked in analysed for p in picked]
    found = iter(
        claims_match([Wording(p.sentence.text, p.speaker) for p in flat], vectors=_stack([p.vector for p in flat]))
    )
    matches: list[list[Match]] = [[next(found) for _p in picked] for picked in analysed]
    plan = plan_chunk(analysed, matches, Thresholds.from_settings())
    return chunk_write(
        plan=plan,
        sources=sources,
        speakers=speakers,
        new_names=new_names,
        said_on=[item.article.published_at.date() if item.article.published_at else None for item in items],
    )


def _stack(vectors: list) -> np.ndarray:
    return np.stack(vectors) if vectors else np.zeros((0, embedding.DIMENSIONS), dtype=np.float32)


def chunk_write(
    *,
    plan: ChunkPlan,
    sources: Sequence[Source],
    speakers: dict[str, Speaker],
    new_names: set[str],
    said_on: Sequence,
) -> list[IngestResult]:
    """Write a chunk's plan for the articles whose `sources` were just inserted: the new claims,
    every appearance and the possible matches. Returns one result per article."""
    results = [IngestResult(source=source, created=True) for source in sources]
    drafts = [
        ClaimDraft(
            text=new.picked.sentence.text,
            speaker=speakers.get(new.picked.speaker) if new.picked.speaker else None,
            made_on=said_on[new.article],
            score=new.picked.score,
            score_reasons=new.picked.reasons,
            origin=Claim.Origin.INGESTION,
            language=sources[new.article].language,
        )
        for new in plan.new_claims
    ]
    created = claims_create_bulk(
        drafts=drafts, change_reason="ingested", vectors=_stack([new.picked.vector for new in plan.new_claims])
    )
    for new, claim in zip(plan.new_claims, created, strict=True):
        results[new.article].claims.append(claim)
    appearances = []
    for planned in plan.appearances:
        result = results[planned.article]
        if planned.repeat:
            result.appearances_added += 1
        attribution = planned.picked.attribution
        sentence = planned.picked.sentence
        target = planned.existing
        if target is None:
            assert planned.new is not None, "a planned appearance is of a stored claim or of a new one"
            target = created[planned.new]
        appearances.append(
            Appearance(
                claim=target,
                source=result.source,
                sentence=sentence.text,
                start=sentence.start,
                end=sentence.end,
                said_on=said_on[planned.article],
                speaker_mention=(attribution.mention if attribution else "")[:MAX_SPEAKER_MENTION],
                speaker_role=(attribution.role if attribution else "")[:MAX_SPEAKER_ROLE],
            )
        )
    Appearance.objects.bulk_create(appearances)
    # A new appearance of a claim already fact-checked shows on its public page.
    publication.claims_changed(
        claim_ids={planned.existing.pk for planned in plan.appearances if planned.existing is not None},
        reason="appearance ingested",
    )
    match_suggestions_record(
        drafts=[
            SuggestionDraft(
                claim=created[s.new],
                similarity=s.similarity,
                match=s.existing if s.existing is not None else (created[s.earlier] if s.earlier is not None else None),
                external=s.external,
                differences=s.differences,
            )
            for s in plan.suggestions
        ]
    )
    mentioned: set[str] = set()
    by_article: list[set[str]] = [set() for _ in sources]
    for planned in plan.appearances:
        if planned.picked.speaker:
            by_article[planned.article].add(planned.picked.speaker)
    for result, names in zip(results, by_article, strict=True):
        result.speakers_created = len((names & new_names) - mentioned)
        mentioned |= names
        result.candidates_created = len(result.claims)
    return results


def paths_ingest(
    paths: Sequence[str | Path],
    *,
    defaults: dict | None = None,
    threshold: float | None = None,
    progress: Callable[[int], None] | None = None,
) -> BatchResult:
    """Ingest files and folders; one bad file (or record) is reported and the rest goes on."""
    batch = BatchResult()
    files = []
    for path in map(Path, paths):
        if not path.exists():
            batch.errors.append(f"{path}: no such file or folder")
            continue
        files.extend(iter_files([path]))

    def articles():
        for file in files:
            batch.files_read += 1
            yield from read_file(file, defaults=defaults)
            if progress is not None:
                progress(1)

    return articles_ingest(articles(), threshold=threshold, batch=batch)


def articles_ingest(
    items: Iterable[RawArticle | ReadError],
    *,
    threshold: float | None = None,
    batch: BatchResult | None = None,
    chunk_size: int = 64,
) -> BatchResult:
    """Ingest articles already read (or the errors met reading them), each in its own transaction.

    Articles are handled in chunks so that re-ingesting costs one fingerprint query per chunk
    and the scorer sees many sentences at once.
    """
    batch = batch if batch is not None else BatchResult()
    chunk: list[RawArticle] = []

    def flush() -> None:
        outcomes: list[IngestResult | ValidationError | DatabaseError | InterfaceError]
        try:
            outcomes = list(_ingest_chunk(chunk, threshold=threshold))
        except (OperationalError, InterfaceError) as exc:
            outcomes = [exc] * len(chunk)
        outage = [o for o in outcomes if isinstance(o, OperationalError | InterfaceError)]
        if outage and not database_reachable():
            # Not this article's fault: the database is gone, and every later write would fail
            # the same way. Stop writing; what is left is named so the batch can be run again.
            batch.interrupted = _first_line(outage[0])
        for article, outcome in zip(chunk, outcomes, strict=True):
            if batch.interrupted and isinstance(outcome, DatabaseError):
                batch.not_ingested.append(article.origin)
            elif isinstance(outcome, ValidationError):
                batch.errors.append(f"{article.origin}: {' '.join(outcome.messages)}")
            elif isinstance(outcome, DatabaseError):
                # The article's transaction rolled back; the rest of the batch goes on.
                batch.errors.append(f"{article.origin}: not saved, database error ({_first_line(outcome)})")
            else:
                batch.add(outcome)
        chunk.clear()

    for item in items:
        if isinstance(item, ReadError):
            batch.errors.append(str(item))
        elif batch.interrupted:
            batch.not_ingested.append(item.origin)
        else:
            chunk.append(item)
            if len(chunk) >= chunk_size:
                flush()
    if chunk:
        flush()
    return batch


# Not the kind: whether readers see a source's appearances changes only by `source_approve`.
SOURCE_EDITABLE_FIELDS = ("title", "url", "publisher", "author", "published_at", "language")


def source_update(*, source: Source, user: AbstractUser) -> Source:
    """Save a fact-checker's fixes to a source's metadata (title, publisher, URL, date...).

    The text and its fingerprint stay as ingested: they are what the claims' offsets point
    into. Public fact-check pages name their sources: each of their fact-checks gets an event.
    """
    if user is None or not user.has_perm("sources.change_source"):
        raise PermissionDenied("You do not have permission to edit sources.")
    source.url = _validate_url(source.url) if source.url else ""
    source.full_clean(exclude=["text", "fingerprint"])
    with transaction.atomic():
        stored = Source.objects.select_for_update().filter(pk=source.pk).values(*SOURCE_EDITABLE_FIELDS).get()
        changed = any(stored[name] != getattr(source, name) for name in SOURCE_EDITABLE_FIELDS)
        if changed and source.reviewed and Verdict.objects.filter(
            claim__appearances__source=source, status__in=PUBLIC_VERDICT_STATUSES
        ).exists():
            # Fact-check pages name the source: it is published material.
            require_change_published(user, "change a source shown on a published fact-check")
        source.save(update_fields=[*SOURCE_EDITABLE_FIELDS])
        if changed:
            # Fact-check pages list the sources a claim appeared in (title, publisher, URL):
            # an event for each public fact-check of a claim seen in this source.
            publication.claims_changed(
                claim_ids=Claim.objects.filter(appearances__source=source).values("pk"),
                reason=f"source {source.pk} edited",
            )
    return source


def ingest_job_create(
    *, files: Sequence[tuple[str, bytes | Iterable[bytes]]], user: AbstractUser, metadata: dict | None = None
) -> IngestJob:
    """Keep uploaded files where the worker reads them and queue their ingestion.

    The request only writes the files; `sources.tasks.ingest_job_run` ingests them and
    records its progress on the job, which the admin shows while it runs.
    """
    if not files:
        raise ValidationError("Upload at least one file.")
    folder = Path(settings.FACTCHECK_UPLOAD_DIR) / uuid.uuid4().hex
    folder.mkdir(parents=True, exist_ok=False)
    # Each article gets a folder of its own (NNNNN/), which keeps two uploads of the same name
    # apart and a metadata sidecar (report.json beside report.txt) with its article.
    names = [_upload_name(name) for name, _ in files]
    texts = {Path(n).stem: i for i, n in enumerate(names) if Path(n).suffix.lower() == ".txt"}
    articles = 0
    slots: dict[int, Path] = {}
    for position, ((_, data), name) in enumerate(zip(files, names, strict=True)):
        owner = texts.get(Path(name).stem) if Path(name).suffix.lower() == ".json" else None
        key = owner if owner is not None and owner != position else position
        if key not in slots:
            slots[key] = folder / f"{len(slots):05d}"
            slots[key].mkdir()
            articles += 1
        with (slots[key] / name).open("wb") as out:
            # Uploads arrive as chunks (Django's UploadedFile.chunks()): never whole in memory.
            for chunk in [data] if isinstance(data, bytes) else data:
                out.write(chunk)
    meta = {k: v for k, v in (metadata or {}).items() if v}
    if isinstance(meta.get("published_at"), datetime):
        meta["published_at"] = meta["published_at"].isoformat()
    with transaction.atomic():
        job = IngestJob.objects.create(
            created_by_id=user.pk, upload_dir=str(folder), file_names=names, files_total=articles, metadata=meta
        )
        from sources.tasks import ingest_job_run

        transaction.on_commit(partial(ingest_job_run.enqueue, job.pk))
    return job


def _upload_name(name: str) -> str:
    """The uploaded file's own name, made safe to store: no path, no odd characters."""
    return re.sub(r"[^\w.-]+", "_", Path(name).name).strip("._") or "upload"


def _first_line(exc: Exception) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def database_reachable() -> bool:
    """Whether the default database answers a query now (after an error, to tell an outage
    from a problem with one article)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return True
    except DatabaseError:
        return False


def files_total(paths: Sequence[str | Path]) -> int:
    return sum(1 for path in map(Path, paths) if path.exists() for _ in iter_files([path]))


# Tips ----------------------------------------------------------------------------------


def tip_submit(*, text: str, url: str = "", speaker_name: str = "", submitted_by: str = "") -> TipResult:
    """One tip from a reader or a partner: a candidate claim, or the existing claim it matches.

    The text is normalised and size-limited (`FACTCHECK_TIP_MAX_CHARS`); a URL becomes a
    `Source(kind="tip")` the claim appears in. Who sent it is kept in the staff-only note.
    A URL naming a reviewed source (an ingested article, an approved page) only goes into
    that note: the tip's words are not what that source says, so they never become one of
    its appearances (which readers would see as a quote).
    """
    text = normalise(text or "").replace("\n", " ").strip()
    if not text:
        raise ValidationError("Tell us the claim you want checked.")
    limit = settings.FACTCHECK_TIP_MAX_CHARS
    if len(text) > limit:
        raise ValidationError(f"A tip can be at most {limit} characters long (this one has {len(text)}).")
    url = _validate_url(url or "")
    speaker_name = " ".join((speaker_name or "").split())[:200]
    submitted_by = " ".join((submitted_by or "").split())[:200]
    note = f"Tip received {timezone.now():%Y-%m-%d %H:%M} UTC"
    note += f" from {submitted_by}" if submitted_by else ""
    note += f" ({url})" if url else ""
    with transaction.atomic():
        vectors = embedding.embed([text])
        # The sender's "who said it" is unchecked input: it names the new candidate's speaker but
        # does not rule out a tracked claim (a speaker named in the text itself still does).
        match = claims_match([Wording(text)], vectors=vectors)[0]
        matched = match.outcome == Outcome.SAME and match.claim is not None
        suggested = None
        if not matched:
            speaker = None
            if speaker_name:
                speaker = speakers_resolve(
                    [Attribution(0, speaker_name, speaker_name, "", "", "reported", -1, -1, speaker_kind=speaker_kind(speaker_name.split()))]
                )[0].get(speaker_name)
            score = _scorer().score([text])[0]
            (claim,) = claims_create_bulk(
                drafts=[
                    ClaimDraft(
                        text=text,
                        speaker=speaker,
                        score=float(score.score),
                        score_reasons=["tip", *score.reasons],
                        origin=Claim.Origin.TIP,
                        internal_note=note + ".",
                    )
                ],
                change_reason="tip",
                vectors=vectors,
            )
            if match.outcome == Outcome.SUGGEST:
                suggested = match.claim
            match_suggestions_record_for(claim=claim, match=match, attach_same=True)
        else:
            claim = Claim.objects.select_for_update().get(pk=match.claim.pk)
            claim.internal_note = (claim.internal_note + "\n" if claim.internal_note else "") + note + "."
            # A curator's open form of this claim must not overwrite the note (optimistic lock).
            claim.version += 1
            claim.save(update_fields=["internal_note", "version", "updated_at"])
        source = _tip_source(url) if url else None
        if source is not None and not source.reviewed:
            Appearance.objects.get_or_create(
                claim=claim, source=source, start=None, defaults={"sentence": text}
            )
    return TipResult(claim=claim, matched=matched, source=source, suggested=suggested)


def source_approve(*, source: Source, user: AbstractUser) -> Source:
    """An editor vouches for a page a tip pointed at: its appearances become public.

    Appearances are part of a published fact-check, so only someone who may change published
    material may do this (`claims.workflow.can_change_published`).
    """
    require_change_published(user, "approve sources for the public record")
    with transaction.atomic():
        locked = Source.objects.select_for_update().get(pk=source.pk)
        if locked.reviewed:
            return locked
        locked.kind = Source.Kind.OTHER
        locked.save(update_fields=["kind"])
        # Its appearances now show on the fact-checks of their claims: an event for each.
        publication.claims_changed(
            claim_ids=Claim.objects.filter(appearances__source=locked).values("pk"),
            reason=f"source {locked.pk} approved",
        )
    source.kind = locked.kind
    return locked


def _tip_source(url: str) -> Source:
    source = Source.objects.filter(url=url).first()
    if source is None:
        source, _ = Source.objects.get_or_create(
            fingerprint=fingerprint(f"tip:{url}"), defaults={"url": url, "kind": Source.Kind.TIP}
        )
    return source
