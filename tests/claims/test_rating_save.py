"""Changing the rating scale goes through a service that checks permission and validates."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from claims import services
from claims.models import Rating

pytestmark = pytest.mark.django_db


def test_editor_changes_a_rating_definition(editor):
    rating = Rating.objects.get(slug="false")
    rating.description = "The statement is wrong."
    services.rating_save(rating=rating, user=editor)
    assert Rating.objects.get(slug="false").description == "The statement is wrong."


def test_fact_checker_cannot_change_the_scale(fact_checker):
    rating = Rating.objects.get(slug="false")
    rating.label = "Nope"
    with pytest.raises(PermissionDenied):
        services.rating_save(rating=rating, user=fact_checker)
    assert Rating.objects.get(slug="false").label == "False"


def test_invalid_colour_is_refused_with_a_clear_error(editor):
    rating = Rating(label="Odd", slug="odd", description="Odd.", colour="red", position=9)
    with pytest.raises(ValidationError) as exc:
        services.rating_save(rating=rating, user=editor)
    assert "colour" in exc.value.message_dict
    assert not Rating.objects.filter(slug="odd").exists()


def test_a_rating_in_use_cannot_be_deleted(superuser, claim, publish_verdict):
    publish_verdict(claim)
    with pytest.raises(ValidationError):
        services.rating_delete(rating=Rating.objects.get(slug="false"), user=superuser)
    services.rating_delete(rating=Rating.objects.get(slug="unproven"), user=superuser)
    assert not Rating.objects.filter(slug="unproven").exists()
