"""The floor: each API page fetched with ONE hand-written SQL query through psycopg and encoded
to JSON, with the same content as the API's response. Nothing can serve the page faster from
this database without caching it; the API's time over this one is its overhead."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

import psycopg
from django.conf import settings

PUBLIC = "v.status IN ('published', 'retracted')"

_PERSON = "COALESCE(NULLIF(TRIM({u}.first_name || ' ' || {u}.last_name), ''), {u}.username)"

# {appearance_limit}: a list page embeds the first 3 appearances (as the API), the detail all.
FACTCHECK_COLUMNS = f"""
  v.id, v.slug, v.status, v.headline, v.summary, v.body, v.published_at, v.updated_at,
  v.retracted_at, v.retraction_note,
  json_build_object('slug', r.slug, 'label', r.label, 'value', r.value, 'colour', r.colour) AS rating,
  json_build_object(
    'id', c.id, 'text', c.text, 'made_on', c.made_on, 'language', c.language,
    'speaker', CASE WHEN s.id IS NULL THEN NULL ELSE json_build_object(
      'id', s.id, 'slug', s.slug, 'name', s.name, 'role', s.role, 'affiliation', s.affiliation,
      'country', s.country, 'wikidata_id', s.wikidata_id) END,
    'tags', (SELECT COALESCE(json_agg(json_build_object('slug', t.slug, 'name', t.name) ORDER BY t.name), '[]')
             FROM claims_claim_tags ct JOIN claims_tag t ON t.id = ct.tag_id WHERE ct.claim_id = c.id)
  ) AS claim,
  (SELECT count(*) FROM claims_appearance a JOIN sources_source so ON so.id = a.source_id
   WHERE a.claim_id = c.id AND so.kind <> 'tip') AS appearance_count,
  (SELECT COALESCE(json_agg(json_build_object(
      'sentence', x.sentence, 'said_on', x.said_on, 'speaker_mention', x.speaker_mention,
      'speaker_role', x.speaker_role,
      'source', json_build_object('url', x.url, 'title', x.title, 'publisher', x.publisher,
                                  'published_at', x.published_at)) ORDER BY x.said_on NULLS LAST, x.id), '[]')
   FROM (SELECT a.id, a.sentence, a.said_on, a.speaker_mention, a.speaker_role,
                so.url, so.title, so.publisher, so.published_at
         FROM claims_appearance a JOIN sources_source so ON so.id = a.source_id
         WHERE a.claim_id = c.id AND so.kind <> 'tip'
         ORDER BY a.said_on NULLS LAST, a.id {{appearance_limit}}) x) AS appearances,
  (SELECT COALESCE(json_agg(json_build_object(
      'url', e.url, 'title', e.title, 'publisher', e.publisher, 'stance', e.stance,
      'archived_url', e.archived_url, 'accessed_at', e.accessed_at) ORDER BY e.id), '[]')
   FROM claims_evidencelink e WHERE e.claim_id = c.id) AS evidence_links,
  (SELECT COALESCE(json_agg(json_build_object('corrected_on', k.corrected_on, 'note', k.note)
                            ORDER BY k.corrected_on DESC), '[]')
   FROM claims_correction k WHERE k.verdict_id = v.id) AS corrections,
  (SELECT COALESCE(json_agg({_PERSON.format(u="au")} ORDER BY au.id), '[]')
   FROM claims_verdict_authors va JOIN auth_user au ON au.id = va.user_id WHERE va.verdict_id = v.id) AS authors,
  COALESCE({_PERSON.format(u="ed")}, '') AS editor
"""

FACTCHECK_FROM = """
FROM claims_verdict v
JOIN claims_claim c ON c.id = v.claim_id
LEFT JOIN claims_speaker s ON s.id = c.speaker_id
LEFT JOIN claims_rating r ON r.id = v.rating_id
LEFT JOIN auth_user ed ON ed.id = v.editor_id
"""

# The public search document and its partial GIN index (claims.search, migration 0015).
SEARCH = "to_tsvector('english', COALESCE(v.search_document, '')) @@ websearch_to_tsquery('english', %(q)s)"

FILTERS = {
    "rating": "r.slug = %(rating)s",
    # By id, looked up beforehand: with the literal id the planner knows how prolific the speaker is.
    "speaker_id": "c.speaker_id = %(speaker_id)s",
    "tag": "c.id IN (SELECT ct.claim_id FROM claims_claim_tags ct JOIN claims_tag t ON t.id = ct.tag_id WHERE t.slug = %(tag)s)",
    "language": "c.language = %(language)s",
    "published_after": "v.published_at >= %(published_after)s",
    "published_before": "v.published_at < %(published_before)s",
    "updated_since": "v.updated_at >= %(updated_since)s",
    "q": SEARCH,
    # The keyset boundary of a cursor: a row comparison PostgreSQL reads as an index condition.
    "after": "(v.published_at, v.id) < (%(after_published_at)s, %(after_id)s)",
}


def _json_default(value: Any) -> str:
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(type(value))


class RawFloor:
    """One psycopg connection; each call runs one SQL query and returns the JSON bytes."""

    def __init__(self, database_url: str) -> None:
        self.conn = psycopg.connect(database_url, autocommit=True)
        self.site = settings.FACTCHECK_SITE_URL

    def close(self) -> None:
        self.conn.close()

    def _factchecks(
        self, where: list[str], params: dict[str, Any], limit: int, order: str, *, appearances: int | None = 3
    ) -> list[dict]:
        columns = FACTCHECK_COLUMNS.replace("{appearance_limit}", f"LIMIT {int(appearances)}" if appearances else "")
        sql = (
            f"SELECT {columns} {FACTCHECK_FROM} WHERE {' AND '.join([PUBLIC, *where])} "
            f"ORDER BY {order} LIMIT {int(limit)}"
        )
        with self.conn.cursor(row_factory=psycopg.rows.dict_row) as cur:
            cur.execute(sql, params)
            rows = cur.fetchall()
        for row in rows:
            row["url"] = f"{self.site}/fact-checks/{row['slug']}/"
            row["claim_review_url"] = f"{self.site}/api/v1/fact-checks/{row['id']}/claimreview/"
            speaker = row["claim"]["speaker"]
            if speaker:
                speaker["url"] = f"{self.site}/speakers/{speaker['slug']}/"
        return rows

    def factcheck_page(self, *, page_size: int = 50, **filters: Any) -> bytes:
        where = [FILTERS[name] for name in filters if name in FILTERS]
        if "after" in filters:
            published_at, pk = filters.pop("after")
            filters.update(after_published_at=published_at, after_id=pk)
        rows = self._factchecks(where, filters, page_size + 1, "v.published_at DESC, v.id DESC")
        body = {"next": "cursor" if len(rows) > page_size else None, "previous": None, "results": rows[:page_size]}
        return json.dumps(body, default=_json_default).encode()

    def factcheck_detail(self, pk: int) -> bytes:
        rows = self._factchecks(["v.id = %(pk)s"], {"pk": pk}, 1, "v.id", appearances=None)
        return json.dumps(rows[0], default=_json_default).encode()

    def claimreview_page(self, *, page_size: int = 50) -> bytes:
        rows = self._factchecks([], {}, page_size + 1, "v.published_at DESC, v.id DESC", appearances=None)
        items = [self._claim_review(row) for row in rows[:page_size]]
        return json.dumps({"next": "cursor", "results": items}, default=_json_default).encode()

    def claims_search(self, *, query: str, page_size: int = 10) -> bytes:
        rows = self._factchecks([FILTERS["q"], "v.status = 'published'"], {"q": query}, page_size + 1,
                                "v.published_at DESC, v.id DESC")
        claims = [
            {
                "text": row["claim"]["text"],
                "claimant": (row["claim"]["speaker"] or {}).get("name", ""),
                "claimDate": row["claim"]["made_on"],
                "claimReview": [{
                    "publisher": {"name": settings.FACTCHECK_ORGANIZATION_NAME, "site": self.site},
                    "url": row["url"], "title": row["headline"], "reviewDate": row["published_at"],
                    "textualRating": row["rating"]["label"], "languageCode": row["claim"]["language"],
                }],
            }
            for row in rows[:page_size]
        ]
        return json.dumps({"claims": claims, "nextPageToken": "token"}, default=_json_default).encode()

    def _claim_review(self, row: dict) -> dict:
        speaker = row["claim"]["speaker"]
        appearances = [{"@type": "CreativeWork", "url": a["source"]["url"]} for a in row["appearances"]]
        return {
            "@context": "https://schema.org",
            "@type": "ClaimReview",
            "url": row["url"],
            "claimReviewed": row["claim"]["text"],
            "datePublished": row["published_at"],
            "author": {"@type": "Organization", "name": settings.FACTCHECK_ORGANIZATION_NAME, "url": self.site},
            "itemReviewed": {
                "@type": "Claim",
                "author": {"@type": "Person", "name": speaker["name"], "jobTitle": speaker["role"]} if speaker else None,
                "datePublished": row["claim"]["made_on"],
                "appearance": appearances,
                "firstAppearance": appearances[0] if appearances else None,
            },
            "reviewRating": {
                "@type": "Rating", "ratingValue": row["rating"]["value"], "bestRating": 6, "worstRating": 1,
                "alternateName": row["rating"]["label"],
            },
        }
