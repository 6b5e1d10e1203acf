"""A labelled text→FLAME corpus made by the project, since no text–FLAME data set can be downloaded.

Two independent generators, one per model:

- `MotionCorpus`: head-motion primitives (nod, shake, tilt, turn, look up/down, look around, wag, jerk,
  lean, pause/still, return to the front) with amplitude, speed and repetition, composed in sequence,
  each paired with a freshly phrased description (synonyms, word order, subjects and pronouns,
  sequencing words).
- `EmotionCorpus`: expression trajectories in the open head's named expression space (happy, sad,
  surprised, angry, disgusted, fearful, contempt, neutral, talking) with onset speed, hold, intensity
  and intensity changes, plus jaw opening and eyelids (blinks).

Signs follow DESIGN.md: yaw > 0 turns the face toward the subject's own left, pitch > 0 looks down,
roll > 0 tilts the top of the head toward the subject's right shoulder, jaw pitch > 0 opens the mouth.
Every sample carries its structured label (`MotionLabel`/`EmotionLabel`) so tests and the evaluation
can check what a text says against what its sequence does. Data are made at `CORPUS_FPS`.
"""

from __future__ import annotations

import dataclasses
import functools
import math
from typing import Callable, Sequence

import numpy as np
from scipy.spatial.transform import Rotation

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


# ----------------------------------------------------------------------------------- phrasing


@dataclasses.dataclass(frozen=True)
class Subject:
    text: str          # "he", "the woman", "" (imperative)
    possessive: str    # "his", "her", "their", "your"
    plural: bool       # verb takes the base form ("they nod", imperative "nod")


SUBJECTS = (
    Subject("he", "his", False), Subject("she", "her", False), Subject("they", "their", True),
    Subject("the man", "his", False), Subject("the woman", "her", False), Subject("the person", "their", False),
    Subject("the character", "their", False), Subject("the boy", "his", False), Subject("the girl", "her", False),
    Subject("a man", "his", False), Subject("a woman", "her", False), Subject("the speaker", "their", False),
    Subject("the old man", "his", False), Subject("the young woman", "her", False),
    Subject("", "your", True),
)

_ES_ENDINGS = ("ches", "shes", "sses", "xes", "zzes", "oes")


def base_form(verb: str) -> str:
    """'nods' → 'nod', 'goes' → 'go', 'is' → 'are' (the plural/imperative form of a 3rd-person verb)."""
    if verb == "is":
        return "are"
    if verb == "has":
        return "have"
    if verb.endswith("ies"):
        return verb[:-3] + "y"
    if verb.endswith(_ES_ENDINGS):
        return verb[:-2]
    return verb[:-1] if verb.endswith("s") else verb


def conjugate(phrase: str, subject: Subject) -> str:
    """Phrases are written for a singular subject ('slowly nods {pos} head'); adapt the first verb."""
    phrase = phrase.replace("{pos}", subject.possessive)
    if not subject.plural:
        return phrase
    words = phrase.split(" ")
    for i, word in enumerate(words):
        if word in _known_verbs():
            words[i] = "be" if (word == "is" and not subject.text) else base_form(word)
            break
    return " ".join(words)


def clause(subject: Subject, phrase: str) -> str:
    return f"{subject.text} {conjugate(phrase, subject)}".strip()


def sentence(text: str, rng: np.random.Generator) -> str:
    text = " ".join(text.split())
    if rng.random() < 0.6:
        text = text[:1].upper() + text[1:]
    if rng.random() < 0.5:
        text += "."
    return text


def _pick(rng: np.random.Generator, options: Sequence[str]) -> str:
    return options[int(rng.integers(len(options)))]


def _place_modifiers(rng: np.random.Generator, verb_phrase: str, modifiers: list[str]) -> str:
    """Adverbs go after the verb phrase, or one of them before it ('slowly nods')."""
    modifiers = [m for m in modifiers if m]
    if not modifiers:
        return verb_phrase
    rng.shuffle(modifiers)
    single_word = [m for m in modifiers if " " not in m and m.endswith("ly")]
    if single_word and rng.random() < 0.3:
        front = single_word[0]
        modifiers.remove(front)
        first, _, rest = verb_phrase.partition(" ")
        return " ".join([front, first, rest] + modifiers).replace("  ", " ").strip()
    return " ".join([verb_phrase] + modifiers)


SEQUENCE_JOINERS = (
    "{a}, then {b}", "{a} and then {b}", "{a}, and then {b}", "first {a}, then {b}", "{a}; after that {b}",
    "{a}, afterwards {b}", "{a}, and after that {b}", "{a}. Then {b}", "{a}, next {b}", "{a}, followed by {b}",
    "{a}, later {b}", "{a}, and finally {b}",
)


def join_sequence(rng: np.random.Generator, subject: Subject, phrases: list[str]) -> str:
    """'he nods, then turns left' / 'he nods, then he turns left' / 'first nod, and then turn left'."""
    text = clause(subject, phrases[0])
    for phrase in phrases[1:]:
        repeat_subject = subject.text and rng.random() < 0.35
        nxt = clause(subject, phrase) if repeat_subject else conjugate(phrase, subject)
        joiner = _pick(rng, SEQUENCE_JOINERS)
        if joiner.startswith("first ") and text != clause(subject, phrases[0]):
            joiner = "{a}, then {b}"
        if joiner.startswith("first "):
            head = clause(subject, phrases[0])
            if subject.text:
                joiner = "{s} first {a0}, then {b}"
                text = joiner.format(s=subject.text, a0=conjugate(phrases[0], subject), b=nxt)
            else:
                text = joiner.format(a=head, b=nxt)
        elif "followed by" in joiner:
            text = f"{text}, then {nxt}"
        else:
            text = joiner.format(a=text, b=nxt)
    return text


# ----------------------------------------------------------------------------- motion corpus

# Degrees (translation in metres) per amplitude class, sampled uniformly in the range.
MOTION_AMPLITUDE_DEG = {
    "nod": {"small": (4, 7), "medium": (9, 14), "large": (17, 25)},
    "shake": {"small": (5, 9), "medium": (12, 20), "large": (24, 35)},
    "turn": {"small": (10, 18), "medium": (25, 40), "large": (50, 70)},
    "look": {"small": (7, 12), "medium": (15, 22), "large": (25, 35)},
    "tilt": {"small": (5, 9), "medium": (11, 18), "large": (20, 28)},
    "wag": {"small": (4, 7), "medium": (8, 12), "large": (13, 18)},
}
# Oscillation frequency (Hz) and transition time (s) per speed class.
OSC_HZ = {"nod": {"slow": 0.6, "normal": 1.2, "fast": 2.2}, "shake": {"slow": 0.5, "normal": 1.0, "fast": 1.8},
          "wag": {"slow": 0.5, "normal": 0.9, "fast": 1.5}}
TRANSITION_S = {"slow": 1.4, "normal": 0.7, "fast": 0.3}

AMPLITUDE_WORDS = {
    "nod": {"small": ("slightly", "a little", "subtly", "gently", "barely"), "medium": ("",),
            "large": ("deeply", "vigorously", "emphatically", "strongly", "firmly")},
    "shake": {"small": ("slightly", "a little", "subtly", "barely"), "medium": ("",),
              "large": ("vigorously", "strongly", "emphatically", "firmly", "hard")},
    "turn": {"small": ("slightly", "a little", "a bit", "just a touch"), "medium": ("",),
             "large": ("all the way", "far", "sharply", "completely", "fully")},
    "look": {"small": ("slightly", "a little", "a bit"), "medium": ("",), "large": ("far", "sharply", "steeply")},
    "tilt": {"small": ("slightly", "a little", "a bit"), "medium": ("",), "large": ("strongly", "far", "heavily")},
    "wag": {"small": ("slightly", "gently", "a little"), "medium": ("",), "large": ("strongly", "wildly")},
}
SPEED_WORDS = {"slow": ("slowly", "gradually", "unhurriedly", "calmly", "lazily"),
               "normal": ("",),
               "fast": ("quickly", "rapidly", "fast", "briskly", "swiftly", "hastily")}
COUNT_WORDS = {1: ("once", "one time", "a single time"), 2: ("twice", "two times"),
               3: ("three times", "3 times", "thrice"), 4: ("four times", "4 times")}
REPEAT_WORDS = ("repeatedly", "several times", "again and again", "a few times", "over and over", "")

NOD_VERBS = ("nods", "nods {pos} head", "nods in agreement", "nods yes", "bobs {pos} head up and down")
SHAKE_VERBS = ("shakes {pos} head", "shakes {pos} head no", "shakes {pos} head from side to side",
               "shakes {pos} head in disagreement", "shakes no")
WAG_VERBS = ("wags {pos} head", "wobbles {pos} head", "rocks {pos} head from shoulder to shoulder",
             "waggles {pos} head side to side")
LOOK_AROUND_VERBS = ("looks around", "glances around", "looks around the room", "scans the surroundings",
                     "looks about", "lets {pos} gaze wander around", "looks from side to side")
STILL_VERBS = ("holds still", "keeps {pos} head still", "stays still", "remains motionless", "does not move",
               "keeps still", "holds {pos} head steady", "stays completely still")
PAUSE_VERBS = ("pauses", "pauses for a moment", "waits a moment", "holds still for a moment", "stops briefly")
RETURN_VERBS = ("turns back to the front", "returns to the center", "faces forward again",
                "looks straight ahead again", "comes back to center", "looks back at the camera")
JERK_VERBS = ("jerks {pos} head back", "jerks back", "snaps {pos} head back", "jolts {pos} head backward",
              "recoils", "flinches backward")
LEAN_VERBS = {"forward": ("leans forward", "leans in", "leans toward the camera", "moves {pos} head forward"),
              "back": ("leans back", "leans backward", "pulls {pos} head back", "draws back")}
SIDE_WORDS = {"left": ("to the left", "to {pos} left", "left", "leftward", "toward {pos} left"),
              "right": ("to the right", "to {pos} right", "right", "rightward", "toward {pos} right")}
TURN_VERBS = ("turns {pos} head {side}", "turns {side}", "looks {side}", "glances {side}", "faces {side}",
              "rotates {pos} head {side}")
TILT_VERBS = {"left": ("tilts {pos} head to the left", "tilts {pos} head toward {pos} left shoulder",
                       "cocks {pos} head to the left", "leans {pos} head to the left", "tilts {pos} head left"),
              "right": ("tilts {pos} head to the right", "tilts {pos} head toward {pos} right shoulder",
                        "cocks {pos} head to the right", "leans {pos} head to the right", "tilts {pos} head right")}
LOOK_VERBS = {"up": ("looks up", "raises {pos} head", "tips {pos} head back", "looks upward", "lifts {pos} chin",
                     "gazes up", "looks up at the sky", "tilts {pos} head up", "looks skyward",
                     "turns {pos} eyes upward", "looks up at the stars", "glances up"),
              "down": ("looks down", "lowers {pos} head", "bows {pos} head", "looks downward", "drops {pos} chin",
                       "glances down", "looks down at the floor", "tilts {pos} head down", "looks down at {pos} feet",
                       "looks at the floor", "lowers {pos} gaze", "looks down at {pos} hands")}


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


def _counted(seg: MotionSegment) -> bool:
    return seg.kind in OSC_HZ and seg.count > 0


def head_rotation(yaw: np.ndarray, pitch: np.ndarray, roll: np.ndarray) -> np.ndarray:
    """Angles (radians) → rotation matrices R = Ry(yaw) Rx(pitch) Rz(roll), signs of DESIGN.md."""
    return Rotation.from_euler("YXZ", np.stack([yaw, pitch, roll], -1)).as_matrix().astype(np.float32)


def head_angles(rotation: np.ndarray) -> np.ndarray:
    """Inverse of `head_rotation`: (..., 3, 3) → (..., 3) yaw, pitch, roll in radians."""
    shape = rotation.shape[:-2]
    angles = Rotation.from_matrix(rotation.reshape(-1, 3, 3)).as_euler("YXZ")
    return angles.reshape(*shape, 3).astype(np.float32)


def _ease(x: np.ndarray) -> np.ndarray:
    x = np.clip(x, 0.0, 1.0)
    return x * x * (3.0 - 2.0 * x)


def _smooth_noise(rng: np.random.Generator, n: int, scale: float, corr_frames: float) -> np.ndarray:
    """Band-limited noise: white noise through a Gaussian kernel, unit std times `scale`."""
    pad = int(3 * corr_frames) + 1
    white = rng.standard_normal(n + 2 * pad)
    k = np.exp(-0.5 * (np.arange(-pad, pad + 1) / corr_frames) ** 2)
    smooth = np.convolve(white, k / np.sqrt((k ** 2).sum()), mode="valid")[:n]
    return scale * smooth


def sliding_window_smooth(x: np.ndarray, window: int) -> np.ndarray:
    """Centred moving average over time (axis 0), window clipped at the ends (the paper's data smoothing)."""
    if window <= 1:
        return x
    half = window // 2
    padded = np.concatenate([np.repeat(x[:1], half, 0), x, np.repeat(x[-1:], half, 0)], 0)
    csum = np.concatenate([np.zeros_like(x[:1]), np.cumsum(padded, 0)], 0)
    return ((csum[window:] - csum[:-window]) / window).astype(x.dtype)


class MotionCorpus:
    """Random head-motion samples with descriptions. `sample(rng)` makes one; all randomness from rng."""

    def __init__(self, min_seconds: float = 2.0, max_seconds: float = 10.0, fps: float = CORPUS_FPS,
                 max_segments: int = 3):
        self.min_seconds, self.max_seconds, self.fps, self.max_segments = min_seconds, max_seconds, fps, max_segments

    # -- structure -----------------------------------------------------------------------------

    def random_segment(self, rng: np.random.Generator, previous: MotionSegment | None) -> MotionSegment:
        kinds = ["nod", "shake", "turn", "look", "tilt", "look_around", "wag", "jerk", "lean", "still"]
        weights = [0.17, 0.16, 0.2, 0.14, 0.1, 0.06, 0.05, 0.04, 0.04, 0.04]
        if previous is not None:
            kinds += ["pause", "return"]
            weights += [0.04, 0.08 if previous.kind in ("turn", "look", "tilt") else 0.0]
        p = np.asarray(weights) / np.sum(weights)
        kind = str(rng.choice(kinds, p=p))
        amplitude = str(rng.choice(AMPLITUDES, p=[0.3, 0.45, 0.25]))
        speed = str(rng.choice(SPEEDS, p=[0.3, 0.4, 0.3]))
        direction, count = "", 0
        if kind in ("turn", "tilt"):
            direction = str(rng.choice(["left", "right"]))
        elif kind == "look":
            direction = str(rng.choice(["up", "down"]))
        elif kind == "lean":
            direction = str(rng.choice(["forward", "back"]))
        if kind in ("nod", "shake", "wag"):
            count = int(rng.choice([0, 1, 2, 3, 4], p=[0.25, 0.2, 0.23, 0.22, 0.1]))
        if kind in ("still", "pause", "return", "look_around", "jerk", "lean"):
            amplitude = "medium" if kind != "look_around" else amplitude
        if kind in ("still", "pause"):
            speed = "normal"
        return MotionSegment(kind, direction, amplitude, speed, count)

    def natural_seconds(self, seg: MotionSegment) -> float:
        if seg.kind in OSC_HZ:
            cycles = seg.count or 3
            return cycles / OSC_HZ[seg.kind][seg.speed] + 0.3
        if seg.kind in ("turn", "look", "tilt", "lean", "return"):
            return TRANSITION_S[seg.speed] + 0.8
        if seg.kind == "look_around":
            return {"slow": 5.0, "normal": 3.5, "fast": 2.5}[seg.speed]
        if seg.kind == "jerk":
            return 1.2
        return 1.0 if seg.kind == "pause" else 2.0

    def random_label(self, rng: np.random.Generator) -> tuple[MotionLabel, float]:
        n = int(rng.choice([1, 2, 3][: self.max_segments], p=[0.55, 0.3, 0.15][: self.max_segments]
                           / np.sum([0.55, 0.3, 0.15][: self.max_segments])))
        segments: list[MotionSegment] = []
        for _ in range(n):
            seg = self.random_segment(rng, segments[-1] if segments else None)
            if segments and seg.kind in ("pause", "still") and segments[-1].kind in ("pause", "still"):
                continue
            segments.append(seg)
        while True:
            natural = sum(self.natural_seconds(s) for s in segments)
            lo = max(self.min_seconds, 0.75 * natural)
            if lo <= self.max_seconds or len(segments) == 1:
                break
            segments.pop()
        lo = min(lo, self.max_seconds)
        seconds = float(rng.uniform(lo, max(lo, self.max_seconds)))
        # Short clips are more common than long ones in practice and cheaper to learn from.
        if rng.random() < 0.5:
            seconds = float(rng.uniform(lo, max(lo, min(self.max_seconds, natural * 1.4 + 0.5))))
        return MotionLabel(tuple(segments)), seconds

    # -- trajectories --------------------------------------------------------------------------

    def render(self, label: MotionLabel, seconds: float, rng: np.random.Generator
               ) -> tuple[np.ndarray, np.ndarray]:
        fps = self.fps
        n = max(2, int(round(seconds * fps)))
        natural = np.array([self.natural_seconds(s) for s in label.segments])
        elastic = np.array([s.kind in ("still", "look_around") or (s.kind in OSC_HZ and s.count == 0)
                            for s in label.segments])
        spare = seconds - natural.sum()
        alloc = natural.copy()
        if spare >= 0 and elastic.any():
            alloc[elastic] += spare * natural[elastic] / natural[elastic].sum()
        elif spare < 0:
            alloc *= seconds / natural.sum()
        # Without an elastic segment the head holds its last pose for the rest of the clip.
        bounds = np.concatenate([[0.0], np.cumsum(alloc)]) / max(alloc.sum(), seconds) * seconds

        yaw, pitch, roll, tz = (np.zeros(n) for _ in range(4))
        held = np.zeros(4)   # yaw, pitch, roll, tz currently held by a directional primitive
        t_all = np.arange(n) / fps
        for seg, t0, t1 in zip(label.segments, bounds[:-1], bounds[1:]):
            i0, i1 = int(round(t0 * fps)), n if t1 >= bounds[-1] - 1e-6 else int(round(t1 * fps))
            if i1 <= i0:
                continue
            t = t_all[i0:i1] - t0
            dur = t1 - t0
            # Warp time a little so repetitions are not metronomic (speed variation).
            warp = 1.0 + (0.04 if _counted(seg) else 0.08) * _smooth_noise(rng, len(t), 1.0, 12.0)
            tw = np.concatenate([[0.0], np.cumsum(warp[:-1])]) / fps
            offsets, new_held = self._primitive(seg, tw, dur, rng, held)
            start = held.copy()
            for axis, arr in enumerate((yaw, pitch, roll, tz)):
                if np.isnan(new_held[axis]):
                    # Held pose of this axis eases back to the front over the first part of the segment.
                    decay = 1.0 - _ease(t / min(0.6, max(dur, 1e-3)))
                    base = start[axis] * decay
                    arr[i0:i1] = base + offsets[axis]
                    held[axis] = 0.0
                else:
                    arr[i0:i1] = offsets[axis]
                    held[axis] = new_held[axis]
        # Realistic noise: slow postural drift plus small tracker-like jitter.
        deg = math.pi / 180.0
        yaw += _smooth_noise(rng, n, rng.uniform(0.3, 1.2) * deg, 20.0) + rng.normal(0, 0.15 * deg, n)
        pitch += _smooth_noise(rng, n, rng.uniform(0.3, 1.0) * deg, 20.0) + rng.normal(0, 0.15 * deg, n)
        roll += _smooth_noise(rng, n, rng.uniform(0.2, 0.8) * deg, 20.0) + rng.normal(0, 0.1 * deg, n)
        tz += _smooth_noise(rng, n, 0.002, 25.0)
        rotation = head_rotation(yaw, pitch, roll)
        translation = np.zeros((n, 3), np.float32)
        translation[:, 2] = tz
        return rotation, translation

    def _amplitude(self, family: str, amplitude: str, rng: np.random.Generator) -> float:
        lo, hi = MOTION_AMPLITUDE_DEG[family][amplitude]
        return float(rng.uniform(lo, hi)) * math.pi / 180.0

    def _primitive(self, seg: MotionSegment, t: np.ndarray, dur: float, rng: np.random.Generator,
                   held: np.ndarray) -> tuple[list[np.ndarray], np.ndarray]:
        """Offsets per axis (yaw, pitch, roll, tz) over the segment, and the pose it leaves held
        (NaN for axes the segment releases back to the front)."""
        z = np.zeros_like(t)
        nan = np.full(4, np.nan)
        kind = seg.kind
        if kind in OSC_HZ:
            family = kind
            amp = self._amplitude(family, seg.amplitude, rng)
            # A counted repetition keeps a steadier rhythm than an open one: its text fixes the number of
            # beats, and the beats must stay apart in the average the model learns first.
            steady = _counted(seg)
            hz = OSC_HZ[kind][seg.speed] * rng.uniform(*((0.93, 1.07) if steady else (0.85, 1.15)))
            cycles = seg.count if seg.count else max(1, int(round((dur - 0.3) * hz)))
            hz = min(hz, cycles / max(dur - 0.15, 0.2)) if seg.count else max(hz, cycles / max(dur, 0.2))
            active = t < cycles / hz
            phase = 2 * np.pi * hz * t
            envelope = np.where(active, 1.0, 0.0)
            decay = (0.9 + 0.1 * rng.random()) if steady else (0.8 + 0.2 * rng.random())
            amps = amp * decay ** (np.floor(hz * t))   # later repetitions a little smaller
            if kind == "nod":
                # A nod goes down and comes back: pitch > 0 is down.
                wave = amps * 0.5 * (1 - np.cos(phase)) * envelope
                return [z, wave, z, z], nan
            # Shakes and wags always swing to the subject's left first. Texts never say which side comes
            # first, and a free choice would make the mean of every "shakes twice" a flat line, which is
            # what an x0-predicting diffusion model learns first and then cannot leave.
            wave = amps * np.sin(phase) * envelope
            if kind == "shake":
                return [wave, z, z, z], nan
            return [z, z, -wave, z], nan
        if kind in ("turn", "look", "tilt", "lean", "return"):
            trans = TRANSITION_S[seg.speed] * rng.uniform(0.8, 1.2)
            ramp = _ease(t / trans)
            target = np.zeros(4)
            if kind == "turn":
                target[0] = (1.0 if seg.direction == "left" else -1.0) * self._amplitude("turn", seg.amplitude, rng)
            elif kind == "look":
                target[1] = (1.0 if seg.direction == "down" else -1.0) * self._amplitude("look", seg.amplitude, rng)
            elif kind == "tilt":
                target[2] = (1.0 if seg.direction == "right" else -1.0) * self._amplitude("tilt", seg.amplitude, rng)
            elif kind == "lean":
                forward = seg.direction == "forward"
                target[3] = (1.0 if forward else -1.0) * rng.uniform(0.025, 0.05)
                target[1] = (1.0 if forward else -1.0) * rng.uniform(2, 5) * math.pi / 180
            start = held.copy()
            # A turn changes its own axis from what is held; the other axes ease back to the front.
            curves = [start[a] + (target[a] - start[a]) * ramp for a in range(4)]
            return curves, target
        if kind == "look_around":
            amp = self._amplitude("turn", "medium" if seg.amplitude != "large" else "large", rng)
            corr = {"slow": 28.0, "normal": 18.0, "fast": 11.0}[seg.speed]
            yaw = _smooth_noise(rng, len(t), 1.0, corr)
            yaw = amp * yaw / max(np.abs(yaw).max(), 1e-6)
            pitch = 0.35 * amp * _smooth_noise(rng, len(t), 1.0, corr) / 2.0
            fade = _ease(t / 0.5) * _ease((dur - t) / 0.5)
            return [yaw * fade, pitch * fade, z, z], nan
        if kind == "jerk":
            amp = rng.uniform(8, 16) * math.pi / 180
            t_hit = rng.uniform(0.05, 0.25)
            up = _ease((t - t_hit) / 0.12)
            down = _ease((t - t_hit - 0.25) / 0.7)
            return [z, -amp * (up - down), z, -0.015 * (up - down)], nan
        return [z, z, z, z], nan   # still, pause

    # -- phrasing ------------------------------------------------------------------------------

    def segment_phrase(self, seg: MotionSegment, rng: np.random.Generator) -> str:
        k = seg.kind
        speed = _pick(rng, SPEED_WORDS[seg.speed])
        if k in ("nod", "shake", "wag"):
            verbs = {"nod": NOD_VERBS, "shake": SHAKE_VERBS, "wag": WAG_VERBS}[k]
            amp = _pick(rng, AMPLITUDE_WORDS[k][seg.amplitude])
            if k in ("nod", "shake") and rng.random() < 0.25:
                # "gives two slow nods", "gives a quick shake of the head"
                count_word = {0: _pick(rng, ("a few", "several", "some")), 1: _pick(rng, ("a", "one", "a single")),
                              2: "two", 3: "three", 4: "four"}[seg.count]
                adjective = {"slow": "slow", "fast": "quick", "normal": ""}[seg.speed]
                size = {"small": "small", "large": "big", "medium": ""}[seg.amplitude]
                noun = k if seg.count == 1 else k + "s"
                if k == "shake":
                    noun += _pick(rng, ("", " of {pos} head"))
                return " ".join(w for w in ("gives", count_word, size, adjective, noun) if w)
            count = _pick(rng, COUNT_WORDS[seg.count]) if seg.count else _pick(rng, REPEAT_WORDS)
            return _place_modifiers(rng, _pick(rng, verbs), [amp, speed, count])
        if k == "turn":
            side = _pick(rng, SIDE_WORDS[seg.direction])
            verb = _pick(rng, TURN_VERBS).replace("{side}", side)
            amp = _pick(rng, AMPLITUDE_WORDS["turn"][seg.amplitude])
            if amp in ("all the way", "far") and rng.random() < 0.7:
                first, _, rest = verb.partition(" ")
                # "turns all the way to the left"
                if rest.startswith("{pos} head "):
                    verb = f"{first} {{pos}} head {amp} {rest[len('{pos} head '):]}"
                else:
                    verb = f"{first} {amp} {rest}"
                amp = ""
            return _place_modifiers(rng, verb, [amp, speed])
        if k == "tilt":
            return _place_modifiers(rng, _pick(rng, TILT_VERBS[seg.direction]),
                                    [_pick(rng, AMPLITUDE_WORDS["tilt"][seg.amplitude]), speed])
        if k == "look":
            return _place_modifiers(rng, _pick(rng, LOOK_VERBS[seg.direction]),
                                    [_pick(rng, AMPLITUDE_WORDS["look"][seg.amplitude]), speed])
        if k == "lean":
            return _place_modifiers(rng, _pick(rng, LEAN_VERBS[seg.direction]), [speed])
        if k == "look_around":
            return _place_modifiers(rng, _pick(rng, LOOK_AROUND_VERBS), [speed])
        if k == "jerk":
            return _place_modifiers(rng, _pick(rng, JERK_VERBS), [_pick(rng, ("suddenly", "abruptly", ""))])
        if k == "return":
            return _place_modifiers(rng, _pick(rng, RETURN_VERBS), [speed])
        if k == "pause":
            return _pick(rng, PAUSE_VERBS)
        return _pick(rng, STILL_VERBS)

    def describe(self, label: MotionLabel, rng: np.random.Generator) -> str:
        subject = SUBJECTS[int(rng.integers(len(SUBJECTS)))]
        phrases = [self.segment_phrase(s, rng) for s in label.segments]
        return sentence(join_sequence(rng, subject, phrases), rng)

    def sample(self, rng: np.random.Generator) -> MotionSample:
        label, seconds = self.random_label(rng)
        rotation, translation = self.render(label, seconds, rng)
        return MotionSample(self.describe(label, rng), rotation, translation, label)


# ---------------------------------------------------------------------------- emotion corpus

# Named-expression recipes at full intensity, plus jaw opening (rad) and eyelid closure at rest.
EMOTION_RECIPES: dict[str, dict[str, float]] = {
    "happy": {"smile": 0.9, "squint": 0.25, "dimpler": 0.3, "cheek_puff": 0.05},
    "sad": {"frown": 0.8, "inner_brow_raise": 0.75, "lower_lip_depress": 0.2, "chin_raise": 0.3},
    "surprised": {"brow_raise": 0.9, "eye_wide": 0.8, "lip_funnel": 0.15},
    "angry": {"brow_furrow": 0.9, "lip_press": 0.6, "squint": 0.35, "nose_wrinkle": 0.2, "chin_raise": 0.2},
    "disgusted": {"nose_wrinkle": 0.85, "upper_lip_raise": 0.75, "brow_furrow": 0.35, "squint": 0.25,
                  "frown": 0.25},
    "fearful": {"inner_brow_raise": 0.7, "brow_raise": 0.45, "eye_wide": 0.7, "lip_stretch": 0.7},
    "contempt": {"dimpler": 0.2},   # plus a one-sided smile, side chosen per sample
    "neutral": {},
}
EMOTION_JAW_RAD = {"happy": 0.02, "sad": 0.0, "surprised": 0.2, "angry": 0.0, "disgusted": 0.03,
                   "fearful": 0.08, "contempt": 0.0, "neutral": 0.0}
EMOTION_EYELIDS = {"happy": 0.15, "sad": 0.3, "surprised": 0.0, "angry": 0.2, "disgusted": 0.25,
                   "fearful": 0.0, "contempt": 0.15, "neutral": 0.08}
INTENSITY_SCALE = {"mild": (0.35, 0.55), "medium": (0.65, 0.85), "strong": (0.9, 1.1)}
ONSET_S = {"sudden": (0.12, 0.3), "normal": (0.4, 0.8), "gradual": (1.5, 3.0)}

EMOTION_WORDS: dict[str, dict[str, tuple[str, ...]]] = {
    # "state": phrases with a copula, "verb": actions, "participle": "..., smiling" style
    "happy": {"adj": ("happy", "cheerful", "joyful", "glad", "pleased", "delighted", "content", "ecstatic", "gleeful",
                      "jubilant", "merry", "amused", "blissful"),
              "verb": ("smiles", "grins", "beams", "smiles broadly", "breaks into a smile", "laughs"),
              "participle": ("smiling", "grinning", "with a smile", "with a big grin", "beaming"),
              "noun": ("happiness", "joy")},
    "sad": {"adj": ("sad", "unhappy", "sorrowful", "gloomy", "downcast", "melancholy", "dejected", "depressed", "upset",
                    "tearful", "despondent", "crestfallen", "mournful", "glum", "disappointed"),
            "verb": ("frowns sadly", "pouts", "looks close to tears", "sulks"),
            "participle": ("frowning sadly", "with a sad face", "close to tears"),
            "noun": ("sadness", "sorrow")},
    "surprised": {"adj": ("surprised", "astonished", "shocked", "amazed", "startled", "stunned", "astounded",
                          "taken aback", "speechless", "awestruck"),
                  "verb": ("gasps", "raises {pos} eyebrows in surprise", "gapes", "stares in astonishment"),
                  "participle": ("with wide eyes", "wide-eyed", "with {pos} mouth open in surprise"),
                  "noun": ("surprise", "astonishment", "shock")},
    "angry": {"adj": ("angry", "furious", "mad", "irritated", "annoyed", "enraged", "cross", "irate", "incensed",
                      "fuming", "hostile", "frustrated", "indignant", "raging"),
              "verb": ("scowls", "glares", "frowns angrily", "fumes", "clenches {pos} jaw"),
              "participle": ("scowling", "glaring", "with a scowl", "with an angry frown"),
              "noun": ("anger", "rage")},
    "disgusted": {"adj": ("disgusted", "grossed out", "repulsed", "sickened", "appalled", "queasy", "repelled"),
                  "verb": ("wrinkles {pos} nose", "grimaces in disgust", "curls {pos} lip in disgust",
                           "makes a disgusted face"),
                  "participle": ("grimacing", "with a look of disgust", "wrinkling {pos} nose"),
                  "noun": ("disgust", "revulsion")},
    "fearful": {"adj": ("scared", "afraid", "frightened", "fearful", "terrified", "nervous", "anxious", "alarmed",
                        "horrified", "spooked", "worried", "apprehensive", "shaken"),
                "verb": ("cowers", "trembles with fear", "looks on in fear"),
                "participle": ("with a frightened face", "in fear", "looking frightened"),
                "noun": ("fear", "terror")},
    "contempt": {"adj": ("contemptuous", "scornful", "smug", "condescending", "dismissive", "arrogant", "snide",
                         "mocking", "sarcastic", "unimpressed", "patronizing", "sardonic", "sneering"),
                 "verb": ("smirks", "gives a smirk", "smirks dismissively", "sneers"),
                 "participle": ("smirking", "with a smirk", "with a smug look"),
                 "noun": ("contempt", "scorn")},
    "neutral": {"adj": ("neutral", "calm", "expressionless", "blank", "relaxed", "composed", "deadpan", "stoic",
                        "unreadable", "emotionless", "placid", "serene", "unmoved"),
                "verb": ("keeps a straight face", "keeps a neutral expression", "stays expressionless",
                     "keeps a blank face", "relaxes {pos} face"),
                "participle": ("with a neutral face", "with a blank expression", "with a straight face"),
                "noun": ("calm",)},
}
INTENSITY_WORDS = {"mild": ("slightly", "a little", "a bit", "somewhat", "mildly", "faintly"),
                   "medium": ("",), "strong": ("very", "extremely", "really", "deeply", "intensely", "totally")}
ONSET_WORDS = {"sudden": ("suddenly", "all of a sudden", "abruptly", "instantly"),
               "normal": ("",), "gradual": ("gradually", "slowly", "little by little", "steadily")}
TALK_VERBS = ("talks", "speaks", "is talking", "is speaking", "says something", "chats", "keeps talking",
              "tells a story", "explains something", "talks to the camera")
TALK_ADVERBS = {"happy": ("happily", "cheerfully", "with a smile"), "sad": ("sadly", "in a sad voice"),
                "angry": ("angrily", "furiously", "in anger"), "surprised": ("in surprise", "excitedly"),
                "fearful": ("nervously", "fearfully"), "disgusted": ("with disgust",),
                "contempt": ("smugly", "dismissively"), "neutral": ("calmly", "")}
BASIC_EMOTIONS = ("happy", "sad", "surprised", "angry", "disgusted", "fearful", "contempt", "neutral")


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


def emotion_pose(emotion: str, rng: np.random.Generator) -> tuple[np.ndarray, float, float]:
    """Full-intensity expression vector, jaw opening and eyelid closure of one emotion, with variation."""
    vec = np.zeros(N_EXPRESSION, np.float32)
    for name, value in EMOTION_RECIPES[emotion].items():
        vec[EXPRESSION_INDEX[name]] = value * rng.uniform(0.85, 1.15)
    if emotion == "contempt":
        side = "smile_left" if rng.random() < 0.5 else "smile_right"
        vec[EXPRESSION_INDEX[side]] = rng.uniform(0.7, 1.0)
        vec[EXPRESSION_INDEX["mouth_left" if side == "smile_left" else "mouth_right"]] = rng.uniform(0.1, 0.3)
    jaw = EMOTION_JAW_RAD[emotion] * rng.uniform(0.7, 1.3)
    return vec, jaw, EMOTION_EYELIDS[emotion]


class EmotionCorpus:
    """Random expression trajectories with descriptions. `sample(rng)` makes one."""

    def __init__(self, min_seconds: float = 2.0, max_seconds: float = 10.0, fps: float = CORPUS_FPS):
        self.min_seconds, self.max_seconds, self.fps = min_seconds, max_seconds, fps

    def random_label(self, rng: np.random.Generator) -> tuple[EmotionLabel, float]:
        def phase(exclude: str | None = None) -> EmotionPhase:
            choices = [e for e in BASIC_EMOTIONS if e != exclude]
            weights = np.array([1.0 if e != "neutral" else 0.6 for e in choices])
            emotion = str(rng.choice(choices, p=weights / weights.sum()))
            intensity = str(rng.choice(INTENSITIES, p=[0.3, 0.4, 0.3]))
            onset = str(rng.choice(list(ONSET_S), p=[0.25, 0.5, 0.25]))
            brief = emotion != "neutral" and rng.random() < 0.12
            growing = emotion != "neutral" and not brief and onset == "normal" and rng.random() < 0.12
            if emotion == "neutral":
                intensity, onset = "medium", "normal"
            return EmotionPhase(emotion, intensity, onset, brief, growing)

        talking = rng.random() < 0.22
        first = phase()
        phases = [first]
        if not talking and rng.random() < 0.3:
            phases.append(phase(exclude=first.emotion))
            phases = [dataclasses.replace(p, brief=False) for p in phases]
        seconds = float(rng.uniform(self.min_seconds, self.max_seconds))
        if len(phases) == 2:
            seconds = max(seconds, min(self.max_seconds, 3.5))
        return EmotionLabel(tuple(phases), talking), seconds

    def render(self, label: EmotionLabel, seconds: float, rng: np.random.Generator
               ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        fps = self.fps
        n = max(2, int(round(seconds * fps)))
        t = np.arange(n) / fps
        expression = np.zeros((n, N_EXPRESSION), np.float32)
        jaw = np.zeros(n, np.float32)
        lid_rest = np.full(n, EMOTION_EYELIDS["neutral"], np.float32)
        n_phases = len(label.phases)
        # Phase k starts at a random time within its share of the clip.
        starts = [rng.uniform(0.0, 0.6) if n_phases == 1 else rng.uniform(0.0, 0.3)]
        if n_phases == 2:
            starts.append(seconds * rng.uniform(0.4, 0.55))
        prev_vec, prev_jaw, prev_lid = np.zeros(N_EXPRESSION), 0.0, EMOTION_EYELIDS["neutral"]
        for k, ph in enumerate(label.phases):
            vec, jaw_open, lid = emotion_pose(ph.emotion, rng)
            scale = rng.uniform(*INTENSITY_SCALE[ph.intensity])
            onset = rng.uniform(*ONSET_S[ph.onset])
            t0 = starts[k]
            t_end = starts[k + 1] if k + 1 < n_phases else seconds
            w = _ease((t - t0) / onset)
            if ph.brief:
                hold = rng.uniform(0.8, 1.6)
                w = w * (1.0 - _ease((t - t0 - onset - hold) / rng.uniform(0.4, 0.9)))
            if ph.growing:
                # Starts mild and keeps rising to the end of the phase.
                g = np.clip((t - t0) / max(t_end - t0, 1e-3), 0, 1)
                w = w * (0.3 + 0.8 * g)
            mask = (t >= t0) if k else np.ones(n, bool)
            target = vec * scale
            cur = prev_vec[None] + (target - prev_vec)[None] * w[:, None]
            expression[mask] = cur[mask]
            jaw[mask] = (prev_jaw + (jaw_open * scale - prev_jaw) * w)[mask]
            lid_rest[mask] = (prev_lid + (lid * min(scale, 1.0) + EMOTION_EYELIDS["neutral"] * (1 - min(scale, 1.0))
                                          - prev_lid) * w)[mask]
            if ph.brief:
                prev_vec, prev_jaw, prev_lid = np.zeros(N_EXPRESSION), 0.0, EMOTION_EYELIDS["neutral"]
            else:
                prev_vec, prev_jaw = target, jaw_open * scale
                prev_lid = lid * min(scale, 1.0) + EMOTION_EYELIDS["neutral"] * (1 - min(scale, 1.0))
        # Micro-expressions: slow wobble of the active coefficients.
        expression += (0.06 * np.abs(expression) + 0.01) * np.stack(
            [_smooth_noise(rng, n, 1.0, 15.0) for _ in range(N_EXPRESSION)], 1)
        if label.talking:
            syllable_hz = rng.uniform(3.0, 5.0)
            envelope = 0.5 + 0.5 * (_smooth_noise(rng, n, 1.0, 6.0) > -0.4)
            phase = np.cumsum(2 * np.pi * syllable_hz * (1 + 0.3 * _smooth_noise(rng, n, 1.0, 5.0)) / fps)
            opening = np.clip(0.5 + 0.5 * np.sin(phase), 0, 1) * rng.uniform(0.08, 0.18) * envelope
            jaw += opening.astype(np.float32)
            for name, amount in (("pucker", 0.25), ("lip_funnel", 0.2), ("lip_stretch", 0.2), ("lip_press", 0.15)):
                expression[:, EXPRESSION_INDEX[name]] += np.clip(_smooth_noise(rng, n, amount, 4.0), 0, None)
        eyelids = np.repeat(lid_rest[:, None], 2, 1)
        # Blinks every 2–6 s, ~0.2 s each, both eyes together.
        tb = rng.uniform(0.3, 3.0)
        while tb < seconds:
            width = rng.uniform(0.15, 0.25)
            # Lids stay shut for a few hundredths of a second, so every blink closes fully at any frame rate.
            blink = np.clip(1.6 * (1.0 - np.abs(t - tb) / (width / 2)), 0, 1)
            eyelids = np.maximum(eyelids, blink[:, None])
            tb += rng.uniform(2.0, 6.0)
        eyelids = np.clip(eyelids + rng.normal(0, 0.01, eyelids.shape), 0.0, 1.0)
        expression += rng.normal(0, 0.01, expression.shape)
        jaw = np.clip(jaw + rng.normal(0, 0.002, n), 0.0, None)
        return expression.astype(np.float32), jaw.astype(np.float32), eyelids.astype(np.float32)

    def phase_phrase(self, ph: EmotionPhase, subject: Subject, rng: np.random.Generator, first: bool) -> str:
        words = EMOTION_WORDS[ph.emotion]
        intensity = _pick(rng, INTENSITY_WORDS[ph.intensity])
        onset = _pick(rng, ONSET_WORDS[ph.onset])
        adj = _pick(rng, words["adj"])
        if ph.growing:
            return _pick(rng, (f"gets more and more {adj}", f"becomes increasingly {adj}",
                               f"grows more and more {adj}"))
        style = rng.random()
        if style < 0.45:
            copula = _pick(rng, ("looks", "is", "seems", "appears", "becomes", "turns", "gets")
                           if ph.onset != "normal" or not first else ("looks", "is", "seems", "appears", "feels"))
            core = " ".join(w for w in (copula, intensity, adj) if w)
        elif style < 0.8:
            core = _pick(rng, words["verb"])
            if intensity and ph.intensity == "mild":
                core = _place_modifiers(rng, core, [_pick(rng, ("slightly", "a little", "faintly"))])
            elif ph.intensity == "strong":
                core = _place_modifiers(rng, core, [_pick(rng, ("broadly", "intensely", "strongly"))])
        else:
            noun = _pick(rng, words["noun"])
            size = {"mild": _pick(rng, ("a hint of", "a touch of", "mild")), "medium": "",
                    "strong": _pick(rng, ("great", "intense", "strong"))}[ph.intensity]
            core = " ".join(w for w in ("shows", size, noun) if w)
        if onset:
            core = f"{onset} {core}" if rng.random() < 0.6 else f"{core} {onset}"
        if ph.brief:
            core += " " + _pick(rng, ("for a moment", "briefly", "for a second", "for an instant"))
        return core

    def describe(self, label: EmotionLabel, rng: np.random.Generator) -> str:
        subject = SUBJECTS[int(rng.integers(len(SUBJECTS) - 1))]   # not imperative
        if label.talking:
            ph = label.phases[0]
            adverb = _pick(rng, TALK_ADVERBS[ph.emotion])
            talk = _pick(rng, TALK_VERBS)
            if ph.emotion != "neutral" and (not adverb or rng.random() < 0.4):
                return sentence(f"{clause(subject, talk)} while looking {_pick(rng, EMOTION_WORDS[ph.emotion]['adj'])}",
                                rng)
            return sentence(f"{clause(subject, talk)} {adverb}", rng)
        phrases = [self.phase_phrase(ph, subject, rng, i == 0) for i, ph in enumerate(label.phases)]
        if len(label.phases) == 2 and rng.random() < 0.25:
            a, b = (_pick(rng, EMOTION_WORDS[p.emotion]["adj"]) for p in label.phases)
            return sentence(clause(subject, f"goes from {a} to {b}"), rng)
        if len(label.phases) == 1 and rng.random() < 0.15:
            # participle-only fragments as found in combined prompts ("..., looking surprised")
            participle = _pick(rng, EMOTION_WORDS[label.phases[0].emotion]["participle"])
            return sentence(f"looking {_pick(rng, EMOTION_WORDS[label.phases[0].emotion]['adj'])}"
                            if rng.random() < 0.5 else participle, rng).replace("{pos}", subject.possessive)
        return sentence(join_sequence(rng, subject, phrases), rng)

    def sample(self, rng: np.random.Generator) -> EmotionSample:
        label, seconds = self.random_label(rng)
        expression, jaw, eyelids = self.render(label, seconds, rng)
        return EmotionSample(self.describe(label, rng), expression, jaw, eyelids, label)


Sampler = Callable[[np.random.Generator], "MotionSample | EmotionSample"]


@functools.lru_cache(maxsize=1)
def _known_verbs() -> frozenset[str]:
    """First words of every verb phrase above (the words `conjugate` may change)."""
    phrases: list[str] = list(NOD_VERBS + SHAKE_VERBS + WAG_VERBS + LOOK_AROUND_VERBS + STILL_VERBS + PAUSE_VERBS
                              + RETURN_VERBS + JERK_VERBS + TURN_VERBS + TALK_VERBS)
    for table in (LEAN_VERBS, TILT_VERBS, LOOK_VERBS):
        for options in table.values():
            phrases += options
    for words in EMOTION_WORDS.values():
        phrases += words["verb"]
    first = {p.split(" ")[0] for p in phrases}
    return frozenset(first | {"looks", "is", "seems", "appears", "becomes", "turns", "gets", "feels", "shows",
                              "gives", "goes", "grows"})
