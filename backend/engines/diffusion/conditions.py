"""Per-view FLAME condition renders for the pose guider: (V, T, 3, H, W) float images in [0, 1].

Channel 0 is the DECA-style grey shaded head, channel 1 its depth (near is bright), channel 2 the
projected MediaPipe landmarks as dots: shape, pose and expression in one RGB image that also fits a
PNG, so dataset folders can store the exact conditions a model was trained on.

Made from `backend.render` directly (the shared `backend/render/conditions.py` did not exist when
this engine was written).
"""

from __future__ import annotations

from typing import Sequence

import torch

from backend.flame.layer import FlameLayer
from backend.render import depth_map, draw_points, rasterize, shade_normals, to_camera
from backend.render.rasterizer import project
from backend.render.views import view_tensors
from flame_assets.head_model import HeadModel
from protocols.tracks import Track
from protocols.views import CameraView


class ConditionRenderer:
    """Renders the condition images of a track seen from cameras, in batches of frames."""

    def __init__(self, head: HeadModel, device: str | torch.device = "cpu", batch_frames: int = 32):
        self.head = head
        self.device = torch.device(device)
        self.layer = FlameLayer(head).to(self.device)
        self.faces = torch.tensor(head.f, dtype=torch.long, device=self.device)
        self.batch_frames = batch_frames

    @torch.inference_mode()
    def render_vertices(self, vertices: torch.Tensor, landmarks: torch.Tensor, view: CameraView) -> torch.Tensor:
        """vertices (B, V, 3), landmarks (B, L, 3) in the head frame → (B, 3, H, W) in [0, 1]."""
        B = vertices.shape[0]
        K, R, t = view_tensors(view, self.device)
        K, R, t = K.expand(B, 3, 3), R.expand(B, 3, 3), t.expand(B, 3)
        cam = to_camera(vertices.to(self.device, torch.float32), R, t)
        frags = rasterize(cam, self.faces, K, view.height, view.width)
        shaded = shade_normals(cam, self.faces, frags)[..., 0]
        depth = depth_map(frags)
        points = project(to_camera(landmarks.to(self.device, torch.float32), R, t), K)
        radius = max(0.5, min(view.width, view.height) / 160)
        dots = draw_points(torch.zeros(B, view.height, view.width, 1, device=self.device), points, radius,
                           (1.0,))[..., 0]
        return torch.stack([shaded, depth, dots], dim=1).float()

    @torch.inference_mode()
    def render(self, track: Track, views: Sequence[CameraView]) -> torch.Tensor:
        """Every frame of `track` from every view → (V, T, 3, H, W); all views must share one size."""
        track.check_head(self.head.model_id)
        sizes = {(v.height, v.width) for v in views}
        if len(sizes) != 1:
            raise ValueError(f"all views of a diffusion job must have one resolution, got {sorted(sizes)}")
        per_view: list[list[torch.Tensor]] = [[] for _ in views]
        for start in range(0, track.num_frames, self.batch_frames):
            stop = min(track.num_frames, start + self.batch_frames)
            out = self.layer.forward_track(track, start, stop)
            vertices = out.vertices.to(self.device)
            landmarks = self.layer.landmarks(vertices, "mediapipe")
            for i, view in enumerate(views):
                per_view[i].append(self.render_vertices(vertices, landmarks, view).cpu())
        return torch.stack([torch.cat(chunks) for chunks in per_view])
