"""The names an article introduces, looked up later by full name or surname."""

from __future__ import annotations

from dataclasses import dataclass

from .result import PERSON


@dataclass(slots=True)
class Entity:
    name: str
    role: str = ""
    kind: str = PERSON



class Registry:
    """Full names introduced by the article, looked up by full name or surname."""

    def __init__(self) -> None:
        self.by_key: dict[str, list[tuple[int, Entity]]] = {}

    def add(self, pos: int, name: str, role: str) -> Entity:
        entity = self.lookup(name, pos)
        if entity is None or entity.name.lower() != name.lower() and len(name.split()) > len(entity.name.split()):
            entity = Entity(name, role)
        elif role and not entity.role:
            entity.role = role
        for key in {name.lower(), name.split()[-1].lower()}:
            self.by_key.setdefault(key, []).append((pos, entity))
        return entity

    def lookup(self, name: str, pos: int) -> Entity | None:
        entries = self.by_key.get(name.lower()) or self.by_key.get(name.split()[-1].lower())
        if not entries:
            return None
        before = [e for p, e in entries if p <= pos]
        return (before or [entries[0][1]])[-1]
