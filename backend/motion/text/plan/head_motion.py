"""Plan steps → head motion: each step drawn as a motion primitive in its own time window.

- turn / look / tilt / lean move to a pose on their axis and hold it; a step that follows (not one that
  runs with it) first eases the other held axes back to the front, as the corpus does;
- nod / shake / wag add `count` even beats on top of the held pose (shakes and wags swing to the subject's
  left first, nods go down: pitch > 0);
- glance goes to its side, rests briefly and comes back; look around wanders smoothly and comes back;
- recoil jerks the head up and back and settles; hold keeps the pose; return eases every axis to the front.

Amplitudes are the middle of the corpus's class ranges, so a plan and the corpus mean the same by
"small"; signs as in DESIGN.md. The result is deterministic for a seed: the seed only varies each
beat's size a little and the slow postural drift.
"""

from __future__ import annotations

import math

import numpy as np

from protocols.flame_conventions import direction_sign, euler_to_matrix
from protocols.motion_plan import REPEAT_HZ, MotionPlan, PlanStep

from ..corpus.primitives import MOTION_AMPLITUDE_DEG, TRANSITION_S

AXES = ("yaw", "pitch", "roll", "tz")
DEG = math.pi / 180.0
GLANCE_DEG = {"small": 12.0, "medium": 22.0, "large": 35.0}
LEAN_M = {"small": 0.02, "medium": 0.035, "large": 0.05}
LOOK_AROUND_DEG = {"small": 18.0, "medium": 30.0, "large": 50.0}
DRIFT_DEG = 0.4   # slow postural sway, so a held pose is not a frozen picture


def amplitude_deg(action: str, amplitude: str) -> float:
    """Peak angle (degrees) of a step: the middle of the corpus's range for its class."""
    family = {"turn": "turn", "look": "look", "tilt": "tilt", "nod": "nod", "shake": "shake", "wag": "wag"}.get(action)
    if family is not None:
        lo, hi = MOTION_AMPLITUDE_DEG[family][amplitude]
        return (lo + hi) / 2.0
    if action == "glance":
        return GLANCE_DEG[amplitude]
    if action == "look_around":
        return LOOK_AROUND_DEG[amplitude]
    return 0.0


def _ease(x: np.ndarray) -> np.ndarray:
    x = np.clip(x, 0.0, 1.0)
    return x * x * (3.0 - 2.0 * x)


def _smooth_noise(rng: np.random.Generator, n: int, corr_frames: float) -> np.ndarray:
    """Unit-std band-limited noise (white noise through a Gaussian kernel)."""
    pad = int(3 * corr_frames) + 1
    k = np.exp(-0.5 * (np.arange(-pad, pad + 1) / corr_frames) ** 2)
    k /= np.sqrt((k ** 2).sum())
    return np.convolve(rng.standard_normal(n + 2 * pad), k, mode="valid")[:n]


def _direction_target(step: PlanStep) -> tuple[int, float] | None:
    """(axis, value) a directional step holds, signed by `flame_conventions.direction_sign`."""
    a = amplitude_deg(step.action, step.amplitude) * DEG
    angle = {"turn": "yaw", "look": "pitch", "tilt": "roll"}.get(step.action)
    if angle is not None:
        return ("yaw", "pitch", "roll").index(angle), direction_sign(angle, step.side) * a
    if step.action == "lean":
        return 3, LEAN_M[step.amplitude] if step.side == "forward" else -LEAN_M[step.amplitude]
    return None


def _move_seconds(step: PlanStep) -> float:
    return min(TRANSITION_S[step.speed], 0.7 * step.duration)


class _AxisCurve:
    """A held value per axis that moves by eased ramps: (start time, ramp seconds, to).

    Each ramp blends from wherever the curve is (still moving, if an earlier ramp has not finished) to its
    target, so a step that starts before the last one has settled carries on smoothly instead of jumping."""

    def __init__(self):
        self.ramps: list[tuple[float, float, float]] = []
        self.value = 0.0

    def move(self, t0: float, seconds: float, to: float) -> None:
        self.ramps.append((t0, max(seconds, 1e-3), to))
        self.value = to

    def sample(self, t: np.ndarray) -> np.ndarray:
        out = np.zeros_like(t)
        for t0, seconds, to in self.ramps:
            w = _ease((t - t0) / seconds)
            out = np.where(t >= t0, out + (to - out) * w, out)
        return out


def plan_head_motion(plan: MotionPlan, num_frames: int, fps: float, seed: int = 0
                     ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """→ angles (T, 3) yaw, pitch, roll in radians, rotation (T, 3, 3), translation (T, 3) metres."""
    rng = np.random.default_rng(seed)
    t = np.arange(num_frames) / float(fps)
    held = [_AxisCurve() for _ in AXES]
    layer = np.zeros((num_frames, 4))
    held_by: dict[int, int] = {}   # axis → index of the step holding it
    for index, step in enumerate(plan.steps):
        t0, dur = step.start, step.duration
        local = t - t0
        inside = (local >= 0) & (local <= dur)
        target = _direction_target(step)
        together = {index, step.overlaps} if step.overlaps is not None else {index}
        if step.action in ("turn", "look", "tilt", "lean", "return") or (step.action == "glance"):
            move = _move_seconds(step)
            if step.overlaps is None:
                # A step that follows eases the poses other steps left held back to the front.
                for axis, holder in list(held_by.items()):
                    if holder not in together and (target is None or axis != target[0]):
                        held[axis].move(t0, move, 0.0)
                        del held_by[axis]
            if step.action == "return":
                for axis in range(4):
                    if held[axis].value != 0.0:
                        held[axis].move(t0, move, 0.0)
                held_by.clear()
                continue
            if step.action == "glance":
                _glance(step, t, layer, held)
                continue
            axis, value = target
            held[axis].move(t0, move, value)
            if step.action == "lean":
                # Leaning forward also dips the head a little.
                held[1].move(t0, move, direction_sign("pitch", "down" if step.side == "forward" else "up") * 3.5 * DEG)
            held_by[axis] = index
        elif step.action in ("nod", "shake", "wag"):
            layer[inside] += _oscillation(step, local[inside], rng)
        elif step.action == "look_around":
            layer += _look_around(step, local, rng) * inside[:, None]
        elif step.action == "recoil":
            layer += _recoil(step, local)
        # hold: nothing moves.
    angles_tz = np.stack([c.sample(t) for c in held], 1) + layer
    drift = np.stack([_smooth_noise(rng, num_frames, 20.0 * fps / 25.0) for _ in range(3)], 1) * DRIFT_DEG * DEG
    angles = angles_tz[:, :3] + drift
    rotation = euler_to_matrix(angles).astype(np.float32)
    translation = np.zeros((num_frames, 3), np.float32)
    translation[:, 2] = angles_tz[:, 3]
    return angles.astype(np.float32), rotation, translation


def _oscillation(step: PlanStep, local: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """`count` beats spread evenly over the step (less a short settle at the end), each a little smaller."""
    amp = amplitude_deg(step.action, step.amplitude) * DEG * rng.uniform(0.95, 1.05)
    active = max(step.duration - 0.3, 0.2)
    cycles = step.count or max(1, round(active * REPEAT_HZ[step.action][step.speed]))
    hz = cycles / active
    phase = 2 * np.pi * hz * local
    on = local < cycles / hz
    beat = np.floor(hz * local)
    amps = amp * (0.92 ** beat) * rng.uniform(0.95, 1.05)
    out = np.zeros((len(local), 4))
    if step.action == "nod":
        out[:, 1] = amps * 0.5 * (1 - np.cos(phase)) * on
    elif step.action == "shake":
        out[:, 0] = amps * np.sin(phase) * on
    else:
        out[:, 2] = -amps * np.sin(phase) * on
    return out


def _glance(step: PlanStep, t: np.ndarray, layer: np.ndarray, held: list[_AxisCurve]) -> None:
    """To the side, a short rest, and back: a there-and-back bump per glance."""
    axis = 0 if step.side in ("left", "right") else 1
    sign = direction_sign("yaw" if axis == 0 else "pitch", step.side)
    amp = amplitude_deg("glance", step.amplitude) * DEG * (0.6 if axis == 1 else 1.0)
    n = max(step.count, 1)
    each = step.duration / n
    for k in range(n):
        local = t - (step.start + k * each)
        go = min(TRANSITION_S[step.speed] * 0.5, 0.3 * each)
        up = _ease(local / go)
        down = _ease((local - (each - go)) / go)
        bump = np.where((local >= 0) & (local <= each), up - down, 0.0)
        layer[:, axis] += sign * amp * np.clip(bump, 0.0, 1.0)


def _look_around(step: PlanStep, local: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    amp = amplitude_deg("look_around", step.amplitude) * DEG
    corr = {"slow": 28.0, "normal": 18.0, "fast": 11.0}[step.speed]
    n = len(local)
    yaw = _smooth_noise(rng, n, corr)
    yaw = amp * yaw / max(np.abs(yaw).max(), 1e-6)
    pitch = 0.3 * amp * _smooth_noise(rng, n, corr) / 2.0
    fade = _ease(local / 0.5) * _ease((step.duration - local) / 0.5)
    out = np.zeros((n, 4))
    out[:, 0] = yaw * fade
    out[:, 1] = pitch * fade
    return out


def _recoil(step: PlanStep, local: np.ndarray) -> np.ndarray:
    amp = {"small": 7.0, "medium": 12.0, "large": 18.0}[step.amplitude] * DEG
    hit = _ease(local / 0.12)
    settle = _ease((local - 0.35) / max(0.25, step.duration - 0.45))   # settled before the step ends
    shape = np.where(local >= 0, hit - settle, 0.0)
    out = np.zeros((len(local), 4))
    out[:, 1] = -amp * shape
    out[:, 3] = -0.015 * shape
    return out
