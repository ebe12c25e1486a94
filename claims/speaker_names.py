"""Which names may become a speaker's alias, so that an alias never captures someone else.

An alias resolves a bare mention to one speaker for every article ingested afterwards, so a
generic word as an alias is a trap: "Federation" (from "Home Builders Federation") would
catch "Russian Federation", "Mayor" (from a tip by "Maria Mayor") every mayor. The rules:

- never a title, a generic or common noun, or an organisation word on its own
  (`GENERIC_NAME_WORDS`);
- a surname alias only for a person (an organisation is named whole: "Kremlin");
- a surname shared by two speakers is nobody's alias (see `claims.services.speaker_create`).
"""

from __future__ import annotations

import re

from claims.models import SpeakerKind

_GENERIC = """president vice prime minister secretary senator representative governor mayor chancellor
    chairman chairwoman chair chairperson director general judge justice chief executive
    spokesman spokeswoman spokesperson press ambassador attorney commissioner leader professor
    deputy acting former senior sheriff officer official adviser advisor aide analyst economist
    candidate nominee manager lawyer diplomat envoy head founder member lawmaker legislator
    researcher scientist expert author editor correspondent reporter commentator host anchor
    columnist activist advocate owner partner king queen prince princess pope premier marshal
    superintendent inspector detective constable sergeant captain colonel major lieutenant
    commander admiral bishop archbishop cardinal rabbi imam sir dame lord lady doctor dr mr mrs
    ms mx prof rev mp mep msp ceo cfo coo speaker whip shadow councillor congressman
    congresswoman coach
    federation association union foundation institute university league campaign committee
    centre center organization organisation society trust alliance coalition board fund academy
    institution network council confederation chamber forum club charity college school
    hospital department ministry office bureau agency authority commission service
    administration government parliament congress senate house court police army navy embassy
    party group company corporation bank times post news journal statistics national federal
    state royal central international global united new north south east west northern southern
    eastern western first democratic republican conservative liberal labour labor green
    critics analysts officials experts residents observers sources witnesses people others
    voters investors protesters opponents supporters spokesmen
    the a an of and for"""
GENERIC_NAME_WORDS = frozenset(_GENERIC.split())


def _words(name: str) -> list[str]:
    return re.findall(r"[\w'-]+", name.casefold())


def is_generic(name: str) -> bool:
    """Whether every word of `name` is a title, a common noun or an organisation word."""
    words = _words(name)
    return not words or all(w.strip("'-") in GENERIC_NAME_WORDS for w in words)


def surname_alias(name: str, *, kind: str) -> str:
    """The surname a person is also known by ("Peskov"), or "" when it may not be an alias."""
    parts = name.split()
    if kind != SpeakerKind.PERSON or len(parts) < 2:
        return ""
    surname = parts[-1].strip(",")
    bare = surname.replace(".", "")
    if len(bare) < 2 or bare.isupper() and len(bare) <= 3 or is_generic(surname):
        # An initial, a suffix like "Jr." or "III", or a word like "Mayor".
        return ""
    if surname.lower().rstrip(".") in ("jr", "sr", "ii", "iii", "iv"):
        return ""
    return surname


def alias_allowed(name: str) -> bool:
    """Whether `name` may be recorded as an alias at all."""
    return bool(_words(name)) and not is_generic(name)
