"""Rotations between Blender's 'ZXY' Euler channels and FLAME axis-angle, vectorised (numpy)."""

from __future__ import annotations

import numpy as np


def euler_zxy_to_matrix(euler: np.ndarray) -> np.ndarray:
    """(..., 3) Euler angles (x, y, z) in Blender's 'ZXY' mode → (..., 3, 3): Ry @ Rx @ Rz."""
    e = np.asarray(euler, dtype=np.float64)
    cx, sx = np.cos(e[..., 0]), np.sin(e[..., 0])
    cy, sy = np.cos(e[..., 1]), np.sin(e[..., 1])
    cz, sz = np.cos(e[..., 2]), np.sin(e[..., 2])
    m = np.empty(e.shape[:-1] + (3, 3))
    m[..., 0, 0] = cy * cz + sy * sx * sz
    m[..., 0, 1] = -cy * sz + sy * sx * cz
    m[..., 0, 2] = sy * cx
    m[..., 1, 0] = cx * sz
    m[..., 1, 1] = cx * cz
    m[..., 1, 2] = -sx
    m[..., 2, 0] = -sy * cz + cy * sx * sz
    m[..., 2, 1] = sy * sz + cy * sx * cz
    m[..., 2, 2] = cy * cx
    return m


def matrix_to_euler_zxy(m: np.ndarray) -> np.ndarray:
    m = np.asarray(m, dtype=np.float64)
    x = np.arcsin(np.clip(-m[..., 1, 2], -1.0, 1.0))
    y = np.arctan2(m[..., 0, 2], m[..., 2, 2])
    z = np.arctan2(m[..., 1, 0], m[..., 1, 1])
    return np.stack([x, y, z], axis=-1)


def axis_angle_to_matrix(aa: np.ndarray) -> np.ndarray:
    aa = np.asarray(aa, dtype=np.float64)
    angle = np.linalg.norm(aa, axis=-1, keepdims=True)
    axis = aa / np.where(angle > 1e-12, angle, 1.0)
    x, y, z = axis[..., 0], axis[..., 1], axis[..., 2]
    c, s = np.cos(angle[..., 0]), np.sin(angle[..., 0])
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


def matrix_to_axis_angle(m: np.ndarray) -> np.ndarray:
    """Via a unit quaternion (Shepperd's method), stable near 0 and π."""
    m = np.asarray(m, dtype=np.float64)
    tr = m[..., 0, 0] + m[..., 1, 1] + m[..., 2, 2]
    cand = np.stack([1 + tr, 1 + 2 * m[..., 0, 0] - tr, 1 + 2 * m[..., 1, 1] - tr, 1 + 2 * m[..., 2, 2] - tr], -1)
    best = np.argmax(cand, axis=-1)
    q = np.empty(m.shape[:-2] + (4,))
    r = np.sqrt(np.maximum(np.take_along_axis(cand, best[..., None], -1)[..., 0], 1e-30))
    w_, x_, y_, z_ = (m[..., 2, 1] - m[..., 1, 2], m[..., 0, 2] - m[..., 2, 0], m[..., 1, 0] - m[..., 0, 1],
                      None)
    options = [
        np.stack([r, w_ / r, x_ / r, y_ / r], -1),
        np.stack([w_ / r, r, (m[..., 0, 1] + m[..., 1, 0]) / r, (m[..., 0, 2] + m[..., 2, 0]) / r], -1),
        np.stack([x_ / r, (m[..., 0, 1] + m[..., 1, 0]) / r, r, (m[..., 1, 2] + m[..., 2, 1]) / r], -1),
        np.stack([y_ / r, (m[..., 0, 2] + m[..., 2, 0]) / r, (m[..., 1, 2] + m[..., 2, 1]) / r, r], -1),
    ]
    for k in range(4):
        q = np.where((best == k)[..., None], options[k], q)
    q = q / np.linalg.norm(q, axis=-1, keepdims=True)
    q = np.where(q[..., :1] < 0, -q, q)
    v = q[..., 1:]
    s = np.linalg.norm(v, axis=-1, keepdims=True)
    angle = 2.0 * np.arctan2(s, q[..., :1])
    return np.where(s > 1e-12, v / np.where(s > 1e-12, s, 1.0) * angle, 2.0 * v)


def euler_to_axis_angle(euler: np.ndarray) -> np.ndarray:
    return matrix_to_axis_angle(euler_zxy_to_matrix(euler))


def axis_angle_to_euler(aa: np.ndarray) -> np.ndarray:
    """Euler channels for axis-angle rows; unwrapped along the first axis so F-curves stay smooth."""
    e = matrix_to_euler_zxy(axis_angle_to_matrix(aa))
    return np.unwrap(e, axis=0) if e.ndim >= 2 and e.shape[0] > 1 else e
