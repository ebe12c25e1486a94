"""The hand-labelled set (tests/sources/labelled/) must not fall below the README's figures."""

from sources.evaluation.labelled import evaluate_labelled

# The figures stated in README.md, section "Ingestion".
README_FIGURES = {
    "sentence_split_accuracy": 1.0,
    "named_speaker_accuracy": 1.0,
    "unnamed_source_found": 1.0,
    "narration_without_speaker": 1.0,
}


def test_labelled_set_figures_do_not_fall_below_the_readme():
    result = evaluate_labelled()
    assert result["articles"] >= 11
    for name, floor in README_FIGURES.items():
        assert result[name] >= floor, (name, result["misses"])


def test_speaker_kinds_and_roles_of_the_labelled_speakers_set_are_all_right():
    from sources.evaluation.labelled import evaluate_speaker_kinds

    result = evaluate_speaker_kinds()
    assert result["sentences"] >= 24
    assert (result["speaker_kind_accuracy"], result["role_accuracy"]) == (1.0, 1.0), result["misses"]
