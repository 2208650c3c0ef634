import pytest

from toolkit import sentence_spans, split_sentences


def check_offsets(text):
    spans = sentence_spans(text)
    for s, e in spans:
        assert text[s:e] == text[s:e].strip() and text[s:e]
    assert spans == sorted(spans)
    return [text[s:e] for s, e in spans]


def test_quote_with_cue_after_is_one_sentence():
    text = "“If the ROK dares to fire a single shell, we will answer with fire,” KCNA reported. Seoul said nothing."
    assert check_offsets(text) == [
        "“If the ROK dares to fire a single shell, we will answer with fire,” KCNA reported.",
        "Seoul said nothing."]


def test_straight_quotes_and_question_inside_quote():
    text = '"Who gave them the right to decide?" the ministry asked. The talks resume Monday.'
    assert len(check_offsets(text)) == 2


def test_multi_sentence_quote_splits_at_its_sentences():
    text = '"We will not be intimidated. The enemy will regret it," he said. Officials agreed.'
    assert check_offsets(text) == ['"We will not be intimidated.', 'The enemy will regret it," he said.',
                                   "Officials agreed."]


@pytest.mark.parametrize("text,n", [
    ("The U.S. and the U.N. met on Jan. 10 in Geneva. Nothing was agreed.", 2),
    ("Lt. Gen. Park and Sen. Graham spoke to Mr. Lee and Dr. Kim at No. 10 Downing St. on Tuesday. They left.", 2),
    ("Inflation rose 3.5 percent, the ministry said. Growth slowed to 1.2 percent.", 2),
    ("George W. Bush met Kim J. Un. That did not happen.", 2),
    ("Talks... stalled. Then they resumed, e.g. on trade.", 2),
    ("The Feb. 3 launch came before the Sept. 9 holiday. Analysts were unsurprised.", 2),
])
def test_abbreviations_initials_dates_decimals_ellipses(text, n):
    assert len(check_offsets(text)) == n


def test_dashes_and_line_breaks_inside_paragraph():
    text = "The minister — speaking in Riga — said the\nborder was calm. Troops stayed – for now – in barracks."
    assert check_offsets(text) == ["The minister — speaking in Riga — said the\nborder was calm.",
                                   "Troops stayed – for now – in barracks."]


def test_paragraph_break_ends_a_sentence_and_offsets_round_trip():
    text = "SEOUL, March 3 (Reuters) - North Korea fired a missile\n\nJapan protested.\n\n\n  Talks stalled."
    sents = check_offsets(text)
    assert sents == ["SEOUL, March 3 (Reuters) - North Korea fired a missile", "Japan protested.", "Talks stalled."]


def test_heading_ending_in_a_function_word_runs_on():
    text = "Joint Statement by\n\nthe Foreign Ministers of Japan and Korea. They met."
    assert len(split_sentences(text)) == 2


def test_empty_and_blank_text():
    assert sentence_spans("") == []
    assert sentence_spans("  \n\n \n") == []
