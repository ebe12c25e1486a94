"""The published record: every public change of a fact-check is an event, and events have effects.

The services call `fact_checks_changed` (or `claims_changed`, `site_changed`) inside the
transaction of the change. It writes a `PublicationEvent` row per touched fact-check (the
transactional outbox) and bumps the fact-check's public revision, so the change and the news
of it commit together or not at all. Several changes to one fact-check in one transaction (a
claim edit and two evidence links saved from one admin form) make one event.

After commit, `events_dispatch` applies each event's effects, each on its own and marked done
on the event when it succeeds:

- `sync`: the fact-check's `updated_at` is stamped with the time the change became visible, so
  partners syncing with `updated_since` see it;
- `cache`: the public cache generation is bumped, so every web process rebuilds its pages;
- each subscriber (`subscribe`; the partners app registers its webhooks from its `ready()`).

A failing effect is logged and left for later; it never fails the committed change nor stops
the other effects. A task enqueued in the same transaction (`claims.tasks.publication_dispatch`)
sweeps events whose effects are not all done — a process killed right after commit, a cache
that was down — and `manage.py publication_dispatch` does the same by hand or from cron.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from claims.models import (
    Correction,
    PublicationEvent,
    PublicationEventKind,
    UpdateNote,
    Verdict,
)
from claims.search import search_documents_refresh
from claims.speaker_counts import counts_rebuild, counts_refresh
from claims.tasks import public_cache_settle, publication_dispatch
from claims.workflow import PUBLISH_PERMISSION
from factcheck import replication, routers

logger = logging.getLogger(__name__)

Kind = PublicationEventKind
PUBLISHED = Kind.PUBLISHED
UPDATED = Kind.UPDATED
CORRECTED = Kind.CORRECTED
RETRACTED = Kind.RETRACTED
EVENTS = tuple(Kind.values)
# When one transaction makes several kinds of change to a fact-check, its one event says the
# weightiest: a correction made along with an update is a correction.
_WEIGHT: dict[str, int] = {UPDATED: 0, CORRECTED: 1, PUBLISHED: 2, RETRACTED: 3}
PUBLIC_STATUSES = (Verdict.Status.PUBLISHED, Verdict.Status.RETRACTED)

NOTE_REQUIRED = (
    "This fact-check is public: say what changed in a public update note (e.g. “added a "
    "source”), or log it as a correction. Readers see the note, dated, on the page."
)
NOTE_PERMISSION = "Only editors can change a published fact-check (its update notes and corrections are public)."

# Cached public pages include this number in their keys: bumping it makes every web process
# miss and rebuild, whichever process made the change.
PUBLIC_GENERATION_KEY = "factcheck:public-generation"

SYNC = "sync"
CACHE = "cache"
MAX_ERROR_LENGTH = 2000
SWEEP_BATCH = 200


class CacheUnavailable(Exception):
    """The public cache generation could not be bumped; pages may be stale until it is."""


# The public cache generation -----------------------------------------------------------


def public_generation() -> int:
    generation = cache.get(PUBLIC_GENERATION_KEY)
    if generation is None:
        cache.add(PUBLIC_GENERATION_KEY, 1, timeout=None)
        generation = cache.get(PUBLIC_GENERATION_KEY, 1)
    return int(generation)


def invalidate_public_cache() -> None:
    """Bump the generation; raise CacheUnavailable unless the cache holds a bumped number.

    The read-back matters: a cache backend that swallows its errors would otherwise let an
    invalidation that never happened count as done.
    """
    try:
        cache.incr(PUBLIC_GENERATION_KEY)
    except ValueError:
        if not cache.add(PUBLIC_GENERATION_KEY, 2, timeout=None):
            cache.incr(PUBLIC_GENERATION_KEY)
    if cache.get(PUBLIC_GENERATION_KEY) is None:
        raise CacheUnavailable("the cache did not keep the public generation")


def invalidate_again_once_replicated() -> None:
    """With a read replica, a page rebuilt from a replica that has not replayed the change yet
    would be cached under the new generation; a task bumps it once more when the replica has it."""
    if routers.replica_configured():
        public_cache_settle.enqueue(replication.primary_position())


# Subscribers ---------------------------------------------------------------------------

# What an effect returns is ignored.
Effect = Callable[[list[PublicationEvent]], object]
_subscribers: dict[str, Effect] = {}


def subscribe(name: str, effect: Effect) -> None:
    """Have `effect(events)` called for every batch of committed events (once per event).

    Called from a consumer app's `AppConfig.ready()`; the effect runs in a transaction with
    the marking of the events, so database writes it makes happen exactly once.
    """
    if name in (SYNC, CACHE):
        raise ValueError(f"{name!r} is the name of a built-in effect")
    _subscribers[name] = effect


def effect_names() -> list[str]:
    return [SYNC, CACHE, *_subscribers]


# Recording (inside the change's transaction) -------------------------------------------


@dataclass
class _Pending:
    """Events recorded in one scope of a transaction (see `change_scope`), by verdict id."""

    on_commit: Callable[[], None] | None = None
    events: dict[int | None, PublicationEvent] = field(default_factory=dict)
    noted: set[int] = field(default_factory=set)


@contextmanager
def change_scope() -> Iterator[None]:
    """Within this block (one admin form with its inlines, say), the changes to a fact-check
    make one event, and a public note given once covers all of them. Outside a scope, each
    service call records its own events."""
    connection = transaction.get_connection()
    if getattr(connection, "_publication_scope", None) is not None:
        yield
        return
    connection._publication_scope = _Pending()
    try:
        yield
    finally:
        connection._publication_scope = None


def _pending() -> _Pending:
    connection = transaction.get_connection()
    state: _Pending | None = getattr(connection, "_publication_scope", None)
    if state is None:
        state = _Pending()
    # A rolled-back savepoint drops its on-commit callbacks, and its events: start afresh.
    elif state.on_commit is not None and not any(entry[1] is state.on_commit for entry in connection.run_on_commit):
        state.on_commit, state.events, state.noted = None, {}, set()
    if state.on_commit is None:

        def committed(state=state) -> None:
            events_dispatch([e.pk for e in state.events.values()])

        state.on_commit = committed
        transaction.on_commit(committed, robust=True)
        _enqueue_sweep()
    return state


def _enqueue_sweep() -> None:
    """The task that finishes what the after-commit dispatch could not. With the database task
    backend (which defers) it is written in the change's own transaction, so it cannot be lost;
    a backend that would run it at once gets it only after commit."""
    delay = timedelta(seconds=settings.FACTCHECK_PUBLICATION_SWEEP_SECONDS)
    if publication_dispatch.get_backend().supports_defer:
        publication_dispatch.using(run_after=timezone.now() + delay).enqueue()
    else:
        transaction.on_commit(publication_dispatch.enqueue, robust=True)


def _still_recorded(state: _Pending, key: int | None) -> PublicationEvent | None:
    event = state.events.get(key)
    # A savepoint rolled back since may have taken the row with it.
    if event is not None and PublicationEvent.objects.filter(pk=event.pk, event_id=event.event_id).exists():
        return event
    state.events.pop(key, None)
    return None


def _add_note(verdict: Verdict, *, note: str, correction: bool, user, when) -> None:
    if correction:
        row = Correction(verdict=verdict, corrected_on=when, note=note, author=user)
        row._history_user = user
        row.save()
    else:
        UpdateNote.objects.create(verdict=verdict, noted_on=when, note=note, author=user)


def fact_checks_changed(
    *,
    verdicts: Iterable[Verdict | int],
    kind: str = UPDATED,
    user: AbstractUser | None = None,
    note: str = "",
    correction: bool = False,
    note_required: bool = False,
    reason: str = "",
    speakers_left: Iterable[int | None] = (),
) -> list[PublicationEvent]:
    """Record that the public fact-checks among `verdicts` changed; call inside the change's
    transaction, after the change. Non-public verdicts (drafts) are skipped: readers never saw them.

    The scorecards of their claims' speakers are counted afresh, and those of `speakers_left`:
    the speakers the change took these claims away from.

    `note` is published with the change, as an update note or (`correction=True`) a
    correction. With `note_required`, a change without a note is refused (ValidationError)
    unless the same transaction already recorded one for that fact-check.
    """
    verdicts = list(verdicts)
    given = {v.pk: v for v in verdicts if isinstance(v, Verdict)}
    ids = sorted({v.pk if isinstance(v, Verdict) else int(v) for v in verdicts})
    note = (note or "").strip()
    if not ids:
        return []
    with transaction.atomic():
        # Lock the fact-checks: their revisions go up one at a time, in id order (no deadlock).
        locked = list(
            Verdict.objects.select_for_update().filter(pk__in=ids, status__in=PUBLIC_STATUSES).order_by("pk")
        )
        if not locked:
            return []
        # Search finds what readers see from the moment they see it (same transaction).
        search_documents_refresh(verdict_ids=[v.pk for v in locked])
        _scorecards_refresh(locked, speakers_left)
        state = _pending()
        if note and (user is None or not user.has_perm(PUBLISH_PERMISSION)):
            raise PermissionDenied(NOTE_PERMISSION)
        # A retracted fact-check changes with its claim, silently: it no longer stands.
        if note_required and not note and any(
            v.pk not in state.noted for v in locked if v.status == Verdict.Status.PUBLISHED
        ):
            raise ValidationError(NOTE_REQUIRED)
        now = timezone.now()
        new: list[PublicationEvent] = []
        touched: list[PublicationEvent] = []
        for verdict in locked:
            this_kind = CORRECTED if note and correction and kind == UPDATED else kind
            if note:
                _add_note(verdict, note=note, correction=correction, user=user, when=now)
                state.noted.add(verdict.pk)
            existing = _still_recorded(state, verdict.pk)
            if existing is not None:
                if _WEIGHT[this_kind] > _WEIGHT[existing.kind]:
                    existing.kind = this_kind
                    PublicationEvent.objects.filter(pk=existing.pk).update(kind=this_kind)
                touched.append(existing)
                continue
            verdict.revision += 1
            if verdict.pk in given:
                given[verdict.pk].revision, given[verdict.pk].updated_at = verdict.revision, now
            new.append(PublicationEvent(kind=this_kind, verdict=verdict, version=verdict.revision, reason=reason[:200]))
        # One statement for all: a rating-scale edit can touch thousands of fact-checks.
        Verdict.objects.filter(pk__in=[e.verdict_id for e in new]).update(
            revision=F("revision") + 1, updated_at=now
        )
        for event in _create(new):
            state.events[event.verdict_id] = event
            touched.append(event)
    return touched


def _scorecards_refresh(verdicts: list[Verdict], speakers_left: Iterable[int | None]) -> None:
    speakers = set(
        Verdict.objects.filter(pk__in=[v.pk for v in verdicts], claim__speaker_id__isnull=False)
        .values_list("claim__speaker_id", flat=True)
        .distinct()
    )
    counts_refresh(speakers | {pk for pk in speakers_left if pk is not None})


def speaker_rating_counts_rebuild() -> None:
    """Count every speaker's scorecard afresh (after a bulk load that bypassed the services)."""
    counts_rebuild()


def _create(events: list[PublicationEvent]) -> list[PublicationEvent]:
    if not events:
        return []
    created = PublicationEvent.objects.bulk_create(events)
    if any(e.pk is None for e in created):  # A backend that returns no ids: read them back.
        by_uuid = dict(
            PublicationEvent.objects.filter(event_id__in=[e.event_id for e in created]).values_list("event_id", "pk")
        )
        for event in created:
            event.pk = by_uuid[event.event_id]
    return created


def claims_changed(
    *, claim_ids: Iterable[int] | QuerySet, kind: str = UPDATED, user: AbstractUser | None = None, note: str = "", correction: bool = False,
    note_required: bool = False, reason: str = "", speakers_left: Iterable[int | None] = (),
) -> list[PublicationEvent]:
    """`fact_checks_changed` for the public fact-checks of these claims (what their pages show
    of the claim: text, speaker, date, appearances, evidence)."""
    if not isinstance(claim_ids, QuerySet):
        claim_ids = list(set(claim_ids))
        if not claim_ids:
            return []
    verdict_ids = list(
        Verdict.objects.filter(claim_id__in=claim_ids, status__in=PUBLIC_STATUSES).values_list("pk", flat=True)
    )
    return fact_checks_changed(
        verdicts=verdict_ids, kind=kind, user=user, note=note, correction=correction,
        note_required=note_required, reason=reason, speakers_left=speakers_left,
    )


def claim_is_published(claim_id: int) -> bool:
    """The claim has a published (not retracted) fact-check: changes to it need a note."""
    return Verdict.objects.filter(claim_id=claim_id, status=Verdict.Status.PUBLISHED).exists()


def site_changed(*, reason: str = "") -> PublicationEvent:
    """Record a change to public pages that is no fact-check's (the rating scale's definitions,
    an imported archive): only the cache effect applies, with the same retries."""
    with transaction.atomic():
        state = _pending()
        existing = _still_recorded(state, None)
        if existing is not None:
            return existing
        event = _create([PublicationEvent(kind=UPDATED, reason=reason[:200])])[0]
        state.events[None] = event
    return event


def verdict_changed(*, verdict: Verdict, event: str) -> PublicationEvent | None:
    """A workflow step of one verdict (published, corrected, retracted) or an edit of it."""
    if event not in EVENTS:
        raise ValueError(f"Unknown publication event {event!r}")
    events = fact_checks_changed(verdicts=[verdict], kind=event, reason=f"verdict {event}")
    return events[0] if events else None


# Dispatch (after commit) -----------------------------------------------------------------


def _stamp(events: list[PublicationEvent]) -> None:
    """`updated_at` becomes the moment the change was visible, not when its transaction began:
    a partner that synced in between still sees the change on its next sync."""
    ids = {e.verdict_id for e in events if e.verdict_id}
    if ids:
        Verdict.objects.filter(pk__in=ids).update(updated_at=timezone.now())


def _bump(events: list[PublicationEvent]) -> None:
    invalidate_public_cache()
    invalidate_again_once_replicated()


def _effects() -> list[tuple[str, Effect]]:
    return [(SYNC, _stamp), (CACHE, _bump), *_subscribers.items()]


@dataclass
class DispatchResult:
    dispatched: int = 0
    failed: dict[str, str] = field(default_factory=dict)


def events_dispatch(event_ids: Sequence[int]) -> DispatchResult:
    """Apply every effect not yet done to these events; never raises.

    Each effect runs in its own transaction with the events locked (a concurrent dispatcher
    skips them) and marked done, so a failure rolls back only that effect.
    """
    result = DispatchResult()
    ids = sorted(set(event_ids))
    if not ids:
        return result
    for name, effect in _effects():
        todo: list[PublicationEvent] = []
        try:
            with transaction.atomic():
                events = list(
                    PublicationEvent.objects.select_for_update(skip_locked=True)
                    .filter(pk__in=ids, dispatched_at__isnull=True)
                    .order_by("pk")
                )
                todo = [e for e in events if name not in e.done]
                if todo:
                    effect(todo)
                    for event in todo:
                        event.done = [*event.done, name]
                    PublicationEvent.objects.bulk_update(todo, ["done"])
        except Exception as exc:  # noqa: BLE001 - one failing effect must not stop the others
            logger.exception("publication effect %s failed for events %s", name, [e.pk for e in todo])
            result.failed[name] = f"{type(exc).__name__}: {exc}"
            _note_failure([e.pk for e in todo], name, exc)
    needed = set(effect_names())
    try:
        finished = [
            pk
            for pk, done in PublicationEvent.objects.filter(pk__in=ids, dispatched_at__isnull=True).values_list("pk", "done")
            if needed <= set(done)
        ]
        if finished:
            result.dispatched = PublicationEvent.objects.filter(pk__in=finished).update(dispatched_at=timezone.now())
    except Exception:  # noqa: BLE001 - the sweep marks them next time
        logger.exception("could not mark publication events %s dispatched", ids)
    return result


def _note_failure(ids: list[int], name: str, exc: Exception) -> None:
    if not ids:
        return
    try:
        PublicationEvent.objects.filter(pk__in=ids).update(
            attempts=F("attempts") + 1, last_error=f"{name}: {type(exc).__name__}: {exc}"[:MAX_ERROR_LENGTH]
        )
    except Exception:  # noqa: BLE001 - the database may be what failed; the log has it
        logger.exception("could not record the failure of publication events %s", ids)


def events_pending() -> int:
    return PublicationEvent.objects.filter(dispatched_at__isnull=True).count()


def events_dispatch_pending(*, batch: int = SWEEP_BATCH) -> int:
    """Dispatch every event whose effects are not all done, oldest first; returns how many
    are still not done (their failing effect is logged and kept on the event)."""
    after = 0
    while True:
        ids = list(
            PublicationEvent.objects.filter(dispatched_at__isnull=True, pk__gt=after)
            .order_by("pk")
            .values_list("pk", flat=True)[:batch]
        )
        if not ids:
            break
        events_dispatch(ids)
        after = ids[-1]
    return events_pending()
