"""Two people editing the same verdict: the second save is refused, nothing is overwritten."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from claims import services
from claims.models import Verdict


def _open(client: Client, url: str) -> dict:
    """Load the change form as a browser would and return what it would post back."""
    page = client.get(url).content.decode()
    version = re.search(r'name="version" value="(\d+)"', page).group(1)
    headline = re.search(r'name="headline" value="([^"]*)"', page).group(1)
    return {
        "headline": headline,
        "rating": "",
        "summary": "",
        "body": "",
        "version": version,
        "evidence_links-TOTAL_FORMS": "0",
        "evidence_links-INITIAL_FORMS": "0",
    }


@pytest.mark.django_db
def test_second_editor_saving_a_stale_form_gets_a_clear_error(staff_client, claim, fact_checker, editor):
    services.claims_apply(claims=[claim], action="accept", user=fact_checker)  # drafting needs an accepted claim
    verdict = services.verdict_create(claim=claim, headline="Draft headline", user=fact_checker)
    url = reverse("admin:claims_verdict_change", args=[verdict.pk])
    fiona, edgar = staff_client, Client()
    fiona.force_login(fact_checker)
    edgar.force_login(editor)

    fiona_form = _open(fiona, url)
    edgar_form = _open(edgar, url)
    assert fiona_form["version"] == edgar_form["version"] == "1"

    first = fiona.post(url, {**fiona_form, "summary": "Fiona's summary."})
    assert first.status_code == 302

    second = edgar.post(url, {**edgar_form, "summary": "Edgar's summary."})

    assert second.status_code == 200
    page = second.content.decode()
    assert "This verdict was changed by someone else since you opened it" in page
    assert "last saved by fiona" in page
    assert "Edgar&#x27;s summary." in page  # his text is still on screen to re-apply
    saved = Verdict.objects.get(pk=verdict.pk)
    assert saved.summary == "Fiona's summary." and saved.version == 2

    # Reloading shows the new version; saving from it works.
    fresh = _open(edgar, url)
    assert fresh["version"] == "2"
    assert edgar.post(url, {**fresh, "summary": "Edgar's summary."}).status_code == 302
    assert Verdict.objects.get(pk=verdict.pk).summary == "Edgar's summary."


@pytest.mark.django_db
def test_a_save_racing_past_the_form_check_is_refused_by_the_service(editor_client, claim, fact_checker, monkeypatch):
    """The form's check and the save are not atomic; the service's row-locked check is."""
    from claims.admin.forms import VerdictForm

    services.claims_apply(claims=[claim], action="accept", user=fact_checker)  # drafting needs an accepted claim
    verdict = services.verdict_create(claim=claim, headline="Draft headline", user=fact_checker)
    url = reverse("admin:claims_verdict_change", args=[verdict.pk])
    form = _open(editor_client, url)
    real_clean = VerdictForm.clean

    def clean_then_someone_saves(self):
        cleaned = real_clean(self)
        services.verdict_update(verdict=verdict, expected_version=1, user=fact_checker, summary="Theirs.")
        return cleaned

    monkeypatch.setattr(VerdictForm, "clean", clean_then_someone_saves)
    response = editor_client.post(url, {**form, "summary": "Mine."}, follow=True)

    # The simulated concurrent save ran inside this request's transaction, so it rolled back
    # with it; what matters is that "Mine." never overwrote anything and no 500 was shown.
    saved = Verdict.objects.get(pk=verdict.pk)
    assert saved.summary != "Mine." and response.status_code == 200
    assert any("changed by someone else" in str(m) for m in response.context["messages"])
