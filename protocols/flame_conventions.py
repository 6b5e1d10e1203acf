"""FLAME's conventions, written once: the joints and their tree, the head's angles and their signs, and the
conversions between those angles, rotation matrices and axis-angle (batched numpy).

The frame is FLAME's own: right-handed, metres, +x = the subject's own left, +y up, the face looks along +z.

Angles are always given as (yaw, pitch, roll) triples, radians, composed as R = Ry(yaw) @ Rx(pitch) @ Rz(roll)
(yaw outermost, as a head turns on the neck; this is Blender's 'ZXY' rotation mode, scipy's intrinsic "YXZ"):

- yaw about +y: yaw > 0 turns the face toward the subject's own left (+x);
- pitch about +x: pitch > 0 looks down;
- roll about +z: roll > 0 tilts the top of the head toward the subject's right shoulder (-x);
- the jaw opens with positive pitch; eyelids are 0 = open, 1 = closed, column 0 = the subject's left eye.

numpy and the standard library only: the Blender add-on vendors this module with the rest of `protocols`.
"""

from __future__ import annotations

import numpy as np

# ------------------------------------------------------------------------------------------ joints

JOINT_NAMES = ("global", "neck", "jaw", "eye_left", "eye_right")   # smplx/FLAME order of `pose`
NUM_JOINTS = len(JOINT_NAMES)
JOINT_INDEX = {name: i for i, name in enumerate(JOINT_NAMES)}
# Kinematic tree: the neck hangs from the global (root) joint; jaw and both eyes from the neck.
JOINT_PARENTS = (-1, 0, 1, 1, 1)
POSE_DIM = 3 * NUM_JOINTS
POSE_SLICES: dict[str, slice] = {name: slice(3 * i, 3 * i + 3) for i, name in enumerate(JOINT_NAMES)}
# Pose correctives (FLAME's posedirs) are driven by (R - I) of every joint but the root: 4 x 9 features.
NUM_POSE_CORRECTIVES = (NUM_JOINTS - 1) * 9

# ------------------------------------------------------------------------------------- directions

SUBJECT_LEFT = (1.0, 0.0, 0.0)
UP = (0.0, 1.0, 0.0)
FACE_DIRECTION = (0.0, 0.0, 1.0)

# ----------------------------------------------------------------------------------------- angles

ANGLE_NAMES = ("yaw", "pitch", "roll")
# The FLAME axis (0 = x, 1 = y, 2 = z) each angle turns about. A rig bone whose local axes are FLAME's keys
# these angles in its rotation channels of the same index.
ANGLE_AXIS = {"pitch": 0, "yaw": 1, "roll": 2}
# (yaw, pitch, roll)[k] turns about axis AXIS_ORDER[k]; conversely the angle about axis a is
# (yaw, pitch, roll)[ANGLE_OF_AXIS[a]], so a rig's x, y, z channels are angles[..., ANGLE_OF_AXIS].
AXIS_ORDER = tuple(ANGLE_AXIS[name] for name in ANGLE_NAMES)           # (1, 0, 2)
ANGLE_OF_AXIS = tuple(AXIS_ORDER.index(axis) for axis in range(3))    # (1, 0, 2)

# Which way each angle goes when positive and when negative, in words ("left" and "right" are the subject's
# own, as in a description of the person: "turns to her left", "tilts toward his right shoulder").
POSITIVE_DIRECTION = {"yaw": "left", "pitch": "down", "roll": "right"}
NEGATIVE_DIRECTION = {"yaw": "right", "pitch": "up", "roll": "left"}

EYELID_COLUMNS = ("left", "right")   # of `eyelids` (T, 2); 0 = open, 1 = closed


def direction_sign(angle: str, direction: str) -> float:
    """+1.0 or -1.0: the sign of `angle` ("yaw", "pitch", "roll") that moves the head toward `direction`
    ("left"/"right" for yaw and roll, "up"/"down" for pitch): ``direction_sign("yaw", "left") == 1.0``."""
    if direction == POSITIVE_DIRECTION[angle]:
        return 1.0
    if direction == NEGATIVE_DIRECTION[angle]:
        return -1.0
    raise ValueError(f"{angle} turns {POSITIVE_DIRECTION[angle]} or {NEGATIVE_DIRECTION[angle]}, not {direction!r}")


def pose_column(joint: str, angle: str) -> int:
    """Column of a (T, 15) axis-angle pose that holds a single-axis rotation of `joint` by `angle`:
    ``pose_column("jaw", "pitch") == 6`` (> 0 opens the mouth), ``pose_column("global", "yaw") == 1``."""
    return 3 * JOINT_INDEX[joint] + ANGLE_AXIS[angle]


def _axis_rotation(angle: np.ndarray, axis: int) -> np.ndarray:
    """(...,) radians → (..., 3, 3) rotation by `angle` about FLAME axis `axis` (right-handed)."""
    c, s = np.cos(angle), np.sin(angle)
    i, j = (axis + 1) % 3, (axis + 2) % 3
    m = np.zeros(np.shape(angle) + (3, 3))
    m[..., axis, axis] = 1.0
    m[..., i, i], m[..., i, j] = c, -s
    m[..., j, i], m[..., j, j] = s, c
    return m


def euler_to_matrix(angles: np.ndarray) -> np.ndarray:
    """(..., 3) yaw, pitch, roll (radians) → (..., 3, 3) R = Ry(yaw) @ Rx(pitch) @ Rz(roll)."""
    a = np.asarray(angles, dtype=np.float64)
    if a.shape[-1:] != (3,):
        raise ValueError(f"angles must be (..., 3) yaw, pitch, roll, got shape {a.shape}")
    out = _axis_rotation(a[..., 0], AXIS_ORDER[0])
    for k in (1, 2):
        out = out @ _axis_rotation(a[..., k], AXIS_ORDER[k])
    return out


def matrix_to_euler(matrix: np.ndarray) -> np.ndarray:
    """(..., 3, 3) rotation → (..., 3) yaw, pitch, roll with pitch in [-π/2, π/2] (inverse of
    `euler_to_matrix`; at pitch = ±π/2 yaw and roll share one axis and roll takes the remainder)."""
    m = np.asarray(matrix, dtype=np.float64)
    pitch = np.arcsin(np.clip(-m[..., 1, 2], -1.0, 1.0))
    yaw = np.arctan2(m[..., 0, 2], m[..., 2, 2])
    roll = np.arctan2(m[..., 1, 0], m[..., 1, 1])
    locked = np.abs(m[..., 1, 2]) > 1.0 - 1e-12
    if np.any(locked):
        # Gimbal lock: m[0,2] = m[2,2] = 0; put the whole turn into roll with yaw = 0.
        yaw = np.where(locked, 0.0, yaw)
        roll = np.where(locked, np.arctan2(-m[..., 0, 1], m[..., 0, 0]), roll)
    return np.stack([yaw, pitch, roll], axis=-1)


def axis_angle_to_matrix(axis_angle: np.ndarray) -> np.ndarray:
    """(..., 3) axis-angle (axis × radians) → (..., 3, 3), Rodrigues' formula."""
    aa = np.asarray(axis_angle, dtype=np.float64)
    angle = np.linalg.norm(aa, axis=-1)
    axis = aa / np.where(angle > 1e-12, angle, 1.0)[..., None]
    x, y, z = axis[..., 0], axis[..., 1], axis[..., 2]
    c, s = np.cos(angle), np.sin(angle)
    C = 1.0 - c
    m = np.empty(aa.shape[:-1] + (3, 3))
    m[..., 0, 0] = c + x * x * C
    m[..., 0, 1] = x * y * C - z * s
    m[..., 0, 2] = x * z * C + y * s
    m[..., 1, 0] = y * x * C + z * s
    m[..., 1, 1] = c + y * y * C
    m[..., 1, 2] = y * z * C - x * s
    m[..., 2, 0] = z * x * C - y * s
    m[..., 2, 1] = z * y * C + x * s
    m[..., 2, 2] = c + z * z * C
    return m


def matrix_to_axis_angle(matrix: np.ndarray) -> np.ndarray:
    """(..., 3, 3) rotation → (..., 3) axis-angle with angle in [0, π], via a unit quaternion chosen by
    Shepperd's method (its largest component first), so it stays accurate near 0 and near π."""
    m = np.asarray(matrix, dtype=np.float64)
    trace = m[..., 0, 0] + m[..., 1, 1] + m[..., 2, 2]
    # 4 w², 4 x², 4 y², 4 z² up to the same factor; the largest is the safe one to divide by.
    candidates = np.stack([1 + trace, 1 + 2 * m[..., 0, 0] - trace, 1 + 2 * m[..., 1, 1] - trace,
                           1 + 2 * m[..., 2, 2] - trace], -1)
    best = np.argmax(candidates, axis=-1)
    r = np.sqrt(np.maximum(np.take_along_axis(candidates, best[..., None], -1)[..., 0], 1e-30))
    d21, d02, d10 = m[..., 2, 1] - m[..., 1, 2], m[..., 0, 2] - m[..., 2, 0], m[..., 1, 0] - m[..., 0, 1]
    s01, s02, s12 = m[..., 0, 1] + m[..., 1, 0], m[..., 0, 2] + m[..., 2, 0], m[..., 1, 2] + m[..., 2, 1]
    options = (  # (w, x, y, z) scaled by 2 r, one row per choice of the largest component
        np.stack([r, d21 / r, d02 / r, d10 / r], -1),
        np.stack([d21 / r, r, s01 / r, s02 / r], -1),
        np.stack([d02 / r, s01 / r, r, s12 / r], -1),
        np.stack([d10 / r, s02 / r, s12 / r, r], -1),
    )
    q = np.zeros(m.shape[:-2] + (4,))
    for k in range(4):
        q = np.where((best == k)[..., None], options[k], q)
    q = q / np.linalg.norm(q, axis=-1, keepdims=True)
    q = np.where(q[..., :1] < 0, -q, q)
    v = q[..., 1:]
    s = np.linalg.norm(v, axis=-1, keepdims=True)
    angle = 2.0 * np.arctan2(s, q[..., :1])
    return np.where(s > 1e-12, v / np.where(s > 1e-12, s, 1.0) * angle, 2.0 * v)


def nearest_rotation(matrix: np.ndarray) -> np.ndarray:
    """(..., 3, 3) nearly orthonormal matrices (a network's output, float32 round-off) → proper rotations,
    through the quaternion `matrix_to_axis_angle` extracts and normalises."""
    return axis_angle_to_matrix(matrix_to_axis_angle(matrix))


def mean_rotation(matrices: np.ndarray) -> np.ndarray:
    """(N, 3, 3) rotations → their chordal mean: the rotation nearest (Frobenius) to their average matrix,
    the same rotation as the quaternion-eigenvector mean."""
    u, _, vt = np.linalg.svd(np.asarray(matrices, np.float64).mean(0))
    return u @ np.diag([1.0, 1.0, np.sign(np.linalg.det(u @ vt))]) @ vt


def euler_to_axis_angle(angles: np.ndarray) -> np.ndarray:
    """(..., 3) yaw, pitch, roll → (..., 3) axis-angle."""
    return matrix_to_axis_angle(euler_to_matrix(angles))


def axis_angle_to_euler(axis_angle: np.ndarray) -> np.ndarray:
    """(..., 3) axis-angle → (..., 3) yaw, pitch, roll (see `matrix_to_euler` for the ranges)."""
    return matrix_to_euler(axis_angle_to_matrix(axis_angle))


def head_angles(pose: np.ndarray) -> np.ndarray:
    """(T, 15) FLAME pose → (T, 3) yaw, pitch, roll (radians) of the global (head) rotation."""
    pose = np.asarray(pose)
    if pose.shape[-1:] != (POSE_DIM,):
        raise ValueError(f"pose must be (..., {POSE_DIM}) axis-angle {list(JOINT_NAMES)}, got shape {pose.shape}")
    return axis_angle_to_euler(pose[..., POSE_SLICES["global"]])
