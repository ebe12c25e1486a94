"""Pathological input must not make the text steps blow up (no catastrophic backtracking).

Timing belongs in the benchmark; these inputs would hang for minutes with a quadratic regex,
so a run that finishes at all is the behaviour pinned here.
"""

from sources.pipeline import analyse


def test_one_sentence_of_100000_characters():
    raw = ("word " * 20_000) + "."
    analysis = analyse(raw)
    assert len(analysis.sentences) == 1
    assert analysis.sentences[0].end == len(analysis.text)


def test_thousands_of_quote_marks_and_dots():
    raw = ('"a ' * 5_000) + ("." * 50_000) + (" Mr." * 5_000) + (" U.S." * 5_000) + (" said Peskov," * 3_000)
    analysis = analyse(raw)
    assert analysis.quotes
    assert len(analysis.attributions) == len(analysis.sentences)


def test_one_name_repeated_thousands_of_times():
    # The registry of names used to scan every earlier mention of a name on each lookup:
    # quadratic in the number of repeats.
    raw = "Labour MP Diane Abbott said, who said but added " * 6_000
    analysis = analyse(raw)
    assert len(analysis.attributions) == len(analysis.sentences)
