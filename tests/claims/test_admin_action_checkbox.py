"""The admin's row checkbox is formatted directly (not through the widget templates, once per
row); it must stay exactly Django's markup, escaping included, or bulk actions break."""

import pytest
from django.contrib import admin
from django.contrib.admin.options import ModelAdmin

from claims import services
from claims.models import Claim, ReviewQueueClaim


@pytest.mark.django_db
@pytest.mark.parametrize("model", [Claim, ReviewQueueClaim])
def test_row_checkbox_is_djangos_markup(model, speaker):
    claim = services.claim_create(text='He said "<b>5 & 6</b>" percent rose.', speaker=speaker)
    model_admin = admin.site._registry[model]
    row = model.objects.get(pk=claim.pk)
    assert model_admin.action_checkbox(row) == ModelAdmin.action_checkbox(model_admin, row)


@pytest.mark.django_db
def test_queue_rows_carry_a_checkbox_per_claim(checker_client, speaker):
    claim = services.claim_create(text="Inflation rose by 12 percent in 2024.", speaker=speaker, score=0.5)
    response = checker_client.get("/admin/claims/reviewqueueclaim/")
    assert f'name="_selected_action" value="{claim.pk}" class="action-select"' in response.content.decode()
