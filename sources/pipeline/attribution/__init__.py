"""Step 4: attribute quotations and reported speech to speakers.

Works on tokens outside quotation marks: a speech cue ("said", "told", "according to")
anchors the search, the capitalised run next to it is split into a title ("Kremlin press
secretary", "U.K. Prime Minister") and a name. A first pass over the article registers every
full name it introduces, so a later "Peskov said" resolves to "Dmitry Peskov" with his role,
and "he told the BBC" resolves to the most recent named speaker or sentence subject. Every
step is a bounded look around a token, so the whole step is linear in the text.

Parts: `lexicon` (word lists), `tokens` (tokens, capitalised runs, title/name split),
`registry` (names the article introduces), `kinds` (person or which organisation),
`quotations` (quoted spans that are speech), `cues` (sources before and after a cue),
`inherit` (continued quotations, pronouns, sentence subjects), `result` (`Attribution`).
"""

from __future__ import annotations

from collections.abc import Sequence

from ..quotes import Quote
from ..sentences import Sentence
from .cues import SentenceContext, explicit
from .inherit import inherit, sentence_subject
from .kinds import speaker_kind
from .quotations import is_quotation
from .registry import Entity, names_seen
from .result import PERSON, Attribution
from .tokens import tokenize

__all__ = ["Attribution", "attribute", "speaker_kind"]


def attribute(text: str, sentences: Sequence[Sentence], quotes: Sequence[Quote]) -> list[Attribution | None]:
    """One attribution (or None) per sentence: who says or is reported as saying it."""
    spans = [(q.start, q.end) for q in quotes]
    ends = [q.end for q in quotes]
    toks_by_sentence = [tokenize(text, s, spans, ends) for s in sentences]
    registry, persons = names_seen(text, toks_by_sentence)

    # Titles, scare quotes and nicknames are quoted but nobody's quotation: left out here, a
    # sentence carrying only those is reported speech or narration.
    speech = [is_quotation(text, q) for q in quotes]
    quote_index = [tuple(q for q in hits if speech[q]) for hits in quotes_by_sentence(sentences, quotes)]
    salient: list[tuple[int, Entity]] = []
    results: list[Attribution | None] = []
    for index, (sentence, toks) in enumerate(zip(sentences, toks_by_sentence, strict=True)):
        found = explicit(SentenceContext(text, index, toks, registry, salient, quote_index[index]))
        subject = sentence_subject(text, toks, registry, persons)
        if found is not None and found.speaker and found.speaker_kind == PERSON:
            # Only people are "he" or "she": the Kremlin never becomes the antecedent.
            entity = registry.lookup(found.speaker, found.mention_start) or Entity(found.speaker, found.role)
            salient.append((sentence.start, entity))
        elif subject is not None:
            salient.append((sentence.start, subject))
        results.append(found)
    inherit(results, sentences, quotes, quote_index, text)
    # Last resort for a quotation standing alone: the person the story was just about.
    paragraph_of = {s.start: s.paragraph for s in sentences}
    for i, sentence in enumerate(sentences):
        if results[i] is not None or not sentence.text.startswith('"') or not quote_index[i]:
            continue
        recent = [
            e for p, e in salient if p < sentence.start and sentence.paragraph - paragraph_of.get(p, -9) <= 2
        ]
        if recent:
            entity = recent[-1]
            results[i] = Attribution(
                sentence=i, speaker=entity.name, mention="", role=entity.role, cue="", kind="quote",
                mention_start=-1, mention_end=-1, quotes=quote_index[i], speaker_kind=entity.kind,
            )
    return results



def quotes_by_sentence(sentences: Sequence[Sentence], quotes: Sequence[Quote]) -> list[tuple[int, ...]]:
    """For each sentence, the indices of the quotations that overlap it (two-pointer walk)."""
    out: list[tuple[int, ...]] = []
    first = 0
    for s in sentences:
        while first < len(quotes) and quotes[first].end <= s.start:
            first += 1
        hits = []
        q = first
        while q < len(quotes) and quotes[q].start < s.end:
            if quotes[q].end > s.start:
                hits.append(q)
            q += 1
        out.append(tuple(hits))
    return out


