"""The emotion corpus: expression trajectories in the open head's named expression space (happy, sad,
surprised, angry, disgusted, fearful, contempt, neutral, talking) with onset speed, hold, intensity and
intensity changes, plus jaw opening and eyelids (blinks), each paired with a freshly phrased description."""

from __future__ import annotations

import dataclasses

import numpy as np

from .curves import ease, smooth_noise
from .phrasing import describe_emotion
from .samples import (BASIC_EMOTIONS, CORPUS_FPS, EXPRESSION_INDEX, INTENSITIES, N_EXPRESSION, EmotionLabel,
                      EmotionPhase, EmotionSample)

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
            w = ease((t - t0) / onset)
            if ph.brief:
                hold = rng.uniform(0.8, 1.6)
                w = w * (1.0 - ease((t - t0 - onset - hold) / rng.uniform(0.4, 0.9)))
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
            [smooth_noise(rng, n, 1.0, 15.0) for _ in range(N_EXPRESSION)], 1)
        if label.talking:
            syllable_hz = rng.uniform(3.0, 5.0)
            envelope = 0.5 + 0.5 * (smooth_noise(rng, n, 1.0, 6.0) > -0.4)
            phase = np.cumsum(2 * np.pi * syllable_hz * (1 + 0.3 * smooth_noise(rng, n, 1.0, 5.0)) / fps)
            opening = np.clip(0.5 + 0.5 * np.sin(phase), 0, 1) * rng.uniform(0.08, 0.18) * envelope
            jaw += opening.astype(np.float32)
            for name, amount in (("pucker", 0.25), ("lip_funnel", 0.2), ("lip_stretch", 0.2), ("lip_press", 0.15)):
                expression[:, EXPRESSION_INDEX[name]] += np.clip(smooth_noise(rng, n, amount, 4.0), 0, None)
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

    def describe(self, label: EmotionLabel, rng: np.random.Generator) -> str:
        return describe_emotion(label, rng)

    def sample(self, rng: np.random.Generator) -> EmotionSample:
        label, seconds = self.random_label(rng)
        expression, jaw, eyelids = self.render(label, seconds, rng)
        return EmotionSample(self.describe(label, rng), expression, jaw, eyelids, label)
