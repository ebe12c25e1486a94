"""schemathesis 4 against a live server and the schema it serves, the way CI promises it:
positive and negative data, every check (server errors, status codes, content types, headers,
response bodies, positive data accepted, negative data rejected, auth ignored, resources
available after creation and gone after deletion, ...), and the stateful phase following the
links it finds (webhooks: create, read, update, delete).

Bounded and reproducible: a fixed seed, deterministic generation and a fixed number of examples
per operation; the run takes a minute or two. A failure prints schemathesis's own report with
a curl command that reproduces each problem.
"""

from __future__ import annotations

import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from claims import services

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

EXAMPLES_PER_OPERATION = 15
CONFIG = Path(__file__).with_name("schemathesis.toml")
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def published_data(publish_verdict, claim, speaker, editor):
    published = publish_verdict(claim)
    services.correction_add(verdict=published, note="A date was wrong.", editor=editor)
    other = services.claim_create(text="Exports rose 12 percent in 2023.", speaker=speaker, score=0.7)
    publish_verdict(other, headline="Exports did rise", rating_slug="true")
    services.claim_create(text="A candidate nobody checked.", score=0.4)
    return published


def write_config(path: Path, published) -> Path:
    """The static configuration plus the identifiers of real objects, so detail endpoints are
    exercised on something that exists, not only on 404s."""
    path.write_text(
        CONFIG.read_text()
        + f"""
[[operations]]
include-path-regex = "^/api/v1/fact-checks/{{id_or_slug}}/"
parameters = {{ id_or_slug = "{published.slug}" }}

[[operations]]
include-path = "/api/v1/claims/{{id}}/"
parameters = {{ id = {published.claim_id} }}

[[operations]]
include-path = "/api/v1/speakers/{{slug}}/"
parameters = {{ slug = "{published.claim.speaker.slug}" }}
"""
    )
    return path
@pytest.fixture
def fuzz_settings(settings):
    # Webhook URLs are accepted without resolving them: no DNS lookups from the test run.
    settings.FACTCHECK_WEBHOOK_ALLOW_PRIVATE = True
    # The key would otherwise be throttled long before the fuzzer is done.
    settings.FACTCHECK_API_RATES = {"partner": "1000000/hour", "anonymous": "1000000/hour", "tips": "1000000/hour"}


def test_schemathesis_finds_no_failure(live_server, fuzz_settings, published_data, partner_key, tmp_path):
    config = write_config(tmp_path / "schemathesis.toml", published_data)
    command = [
        sys.executable, "-m", "schemathesis.cli", "--config-file", str(config), "--no-color",
        "run", f"{live_server.url}/api/schema/?format=json",
        "--url", live_server.url,
        "--header", f"Authorization: Api-Key {partner_key.key}",
        "--checks", "all",
        "--mode", "all",
        "--phases", "examples,coverage,fuzzing,stateful",
        "--max-examples", str(EXAMPLES_PER_OPERATION),
        "--seed", "17",
        "--generation-deterministic",
        "--workers", "1",
        "--report", "junit",
        "--report-junit-path", str(tmp_path / "junit.xml"),
    ]
    # From the project root, so the config's `hooks` module imports.
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run(command, capture_output=True, text=True, timeout=900, check=False, cwd=ROOT, env=env)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-30000:]
    report = ET.parse(tmp_path / "junit.xml").getroot()  # noqa: S314 - schemathesis's own report
    tested = {case.get("name") for case in report.iter("testcase")}
    assert {"GET /api/v1/fact-checks/", "GET /api/v1alpha1/claims:search", "POST /api/v1/tips/",
            "PATCH /api/v1/webhooks/{id}/", "Stateful tests"} <= tested, sorted(tested)
    assert "No issues found" in output, output[-5000:]
