"""A partner's front-end on another origin reads the API and a feed in a real browser (headless
Debian chromium through Playwright): the preflight for the `Authorization` header passes, the
JSON and the Atom arrive; from an origin that is not configured, the browser blocks the read."""

from __future__ import annotations

import json
import os
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.db import connections

from tests.claims.test_public_browser import CHROMIUM, CHROMIUM_ARGS

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium is not installed: apt-get install -y chromium"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PAGE = b"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Partner</title>
<script src="/partner.js" defer></script></head><body><h1>Partner front-end</h1></body></html>"""

# What a partner's page does: read the API with its key, and the Atom feed.
SCRIPT = b"""
const params = new URLSearchParams(location.search);
async function read() {
  const result = {};
  try {
    const api = await fetch(params.get("api") + "/api/v1/fact-checks/?page_size=5",
                            {headers: {"Authorization": "Api-Key " + params.get("key")}});
    const body = await api.json();
    result.status = api.status;
    result.etag = api.headers.get("ETag");
    result.headlines = body.results.map(r => r.headline);
    const feed = await fetch(params.get("api") + "/feeds/fact-checks.atom");
    result.feed = (await feed.text()).includes("<feed");
  } catch (error) {
    result.error = error.name;
  }
  document.body.dataset.result = JSON.stringify(result);
}
read();
"""


class PartnerSite(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 - http.server's name
        body, kind = (SCRIPT, "text/javascript") if self.path.startswith("/partner.js") else (PAGE, "text/html")
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def partner_site():
    server = ThreadingHTTPServer(("127.0.0.1", 0), PartnerSite)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def browser():
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's sync API runs an event loop
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
            connections.close_all()


def read_from(browser, partner_site: str, api: str, key: str) -> dict:
    page = browser.new_page()
    page.set_default_timeout(10000)
    page.goto(f"{partner_site}/?api={api}&key={key}")
    page.wait_for_selector("body[data-result]")
    return json.loads(page.get_attribute("body", "data-result"))


@pytest.fixture
def published(publish_verdict, claim):
    return publish_verdict(claim)


def test_a_partner_page_on_another_origin_reads_the_api_and_the_feed(
    browser, live_server, partner_site, partner_key, published, settings
):
    settings.CORS_ALLOWED_ORIGINS = [partner_site]
    result = read_from(browser, partner_site, live_server.url, partner_key.key)
    assert result == {
        "status": 200,
        "etag": result["etag"],
        "headlines": [published.headline],
        "feed": True,
    }
    assert result["etag"], "ETag must be exposed to the partner's script"


def test_a_page_on_an_origin_not_configured_cannot_read(browser, live_server, partner_site, partner_key, published, settings):
    settings.CORS_ALLOWED_ORIGINS = ["https://someone-else.example"]
    assert read_from(browser, partner_site, live_server.url, partner_key.key) == {"error": "TypeError"}
