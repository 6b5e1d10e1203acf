"""Head-motion primitives: the curves of a nod, shake, wag, turn, look, tilt, lean, look-around and jerk, and
how a labelled `MotionSegment` becomes them.

A curve is sampled at a segment's local times ``t`` (seconds from its start, a 1-D array). Heads move on four
channels, `HEAD_CHANNELS`: yaw, pitch and roll in radians with the signs of `protocols.flame_conventions`, and
``forward``, the head's translation along the face direction (+z) in metres. The curve functions are pure:
they take explicit parameters (amplitude in radians, frequency in Hz, ...) and draw nothing, except the
randomly wandering `look_around`, which takes the generator its wander comes from. `segment_curves` draws a
labelled segment's parameters from the corpus's ranges (`MOTION_AMPLITUDE_DEG`, `OSC_HZ`, `TRANSITION_S`)
and returns its four channels.
"""

from __future__ import annotations

import math

import numpy as np

from protocols.flame_conventions import direction_sign

from .curves import ease, smooth_noise
from .samples import MotionSegment

HEAD_CHANNELS = ("yaw", "pitch", "roll", "forward")
YAW, PITCH, ROLL, FORWARD = range(len(HEAD_CHANNELS))

# Degrees per amplitude class, sampled uniformly in the range.
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
# How long (frames at the corpus rate) a look-around keeps one direction, per speed class.
LOOK_AROUND_CORRELATION_FRAMES = {"slow": 28.0, "normal": 18.0, "fast": 11.0}
# Kinds that move to a pose and hold it until a later segment moves or releases it.
HOLDING_KINDS = ("turn", "look", "tilt", "lean", "return")


def is_counted(segment: MotionSegment) -> bool:
    """An oscillation whose text says how many times (its rhythm is kept steadier)."""
    return segment.kind in OSC_HZ and segment.count > 0


def draw_amplitude(family: str, amplitude: str, rng: np.random.Generator) -> float:
    """Radians, uniform in the degree range of `MOTION_AMPLITUDE_DEG[family][amplitude]`."""
    lo, hi = MOTION_AMPLITUDE_DEG[family][amplitude]
    return float(rng.uniform(lo, hi)) * math.pi / 180.0


# --------------------------------------------------------------------------------------- oscillations


def _beats(t: np.ndarray, amplitude: float, hz: float, cycles: int, decay: float):
    """Phase (radians), per-beat amplitude (each beat `decay` times the previous) and the on/off envelope
    (1 for the first `cycles` periods, then 0)."""
    active = t < cycles / hz
    phase = 2 * np.pi * hz * t
    envelope = np.where(active, 1.0, 0.0)
    amps = amplitude * decay ** (np.floor(hz * t))   # later repetitions a little smaller
    return phase, amps, envelope


def nod(t: np.ndarray, amplitude: float, hz: float, cycles: int, decay: float = 1.0) -> np.ndarray:
    """Pitch of `cycles` nods at `hz`: the head dips down by `amplitude` and comes back each time; flat
    after the last."""
    phase, amps, envelope = _beats(t, amplitude, hz, cycles, decay)
    return direction_sign("pitch", "down") * amps * 0.5 * (1 - np.cos(phase)) * envelope


def shake(t: np.ndarray, amplitude: float, hz: float, cycles: int, decay: float = 1.0) -> np.ndarray:
    """Yaw of `cycles` head shakes at `hz`, ±`amplitude`, toward the subject's left first."""
    phase, amps, envelope = _beats(t, amplitude, hz, cycles, decay)
    return direction_sign("yaw", "left") * (amps * np.sin(phase) * envelope)


def wag(t: np.ndarray, amplitude: float, hz: float, cycles: int, decay: float = 1.0) -> np.ndarray:
    """Roll of `cycles` shoulder-to-shoulder wags at `hz`, ±`amplitude`, toward the subject's left shoulder
    first."""
    phase, amps, envelope = _beats(t, amplitude, hz, cycles, decay)
    return direction_sign("roll", "left") * (amps * np.sin(phase) * envelope)


OSCILLATIONS = {"nod": (PITCH, nod), "shake": (YAW, shake), "wag": (ROLL, wag)}


# ---------------------------------------------------------------------------------- moves and holds


def transition(t: np.ndarray, start: float, target: float, seconds: float) -> np.ndarray:
    """From `start` to `target` over `seconds` with an eased (smoothstep) ramp, then held."""
    return start + (target - start) * ease(t / seconds)


def look_around(t: np.ndarray, amplitude: float, correlation_frames: float, duration: float,
                rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """(yaw, pitch) of a head wandering around: band-limited noise whose largest yaw is `amplitude` and whose
    pitch has a standard deviation of 0.175 `amplitude`, faded in and out over half a second at both ends
    of `duration`."""
    yaw = smooth_noise(rng, len(t), 1.0, correlation_frames)
    yaw = amplitude * yaw / max(np.abs(yaw).max(), 1e-6)
    pitch = 0.35 * amplitude * smooth_noise(rng, len(t), 1.0, correlation_frames) / 2.0
    fade = ease(t / 0.5) * ease((duration - t) / 0.5)
    return yaw * fade, pitch * fade


def jerk(t: np.ndarray, amplitude: float, t_hit: float) -> tuple[np.ndarray, np.ndarray]:
    """(pitch, forward) of a startled jerk back at `t_hit`: the head snaps up by `amplitude` and back 1.5 cm
    within 0.12 s, then settles over 0.7 s."""
    snap = ease((t - t_hit) / 0.12)
    settle = ease((t - t_hit - 0.25) / 0.7)
    return direction_sign("pitch", "up") * amplitude * (snap - settle), -0.015 * (snap - settle)


# ------------------------------------------------------------------------------ labelled segments


def segment_curves(segment: MotionSegment, t: np.ndarray, duration: float, rng: np.random.Generator,
                   held: np.ndarray) -> tuple[list[np.ndarray], np.ndarray]:
    """The four channels of `segment` over its local times `t` (seconds), its parameters drawn from `rng`.

    `held` (4,) is the pose the previous segments left held. Returns the channels and the pose this one
    leaves held: a number per channel it holds (turn, look, tilt, lean, return), NaN for a channel it
    releases back to the front (the caller eases a released channel's held value out)."""
    z = np.zeros_like(t)
    released = np.full(len(HEAD_CHANNELS), np.nan)
    kind = segment.kind
    if kind in OSC_HZ:
        amp = draw_amplitude(kind, segment.amplitude, rng)
        # A counted repetition keeps a steadier rhythm than an open one: its text fixes the number of
        # beats, and the beats must stay apart in the average the model learns first.
        steady = is_counted(segment)
        hz = OSC_HZ[kind][segment.speed] * rng.uniform(*((0.93, 1.07) if steady else (0.85, 1.15)))
        cycles = segment.count if segment.count else max(1, int(round((duration - 0.3) * hz)))
        hz = min(hz, cycles / max(duration - 0.15, 0.2)) if segment.count else max(hz, cycles / max(duration, 0.2))
        decay = (0.9 + 0.1 * rng.random()) if steady else (0.8 + 0.2 * rng.random())
        # Shakes and wags always swing to the subject's left first. Texts never say which side comes
        # first, and a free choice would make the mean of every "shakes twice" a flat line, which is
        # what an x0-predicting diffusion model learns first and then cannot leave.
        channel, curve = OSCILLATIONS[kind]
        channels = [z, z, z, z]
        channels[channel] = curve(t, amp, hz, cycles, decay)
        return channels, released
    if kind in HOLDING_KINDS:
        seconds = TRANSITION_S[segment.speed] * rng.uniform(0.8, 1.2)
        target = np.zeros(len(HEAD_CHANNELS))
        direction, amplitude = segment.direction, segment.amplitude
        if kind == "turn":
            target[YAW] = direction_sign("yaw", direction) * draw_amplitude("turn", amplitude, rng)
        elif kind == "look":
            target[PITCH] = direction_sign("pitch", direction) * draw_amplitude("look", amplitude, rng)
        elif kind == "tilt":
            target[ROLL] = direction_sign("roll", direction) * draw_amplitude("tilt", amplitude, rng)
        elif kind == "lean":   # leaning in tips the head down a little, leaning back up
            forward = direction == "forward"
            target[FORWARD] = (1.0 if forward else -1.0) * rng.uniform(0.025, 0.05)
            target[PITCH] = direction_sign("pitch", "down" if forward else "up") * rng.uniform(2, 5) * math.pi / 180
        # A move changes its own channel from what is held; the other channels ease back to the front.
        return [transition(t, held[c], target[c], seconds) for c in range(len(HEAD_CHANNELS))], target
    if kind == "look_around":
        amp = draw_amplitude("turn", "medium" if segment.amplitude != "large" else "large", rng)
        yaw, pitch = look_around(t, amp, LOOK_AROUND_CORRELATION_FRAMES[segment.speed], duration, rng)
        return [yaw, pitch, z, z], released
    if kind == "jerk":
        amp = rng.uniform(8, 16) * math.pi / 180
        pitch, forward = jerk(t, amp, rng.uniform(0.05, 0.25))
        return [z, pitch, z, forward], released
    return [z, z, z, z], released   # still, pause
