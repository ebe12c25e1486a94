"""Tokens outside quotation marks, capitalised runs and the split of a run into title and name."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from typing import NamedTuple

from ..sentences import Sentence
from .kinds import organisation_kind
from .lexicon import (
    CAP_STOP,
    HONORIFICS,
    ORG_CONNECTIVES,
    ORG_WORDS,
    PARTICLES,
    ROLE_MODIFIERS,
    ROLE_WORDS,
    TITLE_CAPS,
)

TOKEN = re.compile(r"\w+(?:['\-.]\w+)*\.?|[^\w\s]")


class Tok(NamedTuple):
    start: int
    end: int
    text: str
    quoted: bool

    @property
    def bare(self) -> str:
        return self.text.rstrip(".") if not is_initial(self.text) else self.text


def is_initial(text: str) -> bool:
    return len(text) <= 6 and "." in text and text.replace(".", "").isupper()


def capitalised(tok: Tok) -> bool:
    t = tok.text
    if tok.quoted or not t[0].isupper():
        return False
    return t.rstrip(".") not in CAP_STOP


def tokenize(text: str, sentence: Sentence, quote_spans: Sequence[tuple[int, int]], ends: Sequence[int]) -> list[Tok]:
    out = []
    base = sentence.start
    # First quotation ending after the sentence starts (bisect keeps this linear overall).
    qi = bisect_right(ends, base)
    n = len(quote_spans)
    for match in TOKEN.finditer(sentence.text):
        start = base + match.start()
        while qi < n and quote_spans[qi][1] <= start:
            qi += 1
        quoted = qi < n and quote_spans[qi][0] <= start
        out.append(Tok(start, base + match.end(), match.group(), quoted))
    return out


def split_name(run: list[Tok]) -> tuple[list[Tok], list[Tok]]:
    """Split a capitalised run into (title tokens, name tokens)."""
    if run and (run[-1].text.rstrip(".") in ORG_WORDS or organisation_kind([t.text for t in run])):
        # An organisation's name keeps its words: "Office for National Statistics" is not
        # Mr. Statistics with the title "National".
        return [], run
    i = len(run)
    while i > 0 and run[i - 1].text not in TITLE_CAPS and run[i - 1].bare not in TITLE_CAPS:
        i -= 1
    name = run[i:]
    # "Mr." kept off the name; a possessive or a lone all-caps acronym is no person.
    return run[:i], name


def run_back(toks: list[Tok], j: int) -> int:
    """Index of the first token of the capitalised run ending at `j` (inclusive)."""
    i = j
    while i - 1 >= 0 and i > j - 8:
        prev = toks[i - 1]
        if capitalised(prev) or (prev.text in HONORIFICS and not prev.quoted) or prev.text in PARTICLES and i - 2 >= 0 and capitalised(toks[i - 2]):
            i -= 1
        else:
            break
    if i >= 2 and toks[i - 1].text in ORG_CONNECTIVES and capitalised(toks[i - 2]) and not toks[i - 1].quoted:
        # "the Office for National Statistics said": one name across "for", if it names a body.
        start = run_back(toks, i - 2)
        if organisation_kind([t.text for t in toks[start : j + 1]]):
            return start
    return i


def role_back(toks: list[Tok], i: int) -> int:
    """Extend a title backwards over lowercase role words ("Kremlin press secretary")."""
    k = i
    while k - 1 >= 0 and k > i - 8:
        prev = toks[k - 1]
        low = prev.text.lower()
        if prev.quoted:
            break
        nxt = toks[k].text.lower() if k < i else ""
        # Portfolio words ("housing", "central bank") lengthen a title already begun.
        modifier = low in ROLE_MODIFIERS and k < i and (nxt in ROLE_WORDS or nxt in ROLE_MODIFIERS)
        if low in ROLE_WORDS or modifier or low.endswith("'s") and capitalised(prev) or capitalised(prev) and k < i and (nxt in ROLE_WORDS or nxt in ROLE_MODIFIERS) or low == "of" and k < i and k - 2 >= 0 and (
            toks[k - 2].text.lower() in ROLE_WORDS or toks[k - 2].text in TITLE_CAPS
        ):
            k -= 1
        else:
            break
    return k


def span_text(text: str, toks: list[Tok]) -> str:
    return text[toks[0].start : toks[-1].end].rstrip(".,") if toks else ""


def name_tokens_ok(name: list[Tok]) -> bool:
    if not name or len(name) > 5:
        return False
    last = name[-1].text
    return not (last.endswith("'s") or last.endswith("'"))


def clean_name(text: str, name: list[Tok]) -> str:
    toks = [t for t in name if t.text not in HONORIFICS]
    return span_text(text, toks or name)

