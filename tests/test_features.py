"""The feature extractors as scikit-learn transformers, on sentences written for these tests."""
import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline, make_union

from toolkit import AttributionFeatures, LexiconFeatures, SentimentFeatures, SpeechActFeatures, vader_scores

EXTRACTORS = [LexiconFeatures, SentimentFeatures, SpeechActFeatures, AttributionFeatures]


def features(transformer, sentence):
    """{feature name: value} for one sentence."""
    transformer = transformer.fit([sentence])
    row = transformer.transform([sentence])[0]
    return dict(zip(transformer.get_feature_names_out(), row))


def group(row, prefix):
    return sum(v for k, v in row.items() if k.startswith(prefix))


# ------------------------------------------------------------------------------------------
# LexiconFeatures

def test_lexicon_threat_versus_condemnation():
    threat = features(LexiconFeatures(), "We will launch a merciless retaliation and they will pay a heavy price.")
    condemn = features(LexiconFeatures(), "We strongly condemn this flagrant violation of our sovereignty.")
    neutral = features(LexiconFeatures(), "The delegations met in Geneva on Tuesday.")
    assert threat["threat_force"] > 0 and threat["threat_veiled"] > 0
    assert threat["threat_weight"] > threat["condemn_weight"]
    assert condemn["condemn_explicit"] > 0 and condemn["condemn_violation"] > 0
    assert condemn["condemn_weight"] > 0 and condemn["threat_weight"] == 0
    assert all(v == 0 for v in neutral.values())


def test_lexicon_first_person_future_threat():
    row = features(LexiconFeatures(), "We will strike back at anyone who attacks our ships.")
    assert row["threat_force"] > 0
    assert row["threat_with_future"] > 0 and row["threat_first_person"] > 0


def test_lexicon_negation_no_intention_of_attacking():
    row = features(LexiconFeatures(), "We have no intention of attacking anyone.")
    assert group(row, "threat_") == 0
    assert row["calm_denial"] > 0


def test_lexicon_negated_threat_is_counted_apart():
    plain = features(LexiconFeatures(), "We will use force against the intruders.")
    negated = features(LexiconFeatures(), "We will never use force against our neighbours.")
    assert plain["threat_force"] > 0 and plain["negated_threat"] == 0
    assert negated["threat_force"] == 0 and negated["threat_weight"] == 0
    assert negated["negated_threat"] > 0


def test_lexicon_negation_window():
    near = features(LexiconFeatures(negation_window=4), "They did not condemn the test.")
    assert near["negated_condemn"] > 0 and near["condemn_explicit"] == 0
    far = "They did not attend, and later the group issued a statement to condemn the test."
    row = features(LexiconFeatures(negation_window=2), far)
    assert row["condemn_explicit"] > 0 and row["negated_condemn"] == 0


def test_lexicon_refusal_to_avoid_war_is_a_threat():
    row = features(LexiconFeatures(), "We have no intention of avoiding a war.")
    assert row["threat_force"] > 0
    assert row["negated_threat"] == 0


def test_lexicon_conditional_threat():
    row = features(LexiconFeatures(), "If the enemy dares to cross the border, we will strike back.")
    assert row["threat_conditional"] > 0
    assert row["threat_force"] > 0


def test_lexicon_custom_lexicon_and_names_match_width():
    lexicon = [("blorp\\w*", "threat_made_up", 2.0), ("zing\\w*", "condemn_made_up", 1.0)]
    f = LexiconFeatures(lexicon=lexicon).fit(["x"])
    names = list(f.get_feature_names_out())
    assert names[:2] == ["condemn_made_up", "threat_made_up"]
    out = f.transform(["They will blorp us.", "A zinging remark.", "Nothing."])
    assert out.shape == (3, len(names))
    row = dict(zip(names, out[0]))
    assert row["threat_made_up"] == pytest.approx(np.log1p(1))
    assert row["threat_weight"] == pytest.approx(np.log1p(2.0))
    assert dict(zip(names, out[1]))["condemn_made_up"] > 0
    assert not out[2].any()


def test_lexicon_patterns_match_only_at_word_starts():
    # a pattern inside a longer word, or after a hyphen, is not a match; counted once per match
    f = LexiconFeatures(lexicon=[("blorp\\w*", "threat_made_up", 2.0)]).fit(["x"])
    names = list(f.get_feature_names_out())
    out = f.transform(["An unblorped plan and an anti-blorp law.", "Blorp, blorp and blorping."])
    assert dict(zip(names, out[0]))["threat_made_up"] == 0
    assert dict(zip(names, out[1]))["threat_made_up"] == pytest.approx(np.log1p(3))


def test_lexicon_names_match_transform_width():
    f = LexiconFeatures().fit(["x"])
    out = f.transform(["We will retaliate.", "Fine."])
    assert out.shape == (2, len(f.get_feature_names_out()))
    assert len(set(f.get_feature_names_out())) == out.shape[1]


def test_lexicon_reads_the_text_column_of_a_table():
    table = pd.DataFrame({"text": ["We condemn the attack.", "Talks went well."], "speaker": ["x", "y"]})
    f = LexiconFeatures().fit(table)
    np.testing.assert_array_equal(f.transform(table), f.transform(list(table["text"])))
    with pytest.raises(ValueError, match="text"):
        f.transform(pd.DataFrame({"sentence": ["no text column"]}))


# ------------------------------------------------------------------------------------------
# SentimentFeatures

def test_sentiment_features_are_vader_scores():
    sentences = ["We warmly welcome the agreement.", "This is a disgusting and cowardly attack!", "Talks resume."]
    f = SentimentFeatures().fit(sentences)
    assert list(f.get_feature_names_out()) == ["vader_compound", "vader_pos", "vader_neg", "vader_neu"]
    out = f.transform(sentences)
    for row, sentence in zip(out, sentences):
        s = vader_scores(sentence)
        np.testing.assert_allclose(row, [s["compound"], s["pos"], s["neg"], s["neu"]])
    assert out[0, 0] > 0 > out[1, 0]


def test_sentiment_features_use_the_speech_column():
    table = pd.DataFrame({"text": ['The envoy, looking grim, said: "We love peace."'],
                          "speech": ["We love peace."]})
    quoted = SentimentFeatures().fit(table).transform(table)[0, 0]
    whole = SentimentFeatures(use_quotes=False).fit(table).transform(table)[0, 0]
    assert quoted == pytest.approx(vader_scores("We love peace.")["compound"])
    assert whole == pytest.approx(vader_scores(table["text"][0])["compound"])
    assert quoted != whole


# ------------------------------------------------------------------------------------------
# SpeechActFeatures

def test_speech_acts():
    f = SpeechActFeatures().fit(["x"])
    names = list(f.get_feature_names_out())
    assert names == [f"act_{a}" for a in SpeechActFeatures.ACTS] + ["n_words"]
    rows = {s: dict(zip(names, r)) for s, r in zip(
        ["We demand that you stop now!", "Why should anyone trust them?", "They left the port.",
         "If they attack, we will respond."],
        f.transform(["We demand that you stop now!", "Why should anyone trust them?", "They left the port.",
                     "If they attack, we will respond."]))}
    demand = rows["We demand that you stop now!"]
    assert demand["act_first_person"] > 0 and demand["act_second_person"] > 0
    assert demand["act_demand"] > 0 and demand["act_exclamation"] > 0
    question = rows["Why should anyone trust them?"]
    assert question["act_question"] > 0 and question["act_first_person"] == 0
    plain = rows["They left the port."]
    assert plain["act_first_person"] == plain["act_second_person"] == plain["act_demand"] == 0
    assert plain["act_question"] == 0
    assert plain["n_words"] == pytest.approx(np.log1p(4))
    conditional = rows["If they attack, we will respond."]
    assert conditional["act_conditional"] > 0 and conditional["act_future"] > 0


def test_speech_acts_subset_and_unknown_act():
    f = SpeechActFeatures(acts=("question", "second_person")).fit(["x"])
    assert list(f.get_feature_names_out()) == ["act_question", "act_second_person", "n_words"]
    assert f.transform(["Are you sure?"]).shape == (1, 3)
    with pytest.raises(ValueError, match="unknown speech acts"):
        SpeechActFeatures(acts=("question", "sarcasm")).fit(["x"])


# ------------------------------------------------------------------------------------------
# AttributionFeatures

def test_attribution_features_from_a_table():
    table = pd.DataFrame({
        "speaker_source": ["cue", "author", "continuation", None],
        "cue_class": ["threat", "", "condemn", None],
        "quoted_share": [0.5, 0.0, 1.0, None],
        "source_type": ["news", "news", "state_media", None],
    })
    f = AttributionFeatures().fit(table)
    names = list(f.get_feature_names_out())
    out = pd.DataFrame(f.transform(table), columns=names)
    assert out.shape == (4, len(names))
    assert out.loc[0, ["source_cue", "cue_threat", "reported", "doc_news"]].tolist() == [1, 1, 1, 1]
    assert out.loc[0, "quoted_share"] == 0.5
    assert out.loc[1, "source_author"] == 1 and out.loc[1, "reported"] == 0
    continuation = ["source_continuation", "cue_condemn", "quoted_share", "doc_state_media"]
    assert out.loc[2, continuation].tolist() == [1, 1, 1, 1]
    assert not out.loc[3].any()
    assert out.loc[0, "source_author"] == 0 and out.loc[1, "cue_threat"] == 0


def test_attribution_features_are_zero_for_plain_strings():
    f = AttributionFeatures().fit(["a", "b"])
    out = f.transform(["We will strike.", "We condemn it.", "Fine."])
    assert out.shape == (3, len(f.get_feature_names_out()))
    assert not out.any()


# ------------------------------------------------------------------------------------------
# scikit-learn conventions

@pytest.mark.parametrize("cls", EXTRACTORS)
def test_feature_names_match_width(cls):
    sentences = ["If they dare, we will retaliate!", "We condemn the attack.", "Why?"]
    f = cls().fit(sentences)
    names = f.get_feature_names_out()
    assert f.transform(sentences).shape == (3, len(names))
    assert all(isinstance(n, str) for n in names)


@pytest.mark.parametrize("cls", [LexiconFeatures, SentimentFeatures, SpeechActFeatures, AttributionFeatures])
def test_transform_before_fit_raises(cls):
    with pytest.raises(NotFittedError):
        cls().transform(["We will retaliate."])


@pytest.mark.parametrize("estimator, param, value", [
    (LexiconFeatures(negation_window=2), "negation_window", 2),
    (LexiconFeatures(lexicon=[("x\\w*", "threat_x", 1.0)]), "lexicon", [("x\\w*", "threat_x", 1.0)]),
    (SentimentFeatures(use_quotes=False), "use_quotes", False),
    (SpeechActFeatures(acts=("question",)), "acts", ("question",)),
])
def test_get_params_set_params_clone(estimator, param, value):
    assert estimator.get_params()[param] == value
    copy = clone(estimator)
    assert copy is not estimator and copy.get_params() == estimator.get_params()
    default = type(estimator)().get_params()[param]
    copy.set_params(**{param: default})
    assert copy.get_params()[param] == default
    assert estimator.get_params()[param] == value  # the original is untouched


def test_clone_drops_fitted_state():
    f = LexiconFeatures().fit(["x"])
    assert hasattr(f, "patterns_")
    assert not hasattr(clone(f), "patterns_")


def test_set_params_changes_the_output():
    f = SpeechActFeatures().fit(["x"])
    wide = f.transform(["Why?"]).shape[1]
    f.set_params(acts=("question",)).fit(["x"])
    assert f.transform(["Why?"]).shape[1] == 2 < wide


def test_union_with_pandas_output_names_every_column():
    union = make_union(LexiconFeatures(), SpeechActFeatures(), SentimentFeatures()).set_output(transform="pandas")
    out = union.fit_transform(["We will strike back!", "Nice talks."])
    assert isinstance(out, pd.DataFrame)
    assert "lexiconfeatures__threat_force" in out.columns
    assert "speechactfeatures__act_exclamation" in out.columns
    assert "sentimentfeatures__vader_compound" in out.columns
    assert out.loc[0, "lexiconfeatures__threat_force"] > 0


def test_usable_in_a_users_pipeline():
    texts = ["We will strike back with force.", "We will retaliate mercilessly.", "We condemn the attack.",
             "We denounce this flagrant violation.", "The talks went well.", "The delegation arrived on Monday."] * 2
    labels = ["threat", "threat", "condemn", "condemn", "neutral", "neutral"] * 2
    pipe = make_pipeline(make_union(LexiconFeatures(), SpeechActFeatures(), SentimentFeatures()),
                         LogisticRegression(max_iter=1000))
    pipe.fit(texts, labels)
    assert pipe.score(texts, labels) >= 0.8
    assert list(pipe.predict(["They will pay a heavy price, we will retaliate.", "We deplore the illegal move."])) \
        == ["threat", "condemn"]
    pipe.set_params(featureunion__lexiconfeatures__negation_window=2)
    assert clone(pipe).get_params()["featureunion__lexiconfeatures__negation_window"] == 2
