"""Google's own API client against our `claims:search`, with nothing changed but the root URL.

The client is google-api-python-client built from the factchecktools v1alpha1 discovery
document it ships (not one we wrote), talking HTTP to a live server. Every response is checked
against that document's schemas, strictly: a property Google's schema does not know is an error.
"""

from __future__ import annotations

import copy
import json
from datetime import datetime

import httplib2
import jsonschema
import pytest
from googleapiclient.discovery import build_from_document
from googleapiclient.discovery_cache import get_static_doc
from googleapiclient.errors import HttpError

from claims import services

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SEARCH_RESPONSE = "GoogleFactcheckingFactchecktoolsV1alpha1FactCheckedClaimSearchResponse"


def discovery_document(root_url: str) -> dict:
    shipped = get_static_doc("factchecktools", "v1alpha1")
    assert shipped, "google-api-python-client no longer ships the factchecktools discovery document"
    document = json.loads(shipped)
    document["rootUrl"] = root_url
    document["baseUrl"] = root_url + document["servicePath"]
    return document


def json_schema(document: dict, name: str) -> dict:
    """A discovery schema as JSON Schema: refs resolved against the document, no unknown
    properties, `google-datetime` checked as RFC 3339."""

    def convert(node):
        if isinstance(node, list):
            return [convert(n) for n in node]
        if not isinstance(node, dict):
            return node
        node = {k: convert(v) for k, v in node.items() if k not in ("id", "description")}
        if "$ref" in node:
            return {"$ref": f"#/definitions/{node['$ref']}"}
        if node.get("type") == "object" and "properties" in node:
            node["additionalProperties"] = False
        if node.pop("format", None) == "google-datetime":
            node["format"] = "date-time"
        return node

    definitions = {key: convert(copy.deepcopy(value)) for key, value in document["schemas"].items()}
    return {"$ref": f"#/definitions/{name}", "definitions": definitions}


def validate(document: dict, body: dict) -> None:
    checker = jsonschema.FormatChecker()

    @checker.checks("date-time", raises=ValueError)
    def rfc3339(value: str) -> bool:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).tzinfo is not None

    jsonschema.Draft7Validator(json_schema(document, SEARCH_RESPONSE), format_checker=checker).validate(body)


@pytest.fixture
def google(live_server, partner_key):
    document = discovery_document(f"{live_server.url}/api/")
    client = build_from_document(document, developerKey=partner_key.key, http=httplib2.Http(timeout=10))
    client.document = document
    return client


@pytest.fixture
def seven_fact_checks(publish_verdict, speaker):
    for n in range(7):
        claim = services.claim_create(text=f"Bus fares rose {n} percent last year.", speaker=speaker)
        publish_verdict(claim, headline=f"Bus fares claim {n}")


def titles(body: dict) -> list[str]:
    return [c["claimReview"][0]["title"] for c in body.get("claims", [])]


def test_google_client_pages_through_search_results_with_page_token(google, seven_fact_checks):
    seen, token = [], None
    for _ in range(10):
        body = google.claims().search(query="bus fares", pageSize=3, pageToken=token).execute()
        validate(google.document, body)
        seen += titles(body)
        token = body.get("nextPageToken")
        if not token:
            break
    assert sorted(seen) == [f"Bus fares claim {n}" for n in range(7)]
    assert len(seen) == len(set(seen))


def test_google_client_pages_through_search_results_with_offset(google, seven_fact_checks):
    seen, offset = [], 0
    for _ in range(10):
        body = google.claims().search(query="bus fares", pageSize=3, offset=offset).execute()
        validate(google.document, body)
        if not body.get("claims"):
            break
        seen += titles(body)
        offset += 3
    assert offset == 9, "an offset loop must end on an empty page"
    assert sorted(seen) == [f"Bus fares claim {n}" for n in range(7)]
    assert len(seen) == len(set(seen))


def test_google_client_filters_by_review_publisher_site(google, seven_fact_checks, settings):
    settings.FACTCHECK_SITE_URL = "https://www.factcheck.example.org:8443"
    ours = google.claims().search(reviewPublisherSiteFilter="factcheck.example.org", pageSize=10).execute()
    validate(google.document, ours)
    assert len(ours["claims"]) == 7
    assert {c["claimReview"][0]["publisher"]["site"] for c in ours["claims"]} == {"factcheck.example.org"}
    # A domain our site is under selects it too.
    assert len(google.claims().search(reviewPublisherSiteFilter="example.org").execute()["claims"]) == 7
    other = google.claims().search(reviewPublisherSiteFilter="nytimes.com").execute()
    validate(google.document, other)
    assert other == {"claims": []}


def test_google_client_reports_a_bad_parameter_with_our_message(google, seven_fact_checks):
    with pytest.raises(HttpError) as raised:
        google.claims().search(query="bus", pageSize=500).execute()
    assert raised.value.status_code == 400
    assert "pageSize" in raised.value.reason
    assert raised.value.error_details == [
        {
            "@type": "type.googleapis.com/google.rpc.BadRequest",
            "fieldViolations": [{"field": "pageSize", "description": "Ensure this value is less than or equal to 100."}],
        }
    ]


def test_google_client_reports_a_wrong_key_as_401_rather_than_crashing(live_server, db):
    document = discovery_document(f"{live_server.url}/api/")
    client = build_from_document(document, developerKey="not-a-key.at-all", http=httplib2.Http(timeout=10))
    with pytest.raises(HttpError) as raised:
        client.claims().search(query="bus").execute()
    assert raised.value.status_code == 401
    assert "Invalid or revoked API key" in raised.value.reason
