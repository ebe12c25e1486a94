"""The portable archive: every editorial row of the newsroom in one versioned JSON Lines file.

Layout (one JSON object per line, keys sorted, so two exports of the same data are
byte-identical):

    {"counts": {...}, "format": "factcheck-archive", "migrations": {...}, "models": [...], "version": 1}
    {"fields": {"username": "edgar"}, "model": "auth.user", "pk": 3}
    {"fields": {...}, "model": "claims.speaker", "pk": 1}
    ...
    {"end": true}

Records are grouped by model in dependency order and by primary key within a model. Both
directions stream in fixed-size chunks, so memory stays flat however large the archive is.
Users appear only as id and username: no password hashes, e-mail addresses or permissions.
The trailer line proves the file was not cut short; the header's counts are checked on import.
"""

from __future__ import annotations

import base64
import datetime as dt
import gzip
import io
import json
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import IO, Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.color import no_style
from django.db import DatabaseError, connection, models, transaction
from django.db.migrations.loader import MigrationLoader
from django.utils.duration import duration_iso_string
from django.utils.timezone import is_aware

FORMAT = "factcheck-archive"
VERSION = 1
ARCHIVED_APPS = ("sources", "claims")
# Migrations seed the rating scale; an otherwise empty database may hold it and the
# archive's own scale replaces it.
SEEDED_MODELS = {"claims.rating"}
# The publication outbox is delivery state of this deployment, not the record: imported, its
# events would be dispatched (webhooks sent) again.
NOT_ARCHIVED = {"claims.publicationevent"}
CHUNK = 2000


class ArchiveError(Exception):
    """The archive cannot be written or restored; the message says why and where."""


def archived_models() -> list[type[models.Model]]:
    """Every model of the archived apps (history and many-to-many tables included), parents
    before the rows that point at them."""
    found = [
        model
        for label in ARCHIVED_APPS
        for model in apps.get_app_config(label).get_models(include_auto_created=True)
        # Proxies (e.g. the admin's review queue) are views of a table stored already.
        if not model._meta.proxy and model._meta.managed
        and model._meta.label_lower not in NOT_ARCHIVED
    ]
    return _dependency_order(found)


def _dependency_order(found: list[type[models.Model]]) -> list[type[models.Model]]:
    by_label = {m._meta.label_lower: m for m in found}
    deps = {
        label: {
            f.related_model._meta.label_lower
            for f in model._meta.concrete_fields
            if f.is_relation and f.related_model._meta.label_lower in by_label
        }
        - {label}
        for label, model in by_label.items()
    }
    ordered: list[str] = []
    remaining = dict(sorted(deps.items()))
    while remaining:
        ready = [label for label, needs in remaining.items() if needs <= set(ordered)]
        # A cycle (none today) would still load: foreign keys are checked at commit.
        ready = ready or [next(iter(remaining))]
        for label in ready:
            ordered.append(label)
            del remaining[label]
    return [by_label[label] for label in ordered]


def _user_fields(model: type[models.Model]) -> list[models.Field]:
    user_model = get_user_model()
    return [f for f in model._meta.concrete_fields if f.is_relation and f.related_model is user_model]


def _migration_leaves() -> dict[str, list[str]]:
    loader = MigrationLoader(connection, ignore_no_migrations=True)
    return {
        app: sorted(name for label, name in loader.graph.leaf_nodes() if label == app)
        for app in ARCHIVED_APPS
    }


# Export -----------------------------------------------------------------------------------


def _encode(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return (value.astimezone(dt.UTC) if is_aware(value) else value).isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return duration_iso_string(value)
    if isinstance(value, Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    return value


def _line(obj: dict) -> str:
    return json.dumps(obj, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False) + "\n"


def _rows(model: type[models.Model]) -> Iterator[tuple]:
    """All rows of `model` by primary key, fetched in keyset-paginated chunks."""
    fields = model._meta.concrete_fields
    pk = model._meta.pk.attname
    columns = [f.attname for f in fields]
    last = None
    while True:
        qs = model._base_manager.order_by(pk)
        if last is not None:
            qs = qs.filter(**{f"{pk}__gt": last})
        chunk = list(qs.values_list(*columns)[:CHUNK])
        yield from chunk
        if len(chunk) < CHUNK:
            return
        last = chunk[-1][columns.index(pk)]


def _records(model: type[models.Model]) -> Iterator[str]:
    label = model._meta.label_lower
    pk_field = model._meta.pk
    for row in _rows(model):
        values = dict(zip(model._meta.concrete_fields, row, strict=True))
        yield _line(
            {
                "model": label,
                "pk": _encode(values.pop(pk_field)),
                "fields": {f.name: _encode(v) for f, v in values.items()},
            }
        )


def archive_export(out: IO[str]) -> dict[str, int]:
    """Write the whole archive to `out`; returns the number of records per model.

    Runs in one read-only snapshot so the archive is consistent while the newsroom works on.
    """
    user_model = get_user_model()
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if connection.vendor == "postgresql" and outermost:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        models_ = archived_models()
        user_ids: set[int] = set()
        for model in models_:
            for field in _user_fields(model):
                user_ids.update(
                    model._base_manager.exclude(**{f"{field.attname}__isnull": True})
                    .values_list(field.attname, flat=True)
                    .distinct()
                )
        users = list(
            user_model._base_manager.filter(pk__in=user_ids)
            .order_by("pk")
            .values_list("pk", user_model.USERNAME_FIELD)
        )
        counts = {"auth.user": len(users)}
        counts.update({m._meta.label_lower: m._base_manager.count() for m in models_})
        out.write(
            _line(
                {
                    "format": FORMAT,
                    "version": VERSION,
                    "models": list(counts),
                    "counts": counts,
                    "migrations": _migration_leaves(),
                }
            )
        )
        for pk, username in users:
            out.write(_line({"model": "auth.user", "pk": pk, "fields": {"username": username}}))
        for model in models_:
            for record in _records(model):
                out.write(record)
        out.write(_line({"end": True}))
    return counts


@contextmanager
def open_for_writing(path: str, *, gzipped: bool) -> Iterator[IO[str]]:
    with open(path, "wb") as raw:
        if not gzipped:
            with io.TextIOWrapper(raw, encoding="utf-8", newline="\n") as out:
                yield out
            return
        # mtime=0 and no file name inside: the same data gives the same bytes.
        with (
            gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as packed,
            io.TextIOWrapper(packed, encoding="utf-8", newline="\n") as out,
        ):
            yield out


def open_for_reading(path: str) -> IO[str]:
    with open(path, "rb") as probe:
        magic = probe.read(2)
    if magic == b"\x1f\x8b":
        return io.TextIOWrapper(gzip.open(path, "rb"), encoding="utf-8")
    return open(path, encoding="utf-8")  # noqa: SIM115


# Import -----------------------------------------------------------------------------------


def _not_empty() -> list[str]:
    non_empty = []
    for model in archived_models():
        label = model._meta.label_lower
        if label in SEEDED_MODELS:
            continue
        count = model._base_manager.count()
        if count:
            non_empty.append(f"{label} ({count} rows)")
    return non_empty


def _parse(line: str, number: int) -> dict:
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        raise ArchiveError(f"line {number}: not valid JSON ({exc.msg})") from exc
    if not isinstance(obj, dict):
        raise ArchiveError(f"line {number}: expected a JSON object")
    return obj


def _read_header(lines: Iterator[tuple[int, str]]) -> dict:
    try:
        number, line = next(lines)
    except StopIteration:
        raise ArchiveError("the archive is empty") from None
    header = _parse(line, number)
    if header.get("format") != FORMAT:
        raise ArchiveError("this is not a factcheck archive (no factcheck-archive header line)")
    version = header.get("version")
    if version != VERSION:
        raise ArchiveError(
            f"archive format version {version!r} is not supported: this factcheck reads version {VERSION}"
        )
    if not isinstance(header.get("counts"), dict):
        raise ArchiveError("the archive header has no record counts")
    return header


def _user_refusal(record: dict, number: int) -> str:
    """Why a user record cannot be restored ("" if it can): it must carry an id and a name."""
    username_field = get_user_model().USERNAME_FIELD
    pk, username = record.get("pk"), record["fields"].get(username_field)
    if not isinstance(pk, int) or isinstance(pk, bool) or pk < 1:
        return f"line {number}: auth.user {pk!r}: the id must be a positive integer"
    if not isinstance(username, str) or not username.strip():
        return f"line {number}: auth.user {pk}: no {username_field!r}"
    return ""


def _restore_users(records: list[dict]) -> None:
    user_model = get_user_model()
    username_field = user_model.USERNAME_FIELD
    for record in records:
        pk, username = record["pk"], record["fields"][username_field]
        by_pk = user_model._base_manager.filter(pk=pk).first()
        if by_pk is not None:
            if getattr(by_pk, username_field) != username:
                raise ArchiveError(
                    f"user id {pk} is {getattr(by_pk, username_field)!r} here but {username!r} "
                    "in the archive"
                )
            continue
        if user_model._base_manager.filter(**{username_field: username}).exists():
            raise ArchiveError(f"user {username!r} exists here with another id than the archive's {pk}")
        user = user_model(pk=pk, **{username_field: username})
        # People come back without their passwords; an administrator sets new ones.
        user.set_unusable_password()
        user.save()


def _build(model: type[models.Model], record: dict, number: int) -> models.Model:
    fields = record.get("fields")
    if not isinstance(fields, dict) or "pk" not in record:
        raise ArchiveError(f"line {number}: a record needs a pk and fields")
    by_name = {f.name: f for f in model._meta.concrete_fields}
    unknown = set(fields) - set(by_name)
    if unknown:
        raise ArchiveError(
            f"line {number}: {model._meta.label_lower} has no field(s) {', '.join(sorted(unknown))}; "
            "the archive comes from a newer factcheck"
        )
    values = {}
    try:
        values[model._meta.pk.attname] = model._meta.pk.to_python(record["pk"])
        for name, field in by_name.items():
            if field.primary_key:
                continue
            raw = fields[name] if name in fields else field.get_default()
            values[field.attname] = None if raw is None else field.to_python(raw)
    except ValidationError as exc:
        raise ArchiveError(
            f"line {number}: bad value in {model._meta.label_lower} {record['pk']}: {'; '.join(exc.messages)}"
        ) from exc
    return model(**values)


def _insert(model: type[models.Model], objs: list[models.Model]) -> None:
    """Insert rows exactly as archived. `raw=True` is what loaddata's save does: no field
    rewrites them (auto_now timestamps keep their archived values); batching keeps it fast."""
    fields = model._meta.concrete_fields
    batch = max(1, connection.ops.bulk_batch_size(fields, objs))
    for start in range(0, len(objs), batch):
        model._base_manager._insert(objs[start : start + batch], fields=fields, raw=True)


# Rules an archived row must meet that no database constraint states: the ones the services
# apply when they write such rows. Each returns what is wrong ("" parts mean nothing is).
def _record_checks() -> dict[str, Callable[[models.Model], list[str]]]:
    from claims.archive import snapshot_problems

    return {"claims.evidencesnapshot": snapshot_problems}


def _state_refusals() -> list[str]:
    """Rows whose workflow state the services would never have produced (a draft flipped to
    published without an editor, evidence or a published claim), checked once all are loaded."""
    from claims.models import Claim, Verdict
    from claims.services import claim_state_problems, verdict_state_problems

    refusals = []
    public = Verdict.objects.filter(status__in=[Verdict.Status.PUBLISHED, Verdict.Status.RETRACTED])
    for verdict in public.select_related("claim").order_by("pk").iterator(chunk_size=CHUNK):
        problems = verdict_state_problems(verdict)
        if problems:
            refusals.append(f"claims.verdict {verdict.pk} (“{verdict.headline[:60]}”, {verdict.status}): {'; '.join(problems)}")
    for claim in Claim.objects.filter(status=Claim.Status.PUBLISHED).order_by("pk").iterator(chunk_size=CHUNK):
        problems = claim_state_problems(claim)
        if problems:
            refusals.append(f"claims.claim {claim.pk}: {'; '.join(problems)}")
    return refusals


MAX_REFUSALS_SHOWN = 100


def _refuse(refusals: list[str]) -> None:
    shown = refusals[:MAX_REFUSALS_SHOWN]
    more = len(refusals) - len(shown)
    raise ArchiveError(
        f"{len(refusals)} record(s) refused, nothing was imported:\n"
        + "\n".join(shown)
        + (f"\n… and {more} more" if more else "")
    )


def archive_import(stream: IO[str]) -> dict[str, int]:
    """Restore an archive into an empty database, in one transaction; returns counts.

    Every record is checked before anything is kept: against the database's constraints, and
    against the services' rules the constraints do not state (`_record_checks`,
    `_state_refusals`); each refusal is one line naming the record."""
    lines = ((n, line) for n, line in enumerate(stream, start=1) if line.strip())
    header = _read_header(lines)
    known = {m._meta.label_lower: m for m in archived_models()}
    expected = header["counts"]
    listed = set(expected) - {"auth.user"}
    unknown_models = listed - set(known)
    if unknown_models:
        raise ArchiveError(
            f"the archive holds {', '.join(sorted(unknown_models))}, which this factcheck does not know"
        )
    loaded: dict[str, int] = dict.fromkeys(expected, 0)
    try:
        with transaction.atomic():
            non_empty = _not_empty()
            if non_empty:
                raise ArchiveError(
                    "the database is not empty, refusing to import over existing data: "
                    + ", ".join(non_empty)
                    + ". Import into a freshly migrated database."
                )
            for label in sorted(SEEDED_MODELS & listed):
                # Plain SQL: a model delete would record "deleted" history rows the archive lacks.
                table = connection.ops.quote_name(known[label]._meta.db_table)
                with connection.cursor() as cursor:
                    cursor.execute(f"DELETE FROM {table}")  # noqa: S608
            refusals: list[str] = []
            finished = _load_records(lines, known, loaded, refusals)
            if not finished:
                raise ArchiveError("the archive is cut short (no end line); nothing was imported")
            if loaded != expected:
                wrong = sorted(k for k in expected if loaded.get(k) != expected[k])
                raise ArchiveError(
                    "record counts differ from the archive header for "
                    + ", ".join(f"{k} ({loaded.get(k)} of {expected[k]})" for k in wrong)
                    + "; nothing was imported"
                )
            refusals += _state_refusals()
            if refusals:
                _refuse(refusals)
            if connection.vendor == "postgresql":
                _reset_sequences([get_user_model(), *known.values()])
            from claims.publication import site_changed

            site_changed(reason="archive imported")
    except DatabaseError as exc:
        raise ArchiveError(f"the database refused the archive, nothing was imported: {exc}") from exc
    return loaded


def _load_records(
    lines: Iterator[tuple[int, str]], known: dict, loaded: dict[str, int], refusals: list[str]
) -> bool:
    """Insert the records in chunks; a record that breaks a rule is left out and its refusal
    noted (the caller then rolls everything back)."""
    checks = _record_checks()
    users: list[dict] = []
    current: type[models.Model] | None = None
    pending: list[models.Model] = []
    for number, line in lines:
        record = _parse(line, number)
        if record.get("end") is True:
            _restore_users(users)
            if current is not None and pending:
                _insert(current, pending)
            return True
        label = record.get("model")
        if label == "auth.user":
            if current is not None:
                raise ArchiveError(f"line {number}: users must come before the other records")
            if not isinstance(record.get("fields"), dict) or "pk" not in record:
                raise ArchiveError(f"line {number}: a record needs a pk and fields")
            loaded[label] += 1
            refusal = _user_refusal(record, number)
            if refusal:
                refusals.append(refusal)
            else:
                users.append(record)
            continue
        model = known.get(label)
        if model is None or label not in loaded:
            raise ArchiveError(f"line {number}: unknown model {label!r}")
        if users:
            _restore_users(users)
            users = []
        if model is not current:
            if current is not None and pending:
                _insert(current, pending)
            current, pending = model, []
        obj = _build(model, record, number)
        loaded[label] += 1
        problems = checks[label](obj) if label in checks else []
        if problems:
            refusals.append(f"line {number}: {label} {record['pk']}: {'; '.join(problems)}")
            continue
        pending.append(obj)
        if len(pending) >= CHUNK:
            _insert(current, pending)
            pending = []
    return False


def _reset_sequences(models_: list[type[models.Model]]) -> None:
    """Explicit primary keys do not advance PostgreSQL sequences; without this the next new
    row would collide with a restored one."""
    statements = connection.ops.sequence_reset_sql(no_style(), models_)
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)

