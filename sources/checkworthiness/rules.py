"""Readable reasons why a sentence may (or may not) be worth checking.

Each rule is a pure function of the text. Most rules look up lower-cased word tokens in
small word sets (fast, and easy to read and extend); the few regexes have no nested
quantifiers and bounded repeats, so they stay linear-time on very long, unpunctuated input.
"""

from __future__ import annotations

import re
from collections.abc import Callable

STATISTIC = "statistic"
COMPARISON = "comparison"
PAST_EVENT = "verifiable past event"
ATTRIBUTED = "attributed assertion"
OPINION = "opinion"
QUESTION = "question"
FRAGMENT = "fragment"

REASON_CODES: tuple[str, ...] = (
    STATISTIC,
    COMPARISON,
    PAST_EVENT,
    ATTRIBUTED,
    OPINION,
    QUESTION,
    FRAGMENT,
)



def _word_set(words: str) -> frozenset[str]:
    """A set of lower-case words written as one space-separated string."""
    return frozenset(words.split())


_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_DIGIT_STAT = re.compile(
    r"\d\s?%|[$£€]\s?\d|\d[\d,.]{0,20}\s?(?:percent|per cent|hundred|thousand|million|billion|"
    r"trillion|dollars?|jobs|people|votes|times|points)\b"
    r"|\b\d{1,3}(?:,\d{3}){1,6}\b|\b\d{5,}|\d\.\d"
)
_YEAR = re.compile(r"\b(?:1[89]\d\d|20\d\d)s?\b")
_PLACE = re.compile(r"\b(?:in|at|from|to) (?:the )?[A-Z][a-z]")

_QUANTITY_WORDS = _word_set(
    "percent percentage million millions billion billions trillion trillions "
    "dozens hundreds thousands twice double doubled triple tripled half quarter"
)
_COMPARATIVES = _word_set(
    "more less fewer higher lower larger smaller bigger greater better worse faster slower "
    "cheaper record highest lowest largest smallest biggest greatest fastest most least worst "
    "best ever doubled tripled halved"
)
_PAST_VERBS = _word_set(
    "was were had did voted passed signed vetoed cut raised lost created spent closed "
    "invaded built won killed sent took gave made paid grew fell rose went came began "
    "left brought sold bought led ran wrote said told"
)
_RELATIVE_DATES = _word_set(
    "yesterday ago january february march april june july august september october "
    "november december"
)
_ATTRIBUTION = _word_set(
    "said says told stated claimed claims announced reported reports testified wrote "
    "admitted acknowledged confirmed denied insisted"
)
_BELIEF_VERBS = _word_set("think believe feel hope want wish guess suppose")
_PRESCRIPTIVE = _word_set("should shouldn't must ought let's")
_JUDGEMENT = _word_set(
    "great terrible horrible wonderful disgrace disgraceful disaster ridiculous amazing "
    "fantastic shame shameful tremendous beautiful awful unfair stupid incredible sad "
    "nice bad good wrong"
)
# Finite verbs and auxiliaries; a sentence with none of them is usually a fragment.
_VERBS = _word_set(
    "is are was were be been being am has have had do does did will would can could shall "
    "should may might must said says get got go goes went make made know knew think thought "
    "want take took see saw come came give gave tell told pay paid cut put let need say keep "
    "kept lose lost win won build built spend spent bring brought believe vote support create "
    "look work run ran mean meant feel felt like try tried agree happen talk fight send sent "
    "can't won't don't doesn't didn't isn't aren't wasn't weren't haven't hasn't wouldn't "
    "couldn't shouldn't goes rises increases falls grows takes makes gets wants needs knows "
    "thinks believes costs pays means works wins loses happens"
)
# Not "-es"/"-s": plural nouns ("families") would count as verbs.
_VERB_SUFFIXES = ("ed", "'s", "'re", "'ve", "'ll", "'d", "'m")
_MIN_WORDS = 4
_CLOSERS = " \t\r\n\"')]”’"


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.lower().replace("’", "'"))


def _bigrams(tokens: list[str]) -> zip:
    return zip(tokens, tokens[1:], strict=False)


def is_statistic(text: str, tokens: list[str] | None = None) -> bool:
    """Numbers, percentages, money or large quantities."""
    tokens = _tokens(text) if tokens is None else tokens
    if not _QUANTITY_WORDS.isdisjoint(tokens):
        return True
    return any(c.isdigit() for c in text) and _DIGIT_STAT.search(text) is not None


def is_comparison(text: str, tokens: list[str] | None = None) -> bool:
    """Comparatives and superlatives: more/less than, -er than, record, highest."""
    tokens = _tokens(text) if tokens is None else tokens
    if not _COMPARATIVES.isdisjoint(tokens):
        return True
    return any(b == "than" and a.endswith("er") for a, b in _bigrams(tokens))


def has_year(text: str, tokens: list[str] | None = None) -> bool:
    """A year (1800-2099) or a date word (a month, "yesterday", "ago", "last year")."""
    tokens = _tokens(text) if tokens is None else tokens
    if not _RELATIVE_DATES.isdisjoint(tokens):
        return True
    if any(a == "last" and b in ("year", "month", "week", "decade") for a, b in _bigrams(tokens)):
        return True
    return any(c.isdigit() for c in text) and _YEAR.search(text) is not None


def is_past_event(text: str, tokens: list[str] | None = None) -> bool:
    """A past-tense action anchored by a date, year or named place."""
    tokens = _tokens(text) if tokens is None else tokens
    past = not _PAST_VERBS.isdisjoint(tokens) or any(
        len(t) > 4 and t.endswith("ed") for t in tokens
    )
    if not past:
        return False
    return has_year(text, tokens) or _PLACE.search(text) is not None


def is_attributed(text: str, tokens: list[str] | None = None) -> bool:
    """Someone is reported as saying or stating something."""
    tokens = _tokens(text) if tokens is None else tokens
    if not _ATTRIBUTION.isdisjoint(tokens):
        return True
    return any(a == "according" and b == "to" for a, b in _bigrams(tokens))


def is_opinion(text: str, tokens: list[str] | None = None) -> bool:
    """First-person belief, prescription or an adjective of judgement."""
    tokens = _tokens(text) if tokens is None else tokens
    if not _PRESCRIPTIVE.isdisjoint(tokens) or not _JUDGEMENT.isdisjoint(tokens):
        return True
    for a, b in _bigrams(tokens):
        if a in ("i", "we") and b in _BELIEF_VERBS:
            return True
        if (a, b) in (("my", "opinion"), ("my", "view"), ("ought", "to")):
            return True
    return False


def is_question(text: str, tokens: list[str] | None = None) -> bool:
    return text.rstrip(_CLOSERS).endswith("?")


def is_fragment(text: str, tokens: list[str] | None = None) -> bool:
    """Too short, no verb at all, or cut off mid-sentence (ends with a comma, dash...)."""
    tokens = _tokens(text) if tokens is None else tokens
    if len(tokens) < _MIN_WORDS:
        return True
    if text.rstrip(_CLOSERS).endswith((",", ";", ":", "-", "—")):
        return True
    if not _VERBS.isdisjoint(tokens):
        return False
    return not any(t.endswith(_VERB_SUFFIXES) for t in tokens)


_RULES: tuple[tuple[str, Callable[[str, list[str] | None], bool]], ...] = (
    (STATISTIC, is_statistic),
    (COMPARISON, is_comparison),
    (PAST_EVENT, is_past_event),
    (ATTRIBUTED, is_attributed),
    (OPINION, is_opinion),
    (QUESTION, is_question),
    (FRAGMENT, is_fragment),
)


def rule_reasons(text: str) -> list[str]:
    """Reason codes (in the fixed order of ``REASON_CODES``) that apply to ``text``."""
    tokens = _tokens(text)
    return [code for code, applies in _RULES if applies(text, tokens)]
