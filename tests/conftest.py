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
def _fast_password_hashing(settings):
    """Creating the named people would otherwise spend most of the suite's time hashing."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
