"""Per-view FLAME condition images for the FLAME encoder: (V, F, 8, H, W) float in [0, 1].

Channels: the DECA-style grey shaded head (1), camera-space normals (3), depth, near bright (1), and the
MediaPipe landmark map coloured by region (3), all from `backend.render.conditions`.
"""

from __future__ import annotations

from typing import Callable, Sequence

import torch

from backend.flame.layer import FlameLayer
from backend.render.conditions import render_conditions
from flame_assets.head_model import HeadModel
from protocols.tracks import Track
from protocols.views import CameraView

CONDITION_CHANNELS = 8


class ConditionRenderer:
    """Renders a track's condition images from cameras, a block of frames at a time."""

    def __init__(self, head: HeadModel, device: str | torch.device = "cpu", block_frames: int = 16):
        self.head = head
        self.device = torch.device(device)
        self.layer = FlameLayer(head).to(self.device)
        self.faces = torch.tensor(head.f, dtype=torch.long, device=self.device)
        self.block_frames = block_frames

    @torch.inference_mode()
    def from_vertices(self, vertices: torch.Tensor, view: CameraView) -> torch.Tensor:
        """vertices (B, V, 3) in the head's frame → (B, 8, H, W)."""
        vertices = vertices.to(self.device, torch.float32)
        images = render_conditions(vertices, self.faces, view, self.layer.landmarks(vertices, "mediapipe"))
        stacked = torch.cat([images["shaded"][..., :1], images["normals"], images["depth"][..., :1],
                             images["landmarks"]], dim=-1)
        return stacked.permute(0, 3, 1, 2).float().cpu()

    @torch.inference_mode()
    def render(self, track: Track, views: Sequence[CameraView],
               vertices: Callable[[int, int], torch.Tensor] | None = None) -> torch.Tensor:
        """Every frame of `track` from every view → (V, F, 8, H, W). `vertices(start, stop)` may supply the
        head's vertices (e.g. with a fitted identity); by default they come from the track itself."""
        track.check_head(self.head.model_id)
        sizes = {(v.height, v.width) for v in views}
        if len(sizes) != 1:
            raise ValueError(f"all views of a diffusion clip must have one resolution, got {sorted(sizes)}")
        per_view: list[list[torch.Tensor]] = [[] for _ in views]
        for start in range(0, track.num_frames, self.block_frames):
            stop = min(track.num_frames, start + self.block_frames)
            verts = vertices(start, stop) if vertices else self.layer.forward_track(track, start, stop).vertices
            for i, view in enumerate(views):
                per_view[i].append(self.from_vertices(verts, view))
        return torch.stack([torch.cat(chunks) for chunks in per_view])
