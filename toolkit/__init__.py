"""Stance and sentiment of political actors in news text.

Read articles, split them into sentences, attribute each sentence to its speaker and actor,
label the speaker's stance (threatening, condemning, neutral) with a target, score tone, and
compare actors.
"""
from . import plotting
from ._actors import actor_from_source, add_actor_alias, add_office_holder, resolve_actor
from ._compare import (
    compare_actors,
    sentiment_by_actor,
    sentiment_over_time,
    stance_over_time,
    stance_shares,
    stance_vs_hostility,
    target_matrix,
    typical_sentences,
)
from ._errors import InputError
from ._evaluate import evaluate_table, match_to_gold
from ._features import AttributionFeatures, LexiconFeatures, SentimentFeatures, SpeechActFeatures
from ._io import read_documents, write_table
from ._pipeline import analyze
from ._segment import sentence_spans, split_sentences
from ._sentiment import hostility, vader_scores
from ._stance import StanceClassifier, load_classifier, save_classifier
from .datasets import load_corpus
from .plotting import (
    plot_confusion_matrix,
    plot_sentiment_by_actor,
    plot_sentiment_over_time,
    plot_stance_over_time,
    plot_stance_shares,
    plot_stance_vs_hostility,
    plot_target_heatmap,
    write_standard_charts,
)

__version__ = "0.1.0"

__all__ = [
    "AttributionFeatures", "InputError", "LexiconFeatures", "SentimentFeatures", "SpeechActFeatures",
    "StanceClassifier", "actor_from_source", "add_actor_alias", "add_office_holder", "analyze", "compare_actors",
    "evaluate_table", "hostility", "load_classifier", "load_corpus", "match_to_gold",
    "plot_confusion_matrix", "plot_sentiment_by_actor", "plot_sentiment_over_time",
    "plot_stance_over_time", "plot_stance_shares", "plot_stance_vs_hostility", "plot_target_heatmap",
    "plotting", "read_documents", "resolve_actor", "save_classifier", "sentence_spans",
    "sentiment_by_actor", "sentiment_over_time", "split_sentences", "stance_over_time",
    "stance_shares", "stance_vs_hostility", "target_matrix", "typical_sentences", "vader_scores",
    "write_standard_charts", "write_table",
]
