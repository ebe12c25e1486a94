"""What a fact-checker would check, compared between two wordings (pure, no database)."""

from __future__ import annotations

import pytest

from claims.matching.slots import compare_slots, extract_slots, split_speaker


def compare(a: str, b: str, *, speaker_a: str = "", speaker_b: str = ""):
    return compare_slots(extract_slots(a, speaker=speaker_a), extract_slots(b, speaker=speaker_b))


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Zelensky had a four percent approval rating.", "Zelensky had a 4% approval rating."),
        ("The deal costs $1.2bn.", "The deal costs 1.2 billion dollars."),
        ("The UK sends £350m a week.", "The UK sends 350 million pounds a week."),
        ("Texas gained 1.5m jobs.", "Texas gained 1,500,000 jobs."),
        ("Japan's population fell by 800k.", "Japan's population fell by 800,000."),
        ("It was the sixth year in a row.", "It was the 6th year in a row."),
        ("The U.S. has more guns than people.", "America has more guns than people."),
        ("Unemployment is 18 per cent.", "Unemployment is 18 percent."),
    ],
)
def test_the_same_fact_in_other_notation_compares_equal(a, b):
    assert compare(a, b).same, compare(a, b)


@pytest.mark.parametrize(
    ("a", "b", "slot"),
    [
        ("Crime in Chicago rose by 20 percent in 2016.", "Crime in Chicago rose by 12 percent in 2016.", "number"),
        ("The deal costs 1.2 billion dollars.", "The deal costs 1.2 billion euros.", "number"),
        ("It was the sixth year in a row.", "It was the fourth year in a row.", "number"),
        ("Crime in Chicago rose by 20 percent in 2016.", "Crime in Chicago rose by 20 percent in 2019.", "year"),
        ("Crime in Chicago rose by 20 percent in 2016.", "Crime in Houston rose by 20 percent in 2016.", "name"),
        ("Says John McCain has done nothing for veterans.", "Says John McCain has done a lot for veterans.", "negation"),
        ("Sanders voted for the Brady Bill.", "Sanders voted against the Brady Bill.", "negation"),
        ("Crime in Chicago rose in 2016.", "Crime in Chicago fell in 2016.", "direction"),
        ("Florida has more than 2 million uninsured.", "Florida has fewer than 2 million uninsured.", "direction"),
        ("Venezuela has the largest oil reserves.", "Venezuela has the smallest oil reserves.", "direction"),
    ],
)
def test_a_different_fact_is_a_conflict_naming_the_slot(a, b, slot):
    conflicts = compare(a, b).conflicts
    assert any(c.startswith(slot + ":") for c in conflicts), conflicts


def test_the_wire_finding_lopez_and_olsen_conflict_on_numbers_and_speaker():
    comparison = compare(
        "Maria Lopez said unemployment in region 30 has fallen by 18 percent since 2015.",
        "Sven Olsen said unemployment in region 72 has fallen by 12 percent since 2015.",
    )
    assert [c.split(":")[0] for c in comparison.conflicts] == ["number", "speaker"]
    assert "18%" in comparison.conflicts[0] and "12%" in comparison.conflicts[0]


def test_a_different_speaker_of_a_quoted_claim_conflicts_and_a_missing_one_does_not():
    text = "Says Joe Biden wants to ban fracking."
    assert compare(text, text, speaker_a="Donald Trump", speaker_b="Mike Pence").conflicts
    assert compare(text, text, speaker_a="Donald Trump", speaker_b="Trump").same
    assert compare(text, text, speaker_a="Donald Trump").same


def test_a_slot_only_one_wording_states_is_a_gap_not_a_conflict():
    comparison = compare("Crime in Chicago rose by 20 percent in 2016.", "Crime in Chicago rose by 20 percent.")
    assert comparison.conflicts == ()
    assert comparison.gaps == ("year: 2016 in one wording only",)


def test_an_attribution_is_the_speaker_not_a_name_in_the_claim():
    assert split_speaker("Donald Trump says John McCain hasn't lifted a finger for veterans") == (
        "Donald Trump",
        "John McCain hasn't lifted a finger for veterans",
    )
    assert split_speaker("John McCain did nothing for veterans, Donald Trump claimed.")[0] == "Donald Trump"
    assert split_speaker("Florida lacks coverage, the report says.") == ("", "Florida lacks coverage")
    tip = compare(
        "Donald Trump says John McCain hasn't lifted a finger for veterans",
        "Says John McCain has done nothing to help the vets",
        speaker_b="Donald Trump",
    )
    assert tip.same, tip
