"""Time-curve helpers shared by the motion and emotion corpora and by training: easing, band-limited noise,
moving-average smoothing (all along axis 0 = time)."""

from __future__ import annotations

import numpy as np


def ease(x: np.ndarray) -> np.ndarray:
    """Smoothstep: 0 before 0, 1 after 1, a C¹ S-curve between (zero slope at both ends)."""
    x = np.clip(x, 0.0, 1.0)
    return x * x * (3.0 - 2.0 * x)


def smooth_noise(rng: np.random.Generator, n: int, scale: float, corr_frames: float) -> np.ndarray:
    """Band-limited noise: white noise through a Gaussian kernel, unit std times `scale`."""
    pad = int(3 * corr_frames) + 1
    white = rng.standard_normal(n + 2 * pad)
    k = np.exp(-0.5 * (np.arange(-pad, pad + 1) / corr_frames) ** 2)
    smooth = np.convolve(white, k / np.sqrt((k ** 2).sum()), mode="valid")[:n]
    return scale * smooth


def sliding_window_smooth(x: np.ndarray, window: int) -> np.ndarray:
    """Centred moving average over time (axis 0), window clipped at the ends (the paper's data smoothing)."""
    if window <= 1:
        return x
    half = window // 2
    padded = np.concatenate([np.repeat(x[:1], half, 0), x, np.repeat(x[-1:], half, 0)], 0)
    csum = np.concatenate([np.zeros_like(x[:1]), np.cumsum(padded, 0)], 0)
    return ((csum[window:] - csum[:-window]) / window).astype(x.dtype)
