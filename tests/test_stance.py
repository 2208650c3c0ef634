"""StanceClassifier on a tiny inline training set, saving and loading, and the shipped model."""
import hashlib
import json
import shutil
import warnings
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import sklearn
from sklearn.base import BaseEstimator, ClassifierMixin, clone
from sklearn.exceptions import NotFittedError
from sklearn.metrics import accuracy_score, f1_score
from sklearn.model_selection import GridSearchCV, GroupKFold
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import FunctionTransformer

import toolkit
from toolkit import StanceClassifier, load_classifier, save_classifier
from toolkit._stance import ModelVersionWarning

THREAT = ["We will strike back with overwhelming force.", "Any attack will be met with a merciless response.",
          "They will pay a heavy price for this provocation.", "If they dare cross the line, we will retaliate.",
          "Our army will crush the invaders without mercy.", "The aggressors will bitterly regret their folly.",
          "We will not hesitate to use force against them.", "Further drills will meet resolute countermeasures."]
CONDEMN = ["We condemn the attack in the strongest terms.", "The minister denounced the illegal occupation.",
           "This is a flagrant violation of international law.", "We deplore the reckless missile launch.",
           "The ministry accused Tokyo of distorting history.", "Such meddling in our affairs is unacceptable.",
           "We strongly criticise the unjustified detention of our citizens.",
           "The council blamed the rebels for the brutal massacre."]
NEUTRAL = ["The talks went well on Tuesday.", "The delegation arrived in Geneva on Monday.",
           "Trade between the two countries grew last year.", "The ministers discussed cooperation on energy.",
           "The summit will take place in Hanoi next month.", "The ship docked at the port early on Friday.",
           "Officials are closely monitoring the situation.", "The president thanked the hosts for the dinner."]
TEXTS = THREAT + CONDEMN + NEUTRAL
LABELS = ["threatening"] * 8 + ["condemning"] * 8 + ["neutral"] * 8
FAST = {"char_ngrams": None, "min_df": 1}


@pytest.fixture(scope="module")
def clf():
    return StanceClassifier(**FAST).fit(TEXTS, LABELS)


@pytest.fixture(scope="module")
def saved(clf, tmp_path_factory):
    folder = tmp_path_factory.mktemp("model")
    save_classifier(clf, folder, meta={"version": "0.0-test", "note": "written by test_stance"})
    return folder


@pytest.fixture(scope="module")
def shipped():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        model = load_classifier()
    model.load_warnings_ = [w for w in caught if issubclass(w.category, ModelVersionWarning)]
    return model


def sentence_table(texts, **columns):
    """A sentence table with every column the classifier reads (as analyze() gives it)."""
    data = {"text": list(texts), "speech": list(texts), "speaker_source": "cue", "cue_class": "",
            "quoted_share": 0.0, "source_type": "news"}
    data.update(columns)
    return pd.DataFrame(data)


def copy_model(folder, tmp_path):
    target = tmp_path / "copy"
    shutil.copytree(folder, target)
    return target


# ------------------------------------------------------------------------------------------
# fit / predict

def test_fit_predict_predict_proba(clf):
    assert list(clf.classes_) == ["condemning", "neutral", "threatening"]
    pred = clf.predict(TEXTS)
    assert accuracy_score(LABELS, pred) >= 0.9
    proba = clf.predict_proba(TEXTS)
    assert proba.shape == (len(TEXTS), 3)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)
    assert ((proba >= 0) & (proba <= 1)).all()
    np.testing.assert_array_equal(pred, clf.classes_[proba.argmax(axis=1)])


def test_new_sentences(clf):
    pred = clf.predict(["We will retaliate with overwhelming force.", "We condemn this illegal violation.",
                        "The delegation arrived in Hanoi."])
    assert list(pred) == ["threatening", "condemning", "neutral"]


def test_accepts_a_sentence_table(clf):
    table = pd.DataFrame({"text": THREAT[:2] + NEUTRAL[:1], "speaker_source": ["cue", "cue", "cue"],
                          "cue_class": ["threat", "", "neutral"], "quoted_share": [1.0, 0.0, 0.0],
                          "source_type": ["news"] * 3, "speech": [THREAT[0], THREAT[1], NEUTRAL[0]]})
    assert clf.predict_proba(table).shape == (3, 3)


def test_writers_sentences_are_neutral(clf):
    table = sentence_table([THREAT[0], THREAT[0]], speaker_source=["author", "cue"])
    proba = clf.predict_proba(table)
    np.testing.assert_array_equal(proba[0], (clf.classes_ == "neutral").astype(float))
    assert clf.predict(table)[1] == "threatening"
    off = clone(clf).set_params(author_neutral=False).fit(TEXTS, LABELS)
    assert off.predict(table)[0] == "threatening"


@pytest.mark.parametrize("columns", [{}, {"speaker_source": ["cue", "author"]}])
def test_any_table_with_a_text_column(clf, columns):
    table = pd.DataFrame({"text": [THREAT[0], NEUTRAL[0]], **columns})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        proba = clf.predict_proba(table)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)


def test_empty_input(clf):
    assert clf.predict_proba([]).shape == (0, 3)
    assert len(clf.predict([])) == 0


def test_bad_labels_and_lengths():
    with pytest.raises(ValueError, match="unknown stance labels"):
        StanceClassifier(**FAST).fit(TEXTS[:3], ["threatening", "condemning", "hostile"])
    with pytest.raises(ValueError):
        StanceClassifier(**FAST).fit(TEXTS, LABELS[:-1])


def test_predict_before_fit_raises():
    with pytest.raises(NotFittedError):
        StanceClassifier().predict(["We will strike back."])


def test_explain_names_features_and_label(clf):
    sentence = ["We will retaliate with overwhelming force if they dare."]
    out = clf.explain(sentence, n=5)
    assert list(out.columns) == ["feature", "value", "weight", "contribution"]
    assert 0 < len(out) <= 5
    assert out.attrs["label"] == clf.predict(sentence)[0] == "threatening"
    names = set(clf.get_feature_names_out())
    assert set(out["feature"]) <= names
    assert all("__" in f for f in out["feature"])
    np.testing.assert_allclose(out["contribution"], out["value"] * out["weight"])
    assert list(out["contribution"]) == sorted(out["contribution"], reverse=True)
    assert (out["value"] != 0).all()


def test_explain_picks_the_row(clf):
    out = clf.explain(["Talks went well.", "We condemn the illegal occupation."], index=1)
    assert out.attrs["label"] == "condemning"


def test_score_is_macro_f1(clf):
    X = ["We will strike back.", "They will regret it.", "We condemn it.", "It was a sunny day.",
         "The meeting ended.", "We will meet on Monday.", "The illegal sanctions must stop."]
    y = ["threatening", "threatening", "condemning", "neutral", "neutral", "threatening", "condemning"]
    pred = clf.predict(X)
    macro = f1_score(y, pred, average="macro", labels=["threatening", "condemning", "neutral"])
    assert clf.score(X, y) == pytest.approx(macro)
    assert macro != pytest.approx(accuracy_score(y, pred))  # the set is chosen so the two differ


# ------------------------------------------------------------------------------------------
# scikit-learn conventions

def test_clone_and_get_params(clf):
    copy = clone(clf)
    assert copy.get_params() == clf.get_params()
    assert not hasattr(copy, "pipeline_")
    assert clf.get_params()["char_ngrams"] is None and clf.get_params()["min_df"] == 1


def test_set_params_round_trip():
    model = StanceClassifier(**FAST)
    assert model.set_params(C=0.5, use_lexicon=False) is model
    assert model.get_params()["C"] == 0.5 and model.get_params()["use_lexicon"] is False
    model.fit(TEXTS, LABELS)
    names = model.get_feature_names_out()
    assert not any(n.startswith("lexicon__") for n in names)
    assert any(n.startswith("acts__") for n in names)
    assert model.pipeline_.named_steps["model"].C == 0.5


def test_grid_search_with_group_k_fold():
    # four documents, each with sentences of every stance
    X = sentence_table(TEXTS, doc_id=[f"d{i % 4}" for i in range(len(TEXTS))])
    search = GridSearchCV(StanceClassifier(**FAST), {"C": [0.5, 4.0]}, cv=GroupKFold(n_splits=2))
    search.fit(X, LABELS, groups=X["doc_id"])
    assert search.best_params_["C"] in (0.5, 4.0)
    assert 0 <= search.best_score_ <= 1
    assert search.best_estimator_.predict(["We will retaliate mercilessly."])[0] == "threatening"


def add_attribution_columns(sentences):
    """A user's own preprocessing step: turn strings into a sentence table."""
    return sentence_table(sentences)


def test_inside_a_pipeline():
    pipe = make_pipeline(FunctionTransformer(add_attribution_columns), StanceClassifier(**FAST))
    pipe.fit(TEXTS, LABELS)
    assert pipe.predict(["We condemn the illegal occupation."])[0] == "condemning"
    pipe.set_params(stanceclassifier__C=1.0)
    assert clone(pipe).get_params()["stanceclassifier__C"] == 1.0
    np.testing.assert_allclose(pipe.fit(TEXTS, LABELS).predict_proba(TEXTS).sum(axis=1), 1.0)


# ------------------------------------------------------------------------------------------
# saving and loading

def test_save_load_round_trip(clf, saved):
    assert sorted(p.name for p in saved.iterdir()) >= ["meta.json", "model.skops"]
    loaded = load_classifier(saved)
    assert isinstance(loaded, StanceClassifier)
    np.testing.assert_array_equal(loaded.predict_proba(TEXTS), clf.predict_proba(TEXTS))
    assert loaded.get_params() == clf.get_params()
    card = loaded.model_card_
    assert card["labels"] == list(clf.classes_)
    assert card["version"] == "0.0-test" and card["note"] == "written by test_stance"
    assert card["model_sha256"] == hashlib.sha256((saved / "model.skops").read_bytes()).hexdigest()


def test_changed_model_byte_is_refused(saved, tmp_path):
    folder = copy_model(saved, tmp_path)
    data = bytearray((folder / "model.skops").read_bytes())
    data[len(data) // 2] ^= 0xFF
    (folder / "model.skops").write_bytes(bytes(data))
    with pytest.raises(ValueError, match="sha256|does not match"):
        load_classifier(folder)


def test_edited_card_hash_is_refused(saved, tmp_path):
    folder = copy_model(saved, tmp_path)
    card = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    card["model_sha256"] = "0" * 64
    (folder / "meta.json").write_text(json.dumps(card), encoding="utf-8")
    with pytest.raises(ValueError, match="sha256|does not match"):
        load_classifier(folder)


def test_model_saved_before_tol_existed_loads_with_its_solvers_tolerance(saved, tmp_path):
    import skops.io as sio

    folder = copy_model(saved, tmp_path)
    old = load_classifier(folder)
    del old.tol  # as saved before ``tol`` was a parameter
    old.pipeline_.named_steps["model"].tol = 1e-5
    sio.dump(old, folder / "model.skops")
    card = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    card["model_sha256"] = hashlib.sha256((folder / "model.skops").read_bytes()).hexdigest()
    (folder / "meta.json").write_text(json.dumps(card), encoding="utf-8")
    loaded = load_classifier(folder)
    assert loaded.get_params()["tol"] == 1e-5
    assert clone(loaded).get_params()["tol"] == 1e-5


class Stowaway:
    """A type the loader has never heard of."""

    def __init__(self):
        self.payload = "not a model part"


def test_unknown_type_is_refused_even_with_a_matching_hash(clf, tmp_path):
    bad = clone(clf).fit(TEXTS, LABELS)
    bad.stowaway_ = Stowaway()
    folder = tmp_path / "bad"
    save_classifier(bad, folder)  # the card's hash matches the file: only the type check can catch it
    with pytest.raises(ValueError, match="trust"):
        load_classifier(folder)


def test_missing_folder(tmp_path):
    with pytest.raises(FileNotFoundError):
        load_classifier(tmp_path / "nowhere")
    with pytest.raises(FileNotFoundError):
        load_classifier("stance-v9")  # not a shipped model's name, and no such folder


def test_shipped_model_by_name(shipped):
    named = load_classifier("stance-v1")
    assert named.model_card_ == shipped.model_card_


# ------------------------------------------------------------------------------------------
# the shipped model

def test_shipped_model_loads_without_warning(shipped):
    assert isinstance(shipped, StanceClassifier)
    assert shipped.load_warnings_ == []
    assert set(shipped.classes_) == {"threatening", "condemning", "neutral"}
    pred = shipped.predict(["We will turn their bases into a sea of fire if they dare to attack.",
                            "We strongly condemn this flagrant violation of our sovereignty.",
                            "The delegation arrived in Geneva on Monday."])
    assert list(pred) == ["threatening", "condemning", "neutral"]


def test_shipped_model_card(shipped):
    card = shipped.model_card_
    assert card["name"] == "stance-v1"
    assert card["labels"] == list(shipped.classes_)
    assert len(card["training_data"]["sha256"]) == 64
    hyper = card["hyperparameters"]
    params = shipped.get_params()
    for key, value in hyper.items():
        expected = list(params[key]) if isinstance(params[key], tuple) else params[key]
        assert value == expected, key
    assert set(hyper) == set(params)
    held = card["scores"]["held_out"]
    assert 0 < held["stance_macro_f1"] <= 1
    per_class = held["per_class"]
    assert set(per_class) == {"threatening", "condemning", "neutral"}
    assert held["stance_macro_f1"] == pytest.approx(np.mean([v["f1"] for v in per_class.values()]), abs=1e-3)
    assert sum(v["support"] for v in per_class.values()) == held["n_sentences"]
    matrix = held["confusion_matrix"]["rows_gold_columns_predicted"]
    assert sum(map(sum, matrix)) == held["n_sentences"]
    low, high = (version(v) for v in card["sklearn_range"])
    assert low <= version(card["sklearn_version"]) < high
    assert low <= version(sklearn.__version__) < high


def version(text):
    return tuple(int(p) for p in text.split(".")[:2])


def test_shipped_card_hash_matches_the_bundled_corpus(shipped):
    folder = Path(toolkit.datasets.corpus_path())
    digest = hashlib.sha256()
    for name in ("documents.jsonl", "sentences.jsonl"):
        digest.update((folder / name).read_bytes())
    assert shipped.model_card_["training_data"]["sha256"] == digest.hexdigest()


def write_range(folder, card_range):
    card = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    card["sklearn_range"] = card_range
    (folder / "meta.json").write_text(json.dumps(card), encoding="utf-8")


def test_shipped_model_with_sklearn_too_new_for_its_card_warns(tmp_path):
    folder = copy_model(Path(str(resources.files("toolkit").joinpath("models", "stance-v1"))), tmp_path)
    write_range(folder, ["0.1", "0.2"])
    with pytest.warns(ModelVersionWarning, match="scikit-learn"):
        model = load_classifier(folder)
    assert model.model_card_["sklearn_range"] == ["0.1", "0.2"]


def test_sklearn_too_old_for_the_card_warns(saved, tmp_path):
    folder = copy_model(saved, tmp_path)
    write_range(folder, ["99.0", "99.1"])
    with pytest.warns(ModelVersionWarning, match="scikit-learn"):
        load_classifier(folder)


# ------------------------------------------------------------------------------------------
# the document-context stage

def documents_table(n_docs=6):
    """Invented documents: each speaker threatens, condemns or speaks neutrally throughout."""
    rows = []
    groups = (THREAT, CONDEMN, NEUTRAL)
    for d in range(n_docs):
        for g, (texts, label) in enumerate(zip(groups, ("threatening", "condemning", "neutral"))):
            for k in range(2):
                text = texts[(2 * d + k) % len(texts)]
                rows.append({"doc_id": f"d{d}", "sent_idx": 2 * g + k, "text": text, "speech": text,
                             "speaker_source": "cue", "cue_class": "", "quoted_share": 0.0,
                             "source_type": "news", "actor": ("PRK", "USA", "KOR")[g], "label": label})
    return pd.DataFrame(rows)


def test_context_features_neighbours_and_speaker():
    from toolkit._context import context_feature_names, context_features

    table = pd.DataFrame({"doc_id": ["a", "a", "a", "b"], "sent_idx": [2, 0, 1, 0],
                          "actor": ["PRK", "PRK", "USA", "PRK"],
                          "speaker_source": ["cue", "cue", "author", "cue"]})
    classes = ["condemning", "neutral", "threatening"]
    proba = np.array([[0.1, 0.1, 0.8], [0.2, 0.7, 0.1], [0.0, 1.0, 0.0], [0.6, 0.3, 0.1]])
    features = context_features(table, proba, classes)
    names = list(context_feature_names(classes))
    assert features.shape == (4, len(names))
    col = {n: i for i, n in enumerate(names)}
    # row 1 (a/0) and row 0 (a/2) share a speaker, but the writer's sentence a/1 sits between them
    assert features[1, col["next_same_speaker_p_threatening"]] == 0
    assert features[0, col["prev_same_speaker_p_threatening"]] == 0
    assert features[1, col["speaker_max_p_threatening"]] == pytest.approx(0.8)
    assert features[0, col["speaker_mean_p_condemning"]] == pytest.approx(0.15)
    # the writer's sentence carries only its own probabilities; document b is apart
    assert not features[2, len(classes):].any()
    assert features[3, col["speaker_max_p_threatening"]] == pytest.approx(0.1)
    assert features[3, col["own_logp_condemning"]] == pytest.approx(np.log(0.6))


def test_context_stage_needs_documents():
    # a list of strings has no documents, so there is no context to learn from
    assert StanceClassifier(**FAST, context=True).fit(TEXTS, LABELS).context_model_ is None
    table = documents_table()
    model = StanceClassifier(**FAST, context=True, context_folds=3).fit(table, table["label"])
    assert model.context_model_ is not None
    names = model.get_feature_names_out()
    assert sum(n.startswith("context__") for n in names) == 15
    assert accuracy_score(table["label"], model.predict(table)) == 1.0
    out = model.explain(table, index=0, n=40)
    assert set(out["feature"]) <= set(names)
    assert out["feature"].str.startswith("context__").any()
    assert StanceClassifier(**FAST).fit(table, table["label"]).context_model_ is None  # off by default


def test_context_stage_learns_that_a_speakers_stance_carries_over():
    table = documents_table()
    model = StanceClassifier(**FAST, context=True, context_folds=3).fit(table, table["label"])
    names = list(model.get_feature_names_out())
    first = len(names) - model.context_model_.coef_.shape[1]
    column = names.index("context__speaker_mean_p_threatening") - first
    coef = model.context_model_.coef_[:, column]
    k = list(model.context_model_.classes_).index("threatening")
    assert coef[k] > 0 and coef[k] == coef.max()


@pytest.mark.parametrize("text, announces", [
    ('Pyongyang, May 3 (KCNA) -- The spokesman issued the following statement titled "Invaders will pay":', True),
    ("The Foreign Secretary has issued a statement.", True),
    ("The council released the following communique on Friday:", True),
    ("The ministry issued a statement condemning the shelling of the port.", False),
    ('The ministry issued the following statement: "We will strike back."', False),
    ("We made a grave mistake in trusting them.", False),
])
def test_announcement_sentences(text, announces):
    from toolkit._stance import is_announcement

    assert is_announcement(text) is announces


def test_announcement_is_neutral_whatever_its_title(clf):
    text = 'The ministry released the following statement titled "We condemn the illegal occupation":'
    table = sentence_table([text, "We condemn the illegal occupation."])
    assert list(clf.predict(table)) == ["neutral", "condemning"]
    assert "rules 11-12" in clf.explain(table, index=0).attrs["rule"]
    off = clone(clf).set_params(announcement_neutral=False).fit(TEXTS, LABELS)
    assert off.predict(table)[0] == "condemning"


# ------------------------------------------------------------------------------------------
# temperature

def test_temperature_softens_probabilities_but_keeps_labels(clf):
    hot = clone(clf).set_params(temperature=2.0).fit(TEXTS, LABELS)
    cold, warm = clf.predict_proba(TEXTS), hot.predict_proba(TEXTS)
    assert np.allclose(warm.sum(axis=1), 1)
    assert (warm.max(axis=1) < cold.max(axis=1)).all()  # every row less confident
    assert list(hot.predict(TEXTS)) == list(clf.predict(TEXTS))


def test_temperature_leaves_rule_neutral_rows_fixed(clf):
    hot = clone(clf).set_params(temperature=3.0).fit(TEXTS, LABELS)
    table = sentence_table(["We will strike back with overwhelming force."], speaker_source="author")
    assert hot.predict_proba(table)[0].tolist() == (hot.classes_ == "neutral").astype(float).tolist()


class RecordingEncoder(ClassifierMixin, BaseEstimator):
    """Stands in for an encoder part: even probabilities, and it records the texts it is shown."""

    def fit(self, X, y):
        self.classes_ = np.array(sorted(set(y)), dtype=object)
        self.shown_ = []
        return self

    def predict_proba(self, X):
        texts = list(X["text"])
        self.shown_.extend(texts)
        return np.full((len(texts), len(self.classes_)), 1 / len(self.classes_))


def test_encoder_parts_see_only_the_rows_the_rules_leave_open():
    clf = StanceClassifier(**FAST, encoder=RecordingEncoder()).fit(TEXTS, LABELS)
    linear = StanceClassifier(**FAST).fit(TEXTS, LABELS)
    table = sentence_table(TEXTS[:6], speaker_source=["author", "cue", "author", "cue", "cue", "author"])
    proba = clf.predict_proba(table)
    assert clf.encoder_.shown_ == [TEXTS[1], TEXTS[3], TEXTS[4]]
    neutral = (clf.classes_ == "neutral").astype(float)
    assert all(proba[i].tolist() == neutral.tolist() for i in (0, 2, 5))
    open_rows = [1, 3, 4]
    expected = (linear.predict_proba(table.iloc[open_rows]) + clf.encoder_.predict_proba(table.iloc[open_rows])) / 2
    assert np.allclose(proba[open_rows], expected)
    clf.encoder_.shown_ = []
    clf.predict_proba(sentence_table(TEXTS[:2], speaker_source="author"))
    assert clf.encoder_.shown_ == []  # nothing left open: the encoder is not run at all


def test_scale_temperature_matches_softmax_of_scaled_logits():
    from toolkit._stance import scale_temperature

    logits = np.array([[2.0, 0.5, -1.0], [0.0, 0.0, 3.0]])
    proba = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    expected = np.exp(logits / 1.7) / np.exp(logits / 1.7).sum(axis=1, keepdims=True)
    assert np.allclose(scale_temperature(proba, 1.7), expected)
    assert scale_temperature(proba, 1.0) is proba


@pytest.mark.parametrize("bad", [0.0, -1.0])
def test_non_positive_temperature_is_refused(bad):
    with pytest.raises(ValueError, match="temperature must be positive"):
        StanceClassifier(temperature=bad, **FAST).fit(TEXTS, LABELS)
