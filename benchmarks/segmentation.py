"""Sentence-boundary accuracy of ``toolkit.sentence_spans`` against gold sentence ends.

A boundary is the character offset where a sentence ends. For each document the set of
predicted ends (from :func:`toolkit.sentence_spans` on the document text) is compared with the
set of gold ends; a boundary counts as found only when the offsets are identical. Precision,
recall and F1 are micro-averaged over all boundaries of a set. The end of each document is
always a boundary, so the "internal" figures, which leave out each document's final gold end,
are the stricter ones.

Sets: the real labelled sets ``../shared/data/realnews-dev`` and ``../shared/data/ordinary-dev``
(measured only, never copied; skipped with a message when the folder is absent) and the bundled
annotated corpus (:func:`toolkit.load_corpus`).

Run ``python benchmarks/segmentation.py [--json FILE]``.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

import pandas as pd

import toolkit

# Run as ``python benchmarks/<name>.py``: the shared helpers live beside this script.
if str(Path(__file__).resolve().parent) not in sys.path:
    sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import load_sets, make_parser, write_json  # noqa: E402

TARGET_F1 = 0.97


def boundary_scores(documents: pd.DataFrame, sentences: pd.DataFrame) -> dict:
    """Precision, recall and F1 of predicted sentence ends against gold ends.

    Parameters
    ----------
    documents : pandas.DataFrame
        ``doc_id`` and ``text``.
    sentences : pandas.DataFrame
        Gold sentences: ``doc_id``, ``start``, ``end``.

    Returns
    -------
    dict
        ``n_documents``, ``n_gold``, ``n_predicted``, ``precision``, ``recall``, ``f1``,
        ``internal_precision``, ``internal_recall``, ``internal_f1`` (without each document's
        final boundary), ``span_exact`` (share of gold sentences predicted with both offsets
        right) and ``seconds`` (time spent splitting).
    """
    gold_by_doc = {d: g for d, g in sentences.groupby("doc_id", sort=False)}
    counts = dict.fromkeys(("tp", "gold", "pred", "itp", "igold", "ipred", "exact"), 0)
    seconds = 0.0
    for doc_id, text in zip(documents["doc_id"], documents["text"]):
        gold = gold_by_doc.get(doc_id)
        if gold is None:
            continue
        text = text or ""
        t0 = time.perf_counter()
        spans = toolkit.sentence_spans(text)
        seconds += time.perf_counter() - t0
        pred_ends = {e for _, e in spans}
        gold_ends = set(int(e) for e in gold["end"])
        last = max(gold_ends)
        counts["tp"] += len(pred_ends & gold_ends)
        counts["gold"] += len(gold_ends)
        counts["pred"] += len(pred_ends)
        inner_pred, inner_gold = pred_ends - {last}, gold_ends - {last}
        counts["itp"] += len(inner_pred & inner_gold)
        counts["igold"] += len(inner_gold)
        counts["ipred"] += len(inner_pred)
        counts["exact"] += len(set(spans) & set(zip(gold["start"].astype(int), gold["end"].astype(int))))

    def prf(tp, n_pred, n_gold):
        p = tp / n_pred if n_pred else float("nan")
        r = tp / n_gold if n_gold else float("nan")
        f = 2 * p * r / (p + r) if n_pred and n_gold and (p + r) else 0.0
        return p, r, f

    p, r, f = prf(counts["tp"], counts["pred"], counts["gold"])
    ip, ir, i_f = prf(counts["itp"], counts["ipred"], counts["igold"])
    return {
        "n_documents": int(sentences["doc_id"].nunique()),
        "n_gold": counts["gold"], "n_predicted": counts["pred"],
        "precision": p, "recall": r, "f1": f,
        "internal_precision": ip, "internal_recall": ir, "internal_f1": i_f,
        "span_exact": counts["exact"] / counts["gold"] if counts["gold"] else float("nan"),
        "seconds": seconds,
    }


def format_table(results: dict) -> str:
    """The figures as a fixed-width text table."""
    head = (f"{'set':<16}{'docs':>6}{'gold':>7}{'pred':>7}{'P':>8}{'R':>8}{'F1':>8}"
            f"{'F1 int.':>9}{'span=':>8}{'sent/s':>10}")
    lines = [head, "-" * len(head)]
    for name, r in results.items():
        rate = r["n_gold"] / r["seconds"] if r["seconds"] else float("nan")
        lines.append(f"{name:<16}{r['n_documents']:>6}{r['n_gold']:>7}{r['n_predicted']:>7}"
                     f"{r['precision']:>8.3f}{r['recall']:>8.3f}{r['f1']:>8.3f}{r['internal_f1']:>9.3f}"
                     f"{r['span_exact']:>8.3f}{rate:>10.0f}")
    return "\n".join(lines)


def main(argv=None) -> int:
    args = make_parser(__doc__, data=True).parse_args(argv)

    sets = load_sets(args.data, corpus_last=True)
    results = {name: boundary_scores(docs, sents) for name, (docs, sents) in sets.items()}
    print("Sentence boundaries: predicted sentence ends vs gold ends (exact offsets, micro-averaged)")
    print(format_table(results))
    print("F1 int. = without each document's final boundary; span= = share of gold sentences with "
          "both offsets right")
    print(f"Target: F1 >= {TARGET_F1:.2f} on each set")
    for name, r in results.items():
        verdict = "meets" if r["f1"] >= TARGET_F1 else "BELOW"
        print(f"  {name:<16} F1 {r['f1']:.3f}  {verdict} target")
    if args.json:
        write_json(args.json, {"benchmark": "segmentation", "target_f1": TARGET_F1, "results": results})
    return 0


if __name__ == "__main__":
    sys.exit(main())
