"""Sentiment (stock VADER from the ``vaderSentiment`` package, lexicon included) and hostility.

VADER's lexicon ships inside the PyPI package ``vaderSentiment``, so nothing is downloaded.
Hostility is our own measure of how strong the hostile language is: the sum of
the weights (1-3) of the threat and condemnation patterns of ``data/lexicons/stance_lexicon.csv``
found in the speaker's words, each counted once, divided by ``1 + log(1 + n_words / 10)`` so that
long sentences do not score high just by length.  ``annihilate``, ``puppet``, ``flagrant
violation`` weigh 3; ``violate``, ``provocation`` 2; ``regime``, ``concern over``, ``blame`` 1.
"""
from __future__ import annotations

import math
from contextlib import contextmanager
from functools import lru_cache
from importlib import resources

from ._patterns import PatternIndex, pattern_index

__all__ = ["vader_scores", "hostility", "speaker_words", "load_lexicon", "sentiment_analyzer"]


@lru_cache(maxsize=1)
def sentiment_analyzer():
    """VADER's reference analyser from the PyPI package ``vaderSentiment``, with its own lexicon.

    NLTK's port of VADER (``nltk.sentiment.vader``) reads the same lexicon file but scores some
    sentences differently (it drops one-letter words such as ``a`` and ``I``, and treats
    ``never so`` differently), so the reference implementation is used: its scores are stock
    VADER's by definition, it needs no ``nltk.download``, and it is about twice as fast here.
    """
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


#: Scores already computed, while :func:`remembered_scores` is active (``None`` otherwise).
_remembered: dict | None = None


@contextmanager
def remembered_scores():
    """Within the block, :func:`vader_scores` scores each distinct text once.

    The pipeline scores the speaker's words twice, for the stance model's features and for the
    table's tone columns; it wraps each batch of documents in this block. The scores are
    forgotten when the block ends.
    """
    global _remembered
    outer = _remembered
    _remembered = {} if outer is None else outer
    try:
        yield
    finally:
        _remembered = outer


def vader_scores(text: str) -> dict:
    """VADER's ``compound``, ``pos``, ``neg`` and ``neu`` scores of ``text``.

    Examples
    --------
    >>> vader_scores("We warmly welcome the agreement.")["compound"] > 0
    True
    """
    memo = _remembered
    if memo is None:
        return sentiment_analyzer().polarity_scores(text)
    scores = memo.get(text)
    if scores is None:
        scores = memo[text] = sentiment_analyzer().polarity_scores(text)
    return scores


@lru_cache(maxsize=1)
def load_lexicon() -> list[tuple[str, str, float]]:
    """The shipped threat/condemnation lexicon: (pattern, category, weight) rows."""
    path = resources.files("toolkit").joinpath("data", "lexicons", "stance_lexicon.csv")
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines()[1:]:
        if not line.strip() or line.startswith("#"):
            continue
        pattern, category, weight = line.rsplit(",", 2)
        rows.append((pattern, category, float(weight)))
    return rows


@lru_cache(maxsize=1)
def _hostile_patterns() -> tuple[PatternIndex, list[float]]:
    rows = [(p, w) for p, c, w in load_lexicon() if c.startswith(("threat_", "condemn_"))]
    return pattern_index(tuple(p for p, _ in rows)), [w for _, w in rows]


def hostility(text: str) -> float:
    """Hostility intensity of ``text`` (0 for none; see the module docstring).

    Examples
    --------
    >>> hostility("We will annihilate the puppet traitors.") > hostility("We regret the decision.")
    True
    """
    low = text.lower()
    index, weights = _hostile_patterns()
    total = sum(weights[i] for i, regex in index.regexes(low) if regex.search(low))
    n_words = len(low.split())
    return total / (1.0 + math.log1p(n_words / 10.0))


def speaker_words(sentence: str, quote_spans: list[tuple[int, int]], offset: int) -> tuple[str, str]:
    """The speaker's own words in a sentence: its quoted parts if any, else the sentence.

    Returns
    -------
    (str, str)
        The text and which it is, ``"quote"`` or ``"sentence"``.
    """
    parts = [sentence[max(s - offset, 0):max(e - offset, 0)] for s, e in quote_spans]
    parts = [p for p in parts if p.strip()]
    if parts:
        return " ".join(p.strip() for p in parts), "quote"
    return sentence, "sentence"
