"""What the two diffusion models see: per-frame feature vectors and their inverse.

MotionDM: the head rotation in the 6D representation (first two columns of the rotation matrix,
Zhou et al.) relative to the identity, plus the head translation (9 channels). EmotionDM: the open
head's named expression coefficients, jaw opening (pitch, radians) and the two eyelids (26 channels).
Jaw and eyelids go with the emotion model here because in this corpus they are driven by the emotion
and talking descriptions (surprise opens the mouth, talking moves the jaw), not by head motion.
"""

from __future__ import annotations

import numpy as np

from .corpus import N_EXPRESSION

MOTION_CHANNELS = 9
EMOTION_CHANNELS = N_EXPRESSION + 3
_IDENTITY_6D = np.array([1.0, 0.0, 0.0, 0.0, 1.0, 0.0], np.float32)


def rotation_to_6d(rotation: np.ndarray) -> np.ndarray:
    """(..., 3, 3) → (..., 6): the first two columns, column by column."""
    return np.concatenate([rotation[..., :, 0], rotation[..., :, 1]], -1).astype(np.float32)


def rotation_from_6d(x) -> np.ndarray:
    """(..., 6) → (..., 3, 3) by Gram–Schmidt, so any network output is a proper rotation."""
    x = np.asarray(x, np.float32)
    a, b = x[..., :3], x[..., 3:]
    c0 = _unit(a)
    c1 = _unit(b - (c0 * b).sum(-1, keepdims=True) * c0)
    return np.stack([c0, c1, np.cross(c0, c1)], -1)


def _unit(v: np.ndarray) -> np.ndarray:
    return v / np.maximum(np.linalg.norm(v, axis=-1, keepdims=True), np.float32(1e-12))


def motion_features(rotation: np.ndarray, translation: np.ndarray) -> np.ndarray:
    return np.concatenate([rotation_to_6d(rotation) - _IDENTITY_6D, translation], -1).astype(np.float32)


def motion_from_features(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """→ rotation (T, 3, 3), translation (T, 3)."""
    x = np.asarray(x, np.float32)
    return rotation_from_6d(x[..., :6] + _IDENTITY_6D), x[..., 6:9]


def emotion_features(expression: np.ndarray, jaw: np.ndarray, eyelids: np.ndarray) -> np.ndarray:
    return np.concatenate([expression, jaw[..., None], eyelids], -1).astype(np.float32)


def emotion_from_features(x: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """→ expression (T, E), jaw opening (T,) ≥ 0, eyelids (T, 2) in [0, 1]; E = channels − 3
    (the open head's 23 named expressions for the shipped model, a user's choice otherwise)."""
    x = np.asarray(x, np.float32)
    e = x.shape[-1] - 3
    return x[..., :e], np.clip(x[..., e], 0.0, None), np.clip(x[..., e + 1:e + 3], 0.0, 1.0)
