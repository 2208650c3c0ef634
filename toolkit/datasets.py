"""The annotated corpus written for this project (see ``datasets/README.md``)."""
from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import numpy as np
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


def _read_jsonl(path) -> tuple[pd.DataFrame, list[int]]:
    """Records of a JSON Lines file, values as written (no type guessing), and their line numbers."""
    path = Path(path)
    if path.suffix.lower() not in (".jsonl", ".ndjson", ".json"):
        raise InputError(f"{path}: a labelled set is read from JSON Lines files (.jsonl), "
                         "one JSON object per line")
    records, linenos = read_jsonl(path)
    return pd.DataFrame.from_records(records), linenos


def _require_fields(table: pd.DataFrame, fields, path, linenos) -> None:
    """Every record has every field (checked before any value is read, so that a field missing
    from one record, which turns the others' numbers into floats, is named as missing)."""
    missing = [f for f in fields if f not in table.columns]
    if missing:
        raise InputError(f"{path}: records have no {', '.join(repr(f) for f in missing)} field")
    for field in fields:
        absent = table[field].isna().to_numpy()
        if absent.any():
            raise InputError(f"{path}, line {linenos[int(absent.argmax())]}: record has no {field!r}")


def _check_labelled_set(docs, doc_lines, documents, sents, sent_lines, sentences) -> None:
    """Refuse a labelled set that cannot be trained on or scored, naming the file and line."""
    from ._stance import STANCES

    lengths = {}
    for lineno, doc_id, text in zip(doc_lines, docs["doc_id"], docs["text"]):
        if not isinstance(text, str):
            raise InputError(f"{documents}, line {lineno}: record has no text (field 'text' is {text!r})")
        if doc_id in lengths:
            raise InputError(f"{documents}, line {lineno}: doc_id {doc_id!r} appears more than once")
        lengths[doc_id] = len(text)
    rows = zip(sent_lines, sents["doc_id"], sents["start"], sents["end"], sents["stance"])
    for lineno, doc_id, start, end, stance in rows:
        where = f"{sentences}, line {lineno}"
        if doc_id not in lengths:
            raise InputError(f"{where}: doc_id {doc_id!r} is not in {documents}")
        for field, value in (("start", start), ("end", end)):
            if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
                raise InputError(f"{where}: field {field!r} is {value!r}, not a character offset (an integer)")
        if not 0 <= start < end <= lengths[doc_id]:
            raise InputError(f"{where}: offsets {start}-{end} are not a span of document {doc_id!r} "
                             f"({lengths[doc_id]} characters)")
        if stance not in STANCES:
            raise InputError(f"{where}: field 'stance' is {stance!r}, not one of {', '.join(STANCES)}")


def load_gold(documents, sentences) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Read a labelled set in the corpus format (``documents.jsonl``, ``sentences.jsonl``).

    ``documents.jsonl`` holds one object per document with ``doc_id`` and ``text``;
    ``sentences.jsonl`` one object per labelled sentence with ``doc_id``, ``start`` and
    ``end`` (character offsets into the document's text) and ``stance``, optionally
    ``target``, ``speaker``, ``actor`` and others.

    Returns
    -------
    (documents, sentences) : tuple of pandas.DataFrame

    Raises
    ------
    InputError
        For a file that is not JSON Lines, a missing field, a duplicate document, a sentence
        of an unknown document, offsets outside the document or a stance that is not one of
        the codebook's three. The message names the file and line.
    """
    docs, doc_lines = _read_jsonl(documents)
    sents, sent_lines = _read_jsonl(sentences)
    _require_fields(docs, ("doc_id", "text"), documents, doc_lines)
    _require_fields(sents, ("doc_id", "start", "end", "stance"), sentences, sent_lines)
    for table in (docs, sents):
        table["doc_id"] = table["doc_id"].astype(str)
    _check_labelled_set(docs, doc_lines, documents, sents, sent_lines, sentences)
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
