import pytest

from claims.models import Rating


@pytest.mark.django_db
def test_default_scale_exists_after_migrate_in_order():
    ratings = list(Rating.objects.order_by("position"))
    assert [r.label for r in ratings] == [
        "True", "Mostly true", "Half true", "Mostly false", "False", "Pants on fire", "Misleading", "Unproven",
    ]
    on_scale = [r.value for r in ratings if r.on_scale]
    assert on_scale == sorted(on_scale, reverse=True) and len(on_scale) == 6
    assert {r.label for r in ratings if not r.on_scale} == {"Misleading", "Unproven"}
    assert all(r.description for r in ratings)


@pytest.mark.django_db
def test_editors_can_change_the_scale():
    Rating.objects.create(label="Needs context", slug="needs-context", colour="#123456", description="Missing context.")
    half = Rating.objects.get(slug="half-true")
    half.label = "Half-true"
    half.save()
    assert Rating.objects.filter(label="Half-true").exists()
    assert Rating.objects.count() == 9
