"""Claim matching: is a new wording a claim we already track?

- `slots` (pure): what a fact-checker would check, and how two wordings differ in it;
- `embedding`: sentence vectors (WordLlama, shipped in its wheel, offline);
- `lexical`: candidates from the word index (PostgreSQL full-text search / SQLite FTS5);
- `rank`, `decide` (pure): similarity + slots -> `same`, `suggest` or `new`;
- `lookup`: the lookups ingestion, tips and the admin use (`claim_match`, `claims_match`);
- `index`: keeping vectors in step with claim wording; `evaluation`: `evaluate_matching`.
"""
