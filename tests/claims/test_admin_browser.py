"""A real browser carries a seed candidate to a published verdict using only the admin:
the fact-checker accepts it and submits a verdict, then the editor publishes it.

Runs headless Debian chromium (`apt-get install chromium chromium-driver`) through
Playwright; screenshots land in test-artifacts/admin-browser/.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
from django.conf import settings as django_settings

from claims import services
from claims.models import Claim, EvidenceLink, Verdict
from sources.models import Source

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(django_settings.BASE_DIR) / "test-artifacts" / "admin-browser"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTICLE = (
    "Kremlin press secretary Dmitry Peskov responded in an interview that aired Sunday.\n"
    "“The new administration is rapidly changing foreign policy configurations,” Peskov added. "
    "“This largely coincides with our vision.”\n"
)
SENTENCE = "“The new administration is rapidly changing foreign policy configurations,” Peskov added."

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium is not installed at /usr/bin/chromium"),
    # The live server needs committed data; serialized_rollback gives this test the migrated
    # state (rating scale, permissions) whatever transactional test ran before it.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture(scope="module", autouse=True)
def _leave_the_database_as_migrated(django_db_blocker):
    """After a serialized-rollback test, pytest-django flushes every table and (expecting the
    next test to restore its own copy) skips re-creating permissions. Put the migrated state
    back for whatever transactional test runs next."""
    yield
    from django.contrib.contenttypes.models import ContentType
    from django.db import connections

    with django_db_blocker.unblock():
        for connection in connections.all(initialized_only=True):
            contents = getattr(connection, "_test_serialized_contents", None)
            if contents and not ContentType.objects.using(connection.alias).exists():
                connection.creation.deserialize_db_from_string(contents)


@pytest.fixture
def browser(monkeypatch):
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; Django's ORM calls made by the
    # test around it are still synchronous.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def http_live_server(settings):
    """A live server speaking plain HTTP (production settings would insist on HTTPS).

    Started here rather than through pytest-django's session-wide `live_server`, because
    the security middleware reads its settings once, when the server starts.
    """
    from pytest_django.live_server_helper import LiveServer

    settings.ALLOWED_HOSTS = ["localhost"]
    settings.SECURE_SSL_REDIRECT = False
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    server = LiveServer("localhost")
    yield server
    server.stop()


def _login(browser, base: str, username: str, password: str):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.set_default_timeout(8000)
    response = page.goto(f"{base}/admin/login/")
    assert response.ok, (response.status, page.content()[:2000])
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("input[type=submit]")
    page.wait_for_selector("#content")
    return page


def _shot(page, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def _expect_message(page, text: str) -> None:
    messages = page.locator("ul.messagelist").inner_text()
    assert text in messages, messages


def test_checker_accepts_and_submits_then_editor_publishes(
    browser, http_live_server, fact_checker, editor, speaker
):
    source = Source.objects.create(
        url="https://thehill.example/kremlin",
        title="Kremlin praises Trump's foreign policy shift",
        publisher="The Hill",
        text=ARTICLE,
        fingerprint=hashlib.sha256(ARTICLE.encode()).hexdigest(),
    )
    claim = services.claim_create(
        text=SENTENCE, speaker=speaker, score=0.93, score_reasons=["attributed assertion"],
        origin=Claim.Origin.INGESTION,
    )
    start = ARTICLE.index(SENTENCE)
    claim.appearances.create(source=source, sentence=SENTENCE, start=start, end=start + len(SENTENCE))
    base = http_live_server.url

    # The fact-checker: queue → claim page → accept → draft verdict → evidence → submit.
    page = _login(browser, base, "fiona", "fiona-pass")
    page.goto(f"{base}/admin/claims/reviewqueueclaim/")
    _shot(page, "1-review-queue")
    page.click(f"#result_list a[href$='/admin/claims/claim/{claim.pk}/change/']")
    assert page.locator(".claim-context mark").inner_text() == SENTENCE
    page.click("button[value=accept]")
    _expect_message(page, f"Claim #{claim.pk} is now accepted.")
    _shot(page, "2-claim-accepted")

    page.click("text=Draft a verdict")
    page.fill("#id_headline", "Kremlin's praise is opinion, not a checkable policy fact")
    page.select_option("#id_rating", label="Misleading")
    page.fill("#id_summary", "The quoted line is Peskov's characterisation; the votes cited are on record.")
    page.fill("#id_body", "The **UN votes** are documented.")
    page.click("input[name=_continue]")
    _expect_message(page, "was added successfully")
    page.fill("input[name='evidence_links-0-url']", "https://press.un.example/ga-vote")
    page.fill("input[name='evidence_links-0-title']", "UN General Assembly vote record")
    page.select_option("select[name='evidence_links-0-stance']", "context")
    page.click("input[name=_continue]")
    _expect_message(page, "was changed successfully")
    assert page.locator("button[value=publish]").count() == 0  # fact-checkers cannot publish
    page.click("button[value=submit]")
    _expect_message(page, "is now in review")
    _shot(page, "3-verdict-submitted")
    page.close()

    verdict = Verdict.objects.get()
    assert verdict.status == "in_review" and EvidenceLink.objects.get().verdict_id == verdict.pk

    # The editor: dashboard → verdicts awaiting review → publish.
    page = _login(browser, base, "edgar", "edgar-pass")
    assert page.locator("#dash-review .figure").inner_text() == "1"
    _shot(page, "4-editor-dashboard")
    page.click("#dash-review a")
    page.click(f"#result_list a[href*='/admin/claims/verdict/{verdict.pk}/change/']")
    assert re.search(r"/fact-checks/[\w-]+/preview/$", page.get_attribute("text=Preview", "href"))
    page.click("button[value=publish]")
    _expect_message(page, "is now published")
    _shot(page, "5-verdict-published")
    page.close()

    verdict.refresh_from_db()
    assert verdict.status == "published" and verdict.editor == editor and verdict.published_at
    assert Claim.objects.get(pk=claim.pk).status == "published"
