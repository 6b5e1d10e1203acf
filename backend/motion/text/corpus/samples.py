"""What the corpus makes: samples (a sequence and its description) and their structured labels, the words
the labels are made of, and the frame rate and named expression space the sequences are in."""

from __future__ import annotations

import dataclasses

import numpy as np

CORPUS_FPS = 25.0

# The open head's named expressions, in its order (flame_assets OPEN_HEAD.md); index = coefficient.
EXPRESSION_NAMES = (
    "smile", "frown", "brow_raise", "brow_furrow", "inner_brow_raise", "pucker", "lip_stretch",
    "upper_lip_raise", "lower_lip_depress", "cheek_puff", "squint", "nose_wrinkle", "mouth_left",
    "mouth_right", "smile_left", "smile_right", "brow_raise_left", "brow_raise_right", "eye_wide",
    "chin_raise", "lip_press", "dimpler", "lip_funnel",
)
EXPRESSION_INDEX = {name: i for i, name in enumerate(EXPRESSION_NAMES)}
N_EXPRESSION = len(EXPRESSION_NAMES)

AMPLITUDES = ("small", "medium", "large")
SPEEDS = ("slow", "normal", "fast")
INTENSITIES = ("mild", "medium", "strong")
BASIC_EMOTIONS = ("happy", "sad", "surprised", "angry", "disgusted", "fearful", "contempt", "neutral")


@dataclasses.dataclass(frozen=True)
class MotionSegment:
    """One primitive: what happens in a stretch of time (the structured label of a clause)."""

    kind: str             # nod shake wag turn look tilt look_around jerk lean still pause return
    direction: str = ""   # left/right (turn, tilt), up/down (look), forward/back (lean)
    amplitude: str = "medium"
    speed: str = "normal"
    count: int = 0        # oscillations for nod/shake/wag; 0 = unspecified (fills its time)


@dataclasses.dataclass(frozen=True)
class MotionLabel:
    segments: tuple[MotionSegment, ...]


@dataclasses.dataclass(frozen=True)
class MotionSample:
    """`rotation` (T, 3, 3) head rotation in the FLAME frame, `translation` (T, 3) metres."""

    text: str
    rotation: np.ndarray
    translation: np.ndarray
    label: MotionLabel

    @property
    def num_frames(self) -> int:
        return self.rotation.shape[0]


@dataclasses.dataclass(frozen=True)
class EmotionPhase:
    emotion: str
    intensity: str = "medium"
    onset: str = "normal"
    brief: bool = False       # returns to neutral after a short hold
    growing: bool = False     # intensity keeps rising ("more and more angry")


@dataclasses.dataclass(frozen=True)
class EmotionLabel:
    phases: tuple[EmotionPhase, ...]
    talking: bool = False


@dataclasses.dataclass(frozen=True)
class EmotionSample:
    """`expression` (T, N_EXPRESSION) named coefficients, `jaw` (T,) radians, `eyelids` (T, 2)."""

    text: str
    expression: np.ndarray
    jaw: np.ndarray
    eyelids: np.ndarray
    label: EmotionLabel

    @property
    def num_frames(self) -> int:
        return self.expression.shape[0]
