"""Resampling a sequence of frames to another frame rate with shape-preserving cubic interpolation.

Monotone piecewise-cubic Hermite interpolation (PCHIP: Fritsch and Carlson's harmonic-mean slopes, with
the three-point, shape-preserving end slopes Moler gives in *Numerical Computing with MATLAB*): smooth
velocities and no overshoot past the data, so a blink stays in [0, 1]. It is the method of
scipy.interpolate.PchipInterpolator, written in numpy because importing scipy.interpolate costs half a
second of every fresh `mvportrait animate` process (it loads scipy.spatial too); a test checks the two
agree.
"""

from __future__ import annotations

import numpy as np


def pchip_slopes(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Slopes at the knots `x` (N,) of data `y` (N, ...) for a monotone piecewise-cubic Hermite curve."""
    h = np.diff(x).reshape((-1,) + (1,) * (y.ndim - 1))
    delta = np.diff(y, axis=0) / h
    slopes = np.zeros_like(delta, shape=y.shape)
    if len(x) == 2:
        slopes[:] = delta[0]
        return slopes
    # Interior: a weighted harmonic mean of the two secants, zero at a local extremum or a flat secant.
    d0, d1, h0, h1 = delta[:-1], delta[1:], h[:-1], h[1:]
    w0, w1 = 2 * h1 + h0, h1 + 2 * h0
    flat = (np.sign(d0) != np.sign(d1)) | (d0 == 0) | (d1 == 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        harmonic = (w0 + w1) / (w0 / d0 + w1 / d1)
    slopes[1:-1] = np.where(flat, 0.0, harmonic)
    slopes[0] = _end_slope(h[0], h[1], delta[0], delta[1])
    slopes[-1] = _end_slope(h[-1], h[-2], delta[-1], delta[-2])
    return slopes


def _end_slope(h0, h1, d0, d1):
    """Three-point slope at an end, kept to the first secant's sign and to at most three times it where
    the data turn, so the end interval cannot overshoot."""
    slope = ((2 * h0 + h1) * d0 - h0 * d1) / (h0 + h1)
    slope = np.where(np.sign(slope) != np.sign(d0), 0.0, slope)
    turns = (np.sign(d0) != np.sign(d1)) & (np.abs(slope) > 3 * np.abs(d0))
    return np.where(turns, 3 * d0, slope)


def pchip(x: np.ndarray, y: np.ndarray, at: np.ndarray) -> np.ndarray:
    """The PCHIP curve through (x, y) (x increasing, y (N, ...)) at `at`, within [x[0], x[-1]]."""
    x = np.asarray(x, np.float64)
    y = np.asarray(y, np.float64)
    at = np.asarray(at, np.float64)
    slopes = pchip_slopes(x, y)
    k = np.clip(np.searchsorted(x, at, side="right") - 1, 0, len(x) - 2)
    h = (x[k + 1] - x[k])
    t = ((at - x[k]) / h).reshape((-1,) + (1,) * (y.ndim - 1))
    h = h.reshape(t.shape)
    t2, t3 = t * t, t * t * t
    return ((2 * t3 - 3 * t2 + 1) * y[k] + (t3 - 2 * t2 + t) * h * slopes[k]
            + (-2 * t3 + 3 * t2) * y[k + 1] + (t3 - t2) * h * slopes[k + 1])


def resample_frames(x: np.ndarray, fps: float, target_fps: float, num_frames: int) -> np.ndarray:
    """(T, C) at fps → (num_frames, C) at target_fps from the start (held at the end)."""
    src = np.arange(len(x)) / fps
    dst = np.minimum(np.arange(num_frames) / float(target_fps), src[-1])
    return pchip(src, x, dst).astype(np.float32)
