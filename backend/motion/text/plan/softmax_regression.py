"""Softmax regression on MiniLM sentence vectors, the run-time half of the reader's two trained parts (the clause
classifier, `classifier.py`, and the emotion classifier, `emotion_classifier.py`): numpy only; scikit-learn fits
the weights at training time."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np


class SoftmaxRegression:
    def __init__(self, weights: np.ndarray, bias: np.ndarray, classes: list[str]):
        self.weights, self.bias, self.classes = weights.astype(np.float32), bias.astype(np.float32), classes

    def probabilities(self, vectors: np.ndarray) -> np.ndarray:
        """(N, 384) unit sentence vectors → (N, classes) probabilities."""
        logits = np.asarray(vectors, np.float32) @ self.weights + self.bias
        logits -= logits.max(axis=1, keepdims=True)
        p = np.exp(logits)
        return p / p.sum(axis=1, keepdims=True)

    def save(self, path: Path, **meta: str) -> None:
        np.savez(path, weights=self.weights, bias=self.bias, classes=np.array(self.classes),
                 **{k: np.array(v) for k, v in meta.items()})

    @classmethod
    def load(cls, path: Path):
        with np.load(path, allow_pickle=False) as data:
            return cls(data["weights"], data["bias"], [str(c) for c in data["classes"]])


def fit(pairs: list[tuple[str, str]], classes: list[str], cls: type[SoftmaxRegression], output: Path, *, c: float,
        max_iter: int, seed: int) -> tuple[SoftmaxRegression, np.ndarray, float]:
    """Fit `cls` on (sentence, class) pairs (L-BFGS from zeros: deterministic), save it to `output` with the hash
    of the recipe it saw; returns it, the class index of every pair and the training accuracy."""
    from sklearn.linear_model import LogisticRegression

    from ..encoder import encode_texts

    labels = np.array([classes.index(label) for _, label in pairs])
    vectors = encode_texts([t for t, _ in pairs])
    model = LogisticRegression(C=c, max_iter=max_iter).fit(vectors, labels)
    accuracy = float((model.predict(vectors) == labels).mean())
    recipe = hashlib.sha256(json.dumps(pairs).encode()).hexdigest()
    trained = cls(model.coef_.T, model.intercept_, classes)
    trained.save(output, recipe_sha256=recipe, sentences=str(len(pairs)), seed=str(seed), c=str(c))
    return trained, labels, accuracy
