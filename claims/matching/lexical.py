"""Lexical retrieval: the claims sharing the most informative words with a wording.

PostgreSQL ranks with full-text search (over the tsvectors stored in `claims_claimwords`,
GIN-indexed), SQLite with FTS5's bm25 (the `claims_claim_words`
index); both from migration 0010; both stem English words
and search any of the wording's informative terms, so a paraphrase sharing only "McCain" and
"veterans" is still a candidate for the semantic stage.

On PostgreSQL the rows the query reads are bounded: ranking every claim that shares *any* word
read a tenth of the archive for a wording with "percent" in it (1.3 s a lookup at 1,000,000
claims). The planner's own statistics of the indexed words (`pg_stats.most_common_elems`, kept
by ANALYZE; migration 0019 lists the whole vocabulary) say how common each word is. Candidates
are *retrieved* by the wording's rarest words, then by pairs of its commoner words required
together ("John & McCain"), while the estimated rows fit `FACTCHECK_MATCH_RETRIEVAL_ROWS`, and
*ranked* by the inverse document frequency of the words each shares with the wording (ts_rank
weighs "McCain" like "percent").
"""

from __future__ import annotations

import functools
import itertools
import math
import re
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass

from django.conf import settings
from django.db import connection

from claims.matching.slots import NUMBER_WORDS

MAX_TERMS = 24
# Words that say nothing about which claim this is: function words, reporting verbs, and the
# commonest words of claims themselves.
STOPWORDS = frozenset(
    ["a", "about", "above", "after", "again", "against", "all", "am", "an", "and", "any", "are", "as", "at", "be", "because", "been", "before", "being", "below", "between", "both", "but", "by", "can", "did", "do", "does", "doing", "down", "during", "each", "few", "for", "from", "further", "had", "has", "have", "having", "he", "her", "here", "hers", "herself", "him", "himself", "his", "how", "i", "if", "in", "into", "is", "it", "its", "itself", "just", "me", "more", "most", "my", "myself", "no", "nor", "not", "now", "of", "off", "on", "once", "only", "or", "other", "our", "ours", "ourselves", "out", "over", "own", "same", "she", "should", "so", "some", "such", "than", "that", "the", "their", "theirs", "them", "themselves", "then", "there", "these", "they", "this", "those", "through", "to", "too", "under", "until", "up", "very", "was", "we", "were", "what", "when", "where", "which", "while", "who", "whom", "why", "will", "with", "would", "you", "your", "yours", "yourself", "yourselves", "says", "said", "say", "claims", "claimed", "claim", "according", "also", "told", "tells", "stated", "statement", "just", "like", "one", "get", "got", "go", "going", "went", "make", "made", "wants", "want", "would", "could", "us"]
)
_DIGITS_FOR_WORD = {word: str(value) for word, value in NUMBER_WORDS.items()}
_WORD_FOR_DIGITS = {str(value): word for word, value in NUMBER_WORDS.items()}

TABLES = {
    # name: (PostgreSQL table, its id and its tsvector, SQLite FTS5 table)
    "claims": ("claims_claimwords", "claim_id", "words", "claims_claim_words"),
    "external": (
        "claims_externalfactcheck", "id", "to_tsvector('english'::regconfig, COALESCE(claim_text, ''))",
        "claims_externalfactcheck_words",
    ),
}


def query_terms(text: str) -> list[str]:
    """The informative words of `text`, lowercased ASCII-safe tokens, numbers in both spellings
    ("4%" also searches "four" and "percent")."""
    terms: list[str] = []
    lowered = text.lower().replace("%", " percent ")
    for word in re.findall(r"[^\W_]+", lowered):
        if word in STOPWORDS or (len(word) < 2 and not word.isdigit()):
            continue
        terms.append(word)
        if word in _DIGITS_FOR_WORD:
            terms.append(_DIGITS_FOR_WORD[word])
        elif word in _WORD_FOR_DIGITS:
            terms.append(_WORD_FOR_DIGITS[word])
    seen: dict[str, None] = {}
    for term in terms:
        if re.fullmatch(r"\w+", term, flags=re.ASCII) or re.fullmatch(r"[^\W_]+", term):
            seen.setdefault(term, None)
    return list(seen)[:MAX_TERMS]


@dataclass(frozen=True)
class WordStatistics:
    """How common the indexed words are: `rows` indexed, and the share of rows holding each of
    the commonest lexemes; any other lexeme is assumed to be as rare as the rarest listed."""

    rows: float
    share: Mapping[str, float]

    @functools.cached_property
    def floor(self) -> float:  # once: the vocabulary is thousands of lexemes
        return min(self.share.values()) if self.share else 0.0

    def estimate(self, lexeme: str) -> float:
        return self.rows * self.share.get(lexeme, self.floor)


# Terms ANDed at most when even the rarest pair of a wording's words is too common to retrieve by.
MAX_REQUIRED_TERMS = 3
# The words of one wording are not independent ("John" and "McCain"): a pair's rows are
# estimated at this many times the product of their shares. Pairs are formed among the
# commonest words' rarest few.
PAIR_CORRELATION = 10.0
PAIRED_TERMS = 6
# What merging one posting of a word costs the index scan, as a share of reading and ranking
# one row. Chosen with the budget on the labelled set among 1,000,000 claims (README,
# "Claim matching"): at 6,000 rows, 0.02 and 0.05 keep the same recall, 0.02 reads fewer postings
# of pairs it does not take.
POSTING_COST = 0.02


def retrieval_query(lexemes: Mapping[str, str], statistics: WordStatistics | None, budget: float) -> str:
    """The tsquery that retrieves candidates for a wording whose terms stem to `lexemes`
    (term -> lexeme; a stop word stems to ""), within `budget` (estimated rows read, counting
    each posting of a word the index merges as POSTING_COST of a row): every term when they fit;
    else the rarest words that fit, then pairs of the commoner words required together,
    cheapest first; if nothing fits, the rarest two or three required together."""
    terms = list({lexeme: term for term, lexeme in reversed(list(lexemes.items())) if lexeme}.values())[::-1]
    if not terms:
        return ""
    if statistics is None:
        return " | ".join(terms)

    def rows(term: str) -> float:
        return statistics.estimate(lexemes[term])

    if sum(rows(t) for t in terms) * (1 + POSTING_COST) <= budget:
        return " | ".join(terms)
    rarest = sorted(terms, key=lambda t: (rows(t), t))
    merged: set[str] = set()  # words whose postings the index already reads

    def cost(words: tuple[str, ...], retrieved: float) -> float:
        return retrieved + POSTING_COST * sum(rows(t) for t in words if t not in merged)

    clauses: list[str] = []
    spent = 0.0
    while rarest and spent + cost((rarest[0],), rows(rarest[0])) <= budget:
        spent += cost((rarest[0],), rows(rarest[0]))
        merged.add(rarest[0])
        clauses.append(rarest.pop(0))
    # "McCain" and "John" are each in thousands of claims, both together in far fewer: the
    # claims sharing two of a wording's commoner words are retrieved by the pair.
    pairs = sorted(
        (rows(a) * rows(b) / statistics.rows * PAIR_CORRELATION, a, b)
        for a, b in itertools.combinations(rarest[:PAIRED_TERMS], 2)
    )
    for retrieved, a, b in pairs:
        if spent + cost((a, b), retrieved) <= budget:
            spent += cost((a, b), retrieved)
            merged.update((a, b))
            clauses.append(f"({a} & {b})")
    if clauses:
        return " | ".join(clauses)
    # Nothing fits: claims holding the rarest few together.
    required, share = [], 1.0
    for term in rarest[:MAX_REQUIRED_TERMS]:
        required.append(term)
        share *= rows(term) / statistics.rows
        if statistics.rows * share <= budget:
            break
    return " & ".join(required)


def term_weights(lexemes: Mapping[str, str], statistics: WordStatistics | None) -> dict[str, float]:
    """How much sharing each lexeme says two wordings are about the same thing: its inverse
    document frequency (sharing "McCain" says more than sharing "percent"); 1 each without
    statistics. ts_rank weighs every word alike, so at a million claims the claim sharing
    "McCain" ranked below fifty sharing "percent" and "veterans"."""
    weights: dict[str, float] = {}
    for lexeme in lexemes.values():
        if lexeme and lexeme not in weights:
            weights[lexeme] = (
                math.log(statistics.rows / max(statistics.estimate(lexeme), 1.0)) if statistics else 1.0
            )
    return weights


STATISTICS_SECONDS = 300.0
_statistics_lock = threading.Lock()
_statistics: dict[str, tuple[float, WordStatistics | None]] = {}


def word_statistics() -> WordStatistics | None:
    """The claim word index's statistics from the planner (PostgreSQL), read at most every five
    minutes per database; None before ANALYZE has seen the table."""
    alias = connection.alias
    now = time.monotonic()
    with _statistics_lock:
        cached = _statistics.get(alias)
    if cached and now - cached[0] < STATISTICS_SECONDS:
        return cached[1]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.reltuples, s.most_common_elems::text::text[], s.most_common_elem_freqs "
            "FROM pg_class c LEFT JOIN pg_stats s ON s.schemaname = current_schema() "
            "AND s.tablename = c.relname AND s.attname = 'words' "
            "WHERE c.oid = 'claims_claimwords'::regclass"
        )
        row = cursor.fetchone()
    statistics = None
    if row and row[1] and row[0] > 0:
        rows, elements, shares = row
        # most_common_elem_freqs ends with the minimum, maximum and null shares.
        statistics = WordStatistics(rows=float(rows), share=dict(zip(elements, shares[: len(elements)], strict=True)))
    with _statistics_lock:
        _statistics[alias] = (now, statistics)
    return statistics


def forget_word_statistics() -> None:
    """Read the statistics afresh on the next lookup (after a rebuild of the index, in tests)."""
    with _statistics_lock:
        _statistics.clear()


# Term -> its English lexeme as the index stores it ("" for a stop word): the dictionary never
# changes, so a process asks PostgreSQL once per word it meets.
_LEXEMES: dict[str, str] = {}
MAX_CACHED_LEXEMES = 200_000


def _lexemes(cursor, terms: list[str]) -> dict[str, str]:
    missing = [t for t in dict.fromkeys(terms) if t not in _LEXEMES]
    if missing:
        cursor.execute(
            "SELECT t, COALESCE((tsvector_to_array(to_tsvector('english'::regconfig, t)))[1], '') "
            "FROM unnest(%s::text[]) AS t",
            [missing],
        )
        if len(_LEXEMES) > MAX_CACHED_LEXEMES:
            _LEXEMES.clear()
        _LEXEMES.update(cursor.fetchall())
    return {t: _LEXEMES.get(t, "") for t in terms}


def lexical_candidates(text: str, *, limit: int, table: str = "claims") -> list[int]:
    """Ids of at most `limit` rows of `table` sharing words with `text`, best ranked first."""
    return lexical_candidates_many([text], limit=limit, table=table)[0]


def lexical_candidates_many(texts: list[str], *, limit: int, table: str = "claims") -> list[list[int]]:
    """`lexical_candidates` for each of `texts` (one query a text, plus at most one for the
    lexemes of words this process has not met yet)."""
    terms_of = [query_terms(text) for text in texts]
    name, key, document, fts = TABLES[table]
    out: list[list[int]] = []
    with connection.cursor() as cursor:
        postgresql = connection.vendor == "postgresql"
        narrowing = postgresql and table == "claims"
        statistics: WordStatistics | None = None
        lexemes: dict[str, str] = {}
        if narrowing:
            statistics = word_statistics()
            lexemes = _lexemes(cursor, [t for terms in terms_of for t in terms])
        for terms in terms_of:
            if not terms:
                out.append([])
                continue
            if postgresql:
                # Terms are bare words (no tsquery operators): an OR of them is a valid tsquery.
                ranking = " | ".join(terms)
                retrieval = ranking
                if narrowing:
                    retrieval = retrieval_query(
                        {t: lexemes[t] for t in terms}, statistics, settings.FACTCHECK_MATCH_RETRIEVAL_ROWS
                    )
                    if not retrieval:
                        out.append([])
                        continue
                # Table and column names come from TABLES, never from input.
                if narrowing:
                    weights = term_weights({t: lexemes[t] for t in terms}, statistics)
                    sql = (
                        "WITH w AS MATERIALIZED (SELECT plainto_tsquery('simple', u.lexeme) AS q, u.weight "  # noqa: S608
                        "FROM unnest(%s::text[], %s::float8[]) AS u(lexeme, weight)) "
                        f"SELECT {key} FROM {name} WHERE {document} @@ to_tsquery('english', %s) "
                        f"ORDER BY (SELECT sum(w.weight) FROM w WHERE {document} @@ w.q) DESC, {key} LIMIT %s"
                    )
                    cursor.execute(sql, [list(weights), list(weights.values()), retrieval, limit])
                else:
                    sql = (
                        f"SELECT {key} FROM {name}, to_tsquery('english', %s) AS q "  # noqa: S608
                        f"WHERE {document} @@ q ORDER BY ts_rank({document}, q) DESC, {key} LIMIT %s"
                    )
                    cursor.execute(sql, [ranking, limit])
            else:
                match = " OR ".join('"' + term.replace('"', "") + '"' for term in terms)
                # Only indexed claims, as on PostgreSQL (where the words live beside the vector).
                indexed = f"JOIN claims_claimembedding e ON e.claim_id = {fts}.rowid " if table == "claims" else ""
                sql = f"SELECT {fts}.rowid FROM {fts} {indexed}WHERE {fts} MATCH %s "  # noqa: S608
                cursor.execute(sql + f"ORDER BY bm25({fts}), {fts}.rowid LIMIT %s", [match, limit])
            out.append([row[0] for row in cursor.fetchall()])
    return out
