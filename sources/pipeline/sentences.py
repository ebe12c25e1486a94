"""Step 2: split normalised text into sentences, keeping offsets into it.

A scan over runs of terminal punctuation (each character is looked at a bounded number of
times, so a 100,000-character sentence costs no more than its length), with the decisions a
news desk needs: abbreviations, honorifics, initials and dotted acronyms ("U.S.") do not end
a sentence unless what follows clearly starts a new one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    text: str
    paragraph: int


# Never end a sentence after these (lowercased, without the final period).
ABBREVIATIONS = frozenset(
    """mr mrs ms mx dr prof sen rep gov gen lt col sgt capt cmdr adm maj cpl pvt rev hon pres
    supt st mt ft jr sr fr messrs mssrs mme mlle no nos vol vols fig figs art sec ch pp p op
    jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun
    inc corp ltd co bros dept univ assn est approx ave blvd rd hwy vs v etc cf al ed eds
    rep repub dem ind calif conn fla ill mass mich minn pa tenn tex va wash wis ariz colo
    ga ky la md mo nev okla ore""".split()
)
# Titles that are followed by a name, never by a new sentence.
_NAME_TITLES = frozenset(
    "mr mrs ms mx dr prof sen rep gov gen lt col sgt capt cmdr adm maj rev hon st mt ft fr".split()
)
# Words that commonly open a sentence; after "U.S." they signal a real boundary.
_SENTENCE_OPENERS = frozenset(
    """the a an he she it they we i you his her its their our this that these those there
    but and so yet or if when while after before since although though as in on at for
    however meanwhile still then now some many most all no not one two three what why how
    who where which mr mrs ms dr""".split()
)
_TERMINAL = re.compile(r"[.!?]+")
_CLOSERS = "\"')]\u201d\u2019"
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.'-]{0,30})$")


def _prev_token(text: str, end: int) -> str:
    """The word directly before `end` (bounded look-behind)."""
    match = _WORD_BEFORE.search(text, max(0, end - 32), end)
    return match.group(1) if match else ""


def _next_word(text: str, pos: int) -> str:
    match = re.compile(r"[\"'(\[]*([A-Za-z]+)").match(text, pos, min(len(text), pos + 40))
    return match.group(1) if match else ""


def _is_boundary(text: str, run_start: int, run_end: int, after: int) -> bool:
    """Decide whether the punctuation run text[run_start:run_end] ends a sentence."""
    if after >= len(text) or text[after] == "\n":
        return True
    nxt = text[after]
    if nxt.islower():
        return False
    if not (nxt.isupper() or nxt.isdigit() or nxt in "\"'(["):
        return False
    run = text[run_start:run_end]
    if run != ".":
        return True  # "?", "!", "..." followed by a capital
    word = _prev_token(text, run_start)
    bare = word.rstrip(".").lower()
    if not word:
        return True
    if "." in word.rstrip("."):
        # Dotted acronym ("U.S.", "a.m."): a boundary only before a typical sentence opener.
        return _next_word(text, after).lower() in _SENTENCE_OPENERS
    if bare in _NAME_TITLES:
        return False
    if bare in ABBREVIATIONS:
        return _next_word(text, after).lower() in _SENTENCE_OPENERS and bare not in {
            "no", "nos", "vol", "art", "sec", "ch", "p", "pp", "fig"
        }
    # An initial ("J. K. Rowling") never ends a sentence; "Plan B. The" is rare enough to accept.
    return not (len(word) == 1 and word.isupper())


def split_sentences(text: str) -> list[Sentence]:
    """Split `text` (normalised, paragraphs separated by newlines) into sentences."""
    sentences: list[Sentence] = []
    paragraph_start = 0
    for paragraph, line in enumerate(text.split("\n")):
        _split_paragraph(line, paragraph_start, paragraph, sentences)
        paragraph_start += len(line) + 1
    return sentences


def _split_paragraph(line: str, offset: int, paragraph: int, out: list[Sentence]) -> None:
    start = 0
    for match in _TERMINAL.finditer(line):
        end = match.end()
        while end < len(line) and line[end] in _CLOSERS:
            end += 1
        if end < len(line) and not line[end].isspace():
            continue
        after = end
        while after < len(line) and line[after] == " ":
            after += 1
        if after >= len(line) or _is_boundary(line, match.start(), match.end(), after):
            _emit(line, start, end, offset, paragraph, out)
            start = after
    _emit(line, start, len(line), offset, paragraph, out)


def _emit(line: str, start: int, end: int, offset: int, paragraph: int, out: list[Sentence]) -> None:
    while start < end and line[start] == " ":
        start += 1
    while end > start and line[end - 1] == " ":
        end -= 1
    if end > start:
        out.append(Sentence(offset + start, offset + end, line[start:end], paragraph))
