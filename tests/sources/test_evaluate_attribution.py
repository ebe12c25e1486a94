"""The PolNeAR attribution evaluation, on a tiny split in PolNeAR's brat standoff format."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from sources.evaluation.attribution import evaluate_attribution

TEXT = (
    '"We will win this state," Trump said on Monday.\n'
    "Clinton spoke later.\n"
    '"The polls are wrong," she told supporters.\n'
    'A spokesman said the campaign was "confident" about turnout.\n'
    "Donald Trump repeated his claim that the polls were rigged.\n"
)


def span(label: str, text: str, n: int) -> str:
    start = TEXT.index(text)
    return f"T{n}\t{label} {start} {start + len(text)}\t{text}"


def write_split(root):
    (root / "text").mkdir()
    (root / "attributions").mkdir()
    (root / "text" / "a.txt").write_text(TEXT, encoding="utf-8")
    lines = [
        span("Source", "Trump", 1),
        span("Cue", "said", 2),
        span("Content", '"We will win this state,"', 3),
        "E1\tAttribution:T2 Source:T1 Cue:T2 Content:T3",
        span("Source", "she", 4),
        span("Cue", "told", 5),
        span("Content", '"The polls are wrong,"', 6),
        "E2\tAttribution:T5 Source:T4 Cue:T5 Content:T6",
        # Indirect speech with a scare quote inside: not a direct quotation.
        span("Source", "A spokesman", 7),
        span("Cue", "said", 8),
        span("Content", 'the campaign was "confident" about turnout', 9),
        "E3\tAttribution:T8 Source:T7 Cue:T8 Content:T9",
        # Reported speech with a named source and no quotation marks.
        span("Source", "Donald Trump", 10),
        span("Cue", "repeated his claim", 11),
        span("Content", "the polls were rigged", 12),
        "E4\tAttribution:T11 Source:T10 Cue:T11 Content:T12",
    ]
    (root / "attributions" / "a_1234.ann").write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_direct_quotes_are_found_and_attributed_by_name_and_by_pronoun(tmp_path):
    write_split(tmp_path)
    result = evaluate_attribution(tmp_path)
    assert result["articles"] == 1
    assert result["named_sources"] == {"quotes": 1, "recall": 1.0, "accuracy": 1.0}
    assert result["pronoun_or_descriptive_sources"] == {"quotes": 1, "recall": 1.0, "accuracy": 1.0}
    assert result["direct_quotes"]["quotes"] == 2
    # The scare quote "confident" is no quotation: two attributed, both annotated contents.
    assert result["attributed_quotes"] == 2
    assert result["precision"] == 1.0
    # "A spokesman said the campaign ..." is indirect but unnamed; only Trump's claim counts.
    assert result["indirect_named_sources"] == {"quotes": 1, "recall": 1.0, "accuracy": 1.0}


def test_command_prints_the_figures_and_refuses_a_wrong_folder(tmp_path, capsys):
    write_split(tmp_path)
    call_command("evaluate_attribution", "--data", str(tmp_path))
    out = capsys.readouterr().out
    assert "named sources                n=1     recall=1.000  accuracy=1.000" in out
    with pytest.raises(CommandError, match="expected text/ and attributions/"):
        call_command("evaluate_attribution", "--data", str(tmp_path / "text"))
