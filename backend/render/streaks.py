"""A measure of stretched texture ("streaks") in a rendered image region.

Texture lifted from a photo and seen where the photo saw the surface at a grazing angle, or filled by
dragging edge texels outward, shows as parallel lines: inside the region, image gradients all point one
way. The measure is the coherence of the region's gradient structure tensor, (l1 - l2) / (l1 + l2) of
sum(grad grad^T) over the region shrunk by a few pixels (its own outline is an edge, not a streak):
0 for gradients in every direction (skin, hair, fabric seen frankly), 1 for a region of parallel streaks.
Regions with too little gradient to tell count as not streaked.
"""

from __future__ import annotations

import cv2
import numpy as np


def streak_coherence(rgb: np.ndarray, region: np.ndarray, inset_px: int = 3, min_pixels: int = 50) -> float:
    """Coherence in [0, 1] of the gradients of RGB uint8 `rgb` inside boolean `region`; nan when the region
    is too small to measure."""
    inner = cv2.erode(region.astype(np.uint8), np.ones((2 * inset_px + 1,) * 2, np.uint8)) > 0
    if inner.sum() < min_pixels:
        return float("nan")
    grey = cv2.GaussianBlur(cv2.cvtColor(np.ascontiguousarray(rgb[..., :3]), cv2.COLOR_RGB2GRAY).astype(np.float32),
                            (0, 0), 1.0)
    gx = cv2.Sobel(grey, cv2.CV_32F, 1, 0, ksize=3)[inner] / 8
    gy = cv2.Sobel(grey, cv2.CV_32F, 0, 1, ksize=3)[inner] / 8
    jxx, jyy, jxy = float((gx * gx).sum()), float((gy * gy).sum()), float((gx * gy).sum())
    tr = jxx + jyy
    if tr / inner.sum() < 0.25:  # under half a grey level per pixel: flat, nothing stretched to see
        return 0.0
    return float(np.sqrt((jxx - jyy) ** 2 + 4 * jxy ** 2) / tr)
