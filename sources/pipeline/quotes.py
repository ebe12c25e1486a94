"""Step 3: find direct quotations.

One pass over the double-quote marks of each paragraph. Curly marks say which way they face;
straight marks are judged by their neighbours (a mark after a space opens, a mark before a
space closes). Single quotes inside a quotation are part of its content. A quotation still
open at the end of a paragraph ends there: wire style leaves a quote open when the same
speaker goes on in the next paragraph, which `attribute` uses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Quote:
    start: int  # offset of the opening mark
    end: int  # offset just past the closing mark (or the paragraph end when left open)
    paragraph: int
    closed: bool

    @property
    def content_start(self) -> int:
        return self.start + 1

    @property
    def content_end(self) -> int:
        return self.end - 1 if self.closed else self.end

    def content(self, text: str) -> str:
        return text[self.content_start : self.content_end]


_MARKS = re.compile("[\"\u201c\u201d\u201e\u201f]")
_OPENING = "\u201c\u201e\u201f"
_CLOSING = "\u201d"
_OPEN_BEFORE = " ([{\u2014-/\n:"  # characters after which a straight mark opens
_CLOSE_AFTER = " .,;:!?)]}\u2014-\n"  # characters before which a straight mark closes


def _direction(text: str, i: int, *, curly: bool = True) -> str:
    mark = text[i]
    if curly and mark in _OPENING:
        return "open"
    if curly and mark in _CLOSING:
        return "close"
    before = text[i - 1] if i > 0 else "\n"
    after = text[i + 1] if i + 1 < len(text) else "\n"
    opens = before in _OPEN_BEFORE and after not in " \n"
    closes = after in _CLOSE_AFTER and before not in " \n"
    if opens and not closes:
        return "open"
    if closes and not opens:
        return "close"
    return "either"


def find_quotes(text: str) -> list[Quote]:
    """All double-quoted spans of `text`, in order, never crossing a paragraph break."""
    quotes: list[Quote] = []
    paragraph = 0
    open_at: int | None = None
    line_start = 0
    newline = text.find("\n")
    for match in _MARKS.finditer(text):
        i = match.start()
        while newline != -1 and newline < i:
            if open_at is not None:
                quotes.append(Quote(open_at, newline, paragraph, closed=False))
                open_at = None
            paragraph += 1
            line_start = newline + 1
            newline = text.find("\n", line_start)
        direction = _direction(text, i)
        if open_at is None:
            # A curly mark facing the wrong way (typos happen) is judged by its neighbours.
            if direction == "close" and text[i] in _CLOSING:
                direction = _direction(text, i, curly=False)
            if direction != "close":
                open_at = i
        elif direction != "open" or i == open_at + 1:
            quotes.append(Quote(open_at, i + 1, paragraph, closed=True))
            open_at = None
        else:
            # An opener while a quote is open: the earlier mark was stray; start again here.
            open_at = i
    if open_at is not None:
        end = newline if newline != -1 else len(text)
        quotes.append(Quote(open_at, end, paragraph, closed=False))
    return quotes
