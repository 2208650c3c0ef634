"""The annotated corpus written for this project (see ``datasets/README.md``)."""
from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import pandas as pd

__all__ = ["load_corpus", "corpus_path", "load_gold"]

SPLITS = ("train", "dev", "test")


def corpus_path() -> Path:
    """The folder holding ``documents.jsonl``, ``sentences.jsonl`` and ``split.json``.

    The package ships a copy of ``datasets/corpus`` as ``toolkit/data/corpus``.
    """
    return Path(str(resources.files("toolkit").joinpath("data", "corpus")))


def load_gold(documents, sentences) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Read a labelled set in the corpus format (``documents.jsonl``, ``sentences.jsonl``).

    Returns
    -------
    (documents, sentences) : tuple of pandas.DataFrame
    """
    docs = pd.read_json(documents, lines=True, dtype={"doc_id": str, "date": str}, convert_dates=False)
    sents = pd.read_json(sentences, lines=True, dtype={"doc_id": str, "target": str}, convert_dates=False)
    sents["target"] = sents["target"].fillna("").replace("None", "")
    return docs, sents


def load_corpus(split: str | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Load the project's annotated corpus.

    Parameters
    ----------
    split : {"train", "dev", "test"}, optional
        One fixed split by document (about 70/15/15); the whole corpus if omitted.

    Returns
    -------
    documents : pandas.DataFrame
        ``doc_id``, ``source_type``, ``date``, ``title``, ``kind``, ``text``, ``split``.
    sentences : pandas.DataFrame
        ``doc_id``, ``sent_idx``, ``start``, ``end``, ``text``, ``speaker``, ``actor``,
        ``stance``, ``target``, ``hard_case``, ``split``.

    Examples
    --------
    >>> docs, sents = load_corpus("test")
    >>> set(sents["stance"]) <= {"threatening", "condemning", "neutral"}
    True
    """
    if split is not None and split not in SPLITS:
        raise ValueError(f"split must be one of {SPLITS} or None, not {split!r}")
    folder = corpus_path()
    docs, sents = load_gold(folder / "documents.jsonl", folder / "sentences.jsonl")
    assignment = json.loads((folder / "split.json").read_text(encoding="utf-8"))
    docs["split"] = docs["doc_id"].map(assignment)
    sents["split"] = sents["doc_id"].map(assignment)
    if split is not None:
        docs = docs[docs["split"] == split].reset_index(drop=True)
        sents = sents[sents["split"] == split].reset_index(drop=True)
    return docs, sents
