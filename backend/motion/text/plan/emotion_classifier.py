"""A small trained reading of feelings: softmax regression on the MiniLM sentence vector, one output per class of
`prototypes.EMOTION_PROTOTYPES` (the feelings, "neutral" and "none"). Trained by `train_emotion_classifier.py` on
the composed sentences of `emotion_phrases.py` and the emotion prototypes (nothing else); the weights (384 × 9
floats) ship in `checkpoints/plan_emotion_classifier.npz` with the classes and the recipe they were trained from.

The prototypes read feelings that are named ("furious", "wrinkles her nose") from short spans; the classifier
reads whole clauses, where a feeling is implied by what happens or what the body does ("recoils from the
sour milk", "her chin sinks to her chest"), which no single span says (`emotion_reading.py`)."""

from __future__ import annotations

import functools
from pathlib import Path

from .softmax_regression import SoftmaxRegression

WEIGHTS = Path(__file__).resolve().parents[1] / "checkpoints" / "plan_emotion_classifier.npz"


class EmotionClassifier(SoftmaxRegression):
    @classmethod
    def load(cls, path: Path = WEIGHTS) -> "EmotionClassifier":
        return super().load(path)


@functools.lru_cache(maxsize=1)
def shipped() -> EmotionClassifier | None:
    """The shipped classifier; None where its file is missing (the reader then reads named feelings only)."""
    return EmotionClassifier.load() if WEIGHTS.exists() else None
