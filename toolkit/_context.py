"""Document context for the stance classifier's second stage.

A speaker's stance carries over between the sentences of one quote or statement: a bare
``Not one inch.`` after a threat is part of the threat, and a dry sentence in a document whose
speaker condemns throughout is rarely neutral. The second stage of
:class:`toolkit.StanceClassifier` sees, next to a sentence's own first-stage probabilities, the
first-stage hostility of its neighbours and of everything its speaker says in the document.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["context_features", "context_feature_names"]

_HOSTILE = ("threatening", "condemning")


def context_feature_names(classes) -> np.ndarray:
    """Names of the columns :func:`context_features` returns, in order."""
    names = [f"own_logp_{c}" for c in classes]
    for side in ("prev", "next"):
        for who in ("same_speaker", "other_speaker"):
            names += [f"{side}_{who}_p_{h}" for h in _HOSTILE]
    names += [f"speaker_mean_p_{h}" for h in _HOSTILE] + [f"speaker_max_p_{h}" for h in _HOSTILE]
    return np.asarray(names, dtype=object)


def context_features(table: pd.DataFrame, proba: np.ndarray, classes) -> np.ndarray:
    """Context features of each sentence from first-stage probabilities.

    Parameters
    ----------
    table : pandas.DataFrame
        One row per sentence, with ``doc_id``, ``sent_idx``, ``actor`` and ``speaker_source``
        (as made by ``prepare_input``); rows of a document need not be adjacent or in order.
    proba : ndarray of shape (n_sentences, n_classes)
        First-stage probabilities, rows as in ``table``.
    classes : sequence of str
        The column order of ``proba``.

    Returns
    -------
    ndarray of shape (n_sentences, n_classes + 12)
        The log of the sentence's own probabilities; the threatening and condemning
        probabilities of the previous and the next sentence of the document, split by whether
        that sentence has the same speaker (same actor) or another one (sentences the writer
        speaks count as neither); and the mean and maximum of those two probabilities over all
        sentences of the same speaker in the document. Writer (``AUTHOR``) sentences get zeros
        for everything but their own probabilities.
    """
    classes = list(classes)
    n = len(table)
    hostile = proba[:, [classes.index(h) for h in _HOSTILE]]
    own = np.log(np.clip(proba, 1e-4, 1.0))
    neighbours = np.zeros((n, 8))
    speaker_stats = np.zeros((n, 4))
    if n:
        doc = table["doc_id"].astype(str).to_numpy()
        key = (table["doc_id"].astype(str) + "\x1f" + table["actor"].astype(str)).to_numpy()
        writer = (table["speaker_source"] == "author").to_numpy()
        order = np.lexsort((table["sent_idx"].to_numpy(), doc))
        for pos, i in enumerate(order):
            if writer[i]:
                continue
            for side, step in ((0, -1), (1, 1)):
                q = pos + step
                if not 0 <= q < n:
                    continue
                k = order[q]
                if doc[k] != doc[i] or writer[k]:
                    continue
                col = 4 * side + (0 if key[k] == key[i] else 2)
                neighbours[i, col:col + 2] = hostile[k]
        spoken = pd.DataFrame({"key": key, "t": hostile[:, 0], "c": hostile[:, 1]})[~writer]
        if len(spoken):
            groups = spoken.groupby("key")[["t", "c"]]
            speaker_stats[~writer, :2] = groups.transform("mean").to_numpy()
            speaker_stats[~writer, 2:] = groups.transform("max").to_numpy()
    return np.hstack([own, neighbours, speaker_stats])
