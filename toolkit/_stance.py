"""The stance classifier, its shipped model and the model card."""
from __future__ import annotations

import hashlib
import json
import re
import warnings
import zipfile
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd
import sklearn
from sklearn.base import BaseEstimator, ClassifierMixin, clone
from sklearn.compose import ColumnTransformer
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.model_selection import GroupKFold
from sklearn.pipeline import Pipeline
from sklearn.utils.validation import check_is_fitted
from threadpoolctl import threadpool_limits

from ._context import context_feature_names, context_features
from ._features import AttributionFeatures, LexiconFeatures, SentimentFeatures, SpeechActFeatures

__all__ = ["StanceClassifier", "load_classifier", "save_classifier", "STANCES", "MODEL_NAME",
           "ModelVersionWarning"]

STANCES = ("threatening", "condemning", "neutral")
MODEL_NAME = "stance-v1"
#: The shipped model with the fine-tuned sentence encoder (needs the ``embeddings`` extra).
ENCODER_MODEL_NAME = "stance-minilm-v1"
#: The shipped model that adds a frozen all-mpnet-base-v2 to it (needs all-mpnet-base-v2's
#: PyPI parts, see :mod:`toolkit._mpnet`).
MPNET_MODEL_NAME = "stance-mpnet-v2"
SHIPPED_MODELS = (MODEL_NAME, ENCODER_MODEL_NAME, MPNET_MODEL_NAME)
INPUT_COLUMNS = {"text": "", "speech": None, "speaker_source": "", "cue_class": "",
                 "quoted_share": 0.0, "source_type": "", "actor": ""}


# Codebook rules 11-12: a sentence that only says a statement was issued ("Pyongyang, May 2 (KCNA) --
# X released the following press statement titled "...":", "The minister has issued a statement.")
_ANNOUNCEMENT = re.compile(
    r"\b(?:issued|released|made public|published|delivered|made|has issued|have issued)\s+"
    r"(?:on\s+\w+\s+)?(?:the following|a|an|this)\s+(?:[\w-]+\s+){0,3}?"
    r"(?:statement|commentary|remarks|communiqu[eé]|declaration|message|press release|article|answer)"
    r"(?:\s+on\s+\w+(?:\s+\d{1,2})?)?"
    r"(?:\s+(?:titled|entitled|headlined)\s+[\"“«'‘].*)?\s*[:.]?\s*[\"”»'’]?\s*$", re.DOTALL)


def is_announcement(text: str) -> bool:
    """Whether a sentence only says that a statement was issued (codebook rules 11-12).

    Examples
    --------
    >>> is_announcement("The ministry issued the following statement on Friday:")
    True
    >>> is_announcement("The ministry issued a statement condemning the strike.")
    False
    """
    return bool(_ANNOUNCEMENT.search(text.strip()))


def scale_temperature(proba: np.ndarray, temperature: float) -> np.ndarray:
    """Probabilities with their log divided by ``temperature`` and normalised again.

    Examples
    --------
    >>> scale_temperature(np.array([[0.8, 0.2]]), 2.0).round(3)
    array([[0.667, 0.333]])
    """
    temperature = float(temperature)
    if not temperature > 0:
        raise ValueError(f"temperature must be positive, got {temperature}")
    if temperature == 1.0 or proba.size == 0:
        return proba
    logits = np.log(np.clip(proba, 1e-12, 1.0)) / temperature
    logits -= logits.max(axis=1, keepdims=True)
    scaled = np.exp(logits)
    return scaled / scaled.sum(axis=1, keepdims=True)


class ModelVersionWarning(UserWarning):
    """The model was saved with a scikit-learn version outside the range it was tested with."""


def prepare_input(X) -> pd.DataFrame:
    """The classifier's input table: ``text`` plus attribution columns, defaults filled in.

    ``X`` may be a sentence table (from :func:`toolkit.analyze`), any DataFrame with a
    ``text`` column, or a list of strings (then the attribution features are all zero). Without
    ``doc_id`` each sentence is its own document; without ``sent_idx`` rows are in text order.
    """
    if isinstance(X, pd.DataFrame):
        if "text" not in X.columns:
            raise ValueError("input table has no 'text' column")
        source = X.reset_index(drop=True)
    else:
        source = pd.DataFrame({"text": [str(x) for x in X]})
    out = pd.DataFrame(index=range(len(source)))
    for col, default in INPUT_COLUMNS.items():
        values = source[col].tolist() if col in source.columns else [None] * len(source)
        if col == "speech":
            values = [v if isinstance(v, str) else t for v, t in zip(values, source["text"].tolist())]
        elif col == "quoted_share":
            values = [float(v) if v is not None and not pd.isna(v) else 0.0 for v in values]
        else:
            values = [v if isinstance(v, str) else default for v in values]
        out[col] = values
    out["text"] = ["" if not isinstance(t, str) else t for t in source["text"].tolist()]
    out["doc_id"] = (source["doc_id"].astype(str).tolist() if "doc_id" in source.columns
                     else [f"\x1frow{i}" for i in range(len(source))])
    out["sent_idx"] = (pd.to_numeric(source["sent_idx"], errors="coerce").fillna(-1).astype(int).tolist()
                       if "sent_idx" in source.columns else list(range(len(source))))
    return out


class StanceClassifier(ClassifierMixin, BaseEstimator):
    """Label each sentence ``threatening``, ``condemning`` or ``neutral`` for its speaker.

    A logistic regression over word (and optionally character) TF-IDF n-grams, the threat and
    condemnation lexicon, VADER sentiment, speech-act cues and what the speaker step found (who
    speaks and how). An optional second stage (``context=True``) is a logistic regression over
    each sentence's first-stage probabilities together with those of its neighbours and of its
    speaker's other sentences in the document (:func:`toolkit._context.context_features`): a
    speaker's stance carries over within a quote or statement. It is fitted on out-of-fold
    first-stage probabilities (folds grouped by ``doc_id``), so it learns how far to trust the
    first stage on unseen documents. Takes the sentence table from :func:`toolkit.analyze` (or
    any DataFrame with a ``text`` column, or a list of strings, where each sentence is its own
    document).

    Parameters
    ----------
    C : float, default 4.0
        Inverse regularisation strength of the logistic regression.
    class_weight : dict, "balanced" or None, default "balanced"
    word_ngrams : tuple, default (1, 2)
    char_ngrams : tuple or None, default None
        Character n-gram range (within word boundaries), e.g. ``(2, 5)``; ``None`` (the
        default, better on held-out text) leaves them out.
    min_df : int, default 2
    use_lexicon, use_sentiment, use_speech_acts, use_attribution : bool, default True
        Which feature groups to use.
    author_neutral : bool, default True
        Codebook rule 1: a sentence the speaker step gives to the writer (``AUTHOR``) is
        neutral whatever its words; its probabilities become (0, 1, 0).
    announcement_neutral : bool, default True
        Codebook rules 11-12: a sentence that only says a statement was issued (``X released
        the following press statement titled "...":``) is neutral, whatever the title says.
    context : bool, default False
        Fit the second, document-context stage (needs at least two documents in ``doc_id``;
        with fewer, or without a ``doc_id`` column, only the first stage is fitted).
    context_folds : int, default 5
        Folds (grouped by document) for the out-of-fold probabilities the second stage learns
        from.
    context_C : float, default 1.0
        Inverse regularisation strength of the second stage.
    temperature : float, default 1.0
        Divides the model's log-probabilities before they are normalised again (temperature
        scaling): above 1 makes the probabilities less confident, below 1 more. It never
        changes which label is predicted. ``toolkit train`` sets it for text unlike the
        training text (see :func:`toolkit._training.fit_temperature`).
    encoder : estimator or list of estimators, optional
        Sentence-encoder models fitted alongside on the same sentences: a fine-tuned encoder
        (:class:`toolkit._transformer.TransformerStanceModel`) or a frozen one with a
        logistic regression (:class:`toolkit._probe.EncoderProbe`), both needing the
        ``embeddings`` extra, or a list of them. Their probabilities and the linear model's
        (after the latter's temperature) are averaged with equal weights, then the codebook's
        fixed rules apply; the sentences those rules make neutral skip the encoders. ``None``
        (the default) keeps the model light: no torch, thousands of sentences a second.
    max_iter : int, default 3000
    tol : float, default 1e-4
        Stopping tolerance of the logistic regressions' solver (lbfgs), as in scikit-learn.
        The default stops early enough for quick searches, but where it stops depends on
        rounding: fitted on the same sentences in another order, the coefficients differ by
        up to about 0.4. ``toolkit train`` fits its final model with ``tol=1e-8`` (and a
        larger ``max_iter``), close enough to the unique optimum that a rebuild on another
        machine should agree to about 1e-4.

    Attributes
    ----------
    classes_ : ndarray of str
    pipeline_ : sklearn.pipeline.Pipeline
        The fitted first stage (features and classifier).
    context_model_ : LogisticRegression or None
        The fitted second stage, or ``None`` when it was not fitted.
    encoder_ : estimator, list of estimators or None
        The fitted encoder model(s), as ``encoder`` gave them, or ``None`` without one.

    Examples
    --------
    >>> clf = StanceClassifier(char_ngrams=None, min_df=1).fit(
    ...     ["We will strike back.", "We condemn the attack.", "Talks went well."] * 3,
    ...     ["threatening", "condemning", "neutral"] * 3)
    >>> clf.predict(["We condemn the attack."])[0]
    'condemning'
    """

    def __init__(self, *, C: float = 4.0, class_weight="balanced", word_ngrams=(1, 2),
                 char_ngrams=None, min_df: int = 2, use_lexicon: bool = True,
                 use_sentiment: bool = True, use_speech_acts: bool = True,
                 use_attribution: bool = True, author_neutral: bool = True,
                 announcement_neutral: bool = True, context: bool = False,
                 context_folds: int = 5, context_C: float = 1.0, temperature: float = 1.0,
                 encoder=None, max_iter: int = 3000, tol: float = 1e-4):
        self.C = C
        self.class_weight = class_weight
        self.word_ngrams = word_ngrams
        self.char_ngrams = char_ngrams
        self.min_df = min_df
        self.use_lexicon = use_lexicon
        self.use_sentiment = use_sentiment
        self.use_speech_acts = use_speech_acts
        self.use_attribution = use_attribution
        self.author_neutral = author_neutral
        self.announcement_neutral = announcement_neutral
        self.context = context
        self.context_folds = context_folds
        self.context_C = context_C
        self.temperature = temperature
        self.encoder = encoder
        self.max_iter = max_iter
        self.tol = tol

    def _features(self) -> ColumnTransformer:
        parts = [("word", TfidfVectorizer(ngram_range=tuple(self.word_ngrams), min_df=self.min_df,
                                          sublinear_tf=True, lowercase=True), "text")]
        if self.char_ngrams:
            parts.append(("char", TfidfVectorizer(analyzer="char_wb", ngram_range=tuple(self.char_ngrams),
                                                  min_df=self.min_df, sublinear_tf=True), "text"))
        if self.use_lexicon:
            parts.append(("lexicon", LexiconFeatures(), ["text"]))
        if self.use_sentiment:
            parts.append(("sentiment", SentimentFeatures(), ["text", "speech"]))
        if self.use_speech_acts:
            parts.append(("acts", SpeechActFeatures(), ["text"]))
        if self.use_attribution:
            parts.append(("attribution", AttributionFeatures(),
                          ["speaker_source", "cue_class", "quoted_share", "source_type"]))
        return ColumnTransformer(parts, sparse_threshold=1.0)

    def fit(self, X, y):
        """Fit on sentences ``X`` with stance labels ``y``."""
        y = np.asarray(y, dtype=object)
        unknown = set(y) - set(STANCES)
        if unknown:
            raise ValueError(f"unknown stance labels {sorted(unknown)}; expected {STANCES}")
        if not float(self.temperature) > 0:
            raise ValueError(f"temperature must be positive, got {self.temperature}")
        data = prepare_input(X)
        if len(data) != len(y):
            raise ValueError(f"X has {len(data)} sentences but y has {len(y)} labels")
        has_documents = isinstance(X, pd.DataFrame) and "doc_id" in X.columns
        first = Pipeline([
            ("features", self._features()),
            ("model", self._solver()),
        ])
        # one BLAS thread: the solver's path (and so the coefficients) must not depend on the
        # machine's core count, or `toolkit train` could not rebuild the shipped model exactly
        with threadpool_limits(limits=1):
            self.pipeline_ = first.fit(data, y)
            self.classes_ = self.pipeline_.classes_
            self.context_model_ = self._fit_context(first, data, y) if self.context and has_documents else None
        encoder = getattr(self, "encoder", None)
        if isinstance(encoder, (list, tuple)):
            self.encoder_ = [clone(part).fit(data, y) for part in encoder]
        else:
            self.encoder_ = clone(encoder).fit(data, y) if encoder is not None else None
        for part in self._encoder_parts():
            if list(part.classes_) != list(self.classes_):
                raise ValueError(f"the encoder {type(part).__name__} learnt classes {list(part.classes_)}, "
                                 f"the linear model {list(self.classes_)}")
        return self

    def _solver(self) -> LogisticRegression:
        """The first stage's unfitted logistic regression."""
        return LogisticRegression(C=self.C, class_weight=self.class_weight, max_iter=self.max_iter, tol=self.tol)

    def _encoder_parts(self) -> list:
        """The fitted encoder models as a list (empty without one)."""
        fitted = getattr(self, "encoder_", None)
        if fitted is None:
            return []
        return list(fitted) if isinstance(fitted, (list, tuple)) else [fitted]

    def _fit_context(self, first: Pipeline, data: pd.DataFrame, y: np.ndarray):
        """The second stage, fitted on out-of-fold first-stage probabilities."""
        groups = data["doc_id"].to_numpy()
        n_folds = min(int(self.context_folds), len(set(groups)))
        if n_folds < 2:
            return None
        out_of_fold = np.zeros((len(data), len(self.classes_)))
        for train, held in GroupKFold(n_splits=n_folds).split(data, y, groups):
            fold = clone(first).fit(data.iloc[train], y[train])
            columns = [list(self.classes_).index(c) for c in fold.classes_]
            out_of_fold[np.ix_(held, columns)] = fold.predict_proba(data.iloc[held])
        second = LogisticRegression(C=self.context_C, class_weight=self.class_weight, max_iter=self.max_iter,
                                    tol=self.tol)
        return second.fit(context_features(data, out_of_fold, self.classes_), y)

    def _proba(self, data: pd.DataFrame, encoder_rows=None) -> np.ndarray:
        """The model's probabilities (second stage if fitted), before the codebook's fixed rules.

        ``encoder_rows`` (a boolean mask) limits the encoder parts to those rows; the other rows
        keep the linear model's probabilities, for a caller that overwrites them.
        """
        proba = self.pipeline_.predict_proba(data)
        second = getattr(self, "context_model_", None)
        if second is not None:
            proba = second.predict_proba(context_features(data, proba, self.classes_))
        proba = scale_temperature(proba, getattr(self, "temperature", 1.0))
        parts = self._encoder_parts()
        rows = np.arange(len(data)) if encoder_rows is None else np.flatnonzero(encoder_rows)
        if parts and len(rows):
            some = data if len(rows) == len(data) else data.iloc[rows].reset_index(drop=True)
            proba[rows] = (proba[rows] + sum(part.predict_proba(some) for part in parts)) / (1 + len(parts))
        return proba

    def predict_proba(self, X) -> np.ndarray:
        """Probabilities of each class (columns in ``classes_`` order)."""
        check_is_fitted(self, "pipeline_")
        data = prepare_input(X)
        if len(data) == 0:
            return np.zeros((0, len(self.classes_)))
        # the encoders are the slow part, and the codebook's rules decide the fixed rows anyway
        fixed = self._rule_neutral(data)
        return self._apply_rules(data, self._proba(data, encoder_rows=~fixed), fixed=fixed)

    def _apply_rules(self, data: pd.DataFrame, proba: np.ndarray, classes=None, fixed=None) -> np.ndarray:
        """``proba`` with the rows the codebook makes neutral set to a certain neutral.

        ``classes`` names the columns (``classes_`` by default, for use before fitting);
        ``fixed`` is :meth:`_rule_neutral`'s mask, when the caller has it already.
        """
        classes = self.classes_ if classes is None else np.asarray(classes)
        fixed = self._rule_neutral(data) if fixed is None else fixed
        if fixed.any():
            proba = proba.copy()
            proba[fixed] = (classes == "neutral").astype(float)
        return proba

    def _rule_neutral(self, data: pd.DataFrame) -> np.ndarray:
        """Rows the codebook makes neutral whatever the model says (rules 1 and 11-12)."""
        fixed = np.zeros(len(data), dtype=bool)
        if self.author_neutral:
            fixed |= (data["speaker_source"] == "author").to_numpy()
        if getattr(self, "announcement_neutral", False):
            fixed |= np.array([is_announcement(t) for t in data["text"]], dtype=bool)
        return fixed

    def predict(self, X) -> np.ndarray:
        """The most probable stance of each sentence."""
        proba = self.predict_proba(X)
        return self.classes_[proba.argmax(axis=1)] if len(proba) else np.array([], dtype=object)

    def score(self, X, y, sample_weight=None) -> float:
        """Macro-averaged F1 over the three stances (the project's headline measure)."""
        return f1_score(y, self.predict(X), average="macro", labels=list(STANCES), sample_weight=sample_weight)

    def get_feature_names_out(self) -> np.ndarray:
        """Names of all features, prefixed by their group (``lexicon__threat_force``).

        The first stage's features come first, then the second stage's (``context__...``).
        """
        check_is_fitted(self, "pipeline_")
        names = self.pipeline_.named_steps["features"].get_feature_names_out()
        if getattr(self, "context_model_", None) is not None:
            names = np.concatenate([names, "context__" + context_feature_names(self.classes_)])
        return names

    def explain(self, X, *, index: int = 0, n: int = 10) -> pd.DataFrame:
        """The features that pushed one sentence towards its predicted label.

        Parameters
        ----------
        X : sentence table, DataFrame or list of str
        index : int, default 0
            Which row of ``X`` to explain (by position). The other rows give the sentence's
            document context.
        n : int, default 10
            How many features to list.

        Returns
        -------
        pandas.DataFrame
            Columns ``feature``, ``value`` (the feature's value for the sentence),
            ``weight`` (its coefficient for the predicted class, relative to the mean over
            classes) and ``contribution`` (value × weight), strongest first. First-stage
            features and second-stage ``context__`` features are listed together, each with
            its own stage's weights. The predicted label is in ``.attrs["label"]``, and
            ``.attrs["rule"]`` says when a codebook rule (1: the writer's sentences; 11-12: a
            sentence that only announces a statement) set it rather than the model. With an
            ``encoder``, only the linear model's features are listed; ``.attrs["encoder"]``
            holds the encoder's own probabilities for the sentence, by class (with several
            encoder models, their mean).
        """
        check_is_fitted(self, "pipeline_")
        table = prepare_input(X)
        # the sentence's own document is all the context any stage reads: predict only that
        same_doc = np.flatnonzero((table["doc_id"] == table["doc_id"].iloc[index]).to_numpy())
        index = int(np.searchsorted(same_doc, index))
        table = table.iloc[same_doc].reset_index(drop=True)
        data = table.iloc[[index]]
        writer = self.author_neutral and data["speaker_source"].iloc[0] == "author"
        announcement = getattr(self, "announcement_neutral", False) and is_announcement(data["text"].iloc[0])
        label = self.predict(table)[index]
        features = self.pipeline_.named_steps["features"].transform(data)
        row = np.asarray(features.todense() if hasattr(features, "todense") else features).ravel()
        rows, weights = [row], []
        for model in (self.pipeline_.named_steps["model"], getattr(self, "context_model_", None)):
            if model is not None:
                k = list(model.classes_).index(label)
                weights.append(model.coef_[k] - model.coef_.mean(axis=0))
        if len(weights) == 2:
            first = self.pipeline_.predict_proba(table)
            rows.append(context_features(table, first, self.classes_)[index])
        row, weights = np.concatenate(rows), np.concatenate(weights)
        contrib = row * weights
        nz = np.flatnonzero(row)
        order = nz[np.argsort(-contrib[nz])][:n]
        names = self.get_feature_names_out()
        out = pd.DataFrame({"feature": names[order], "value": row[order], "weight": weights[order],
                            "contribution": contrib[order]}).reset_index(drop=True)
        out.attrs["label"] = label
        parts = self._encoder_parts()
        if parts:
            own = np.mean([part.predict_proba(data)[0] for part in parts], axis=0)
            out.attrs["encoder"] = {str(c): float(v) for c, v in zip(self.classes_, own)}
        if writer:
            out.attrs["rule"] = ("codebook rule 1: the speaker step gave this sentence to the writer (AUTHOR), "
                                 "so it is neutral whatever its words; the features are those for neutral")
        elif announcement:
            out.attrs["rule"] = ("codebook rules 11-12: the sentence only says a statement was issued, so it is "
                                 "neutral whatever the statement's title says; the features are those for neutral")
        return out


# ---------------------------------------------------------------------------------------------
# saving and loading

def _trusted_types() -> list[str]:
    return [f"toolkit._features.{name}" for name in
            ("LexiconFeatures", "SentimentFeatures", "SpeechActFeatures", "AttributionFeatures")] + \
        ["toolkit._stance.StanceClassifier", "toolkit._transformer.TransformerStanceModel",
         "toolkit._probe.EncoderProbe"]


def save_classifier(clf: StanceClassifier, folder, *, meta: dict | None = None) -> Path:
    """Save a fitted classifier with skops, and its model card, into ``folder``.

    Writes ``model.skops`` and ``meta.json`` (``meta`` plus the labels, hyper-parameters,
    scikit-learn version and the model file's SHA-256, which :func:`load_classifier` checks).
    ``toolkit train`` adds a readable ``README.md``.
    """
    import skops.io as sio

    check_is_fitted(clf, "pipeline_")
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "model.skops"
    sio.dump(clf, path, compression=zipfile.ZIP_DEFLATED)
    card = dict(meta or {})
    card.update({"name": card.get("name", MODEL_NAME), "labels": list(clf.classes_),
                 "model_sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
                 "sklearn_version": sklearn.__version__,
                 "hyperparameters": {k: _card_value(v) for k, v in clf.get_params().items()}})
    (folder / "meta.json").write_text(json.dumps(card, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return path


def _card_value(value):
    """A hyper-parameter as the model card writes it: tuples as lists, estimators by class name."""
    if isinstance(value, (list, tuple)):
        return [_card_value(v) for v in value]
    if isinstance(value, BaseEstimator):
        return type(value).__name__
    return value


def _version_tuple(v: str) -> tuple:
    return tuple(int(p) for p in v.split(".")[:2] if p.isdigit())


def load_classifier(folder=None) -> StanceClassifier:
    """Load the shipped stance model (or one saved with :func:`save_classifier`).

    The model card (``meta.json``) is checked first: the file's hash must match (a changed
    file is refused), and a scikit-learn version outside the card's tested range warns.

    Parameters
    ----------
    folder : str or Path, optional
        A folder with ``model.skops`` and ``meta.json``, or the name of a shipped model:
        ``"stance-v1"`` (the default: the linear model), ``"stance-minilm-v1"`` (the linear
        model averaged with a fine-tuned sentence encoder; needs the ``embeddings`` extra and
        is much slower) or ``"stance-mpnet-v2"`` (the same with a frozen all-mpnet-base-v2
        and a logistic regression as a third part; needs all-mpnet-base-v2's PyPI parts too,
        see the README, and is slower still).

    Returns
    -------
    StanceClassifier
    """
    import skops.io as sio

    if folder is None or (str(folder) in SHIPPED_MODELS and not Path(folder).exists()):
        base = Path(str(resources.files("toolkit").joinpath("models", str(folder or MODEL_NAME))))
    else:
        base = Path(folder)
    model_path, meta_path = base / "model.skops", base / "meta.json"
    if not model_path.is_file() or not meta_path.is_file():
        raise FileNotFoundError(f"{base}: no model.skops and meta.json here; "
                                f"train one with `toolkit train --out {base}`")
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    digest = hashlib.sha256(model_path.read_bytes()).hexdigest()
    if meta.get("model_sha256") != digest:
        raise ValueError(f"{model_path}: file does not match its model card (sha256 differs); refusing to load it")
    low, high = meta.get("sklearn_range", [meta.get("sklearn_version", ""), None])
    now = _version_tuple(sklearn.__version__)
    if (low and now < _version_tuple(low)) or (high and now >= _version_tuple(high)):
        warnings.warn(f"{model_path} was built with scikit-learn {meta.get('sklearn_version')} "
                      f"(tested range {low} to below {high}); you have {sklearn.__version__}. "
                      "Predictions may differ: retrain with `toolkit train`.", ModelVersionWarning, stacklevel=2)
    untrusted = sio.get_untrusted_types(file=model_path)
    allowed = set(_trusted_types())
    unknown = [t for t in untrusted if t not in allowed]
    if unknown:
        raise ValueError(f"{model_path}: contains types this toolkit does not trust: {unknown}")
    clf = sio.load(model_path, trusted=untrusted)
    if not hasattr(clf, "tol"):  # saved before ``tol`` was a parameter: the solver's own
        clf.tol = clf.pipeline_.named_steps["model"].tol
    clf.model_card_ = meta
    return clf
