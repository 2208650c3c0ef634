"""Training the stance classifier from labelled sentences, reproducibly, with a model card."""
from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import sklearn
from joblib import Parallel, delayed
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import confusion_matrix, f1_score, precision_recall_fscore_support
from sklearn.model_selection import GroupKFold, ParameterGrid
from threadpoolctl import threadpool_limits

from ._context import context_features
from ._evaluate import expected_calibration_error
from ._pipeline import attribute, segment
from ._stance import MODEL_NAME, STANCES, StanceClassifier, prepare_input, save_classifier
from .datasets import corpus_path, load_gold

__all__ = ["training_table", "train_and_save", "cross_validate_two_stage", "PARAM_GRID"]

#: Hyper-parameters searched by grouped cross-validation.
PARAM_GRID = {"C": [1.0, 4.0, 16.0]}
CV_FOLDS = 5


def training_table(documents: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """Gold sentences with the attribution columns the classifier reads.

    The speaker step runs on the gold sentence spans, so training sees the same (imperfect)
    attribution features as analysis of new text.
    """
    spans = {d: list(zip(g["start"], g["end"])) for d, g in sentences.groupby("doc_id", sort=False)}
    docs = documents[documents["doc_id"].isin(spans)]
    table = attribute(segment(docs, spans=spans))
    gold = sentences.set_index(["doc_id", "sent_idx"])
    key = list(zip(table["doc_id"], table["sent_idx"]))
    table["gold_stance"] = gold.loc[key, "stance"].to_numpy()
    return table


def _fold_proba(params: dict, table: pd.DataFrame, train, held) -> np.ndarray:
    """First-stage probabilities (before the codebook's fixed rules) of the held-out rows, classes sorted."""
    first = StanceClassifier(**params, context=False).fit(table.iloc[train], table["gold_stance"].iloc[train])
    proba = np.zeros((len(held), len(STANCES)))
    columns = [sorted(STANCES).index(c) for c in first.classes_]
    proba[:, columns] = first._proba(prepare_input(table.iloc[held]))
    return proba


def cross_validate_two_stage(table: pd.DataFrame, param_grid: dict, *, folds: int = CV_FOLDS,
                             n_jobs: int = 2) -> list[dict]:
    """Grouped cross-validated macro-F1 of each setting, first stage alone and both stages.

    For each setting the first stage is fitted once per fold (folds grouped by ``doc_id``),
    giving out-of-fold probabilities for every sentence; the second stage is then
    cross-validated on those over the same folds. The second stage's training rows come from
    first-stage models that saw the held-out fold, so the two-stage figure is a close, not
    a strict, estimate; it costs one first-stage fit per fold and setting instead of six.

    Parameters
    ----------
    table : pandas.DataFrame
        Sentences with the classifier's input columns (see :func:`training_table`), their
        ``doc_id`` and the label in ``gold_stance``.
    param_grid : dict
        :class:`toolkit.StanceClassifier` parameters to try, as for ``GridSearchCV``.
    folds : int, default 5
    n_jobs : int, default 2
        Parallel first-stage fits.

    Returns
    -------
    list of dict
        One per setting: ``params``, and the macro-F1 of the ``first_stage`` alone and of
        ``two_stage`` (both after the codebook's fixed rules).
    """
    y = table["gold_stance"].to_numpy()
    splits = list(GroupKFold(n_splits=folds).split(table, y, table["doc_id"]))
    settings = list(ParameterGrid(param_grid))
    jobs = [(i, k) for i in range(len(settings)) for k in range(len(splits))]
    results = Parallel(n_jobs=n_jobs)(delayed(_fold_proba)(settings[i], table, *splits[k]) for i, k in jobs)
    data = prepare_input(table)
    classes = np.array(sorted(STANCES), dtype=object)
    neutral = (classes == "neutral").astype(float)
    out = []
    for i, params in enumerate(settings):
        setting = StanceClassifier(**params)
        fixed = setting._rule_neutral(data)  # sentences the codebook makes neutral
        oof = np.zeros((len(table), len(classes)))
        for (j, k), proba in zip(jobs, results):
            if j == i:
                oof[splits[k][1]] = proba
        features = context_features(data, oof, classes)
        second = np.zeros_like(oof)
        for train, held in splits:
            model = LogisticRegression(C=setting.context_C, class_weight=setting.class_weight,
                                       max_iter=setting.max_iter)
            with threadpool_limits(limits=1):
                second[held] = model.fit(features[train], y[train]).predict_proba(features[held])
        scores = {}
        for name, proba in (("first_stage", oof), ("two_stage", second)):
            proba = proba.copy()
            proba[fixed] = neutral
            scores[name] = round(float(f1_score(y, classes[proba.argmax(axis=1)], average="macro")), 4)
        out.append({"params": params, **scores})
    return out


def _data_hash(*paths) -> str:
    digest = hashlib.sha256()
    for p in paths:
        digest.update(Path(p).read_bytes())
    return digest.hexdigest()


def _scores(clf, table) -> dict:
    y = table["gold_stance"].to_numpy()
    proba = clf.predict_proba(table)
    pred = clf.classes_[proba.argmax(axis=1)]
    labels = list(STANCES)
    p, r, f, s = precision_recall_fscore_support(y, pred, labels=labels, zero_division=0)
    return {
        "n_sentences": int(len(y)),
        "stance_macro_f1": float(np.mean(f)),
        "per_class": {lab: {"precision": round(float(p[i]), 4), "recall": round(float(r[i]), 4),
                            "f1": round(float(f[i]), 4), "support": int(s[i])} for i, lab in enumerate(labels)},
        "confusion_matrix": {"labels": labels, "rows_gold_columns_predicted":
                             confusion_matrix(y, pred, labels=labels).tolist()},
        "ece": round(expected_calibration_error(proba.max(axis=1), pred == y), 4),
    }


def train_and_save(out, *, documents=None, sentences=None, split_file=None, quiet=False) -> dict:
    """Train the stance model and save it with its model card.

    With no arguments this rebuilds the shipped model from the bundled corpus: ``C`` and
    whether to add the document-context second stage (see :class:`toolkit.StanceClassifier`)
    chosen by 5-fold cross-validation grouped by document over the train and dev splits
    (:func:`cross_validate_two_stage`), the final fit on train and dev, scores on the held-out
    test split.

    Parameters
    ----------
    out : str or Path
        Folder to write ``model.skops``, ``meta.json`` and ``README.md``.
    documents, sentences : str or Path, optional
        Your own ``documents.jsonl`` and labelled ``sentences.jsonl``.
    split_file : str or Path, optional
        JSON mapping ``doc_id`` to ``train``, ``dev`` or ``test``; without it (and with your
        own data) every document trains and no held-out score is given.
    quiet : bool, default False

    Returns
    -------
    dict
        The model card.
    """
    def say(msg):
        if not quiet:
            print(msg, file=sys.stderr)

    if (documents is None) != (sentences is None):
        raise ValueError("give both --documents and --sentences, or neither")
    if documents is None:
        folder = corpus_path()
        documents, sentences = folder / "documents.jsonl", folder / "sentences.jsonl"
        split_file = split_file or folder / "split.json"
    docs, sents = load_gold(documents, sentences)
    split = json.loads(Path(split_file).read_text(encoding="utf-8")) if split_file else {}
    say(f"attributing speakers in {len(sents)} sentences of {len(docs)} documents ...")
    table = training_table(docs, sents)
    table["split"] = [split.get(d, "train") for d in table["doc_id"]]
    fit_part = table[table["split"] != "test"].reset_index(drop=True)
    test_part = table[table["split"] == "test"].reset_index(drop=True)

    say(f"choosing hyper-parameters by {CV_FOLDS}-fold CV grouped by document ...")
    cv = cross_validate_two_stage(fit_part, PARAM_GRID)
    # every setting with and without the second stage; the first of equals wins (C order, and
    # the simpler model, the first stage alone, before both stages)
    candidates = [({**r["params"], "context": context}, r["two_stage" if context else "first_stage"])
                  for r in cv for context in (False, True)]
    best_params, best_score = max(candidates, key=lambda c: c[1])
    say(f"fitting the model ({best_params}) on the train and dev splits ...")
    clf = StanceClassifier(**best_params).fit(fit_part, fit_part["gold_stance"])
    major, minor = (int(x) for x in sklearn.__version__.split(".")[:2])
    card = {
        "name": MODEL_NAME,
        "version": "1.0",
        "description": "Sentence stance (threatening / condemning / neutral) for the speaker: "
                       "a logistic regression over TF-IDF, lexicon, sentiment, speech-act and attribution "
                       "features" + (", then a second logistic regression over its probabilities for the "
                                     "sentence, its neighbours and its speaker's other sentences in the document"
                                     if best_params.get("context") else
                                     " (the document-context second stage was tried and not chosen by "
                                     "cross-validation)") + ".",
        "sklearn_range": [f"{major}.{minor}", f"{major}.{minor + 1}"],
        "training_data": {"documents": Path(documents).name, "sentences": Path(sentences).name,
                          "sha256": _data_hash(documents, sentences),
                          "n_documents_fit": int(fit_part["doc_id"].nunique()),
                          "n_sentences_fit": int(len(fit_part)),
                          "label_counts_fit": {k: int(v) for k, v in fit_part["gold_stance"].value_counts().items()}},
        "selection": {"param_grid": PARAM_GRID, "cv": f"GroupKFold({CV_FOLDS}) by doc_id",
                      "scoring": "macro-F1, first stage alone (context=False) and both stages "
                                 "(context=True), see cross_validate_two_stage",
                      "cv_scores": [{"params": str(r["params"]), "first_stage": r["first_stage"],
                                     "two_stage": r["two_stage"]} for r in cv],
                      "best_params": best_params},
        "scores": {"cross_validated_macro_f1": best_score,
                   "fit_data": _scores(clf, fit_part)},
    }
    if len(test_part):
        card["scores"]["held_out"] = _scores(clf, test_part)
    save_classifier(clf, out, meta=card)
    card = json.loads((Path(out) / "meta.json").read_text(encoding="utf-8"))
    (Path(out) / "README.md").write_text(model_card_text(card), encoding="utf-8")
    return card


def model_card_text(card: dict) -> str:
    """A readable summary of a model card."""
    s = card["scores"]
    lines = [f"# Model card: {card['name']} {card.get('version', '')}", "", card.get("description", ""), "",
             f"- scikit-learn: built with {card['sklearn_version']}, tested range {card['sklearn_range'][0]} "
             f"to below {card['sklearn_range'][1]}",
             f"- labels: {', '.join(card['labels'])}",
             f"- training data: {card['training_data']['n_sentences_fit']} sentences of "
             f"{card['training_data']['n_documents_fit']} documents, sha256 {card['training_data']['sha256'][:16]}...",
             f"- hyper-parameters chosen by {card['selection']['cv']}: {card['selection']['best_params']} "
             "(CV macro-F1 by setting, first stage / both stages: "
             + "; ".join(f"{r['params']} {r['first_stage']:.3f} / {r['two_stage']:.3f}" for r in card["selection"]["cv_scores"])
             + ")",
             f"- cross-validated macro-F1 of the chosen setting: {s['cross_validated_macro_f1']:.3f}", ""]
    if "held_out" in s:
        h = s["held_out"]
        lines += [f"## Held-out test split ({h['n_sentences']} sentences)", "",
                  f"macro-F1 {h['stance_macro_f1']:.3f}, calibration error (ECE) {h['ece']:.3f}", "",
                  "| stance | precision | recall | F1 | n |", "|---|---|---|---|---|"]
        for lab, v in h["per_class"].items():
            lines.append(f"| {lab} | {v['precision']:.3f} | {v['recall']:.3f} | {v['f1']:.3f} | {v['support']} |")
        cm = h["confusion_matrix"]
        lines += ["", "Confusion matrix (rows gold, columns predicted: " + ", ".join(cm["labels"]) + ")", ""]
        lines += ["    " + " ".join(f"{v:>5}" for v in row) for row in cm["rows_gold_columns_predicted"]]
    lines += ["", "Rebuild with `toolkit train --out DIR`: identical coefficients and predictions.", ""]
    return "\n".join(lines)
