"""Sentiment: VADER scores against the stock package, the quoted-span rule, hostility."""
import math

import pandas as pd
import pytest
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

import toolkit

STOCK = SentimentIntensityAnalyzer()

# sentences written for this test: negations, boosters, "but", capitals, exclamation marks
SENTENCES = [
    "The talks were good.",
    "The talks were not good.",
    "The ministry is never happy with such outcomes.",
    "The envoy was not so happy about the outcome.",
    "The talks were very good.",
    "The talks were extremely good.",
    "The decision is extremely bad, but understandable.",
    "The plan is good, but the timing is terrible.",
    "The talks were bad, but the outcome was excellent.",
    "The offer is good, yet the timing is awful.",
    "The talks were GREAT.",
    "The decision is EXTREMELY BAD.",
    "THE TALKS WERE GOOD.",
    "The sanctions are NOT acceptable.",
    "The talks were GREAT!!",
    "The enemy will be crushed mercilessly!",
    "Nothing could be more disgraceful!",
    "Why would anyone attack peaceful people??",
    "The deal was sort of good.",
    "That was the least helpful remark possible.",
    "The sanctions did not help at all.",
    "We do not hate anyone.",
    "The ceasefire isn't great, however it is holding.",
    "The strike killed 12 people and injured dozens.",
    "We warmly welcome the agreement.",
    "The ministry said the report was utterly false and absolutely baseless.",
    "The resolution passed.",
]

# sentences on which NLTK's port of VADER differs from stock VADER (one-letter words, "never so")
DIVERGENT = [
    "This is a horrible, disgusting provocation!",
    "The summit was a success.",
    "I am happy with the result.",
    "It isn't a threat, but it is a warning.",
    "The envoy was never so happy.",
]


@pytest.mark.parametrize("sentence", SENTENCES + DIVERGENT)
def test_vader_scores_equal_stock_vader(sentence):
    ours, stock = toolkit.vader_scores(sentence), STOCK.polarity_scores(sentence)
    assert set(ours) >= {"compound", "pos", "neg", "neu"}
    for key in ("compound", "pos", "neg", "neu"):
        assert ours[key] == pytest.approx(stock[key], abs=1e-6), key


def test_the_sentence_list_covers_the_cases():
    assert len(SENTENCES) >= 20
    scores = {s: toolkit.vader_scores(s)["compound"] for s in SENTENCES}
    assert scores["The talks were not good."] < 0 < scores["The talks were good."]
    assert scores["The talks were good."] < scores["The talks were very good."]
    assert scores["The talks were good."] < scores["The talks were GREAT."] < scores["The talks were GREAT!!"]


# ------------------------------------------------------------------------------------------
# the quoted-span rule in analyze()

@pytest.fixture(scope="module")
def table():
    texts = ["We will strike back with force.", "We condemn the attack.", "The talks went well."] * 3
    labels = ["threatening", "condemning", "neutral"] * 3
    clf = toolkit.StanceClassifier(char_ngrams=None, min_df=1).fit(texts, labels)
    doc = ("Talks collapsed in Vienna on Friday. Later, the Russian foreign ministry said: "
           '"Such steps will not go unanswered by our country." '
           '"We are ready to defend our people with every means," the ministry added. '
           'Officials in Kyiv said the strike was "a cowardly and barbaric attack on civilians" and must be punished. '
           "The talks will resume next week.")
    return toolkit.analyze(pd.DataFrame({"text": [doc], "date": ["2023-05-01"], "source_type": ["news"]}),
                           classifier=clf)


def row(table, fragment):
    rows = table[table["text"].str.contains(fragment, regex=False)]
    assert len(rows) == 1
    return rows.iloc[0]


@pytest.mark.parametrize("fragment, quoted", [
    ("the Russian foreign ministry said", "Such steps will not go unanswered by our country."),   # cue before
    ("the ministry added", "We are ready to defend our people with every means,"),               # cue after
    ("Officials in Kyiv", "a cowardly and barbaric attack on civilians"),                          # mixed
])
def test_speech_holds_only_the_quoted_words(table, fragment, quoted):
    r = row(table, fragment)
    assert r["sentiment_span"] == "quote"
    assert r["speech"].strip() == quoted
    assert r["speech"] != r["text"]


def test_scores_are_of_the_quoted_words(table):
    r = row(table, "Officials in Kyiv")
    expected = toolkit.vader_scores(r["speech"])
    for key in ("compound", "pos", "neg", "neu"):
        assert r[key] == pytest.approx(expected[key])
    assert r["hostility"] == pytest.approx(toolkit.hostility(r["speech"]))
    assert r["compound"] != pytest.approx(toolkit.vader_scores(r["text"])["compound"])


@pytest.mark.parametrize("fragment", ["Talks collapsed", "The talks will resume"])
def test_sentence_without_quotes_is_scored_whole(table, fragment):
    r = row(table, fragment)
    assert r["sentiment_span"] == "sentence"
    assert r["speech"] == r["text"]
    assert r["compound"] == pytest.approx(toolkit.vader_scores(r["text"])["compound"])


def test_scare_quote_is_not_a_quoted_span():
    clf = toolkit.StanceClassifier(char_ngrams=None, min_df=1).fit(
        ["We will strike back.", "We condemn it.", "Talks went well."] * 3,
        ["threatening", "condemning", "neutral"] * 3)
    text = 'Japanese officials said the shipment "flagrantly" violated the arms embargo.'
    t = toolkit.analyze(pd.DataFrame({"text": [text], "source_type": ["news"]}), classifier=clf)
    assert t["sentiment_span"].tolist() == ["sentence"]
    assert t["speech"].tolist() == [text]


# ------------------------------------------------------------------------------------------
# hostility (see toolkit/_sentiment.py: weights 3 for annihilate/puppet/flagrant violation,
# 2 for violate/provocation, 1 for concern over; divided by 1 + log(1 + n_words / 10))

def test_hostility_orders_sentences():
    h = toolkit.hostility
    annihilate = h("We will annihilate the puppet forces.")
    flagrant = h("This is a flagrant violation of the treaty.")
    provocation = h("The test is a provocation.")
    concern = h("We express deep concern over the test.")
    regret = h("We express deep regret over the decision.")
    neutral = h("The delegation arrived in Geneva on Monday.")
    assert annihilate > flagrant > provocation > concern > neutral == 0
    assert provocation > regret > 0
    assert h("We regret the decision.") < provocation


def test_hostility_formula():
    # one pattern of weight 3 in a four-word sentence
    assert toolkit.hostility("Annihilation awaits them all.") == pytest.approx(3 / (1 + math.log1p(4 / 10)))
    assert toolkit.hostility("") == 0


def test_hostility_counts_each_pattern_once_and_normalises_length():
    once = toolkit.hostility("We will annihilate them.")
    twice = toolkit.hostility("We will annihilate them, annihilate them.")
    assert twice < once  # same pattern, more words
    longer = toolkit.hostility("We will annihilate them if the talks that were planned for next month fail again.")
    assert 0 < longer < once


def test_hostility_is_case_insensitive_and_neutral_is_zero():
    assert toolkit.hostility("THE PUPPET TRAITORS") == toolkit.hostility("the puppet traitors") > 0
    for sentence in ["Trade grew by three percent.", "The ministers met in Hanoi.", "We welcome the agreement."]:
        assert toolkit.hostility(sentence) == 0


def test_hostility_patterns_match_only_at_word_starts():
    # "annihilat" inside a word or after a hyphen is not the pattern
    assert toolkit.hostility("The non-annihilation pact and its preannihilation clause were read out.") == 0
    assert toolkit.hostility("The annihilation pact was read out.") > 0


def test_analyze_scores_each_speakers_words_once_per_batch(monkeypatch):
    from toolkit import _sentiment

    analyzer = _sentiment.sentiment_analyzer()
    scored = []

    def counting(text):
        scored.append(text)
        return SentimentIntensityAnalyzer.polarity_scores(analyzer, text)

    clf = toolkit.StanceClassifier(char_ngrams=None, min_df=1).fit(
        ["We will strike back.", "We condemn it.", "Talks went well."] * 3,
        ["threatening", "condemning", "neutral"] * 3)
    monkeypatch.setattr(analyzer, "polarity_scores", counting)
    text = ('"We will strike back," the ministry said. The talks went well. '
            'Officials condemned the raid. The talks went well.')
    table = toolkit.analyze(pd.DataFrame({"text": [text]}), classifier=clf)
    assert sorted(scored) == sorted(set(table["speech"]))  # each distinct text once, not twice
    assert table["compound"].tolist() == [SentimentIntensityAnalyzer().polarity_scores(s)["compound"]
                                          for s in table["speech"]]
    scored.clear()
    _sentiment.vader_scores("Talks went well.")
    _sentiment.vader_scores("Talks went well.")
    assert scored == ["Talks went well."] * 2  # outside analyze nothing is remembered
