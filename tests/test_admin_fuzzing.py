"""Every changelist parameter of every registered ModelAdmin, fuzzed: never a 500.

The parameters are the ones each changelist itself declares (its list filters' expected
parameters, its date hierarchy, search, ordering, page), so a filter added later is fuzzed too.
Values come from hypothesis strategies for what broke the admin before: NUL (PostgreSQL refuses
it), lone surrogates, digits `int()` refuses although `str.isdigit()` accepts them ("²", "١"),
numbers beyond any column's range, and values far longer than any field. Derandomised, so
every run sends the same requests; run it on both databases.
"""

from __future__ import annotations

from urllib.parse import quote

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

EXAMPLES_PER_ADMIN = 10
# The findings of the attack run, sent to every parameter of every changelist.
KNOWN_BAD = ["a\x00b", "²", "99999999999999999999999", "\ud800x"]

VALUES = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.characters(categories=["Nd", "No", "Nl"]), min_size=1, max_size=6),
    st.builds(lambda a, b: f"{a}\x00{b}", st.text(max_size=8), st.text(max_size=8)),
    st.text(alphabet=st.characters(categories=["Cs"]), min_size=1, max_size=3),
    st.text(alphabet=st.characters(codec="ascii"), max_size=20),
    st.integers(min_value=-(10**40), max_value=10**40).map(str),
    st.integers(min_value=0, max_value=10**6).map(lambda n: f"#{n}"),
    st.text(alphabet="a9 ²", min_size=1500, max_size=2600),
)

ADMINS = sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)


def _parameters(model, model_admin, user) -> list[str]:
    request = RequestFactory().get("/")
    request.user = user
    changelist = model_admin.get_changelist_instance(request)
    names = {"q", "o", "p", "all"}
    for spec in changelist.filter_specs:
        names.update(spec.expected_parameters() or ())
    if model_admin.date_hierarchy:
        names.update(f"{model_admin.date_hierarchy}__{part}" for part in ("year", "month", "day"))
    return sorted(names)


def _query(params: dict[str, str]) -> str:
    # Surrogates cannot be encoded as UTF-8; sent as their raw bytes they arrive as U+FFFD,
    # which is what a browser or a script could make the server see.
    return "&".join(
        f"{quote(name)}={quote(value.encode('utf-8', 'surrogatepass'), safe='')}" for name, value in params.items()
    )


@pytest.fixture
def rows(claim, publish_verdict, partner_key, speaker, source):
    """A little of everything, so filters have choices and searches have rows to look at."""
    from claims import services

    publish_verdict(claim)
    services.claim_create(text="Exports rose 12 percent in 2023.", speaker=speaker, score=0.3)


@pytest.mark.django_db
@pytest.mark.parametrize(("model", "model_admin"), ADMINS, ids=[m._meta.label for m, _ in ADMINS])
def test_no_changelist_parameter_gives_a_server_error(client, superuser, rows, model, model_admin):
    client.force_login(superuser)
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    parameters = _parameters(model, model_admin, superuser)

    def check(params: dict[str, str]) -> None:
        response = client.get(f"{url}?{_query(params)}", follow=True)
        assert response.status_code in (200, 400), f"{url}?{_query(params)} answered {response.status_code}"
        if response.status_code == 400:
            assert response.text.strip(), "a refusal must say why"

    for name in parameters:
        for value in KNOWN_BAD:
            check({name: value})

    @given(st.dictionaries(st.sampled_from(parameters), VALUES, min_size=1, max_size=3))
    @settings(
        max_examples=EXAMPLES_PER_ADMIN,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    def fuzz(params):
        check(params)

    fuzz()
