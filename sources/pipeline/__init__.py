"""The ingestion pipeline as small pure functions over text (no database).

normalise -> split_sentences -> find_quotes -> attribute; `analyse` runs them in order.
"""

from __future__ import annotations

from dataclasses import dataclass

from .attribution import Attribution, attribute
from .normalise import is_boilerplate, normalise
from .quotes import Quote, find_quotes
from .sentences import Sentence, split_sentences

__all__ = [
    "Analysis",
    "Attribution",
    "Quote",
    "Sentence",
    "analyse",
    "attribute",
    "find_quotes",
    "is_boilerplate",
    "normalise",
    "split_sentences",
]


@dataclass(frozen=True, slots=True)
class Analysis:
    text: str  # normalised; every offset points into it
    sentences: list[Sentence]
    quotes: list[Quote]
    attributions: list[Attribution | None]  # one per sentence


def analyse(raw: str, *, normalised: bool = False) -> Analysis:
    """Run the text steps of the pipeline over one article."""
    text = raw if normalised else normalise(raw)
    sentences = split_sentences(text)
    quotes = find_quotes(text)
    return Analysis(text, sentences, quotes, attribute(text, sentences, quotes))
