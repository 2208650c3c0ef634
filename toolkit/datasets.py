"""The annotated corpus written for this project (see ``datasets/README.md``)."""
from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import pandas as pd

from ._errors import InputError
from ._io import read_jsonl

__all__ = ["load_corpus", "corpus_path", "load_gold"]

SPLITS = ("train", "dev", "test")


def corpus_path() -> Path:
    """The folder holding ``documents.jsonl``, ``sentences.jsonl`` and ``split.json``.

    The package ships a copy of ``datasets/corpus`` as ``toolkit/data/corpus``.
    """
    return Path(str(resources.files("toolkit").joinpath("data", "corpus")))


def _read_jsonl(path) -> pd.DataFrame:
    """Records of a JSON Lines file, values as written (no type guessing)."""
    path = Path(path)
    if path.suffix.lower() not in (".jsonl", ".ndjson", ".json"):
        raise InputError(f"{path}: a labelled set is read from JSON Lines files (.jsonl), "
                         "one JSON object per line")
    records, _ = read_jsonl(path)
    return pd.DataFrame.from_records(records)


def load_gold(documents, sentences) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Read a labelled set in the corpus format (``documents.jsonl``, ``sentences.jsonl``).

    Returns
    -------
    (documents, sentences) : tuple of pandas.DataFrame
    """
    docs = _read_jsonl(documents)
    sents = _read_jsonl(sentences)
    for table, name in ((docs, documents), (sents, sentences)):
        if "doc_id" not in table.columns:
            raise InputError(f"{name}: records have no 'doc_id' field")
        table["doc_id"] = table["doc_id"].astype(str)
    missing = [c for c in ("start", "end", "stance") if c not in sents.columns]
    if missing:
        raise InputError(f"{sentences}: records have no {', '.join(repr(c) for c in missing)} field")
    if "target" not in sents.columns:
        sents["target"] = ""
    sents["target"] = sents["target"].fillna("").astype(str)
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
