"""A labelled text→FLAME corpus made by the project, since no text–FLAME data set can be downloaded.

Two independent generators, one per model:

- `MotionCorpus` (motion.py): head-motion primitives (primitives.py: nod, shake, tilt, turn, look up/down,
  look around, wag, jerk, lean, pause/still, return to the front) with amplitude, speed and repetition,
  composed in sequence.
- `EmotionCorpus` (emotion.py): expression trajectories in the open head's named expression space (happy,
  sad, surprised, angry, disgusted, fearful, contempt, neutral, talking) with onset speed, hold, intensity
  and intensity changes, plus jaw opening and eyelids (blinks).

Each sample is paired with a freshly phrased description (phrasing.py) and carries its structured label
(samples.py: `MotionLabel`/`EmotionLabel`), so tests and the evaluation can check what a text says against
what its sequence does. Angles and their signs are `protocols.flame_conventions`'. Data are made at
`CORPUS_FPS`.
"""

from .emotion import EmotionCorpus
from .motion import MotionCorpus
from .samples import (AMPLITUDES, BASIC_EMOTIONS, CORPUS_FPS, EXPRESSION_INDEX, EXPRESSION_NAMES, INTENSITIES,
                      N_EXPRESSION, SPEEDS, EmotionLabel, EmotionPhase, EmotionSample, MotionLabel, MotionSample,
                      MotionSegment)

__all__ = [
    "AMPLITUDES", "BASIC_EMOTIONS", "CORPUS_FPS", "EXPRESSION_INDEX", "EXPRESSION_NAMES", "INTENSITIES",
    "N_EXPRESSION", "SPEEDS", "EmotionCorpus", "EmotionLabel", "EmotionPhase", "EmotionSample", "MotionCorpus",
    "MotionLabel", "MotionSample", "MotionSegment",
]
