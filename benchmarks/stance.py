"""Stance accuracy of the shipped model next to simple baselines, on the same gold sentences.

The model runs through the whole pipeline (:func:`toolkit.analyze` on the documents, then
:func:`toolkit.evaluate_table`, which pairs each gold sentence with the predicted sentence that
overlaps it most). The baselines label the gold sentences' own text:

- ``majority (neutral)``: every sentence ``neutral`` (the most frequent class in the corpus);
- ``vader``: stock VADER (the ``vaderSentiment`` package), compound <= -0.5 -> ``condemning``,
  else ``neutral``;
- ``vader+threat words``: as ``vader``, but a sentence with one of a few obvious threat words
  (``THREAT_WORDS``) is ``threatening`` first;
- ``lexicon rule``: the toolkit's lexicon (:class:`toolkit.LexiconFeatures`): any threat
  pattern -> ``threatening``, else any condemnation pattern -> ``condemning``, else ``neutral``;
- ``lexicon LR``: a logistic regression (balanced class weights) on ``LexiconFeatures`` only,
  trained on the corpus train and dev splits.

Figures: macro-F1 over the three stances, F1 of each stance, expected calibration error (ECE,
top-class probability, ten equal-width bins; only for methods that give probabilities) and
the false-alarm rate (gold-neutral sentences labelled threatening or condemning).

Sets: the corpus test split (``load_corpus("test")``), and the real labelled sets
``../shared/data/realnews-dev`` and ``../shared/data/ordinary-dev`` (measured only, never
copied; skipped with a message when the folder is absent).

Run ``python benchmarks/stance.py [--json FILE] [--model DIR]``.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import precision_recall_fscore_support
from sklearn.pipeline import make_pipeline

import toolkit
from toolkit._evaluate import expected_calibration_error

# Run as ``python benchmarks/<name>.py``: the shared helpers live beside this script.
if str(Path(__file__).resolve().parent) not in sys.path:
    sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import (EXIT_NO_MODEL, add_model_option, analyze_documents, load_model,  # noqa: E402
                     load_sets, make_parser, write_json)

LABELS = ("threatening", "condemning", "neutral")
TARGET_MACRO_F1, FLOOR_MACRO_F1 = 0.85, 0.80
TARGET_ECE = 0.05
TARGET_FALSE_ALARMS, CEILING_FALSE_ALARMS = 0.03, 0.05
MODEL_ROW = "model (pipeline)"

#: The obvious threat words of the ``vader+threat words`` baseline (lower-cased, word starts).
THREAT_WORDS = re.compile(
    r"\b(?:threat\w*|warn\w*|retaliat\w*|punish\w*|annihilat\w*|destroy\w*|ultimatum\w*|"
    r"countermeasure\w*|sanction\w*|consequences|strike back|will respond|war)\b")


def label_scores(y_true, y_pred, proba=None, classes=None) -> dict:
    """Macro-F1, per-class F1, false-alarm rate and (with probabilities) ECE of hard labels."""
    y_true, y_pred = np.asarray(y_true, dtype=object), np.asarray(y_pred, dtype=object)
    _, _, f1, support = precision_recall_fscore_support(y_true, y_pred, labels=list(LABELS), zero_division=0)
    neutral = y_true == "neutral"
    ece = float("nan")
    if proba is not None:
        top = np.asarray(classes, dtype=object)[proba.argmax(axis=1)]
        ece = expected_calibration_error(proba.max(axis=1), top == y_true)
    return {
        "n_sentences": int(len(y_true)),
        "macro_f1": float(np.mean(f1)),
        "f1": {lab: float(f1[i]) for i, lab in enumerate(LABELS)},
        "support": {lab: int(support[i]) for i, lab in enumerate(LABELS)},
        "ece": ece,
        "false_alarm_rate": float((y_pred[neutral] != "neutral").mean()) if neutral.any() else float("nan"),
    }


def model_scores(documents: pd.DataFrame, sentences: pd.DataFrame, classifier) -> dict:
    """The shipped model through the whole pipeline, scored by ``evaluate_table``."""
    s = toolkit.evaluate_table(analyze_documents(documents, classifier), sentences)
    return {
        "n_sentences": s["n_sentences"],
        "macro_f1": s["stance_macro_f1"],
        "f1": {lab: s["per_class"][lab]["f1"] for lab in LABELS},
        "support": {lab: s["per_class"][lab]["support"] for lab in LABELS},
        "ece": s["ece"],
        "false_alarm_rate": s["false_alarm_rate"],
        "confusion_matrix": s["confusion_matrix"],
    }


class Baselines:
    """The baselines, fitted once (the lexicon LR on the corpus train and dev splits)."""

    def __init__(self):
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

        self.vader = SentimentIntensityAnalyzer()
        self.lexicon = toolkit.LexiconFeatures().fit(["fit"])
        # the first columns count (non-negated) matches of each lexicon category
        categories = self.lexicon.categories_
        self.threat_cols = [i for i, c in enumerate(categories) if c.startswith("threat_")]
        self.condemn_cols = [i for i, c in enumerate(categories) if c.startswith("condemn_")]
        _, sents = toolkit.load_corpus()
        fit = sents[sents["split"].isin(["train", "dev"])]
        self.lexicon_lr = make_pipeline(toolkit.LexiconFeatures(),
                                        LogisticRegression(class_weight="balanced", max_iter=3000))
        self.lexicon_lr.fit(fit["text"].tolist(), fit["stance"].to_numpy())
        self.n_fit = int(len(fit))

    def score_all(self, texts: list[str], y_true) -> dict:
        """Scores of every baseline on ``texts`` with gold labels ``y_true``."""
        compound = np.array([self.vader.polarity_scores(t)["compound"] for t in texts])
        vader = np.where(compound <= -0.5, "condemning", "neutral").astype(object)
        threat_word = np.array([bool(THREAT_WORDS.search(t.lower())) for t in texts])
        vader_threat = np.where(threat_word, "threatening", vader).astype(object)
        lex = self.lexicon.transform(texts)
        rule = np.where(lex[:, self.threat_cols].sum(axis=1) > 0, "threatening",
                        np.where(lex[:, self.condemn_cols].sum(axis=1) > 0, "condemning", "neutral")).astype(object)
        proba = self.lexicon_lr.predict_proba(texts)
        classes = self.lexicon_lr.classes_
        return {
            "majority (neutral)": label_scores(y_true, np.full(len(texts), "neutral", dtype=object)),
            "vader": label_scores(y_true, vader),
            "vader+threat words": label_scores(y_true, vader_threat),
            "lexicon rule": label_scores(y_true, rule),
            "lexicon LR": label_scores(y_true, classes[proba.argmax(axis=1)], proba, classes),
        }


def format_table(name: str, rows: dict) -> str:
    """One set's figures as a fixed-width text table."""
    def fig(value):
        return f"{value:.3f}" if value == value else "—"

    support = next(iter(rows.values()))["support"]
    title = (f"{name}: {next(iter(rows.values()))['n_sentences']} sentences "
             f"({support['threatening']} threatening, {support['condemning']} condemning, "
             f"{support['neutral']} neutral)")
    head = f"{'method':<20}{'macro-F1':>9}{'F1 thr':>8}{'F1 cond':>9}{'F1 neu':>8}{'ECE':>7}{'false al.':>11}"
    lines = [title, head, "-" * len(head)]
    for method, r in rows.items():
        lines.append(f"{method:<20}{fig(r['macro_f1']):>9}{fig(r['f1']['threatening']):>8}"
                     f"{fig(r['f1']['condemning']):>9}{fig(r['f1']['neutral']):>8}{fig(r['ece']):>7}"
                     f"{fig(r['false_alarm_rate']):>11}")
    return "\n".join(lines)


def verdicts(results: dict) -> list[str]:
    """Lines comparing the model's figures with the project's targets."""
    out = []
    real, ordinary = results.get("realnews-dev"), results.get("ordinary-dev")
    if real is not None:
        f1, ece = real[MODEL_ROW]["macro_f1"], real[MODEL_ROW]["ece"]
        out.append(f"  realnews-dev macro-F1 {f1:.3f}: "
                   + ("meets target" if f1 >= TARGET_MACRO_F1 else
                      "below target, above floor" if f1 >= FLOOR_MACRO_F1 else "BELOW FLOOR"))
        out.append(f"  realnews-dev ECE      {ece:.3f}: " + ("meets target" if ece <= TARGET_ECE else "ABOVE target"))
    if ordinary is not None:
        fa = ordinary[MODEL_ROW]["false_alarm_rate"]
        out.append(f"  ordinary-dev false alarms {fa:.3f}: "
                   + ("meets target" if fa <= TARGET_FALSE_ALARMS else
                      "above target, below ceiling" if fa <= CEILING_FALSE_ALARMS else "ABOVE CEILING"))
    return out


def main(argv=None) -> int:
    args = add_model_option(make_parser(__doc__, data=True)).parse_args(argv)

    classifier = load_model(args.model)
    if classifier is None:
        return EXIT_NO_MODEL
    baselines = Baselines()
    results = {}
    for name, (docs, sents) in load_sets(args.data, split="test").items():
        rows = {MODEL_ROW: model_scores(docs, sents, classifier)}
        rows.update(baselines.score_all(sents["text"].tolist(), sents["stance"].to_numpy()))
        results[name] = rows
    which = f"the model {args.model}" if args.model else "the shipped model"
    print(f"Stance: {which} through the pipeline vs baselines on the gold sentences")
    print(f"(lexicon LR trained on {baselines.n_fit} corpus train+dev sentences; "
          "ECE only for methods with probabilities; false al. = gold-neutral labelled hostile)\n")
    for name, rows in results.items():
        print(format_table(name, rows))
        cm = rows[MODEL_ROW]["confusion_matrix"]
        print("model confusion (rows gold, columns predicted: thr, cond, neu): "
              + "; ".join(" ".join(f"{v:>3}" for v in row) for row in cm))
        if min(rows[MODEL_ROW]["support"].values()) < 10:
            print("note: a stance with fewer than 10 gold sentences here makes macro-F1 unstable; "
                  "read the false-alarm rate")
        print()
    print(f"Targets: realnews-dev macro-F1 >= {TARGET_MACRO_F1:.2f} (never below {FLOOR_MACRO_F1:.2f}), "
          f"ECE <= {TARGET_ECE:.2f}; ordinary-dev false alarms <= {TARGET_FALSE_ALARMS:.0%} "
          f"(never above {CEILING_FALSE_ALARMS:.0%})")
    for line in verdicts(results):
        print(line)
    if args.json:
        targets = {"macro_f1": TARGET_MACRO_F1, "macro_f1_floor": FLOOR_MACRO_F1, "ece": TARGET_ECE,
                   "false_alarms": TARGET_FALSE_ALARMS, "false_alarms_ceiling": CEILING_FALSE_ALARMS}
        write_json(args.json, {"benchmark": "stance", "model": args.model or "shipped", "targets": targets,
                               "lexicon_lr_fit_sentences": baselines.n_fit, "results": results})
    return 0


if __name__ == "__main__":
    sys.exit(main())
