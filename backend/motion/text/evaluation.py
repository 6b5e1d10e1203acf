"""What the text→FLAME evaluation (`bench/eval_text2flame.py`) measures, and on which prompts.

The prompts are held out: their verbs, nouns and sentence shapes are ones the corpus templates never
produce. `HELD_OUT_WORDS` are their distinctive words; a test checks the corpus never writes them, so
the evaluation stays held out as the templates grow.

Directions are words ("left", "up", ...; left and right are the subject's own); their signs are
`protocols.flame_conventions`'.
"""

from __future__ import annotations

import numpy as np
from scipy.signal import find_peaks

from protocols.flame_conventions import ANGLE_NAMES, head_angles
from protocols.tracks import Track

AXES = ANGLE_NAMES   # the columns of every angle array here


def track_angles_deg(track: Track) -> np.ndarray:
    """(T, 3) yaw, pitch, roll of the head in degrees."""
    return np.degrees(head_angles(track.pose))


def jitter(angles: np.ndarray) -> float:
    """Mean |frame-to-frame acceleration| of (T, 3) angles, in their units per frame²."""
    return float(np.abs(np.diff(angles, 2, axis=0)).mean())


def oscillation_count(signal: np.ndarray, axis: str) -> int:
    """Nods: down-peaks of pitch. Shakes: swings to one side and back, counted as peaks on the side with
    more of them. Peaks must reach 35% of the largest excursion and at least 2 degrees."""
    if axis == "yaw":
        x = signal - np.mean(signal)
        height = max(2.0, 0.35 * np.abs(x).max())
        return max(len(find_peaks(s, height=height, prominence=height)[0]) for s in (x, -x))
    x = signal - np.median(signal[:5])
    height = max(2.0, 0.35 * x.max())
    return len(find_peaks(x, height=height, prominence=height)[0])


# (prompt, axis, direction the head holds; `flame_conventions.direction_sign` gives the angle's sign)
DIRECTION_PROMPTS = [
    ("The actor swivels his head toward his left side.", "yaw", "left"),
    ("She swings her face round to the left", "yaw", "left"),
    ("Peeking over her left shoulder, the dancer pivots", "yaw", "left"),
    ("He swivels toward his right side", "yaw", "right"),
    ("The woman swings her face around to the right.", "yaw", "right"),
    ("He peers over his right shoulder", "yaw", "right"),
    ("He gazes at the ceiling.", "pitch", "up"),
    ("The climber peers upwards at the summit", "pitch", "up"),
    ("She raises her eyes heavenward", "pitch", "up"),
    ("He stares at his shoes", "pitch", "down"),
    ("She inclines her head toward the ground.", "pitch", "down"),
    ("The boy peers at the pavement below", "pitch", "down"),
    ("He cants his head over to the right", "roll", "right"),
    ("She drops her ear toward her right shoulder", "roll", "right"),
    ("He cants his head over to the left", "roll", "left"),
    ("She drops her ear toward her left shoulder", "roll", "left"),
]
# (prompt, axis, expected count)
OSCILLATION_PROMPTS = [
    ("He agrees by nodding twice.", "pitch", 2),
    ("Nodding three times, she signals approval", "pitch", 3),
    ("The man dips his chin in approval two times", "pitch", 2),
    ("She answers with a single nod", "pitch", 1),
    ("He refuses, shaking his head twice.", "yaw", 2),
    ("Shaking her head three times, she disagrees", "yaw", 3),
    ("The girl declines with one shake of the head", "yaw", 1),
    ("He signals no by shaking his head two times", "yaw", 2),
    ("Her reply is three firm nods", "pitch", 3),
    ("The waiter acknowledges the order with one brief nod", "pitch", 1),
    ("His head goes side to side twice: a clear no", "yaw", 2),
    ("She turns down the offer with three shakes of her head", "yaw", 3),
]
# (prompt, family, axis, expected class)
AMPLITUDE_PROMPTS = [
    ("He barely swivels to his left", "turn", "yaw", "small"),
    ("She swings her head as far as she can to the left", "turn", "yaw", "large"),
    ("He gives the tiniest nod", "nod", "pitch", "small"),
    ("She nods enormously, with great emphasis", "nod", "pitch", "large"),
    ("He swivels a tiny bit toward his right", "turn", "yaw", "small"),
    ("She whips her head all the way over to the right", "turn", "yaw", "large"),
]
STILL_PROMPTS = ["He freezes, not moving a muscle", "She sits like a statue"]

EMOTION_PROMPTS = {
    "happy": ["She is overjoyed", "He looks elated and radiant", "The girl is thrilled to bits"],
    "sad": ["He seems heartbroken", "She looks miserable and forlorn", "The old man is grieving"],
    "surprised": ["He is flabbergasted", "She looks dumbfounded", "The boy can't believe his eyes"],
    "angry": ["He is livid", "She looks outraged", "The man is seething with fury"],
    "disgusted": ["He looks revolted", "She finds the smell nauseating", "The boy looks utterly grossed"
                  " by the food"],
    "fearful": ["She seems petrified", "He looks panicked", "The child is trembling with dread"],
    "contempt": ["He looks disdainful", "She looks haughty and superior", "The critic gives a derisive look"],
    "neutral": ["He keeps a poker face", "She looks impassive", "The clerk wears an indifferent look"],
}

# Whole words (or word starts, ending in "*") of the prompts above that the corpus must never write.
HELD_OUT_WORDS = (
    "swivel*", "swing*", "pivot*", "peek*", "peer*", "ceiling", "summit", "heavenward", "stares at", "shoes",
    "inclines", "pavement", "cant*", "ear", "nodding", "shaking", "approval", "dips", "chin in", "answers",
    "refuses", "declines", "disagrees", "signals", "reply", "firm", "acknowledges", "brief", "goes side",
    "turns down", "offer", "tiniest", "enormously", "emphasis", "tiny", "whips", "freezes", "muscle", "statue",
    "overjoyed", "elated", "radiant", "thrilled", "heartbroken", "miserable", "forlorn", "grieving",
    "flabbergasted", "dumbfounded", "believe", "livid", "outraged", "seething", "fury", "revolted", "nauseat*",
    "utterly", "petrified", "panicked", "trembling", "dread", "disdain*", "haughty", "superior", "derisive",
    "poker", "impassive", "indifferent",
)
