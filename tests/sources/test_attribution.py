"""Who said it: quotations and reported speech attributed to named speakers, with titles."""

import pytest

from sources.pipeline import analyse


def speakers(raw: str) -> list[tuple[str, str | None]]:
    analysis = analyse(raw)
    return [(s.text, a.speaker if a else None) for s, a in zip(analysis.sentences, analysis.attributions, strict=True)]


def attribution_of(raw: str, start: str):
    analysis = analyse(raw)
    for sentence, found in zip(analysis.sentences, analysis.attributions, strict=True):
        if sentence.text.startswith(start):
            return found
    raise AssertionError(f"no sentence starts with {start!r}")


@pytest.mark.parametrize(
    "start",
    [
        '"This was truly impossible to imagine," Peskov said',
        '"The new administration is rapidly changing',
        '"This largely coincides with our vision."',
        "He noted that the two sides",
        '"But if the political will of the two leaders',
    ],
)
def test_seed_quotations_of_peskov_are_his_with_his_title(seed_text, start):
    found = attribution_of(seed_text, start)
    assert found.speaker == "Dmitry Peskov"
    assert found.role == "Kremlin press secretary"


@pytest.mark.parametrize(
    "start, cue",
    [
        ("While Trump's relations with Zelensky", "said"),
        ('"We\'ve now agreed that the United Kingdom', "told"),
        ('"I\'m not going to be diverted', "said"),
    ],
)
def test_seed_starmer_including_he_told_the_bbc(seed_text, start, cue):
    found = attribution_of(seed_text, start)
    assert (found.speaker, found.role, found.cue) == ("Keir Starmer", "U.K. Prime Minister", cue)


def test_he_told_the_bbc_keeps_the_mention_as_written(seed_text):
    found = attribution_of(seed_text, '"We\'ve now agreed')
    assert found.mention == "he"
    assert found.kind == "quote"


def test_narration_and_fragments_have_no_speaker(seed_text):
    assert attribution_of(seed_text, "When asked by a reporter on Sunday") is None
    assert attribution_of(seed_text, "Russia under Putin has") is None


def test_according_to_names_the_source():
    found = attribution_of(
        "Unemployment fell to 10.6 percent, according to the National Statistics Institute.", "Unemployment"
    )
    assert (found.speaker, found.cue, found.kind) == ("National Statistics Institute", "according to", "reported")


def test_appositive_between_name_and_cue():
    found = attribution_of(
        "Dr. Maria Neira, director of public health at the World Health Organization, said pollution kills.",
        "Dr. Maria Neira",
    )
    assert found.speaker == "Maria Neira"


def test_inverted_cue_with_title_after_a_quotation():
    found = attribution_of('"No request came," said Finnish Defence Minister Antti Hakkanen.', '"No request')
    assert (found.speaker, found.role) == ("Antti Hakkanen", "Finnish Defence Minister")


def test_two_speakers_in_one_paragraph_each_get_their_own():
    raw = '"Poland stands with Ukraine," Sikorski said. Sybiha said his country needed seven more Patriot systems.'
    assert [s for _t, s in speakers(raw)] == ["Sikorski", "Sybiha"]


def test_pronoun_resolves_to_the_recent_speaker_not_a_later_mention():
    raw = (
        "NATO Secretary General Mark Rutte said allies agreed to spend 5 percent of GDP on defence.\n"
        "The target, pushed by U.S. President Donald Trump, is more than double the old goal.\n"
        '"This is a quantum leap," he said.'
    )
    assert speakers(raw)[-1][1] == "Mark Rutte"


def test_pronoun_never_resolves_to_an_organisation():
    raw = (
        "Prime Minister Mark Carney announced a tariff on Tuesday.\n"
        "Duties will rise to 25 percent, according to the Finance Department.\n"
        "Speaking in Ottawa, he said the tariff would protect 20,000 jobs."
    )
    assert speakers(raw)[-1][1] == "Mark Carney"


def test_a_quote_continued_in_the_next_paragraph_takes_the_speaker_named_there():
    raw = (
        '"The law will raise 346 billion shillings. We cannot keep borrowing.\n'
        '"Those who say otherwise are misleading the public," Ruto said.'
    )
    assert [s for _t, s in speakers(raw)] == ["Ruto", "Ruto", "Ruto"]


def test_descriptive_sources_are_kept_as_mentions_without_a_name():
    found = attribution_of('A spokesman for the embassy said the claims were "baseless."', "A spokesman")
    assert (found.speaker, found.mention) == ("", "A spokesman for the embassy")


def test_surname_only_mention_resolves_to_the_full_name_introduced_earlier():
    raw = "Chief executive Ingrid Holm spoke on Thursday.\n\"Our core business is strong,\" Ms. Holm added."
    found = attribution_of(raw, '"Our core')
    assert (found.speaker, found.role) == ("Ingrid Holm", "Chief executive")


def test_a_pull_quote_signed_with_a_dash_belongs_to_the_signer():
    raw = '"He scares me. He does not know us." \u2015 Krystal Correa'
    assert [s for _t, s in speakers(raw)] == ["Krystal Correa", "Krystal Correa"]
