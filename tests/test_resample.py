"""The numpy PCHIP resampler and rotation means used by the text path agree with scipy's."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.interpolate import PchipInterpolator
from scipy.spatial.transform import Rotation

from backend.motion.resample import pchip, resample_frames
from backend.motion.text.representation import rotation_from_6d, rotation_to_6d
from protocols.flame_conventions import matrix_to_axis_angle, mean_rotation, nearest_rotation


@pytest.mark.parametrize("n", [2, 3, 4, 17, 60])
def test_pchip_agrees_with_scipy_on_flat_runs_extrema_and_uneven_knots(n):
    rng = np.random.default_rng(n)
    x = np.unique(rng.uniform(0, 5, n))
    y = rng.normal(size=(len(x), 6))
    y[:, 0] = np.cumsum(np.abs(y[:, 0]))  # monotone
    y[:, 1] = 0.3                           # flat
    y[len(x) // 2:, 2] = y[len(x) // 2, 2]  # a plateau
    at = np.linspace(x[0], x[-1], 257)
    assert np.abs(pchip(x, y, at) - PchipInterpolator(x, y, axis=0)(at)).max() < 1e-10


def test_resampling_keeps_blinks_in_range_and_holds_the_end():
    blink = np.array([0, 0, 1, 1, 0, 0, 0.5], np.float32)[:, None]
    out = resample_frames(blink, 10.0, 25.0, 40)
    assert out.dtype == np.float32 and out.shape == (40, 1)
    assert out.min() >= 0 and out.max() <= 1  # no overshoot
    assert np.allclose(out[-10:], 0.5)  # past the data's end: held


def test_rotations_read_and_averaged_as_scipy_does():
    rng = np.random.default_rng(3)
    exact = Rotation.from_rotvec(rng.normal(0, 0.4, (30, 3))).as_matrix()
    # What the motion model gives: Gram-Schmidt rotations from noisy 6D features, orthonormal to float32.
    noisy = rotation_from_6d((rotation_to_6d(exact) + rng.normal(0, 0.05, (30, 6))).astype(np.float32))
    assert np.abs(matrix_to_axis_angle(noisy) - Rotation.from_matrix(noisy).as_rotvec()).max() < 1e-6
    assert np.abs(nearest_rotation(noisy) - Rotation.from_matrix(noisy).as_matrix()).max() < 1e-6
    assert np.abs(mean_rotation(exact) - Rotation.from_matrix(exact).mean().as_matrix()).max() < 1e-9
