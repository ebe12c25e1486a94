"""GET /api/v1/claims/, /speakers/ and /ratings/."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims import services


def ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


@pytest.mark.django_db
def test_partners_see_only_claims_with_a_public_fact_check(partner_client, newsroom):
    assert ids(partner_client.get("/api/v1/claims/")) == {
        newsroom.published.claim_id,
        newsroom.other.claim_id,
        newsroom.retracted.claim_id,
    }
    assert partner_client.get(f"/api/v1/claims/{newsroom.rejected.pk}/").status_code == 404
    assert partner_client.get(f"/api/v1/claims/{newsroom.draft.claim_id}/").status_code == 404


@pytest.mark.django_db
def test_partner_claim_lists_its_public_fact_checks_without_workflow_fields(partner_client, newsroom):
    body = partner_client.get(f"/api/v1/claims/{newsroom.published.claim_id}/").json()
    assert body["text"] == "Unemployment fell to 4 percent in 2024."
    assert [f["headline"] for f in body["fact_checks"]] == [newsroom.published.headline]
    assert body["fact_checks"][0]["rating"]["slug"] == "false"
    for staff_only in ("status", "internal_note", "assignee", "score", "score_reasons", "origin"):
        assert staff_only not in body


@pytest.mark.django_db
def test_staff_see_every_claim_with_workflow_fields(api_client, newsroom, fact_checker):
    api_client.force_login(fact_checker)
    everything = ids(api_client.get("/api/v1/claims/", {"page_size": 100}))
    assert {newsroom.rejected.pk, newsroom.candidate.pk, newsroom.draft.claim_id} <= everything
    body = api_client.get(f"/api/v1/claims/{newsroom.draft.claim_id}/").json()
    assert body["status"] == "in_research"
    assert body["assignee"] == "fiona"
    assert api_client.get("/api/v1/claims/", {"status": "rejected"}).json()["results"][0]["id"] == newsroom.rejected.pk


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"speaker": "angela-example"}, {"other", "retracted"}),
        ({"tag": "economy"}, {"published"}),
        ({"language": "de"}, {"other"}),
        ({"rating": "pants-on-fire"}, {"retracted"}),
        ({"q": "cheese"}, {"retracted"}),
        ({"status": "rejected"}, set()),
    ],
)
def test_claim_filters(partner_client, newsroom, params, expected):
    assert ids(partner_client.get("/api/v1/claims/", params)) == {getattr(newsroom, n).claim_id for n in expected}


@pytest.mark.django_db
def test_claim_updated_since_and_ordering(partner_client, newsroom):
    from django.utils import timezone

    from claims.models import Claim

    mark = timezone.now()
    Claim.objects.filter(pk=newsroom.other.claim_id).update(updated_at=mark + timezone.timedelta(seconds=5))
    assert ids(partner_client.get("/api/v1/claims/", {"updated_since": mark.isoformat()})) == {newsroom.other.claim_id}
    oldest_first = partner_client.get("/api/v1/claims/", {"ordering": "created_at"}).json()["results"]
    assert [r["id"] for r in oldest_first] == sorted(r["id"] for r in oldest_first)


@pytest.mark.django_db
def test_claim_rating_filter_ignores_draft_ratings(partner_client, api_client, newsroom, fact_checker):
    # The draft is rated "false" too; its claim must not show up for anyone filtering by rating.
    assert ids(partner_client.get("/api/v1/claims/", {"rating": "false"})) == {newsroom.published.claim_id}
    api_client.force_login(fact_checker)
    assert newsroom.draft.claim_id not in ids(api_client.get("/api/v1/claims/", {"rating": "false"}))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("params", "parameter"),
    [({"rating": "nope"}, "rating"), ({"updated_since": "last week"}, "updated_since"), ({"status": "x"}, "status"),
     ({"ordering": "-score"}, "ordering")],
)
def test_claim_bad_parameters(partner_client, newsroom, params, parameter):
    response = partner_client.get("/api/v1/claims/", params)
    assert response.status_code == 400
    assert list(response.json()) == [parameter]


@pytest.mark.django_db
def test_speakers_list_only_speakers_with_public_fact_checks_and_count_per_rating(partner_client, newsroom):
    body = partner_client.get("/api/v1/speakers/").json()
    by_slug = {row["slug"]: row for row in body["results"]}
    assert set(by_slug) == {"angela-example", "dmitry-peskov"}
    assert by_slug["dmitry-peskov"]["rating_counts"] == [{"rating": "false", "label": "False", "count": 1}]
    assert by_slug["dmitry-peskov"]["fact_check_count"] == 1
    # Retracted fact-checks do not count towards a scorecard.
    assert by_slug["angela-example"]["rating_counts"] == [{"rating": "true", "label": "True", "count": 1}]
    assert by_slug["angela-example"]["wikidata_id"] == "Q567"
    detail = partner_client.get("/api/v1/speakers/dmitry-peskov/").json()
    assert detail["rating_counts"] == by_slug["dmitry-peskov"]["rating_counts"]


@pytest.mark.django_db
def test_speaker_without_public_fact_checks_is_not_found(partner_client, newsroom):
    assert partner_client.get("/api/v1/speakers/secret-unreviewed-person/").status_code == 404


@pytest.mark.django_db
def test_speaker_filters(partner_client, newsroom):
    from claims.models import Speaker

    assert [r["slug"] for r in partner_client.get("/api/v1/speakers/", {"q": "angela"}).json()["results"]] == [
        "angela-example"
    ]
    Speaker.objects.filter(slug="angela-example").update(country="Germany")
    assert [r["slug"] for r in partner_client.get("/api/v1/speakers/", {"country": "Germany"}).json()["results"]] == [
        "angela-example"
    ]
    assert partner_client.get("/api/v1/speakers/", {"updated_since": "2999-01-01"}).json()["results"] == []
    assert partner_client.get("/api/v1/speakers/", {"updated_since": "soon"}).status_code == 400


@pytest.mark.django_db
def test_ratings_are_the_scale_with_definitions(partner_client):
    body = partner_client.get("/api/v1/ratings/").json()
    assert [r["slug"] for r in body][:2] == ["true", "mostly-true"]
    false = next(r for r in body if r["slug"] == "false")
    assert false["description"] == "The statement is not accurate."
    assert false["on_scale"] is True
    assert next(r for r in body if r["slug"] == "misleading")["value"] is None


def _queries(client, url: str, size: int) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, {"page_size": size})
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/api/v1/claims/", "/api/v1/speakers/", "/api/v1/claimreview/"])
def test_list_query_count_is_the_same_for_5_and_100_rows(partner_client, newsroom, publish_verdict, url, django_assert_num_queries, source):
    for n in range(7):
        speaker = services.speaker_create(name=f"Speaker {n}")
        claim = services.claim_create(text=f"Claim {n} about rents.", speaker=speaker, tags=[f"tag{n}", "rents"])
        publish_verdict(claim, headline=f"Rents claim {n}")
    small = _queries(partner_client, url, 5)
    with django_assert_num_queries(small):
        response = partner_client.get(url, {"page_size": 100})
    assert len(response.json()["results"]) >= 9


@pytest.mark.django_db
def test_staff_claim_list_query_count_is_constant(api_client, newsroom, fact_checker, django_assert_num_queries):
    api_client.force_login(fact_checker)
    for n in range(6):
        claim = services.claim_create(text=f"Staff claim {n}.", tags=["x"])
        services.claim_assign(claim=claim, assignee=fact_checker, user=fact_checker)
    small = _queries(api_client, "/api/v1/claims/", 5)
    with django_assert_num_queries(small):
        api_client.get("/api/v1/claims/", {"page_size": 100})


@pytest.mark.django_db
def test_speakers_page_by_name_and_refuse_forged_cursors(partner_client, newsroom):
    import base64
    import json

    first = partner_client.get("/api/v1/speakers/", {"page_size": 1}).json()
    assert [r["slug"] for r in first["results"]] == ["angela-example"]
    second = partner_client.get("/api/v1/speakers/", {"page_size": 1, "cursor": first["next_cursor"]}).json()
    assert [r["slug"] for r in second["results"]] == ["dmitry-peskov"]
    assert second["next"] is None
    for values in (["\x00", 1], ["x" * 5000, 1], [3, 1]):
        forged = base64.urlsafe_b64encode(json.dumps({"o": "name", "v": values}).encode()).decode()
        response = partner_client.get("/api/v1/speakers/", {"cursor": forged})
        assert response.status_code == 400
        assert list(response.json()) == ["cursor"]
