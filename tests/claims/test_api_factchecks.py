"""GET /api/v1/fact-checks/: what a partner sees, filtering, ordering and cursor pages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from claims import services
from claims.models import Verdict

URL = "/api/v1/fact-checks/"


def headlines(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [row["headline"] for row in response.json()["results"]]


@pytest.mark.django_db
def test_list_shows_published_and_retracted_fact_checks_newest_first(partner_client, newsroom):
    assert headlines(partner_client.get(URL)) == [
        newsroom.retracted.headline,
        newsroom.other.headline,
        newsroom.published.headline,
    ]


@pytest.mark.django_db
def test_fact_check_carries_claim_speaker_rating_appearances_evidence_and_corrections(
    partner_client, newsroom, editor
):
    services.correction_add(verdict=newsroom.published, note="We fixed the year.", editor=editor)
    body = partner_client.get(f"{URL}{newsroom.published.pk}/").json()
    assert body["headline"] == "Unemployment did not fall to 4 percent"
    assert body["status"] == "published"
    assert body["url"] == f"http://127.0.0.1:8000/fact-checks/{newsroom.published.slug}/"
    assert body["claim_review_url"].endswith(f"/api/v1/fact-checks/{newsroom.published.pk}/claimreview/")
    assert body["rating"] == {"slug": "false", "label": "False", "value": 2, "colour": "#b3261e"}
    assert body["claim"]["text"] == "Unemployment fell to 4 percent in 2024."
    assert body["claim"]["speaker"]["name"] == "Dmitry Peskov"
    assert body["claim"]["speaker"]["role"] == "Kremlin press secretary"
    assert body["claim"]["tags"] == [{"slug": "economy", "name": "Economy"}]
    assert body["appearances"][0]["source"]["url"] == "https://news.example/minister"
    assert body["appearances"][0]["speaker_mention"] == "Peskov"
    assert body["evidence_links"][0]["stance"] == "refutes"
    assert body["corrections"][0]["note"] == "We fixed the year."
    # Names, never logins; these accounts have no name, so none is published.
    assert body["authors"] == []
    assert body["editor"] == ""


@pytest.mark.django_db
def test_retracted_fact_check_says_so(partner_client, newsroom):
    body = partner_client.get(f"{URL}{newsroom.retracted.pk}/").json()
    assert body["status"] == "retracted"
    assert body["retraction_note"] == "We rated the wrong quote."
    assert body["retracted_at"]


@pytest.mark.django_db
@pytest.mark.parametrize("which", ["draft", "in_review"])
def test_unpublished_fact_checks_are_not_found(partner_client, newsroom, which):
    assert partner_client.get(f"{URL}{getattr(newsroom, which).pk}/").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"speaker": "dmitry-peskov"}, ["published"]),
        ({"speaker": "angela-example"}, ["retracted", "other"]),
        ({"speaker": "nobody"}, []),
        ({"rating": "false"}, ["published"]),
        ({"rating": "false,true"}, ["other", "published"]),
        ({"tag": "transport"}, ["other"]),
        ({"language": "de"}, ["other"]),
        ({"status": "retracted"}, ["retracted"]),
        ({"q": "unemployment"}, ["published"]),
        ({"q": "bridge"}, ["other"]),
        ({"slug": "the-bridge-did-cost-two-billion"}, ["other"]),
    ],
)
def test_filters(partner_client, newsroom, params, expected):
    assert headlines(partner_client.get(URL, params)) == [getattr(newsroom, name).headline for name in expected]


@pytest.mark.django_db
def test_published_date_range(partner_client, newsroom):
    day = dt.timedelta(days=1)
    Verdict.objects.filter(pk=newsroom.published.pk).update(published_at=timezone.now() - 10 * day)
    assert headlines(partner_client.get(URL, {"published_before": (timezone.now() - 5 * day).date().isoformat()})) == [
        newsroom.published.headline
    ]
    after = (timezone.now() - 5 * day).isoformat()
    assert newsroom.published.headline not in headlines(partner_client.get(URL, {"published_after": after}))
    assert len(headlines(partner_client.get(URL, {"published_after": after}))) == 2


@pytest.mark.django_db
def test_updated_since_returns_what_changed(partner_client, newsroom, editor):
    mark = timezone.now()
    services.correction_add(verdict=newsroom.other, note="Spelling.", editor=editor)
    assert headlines(partner_client.get(URL, {"updated_since": mark.isoformat()})) == [newsroom.other.headline]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"rating": "sort-of-true"}, "rating"),
        ({"published_after": "yesterday"}, "published_after"),
        ({"published_before": "2024-13-45"}, "published_before"),
        ({"updated_since": "2024-02-30T99:00:00Z"}, "updated_since"),
        ({"status": "draft"}, "status"),
        ({"status": "in_review"}, "status"),
        ({"language": "english; drop table"}, "language"),
        ({"speaker": "a/b'--"}, "speaker"),
        ({"q": "x" * 5000}, "q"),
        ({"ordering": "headline"}, "ordering"),
        ({"page_size": "0"}, "page_size"),
        ({"page_size": "1000000"}, "page_size"),
        ({"page_size": "ten"}, "page_size"),
        ({"cursor": "not-a-cursor"}, "cursor"),
        ({"cursor": "eyJvIjoiLXB1Ymxpc2hlZF9hdCIsInYiOlsiYSIsMV19"}, "cursor"),
        # Well-formed base64 JSON with impossible values: Feb 30, year 0, naive, bool id, null.
        ({"cursor": "eyJvIjogIi1wdWJsaXNoZWRfYXQiLCAidiI6IFsiMjAyNC0wMi0zMFQwMDowMDowMCswMDowMCIsIDFdfQ"}, "cursor"),
        ({"cursor": "eyJvIjogIi1wdWJsaXNoZWRfYXQiLCAidiI6IFsiMDAwMS0wMS0wMVQwMDowMDowMCswNTowMCIsIDFdfQ"}, "cursor"),
        ({"cursor": "eyJvIjogIi1wdWJsaXNoZWRfYXQiLCAidiI6IFsiMjAyNC0wMS0wMVQwMDowMDowMCIsIDFdfQ"}, "cursor"),
        ({"cursor": "eyJvIjogIi1wdWJsaXNoZWRfYXQiLCAidiI6IFsiMjAyNC0wMS0wMVQwMDowMDowMCswMDowMCIsIHRydWVdfQ"}, "cursor"),
        ({"cursor": "eyJvIjogIi1wdWJsaXNoZWRfYXQiLCAidiI6IFtudWxsLCAxXX0"}, "cursor"),
        ({"cursor": "\x00\xff"}, "cursor"),
        ({"published_after": "0001-01-01T00:00:00+05:00"}, "published_after"),
        ({"updated_since": "9999-99-99"}, "updated_since"),
        ({"q": "nul\x00byte"}, "q"),
    ],
)
def test_bad_parameters_get_400_naming_the_parameter(partner_client, newsroom, params, parameter):
    response = partner_client.get(URL, params)
    assert response.status_code == 400
    assert list(response.json()) == [parameter]
    assert response.json()[parameter]


@pytest.mark.django_db
@pytest.mark.parametrize("pk", ["0", "99999999999999999999999"])
def test_out_of_range_ids_are_404(partner_client, newsroom, pk):
    assert partner_client.get(f"{URL}{pk}/").status_code == 404
    assert partner_client.get(f"/api/v1/claims/{pk}/").status_code == 404


@pytest.mark.django_db
def test_cursor_of_another_ordering_is_refused(partner_client, newsroom):
    first = partner_client.get(URL, {"page_size": 1}).json()
    response = partner_client.get(URL, {"page_size": 1, "ordering": "updated_at", "cursor": first["next_cursor"]})
    assert response.status_code == 400
    assert "ordering" in response.json()["cursor"][0]


@pytest.mark.django_db
def test_sync_by_updated_at_never_skips_or_repeats_while_data_changes(partner_client, newsroom, publish_verdict, editor):
    seen: list[int] = []
    page = partner_client.get(URL, {"ordering": "updated_at", "page_size": 2}).json()
    seen += [row["id"] for row in page["results"]]
    # Meanwhile: a new fact-check is published and one already seen is corrected.
    fresh = publish_verdict(services.claim_create(text="Exports tripled in a year."), headline="Exports did not triple")
    services.correction_add(verdict=Verdict.objects.get(pk=seen[0]), note="Clarified.", editor=editor)
    while page["next"]:
        assert page["next"].startswith("https://testserver/api/v1/fact-checks/?")
        page = partner_client.get(page["next"]).json()
        seen += [row["id"] for row in page["results"]]
    public = {newsroom.published.pk, newsroom.other.pk, newsroom.retracted.pk, fresh.pk}
    assert set(seen) == public
    # The corrected row comes again, with its new state, after the cursor; nothing else repeats.
    assert sorted(seen) == sorted([*public, seen[0]])


@pytest.mark.django_db
def test_pages_follow_the_cursor_with_equal_timestamps(partner_client, newsroom):
    # Rows with identical published_at are still ordered and paged by id, none lost.
    same = timezone.now()
    Verdict.objects.filter(status__in=["published", "retracted"]).update(published_at=same)
    ids, params = [], {"page_size": 1}
    while True:
        page = partner_client.get(URL, params).json()
        ids += [row["id"] for row in page["results"]]
        if not page["next_cursor"]:
            break
        params = {"page_size": 1, "cursor": page["next_cursor"]}
    assert ids == sorted(ids, reverse=True)
    assert len(ids) == 3


@pytest.mark.django_db
def test_list_query_count_does_not_grow_with_page_size(partner_client, newsroom, publish_verdict, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for n in range(6):
        claim = services.claim_create(text=f"Claim number {n} about wages.", tags=["Wages", f"t{n}"])
        publish_verdict(claim, headline=f"Wages claim {n}")

    def count(size: int) -> int:
        with CaptureQueriesContext(connection) as ctx:
            response = partner_client.get(URL, {"page_size": size})
        assert response.status_code == 200
        assert len(response.json()["results"]) == min(size, 9)
        return len(ctx.captured_queries)

    small = count(2)
    assert count(100) == small
    with django_assert_num_queries(small):
        partner_client.get(URL, {"page_size": 5})


@pytest.mark.django_db
def test_authors_and_editor_are_staff_names_never_logins(partner_client, newsroom, fact_checker, editor, django_user_model):
    django_user_model.objects.filter(pk=fact_checker.pk).update(first_name="Fiona", last_name="Reyes")
    django_user_model.objects.filter(pk=editor.pk).update(first_name="Edgar", last_name="Stone")
    body = partner_client.get(f"{URL}{newsroom.published.pk}/").json()
    assert (body["authors"], body["editor"]) == (["Fiona Reyes"], "Edgar Stone")
