"""Lexical retrieval: the claims sharing the most informative words with a wording.

PostgreSQL ranks with full-text search (`ts_rank` over the tsvectors stored in
`claims_claimembedding.words`, GIN-indexed), SQLite with FTS5's bm25 (the `claims_claim_words`
index); both from migration 0010; both stem English words
and search any of the wording's informative terms, so a paraphrase sharing only "McCain" and
"veterans" is still a candidate for the semantic stage.
"""

from __future__ import annotations

import re

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


def lexical_candidates(text: str, *, limit: int, table: str = "claims") -> list[int]:
    """Ids of at most `limit` rows of `table` sharing words with `text`, best ranked first."""
    terms = query_terms(text)
    if not terms:
        return []
    name, key, document, fts = TABLES[table]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Terms are bare words (no tsquery operators): an OR of them is a valid tsquery.
            tsquery = " | ".join(terms)
            # Table and column names come from TABLES, never from input.
            sql = f"SELECT {key} FROM {name}, to_tsquery('english', %s) AS q WHERE {document} @@ q "  # noqa: S608
            cursor.execute(sql + f"ORDER BY ts_rank({document}, q) DESC, {key} LIMIT %s", [tsquery, limit])
        else:
            match = " OR ".join('"' + term.replace('"', "") + '"' for term in terms)
            # Only indexed claims, as on PostgreSQL (where the words live beside the vector).
            indexed = f"JOIN {name} ON {name}.{key} = {fts}.rowid " if table == "claims" else ""
            sql = f"SELECT {fts}.rowid FROM {fts} {indexed}WHERE {fts} MATCH %s "  # noqa: S608
            cursor.execute(sql + f"ORDER BY bm25({fts}), {fts}.rowid LIMIT %s", [match, limit])
        return [row[0] for row in cursor.fetchall()]
