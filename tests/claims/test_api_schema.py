"""The OpenAPI schema is valid, the docs page works without a CDN, and real responses of every
endpoint conform to the schema."""

from __future__ import annotations

import copy
import re

import jsonschema
import pytest
from drf_spectacular.validation import validate_schema

from claims import services


def _to_json_schema(node):
    """OpenAPI 3.0 schema objects → JSON Schema (`nullable` becomes a union with null)."""
    if isinstance(node, list):
        return [_to_json_schema(n) for n in node]
    if not isinstance(node, dict):
        return node
    node = {k: _to_json_schema(v) for k, v in node.items()}
    if node.pop("nullable", False):
        return {"anyOf": [node, {"type": "null"}]}
    return node


@pytest.fixture
def openapi(api_client):
    response = api_client.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    return response.json()


def response_schema(openapi: dict, path: str, method: str, status: int) -> dict:
    for template, operations in openapi["paths"].items():
        pattern = "^" + re.sub(r"\{[^}]+\}", "[^/]+", re.escape(template).replace(r"\{", "{").replace(r"\}", "}")) + "$"
        if re.match(pattern, path) and method in operations:
            content = operations[method]["responses"][str(status)]["content"]["application/json"]
            schema = copy.deepcopy(content["schema"])
            schema["components"] = openapi["components"]
            return _to_json_schema(schema)
    raise AssertionError(f"{method.upper()} {path} is not in the schema")


@pytest.mark.django_db
def test_schema_is_valid_openapi(openapi):
    validate_schema(openapi)
    assert openapi["openapi"].startswith("3.")
    assert openapi["components"]["securitySchemes"]["PartnerApiKey"] == {
        "type": "apiKey", "in": "header", "name": "Authorization",
        "description": "`Api-Key <key>`, with a key created by an admin under Partners.",
    }


@pytest.mark.django_db
def test_schema_generation_has_no_warnings(capsys):
    from django.core.management import call_command

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", "/dev/null")


@pytest.mark.django_db
def test_docs_are_served_from_local_static_files(api_client):
    response = api_client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui" in html
    assert "cdn" not in html.lower()
    assert "/static/drf_spectacular_sidecar/" in html


@pytest.mark.django_db
def test_real_responses_conform_to_the_schema(partner_client, api_client, newsroom, editor, fact_checker, openapi, settings):
    settings.FACTCHECK_WEBHOOK_ALLOW_PRIVATE = True  # no DNS in tests
    services.correction_add(verdict=newsroom.published, note="Fixed.", editor=editor)
    fc = newsroom.published.pk
    reads = [
        "/api/v1/fact-checks/",
        "/api/v1/fact-checks/?page_size=1",
        f"/api/v1/fact-checks/{fc}/",
        f"/api/v1/fact-checks/{newsroom.retracted.pk}/",
        f"/api/v1/fact-checks/{fc}/claimreview/",
        "/api/v1/claimreview/",
        "/api/v1/claims/",
        f"/api/v1/claims/{newsroom.published.claim_id}/",
        "/api/v1/claims:search?query=unemployment",
        "/api/v1/claims:search?pageSize=1",
        "/api/v1/speakers/",
        "/api/v1/speakers/dmitry-peskov/",
        "/api/v1/ratings/",
        "/api/v1/webhooks/",
    ]
    for url in reads:
        response = partner_client.get(url)
        assert response.status_code == 200, (url, response.content)
        path = url.split("?")[0]
        jsonschema.validate(response.json(), response_schema(openapi, path, "get", 200))
    # Staff see more fields; their responses still conform.
    api_client.force_login(fact_checker)
    for url in ("/api/v1/claims/", f"/api/v1/claims/{newsroom.draft.claim_id}/"):
        jsonschema.validate(api_client.get(url).json(), response_schema(openapi, url, "get", 200))
    created = partner_client.post("/api/v1/webhooks/", {"url": "https://hooks.example/fc", "events": []}, format="json")
    assert created.status_code == 201, created.content
    jsonschema.validate(created.json(), response_schema(openapi, "/api/v1/webhooks/", "post", 201))
    detail = f"/api/v1/webhooks/{created.json()['id']}/deliveries/"
    jsonschema.validate(partner_client.get(detail).json(), response_schema(openapi, detail, "get", 200))


@pytest.mark.django_db
def test_schema_mismatch_would_be_caught(openapi):
    # The check above has teeth: a fact-check missing its headline does not validate.
    schema = response_schema(openapi, "/api/v1/fact-checks/1/", "get", 200)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"id": 1}, schema)
