"""Property-based fuzzing of the partner API against its own OpenAPI schema (schemathesis).

Bounded and reproducible: a fixed number of generated requests per operation, derandomised
(the same examples every run), in-process against the WSGI application, with published
fact-checks in the database and a valid partner key. The schema is the one `/api/schema/`
serves. Every response must be a non-5xx that conforms to the schema: a documented status
code, the documented content type, and a body of the documented shape.
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from factcheck.wsgi import application

EXAMPLES_PER_OPERATION = 12


def not_a_server_error(ctx, response, case):
    if response.status_code >= 500:
        raise AssertionError(f"{case.method} {case.formatted_path} answered {response.status_code}")


CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture
def published_data(publish_verdict, claim, speaker, editor):
    from claims import services

    published = publish_verdict(claim)
    services.correction_add(verdict=published, note="A date was wrong.", editor=editor)
    other = services.claim_create(text="Exports rose 12 percent in 2023.", speaker=speaker, score=0.7)
    publish_verdict(other, headline="Exports did rise", rating_slug="true")
    services.claim_create(text="A candidate nobody checked.", score=0.4)


@pytest.fixture
def wsgi_keeps_test_connection():
    """Calling the WSGI app directly (not through Django's test client) fires the signals that
    close the database connection after each request, which would end the test's transaction
    on PostgreSQL. Django's test client disconnects them the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def fuzz_settings(settings, wsgi_keeps_test_connection):
    settings.ALLOWED_HOSTS = ["*"]
    settings.SECURE_SSL_REDIRECT = False
    # Webhook URLs are accepted without resolving them: no DNS lookups from the test run.
    settings.FACTCHECK_WEBHOOK_ALLOW_PRIVATE = True
    # The key would otherwise be throttled long before the fuzzer is done.
    settings.FACTCHECK_API_RATES = {"partner": "100000/hour", "anonymous": "100000/hour", "tips": "100000/hour"}


def test_api_answers_every_generated_request_within_its_schema(db, fuzz_settings, published_data, partner_key):
    schema = schemathesis.openapi.from_wsgi("/api/schema/", application, headers={"Accept": "application/json"})
    auth = {"Authorization": partner_key.headers["HTTP_AUTHORIZATION"]}
    failures: list[str] = []
    operations = []
    for result in schema.get_all_operations():
        operation = result.ok()
        operations.append(f"{operation.method.upper()} {operation.path}")

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            derandomize=True,
            deadline=None,
            database=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        def run(case):
            case.validate_response(case.call(headers=auth), checks=CHECKS)

        try:
            run()
        except Exception as exc:  # noqa: BLE001 - every operation is tried; all failures reported
            failures.append(f"{operations[-1]}: {str(exc)[:3000]}")
    assert "POST /api/v1/tips/" in operations and "GET /api/v1/fact-checks/" in operations
    assert not failures, "\n\n".join(failures)
