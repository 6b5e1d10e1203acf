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

from .softmax_regression import SoftmaxRegression

WEIGHTS = Path(__file__).resolve().parents[1] / "checkpoints" / "plan_classifier.npz"


class ClauseClassifier(SoftmaxRegression):
    @classmethod
    def load(cls, path: Path = WEIGHTS) -> "ClauseClassifier":
        return super().load(path)


@functools.lru_cache(maxsize=1)
def shipped() -> ClauseClassifier | None:
    """The shipped classifier; None where its file is missing (the reader then uses the prototypes alone)."""
    return ClauseClassifier.load() if WEIGHTS.exists() else None
