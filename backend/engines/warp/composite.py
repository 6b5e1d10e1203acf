"""Backgrounds for the bust's RGBA frames: the photo with the person inpainted (placed behind each view
relative to the head), a colour or an image; and the straight-alpha blend over them."""

from __future__ import annotations

import cv2
import numpy as np

from protocols.views import CameraView

# FLAME-frame points whose images tie a view's background to the reference photo: between the eyes and
# a point on the neck below it.
ANCHORS = np.array([[0.0, 0.0, 0.0], [0.0, -0.15, 0.0]])


def inpaint_person(photo: np.ndarray, matte: np.ndarray, interocular_px: float, work_size: int = 384) -> np.ndarray:
    """The photo (uint8 RGB) with the person (matte > 0.1, grown by a quarter of the eye distance) filled by
    OpenCV's Telea inpainting at `work_size` (the hole is large and only a smooth fill is asked of it)."""
    h, w = photo.shape[:2]
    r = max(2, round(0.25 * interocular_px))
    hole = cv2.dilate((matte > 0.1).astype(np.uint8), cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * r + 1,) * 2))
    s = min(1.0, work_size / max(h, w))
    small = cv2.resize(photo, (max(1, round(w * s)), max(1, round(h * s))), interpolation=cv2.INTER_AREA)
    small_hole = cv2.resize(hole, small.shape[1::-1], interpolation=cv2.INTER_NEAREST)
    filled = cv2.inpaint(small, small_hole, max(3, round(0.02 * max(small.shape[:2]))), cv2.INPAINT_TELEA)
    filled = cv2.resize(filled, (w, h), interpolation=cv2.INTER_LINEAR)
    alpha = cv2.GaussianBlur(hole.astype(np.float32), (0, 0), max(1.0, 0.004 * max(h, w)))
    alpha = np.maximum(alpha, hole)[..., None]
    return (alpha * filled + (1 - alpha) * photo).round().astype(np.uint8)


def background_transform(reference: CameraView, view: CameraView) -> np.ndarray:
    """(2, 3) similarity from reference-photo pixels to `view` pixels matching the anchors' images."""
    a, _ = reference.project(ANCHORS)
    b, _ = view.project(ANCHORS)
    if not (np.all(np.isfinite(a)) and np.all(np.isfinite(b))):
        return np.array([[1.0, 0, 0], [0, 1.0, 0]])
    za, zb = complex(*(a[1] - a[0])), complex(*(b[1] - b[0]))
    m = zb / za if abs(za) > 1e-9 else 1.0
    A = np.array([[m.real, -m.imag], [m.imag, m.real]])
    return np.concatenate([A, (b[0] - A @ a[0])[:, None]], 1)


def view_background(background: np.ndarray, reference: CameraView, view: CameraView) -> np.ndarray:
    M = background_transform(reference, view)
    return cv2.warpAffine(background, M, (view.width, view.height), flags=cv2.INTER_LINEAR,
                          borderMode=cv2.BORDER_REFLECT_101)


def over(rgba: np.ndarray, background: np.ndarray) -> np.ndarray:
    """Straight-alpha RGBA uint8 (..., H, W, 4) over an RGB uint8 background (H, W, 3) -> opaque RGBA."""
    a = rgba[..., 3:4].astype(np.float32) / 255.0
    rgb = rgba[..., :3].astype(np.float32) * a + background.astype(np.float32) * (1 - a)
    out = np.empty(rgba.shape, np.uint8)
    out[..., :3] = np.clip(rgb + 0.5, 0, 255).astype(np.uint8)
    out[..., 3] = 255
    return out
