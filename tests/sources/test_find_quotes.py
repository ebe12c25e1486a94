"""Finding direct quotations in curly or straight double quotes."""

from sources.pipeline import find_quotes, normalise


def contents(text: str) -> list[str]:
    return [q.content(text) for q in find_quotes(text)]


def test_curly_and_straight_quotes_pair_up_even_when_mixed():
    text = "\u201cBut if it holds, it can be done quickly,\" Peskov said. \"Good.\""
    assert contents(text) == ["But if it holds, it can be done quickly,", "Good."]


def test_a_quote_spanning_several_sentences_is_one_quotation():
    text = normalise('"We agreed. We will work with Ukraine. Then we talk," he said.')
    assert contents(text) == ["We agreed. We will work with Ukraine. Then we talk,"]


def test_single_quotes_nested_inside_stay_part_of_the_quotation():
    text = "\"He called it 'a cancer in our system' and left,\" she said."
    assert contents(text) == ["He called it 'a cancer in our system' and left,"]


def test_an_unclosed_quote_ends_at_its_paragraph():
    text = '"First paragraph of the quote.\n"Second paragraph," she said.'
    quotes = find_quotes(text)
    assert [(q.content(text), q.closed, q.paragraph) for q in quotes] == [
        ("First paragraph of the quote.", False, 0),
        ("Second paragraph,", True, 1),
    ]


def test_inch_marks_and_stray_closers_do_not_open_quotations():
    assert contents('He is 6\'2" tall and said "fine."') == ["fine."]
