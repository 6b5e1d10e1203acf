"""A small trained reading of clauses: softmax regression on the MiniLM sentence vector, one output per
motion class of `prototypes.MOTION_CLASSES`. Trained by `train_classifier.py` on the composed sentences of
`training_phrases.py` and the prototype sentences (nothing else); the weights (384 × 15 floats) ship in
`checkpoints/plan_classifier.npz` with the classes and the recipe they were trained from.

The reader blends its probabilities with the prototype similarities (`clause_reading.py`): prototypes say
whether a clause is close to any head motion at all, the classifier is better at telling near neighbours apart (a
glance from a turn, a tilt from a look up)."""

from __future__ import annotations

import functools
from pathlib import Path

import numpy as np

WEIGHTS = Path(__file__).resolve().parents[1] / "checkpoints" / "plan_classifier.npz"


class ClauseClassifier:
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
    def load(cls, path: Path = WEIGHTS) -> "ClauseClassifier":
        with np.load(path, allow_pickle=False) as data:
            return cls(data["weights"], data["bias"], [str(c) for c in data["classes"]])


@functools.lru_cache(maxsize=1)
def shipped() -> ClauseClassifier | None:
    """The shipped classifier; None where its file is missing (the reader then uses the prototypes alone)."""
    return ClauseClassifier.load() if WEIGHTS.exists() else None
