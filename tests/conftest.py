"""Named people and shared data for the whole suite, created through the product's own services."""

from __future__ import annotations

import hashlib

import pytest


@pytest.fixture
def roles(db):
    from claims.roles import roles_setup

    return roles_setup()


def _staff(django_user_model, username: str, group=None, **extra):
    user = django_user_model.objects.create_user(
        username=username, password=f"{username}-pass", email=f"{username}@newsroom.test", is_staff=True, **extra
    )
    if group is not None:
        user.groups.add(group)
    # Fresh instance: permission caches must see the group membership.
    return django_user_model.objects.get(pk=user.pk)


@pytest.fixture
def fact_checker(roles, django_user_model):
    from claims.roles import FACT_CHECKER

    return _staff(django_user_model, "fiona", roles[FACT_CHECKER])


@pytest.fixture
def editor(roles, django_user_model):
    from claims.roles import EDITOR

    return _staff(django_user_model, "edgar", roles[EDITOR])


@pytest.fixture
def superuser(db, django_user_model):
    return _staff(django_user_model, "root", is_superuser=True)


@pytest.fixture
def source(db):
    from sources.models import Source

    text = "The minister said unemployment fell to 4 percent in 2024."
    return Source.objects.create(
        url="https://news.example/minister",
        title="Minister on jobs",
        publisher="Example News",
        text=text,
        fingerprint=hashlib.sha256(text.encode()).hexdigest(),
    )


@pytest.fixture
def speaker(db):
    from claims.services import speaker_create

    return speaker_create(name="Dmitry Peskov", role="Kremlin press secretary", aliases=["Peskov"])


@pytest.fixture
def claim(db, speaker):
    from claims.services import claim_create

    return claim_create(
        text="Unemployment fell to 4 percent in 2024.", speaker=speaker, score=0.8, score_reasons=["statistic"]
    )


@pytest.fixture
def publish_verdict(editor, fact_checker):
    """Carry a claim to a published verdict the way the newsroom does."""
    from claims import services
    from claims.models import Rating

    def _publish(claim, *, headline="Unemployment did not fall to 4 percent", rating_slug="false"):
        if claim.status == "candidate":  # a verdict is drafted on an accepted claim
            services.claim_apply(claim=claim, action="accept", user=fact_checker)
        verdict = services.verdict_create(
            claim=claim,
            headline=headline,
            user=fact_checker,
            rating=Rating.objects.get(slug=rating_slug),
            summary="Official figures show 5.1 percent.",
            body="The **statistics office** reported 5.1 percent.",
        )
        services.evidence_add(
            claim=claim,
            url=f"https://stats.example/{claim.pk}",
            user=fact_checker,
            stance="refutes",
            title="Labour statistics",
        )
        services.verdict_submit(verdict=verdict, user=fact_checker)
        return services.verdict_publish(verdict=verdict, editor=editor)

    return _publish


# Partner API -----------------------------------------------------------------------------


@pytest.fixture
def partner(db):
    from partners.models import Partner

    return Partner.objects.create(name="Daily Planet", contact_email="api@planet.test")


class PartnerCredentials:
    """A partner's API key as a partner holds it: the raw key, its row, and request headers."""

    def __init__(self, api_key, key: str):
        self.api_key = api_key
        self.key = key
        self.partner = api_key.partner
        self.headers = {"HTTP_AUTHORIZATION": f"Api-Key {key}"}


@pytest.fixture
def partner_key(partner):
    from partners.services import partner_key_create

    api_key, key = partner_key_create(partner=partner, name="production")
    return PartnerCredentials(api_key, key)


def https_api_client():
    """A DRF test client speaking HTTPS, as production does (tests run with DEBUG off, so
    plain HTTP is redirected)."""
    from rest_framework.test import APIClient

    class HTTPSAPIClient(APIClient):
        def generic(self, method, path, data="", content_type="application/octet-stream", secure=True, **extra):
            return super().generic(method, path, data, content_type, secure=True, **extra)

    return HTTPSAPIClient()


@pytest.fixture
def api_client(db):
    """An anonymous API client."""
    return https_api_client()


@pytest.fixture
def partner_client(partner_key):
    """An API client sending the partner's key on every request."""
    client = https_api_client()
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {partner_key.key}")
    client.partner_key = partner_key
    return client


@pytest.fixture
def newsroom(claim, speaker, source, publish_verdict, fact_checker, editor):
    """Public fact-checks beside drafts, reviews, rejected and candidate claims (tests/claims/api_newsroom.py)."""
    from tests.claims.api_newsroom import build_newsroom

    return build_newsroom(
        claim=claim, speaker=speaker, source=source, publish_verdict=publish_verdict, fact_checker=fact_checker, editor=editor
    )

@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache: cached pages must never leak between tests."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    """Tests run with DEBUG off, where `{% static %}` would need a collectstatic manifest.

    The manifest storage itself is exercised by tests/claims/test_public_static_files.py.
    """
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _fresh_word_statistics():
    """Lexical retrieval caches the planner's word statistics per process: never another test's."""
    from claims.matching.lexical import forget_word_statistics

    forget_word_statistics()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Creating the named people would otherwise spend most of the suite's time hashing."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# The curation admin -------------------------------------------------------------------


@pytest.fixture
def staff_client(client, settings):
    """The test client for staff pages, speaking plain HTTP like the test server (tests run
    with production security settings, which would redirect every request to HTTPS)."""
    settings.SECURE_SSL_REDIRECT = False
    return client


@pytest.fixture
def checker_client(staff_client, fact_checker):
    """The test client logged in as the fact-checker."""
    staff_client.force_login(fact_checker)
    return staff_client


@pytest.fixture
def editor_client(staff_client, editor):
    staff_client.force_login(editor)
    return staff_client


@pytest.fixture
def make_source(db):
    """Store an ingested article (its text as ingestion keeps it)."""
    from sources.models import Source

    def _make(text: str, *, url: str = "", title: str = "", publisher: str = "", published_at=None) -> Source:
        return Source.objects.create(
            url=url,
            title=title,
            publisher=publisher,
            published_at=published_at,
            text=text,
            fingerprint=hashlib.sha256(text.encode()).hexdigest(),
        )

    return _make


@pytest.fixture
def appear(db):
    """Record that `claim` was made in `sentence` of `source` (located by its offsets)."""
    from claims.models import Appearance

    def _appear(claim, source, sentence: str, **extra) -> Appearance:
        start = source.text.index(sentence)
        return Appearance.objects.create(
            claim=claim, source=source, sentence=sentence, start=start, end=start + len(sentence), **extra
        )

    return _appear
