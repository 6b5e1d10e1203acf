"""The reference photo without its head (inpainted), placed behind each view, and the final blend."""

from __future__ import annotations

import cv2
import numpy as np

from protocols.views import CameraView

# FLAME-frame points whose images tie a view's background to the reference photo: between the eyes and
# a point on the neck below it; the body in the photo stays under the head's rest position.
ANCHORS = np.array([[0.0, 0.0, 0.0], [0.0, -0.15, 0.0]])


def head_hole(head_mask: np.ndarray, dilate_px: int, hair_px: int, hair_below_row: float) -> np.ndarray:
    """The region to inpaint: the head dilated by `dilate_px`, and by `hair_px` above `hair_below_row`
    (hair reaches past the skull's outline; the shoulders below the chin must stay)."""
    def disc(r):
        return cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * r + 1, 2 * r + 1))
    mask = head_mask.astype(np.uint8)
    hole = cv2.dilate(mask, disc(max(1, dilate_px)))
    hair = cv2.dilate(mask, disc(max(1, hair_px)))
    rows = np.arange(mask.shape[0])[:, None]
    return np.maximum(hole, np.where(rows <= hair_below_row, hair, 0)).astype(np.uint8)


def inpaint_head(photo: np.ndarray, hole: np.ndarray, work_size: int = 384) -> np.ndarray:
    """The photo (uint8 RGB) with the `hole` (uint8 0/1) filled by OpenCV's Telea inpainting.

    Inpainting runs at `work_size` on the longer side (the hole is large and smooth fill is all that is
    asked of it) and only the hole is replaced at full resolution, with a feathered edge."""
    h, w = photo.shape[:2]
    s = min(1.0, work_size / max(h, w))
    small = cv2.resize(photo, (max(1, round(w * s)), max(1, round(h * s))), interpolation=cv2.INTER_AREA)
    small_hole = cv2.resize(hole, small.shape[1::-1], interpolation=cv2.INTER_NEAREST)
    small_hole = cv2.dilate(small_hole, np.ones((3, 3), np.uint8))
    filled = cv2.inpaint(small, small_hole, max(3, round(0.02 * max(small.shape[:2]))), cv2.INPAINT_TELEA)
    filled = cv2.resize(filled, (w, h), interpolation=cv2.INTER_LINEAR)
    feather = max(1.0, 0.004 * max(h, w))
    alpha = cv2.GaussianBlur(hole.astype(np.float32), (0, 0), feather)
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


def composite(head_rgb: np.ndarray, alpha: np.ndarray, background: np.ndarray, edge_sigma: float) -> np.ndarray:
    """head_rgb (B, H, W, 3) float in [0, 1], alpha (B, H, W) in [0, 1] (0 off the head, fading at the
    neck), background (H, W, 3) uint8 -> (B, H, W, 3) uint8. The outline is softened by `edge_sigma` px."""
    bg = background.astype(np.float32) / 255.0
    out = np.empty(head_rgb.shape, np.uint8)
    for i in range(len(head_rgb)):
        a = alpha[i].astype(np.float32)
        if edge_sigma > 0:
            a = np.minimum(a, cv2.GaussianBlur(a, (0, 0), edge_sigma))
        a = a[..., None]
        out[i] = np.clip((a * head_rgb[i] + (1 - a) * bg) * 255 + 0.5, 0, 255).astype(np.uint8)
    return out
