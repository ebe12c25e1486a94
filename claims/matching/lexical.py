"""Lexical retrieval: the claims sharing the most informative words with a wording.

PostgreSQL ranks with full-text search (`ts_rank` over the tsvectors stored in
`claims_claimembedding.words`, GIN-indexed), SQLite with FTS5's bm25 (the `claims_claim_words`
index); both from migration 0010; both stem English words
and search any of the wording's informative terms, so a paraphrase sharing only "McCain" and
"veterans" is still a candidate for the semantic stage.

On PostgreSQL the rows the query reads are bounded: ranking every claim that shares *any* word
read a tenth of the archive for a wording with "percent" in it (200 ms a lookup at 100,000
claims). The planner's own statistics of the indexed words (`pg_stats.most_common_elems`, kept
by ANALYZE) say how common each word is; the claims are *retrieved* by the wording's rarest
words, up to an estimated `FACTCHECK_MATCH_RETRIEVAL_ROWS`, and *ranked* by all of them. A
wording made only of common words retrieves the claims sharing its two or three rarest together.
"""

from __future__ import annotations

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
    "claims": ("claims_claimembedding", "claim_id", "words", "claims_claim_words"),
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

    @property
    def floor(self) -> float:
        return min(self.share.values()) if self.share else 0.0

    def estimate(self, lexeme: str) -> float:
        return self.rows * self.share.get(lexeme, self.floor)


# Terms ANDed at most when even the rarest word of a wording is too common to retrieve by.
MAX_REQUIRED_TERMS = 3


def retrieval_query(lexemes: Mapping[str, str], statistics: WordStatistics | None, budget: float) -> str:
    """The tsquery that retrieves candidates for a wording whose terms stem to `lexemes`
    (term -> lexeme; a stop word stems to ""): every term when the rows they hold together fit
    in `budget`, else the rarest ones that fit, else the rarest two or three required together."""
    terms = [term for term, lexeme in lexemes.items() if lexeme]
    if not terms:
        return ""
    if statistics is None:
        return " | ".join(terms)
    rarest = sorted(terms, key=lambda t: (statistics.estimate(lexemes[t]), t))
    if sum(statistics.estimate(lexemes[t]) for t in terms) <= budget:
        return " | ".join(terms)
    chosen: list[str] = []
    rows = 0.0
    for term in rarest:
        rows += statistics.estimate(lexemes[term])
        if rows > budget:
            break
        chosen.append(term)
    if chosen:
        return " | ".join(chosen)
    # Even the rarest word is common: claims holding the rarest few together (words assumed
    # independent: the estimate multiplies their shares).
    required, share = [], 1.0
    for term in rarest[:MAX_REQUIRED_TERMS]:
        required.append(term)
        share *= statistics.estimate(lexemes[term]) / statistics.rows
        if statistics.rows * share <= budget:
            break
    return " & ".join(required)


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
            "WHERE c.oid = 'claims_claimembedding'::regclass"
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
                sql = (
                    f"SELECT {key} FROM {name}, to_tsquery('english', %s) AS r, "  # noqa: S608
                    f"to_tsquery('english', %s) AS q "
                    f"WHERE {document} @@ r ORDER BY ts_rank({document}, q) DESC, {key} LIMIT %s"
                )
                cursor.execute(sql, [retrieval, ranking, limit])
            else:
                match = " OR ".join('"' + term.replace('"', "") + '"' for term in terms)
                # Only indexed claims, as on PostgreSQL (where the words live beside the vector).
                indexed = f"JOIN {name} ON {name}.{key} = {fts}.rowid " if table == "claims" else ""
                sql = f"SELECT {fts}.rowid FROM {fts} {indexed}WHERE {fts} MATCH %s "  # noqa: S608
                cursor.execute(sql + f"ORDER BY bm25({fts}), {fts}.rowid LIMIT %s", [match, limit])
            out.append([row[0] for row in cursor.fetchall()])
    return out
