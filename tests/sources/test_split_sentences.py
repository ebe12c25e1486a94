"""Sentences keep their offsets into the stored text; abbreviations do not split them."""

from sources.pipeline import normalise, split_sentences


def texts(text: str) -> list[str]:
    return [s.text for s in split_sentences(text)]


def test_offsets_point_into_the_normalised_text(seed_text):
    text = normalise(seed_text)
    sentences = split_sentences(text)
    assert len(sentences) == 19
    for sentence in sentences:
        assert text[sentence.start : sentence.end] == sentence.text


def test_abbreviations_titles_and_initials_do_not_split():
    assert texts(
        "Mr. Smith met Vice President JD Vance in Washington, D.C. on Friday. "
        "U.S. and U.K. officials said J. K. Rowling was not there. Dr. Jones agreed."
    ) == [
        "Mr. Smith met Vice President JD Vance in Washington, D.C. on Friday.",
        "U.S. and U.K. officials said J. K. Rowling was not there.",
        "Dr. Jones agreed.",
    ]


def test_an_acronym_ends_a_sentence_before_a_sentence_opener():
    assert texts("The troops returned to the U.S. They were tired.") == [
        "The troops returned to the U.S.",
        "They were tired.",
    ]


def test_quoted_questions_and_decimals_stay_inside_their_sentence():
    assert texts('"Why now?" he asked. Inflation was 3.5 percent. "Go!" She left.') == [
        '"Why now?" he asked.',
        "Inflation was 3.5 percent.",
        '"Go!"',
        "She left.",
    ]


def test_paragraph_breaks_always_end_a_sentence_and_number_paragraphs():
    sentences = split_sentences("When asked about it,\nThe minister left.")
    assert [(s.text, s.paragraph) for s in sentences] == [
        ("When asked about it,", 0),
        ("The minister left.", 1),
    ]
