"""The plan's emotion lane → the open head's named expressions, jaw opening and eyelids.

Each cue eases into its emotion's expression (the corpus's recipes, scaled by intensity) at its start, over
its onset time (sudden, normal, gradual), holds it for ``hold`` seconds (or until the next cue or the end)
and, when a hold is given, eases back to neutral. Talking moves the jaw and lips syllable by syllable.
Blinks every few seconds. Deterministic for a seed.
"""

from __future__ import annotations

import numpy as np

from protocols.motion_plan import MotionPlan

from ..corpus.emotion import EMOTION_EYELIDS, EMOTION_JAW_RAD, EMOTION_RECIPES
from ..corpus.samples import EXPRESSION_INDEX, N_EXPRESSION

INTENSITY = {"mild": 0.45, "medium": 0.75, "strong": 1.0}
ONSET_S = {"sudden": 0.2, "normal": 0.6, "gradual": 2.0}
RELEASE_S = 0.6


def _ease(x: np.ndarray) -> np.ndarray:
    x = np.clip(x, 0.0, 1.0)
    return x * x * (3.0 - 2.0 * x)


def emotion_vector(emotion: str) -> tuple[np.ndarray, float, float]:
    """Full-intensity named expressions, jaw opening (rad) and eyelid closure of an emotion."""
    vec = np.zeros(N_EXPRESSION, np.float32)
    for name, value in EMOTION_RECIPES[emotion].items():
        vec[EXPRESSION_INDEX[name]] = value
    if emotion == "contempt":
        # One-sided: the corpus picks a side per clip; a plan always uses the subject's left.
        vec[EXPRESSION_INDEX["smile_left"]] = 0.85
        vec[EXPRESSION_INDEX["mouth_left"]] = 0.2
    return vec, EMOTION_JAW_RAD[emotion], EMOTION_EYELIDS[emotion]


def plan_face(plan: MotionPlan, num_frames: int, fps: float, seed: int = 0
              ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """→ expression (T, 23) named coefficients, jaw (T,) radians, eyelids (T, 2) in [0, 1]."""
    rng = np.random.default_rng(seed + 7)
    t = np.arange(num_frames) / float(fps)
    neutral_lid = EMOTION_EYELIDS["neutral"]
    expression = np.zeros((num_frames, N_EXPRESSION))
    jaw = np.zeros(num_frames)
    lid = np.full(num_frames, neutral_lid)
    cues = sorted(plan.emotions, key=lambda c: c.start)
    talking = np.zeros(num_frames, bool)
    for k, cue in enumerate(cues):
        end = cues[k + 1].start if k + 1 < len(cues) else np.inf
        vec, jaw_open, lids = emotion_vector(cue.emotion)
        scale = INTENSITY[cue.intensity]
        w = _ease((t - cue.start) / ONSET_S[cue.onset])
        if cue.hold is not None:
            w = w * (1.0 - _ease((t - cue.start - ONSET_S[cue.onset] - cue.hold) / RELEASE_S))
        active = t >= cue.start
        # Each cue blends from whatever the face shows when it starts.
        expression = np.where(active[:, None], expression * (1 - w[:, None]) + scale * vec[None] * w[:, None],
                              expression)
        jaw = np.where(active, jaw * (1 - w) + scale * jaw_open * w, jaw)
        lid = np.where(active, lid * (1 - w) + (neutral_lid + (lids - neutral_lid) * min(scale, 1.0)) * w, lid)
        if cue.talking:
            talking |= (t >= cue.start) & (t < end)
    if talking.any():
        syllable_hz = rng.uniform(3.0, 5.0)
        phase = 2 * np.pi * syllable_hz * t + rng.uniform(0, 2 * np.pi)
        opening = np.clip(0.5 + 0.5 * np.sin(phase), 0, 1) * 0.13 * talking
        jaw = jaw + opening
        expression[:, EXPRESSION_INDEX["lip_funnel"]] += 0.15 * opening / 0.13 * np.clip(np.cos(phase / 2), 0, 1)
    eyelids = np.repeat(lid[:, None], 2, 1)
    tb = rng.uniform(0.5, 2.5)
    seconds = num_frames / float(fps)
    while tb < seconds:
        width = 0.2
        blink = np.clip(1.6 * (1.0 - np.abs(t - tb) / (width / 2)), 0, 1)
        eyelids = np.maximum(eyelids, blink[:, None])
        tb += rng.uniform(2.5, 5.0)
    return expression.astype(np.float32), np.clip(jaw, 0, None).astype(np.float32), \
        np.clip(eyelids, 0, 1).astype(np.float32)
