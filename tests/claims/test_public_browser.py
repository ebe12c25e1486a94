"""The public site in a real browser (headless Debian chromium through Playwright).

Pages are served by pytest-django's live server; every response gets a strict Content Security
Policy added on the way to the browser, so an inline script or style anywhere would show up as a
console error even before the deployment adds its own CSP. Screenshots go to test-artifacts/.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.db import connections

from tests.claims.public_helpers import make_factcheck, make_source

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
STRICT_CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self'; script-src 'none'; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run",
]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="Debian chromium is not installed: apt-get install -y chromium chromium-driver",
    ),
    # Like every transactional test here: restore the migrated state (ratings, permissions)
    # from the serialized copy, whatever transactional test flushed the database before.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def browser_page():
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's sync API runs an event loop
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        problems: list[str] = []
        page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type in ("error", "warning") else None)
        page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
        page.on("response", lambda r: problems.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None)
        # A navigation cancels the favicon fetch still in flight (ERR_ABORTED): not a fault; a
        # missing file shows up as an HTTP error response above.
        page.on("requestfailed", lambda r: problems.append(f"failed: {r.url} {r.failure}")
                if r.failure != "net::ERR_ABORTED" else None)

        def with_csp(route):
            response = route.fetch()
            route.fulfill(response=response, headers={**response.headers, "content-security-policy": STRICT_CSP})

        page.route("**/*", with_csp)
        page.problems = problems
        try:
            yield page
        finally:
            context.close()
            browser.close()
            # Inside Playwright's event loop the ORM got its own (context-local) connection;
            # close it here, or it would keep the test database from being dropped.
            connections.close_all()


def test_reader_browses_index_fact_check_and_speaker_without_errors(
    live_server, browser_page, publish_verdict, editor, fact_checker, speaker
):
    ARTIFACTS.mkdir(exist_ok=True)
    verdict = make_factcheck(
        publish_verdict, editor=editor, fact_checker=fact_checker, speaker=speaker, tags=("Economy",),
        source=make_source(url="https://news.example/minister"), correction="We fixed the quarter.",
        text="Unemployment fell to 4 percent </script><script>alert(1)</script>",
    )
    make_factcheck(publish_verdict, editor=editor, fact_checker=fact_checker, speaker=speaker,
                   text="Exports doubled since 2020.", headline="Exports did double", rating_slug="true")
    page = browser_page

    response = page.goto(f"{live_server.url}/fact-checks/")
    assert response.status == 200
    assert response.headers["content-security-policy"] == STRICT_CSP
    assert page.locator("h1").inner_text() == "Fact-checks"
    assert page.locator("article.card").count() == 2
    # The stylesheet applied (a property only site.css sets) and the first Tab reaches the skip link.
    assert page.locator(".site-header").evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(11, 61, 110)"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"
    page.screenshot(path=str(ARTIFACTS / "public-index.png"), full_page=True)

    page.get_by_role("link", name=verdict.headline).click()
    page.wait_for_load_state()
    assert page.url == f"{live_server.url}{verdict.get_absolute_url()}"
    assert page.locator("h1").inner_text() == verdict.headline
    # The hostile claim is shown as text and did not run.
    assert "</script><script>alert(1)</script>" in page.locator(".quote blockquote").inner_text()
    assert page.locator("script").count() == 1
    assert "Our rating: False" in page.locator(".meter__label").inner_text()
    page.screenshot(path=str(ARTIFACTS / "public-factcheck.png"), full_page=True)

    page.get_by_role("link", name="Dmitry Peskov").first.click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Dmitry Peskov"
    assert page.locator(".scorecard__table tbody tr").count() == 8
    page.screenshot(path=str(ARTIFACTS / "public-speaker.png"), full_page=True)

    # Narrow screens: nothing scrolls sideways.
    page.set_viewport_size({"width": 375, "height": 800})
    for url in (f"{live_server.url}/fact-checks/", f"{live_server.url}{verdict.get_absolute_url()}"):
        page.goto(url)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), url
    page.screenshot(path=str(ARTIFACTS / "public-factcheck-mobile.png"), full_page=True)

    assert page.problems == []
