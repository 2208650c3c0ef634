"""Throughput of each pipeline stage, in sentences per second, on the bundled corpus.

By default a fixed subset is timed: 160 documents spread evenly over the corpus (``--docs 0``
times all of them).

Stages, each timed on the output of the one before (prepared once, outside the timing):

- ``reading``: :func:`toolkit.read_documents` on a JSON Lines file of the documents;
- ``segmentation``: ``toolkit._pipeline.segment`` (sentence splitting into the table);
- ``attribution``: ``toolkit._pipeline.attribute`` (speaker, actor, quotes);
- ``stance``: ``classifier.predict_proba`` on the attributed table;
- ``targets``: ``toolkit._pipeline._add_targets`` on the table with stances;
- ``sentiment``: ``toolkit._pipeline._add_sentiment`` (VADER and hostility of the speaker's words);
- ``analyze (whole)``: :func:`toolkit.analyze` from the document table, model already loaded;
- ``stock VADER``: ``vaderSentiment``'s ``SentimentIntensityAnalyzer.polarity_scores`` on every
  sentence, for comparison.

Each stage runs once to warm up, then three times; the median time is reported (wall clock,
``time.perf_counter``). Every rate divides the same number of sentences (those the splitter
finds) by that time. Loading the model is timed once, apart.

Run ``python benchmarks/speed.py [--docs N] [--repeats 3] [--json FILE] [--model DIR]``.
"""
from __future__ import annotations

import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

import nltk
import numpy as np
import sklearn

import toolkit
from toolkit import _pipeline

# Run as ``python benchmarks/<name>.py``: the shared helpers live beside this script.
if str(Path(__file__).resolve().parent) not in sys.path:
    sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import EXIT_NO_MODEL, add_model_option, load_model, make_parser, write_json  # noqa: E402

#: Documents timed by default: a fixed subset, spread over the corpus, so a run takes a minute or two.
DEFAULT_DOCS = 160


def fixed_subset(documents, n: int):
    """``n`` documents spread evenly over the table (every k-th one); all of them when ``n`` is 0."""
    if n <= 0 or n >= len(documents):
        return documents.reset_index(drop=True)
    index = np.unique(np.linspace(0, len(documents) - 1, n).round().astype(int))
    return documents.iloc[index].reset_index(drop=True)


def timed(func, *, repeats: int) -> tuple[float, list[float], object]:
    """Run ``func`` once to warm up, then ``repeats`` times; the median seconds, all times, a result."""
    result = func()
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        result = func()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), times, result


def with_stance(table, classifier):
    """The attributed table with ``p_*`` and ``stance`` columns, as the pipeline adds them."""
    out = table.copy()
    proba = classifier.predict_proba(out)
    classes = list(classifier.classes_)
    for stance in ("threatening", "condemning", "neutral"):
        out[f"p_{stance}"] = proba[:, classes.index(stance)]
    out["stance"] = np.asarray(classes, dtype=object)[proba.argmax(axis=1)]
    return out


def main(argv=None) -> int:
    parser = make_parser(__doc__)
    parser.add_argument("--docs", type=int, default=DEFAULT_DOCS, metavar="N",
                        help="use N corpus documents spread evenly over the corpus (default: %(default)s; "
                             "0 for all of them)")
    parser.add_argument("--repeats", type=int, default=3, help="timed runs per stage (default: %(default)s)")
    args = add_model_option(parser).parse_args(argv)

    load_before = os.getloadavg()
    t0 = time.perf_counter()
    classifier = load_model(args.model)
    if classifier is None:
        return EXIT_NO_MODEL
    load_seconds = time.perf_counter() - t0

    documents, _ = toolkit.load_corpus()
    n_corpus = len(documents)
    documents = documents.drop(columns=["split"])
    documents = fixed_subset(documents, args.docs)
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer
    vader = SentimentIntensityAnalyzer()

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "documents.jsonl"
        documents.to_json(path, orient="records", lines=True, force_ascii=False)
        segmented = _pipeline.segment(documents)
        attributed = _pipeline.attribute(segmented)
        stanced = with_stance(attributed, classifier)
        texts = segmented["text"].tolist()
        stages = {
            "reading": lambda: toolkit.read_documents(path),
            "segmentation": lambda: _pipeline.segment(documents),
            "attribution": lambda: _pipeline.attribute(segmented),
            "stance": lambda: classifier.predict_proba(attributed),
            "targets": lambda: _pipeline._add_targets(stanced),
            "sentiment": lambda: _pipeline._add_sentiment(attributed),
            "analyze (whole)": lambda: toolkit.analyze(documents, classifier=classifier),
            "stock VADER": lambda: [vader.polarity_scores(t) for t in texts],
        }
        n_sent, n_docs = len(segmented), len(documents)
        results = {}
        for name, func in stages.items():
            median, times, _ = timed(func, repeats=args.repeats)
            results[name] = {"median_seconds": median, "seconds": times,
                             "sentences_per_second": n_sent / median if median else float("inf")}

    machine = {"cores": os.cpu_count(), "platform": platform.platform(), "python": platform.python_version(),
               "toolkit": toolkit.__version__, "scikit-learn": sklearn.__version__, "nltk": nltk.__version__,
               "load_average_before": load_before, "load_average_after": os.getloadavg()}
    print(f"Throughput on the bundled corpus: {n_docs} of {n_corpus} documents, {n_sent} sentences "
          f"(warm-up + median of {args.repeats} runs)")
    print(f"machine: {machine['cores']} cores, {machine['platform']}, Python {machine['python']}; "
          f"1-minute load average {load_before[0]:.1f} before, {machine['load_average_after'][0]:.1f} after")
    if max(load_before[0], machine["load_average_after"][0]) > (machine["cores"] or 1):
        print("warning: the load exceeded the core count, so other work shared the CPU and these rates "
              "understate the pipeline's speed")
    head = f"{'stage':<18}{'median s':>10}{'sentences/s':>13}{'share of analyze':>18}"
    print(head)
    print("-" * len(head))
    whole = results["analyze (whole)"]["median_seconds"]
    for name, r in results.items():
        share = f"{r['median_seconds'] / whole:.0%}" if name not in ("analyze (whole)", "stock VADER") else ""
        print(f"{name:<18}{r['median_seconds']:>10.3f}{r['sentences_per_second']:>13,.0f}{share:>18}")
    print(f"loading the model (once): {load_seconds:.2f} s")
    if args.json:
        write_json(args.json, {"benchmark": "speed", "machine": machine, "n_documents": n_docs,
                               "n_corpus_documents": n_corpus, "n_sentences": n_sent, "repeats": args.repeats,
                               "load_model_seconds": load_seconds, "stages": results})
    return 0


if __name__ == "__main__":
    sys.exit(main())
