"""The names an article introduces, looked up later by full name or surname."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from .kinds import organisation_kind
from .lexicon import HONORIFICS
from .result import PERSON
from .tokens import Tok, capitalised, clean_name, name_tokens_ok, role_back, span_text, split_name


@dataclass(slots=True)
class Entity:
    name: str
    role: str = ""
    kind: str = PERSON



class Registry:
    """Full names introduced by the article, looked up by full name or surname."""

    def __init__(self) -> None:
        self.by_key: dict[str, list[tuple[int, Entity]]] = {}

    def add(self, pos: int, name: str, role: str, kind: str = PERSON) -> Entity:
        entity = self.lookup(name, pos)
        if entity is None or entity.name.lower() != name.lower() and len(name.split()) > len(entity.name.split()):
            entity = Entity(name, role, kind)
        elif role and not entity.role:
            entity.role = role
        # Within one article "the Federation" is the Home Builders Federation it introduced
        # (across articles no such alias is kept: see `claims.speaker_names`).
        for key in {name.lower(), name.split()[-1].lower()}:
            self.by_key.setdefault(key, []).append((pos, entity))
        return entity

    def lookup(self, name: str, pos: int) -> Entity | None:
        """The latest entity under `name` (or its last word) introduced at or before `pos`,
        else the first one introduced after it."""
        entries = self.by_key.get(name.lower()) or self.by_key.get(name.split()[-1].lower())
        if not entries:
            return None
        # Entries are added in reading order: bisect, so a name repeated thousands of times
        # costs a logarithm per lookup, not a scan.
        at = bisect_right(entries, pos, key=lambda entry: entry[0])
        return entries[at - 1][1] if at else entries[0][1]


def names_seen(text: str, toks_by_sentence: list[list[Tok]]) -> tuple[Registry, set[int]]:
    """A first pass over the article: every full name or titled name it introduces, and the
    `id()` of those known to be people (named with a title, a role or two words)."""
    registry = Registry()
    persons: set[int] = set()
    for toks in toks_by_sentence:
        j = 0
        while j < len(toks):
            if not capitalised(toks[j]):
                j += 1
                continue
            k = j
            while k + 1 < len(toks) and (capitalised(toks[k + 1]) or toks[k + 1].text in HONORIFICS) and k - j < 7:
                k += 1
            run = toks[j : k + 1]
            title, name = split_name(run)
            if name and name[-1].text.endswith("'s") and len(name) <= 5:
                # "President Donald Trump's overhaul" introduces Donald Trump all the same.
                name = [*name[:-1], Tok(name[-1].start, name[-1].end - 2, name[-1].text[:-2], False)]
            if name_tokens_ok(name) and (len(name) >= 2 or title):
                kind = organisation_kind([t.text for t in name]) or PERSON
                role_start = role_back(toks, j)
                role = span_text(text, toks[role_start:j] + title) if kind == PERSON else ""
                entity = registry.add(toks[j].start, clean_name(text, name), role, kind)
                if kind == PERSON and (title or role or len(name) >= 2):
                    persons.add(id(entity))
            j = k + 1
    return registry, persons
