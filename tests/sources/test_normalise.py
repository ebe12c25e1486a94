"""Normalising article text: one alphabet for quotes and dashes, no page furniture."""

import re

import pytest

from sources.pipeline import normalise
from sources.pipeline.normalise import clean_line


def test_curly_quotes_and_dashes_are_folded():
    text = normalise("\u201cIt\u2019s over\u201d \u2013 she said\u00a0\u2014 twice\u2026")
    assert text == "\"It's over\" \u2014 she said \u2014 twice..."


def test_boilerplate_lines_are_dropped_and_article_lines_kept():
    raw = "\n".join(
        [
            "By Jane Smith and Tom Jones",
            "The minister said unemployment fell.",
            "ADVERTISEMENT",
            "Share this article",
            "Share on Facebook",
            "Sign up for our morning newsletter",
            "Story continues below advertisement",
            "He told Reuters the figure was final.",
            "(Reporting by Jane Smith; Editing by Tom Jones)",
            "Copyright 2025 Example News. All rights reserved.",
        ]
    )
    assert normalise(raw) == "The minister said unemployment fell.\nHe told Reuters the figure was final."


def test_a_sentence_starting_with_by_is_not_a_byline():
    assert normalise("by the end of the year prices rose.") == "by the end of the year prices rose."


def test_whitespace_is_collapsed_and_hard_wraps_joined_when_paragraphs_are_blank_separated():
    raw = (
        "The ministry said on Monday that  exports rose by 4 percent\n"
        "in the first quarter, the fastest pace since 2021.\n\n\n  Second\tparagraph.  \n"
    )
    assert normalise(raw) == (
        "The ministry said on Monday that exports rose by 4 percent in the first quarter, "
        "the fastest pace since 2021.\nSecond paragraph."
    )


def test_short_lines_stay_paragraphs_even_between_blank_lines():
    raw = 'Headline of the story\n\n"We need law and order."\n"He scares me." \u2015 Krystal Correa\n'
    assert normalise(raw).split("\n") == [
        "Headline of the story",
        '"We need law and order."',
        '"He scares me." \u2014 Krystal Correa',
    ]


def test_invisible_and_control_characters_are_removed():
    assert normalise("Zero\u200bwidth\x07 soft\u00adhyphen") == "Zerowidth softhyphen"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Jobs rose &lt;img src=x onerror=alert(1)&gt; by 4 percent.", "Jobs rose by 4 percent."),
        ("Jobs rose &#60;script&#62;alert(1)&#x3c;/script&#x3E; fast.", "Jobs rose alert(1) fast."),
        ("A <b>bold</b> claim.", "A bold claim."),
        ("Comment <!-- hidden --> gone.", "Comment gone."),
        ("AT&amp;T and R&D spent &euro;5 &copyright.", "AT&T and R&D spent €5 &copyright."),
        ("Prices rose 5 < 6 percent, and 7 > 3.", "Prices rose 5 < 6 percent, and 7 > 3."),
        ("Double &amp;lt;img&amp;gt; stays text.", "Double &lt;img&gt; stays text."),
    ],
)
def test_text_is_stored_as_text_after_entity_decoding(raw, expected):
    assert normalise(raw) == expected


@pytest.mark.parametrize("raw", ["<<img>img src=x onerror=1>", "&lt;<b>img src=x onerror=1&gt;", "<scr<i>ipt>x</script>"])
def test_stripping_markup_never_assembles_new_markup(raw):
    text = normalise(f"Nested {raw} markup.")
    assert not re.search(r"<[!?/]?[A-Za-z]", text), text


def test_titles_and_names_are_plain_text_too():
    assert clean_line("&lt;img src=x onerror=alert(1)&gt;Jobs report") == "Jobs report"

