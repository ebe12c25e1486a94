"""Whether a source is a person or an organisation, and which kind of organisation.

Decided from the words of the name as written ("the Kremlin", "the Office for National
Statistics", "Labour", "Home Builders Federation"): the last word is the head of an English
name; a first word followed by "of"/"for" is the head of "Office for National Statistics".
Acronyms ("ONS", "NATO") name organisations. Anything else with a name is a person.
"""

from __future__ import annotations

from .lexicon import GENERIC_SOURCES, HEAD_TITLES, ORG_CONNECTIVES, ORG_KINDS, ORG_PHRASES
from .result import PERSON


def organisation_kind(words: list[str]) -> str:
    """The organisation kind these name words make ("government", "party", ...), or ""."""
    words = [w for w in words if w]
    if not words:
        return ""
    joined = " ".join(w.rstrip(".,").lower() for w in words)
    for phrase, kind in ORG_PHRASES.items():
        if joined == phrase or joined.endswith(" " + phrase) and len(words) <= 4:
            return kind
    last = words[-1].rstrip(",")
    if last.endswith("'s"):
        return ""
    kind = ORG_KINDS.get(last) or ORG_KINDS.get(last.rstrip("."), "")
    if kind:
        return kind
    if len(words) == 1 and _acronym(last):
        return "organisation"
    if len(words) >= 3 and words[1].lower() in ORG_CONNECTIVES and not any(w in HEAD_TITLES for w in words[2:]):
        kind = ORG_KINDS.get(words[0], "")
        if kind:
            return kind
    return ""


def speaker_kind(words: list[str]) -> str:
    """"person" unless the name's words make an organisation."""
    return organisation_kind(words) or PERSON


def is_collective(words: list[str]) -> bool:
    """A generic or collective source ("Critics", "U.S. officials", "a spokesman"): never a speaker."""
    content = [w for w in words if w.lower() not in ("the", "a", "an", "one", "some", "many", "several")]
    if not content:
        return False
    head = content[-1].rstrip(".,").lower()
    if head in GENERIC_SOURCES and (len(content) == 1 or not content[-1][0].isupper()):
        return True
    return all(w.rstrip(".,").lower() in GENERIC_SOURCES for w in content)


def _acronym(word: str) -> bool:
    bare = word.replace(".", "").replace("&", "")
    return 2 <= len(bare) <= 6 and bare.isalpha() and bare.isupper() and "." not in word
