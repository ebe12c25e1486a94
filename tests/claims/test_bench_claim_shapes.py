"""Benchmark claims in real claim shapes: templates keep a real sentence's words and vary its
checkable slots (numbers, number words, years)."""

from __future__ import annotations

import random

from bench.claim_shapes import load_templates, sentence_maker, template


def test_a_template_keeps_the_words_and_redraws_numbers_and_years():
    t = template("We have added 125,000 jobs since 2016, four times more than they did.")
    rng = random.Random(7)
    filled = {t.fill(rng) for _ in range(50)}
    assert len(filled) > 40
    for sentence in filled:
        assert sentence.startswith("We have added ")
        assert " jobs since " in sentence and " times more than they did." in sentence
        assert "125,000" not in sentence or "2016" not in sentence
        number = sentence.split()[3]
        assert len(number) == len("125,000") and number[3] == ","


def test_sentences_without_a_checkable_slot_are_not_templates():
    assert template("I must remind him the Democrats wrote all the tax bills.") is None


def test_templates_come_from_the_check_worthy_rows_of_a_tsv(tmp_path):
    tsv = tmp_path / "train.tsv"
    tsv.write_text(
        "Sentence_id\tText\tclass_label\n"
        '1\t"Unemployment is at 9 percent, the highest in 30 years."\tYes\n'
        "2\tI'd like to mention 1 thing.\tNo\n"
        "3\tThank you all very much for coming.\tYes\n"
    )
    templates = load_templates(tsv)
    assert len(templates) == 1
    sentence = templates[0].fill(random.Random(1))
    assert sentence.startswith("Unemployment is at ") and sentence.endswith(" years.")


def test_the_word_lists_fill_in_without_templates():
    make = sentence_maker([], lambda rng: "From the word lists.")
    assert make(random.Random(1)) == "From the word lists."
