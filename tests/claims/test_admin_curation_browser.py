"""Issue 18 in a real browser at 1366 px (and the queue at 1920 px): a fact-checker walks the
review queue with the keyboard only (move, select, merge into the current claim, reject with a
reason, accept, open), no page scrolls sideways, claim text is whole and readable, and
"Sources › + Add" leads to a working page. Fails on any console error or CSP violation.

Debian chromium through Playwright, like test_admin_browser.py; screenshots land in
test-artifacts/curation-browser/.
"""

from __future__ import annotations

import hashlib

import pytest
from django.conf import settings as django_settings

from claims import services
from claims.models import Claim
from sources.models import Source
from tests.claims.test_admin_browser import (  # noqa: F401  (fixtures)
    CHROMIUM,
    _leave_the_database_as_migrated,
    _login,
    browser,
    http_live_server,
)

ARTIFACTS = django_settings.BASE_DIR / "test-artifacts" / "curation-browser"
CLAIMS = [
    "Trump has, in recent weeks, spouted a series of Kremlin-aligned lies about Zelensky, calling "
    "the democratically elected leader a dictator and falsely claiming the Ukrainian leader had a "
    "four percent approval rating.",
    "Trump has, in recent weeks, spouted a series of Kremlin-aligned lies about Zelensky, calling "
    "the democratically elected leader a dictator and falsely claiming the Ukrainian leader had a "
    "forty percent approval rating.",
    "Russia under Putin has a long and sordid history of violating ceasefires and other agreements.",
    "The United States sided with Russia last week on two votes at the United Nations.",
]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium is not installed at /usr/bin/chromium"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _shot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def _no_sideways_scroll(page, where: str) -> None:
    width, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width <= inner, f"{where} scrolls sideways: {width} px wide in a {inner} px window"


def _claims_fully_readable(page) -> None:
    """Every claim cell shows its whole text, inside the window and clear of the filters."""
    cells = page.evaluate(
        """() => {
          const filter = document.getElementById('changelist-filter');
          const edge = filter ? filter.getBoundingClientRect().left : window.innerWidth;
          return Array.from(document.querySelectorAll('#result_list td.field-claim_text, #result_list th.field-claim_text'))
            .map(c => ({text: c.innerText.trim(), right: c.getBoundingClientRect().right,
                        clipped: c.scrollWidth > c.clientWidth + 1, width: c.getBoundingClientRect().width, edge}));
        }"""
    )
    assert cells
    # The table fits its column: no column ("Created at") cut off or scrolled out of view.
    table, box = page.evaluate(
        "[document.getElementById('result_list').getBoundingClientRect().width,"
        " document.querySelector('#changelist .results').clientWidth]"
    )
    assert table <= box + 1, f"the queue table is {table} px wide in a {box} px column"
    for cell in cells:
        assert cell["text"] in CLAIMS, cell["text"]
        assert not cell["clipped"] and cell["right"] <= cell["edge"], cell
        assert cell["width"] >= 150, cell  # a readable column, not ~12 characters


def _watch(page) -> list[str]:
    problems: list[str] = []
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    page.on("requestfailed", lambda r: problems.append(f"failed request: {r.url}"))
    page.on("response", lambda r: problems.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None)
    return problems


def test_fact_checker_walks_the_queue_with_the_keyboard(browser, http_live_server, fact_checker, speaker):  # noqa: F811
    text = "\n".join(CLAIMS) + "\n"
    source = Source.objects.create(
        title="Kremlin praises Trump's foreign policy shift", publisher="The Hill",
        url="https://thehill.example/kremlin", text=text, fingerprint=hashlib.sha256(text.encode()).hexdigest(),
    )
    claims = []
    for n, sentence in enumerate(CLAIMS):
        claim = services.claim_create(text=sentence, speaker=speaker, score=0.9 - n * 0.1, origin="ingestion")
        start = text.index(sentence)
        claim.appearances.create(source=source, sentence=sentence, start=start, end=start + len(sentence))
        claims.append(claim)
    base = http_live_server.url

    page = _login(browser, base, "fiona", "fiona-pass")
    page.set_viewport_size({"width": 1366, "height": 900})
    problems = _watch(page)
    page.goto(f"{base}/admin/claims/reviewqueueclaim/")
    _shot(page, "1-queue-1366")
    _no_sideways_scroll(page, "the review queue")
    _claims_fully_readable(page)
    assert "4 claims in the review queue" in page.inner_text(".paginator")
    assert "Keyboard shortcuts" in page.inner_text("#queue-shortcuts")

    def current() -> int:
        return int(page.get_attribute("#result_list tr.kb-current input.action-select", "value"))

    assert current() == claims[0].pk
    # Select the "forty percent" claim (row 2) and merge it into the first one.
    page.keyboard.press("j")
    assert current() == claims[1].pk
    page.keyboard.press("x")
    page.keyboard.press("k")
    assert current() == claims[0].pk
    page.keyboard.press("m")
    page.wait_for_selector("input[name=keep]")
    assert page.is_checked(f"input[name=keep][value='{claims[0].pk}']")
    _shot(page, "2-merge-confirmation")
    page.click("input[type=submit][value=Merge]")
    page.wait_for_selector("ul.messagelist")
    assert f"into claim #{claims[0].pk}" in page.inner_text("ul.messagelist")
    assert Claim.objects.get(pk=claims[1].pk).duplicate_of_id == claims[0].pk

    # Reject the next one with a reason, typed on the page the key leads to.
    page.keyboard.press("j")
    assert current() == claims[2].pk
    page.keyboard.press("r")
    page.wait_for_selector("input[name=reason]")
    _no_sideways_scroll(page, "the reject page")
    page.keyboard.type("Opinion, not a checkable statement.")
    page.keyboard.press("Enter")
    page.wait_for_selector("ul.messagelist")
    rejected = Claim.objects.get(pk=claims[2].pk)
    assert (rejected.status, rejected.rejection_reason) == ("rejected", "Opinion, not a checkable statement.")

    # Accept the first, then open the remaining one.
    assert current() == claims[0].pk
    page.keyboard.press("a")
    page.wait_for_selector("ul.messagelist")
    assert "1 claim accepted." in page.inner_text("ul.messagelist")
    assert current() == claims[3].pk
    _shot(page, "3-queue-after-keyboard")
    page.keyboard.press("o")
    page.wait_for_selector(".workflow-panel")
    assert page.url.endswith(f"/admin/claims/claim/{claims[3].pk}/change/")

    # The claim page and the verdict page fit the window, evidence inline included.
    page.goto(f"{base}/admin/claims/claim/{claims[0].pk}/change/")
    _shot(page, "4-claim-page-1366")
    _no_sideways_scroll(page, "the claim page")
    page.click("text=Draft a verdict")
    page.fill("#id_headline", "Zelensky's approval rating was not 4 percent")
    page.click("input[name=_continue]")
    page.wait_for_selector(".workflow-panel")
    _shot(page, "5-verdict-page-1366")
    _no_sideways_scroll(page, "the verdict page")

    # "Sources › + Add" on the dashboard and in the sidebar leads to a working page.
    for start, link in [("/admin/", "#content-main"), ("/admin/claims/reviewqueueclaim/", "#nav-sidebar")]:
        page.goto(base + start)
        page.click(f"{link} a[href='/admin/sources/source/add/']")
        page.wait_for_selector("textarea[name=text]")
        assert page.url.endswith("/admin/sources/source/add-article/")
    _shot(page, "6-add-article")
    _no_sideways_scroll(page, "the add article page")

    page.set_viewport_size({"width": 1920, "height": 1000})
    page.goto(f"{base}/admin/claims/reviewqueueclaim/?status=all")
    _shot(page, "7-queue-1920")
    _no_sideways_scroll(page, "the review queue at 1920 px")
    _claims_fully_readable(page)
    assert not problems, problems
    page.close()
