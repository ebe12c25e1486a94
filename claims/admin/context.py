"""The claim's sentence shown inside its paragraph of the source text, for the claim page."""

from __future__ import annotations

from dataclasses import dataclass

# Paragraphs longer than this are trimmed around the sentence (the curator needs context,
# not the whole article).
CONTEXT_CHARS = 600


@dataclass(frozen=True)
class SentenceInContext:
    before: str
    sentence: str
    after: str
    located: bool


def sentence_in_paragraph(
    text: str, sentence: str, start: int | None, end: int | None, *, context: int = CONTEXT_CHARS
) -> SentenceInContext:
    """Split the paragraph holding the sentence into (before, sentence, after).

    Uses the stored offsets when they still point at the sentence, else looks the sentence up
    in the text; when it cannot be found (the source text was edited) the sentence stands alone.
    """
    if start is None or end is None or text[start:end] != sentence:
        found = text.find(sentence) if sentence else -1
        if found < 0:
            return SentenceInContext("", sentence, "", located=False)
        start, end = found, found + len(sentence)
    paragraph_start = text.rfind("\n", 0, start) + 1
    paragraph_end = text.find("\n", end)
    if paragraph_end < 0:
        paragraph_end = len(text)
    before = text[paragraph_start:start]
    after = text[end:paragraph_end]
    if len(before) > context:
        before = "…" + before[-context:].lstrip()
    if len(after) > context:
        after = after[:context].rstrip() + "…"
    return SentenceInContext(before, text[start:end], after, located=True)
