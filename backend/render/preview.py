"""A shaded, coloured preview of a head model: skin, eyes with iris and pupil, lips, mouth interior.

Not photoreal (that is the `warp` engine's job); it shows the geometry and the animation clearly, for the
demo, debugging and quick looks."""

from __future__ import annotations

import cv2
import numpy as np
import torch

from flame_assets.head_model import HeadModel
from protocols.flame_conventions import JOINT_INDEX
from protocols.views import CameraView

from .rasterizer import interpolate, rasterize, to_camera
from .shading import vertex_normals
from .views import view_tensors

SKIN = (0.85, 0.68, 0.58)
LIPS = (0.72, 0.42, 0.42)
SCLERA = (0.95, 0.94, 0.92)
IRIS = (0.30, 0.42, 0.55)
PUPIL = (0.05, 0.05, 0.05)
MOUTH = (0.35, 0.10, 0.12)
TEETH = (0.93, 0.91, 0.85)
HAIR = (0.36, 0.27, 0.20)
BACKGROUND = (0.16, 0.17, 0.19)
TO_LIGHT = (-0.35, -0.45, -1.0)  # camera space (y down, z forward): toward a light above left of the camera


def vertex_colours(head: HeadModel) -> np.ndarray:
    """(V, 3) albedo from the model's region masks; eyes get an iris and a pupil around their front pole."""
    m = head.masks
    col = np.tile(np.array(SKIN), (head.num_vertices, 1))
    if "scalp" in m:
        col[m["scalp"]] = HAIR
    if "lips" in m:
        col[m["lips"]] = LIPS
    if "mouth_interior" in m:
        col[m["mouth_interior"]] = MOUTH
    if "teeth" in m:
        col[m["teeth"]] = TEETH
    J = head.J_regressor @ head.v_template
    for eye in ("eye_left", "eye_right"):   # the mask and the joint share the eye's name
        if eye not in m:
            continue
        ids = np.flatnonzero(m[eye])
        d = head.v_template[ids] - J[JOINT_INDEX[eye]]
        cos = d[:, 2] / np.linalg.norm(d, axis=1)
        col[ids] = SCLERA
        col[ids[cos > 0.85]] = IRIS
        col[ids[cos > 0.97]] = PUPIL
    return col.astype(np.float32)


class PreviewRenderer:
    def __init__(self, head: HeadModel, device: str | torch.device = "cpu"):
        self.device = torch.device(device)
        self.faces = torch.tensor(head.f, dtype=torch.long, device=self.device)
        self.colours = torch.tensor(vertex_colours(head), device=self.device)

    @torch.inference_mode()
    def render(self, vertices: torch.Tensor, view: CameraView) -> np.ndarray:
        """vertices (B, V, 3) in the head's frame -> (B, H, W, 3) uint8 images over a dark background."""
        rgba = self.render_rgba(vertices, view)
        a = rgba[..., 3:4].astype(np.float32) / 255.0
        bg = np.array(BACKGROUND, np.float32) * 255
        return np.clip(rgba[..., :3] * a + bg * (1 - a) + 0.5, 0, 255).astype(np.uint8)

    @torch.inference_mode()
    def render_rgba(self, vertices: torch.Tensor, view: CameraView, edge_sigma: float = 0.7) -> np.ndarray:
        """vertices (B, V, 3) in the head's frame -> (B, H, W, 4) uint8 RGBA, straight alpha: the head over
        transparency, its outline softened by `edge_sigma` pixels."""
        B = vertices.shape[0]
        K, R, t = view_tensors(view, self.device)
        cam = to_camera(vertices.to(self.device, torch.float32), R.expand(B, 3, 3), t.expand(B, 3))
        frags = rasterize(cam, self.faces, K.expand(B, 3, 3), view.height, view.width)
        normals = interpolate(vertex_normals(cam, self.faces), frags, self.faces)
        normals = torch.nn.functional.normalize(normals, dim=-1)
        albedo = interpolate(self.colours.expand(B, -1, -1), frags, self.faces)
        light = torch.nn.functional.normalize(torch.tensor(TO_LIGHT, device=self.device), dim=0)
        lum = 0.3 + 0.75 * (normals @ light).clamp(min=0)
        rgb = albedo * lum[..., None] * frags.mask[..., None]
        out = np.empty((B, view.height, view.width, 4), np.uint8)
        out[..., :3] = (rgb.clamp(0, 1) * 255 + 0.5).to(torch.uint8).cpu().numpy()
        mask = frags.mask.cpu().numpy().astype(np.float32)
        for i in range(B):
            a = np.minimum(mask[i], cv2.GaussianBlur(mask[i], (0, 0), edge_sigma)) if edge_sigma > 0 else mask[i]
            out[i, ..., 3] = (a * 255 + 0.5).astype(np.uint8)
        return out
