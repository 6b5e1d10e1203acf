"""Does a stretch of head motion show a plan step? Measured on the angles, as the evaluation and the tests
read a generated track: the axis and direction a turn/look/tilt/lean holds, the beats of a nod/shake/wag
(counted as `evaluation.oscillation_count` counts them), a glance's there-and-back, a recoil's jerk, a
hold's stillness, a return to the front, and the size class of the largest excursion.

Angles in degrees (yaw > 0 = the subject's left, pitch > 0 = down, roll > 0 = toward the right shoulder),
translation z in metres (> 0 = toward the camera).
"""

from __future__ import annotations

import dataclasses

import numpy as np

from protocols.flame_conventions import direction_sign

from ..evaluation import oscillation_count
from .lexicon import AMPLITUDE_EDGES_DEG

AXIS = {"turn": 0, "shake": 0, "look": 1, "nod": 1, "tilt": 2, "wag": 2}
ANGLE = {"turn": "yaw", "look": "pitch", "tilt": "roll"}


def _sign(action: str, side: str) -> float:
    if action == "lean":
        return 1.0 if side == "forward" else -1.0
    angle = ANGLE.get(action) or ("yaw" if side in ("left", "right") else "pitch")
    return direction_sign(angle, side)


@dataclasses.dataclass(frozen=True)
class Shown:
    action_ok: bool        # the motion has this action's shape on this action's axis
    side_ok: bool | None   # its direction (None where the action has no side)
    count: int | None      # beats counted (repeating actions)
    amplitude: str | None  # small / medium / large of the largest excursion


def amplitude_class(action: str, peak_deg: float) -> str:
    lo, hi = AMPLITUDE_EDGES_DEG.get(action, (15.0, 30.0))
    return "small" if peak_deg < lo else "large" if peak_deg > hi else "medium"


def shown(action: str, side: str, angles: np.ndarray, tz: np.ndarray, before: np.ndarray | None = None,
          alone: bool = True) -> Shown:
    """What `angles` (T, 3) and `tz` (T,) over a step's window show of (action, side). `before` is the pose
    (3,) held just before the window (default: the window's first frame). A step `alone` in its window must
    also be the largest motion there; one that runs with another step is checked on its own axis only."""
    a = np.asarray(angles, float)
    start = a[0] if before is None else np.asarray(before, float)
    change = a - start
    final = a[-max(1, len(a) // 5):].mean(0)
    end = final - start
    if action in ("turn", "look", "tilt"):
        axis = AXIS[action]
        # Axes easing back to the front (a pose the step before left held) are not this step's motion; one that
        # swings through the front to the other side ("looks up, then down") is.
        growing = (np.abs(final) > np.abs(start)) | ((np.sign(final) == -np.sign(start)) & (np.abs(final) > 3.0))
        dominant = int(np.argmax(np.abs(end) * growing))
        sign_ok = np.sign(end[axis]) == _sign(action, side)
        moved = abs(end[axis]) > 3.0
        return Shown(bool(moved and (dominant == axis or not alone)), bool(sign_ok and moved), None,
                     amplitude_class(action, abs(end[axis])))
    if action == "lean":
        moved = tz[-max(1, len(tz) // 5):].mean() - tz[0]
        return Shown(abs(moved) > 0.01, bool(np.sign(moved) == _sign(action, side)), None, None)
    if action in ("nod", "shake", "wag"):
        axis = AXIS[action]
        spread = np.ptp(a, 0)
        count = oscillation_count(a[:, axis], "pitch" if action == "nod" else "yaw")
        sign = -1 if action == "wag" else 1
        return Shown(bool((int(np.argmax(spread)) == axis or not alone) and count > 0), None, count,
                     amplitude_class(action, float(np.abs(sign * change[:, axis]).max())))
    if action == "glance":
        axis = 0 if side in ("left", "right") else 1
        peak_i = int(np.argmax(np.abs(change[:, axis])))
        peak = change[peak_i, axis]
        back = abs(change[-1, axis]) < 0.5 * abs(peak)
        return Shown(abs(peak) > 4.0 and back, bool(np.sign(peak) == _sign(action, side)), None,
                     amplitude_class("glance", abs(peak)))
    if action == "look_around":
        return Shown(float(np.ptp(a[:, 0])) > 10.0, None, None, None)
    if action == "recoil":
        return Shown(float(change[:, 1].min()) < -5.0, None, None, None)
    if action == "hold":
        return Shown(float(np.abs(change).max()) < 4.0, None, None, None)
    if action == "return":
        return Shown(float(np.abs(a[-1]).max()) < 5.0 or float(np.abs(a[-1]).max()) < 0.5 * float(np.abs(start).max()),
                     None, None, None)
    raise ValueError(f"unknown action {action!r}")
