"""Compare the pipeline's output with gold sentences matched by character offsets."""
from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.metrics import confusion_matrix, f1_score, precision_recall_fscore_support

from ._stance import STANCES

__all__ = ["match_to_gold", "evaluate_table", "expected_calibration_error"]


def match_to_gold(predicted: pd.DataFrame, gold: pd.DataFrame) -> pd.DataFrame:
    """Pair each gold sentence with the predicted sentence that overlaps it most.

    Parameters
    ----------
    predicted : pandas.DataFrame
        A sentence table from :func:`toolkit.analyze`.
    gold : pandas.DataFrame
        Gold sentences with ``doc_id``, ``start``, ``end`` and labels.

    Returns
    -------
    pandas.DataFrame
        One row per gold sentence: the gold columns, and the predicted ``speaker``,
        ``actor``, ``stance``, ``target`` and ``p_*`` columns with a ``pred_`` prefix
        (missing where no predicted sentence overlaps), plus ``exact_span``.
    """
    keep = ["speaker", "actor", "stance", "target", "p_threatening", "p_condemning", "p_neutral"]
    by_doc = {d: g for d, g in predicted.groupby("doc_id", sort=False)}
    rows = []
    for g in gold.to_dict("records"):
        cand = by_doc.get(g["doc_id"])
        best, best_overlap = None, 0
        if cand is not None:
            overlap = (np.minimum(cand["end"], g["end"]) - np.maximum(cand["start"], g["start"])).to_numpy()
            if len(overlap) and overlap.max() > 0:
                best = cand.iloc[int(overlap.argmax())]
                best_overlap = overlap.max()
        row = dict(g)
        for k in keep:
            row[f"pred_{k}"] = best[k] if best is not None else None
        row["exact_span"] = best is not None and best["start"] == g["start"] and best["end"] == g["end"]
        row["matched"] = best_overlap > 0
        rows.append(row)
    return pd.DataFrame(rows)


def expected_calibration_error(proba: np.ndarray, correct: np.ndarray, *, n_bins: int = 10) -> float:
    """Expected calibration error of the top-class probability (equal-width bins)."""
    proba = np.asarray(proba, dtype=float)
    correct = np.asarray(correct, dtype=float)
    if len(proba) == 0:
        return float("nan")
    bins = np.minimum((proba * n_bins).astype(int), n_bins - 1)
    ece = 0.0
    for b in range(n_bins):
        mask = bins == b
        if mask.any():
            ece += mask.mean() * abs(correct[mask].mean() - proba[mask].mean())
    return float(ece)


def evaluate_table(predicted: pd.DataFrame, gold: pd.DataFrame) -> dict:
    """Scores of a sentence table against gold sentences.

    Returns
    -------
    dict
        ``n_sentences``, ``boundary_exact`` (share of gold sentences whose span was found
        exactly), ``stance_macro_f1``, ``per_class`` (precision, recall, F1, support),
        ``confusion_matrix`` (rows gold, columns predicted, in ``labels`` order),
        ``false_alarm_rate`` (gold-neutral sentences labelled threatening or condemning),
        ``ece``, ``actor_accuracy``, ``actor_accuracy_non_author``, ``speaker_exact``,
        ``target_accuracy`` (on gold threatening/condemning sentences).
    """
    m = match_to_gold(predicted, gold)
    labels = list(STANCES)
    y_true = m["stance"].to_numpy()
    y_pred = m["pred_stance"].fillna("neutral").to_numpy()
    p, r, f, s = precision_recall_fscore_support(y_true, y_pred, labels=labels, zero_division=0)
    neutral = y_true == "neutral"
    proba = m[["pred_p_threatening", "pred_p_condemning", "pred_p_neutral"]].astype(float).fillna(1 / 3).to_numpy()
    top = proba.max(axis=1)
    correct = np.array(labels)[proba.argmax(axis=1)] == y_true  # p_* columns are in STANCES order
    non_author = m["actor"] != "AUTHOR"
    hostile = m["stance"] != "neutral"

    def share(mask):
        return float(mask.mean()) if len(mask) else float("nan")

    norm = lambda s: s.fillna("").astype(str).str.strip().str.lower()  # noqa: E731
    return {
        "n_sentences": int(len(m)),
        "boundary_exact": share(m["exact_span"]),
        "stance_macro_f1": float(f1_score(y_true, y_pred, labels=labels, average="macro", zero_division=0)),
        "labels": labels,
        "per_class": {lab: {"precision": float(p[i]), "recall": float(r[i]), "f1": float(f[i]),
                            "support": int(s[i])} for i, lab in enumerate(labels)},
        "confusion_matrix": confusion_matrix(y_true, y_pred, labels=labels).tolist(),
        "false_alarm_rate": share(y_pred[neutral] != "neutral") if neutral.any() else float("nan"),
        "n_gold_neutral": int(neutral.sum()),
        "ece": expected_calibration_error(top, correct),
        "actor_accuracy": share(m["actor"] == m["pred_actor"]),
        "actor_accuracy_non_author": share((m["actor"] == m["pred_actor"])[non_author]),
        "speaker_exact": share(norm(m["speaker"]) == norm(m["pred_speaker"])),
        "target_accuracy": share((norm(m["target"]) == norm(m["pred_target"]))[hostile]),
    }
