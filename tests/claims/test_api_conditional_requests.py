"""ETag / Last-Modified and 304 Not Modified on API responses."""

from __future__ import annotations

import pytest
from django.utils.http import http_date

from claims import services


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    ["/api/v1/fact-checks/", "/api/v1/claims/", "/api/v1/speakers/", "/api/v1/ratings/", "/api/v1/claimreview/",
     "/api/v1/claims:search"],
)
def test_lists_answer_304_to_a_matching_etag(partner_client, newsroom, path):
    first = partner_client.get(path)
    assert first.status_code == 200
    etag = first["ETag"]
    again = partner_client.get(path, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    assert partner_client.get(path, HTTP_IF_NONE_MATCH='"stale"').status_code == 200


@pytest.mark.django_db
def test_a_correction_changes_the_etag(partner_client, newsroom, editor):
    url = f"/api/v1/fact-checks/{newsroom.published.pk}/"
    etag = partner_client.get(url)["ETag"]
    services.correction_add(verdict=newsroom.published, note="Fixed a figure.", editor=editor)
    changed = partner_client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed.json()["corrections"][0]["note"] == "Fixed a figure."


@pytest.mark.django_db
@pytest.mark.parametrize("suffix", ["", "claimreview/"])
def test_detail_has_last_modified_and_honours_if_modified_since(partner_client, newsroom, suffix):
    url = f"/api/v1/fact-checks/{newsroom.published.pk}/{suffix}"
    response = partner_client.get(url)
    last_modified = response["Last-Modified"]
    assert last_modified == http_date(int(newsroom.published.updated_at.timestamp()))
    assert partner_client.get(url, HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304
    assert partner_client.get(url, HTTP_IF_MODIFIED_SINCE="Mon, 01 Jan 2001 00:00:00 GMT").status_code == 200


@pytest.mark.django_db
def test_responses_vary_on_credentials(partner_client, newsroom):
    response = partner_client.get("/api/v1/fact-checks/")
    assert "Authorization" in response["Vary"]
    assert "private" in response["Cache-Control"]
    assert response["Last-Modified"]
