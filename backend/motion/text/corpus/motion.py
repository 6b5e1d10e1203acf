"""The motion corpus: random sequences of head-motion primitives (nod, shake, tilt, turn, look up/down, look
around, wag, jerk, lean, pause/still, return to the front) with amplitude, speed and repetition, composed in
time with postural drift and tracker-like jitter, each paired with a freshly phrased description."""

from __future__ import annotations

import math

import numpy as np

from protocols.flame_conventions import euler_to_matrix

from .curves import ease, smooth_noise
from .phrasing import describe_motion
from .primitives import HEAD_CHANNELS, OSC_HZ, TRANSITION_S, is_counted, segment_curves
from .samples import AMPLITUDES, CORPUS_FPS, SPEEDS, MotionLabel, MotionSample, MotionSegment


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

        yaw, pitch, roll, tz = (np.zeros(n) for _ in HEAD_CHANNELS)
        held = np.zeros(len(HEAD_CHANNELS))   # the pose the holding primitives (turn, look, ...) left
        t_all = np.arange(n) / fps
        for seg, t0, t1 in zip(label.segments, bounds[:-1], bounds[1:]):
            i0, i1 = int(round(t0 * fps)), n if t1 >= bounds[-1] - 1e-6 else int(round(t1 * fps))
            if i1 <= i0:
                continue
            t = t_all[i0:i1] - t0
            dur = t1 - t0
            # Warp time a little so repetitions are not metronomic (speed variation).
            warp = 1.0 + (0.04 if is_counted(seg) else 0.08) * smooth_noise(rng, len(t), 1.0, 12.0)
            tw = np.concatenate([[0.0], np.cumsum(warp[:-1])]) / fps
            offsets, new_held = segment_curves(seg, tw, dur, rng, held)
            start = held.copy()
            for axis, arr in enumerate((yaw, pitch, roll, tz)):
                if np.isnan(new_held[axis]):
                    # Held pose of this axis eases back to the front over the first part of the segment.
                    decay = 1.0 - ease(t / min(0.6, max(dur, 1e-3)))
                    base = start[axis] * decay
                    arr[i0:i1] = base + offsets[axis]
                    held[axis] = 0.0
                else:
                    arr[i0:i1] = offsets[axis]
                    held[axis] = new_held[axis]
        # Realistic noise: slow postural drift plus small tracker-like jitter.
        deg = math.pi / 180.0
        yaw += smooth_noise(rng, n, rng.uniform(0.3, 1.2) * deg, 20.0) + rng.normal(0, 0.15 * deg, n)
        pitch += smooth_noise(rng, n, rng.uniform(0.3, 1.0) * deg, 20.0) + rng.normal(0, 0.15 * deg, n)
        roll += smooth_noise(rng, n, rng.uniform(0.2, 0.8) * deg, 20.0) + rng.normal(0, 0.1 * deg, n)
        tz += smooth_noise(rng, n, 0.002, 25.0)
        rotation = euler_to_matrix(np.stack([yaw, pitch, roll], -1)).astype(np.float32)
        translation = np.zeros((n, 3), np.float32)
        translation[:, 2] = tz
        return rotation, translation

    def describe(self, label: MotionLabel, rng: np.random.Generator) -> str:
        return describe_motion(label, rng)

    def sample(self, rng: np.random.Generator) -> MotionSample:
        label, seconds = self.random_label(rng)
        rotation, translation = self.render(label, seconds, rng)
        return MotionSample(self.describe(label, rng), rotation, translation, label)
