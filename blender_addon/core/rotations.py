"""The rig's pose-bone Euler channels ⇄ FLAME axis-angle, vectorised (numpy).

Each bone's local axes are FLAME's (see rig_spec), so its ``rotation_euler`` (x, y, z) holds (pitch, yaw, roll)
and Blender's 'ZXY' mode composes them as Ry(yaw) @ Rx(pitch) @ Rz(roll): the order and signs of
`protocols.flame_conventions`, which does the maths.
"""

from __future__ import annotations

import numpy as np

from ..vendored import flame_conventions as conventions

# Blender applies Z, then X, then Y: R = Ry @ Rx @ Rz, yaw outermost as in flame_conventions.
ROTATION_MODE = "ZXY"


def channels_to_angles(euler: np.ndarray) -> np.ndarray:
    """(..., 3) rotation_euler channels (x, y, z) → (..., 3) yaw, pitch, roll."""
    return np.asarray(euler, dtype=np.float64)[..., conventions.AXIS_ORDER]


def angles_to_channels(angles: np.ndarray) -> np.ndarray:
    """(..., 3) yaw, pitch, roll → (..., 3) rotation_euler channels (x, y, z)."""
    return np.asarray(angles, dtype=np.float64)[..., conventions.ANGLE_OF_AXIS]


def euler_to_axis_angle(euler: np.ndarray) -> np.ndarray:
    """(..., 3) rotation_euler channels in 'ZXY' mode → (..., 3) FLAME axis-angle."""
    return conventions.euler_to_axis_angle(channels_to_angles(euler))


def axis_angle_to_euler(aa: np.ndarray) -> np.ndarray:
    """rotation_euler channels for axis-angle rows; unwrapped along the first axis so F-curves stay smooth."""
    e = angles_to_channels(conventions.axis_angle_to_euler(aa))
    return np.unwrap(e, axis=0) if e.ndim >= 2 and e.shape[0] > 1 else e
