"""Two editors saving the same verdict at the same moment, on real PostgreSQL connections:
one save wins, the other gets the conflict error, and no edit is silently lost."""

from __future__ import annotations

import pytest

from claims import services
from claims.models import Verdict
from tests.concurrency import POSTGRES_RACE, race_on_row

pytestmark = POSTGRES_RACE


@pytest.fixture
def second_editor(roles, django_user_model):
    from claims.roles import EDITOR

    user = django_user_model.objects.create_user(username="erin", password="erin-pass", is_staff=True)
    user.groups.add(roles[EDITOR])
    return django_user_model.objects.get(pk=user.pk)


def test_one_of_two_simultaneous_saves_wins_and_the_other_is_told(
    claim, publish_verdict, editor, second_editor
):
    verdict = publish_verdict(claim)
    opened_at = verdict.version  # both editors opened the form at this version

    def save(user, summary):
        return lambda: services.verdict_update(
            verdict=verdict, expected_version=opened_at, user=user, summary=summary,
            note="Rewrote the summary.",
        )

    outcomes = race_on_row(
        Verdict._meta.db_table,
        verdict.pk,
        save(editor, "Edgar's summary."),
        save(second_editor, "Erin's summary."),
    )

    winners = [o for o in outcomes if o.results]
    losers = [o for o in outcomes if o.errors]
    assert len(winners) == 1 and len(losers) == 1
    assert isinstance(losers[0].errors[0], services.ConcurrentEditError)
    assert "changed by someone else" in str(losers[0].errors[0])

    saved = Verdict.objects.get(pk=verdict.pk)
    assert saved.version == opened_at + 1
    assert saved.summary == winners[0].results[0].summary
    assert saved.history.filter(summary=saved.summary).count() == 1

    # The loser reloads and applies again: both edits now exist in the history.
    loser_summary = ({"Edgar's summary.", "Erin's summary."} - {saved.summary}).pop()
    loser = editor if loser_summary.startswith("Edgar") else second_editor
    again = services.verdict_update(
        verdict=saved, expected_version=saved.version, user=loser, summary=loser_summary,
        note="Rewrote the summary again.",
    )
    assert again.version == opened_at + 2
    summaries = set(Verdict.history.filter(id=verdict.pk).values_list("summary", flat=True))
    assert {"Edgar's summary.", "Erin's summary."} <= summaries


def test_many_simultaneous_saves_make_exactly_one_change(claim, publish_verdict, editor, second_editor):
    verdict = publish_verdict(claim)
    opened_at = verdict.version
    users = [editor, second_editor] * 3

    calls = [
        (lambda user=user, n=n: services.verdict_update(
            verdict=verdict, expected_version=opened_at, user=user, summary=f"Summary {n}.",
            note=f"Rewrote the summary ({n}).",
        ))
        for n, user in enumerate(users)
    ]
    outcomes = race_on_row(Verdict._meta.db_table, verdict.pk, *calls)

    assert sum(bool(o.results) for o in outcomes) == 1
    assert all(isinstance(e, services.ConcurrentEditError) for o in outcomes for e in o.errors)
    assert Verdict.objects.get(pk=verdict.pk).version == opened_at + 1
