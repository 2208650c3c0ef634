"""Helpers shared by the benchmark scripts in this folder.

The scripts are run as ``python benchmarks/<name>.py`` from the repository root; each puts its
own folder on ``sys.path`` and imports what it needs from here: where the real labelled sets
live and how to load them, the command-line options every script has, loading the stance model
(with the exit code the scripts return when that fails), running the pipeline on a labelled set
and writing the figures to a strict JSON file.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import pandas as pd

import toolkit
from toolkit.datasets import load_gold

__all__ = [
    "DATA_DIR", "REAL_SETS", "EXIT_NO_MODEL", "finite", "make_parser", "add_model_option",
    "load_sets", "load_model", "analyze_documents", "write_json",
]

#: Where the real labelled sets live: ``../shared/data`` next to the repository, found from
#: this file's path rather than the working directory.
DATA_DIR = Path(__file__).resolve().parents[1] / ".." / "shared" / "data"
#: The real labelled sets, in the order they are measured and printed.
REAL_SETS = ("realnews-dev", "ordinary-dev")
#: The exit code of a script that cannot load the stance model.
EXIT_NO_MODEL = 2


def finite(obj):
    """Replace NaN floats by ``None``, so that the figures can be written as strict JSON.

    Parameters
    ----------
    obj : object
        Figures: a dict, list or tuple (walked recursively) or a single value.

    Returns
    -------
    object
        The same structure, with tuples turned into lists and every NaN float into ``None``.

    Examples
    --------
    >>> finite({"f1": float("nan"), "n": [1, 0.5]})
    {'f1': None, 'n': [1, 0.5]}
    """
    if isinstance(obj, dict):
        return {k: finite(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [finite(v) for v in obj]
    if isinstance(obj, float) and obj != obj:
        return None
    return obj


def make_parser(doc: str, *, data: bool = False) -> argparse.ArgumentParser:
    """A command-line parser with the options the benchmark scripts share.

    Parameters
    ----------
    doc : str
        The script's module docstring; its first paragraph is the description shown by
        ``--help``, the rest is kept as written.
    data : bool, default False
        Also add ``--data DIR``, the folder holding the real labelled sets (default
        :data:`DATA_DIR`).

    Returns
    -------
    argparse.ArgumentParser
        A parser with ``--json FILE`` (and ``--data DIR``); add the script's own options to it.
    """
    parser = argparse.ArgumentParser(description=doc.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--json", metavar="FILE", help="also write the figures to this JSON file")
    if data:
        parser.add_argument("--data", metavar="DIR", default=str(DATA_DIR),
                            help="folder holding realnews-dev/ and ordinary-dev/ (default: %(default)s)")
    return parser


def add_model_option(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """Add ``--model DIR`` (a saved stance model instead of the shipped one) to ``parser``.

    Parameters
    ----------
    parser : argparse.ArgumentParser
        The script's parser.

    Returns
    -------
    argparse.ArgumentParser
        ``parser`` itself.
    """
    parser.add_argument("--model", metavar="DIR", help="stance model folder (default: the shipped model)")
    return parser


def load_sets(data_dir, *, split: str | None = None, corpus_last: bool = False) -> dict:
    """The labelled sets to measure: the bundled corpus and the real sets found in ``data_dir``.

    A real set is read only when its folder holds both ``documents.jsonl`` and
    ``sentences.jsonl``; a missing set or a missing ``data_dir`` is skipped with a note on
    standard output.

    Parameters
    ----------
    data_dir : str or pathlib.Path
        Folder holding one sub-folder per name in :data:`REAL_SETS`.
    split : str, optional
        Corpus split to measure (``"test"``), named ``"corpus <split>"``; by default the whole
        corpus, named ``"corpus (all)"``.
    corpus_last : bool, default False
        Put the corpus after the real sets instead of before them.

    Returns
    -------
    dict
        ``name -> (documents, sentences)``, in measuring order.
    """
    data_dir = Path(data_dir)
    if split is None:
        corpus_name, corpus_what = "corpus (all)", "the bundled corpus"
    else:
        corpus_name, corpus_what = f"corpus {split}", f"the corpus {split} split"
    real = {}
    if data_dir.is_dir():
        for name in REAL_SETS:
            folder = data_dir / name
            if (folder / "documents.jsonl").is_file() and (folder / "sentences.jsonl").is_file():
                real[name] = load_gold(folder / "documents.jsonl", folder / "sentences.jsonl")
            else:
                print(f"note: {folder.resolve()} has no documents.jsonl/sentences.jsonl; skipped")
    else:
        print(f"note: {data_dir.resolve()} not found; the real labelled sets are skipped "
              f"(only {corpus_what} is measured)")
    corpus = {corpus_name: toolkit.load_corpus(split)}
    return {**real, **corpus} if corpus_last else {**corpus, **real}


def load_model(folder=None):
    """The stance classifier, or ``None`` after saying on standard error why it cannot be loaded.

    Parameters
    ----------
    folder : str or pathlib.Path, optional
        A model saved with ``toolkit train --out DIR``; by default the shipped model.

    Returns
    -------
    toolkit.StanceClassifier or None
        ``None`` when :func:`toolkit.load_classifier` raises ``FileNotFoundError`` or
        ``ValueError``; the script should then return :data:`EXIT_NO_MODEL`.
    """
    try:
        return toolkit.load_classifier(folder)
    except (FileNotFoundError, ValueError) as exc:
        print(f"cannot load the stance model: {exc}", file=sys.stderr)
        return None


def analyze_documents(documents: pd.DataFrame, classifier) -> pd.DataFrame:
    """Run the whole pipeline on a labelled set's documents.

    Parameters
    ----------
    documents : pandas.DataFrame
        Documents as :func:`toolkit.load_corpus` or ``load_gold`` give them; a corpus
        ``split`` column is dropped first so that it does not reach the sentence table.
    classifier : toolkit.StanceClassifier
        The stance model.

    Returns
    -------
    pandas.DataFrame
        The sentence table of :func:`toolkit.analyze`.
    """
    docs = documents.drop(columns=[c for c in ("split",) if c in documents.columns])
    return toolkit.analyze(docs, classifier=classifier)


def write_json(path, figures: dict) -> None:
    """Write ``figures`` to ``path`` as strict JSON (NaN as ``null``) and say so.

    Parameters
    ----------
    path : str or pathlib.Path
        The file to write (UTF-8, indented, with a final newline).
    figures : dict
        The script's figures.
    """
    Path(path).write_text(json.dumps(finite(figures), indent=2) + "\n", encoding="utf-8")
    print(f"figures written to {path}")
