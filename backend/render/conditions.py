"""Per-view FLAME condition renders: DECA-style shaded shape, normals, depth and landmark maps.

These are the inputs of the diffusion engine (its pose guider) and a debugging aid: they show exactly the
geometry and camera an engine was asked to draw. Landmark maps colour each MediaPipe region (face oval,
brows, eyes, irises, nose, lips) and hide points behind the head, using the rasterized depth."""

from __future__ import annotations

import dataclasses

import torch

from protocols.views import CameraView

from .rasterizer import project, rasterize, to_camera
from .shading import depth_map, draw_points, normal_map, shade_normals
from .views import view_tensors

KINDS = ("shaded", "normals", "depth", "landmarks")

# MediaPipe face-mesh index ranges by region, with their colours in landmark maps.
_LANDMARK_REGIONS = {
    "oval": ((10, 338, 297, 332, 284, 251, 389, 356, 454, 323, 361, 288, 397, 365, 379, 378, 400, 377, 152, 148,
              176, 149, 150, 136, 172, 58, 132, 93, 234, 127, 162, 21, 54, 103, 67, 109), (1.0, 1.0, 1.0)),
    "brows": ((70, 63, 105, 66, 107, 55, 65, 52, 53, 46, 300, 293, 334, 296, 336, 285, 295, 282, 283, 276),
              (1.0, 0.8, 0.2)),
    "eyes": ((33, 7, 163, 144, 145, 153, 154, 155, 133, 173, 157, 158, 159, 160, 161, 246, 263, 249, 390, 373,
              374, 380, 381, 382, 362, 398, 384, 385, 386, 387, 388, 466), (0.2, 0.9, 1.0)),
    "irises": (tuple(range(468, 478)), (0.2, 0.4, 1.0)),
    "nose": ((168, 6, 197, 195, 5, 4, 1, 19, 94, 2, 98, 327, 326, 97, 64, 294), (0.3, 1.0, 0.3)),
    "lips": ((61, 146, 91, 181, 84, 17, 314, 405, 321, 375, 291, 409, 270, 269, 267, 0, 37, 39, 40, 185, 78, 95,
              88, 178, 87, 14, 317, 402, 318, 324, 308, 415, 310, 311, 312, 13, 82, 81, 80, 191), (1.0, 0.3, 0.3)),
}


@dataclasses.dataclass(frozen=True)
class ConditionConfig:
    landmark_radius: float = 1.5  # pixels at 512; scaled with the image size
    depth_tolerance: float = 0.003  # metres: landmarks farther behind the visible surface are hidden


@torch.inference_mode()
def render_conditions(vertices: torch.Tensor, faces: torch.Tensor, view: CameraView,
                      landmarks: torch.Tensor | None = None, kinds: tuple[str, ...] = KINDS,
                      config: ConditionConfig = ConditionConfig()) -> dict[str, torch.Tensor]:
    """vertices (B, V, 3) FLAME frame, faces (F, 3); landmarks (B, 478, 3) FLAME frame (MediaPipe order) for
    "landmarks". Returns {kind: (B, H, W, 3) float in [0, 1]} on a black background."""
    unknown = sorted(set(kinds) - set(KINDS))
    if unknown:
        raise ValueError(f"unknown condition kind(s) {unknown}; choose from {list(KINDS)}")
    if "landmarks" in kinds and landmarks is None:
        raise ValueError("landmark maps need the landmarks (B, 478, 3) of the head (FlameLayer.landmarks)")
    B = vertices.shape[0]
    dev = vertices.device
    K, R, t = view_tensors(view, dev)
    K, R, t = K.expand(B, 3, 3), R.expand(B, 3, 3), t.expand(B, 3)
    cam = to_camera(vertices.float(), R, t)
    faces = faces.to(dev)
    frags = rasterize(cam, faces, K, view.height, view.width)
    out: dict[str, torch.Tensor] = {}
    if "shaded" in kinds:
        out["shaded"] = shade_normals(cam, faces, frags)
    if "normals" in kinds:
        out["normals"] = normal_map(cam, faces, frags)
    if "depth" in kinds:
        out["depth"] = depth_map(frags).unsqueeze(-1).expand(B, view.height, view.width, 3).contiguous()
    if "landmarks" in kinds:
        out["landmarks"] = landmark_map(cam, frags.depth, to_camera(landmarks.float(), R, t), K, config)
    return out


def landmark_map(verts_cam: torch.Tensor, zbuf: torch.Tensor, lmk_cam: torch.Tensor, K: torch.Tensor,
                 config: ConditionConfig = ConditionConfig()) -> torch.Tensor:
    """Coloured discs at the visible landmarks (B, L, 3 camera space) -> (B, H, W, 3)."""
    B, H, W = zbuf.shape
    px = project(lmk_cam, K)
    col = (px[..., 0].floor().long().clamp(0, W - 1))
    row = (px[..., 1].floor().long().clamp(0, H - 1))
    surface = zbuf[torch.arange(B, device=zbuf.device)[:, None], row, col]
    inside = (px[..., 0] >= 0) & (px[..., 0] < W) & (px[..., 1] >= 0) & (px[..., 1] < H) & (lmk_cam[..., 2] > 0)
    visible = inside & (surface > 0) & (lmk_cam[..., 2] <= surface + config.depth_tolerance)
    image = torch.zeros(B, H, W, 3, device=zbuf.device)
    radius = config.landmark_radius * max(H, W) / 512
    L = lmk_cam.shape[1]
    for ids, colour in _LANDMARK_REGIONS.values():
        ids = [i for i in ids if i < L]
        if ids:
            image = draw_points(image, px[:, ids], max(radius, 0.5), colour, visible=visible[:, ids])
    return image
