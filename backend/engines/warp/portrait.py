"""The one-time work per reference photo: detect, fit, lift the texture, inpaint the background."""

from __future__ import annotations

import dataclasses
import threading
import time

import cv2
import numpy as np
import torch

from backend.cancellation import check_canceled
from backend.fitting import DetectionConfig, FitConfig, PortraitFit, detect_face, fit_portrait
from backend.flame.layer import FlameLayer
from backend.render import interpolate, rasterize, to_camera
from backend.render.views import view_tensors
from flame_assets.head_model import HeadModel

from .composite import head_hole, inpaint_head
from .texture import HeadTexture, TextureConfig, lift_texture


@dataclasses.dataclass(frozen=True)
class WarpConfig:
    detection: DetectionConfig = DetectionConfig()
    fit: FitConfig = FitConfig()
    texture: TextureConfig = TextureConfig()
    neck_fade_m: float = 0.045  # the neck fades into the photo over this height above the cut
    outline_margin: float = 0.25  # the inpainted hole reaches this many interocular distances past the head
    hair_margin: float = 1.0  # ... and this many above the eyes, where hair reaches past the skull
    edge_sigma: float = 0.7  # softening of the head's outline, pixels
    max_photo_side: int = 1024  # larger photos are fitted and textured at this size


@dataclasses.dataclass
class PortraitAssets:
    """What the warp renderer needs, made once per reference photo and head model."""

    head: HeadModel
    fit: PortraitFit
    texture: HeadTexture
    background: np.ndarray  # (H, W, 3) uint8, the photo with the head inpainted
    vertex_alpha: np.ndarray  # (V,) 1 on the head, fading to 0 at the neck cut
    timings: dict[str, float]


def neck_alpha(head: HeadModel, fade_m: float) -> np.ndarray:
    """Per-vertex opacity: 1 except the bottom `fade_m` of the neck, which fades to 0 at the cut."""
    y = head.v_template[:, 1]
    neck = head.masks.get("neck")
    bottom = float(y[neck].min() if neck is not None and neck.any() else y.min())
    t = np.clip((y - bottom) / max(fade_m, 1e-6), 0, 1)
    return (t * t * (3 - 2 * t)).astype(np.float32)


def uv_corners(head: HeadModel) -> torch.Tensor:
    """(F, 3, 2) texture coordinates per triangle corner in grid_sample's [-1, 1] (row 0 at v = 1)."""
    vt = torch.tensor(head.vt, dtype=torch.float32)
    grid = torch.stack([vt[:, 0] * 2 - 1, (1 - vt[:, 1]) * 2 - 1], -1)
    return grid[torch.tensor(head.ft, dtype=torch.long)]


def load_photo(photo: np.ndarray, max_side: int) -> np.ndarray:
    photo = np.asarray(photo)
    if photo.ndim == 2:
        photo = np.repeat(photo[..., None], 3, 2)
    photo = np.ascontiguousarray(photo[..., :3])
    h, w = photo.shape[:2]
    s = max_side / max(h, w)
    if s < 1:
        photo = cv2.resize(photo, (round(w * s), round(h * s)), interpolation=cv2.INTER_AREA)
    return photo


def prepare_portrait(photo: np.ndarray, head: HeadModel, config: WarpConfig = WarpConfig(),
                     layer: FlameLayer | None = None, cancel: threading.Event | None = None) -> PortraitAssets:
    """photo: RGB uint8 (H, W, 3). Raises backend.fitting errors for unusable photos or heads, and
    JobCanceled soon after `cancel` is set (checked between the steps and inside the long ones)."""
    if head.vt is None or head.ft is None:
        raise ValueError(
            f"head model {head.name!r} has no texture coordinates (vt/ft), and the warp engine lifts the photo "
            "onto the head's UV atlas; FLAME pickles carry none: render with the open head, or add the UVs of "
            "your FLAME release to the converted head model")
    timings: dict[str, float] = {}
    photo = load_photo(photo, config.max_photo_side)
    layer = layer if layer is not None else FlameLayer(head)
    t0 = time.perf_counter()
    detection = detect_face(photo, config.detection)
    check_canceled(cancel)
    fit = fit_portrait(head, detection, config.fit, layer, cancel)
    timings["fit"] = time.perf_counter() - t0

    check_canceled(cancel)
    t0 = time.perf_counter()
    with torch.no_grad():
        vertices = fit.vertices(layer)
        texture = lift_texture(head, fit, vertices, photo, config.texture, cancel)
    timings["texture"] = time.perf_counter() - t0

    check_canceled(cancel)
    t0 = time.perf_counter()
    alpha = neck_alpha(head, config.neck_fade_m)
    view = fit.camera
    K, R, t = view_tensors(view)
    faces = torch.tensor(head.f, dtype=torch.long)
    with torch.no_grad():
        frags = rasterize(to_camera(vertices, R, t), faces, K, view.height, view.width)
        a = interpolate(torch.tensor(alpha)[:, None], frags, faces)[0, ..., 0]
        uv = interpolate(uv_corners(head), frags, faces, per_corner=True)
        tex_alpha = torch.nn.functional.grid_sample(torch.tensor(texture.alpha)[None, None], uv, align_corners=False)
        a = (a * tex_alpha[0, 0]).numpy()
    head_mask = frags.mask[0].numpy() & (a > 0.5)
    dilate = max(2, round(config.outline_margin * fit.interocular_px))
    hair = max(2, round(config.hair_margin * fit.interocular_px))
    eyes_row = float(fit.landmarks[[33, 263], 1].mean())
    background = inpaint_head(photo, head_hole(head_mask, dilate, hair, eyes_row))
    timings["background"] = time.perf_counter() - t0
    return PortraitAssets(head=head, fit=fit, texture=texture, background=background, vertex_alpha=alpha,
                          timings=timings)
