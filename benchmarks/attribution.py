"""Speaker, actor and target accuracy of the whole pipeline against gold sentences.

For each labelled set, :func:`toolkit.analyze` runs on the documents (its own sentence
splitting, speaker attribution, stance and targets) and :func:`toolkit.evaluate_table` pairs
every gold sentence with the predicted sentence that overlaps it most. Figures:

- actor accuracy, on all sentences and on those whose gold actor is not ``AUTHOR``;
- exact speaker match (case-insensitive, surrounding white space stripped);
- target accuracy, on the gold threatening and condemning sentences (a sentence the model
  calls neutral has no target, so stance errors count here too).

Sets: the corpus test split (``load_corpus("test")``), and the real labelled sets
``../shared/data/realnews-dev`` and ``../shared/data/ordinary-dev`` (measured only, never
copied; skipped with a message when the folder is absent).

Run ``python benchmarks/attribution.py [--json FILE] [--model DIR]``.
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

from _common import (EXIT_NO_MODEL, add_model_option, analyze_documents, load_model,  # noqa: E402
                     load_sets, make_parser, write_json)

TARGET_ACTOR = 0.92
TARGET_ACTOR_NON_AUTHOR = 0.88


def measure(documents: pd.DataFrame, sentences: pd.DataFrame, classifier) -> dict:
    """Run the pipeline on ``documents`` and score attribution against ``sentences``."""
    t0 = time.perf_counter()
    table = analyze_documents(documents, classifier)
    seconds = time.perf_counter() - t0
    scores = toolkit.evaluate_table(table, sentences)
    non_author = sentences["actor"] != "AUTHOR"
    hostile = sentences["stance"] != "neutral"
    return {
        "n_documents": int(sentences["doc_id"].nunique()),
        "n_sentences": scores["n_sentences"],
        "n_non_author": int(non_author.sum()),
        "n_hostile": int(hostile.sum()),
        "actor_accuracy": scores["actor_accuracy"],
        "actor_accuracy_non_author": scores["actor_accuracy_non_author"],
        "speaker_exact": scores["speaker_exact"],
        "target_accuracy": scores["target_accuracy"],
        "boundary_exact": scores["boundary_exact"],
        "analyze_seconds": seconds,
    }


def format_table(results: dict) -> str:
    """The figures as a fixed-width text table."""
    def fig(value):
        return f"{value:.3f}" if value == value else "n/a"

    head = (f"{'set':<14}{'docs':>6}{'sents':>7}{'actor':>8}{'actor≠AUTHOR':>14}{'speaker':>9}"
            f"{'target':>8}{'(n hostile)':>13}")
    lines = [head, "-" * len(head)]
    for name, r in results.items():
        lines.append(f"{name:<14}{r['n_documents']:>6}{r['n_sentences']:>7}{fig(r['actor_accuracy']):>8}"
                     f"{fig(r['actor_accuracy_non_author']):>14}{fig(r['speaker_exact']):>9}"
                     f"{fig(r['target_accuracy']):>8}{r['n_hostile']:>13}")
    return "\n".join(lines)


def main(argv=None) -> int:
    args = add_model_option(make_parser(__doc__, data=True)).parse_args(argv)

    classifier = load_model(args.model)
    if classifier is None:
        return EXIT_NO_MODEL
    sets = load_sets(args.data, split="test")
    results = {name: measure(docs, sents, classifier) for name, (docs, sents) in sets.items()}
    print("Attribution through the whole pipeline (analyze + evaluate_table, gold matched by offsets)")
    print(format_table(results))
    print("actor / actor≠AUTHOR: actor code right (all sentences / gold actor not AUTHOR); speaker: "
          "exact match, case-insensitive;\ntarget: target right on gold threatening/condemning sentences")
    print(f"Targets (realnews-dev): actor accuracy >= {TARGET_ACTOR:.2f} overall, "
          f">= {TARGET_ACTOR_NON_AUTHOR:.2f} non-AUTHOR")
    real = results.get("realnews-dev")
    if real is not None:
        for key, target, label in (("actor_accuracy", TARGET_ACTOR, "overall"),
                                   ("actor_accuracy_non_author", TARGET_ACTOR_NON_AUTHOR, "non-AUTHOR")):
            verdict = "meets" if real[key] >= target else "BELOW"
            print(f"  realnews-dev {label:<11} {real[key]:.3f}  {verdict} target")
    if args.json:
        write_json(args.json, {
            "benchmark": "attribution", "model": args.model or "shipped",
            "targets": {"actor_accuracy": TARGET_ACTOR, "actor_accuracy_non_author": TARGET_ACTOR_NON_AUTHOR},
            "results": results})
    return 0


if __name__ == "__main__":
    sys.exit(main())
