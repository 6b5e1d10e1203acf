"""Layering other motion over generated lip sync (FLAP's point: generated motion and user control stack).

`ExpressionOverlay` is the interface an emotion model (the text issue's EmotionDM, when it lands) or any
other source implements; `TrackOverlay` is the one that exists now: the expressions of a track the user
made or generated elsewhere, added frame by frame."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

import numpy as np

from protocols.tracks import Track


@runtime_checkable
class ExpressionOverlay(Protocol):
    def expression_offsets(self, num_frames: int, fps: float, n_expr: int) -> np.ndarray:
        """(num_frames, n_expr) coefficients added to the generated expressions."""


class TrackOverlay:
    """Adds another track's expressions (resampled to the output fps; zero past its end)."""

    def __init__(self, track: Track, weight: float = 1.0):
        self.track = track
        self.weight = float(weight)

    def expression_offsets(self, num_frames: int, fps: float, n_expr: int) -> np.ndarray:
        src = self.track.expression.astype(np.float64)
        t_src = np.arange(src.shape[0]) / self.track.fps
        t_out = np.arange(num_frames) / fps
        out = np.zeros((num_frames, n_expr))
        k = min(n_expr, src.shape[1])
        inside = t_out <= t_src[-1] + 0.5 / self.track.fps
        for j in range(k):
            out[inside, j] = np.interp(t_out[inside], t_src, src[:, j])
        return self.weight * out
