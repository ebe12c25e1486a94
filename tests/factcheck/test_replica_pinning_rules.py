"""Which requests may read from the replica at all (the live-replica tests prove the routing)."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from factcheck import routers
from factcheck.middleware import PIN_COOKIE, PrimaryPinningMiddleware
from factcheck.routers import PrimaryReplicaRouter, routing

middleware = PrimaryPinningMiddleware(lambda request: None)
factory = RequestFactory()


@pytest.mark.parametrize(
    ("method", "path", "cookies", "allowed"),
    [
        ("get", "/fact-checks/budget/", {}, True),
        ("head", "/api/v1/fact-checks/", {}, True),
        ("post", "/api/v1/webhooks/", {}, False),
        ("delete", "/api/v1/webhooks/3/", {}, False),
        ("get", "/admin/claims/claim/", {}, False),
        ("get", "/fact-checks/budget/", {PIN_COOKIE: "1"}, False),
    ],
)
def test_only_safe_public_requests_from_browsers_that_did_not_just_write_use_the_replica(
    method, path, cookies, allowed
):
    request = getattr(factory, method)(path)
    request.COOKIES.update(cookies)
    assert middleware.replica_allowed(request) is allowed


def test_without_a_replica_everything_reads_the_primary():
    router = PrimaryReplicaRouter()
    with routing(replica_allowed=True) as state:
        assert state.reads_from_replica is False
        assert router.db_for_read(None) == "default"


def test_first_write_pins_the_rest_of_the_request(monkeypatch):
    monkeypatch.setattr(routers, "replica_configured", lambda: True)
    router = PrimaryReplicaRouter()
    with routing(replica_allowed=True):
        assert router.db_for_read(None) == "replica"
        assert router.db_for_write(None) == "default"
        assert router.db_for_read(None) == "default"
    with routing(replica_allowed=True):  # The next request starts afresh.
        assert router.db_for_read(None) == "replica"
    assert router.db_for_read(None) == "default"  # Outside a request: tasks, commands.


def test_replica_is_never_migrated():
    assert PrimaryReplicaRouter().allow_migrate("replica", "claims") is False
    assert PrimaryReplicaRouter().allow_migrate("default", "claims") is None
