"""Other publishers' fact-checks imported from ClaimReview in its three exchange formats, found
by matching and shown to curators, never published as ours."""

from __future__ import annotations

import json
import threading
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import call_command

from claims.matching.lookup import claim_match
from claims.models import ExternalFactCheck, MatchSuggestion
from sources.services import tip_submit

pytestmark = pytest.mark.django_db

REVIEW = {
    "@type": "ClaimReview",
    "url": "https://checker.example/2025/02/zelensky-approval",
    "claimReviewed": "Zelensky has a 4% approval rating in Ukraine.",
    "datePublished": "2025-02-19",
    "author": {"@type": "Organization", "name": "Checker Desk", "url": "https://checker.example/"},
    "reviewRating": {"@type": "Rating", "alternateName": "False", "ratingValue": 1, "bestRating": 5},
    "itemReviewed": {"@type": "Claim", "author": {"@type": "Person", "name": "Donald Trump"}, "datePublished": "2025-02-18"},
    "inLanguage": "en",
}
PAGE = (
    "<!doctype html><html><head><title>Fact check</title>"
    '<script type="application/ld+json">'
    + json.dumps({"@context": "https://schema.org", "@graph": [{"@type": "WebPage"}, REVIEW]})
    + "</script></head><body><h1>No, Zelensky's approval is not 4%</h1></body></html>"
)
FEED = {
    "@context": "https://schema.org",
    "@type": "DataFeed",
    "dataFeedElement": [
        {"@type": "DataFeedItem", "item": [{**REVIEW, "url": "https://feed.example/a", "claimReviewed": "The EU sends 2.4 billion euros a year to Hungary."}]},
        {"@type": "DataFeedItem", "item": {"@type": "ClaimReview", "claimReviewed": "A review with no URL."}},
    ],
}
GOOGLE = {
    "claims": [
        {
            "text": "Says the Affordable Care Act will cut 800,000 jobs.",
            "claimant": "Republican ad",
            "claimDate": "2014-02-05T00:00:00Z",
            "claimReview": [
                {
                    "publisher": {"name": "PolitiFact", "site": "politifact.com"},
                    "url": "https://www.politifact.com/factchecks/2014/feb/05/aca-jobs/",
                    "title": "Health law and jobs",
                    "reviewDate": "2014-02-06T00:00:00Z",
                    "textualRating": "Mostly False",
                    "languageCode": "en",
                }
            ],
        }
    ],
    "nextPageToken": "abc",
}


def test_the_three_formats_import_with_one_line_errors_and_again_without_duplicates(tmp_path, capsys):
    (tmp_path / "page.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "feed.json").write_text(json.dumps(FEED), encoding="utf-8")
    (tmp_path / "google.json").write_text(json.dumps(GOOGLE), encoding="utf-8")
    (tmp_path / "broken.json").write_text("{not json", encoding="utf-8")

    call_command("import_claimreview", str(tmp_path))
    out, err = capsys.readouterr()

    assert "3 external fact-checks imported, 0 updated, 2 errors" in out
    assert sorted(err.strip().splitlines()) == [
        f"{tmp_path / 'broken.json'}: not valid JSON (Expecting property name enclosed in double quotes at line 1)",
        f"{tmp_path / 'feed.json'}: ClaimReview 2: no http(s) review URL",
    ]
    page = ExternalFactCheck.objects.get(review_url=REVIEW["url"])
    assert (page.publisher_name, page.rating_text, page.reviewed_on, page.claimant, page.claim_date) == (
        "Checker Desk", "False", date(2025, 2, 19), "Donald Trump", date(2025, 2, 18),
    )
    google = ExternalFactCheck.objects.get(review_url__contains="politifact")
    assert (google.publisher_name, google.rating_text, google.reviewed_on, google.claimant) == (
        "PolitiFact", "Mostly False", date(2014, 2, 6), "Republican ad",
    )

    call_command("import_claimreview", str(tmp_path / "google.json"), str(tmp_path / "page.html"))
    assert "0 external fact-checks imported, 2 updated, 0 errors" in capsys.readouterr().out
    assert ExternalFactCheck.objects.count() == 3


class Site(BaseHTTPRequestHandler):
    def do_GET(self):
        body, kind, status = {
            "/review": (PAGE.encode(), "text/html; charset=utf-8", 200),
            "/feed.json": (json.dumps(GOOGLE).encode(), "application/json", 200),
        }.get(self.path, (b"gone", "text/plain", 404))
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def site():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Site)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def test_urls_are_fetched_by_the_evidence_fetcher_which_refuses_private_addresses(site, settings, tmp_path, capsys):
    listing = tmp_path / "urls.txt"
    listing.write_text(f"# fact-checks to import\n{site}/review\n{site}/feed.json\n{site}/missing\n", encoding="utf-8")

    settings.FACTCHECK_ARCHIVE_ALLOW_PRIVATE = False
    call_command("import_claimreview", "--urls", str(listing))
    out, err = capsys.readouterr()
    assert "0 external fact-checks imported" in out
    assert "resolves to a private or reserved address" in err
    assert ExternalFactCheck.objects.count() == 0

    settings.FACTCHECK_ARCHIVE_ALLOW_PRIVATE = True  # the test server listens on 127.0.0.1
    call_command("import_claimreview", "--urls", str(listing))
    out, err = capsys.readouterr()
    assert "2 external fact-checks imported, 0 updated, 1 errors" in out
    assert err.strip() == f"{site}/missing: not fetched ({site}/missing answered HTTP 404)"


def test_matching_finds_another_publishers_fact_check_and_curators_see_it_but_readers_do_not(
    tmp_path, checker_client, client, settings
):
    (tmp_path / "page.html").write_text(PAGE, encoding="utf-8")
    call_command("import_claimreview", str(tmp_path / "page.html"))
    external = ExternalFactCheck.objects.get()

    hits = claim_match("Trump says Zelensky only has a 4% approval rating").externals
    assert [h.fact_check for h in hits] == [external]

    tip = tip_submit(text="Trump says Zelensky only has a 4% approval rating").claim
    assert MatchSuggestion.objects.filter(claim=tip, external=external).exists()
    page = checker_client.get(f"/admin/claims/claim/{tip.pk}/change/").content.decode()
    assert "Checker Desk rated “False” on 19 Feb 2025" in page
    assert REVIEW["url"] in page

    settings.SECURE_SSL_REDIRECT = False
    for public in ("/", "/fact-checks/", "/api/v1/claimreview/"):
        assert "checker.example" not in client.get(public, secure=True).content.decode()


def test_curators_can_read_the_imported_fact_checks_but_not_edit_them(tmp_path, checker_client):
    (tmp_path / "google.json").write_text(json.dumps(GOOGLE), encoding="utf-8")
    call_command("import_claimreview", str(tmp_path / "google.json"))
    check = ExternalFactCheck.objects.get()
    listing = checker_client.get("/admin/claims/externalfactcheck/").content.decode()
    assert "PolitiFact" in listing and "Mostly False" in listing
    page = checker_client.get(f"/admin/claims/externalfactcheck/{check.pk}/change/")
    assert page.status_code == 200
    before = check.claim_text
    checker_client.post(f"/admin/claims/externalfactcheck/{check.pk}/change/", {"claim_text": "edited"})
    check.refresh_from_db()
    assert check.claim_text == before
