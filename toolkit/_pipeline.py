"""``analyze``: documents in, one row per sentence out, every stage adding its columns."""
from __future__ import annotations

import numpy as np
import pandas as pd

from ._actors import default_resolver
from ._io import read_documents
from ._segment import sentence_spans
from ._sentiment import hostility, remembered_scores, speaker_words, vader_scores
from ._speakers import attribute_document
from ._stance import STANCES, load_classifier
from ._targets import find_target

__all__ = ["analyze", "segment", "attribute", "SENTENCE_COLUMNS"]

#: The columns of the sentence table, in order; document columns follow them.
SENTENCE_COLUMNS = [
    "doc_id", "date", "sent_idx", "start", "end", "text", "speaker", "actor", "stance", "target",
    "p_threatening", "p_condemning", "p_neutral", "compound", "pos", "neg", "neu", "hostility",
    "sentiment_span", "speaker_source", "cue_class", "quoted_share", "speech",
]


def segment(documents, *, spans=None) -> pd.DataFrame:
    """Split documents into the sentence table's first columns.

    Parameters
    ----------
    documents : anything :func:`toolkit.read_documents` reads
    spans : dict, optional
        ``doc_id -> list of (start, end)`` to use instead of the splitter (gold sentences).

    Returns
    -------
    pandas.DataFrame
        ``doc_id``, ``date``, ``sent_idx``, ``start``, ``end``, ``text`` and the document's
        other columns (``doc_text`` holds the full text for the later stages).
    """
    docs = read_documents(documents)
    extra = [c for c in docs.columns if c not in ("doc_id", "date", "text")]
    rows = []
    for doc in docs.to_dict("records"):
        text = doc["text"] or ""
        doc_spans = spans.get(doc["doc_id"], []) if spans is not None else sentence_spans(text)
        for i, (s, e) in enumerate(doc_spans):
            row = {"doc_id": doc["doc_id"], "date": doc["date"], "sent_idx": i, "start": s, "end": e,
                   "text": text[s:e], "doc_text": text}
            row.update({c: doc[c] for c in extra})
            rows.append(row)
    columns = ["doc_id", "date", "sent_idx", "start", "end", "text", "doc_text"] + extra
    return pd.DataFrame(rows, columns=columns)


def _field(row, name: str) -> str | None:
    """A document field as a string, or ``None`` when absent or missing."""
    value = row.get(name)
    if value is None or (pd.api.types.is_scalar(value) and pd.isna(value)):
        return None
    return str(value)


def attribute(table: pd.DataFrame) -> pd.DataFrame:
    """Add ``speaker``, ``actor`` and the attribution columns to a segmented table.

    Adds ``speaker_source`` (how the speaker was found), ``cue_class``, ``quoted_share``,
    ``speech`` (the speaker's own words: the quoted span if any, else the sentence),
    ``sentiment_span`` (``quote`` or ``sentence``) and ``_speaker_span`` (internal).
    """
    resolver = default_resolver()
    out = table.copy()
    cols = {k: [None] * len(out) for k in ("speaker", "actor", "speaker_source", "cue_class",
                                           "quoted_share", "speech", "sentiment_span", "_speaker_span")}
    for idx in out.groupby("doc_id", sort=False).indices.values():
        first = out.iloc[idx[0]]
        spans = list(zip(out["start"].iloc[idx], out["end"].iloc[idx]))
        atts = attribute_document(first["doc_text"], spans, date=_field(first, "date"),
                                  title=_field(first, "title"), author=_field(first, "author"),
                                  source_type=_field(first, "source_type"), source=_field(first, "source"),
                                  resolver=resolver)
        for row, (s, e), att in zip(idx, spans, atts):
            sent = first["doc_text"][s:e]
            words, kind = speaker_words(sent, att.quote_spans, s)
            quoted = sum(qe - qs for qs, qe in att.quote_spans)
            for key, value in (("speaker", att.speaker), ("actor", att.actor), ("speaker_source", att.source),
                               ("cue_class", att.cue_class), ("quoted_share", quoted / max(e - s, 1)),
                               ("speech", words), ("sentiment_span", kind), ("_speaker_span", att.speaker_span)):
                cols[key][row] = value
    for key, values in cols.items():
        out[key] = values
    return out


def _add_stance(table: pd.DataFrame, classifier) -> pd.DataFrame:
    out = table.copy()
    proba = classifier.predict_proba(out) if len(out) else np.zeros((0, len(STANCES)))
    classes = list(classifier.classes_)
    for stance in STANCES:
        out[f"p_{stance}"] = proba[:, classes.index(stance)] if len(out) else []
    out["stance"] = [classes[i] for i in proba.argmax(axis=1)] if len(out) else []
    return out


def _add_targets(table: pd.DataFrame) -> pd.DataFrame:
    resolver = default_resolver()
    targets = [""] * len(table)
    stance, text, actor = table["stance"].tolist(), table["text"].tolist(), table["actor"].tolist()
    start, span = table["start"].tolist(), table["_speaker_span"].tolist()
    for idx in table.groupby("doc_id", sort=False).indices.values():
        hostile = [row for row in idx if stance[row] != "neutral"]
        if not hostile:
            continue  # nothing to aim: the document's actors need not be counted
        first = table.iloc[idx[0]]
        date = _field(first, "date")
        counts: dict[str, int] = {}
        for m in resolver.mentions(first["doc_text"], date=date):
            counts[m.actor] = counts.get(m.actor, 0) + 1
        ranked = sorted(counts, key=lambda a: -counts[a])
        for row in hostile:
            skip = span[row]
            local = (skip[0] - start[row], skip[1] - start[row]) if skip else None
            targets[row] = find_target(text[row], speaker_actor=actor[row], resolver=resolver,
                                       date=date, skip=local, fallback=ranked)
    out = table.copy()
    out["target"] = targets
    return out


def _add_sentiment(table: pd.DataFrame) -> pd.DataFrame:
    out = table.copy()
    scores = [vader_scores(t) for t in out["speech"]]
    for key in ("compound", "pos", "neg", "neu"):
        out[key] = [s[key] for s in scores]
    out["hostility"] = [hostility(t) for t in out["speech"]]
    return out


def analyze(documents, *, classifier=None, progress: bool = False) -> pd.DataFrame:
    """Analyse articles: one row per sentence with speaker, actor, stance, target and tone.

    Parameters
    ----------
    documents : str, Path, DataFrame or list
        Anything :func:`toolkit.read_documents` reads (files, folders, tables).
    classifier : StanceClassifier, optional
        Defaults to the shipped model (:func:`toolkit.load_classifier`).
    progress : bool, default False
        Show a progress bar over documents on stderr.

    Returns
    -------
    pandas.DataFrame
        The sentence table: ``doc_id``, ``date``, ``sent_idx``, ``start``, ``end``
        (``document_text[start:end] == text``), ``text``, ``speaker``, ``actor``, ``stance``,
        ``target``, ``p_threatening``, ``p_condemning``, ``p_neutral``, VADER's ``compound``,
        ``pos``, ``neg``, ``neu`` and ``hostility`` (of the speaker's words), ``sentiment_span``,
        the attribution columns ``speaker_source``, ``cue_class``, ``quoted_share``, ``speech``,
        then the documents' other columns.

    Examples
    --------
    >>> table = analyze(pd.DataFrame({"text": ['"We will strike back," the ministry said.']}))
    >>> table[["speaker", "stance"]].to_dict("records")
    [{'speaker': 'the ministry', 'stance': 'threatening'}]
    """
    classifier = classifier if classifier is not None else load_classifier()
    docs = read_documents(documents)
    parts = []
    chunks = [docs.iloc[i:i + 50] for i in range(0, len(docs), 50)] or [docs]
    bar = None
    if progress:
        from tqdm.auto import tqdm
        bar = tqdm(total=len(docs), unit="doc", desc="analyze")
    for chunk in chunks:
        with remembered_scores():  # the stance features and the tone columns score the same words
            table = attribute(segment(chunk))
            table = _add_stance(table, classifier)
            table = _add_targets(table)
            parts.append(_add_sentiment(table))
        if bar is not None:
            bar.update(len(chunk))
    if bar is not None:
        bar.close()
    table = pd.concat(parts, ignore_index=True) if parts else segment(docs)
    doc_cols = [c for c in table.columns if c not in SENTENCE_COLUMNS and c not in ("doc_text", "_speaker_span")]
    for col in SENTENCE_COLUMNS:
        if col not in table.columns:
            table[col] = pd.Series(dtype=object)
    return table[SENTENCE_COLUMNS + doc_cols].reset_index(drop=True)
