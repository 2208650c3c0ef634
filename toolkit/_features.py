"""Feature extractors for stance: scikit-learn transformers with named features.

Each takes the sentence table (a DataFrame with a ``text`` column and, for
:class:`AttributionFeatures`, the attribution columns that :func:`toolkit.analyze` adds) or a
list of strings, and returns a dense array.  All follow scikit-learn's conventions: the
constructor stores parameters, ``fit`` learns, ``get_feature_names_out`` names every column.
"""
from __future__ import annotations

import re
from functools import lru_cache

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils.validation import check_is_fitted

from ._patterns import WORD_START, pattern_index
from ._sentiment import load_lexicon, vader_scores

__all__ = ["LexiconFeatures", "SentimentFeatures", "SpeechActFeatures", "AttributionFeatures",
           "text_column"]

_NEGATORS = re.compile(r"\b(?:not|no|never|neither|nor|without|n't|cannot|refused to|rules? out)\b")
_FUTURE = re.compile(r"\b(?:will|would|shall|'ll|going to|is to|are to|ready to|prepared to)\b")


@lru_cache(maxsize=4096)
def _compiled(pattern: str) -> re.Pattern:
    return re.compile(pattern)


def text_column(X, column: str = "text") -> list[str]:
    """The texts of ``X``: a DataFrame's ``column``, a Series, or a list of strings."""
    if isinstance(X, pd.DataFrame):
        if column not in X.columns:
            raise ValueError(f"input table has no '{column}' column")
        values = X[column]
    else:
        values = X
    return ["" if v is None or (isinstance(v, float) and np.isnan(v)) else str(v) for v in values]


def _speech_texts(X, use_quotes: bool) -> list[str]:
    if use_quotes and isinstance(X, pd.DataFrame) and "speech" in X.columns:
        return text_column(X, "speech")
    return text_column(X)


class LexiconFeatures(TransformerMixin, BaseEstimator):
    """Counts and weights of threat and condemnation patterns, with negation and modality.

    Parameters
    ----------
    lexicon : list of (pattern, category, weight), optional
        Patterns to use (regular expressions on lower-cased text). Defaults to the shipped
        ``data/lexicons/stance_lexicon.csv``.
    negation_window : int, default 4
        How many words before a match a negator (``not``, ``no``, ``never``) negates it.

    Examples
    --------
    >>> f = LexiconFeatures().fit(["x"])
    >>> row = dict(zip(f.get_feature_names_out(), f.transform(["If they dare, we will retaliate."])[0]))
    >>> bool(row["threat_conditional"] > 0 and row["threat_force"] > 0)
    True
    """

    def __init__(self, *, lexicon=None, negation_window: int = 4):
        self.lexicon = lexicon
        self.negation_window = negation_window

    def fit(self, X, y=None):
        rows = load_lexicon() if self.lexicon is None else [(p, c, w) for p, c, w in self.lexicon]
        # plain strings, so that a saved model holds no compiled objects
        self.patterns_ = [(WORD_START + p, str(c), float(w)) for p, c, w in rows]
        self.categories_ = sorted({c for _, c, _ in self.patterns_})
        self.n_features_in_ = 1
        return self

    def get_feature_names_out(self, input_features=None):
        check_is_fitted(self, "patterns_")
        extra = ["threat_weight", "condemn_weight", "calm_weight", "negated_threat", "negated_condemn",
                 "threat_with_future", "threat_first_person"]
        return np.array(self.categories_ + extra, dtype=object)

    def transform(self, X):
        check_is_fitted(self, "patterns_")
        texts = text_column(X)
        index = {c: i for i, c in enumerate(self.categories_)}
        n_cat = len(self.categories_)
        out = np.zeros((len(texts), n_cat + 7))
        # patterns_ keeps the look-behind in front, as models saved before the quick test had it
        lexicon = pattern_index(tuple(p.removeprefix(WORD_START) for p, _, _ in self.patterns_))
        for row, text in enumerate(texts):
            low = text.lower()
            for i, pattern in lexicon.regexes(low):
                _, category, weight = self.patterns_[i]
                for m in pattern.finditer(low):
                    window = " ".join(low[:m.start()].split()[-self.negation_window:])
                    negated = bool(_NEGATORS.search(window))
                    kind = category.split("_", 1)[0]
                    if negated and kind in ("threat", "condemn"):
                        out[row, n_cat + (3 if kind == "threat" else 4)] += 1
                        continue
                    out[row, index[category]] += 1
                    if kind == "threat":
                        out[row, n_cat] += weight
                        clause = low[max(0, m.start() - 60):m.start()]
                        out[row, n_cat + 5] += bool(_FUTURE.search(clause))
                        out[row, n_cat + 6] += bool(re.search(r"\b(?:we|our|us|i)\b", clause))
                    elif kind == "condemn":
                        out[row, n_cat + 1] += weight
                    else:
                        out[row, n_cat + 2] += weight
        return np.log1p(out)


class SentimentFeatures(TransformerMixin, BaseEstimator):
    """VADER's ``compound``, ``pos``, ``neg`` and ``neu`` for each sentence.

    Parameters
    ----------
    use_quotes : bool, default True
        Score the ``speech`` column (the speaker's quoted words) when the input has one.
    """

    def __init__(self, *, use_quotes: bool = True):
        self.use_quotes = use_quotes

    def fit(self, X, y=None):
        self.fitted_ = True
        self.n_features_in_ = 1
        return self

    def get_feature_names_out(self, input_features=None):
        return np.array(["vader_compound", "vader_pos", "vader_neg", "vader_neu"], dtype=object)

    def transform(self, X):
        check_is_fitted(self, "fitted_")
        rows = []
        for text in _speech_texts(X, self.use_quotes):
            s = vader_scores(text)
            rows.append([s["compound"], s["pos"], s["neg"], s["neu"]])
        return np.asarray(rows, dtype=float).reshape(-1, 4)


_SPEECH_ACTS = {
    "first_person": r"\b(?:we|our|us|ours|i|my|me)\b",
    "second_person": r"\b(?:you|your|yours)\b",
    "demand": r"\b(?:must|should|urge[sd]?|urging|call(?:s|ed)? (?:on|upon)|demand(?:s|ed)?|insist(?:s|ed)?)\b",
    "question": r"\?",
    "exclamation": r"!",
    "conditional": r"\b(?:if|unless|should they|in case)\b",
    "future": _FUTURE.pattern,
    "negation": _NEGATORS.pattern,
    "quote_marks": r"[\"“”«»]",
    "number": r"\b\d[\d,.]*\b",
}


class SpeechActFeatures(TransformerMixin, BaseEstimator):
    """Speech-act cues: first and second person, demands, questions, conditionals, negation.

    Parameters
    ----------
    acts : tuple of str, optional
        Which cues to compute (names of ``SpeechActFeatures.ACTS``); all by default.
    """

    ACTS = tuple(_SPEECH_ACTS)

    def __init__(self, *, acts=None):
        self.acts = acts

    def fit(self, X, y=None):
        acts = self.ACTS if self.acts is None else tuple(self.acts)
        unknown = set(acts) - set(self.ACTS)
        if unknown:
            raise ValueError(f"unknown speech acts {sorted(unknown)}; choose from {self.ACTS}")
        self.acts_ = acts
        self.n_features_in_ = 1
        return self

    def get_feature_names_out(self, input_features=None):
        check_is_fitted(self, "acts_")
        return np.array([f"act_{a}" for a in self.acts_] + ["n_words"], dtype=object)

    def transform(self, X):
        check_is_fitted(self, "acts_")
        texts = text_column(X)
        out = np.zeros((len(texts), len(self.acts_) + 1))
        for i, text in enumerate(texts):
            low = text.lower()
            for j, act in enumerate(self.acts_):
                out[i, j] = len(_compiled(_SPEECH_ACTS[act]).findall(low))
            out[i, -1] = len(low.split())
        return np.log1p(out)


_SOURCES = ("cue", "according_to", "continuation", "issuer", "author", "question")
_CUE_CLASSES = ("threat", "condemn", "demand", "position", "neutral")
_SOURCE_TYPES = ("news", "state_media", "government_statement", "intl_org")


class AttributionFeatures(TransformerMixin, BaseEstimator):
    """What the speaker step found: who speaks (writer or not), how, and with which cue verb.

    Reads the columns ``speaker_source`` (``cue``, ``according_to``, ``continuation``,
    ``issuer``, ``author``, ``question``), ``cue_class`` (``threat``, ``condemn``, ``demand``,
    ``position``, ``neutral``), ``quoted_share`` (share of the sentence inside quotes) and ``source_type``.
    Missing columns give zeros, so plain text still works.
    """

    def fit(self, X, y=None):
        self.n_features_in_ = 1
        self.fitted_ = True
        return self

    def get_feature_names_out(self, input_features=None):
        names = [f"source_{s}" for s in _SOURCES] + [f"cue_{c}" for c in _CUE_CLASSES]
        names += ["quoted_share", "reported"] + [f"doc_{t}" for t in _SOURCE_TYPES]
        return np.array(names, dtype=object)

    def transform(self, X):
        check_is_fitted(self, "fitted_")
        n = len(X)
        cols = X if isinstance(X, pd.DataFrame) else pd.DataFrame(index=range(n))

        def column(name, default):
            return cols[name].fillna(default).tolist() if name in cols.columns else [default] * n

        source, cue, share, stype = (column("speaker_source", ""), column("cue_class", ""),
                                     column("quoted_share", 0.0), column("source_type", ""))
        out = np.zeros((n, len(self.get_feature_names_out())))
        for i in range(n):
            if source[i] in _SOURCES:
                out[i, _SOURCES.index(source[i])] = 1
            if cue[i] in _CUE_CLASSES:
                out[i, len(_SOURCES) + _CUE_CLASSES.index(cue[i])] = 1
            base = len(_SOURCES) + len(_CUE_CLASSES)
            out[i, base] = float(share[i])
            out[i, base + 1] = float(source[i] not in ("author", "issuer", ""))
            if stype[i] in _SOURCE_TYPES:
                out[i, base + 2 + _SOURCE_TYPES.index(stype[i])] = 1
        return out
