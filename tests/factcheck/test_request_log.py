"""Every request leaves one structured log line with its id, and the id goes back to the client."""

from __future__ import annotations

import json
import logging

import pytest

from factcheck.logging import JSONFormatter, request_id_var

pytestmark = pytest.mark.django_db


def _request_lines(caplog) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == "factcheck.requests"]


def test_each_request_is_logged_once_with_its_facts(client, caplog):
    with caplog.at_level(logging.INFO, logger="factcheck.requests"):
        response = client.get("/ratings/", secure=True)
    [line] = _request_lines(caplog)
    assert (line.method, line.path, line.status) == ("GET", "/ratings/", 200)
    assert line.duration_ms > 0
    assert line.db == "primary"
    assert response["X-Request-ID"] and len(response["X-Request-ID"]) == 32


def test_request_id_from_the_load_balancer_is_kept(client, caplog):
    with caplog.at_level(logging.INFO, logger="factcheck.requests"):
        response = client.get("/speakers/nobody/", secure=True, HTTP_X_REQUEST_ID="lb-7f3a-0001")
    assert response.status_code == 404
    assert response["X-Request-ID"] == "lb-7f3a-0001"
    [line] = _request_lines(caplog)
    assert line.status == 404


def test_unsafe_incoming_request_id_is_replaced(client):
    response = client.get("/speakers/nobody/", secure=True, HTTP_X_REQUEST_ID='x"\n{"forged": 1}')
    assert response["X-Request-ID"] != 'x"\n{"forged": 1}'
    assert len(response["X-Request-ID"]) == 32


def test_request_logs_can_be_switched_off(client, caplog, settings):
    settings.LOG_REQUESTS = False
    with caplog.at_level(logging.INFO, logger="factcheck.requests"):
        client.get("/speakers/nobody/", secure=True)
    assert _request_lines(caplog) == []


def test_json_lines_carry_the_request_fields_and_id():
    record = logging.LogRecord("factcheck.requests", logging.INFO, __file__, 1, "GET %s", ("/x",), None)
    record.status, record.duration_ms = 200, 3.5
    token = request_id_var.set("abc123")
    try:
        line = JSONFormatter().format(record)
    finally:
        request_id_var.reset(token)
    entry = json.loads(line)
    assert entry["message"] == "GET /x"
    assert (entry["status"], entry["duration_ms"], entry["request_id"]) == (200, 3.5, "abc123")
    assert entry["level"] == "INFO" and entry["logger"] == "factcheck.requests"
