"""Speakers carried over from neighbours: quotations continued, pronouns, sentence subjects."""

from __future__ import annotations

from collections.abc import Sequence

from ..quotes import Quote
from ..sentences import Sentence
from .registry import Entity, Registry
from .result import Attribution
from .tokens import Tok, capitalised, clean_name, name_tokens_ok, split_name


def sentence_subject(text: str, toks: list[Tok], registry: Registry, persons: set[int]) -> Entity | None:
    """The person a sentence opens with ("Zelensky had resisted ...")."""
    if not toks or not capitalised(toks[0]):
        return None
    k = 0
    while k + 1 < len(toks) and capitalised(toks[k + 1]) and k < 6:
        k += 1
    _title, name = split_name(toks[: k + 1])
    if not name_tokens_ok(name):
        return None
    entity = registry.lookup(clean_name(text, name), toks[0].start)
    return entity if entity is not None and id(entity) in persons else None



def inherit(
    results: list[Attribution | None],
    sentences: Sequence[Sentence],
    quotes: Sequence[Quote],
    quote_index: Sequence[tuple[int, ...]],
    text: str,
) -> None:
    """Give quoted sentences without a cue the speaker of the quotation they continue."""
    n = len(sentences)
    # A quotation spanning several sentences has one speaker.
    by_quote: dict[int, Attribution] = {}
    for i, found in enumerate(results):
        if found is not None and found.kind == "quote":
            for q in quote_index[i]:
                by_quote.setdefault(q, found)
    for i in range(n):
        if results[i] is not None or not quote_index[i]:
            continue
        for q in quote_index[i]:
            if q in by_quote:
                results[i] = inherited(by_quote[q], i, quote_index[i])
                break
    for i in range(n):
        if results[i] is not None or not quote_index[i]:
            continue
        sentence = sentences[i]
        if not sentence.text.startswith('"'):
            continue
        donor = None
        if i > 0 and sentences[i - 1].paragraph == sentence.paragraph and is_quote_attr(results[i - 1]):
            donor = results[i - 1]
        elif i + 1 < n and sentences[i + 1].paragraph == sentence.paragraph and is_quote_attr(results[i + 1]) and sentences[i + 1].text.startswith('"'):
            donor = results[i + 1]
        elif i > 0 and sentences[i - 1].paragraph == sentence.paragraph - 1 and results[i - 1] is not None:
            # A paragraph that is only a quotation continues the speaker of the one before.
            donor = results[i - 1]
        if donor is None:
            # Wire style: a quote left open at a paragraph's end goes on in the next paragraph,
            # which may carry the attribution ("... salaries.\n"Those who say otherwise," he said).
            j = i
            while j + 1 < n and sentences[j + 1].paragraph == sentence.paragraph:
                j += 1
            last = quotes[quote_index[j][-1]] if quote_index[j] else None
            if (
                last is not None
                and not last.closed
                and j + 1 < n
                and sentences[j + 1].text.startswith('"')
                and is_quote_attr(results[j + 1])
            ):
                donor = results[j + 1]
        if donor is not None:
            results[i] = taken = inherited(donor, i, quote_index[i])
            for q in quote_index[i]:
                by_quote.setdefault(q, taken)
    for i in range(n):
        if results[i] is None and quote_index[i]:
            donor = next((by_quote[q] for q in quote_index[i] if q in by_quote), None)
            if donor is not None:
                results[i] = inherited(donor, i, quote_index[i])


def is_quote_attr(found: Attribution | None) -> bool:
    return found is not None and found.kind == "quote"


def inherited(donor: Attribution, index: int, quotes: tuple[int, ...]) -> Attribution:
    return donor.carried_to(index, quotes)
