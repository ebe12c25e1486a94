"""The readable rules: each reason fires on a clear example and not on a counter-example."""

from __future__ import annotations

import time

import pytest

from sources.checkworthiness import rules

CASES = [
    (rules.STATISTIC, "Unemployment fell to 4.1 percent, and we added 250,000 jobs.",
     "We will keep working for the people of this country."),
    (rules.STATISTIC, "The program costs $3 billion a year.", "The program is a waste of time."),
    (rules.COMPARISON, "Crime is higher than it was under the last administration.",
     "Crime is a problem in our cities."),
    (rules.COMPARISON, "This is the largest tax increase in history.",
     "This is a tax increase."),
    (rules.PAST_EVENT, "He voted against the bill in 2003.", "He is against the bill."),
    (rules.PAST_EVENT, "Troops were sent to Iraq without a plan.", "We need a plan."),
    (rules.ATTRIBUTED, "According to the Census Bureau, poverty rose last year.",
     "Poverty is a moral issue for all of us."),
    (rules.ATTRIBUTED, "The governor said the plant would stay open.",
     "The plant will stay open."),
    (rules.OPINION, "I think we should raise the minimum wage.",
     "The minimum wage was last raised in 2009."),
    (rules.OPINION, "It was a terrible deal for America.", "It was a deal signed in 2015."),
    (rules.QUESTION, "What would you do about the deficit?", "I would cut the deficit."),
    (rules.QUESTION, '"Why did you vote for it?"', "Why, that is the point."),
    (rules.FRAGMENT, "Thank you.", "Thank you for the question, which is important to families."),
    (rules.FRAGMENT, "And in the last four years of this administration,",
     "In the last four years this administration added debt."),
    (rules.FRAGMENT, "The economy, the jobs, the families across the nation.",
     "The economy lost jobs across the nation."),
]


@pytest.mark.parametrize(("code", "positive", "negative"), CASES)
def test_reason_fires_on_example_and_not_on_counter_example(code, positive, negative):
    assert code in rules.rule_reasons(positive)
    assert code not in rules.rule_reasons(negative)


def test_years_are_dates_not_statistics():
    assert rules.STATISTIC not in rules.rule_reasons("He voted against the bill in 2003.")
    assert rules.has_year("He voted against the bill in 2003.")


def test_reason_codes_are_known_and_ordered():
    reasons = rules.rule_reasons("I think taxes were 30 percent higher in 1990, he said?")
    assert reasons == [code for code in rules.REASON_CODES if code in reasons]
    assert set(reasons) <= set(rules.REASON_CODES)


def test_empty_and_whitespace_text_is_a_fragment():
    assert rules.rule_reasons("") == [rules.FRAGMENT]
    assert rules.rule_reasons("   ") == [rules.FRAGMENT]


@pytest.mark.parametrize(
    "text",
    [
        "a" * 100_000,
        "word " * 20_000,
        "1," * 50_000,
        "9" * 100_000,
        "in the " * 14_000 + "?",
        ", " * 50_000,
        "faster" * 16_000,
    ],
    ids=["one-word", "many-words", "digit-commas", "digits", "question", "commas", "er-run"],
)
def test_long_unpunctuated_input_is_linear_time(text):
    start = time.perf_counter()
    rules.rule_reasons(text)
    assert time.perf_counter() - start < 1.0
