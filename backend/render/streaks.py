"""Measures of stretched texture ("streaks") in a rendered image region.

`photo_stretch_share` (texel footprint): where a frame shows the photo's own pixels, how the photo is
magnified there. Each output pixel knows which photo point it shows (through its texel); the Jacobian of
that map says how many photo pixels one output pixel spans in each direction. A photo pixel smeared over
several output pixels one way but not the other is a streak: the smaller singular value under
`max_magnified` (a photo pixel spans more than 1 / max_magnified output pixels that way) and `ratio` times
under the larger one (foreshortening toward an outline compresses the photo instead, and isotropic zoom
keeps the ratio near 1). The share counts region pixels that show the photo (texel confidence above
`min_confidence`) stretched so.

`streak_coherence` (image only, any engine):
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


def photo_stretch_share(photo_xy: np.ndarray, confidence: np.ndarray, region: np.ndarray, ratio: float = 2.5,
                        max_magnified: float = 0.6, min_confidence: float = 0.3, min_pixels: int = 50) -> float:
    """Share of `region` (H, W bool) pixels showing photo texture stretched more than `ratio`:1 one way.
    `photo_xy` (H, W, 2): the photo point each output pixel shows (NaN where none), `confidence` (H, W): how
    much of the output pixel's colour is the photo's. nan when the region is too small to measure."""
    if region.sum() < min_pixels:
        return float("nan")
    dx = np.gradient(photo_xy, axis=1)
    dy = np.gradient(photo_xy, axis=0)
    a, b, c = (dx * dx).sum(-1), (dy * dy).sum(-1), (dx * dy).sum(-1)
    root = np.sqrt(np.clip((a - b) ** 2 + 4 * c * c, 0, None))
    big = np.sqrt(np.clip((a + b + root) / 2, 0, None))
    small = np.sqrt(np.clip((a + b - root) / 2, 0, None))
    valid = np.isfinite(big) & np.isfinite(small)
    stretched = valid & (small < max_magnified) & (big > ratio * np.maximum(small, 1e-6)) & \
        (np.nan_to_num(confidence) > min_confidence)
    return float(stretched[region].mean())
