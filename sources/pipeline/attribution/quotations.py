"""Which quoted spans are quotations of someone, and which are not.

`find_quotes` finds every double-quoted span; many are not speech: titles of works and
shows ("Fox News Sunday", "The Revenant"), scare quotes ('calling him a "dictator"',
'the so-called "dementia tax"'), single quoted words and nicknames ('Boris "BoJo" Johnson').
Those are never attributed: a sentence whose only quoted spans are of that sort is reported
speech (with a cue) or narration.
"""

from __future__ import annotations

import re

from ..quotes import Quote
from .lexicon import DETERMINERS, SCARE_INTROS

_WORD = re.compile(r"[\w'’-]+")
# Words a title keeps in lower case ("Make America Great Again", "Game of Thrones").
_TITLE_SMALL = frozenset("a an the of and or in on at to for with by from as is".split())
_SPEECH_END = (",", ".", "?", "!", "…", ":", ";", "—", "-")


def is_quotation(text: str, quote: Quote) -> bool:
    """Whether the quoted span `quote` is speech someone can be credited with."""
    content = quote.content(text).strip()
    words = _WORD.findall(content)
    if not words:
        return False
    line_start = text.rfind("\n", 0, quote.start) + 1
    before = text[line_start : quote.start]
    line_end = text.find("\n", quote.end)
    after = text[quote.end : line_end if line_end != -1 else len(text)]
    # Only words of the same sentence lead into the quotation ('as it was called. "He thought').
    tail = before.rstrip()
    if tail.endswith((".", "?", "!")):
        before = ""
    previous = _WORD.findall(before[-40:])
    prev_word = previous[-1].lower() if previous else ""
    if prev_word in SCARE_INTROS or prev_word == "as" or before.rstrip().lower().endswith("so-called"):
        return False
    speech_end = content.endswith(_SPEECH_END)
    if len(words) >= 2 and not speech_end and all(w[0].isupper() or w.lower() in _TITLE_SMALL or w[0].isdigit() for w in words):
        return False  # a title: "Fox News Sunday", "Make America Great Again"
    joined = re.search(r"[A-Z][\w'-]* $", before) and re.match(r" [A-Z]", after)
    if len(words) <= 2 and joined and not speech_end:
        return False  # a nickname between first name and surname: Boris "BoJo" Johnson
    mid_sentence = bool(before.strip()) and before.rstrip()[-1:] not in ":,—-(" and not before.rstrip().endswith(".")
    # A scare quote or a single word: a "dictator", the "experts".
    return not (len(words) <= 3 and mid_sentence and (not speech_end or prev_word in DETERMINERS))
