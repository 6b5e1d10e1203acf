"""The one-time work per reference photo: detect and fit the face, analyse the person, build the bust (hair
shell, neck, torso proxy), lift the photo onto it and fill what it never showed, and (on demand) inpaint the background."""

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
from backend.portrait import AnalysisConfig, PortraitAnalysis, analyse_portrait
from backend.render import rasterize, to_camera
from backend.render.views import view_tensors
from flame_assets.head_model import HeadModel

from .bust import ShellConfig, hair_shell, neck_stay, outer_faces, vertex_regions
from .composite import inpaint_person
from .texture import HeadTexture, TextureConfig, lift_texture
from .torso import TorsoConfig, TorsoMesh, build_torso


@dataclasses.dataclass(frozen=True)
class WarpConfig:
    detection: DetectionConfig = DetectionConfig()
    fit: FitConfig = FitConfig()
    analysis: AnalysisConfig = AnalysisConfig()
    shell: ShellConfig = ShellConfig()
    torso: TorsoConfig = TorsoConfig()
    texture: TextureConfig = TextureConfig()
    neck_fade_m: float = 0.06  # the neck's lowest part stays with the torso, fading to the head over this
    edge_sigma: float = 0.7  # softening of the bust's outline, pixels
    max_photo_side: int = 1024  # larger photos are fitted and textured at this size


@dataclasses.dataclass
class PortraitAssets:
    """What the warp renderer needs, made once per reference photo and head model."""

    head: HeadModel
    fit: PortraitFit
    analysis: PortraitAnalysis
    texture: HeadTexture
    hair_offsets: np.ndarray  # (V, 3) rest-frame shell offsets of the head model's vertices
    rest_head: np.ndarray  # (V, 3) the bust head at rest pose (identity and shell, no expression)
    neck_stay: np.ndarray  # (V,) share of each head vertex that stays with the torso
    soft_regions: np.ndarray  # (V, 3) hair / skin / clothing blend per head vertex
    torso: TorsoMesh | None  # None for a photo without shoulders
    photo: np.ndarray  # (H, W, 3) uint8, the photo as fitted
    timings: dict[str, float]
    _background: np.ndarray | None = None

    @property
    def background(self) -> np.ndarray:
        """(H, W, 3) uint8: the photo with the person inpainted (made on first use: few jobs ask for it)."""
        if self._background is None:
            self._background = inpaint_person(self.photo, self.analysis.matte, self.fit.interocular_px)
        return self._background


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


def bust_mask(head: HeadModel, head_vertices: np.ndarray, torso: TorsoMesh | None, camera) -> np.ndarray:
    """The bust's pixels in `camera`'s image (head, shell and torso)."""
    verts = [head_vertices]
    faces = [outer_faces(head)]
    if torso is not None:
        verts.append(torso.vertices)
        faces.append(torso.faces + len(head_vertices))
    K, R, t = view_tensors(camera)
    v = torch.tensor(np.concatenate(verts), dtype=torch.float32)[None]
    f = torch.tensor(np.concatenate(faces), dtype=torch.long)
    return rasterize(to_camera(v, R, t), f, K, camera.height, camera.width).mask[0].numpy()


def turning_neck_mask(head: HeadModel, head_vertices: np.ndarray, stay: np.ndarray, camera) -> np.ndarray:
    """The pixels of the part of the head model's neck that turns with the head (`stay` < 0.5), shrunk by two
    pixels: the torso leaves them to the neck, or a slab of it would stand beside a turned neck."""
    neck = head.masks.get("neck")
    if neck is None or not neck.any():
        return np.zeros((camera.height, camera.width), bool)
    turning = neck & (stay < 0.5)
    faces = head.f[turning[head.f].all(1)]
    if len(faces) == 0:
        return np.zeros((camera.height, camera.width), bool)
    K, R, t = view_tensors(camera)
    v = torch.tensor(head_vertices, dtype=torch.float32)[None]
    mask = rasterize(to_camera(v, R, t), torch.tensor(faces, dtype=torch.long), K, camera.height,
                     camera.width).mask[0].numpy()
    return cv2.erode(mask.astype(np.uint8), np.ones((5, 5), np.uint8)) > 0


def prepare_portrait(photo: np.ndarray, head: HeadModel, config: WarpConfig = WarpConfig(),
                     layer: FlameLayer | None = None, cancel: threading.Event | None = None) -> PortraitAssets:
    """photo: RGB uint8 (H, W, 3). Raises backend.fitting / backend.portrait errors for unusable photos, and
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
    analysis = analyse_portrait(photo, detection.landmarks, config.analysis)
    timings["analysis"] = time.perf_counter() - t0

    check_canceled(cancel)
    t0 = time.perf_counter()
    with torch.no_grad():
        fitted = fit.vertices(layer)[0].numpy()
        joints = layer(torch.zeros(1, 15), shape=torch.tensor(fit.shape[None], dtype=torch.float32)).joints[0].numpy()
    offsets = hair_shell(head, fitted, fit.camera, analysis, fit.interocular_px, config.shell)
    bust_head = fitted + offsets
    chin_y = float(fit.landmarks[152, 1])
    stay = neck_stay(head, config.neck_fade_m)
    torso = build_torso(photo, analysis, fit.camera, chin_y, joints[0].astype(np.float64), config.torso,
                        keep_out=turning_neck_mask(head, bust_head, stay, fit.camera))
    with torch.no_grad():
        rest = layer(torch.zeros(1, 15), shape=torch.tensor(fit.shape[None], dtype=torch.float32),
                     offsets=torch.tensor(offsets)).vertices[0].numpy()
    soft = vertex_regions(head, bust_head, fit.camera, analysis)
    timings["bust"] = time.perf_counter() - t0

    check_canceled(cancel)
    t0 = time.perf_counter()
    outline = bust_mask(head, bust_head, torso, fit.camera)
    with torch.no_grad():
        texture = lift_texture(head, fit, torch.tensor(bust_head)[None], photo, analysis, soft, outline,
                               config.texture, cancel)
    timings["texture"] = time.perf_counter() - t0
    return PortraitAssets(head=head, fit=fit, analysis=analysis, texture=texture, hair_offsets=offsets,
                          rest_head=rest.astype(np.float32), neck_stay=stay, soft_regions=soft, torso=torso,
                          photo=photo, timings=timings)
