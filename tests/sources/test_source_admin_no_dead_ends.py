"""Issue 18: every "Add" under Sources leads to a working page, adding an article lands on its
candidates, fact-checkers fix a source's metadata, and many files are ingested in the
background with a progress page."""

from __future__ import annotations

import hashlib
from datetime import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape

from claims.models import Claim
from sources.models import IngestJob, Source
from tests.factcheck.worker import run_queued_tasks

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("plain_static")]

ARTICLE = (
    "The finance minister spoke in parliament on Tuesday.\n"
    "“Unemployment fell to 4 percent last year, the lowest level in two decades,” "
    "Finance Minister Anna Berg said.\n"
)


def test_every_add_link_under_sources_leads_to_add_article(client, fact_checker):
    client.force_login(fact_checker)
    index = client.get(reverse("admin:index"), secure=True).content.decode()
    add = reverse("admin:sources_source_add")
    assert f'href="{add}"' in index  # the dashboard / sidebar "+ Add"
    response = client.get(add, secure=True, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == reverse("admin:sources_source_add_article")
    assert 'name="text"' in response.content.decode()
    listing = client.get(reverse("admin:sources_source_changelist"), secure=True).content.decode()
    tools = listing.split('class="object-tools"', 1)[1].split("</ul>", 1)[0]
    assert reverse("admin:sources_source_add_article") in tools and f'href="{add}"' not in tools


def test_posting_the_plain_add_form_is_no_server_error(client, fact_checker):
    client.force_login(fact_checker)
    response = client.post(
        reverse("admin:sources_source_add"), {"title": "Typed in", "kind": "article", "language": "en"}, secure=True
    )
    assert response.status_code == 302
    assert not Source.objects.exists()


def test_add_article_lands_on_the_articles_candidates(client, fact_checker):
    client.force_login(fact_checker)
    response = client.post(
        reverse("admin:sources_source_add_article"), {"text": ARTICLE, "title": "Berg on jobs"}, secure=True
    )
    source = Source.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:claims_reviewqueueclaim_changelist") + f"?source={source.pk}"
    queue = client.get(response["Location"], secure=True).content.decode()
    candidate = Claim.objects.get(appearances__source=source)
    assert escape(candidate.text) in queue


def test_help_text_speaks_to_fact_checkers_not_to_the_shell(client, fact_checker):
    client.force_login(fact_checker)
    page = client.get(reverse("admin:sources_source_add_article"), secure=True).content.decode()
    assert "manage.py" not in page


def test_fact_checker_fixes_a_sources_title_publisher_url_and_date(client, fact_checker):
    source = Source.objects.create(
        text=ARTICLE, fingerprint=hashlib.sha256(ARTICLE.encode()).hexdigest()
    )
    Source.objects.create(url="https://taken.example/a", text="x", fingerprint="a" * 64)
    client.force_login(fact_checker)
    url = reverse("admin:sources_source_change", args=[source.pk])
    page = client.get(url, secure=True).content.decode()
    assert 'name="title"' in page and 'name="text"' not in page  # the text stays as ingested
    form = {
        "title": "Berg: unemployment at a two-decade low", "url": "https://taken.example/a",
        "publisher": "Example News", "author": "", "published_at_0": "2025-03-02", "published_at_1": "10:00",
        "language": "en", "kind": "article",
        "appearances-TOTAL_FORMS": "0", "appearances-INITIAL_FORMS": "0",
    }
    clash = client.post(url, form, secure=True)
    assert clash.status_code == 200 and "Another source already has this URL" in clash.content.decode()
    response = client.post(url, {**form, "url": "https://news.example/berg"}, secure=True)
    assert response.status_code == 302, response.content.decode()[:3000]
    source.refresh_from_db()
    assert (source.title, source.publisher, source.url) == (
        "Berg: unemployment at a two-decade low", "Example News", "https://news.example/berg"
    )
    assert source.published_at.date() == datetime(2025, 3, 2).date()
    assert source.fingerprint == hashlib.sha256(ARTICLE.encode()).hexdigest()


def _uploads(n: int, bad: bool = False):
    files = [
        SimpleUploadedFile(f"report-{i}.txt", f"Report {i}.\n{ARTICLE}".encode(), content_type="text/plain")
        for i in range(n)
    ]
    if bad:
        files.append(SimpleUploadedFile("broken.json", b"{not json", content_type="application/json"))
    return files


def test_many_files_are_ingested_by_a_background_task_with_a_progress_page(
    client, fact_checker, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.FACTCHECK_UPLOAD_DIR = str(tmp_path / "uploads")
    client.force_login(fact_checker)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:sources_source_add_article"), {"file": _uploads(3, bad=True), "publisher": "Wire"},
            secure=True,
        )
    job = IngestJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:sources_source_ingest_job", args=[job.pk])
    assert not Source.objects.exists()  # nothing ingested inside the request
    waiting = client.get(response["Location"], secure=True).content.decode()
    assert "Waiting for a worker" in waiting and "0 of 4 files" in waiting
    assert 'http-equiv="refresh"' in waiting

    run_queued_tasks()

    job.refresh_from_db()
    assert (job.status, job.files_done, job.sources_created) == ("failed", 4, 3)
    assert job.errors and job.errors[0].startswith("broken.json:")
    assert set(Source.objects.values_list("publisher", flat=True)) == {"Wire"}
    done = client.get(response["Location"], secure=True).content.decode()
    assert "4 of 4 files ingested (100%)" in done and "broken.json:" in done
    assert 'http-equiv="refresh"' not in done
    assert not list((tmp_path / "uploads").iterdir())  # the uploaded copies are gone


def test_one_uploaded_file_is_still_ingested_at_once(client, fact_checker, settings, tmp_path):
    settings.FACTCHECK_UPLOAD_DIR = str(tmp_path / "uploads")
    client.force_login(fact_checker)
    client.post(reverse("admin:sources_source_add_article"), {"file": _uploads(1)}, secure=True)
    assert Source.objects.count() == 1 and not IngestJob.objects.exists()


def test_an_uploaded_sidecar_stays_with_its_article(client, fact_checker, settings, tmp_path, django_capture_on_commit_callbacks):
    settings.FACTCHECK_UPLOAD_DIR = str(tmp_path / "uploads")
    sidecar = SimpleUploadedFile(
        "report-0.json", b'{"title": "Berg on jobs", "publisher": "Example News"}', content_type="application/json"
    )
    client.force_login(fact_checker)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("admin:sources_source_add_article"), {"file": [*_uploads(2), sidecar]}, secure=True)
    job = IngestJob.objects.get()
    assert (job.files_total, len(job.file_names)) == (2, 3)
    run_queued_tasks()
    job.refresh_from_db()
    assert (job.status, job.errors, job.sources_created) == ("done", [], 2)
    assert Source.objects.get(title="Berg on jobs").publisher == "Example News"
