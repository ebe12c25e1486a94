"""The Sources admin: the list, a source's claims, and the "Add article" page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sources.models import Source
from sources.services import article_ingest

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("plain_static")]


def test_add_article_by_pasting_text_runs_the_pipeline(client, superuser, seed_text):
    client.force_login(superuser)
    url = reverse("admin:sources_source_add_article")
    assert client.get(url, secure=True).status_code == 200
    response = client.post(
        url, {"text": seed_text, "title": "Kremlin hails Trump", "publisher": "The Hill"}, follow=True, secure=True
    )
    source = Source.objects.get()
    assert source.title == "Kremlin hails Trump"
    messages = [str(m) for m in response.context["messages"]]
    assert any(m.startswith("Ingested 1 article(s):") and "candidate claim(s) created" in m for m in messages)
    again = client.post(url, {"text": seed_text}, follow=True, secure=True)
    assert any("already been ingested" in str(m) for m in again.context["messages"])
    assert Source.objects.count() == 1


def test_add_article_by_upload_reports_a_bad_file(client, superuser):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(superuser)
    upload = SimpleUploadedFile("scan.pdf", b"%PDF-1.4", content_type="application/pdf")
    response = client.post(reverse("admin:sources_source_add_article"), {"file": upload}, secure=True)
    assert response.status_code == 200
    assert any("scan.pdf: unsupported format" in str(m) for m in response.context["messages"])
    assert not Source.objects.exists()


def test_add_article_needs_text_or_a_file(client, superuser):
    client.force_login(superuser)
    response = client.post(reverse("admin:sources_source_add_article"), {"title": "Nothing"}, secure=True)
    assert "Paste the article text or upload a file." in response.content.decode()


def test_staff_without_add_permission_cannot_add_articles(client, django_user_model):
    clerk = django_user_model.objects.create_user(username="clerk", password="clerk-pass", is_staff=True)
    client.force_login(clerk)
    assert client.get(reverse("admin:sources_source_add_article"), secure=True).status_code == 403
    assert not Source.objects.exists()


def test_source_list_and_a_source_with_its_claims(client, superuser, seed_text, django_assert_num_queries):
    result = article_ingest(text=seed_text, title="Kremlin hails Trump", publisher="The Hill", threshold=0.0)
    article_ingest(text="Wheat exports doubled to 12 million tonnes in 2024.", publisher="Wire", threshold=0.0)
    client.force_login(superuser)
    with django_assert_num_queries(9):
        listing = client.get(reverse("admin:sources_source_changelist"), {"q": "Kremlin"}, secure=True)
    assert [row.title for row in listing.context["cl"].result_list] == ["Kremlin hails Trump"]
    assert listing.context["cl"].result_list[0].claim_total == result.candidates_created
    detail = client.get(reverse("admin:sources_source_change", args=[result.source.pk]), secure=True)
    detail = detail.content.decode().lower()
    assert "claims found in this source" in detail
    assert "this was truly impossible to imagine" in detail
