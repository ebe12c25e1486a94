"""The API's repeated hot-path queries, compiled once per thread and database, run with new ids.

Profiled on the 100,000-claim bench data, building and compiling a Django query cost more than
PostgreSQL took to answer it: for a fact-check's detail the ORM's work on its queries was
about half of the request. The queries the hot paths repeat differ only in the ids (or slugs)
they read, so each is built once with those as one array parameter (`__in_array`, whose SQL
does not change with the number of ids), compiled once, and run again with the next values,
through the same compiler's converters (dates on SQLite) and with `values()`' names.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db import connections, router
from django.db.models import Field, ForeignObject, Lookup, QuerySet


@dataclass(frozen=True)
class Slot:
    """A named place for a list of values in a prepared query."""

    name: str


def _encode(vendor: str, values: Iterable[Any]) -> Any:
    values = list(values)
    # PostgreSQL takes the list as an array; SQLite reads it as JSON (`json_each`).
    return values if vendor == "postgresql" else json.dumps(values)


@ForeignObject.register_lookup  # foreign keys keep lookups of their own
@Field.register_lookup
class InArray(Lookup):
    """`field__in_array=[...]`: membership in a list passed as ONE parameter (`= ANY(%s)` on
    PostgreSQL, `IN (SELECT value FROM json_each(%s))` on SQLite), unlike `__in`, whose SQL
    has a placeholder per value."""

    lookup_name = "in_array"
    prepare_rhs = False

    def as_sql(self, compiler, connection) -> tuple[str, tuple[Any, ...]]:
        lhs, params = self.process_lhs(compiler, connection)
        value = self.rhs if isinstance(self.rhs, Slot) else _encode(connection.vendor, self.rhs)
        if connection.vendor == "postgresql":
            return f"{lhs} = ANY(%s)", (*params, value)  # noqa: S608 (lhs is a compiled column)
        return f"{lhs} IN (SELECT value FROM json_each(%s))", (*params, value)  # noqa: S608 (lhs is a compiled column)


@dataclass
class _Compiled:
    sql: str
    params: list[Any]
    names: list[str]
    compiler: Any
    converters: dict


class Prepared:
    """A `values()` query built by `build(**slots)`, where each keyword is a `Slot` the query
    filters on with `__in_array`; `rows(**values)` runs it with those lists."""

    def __init__(self, build: Callable[..., QuerySet], *slots: str) -> None:
        self.build = build
        self.slots = slots
        self._local = threading.local()

    def _compiled(self, alias: str) -> _Compiled:
        cache = self._local.__dict__.setdefault("by_alias", {})
        if alias not in cache:
            queryset = self.build(**{name: Slot(name) for name in self.slots})
            query = queryset.query
            compiler = query.get_compiler(using=alias)
            sql, params = compiler.as_sql()
            names = list(query.selected) if query.selected else [
                *query.extra_select, *query.values_select, *query.annotation_select
            ]
            fields = [s[0] for s in compiler.select[0 : compiler.col_count]]
            cache[alias] = _Compiled(sql, list(params), names, compiler, compiler.get_converters(fields))
        return cache[alias]

    def rows(self, model, **values: Iterable[Any]) -> list[dict[str, Any]]:
        """The rows for these values, read where the router sends reads of `model`."""
        alias = router.db_for_read(model)
        compiled = self._compiled(alias)
        connection = connections[alias]
        params = [
            _encode(connection.vendor, values[p.name]) if isinstance(p, Slot) else p for p in compiled.params
        ]
        with connection.cursor() as cursor:
            cursor.execute(compiled.sql, params)
            rows = cursor.fetchall()
        if compiled.converters:
            rows = list(compiled.compiler.apply_converters(rows, compiled.converters))
        names = compiled.names
        return [dict(zip(names, row, strict=True)) for row in rows]
