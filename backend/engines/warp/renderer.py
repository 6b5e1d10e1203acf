"""Textured renders of the posed head per view, composited over the view's background."""

from __future__ import annotations

import json
import time
from collections import defaultdict

import numpy as np
import torch
import torch.nn.functional as F

from backend.render import interpolate, rasterize, to_camera
from backend.render.views import view_tensors
from protocols.views import CameraView

from .composite import composite, view_background
from .portrait import PortraitAssets, WarpConfig, uv_corners


class WarpRenderer:
    """Stateless per frame: identical vertices and view give identical images."""

    def __init__(self, assets: PortraitAssets, config: WarpConfig = WarpConfig(), device: str | torch.device = "cpu"):
        self.assets = assets
        self.config = config
        self.device = torch.device(device)
        head = assets.head
        self.faces = torch.tensor(head.f, dtype=torch.long, device=self.device)
        self.uv_corners = uv_corners(head).to(self.device)  # per corner: UV seams
        self.alpha = torch.tensor(assets.vertex_alpha, device=self.device)[:, None]
        rgba = np.concatenate([assets.texture.rgb, assets.texture.alpha[..., None]], -1)
        self.texture = torch.tensor(rgba, device=self.device).permute(2, 0, 1)[None].contiguous()
        self._backgrounds: dict[str, np.ndarray] = {}
        self.timings: dict[str, float] = defaultdict(float)

    def background(self, view: CameraView) -> np.ndarray:
        key = json.dumps(view.to_dict(), sort_keys=True)
        if key not in self._backgrounds:
            if len(self._backgrounds) > 64:
                self._backgrounds.clear()
            self._backgrounds[key] = view_background(self.assets.background, self.assets.fit.camera, view)
        return self._backgrounds[key]

    @torch.inference_mode()
    def render(self, vertices: torch.Tensor, view: CameraView) -> np.ndarray:
        """vertices (B, V, 3) FLAME frame -> (B, H, W, 3) uint8 RGB seen from `view`."""
        B = vertices.shape[0]
        t0 = time.perf_counter()
        K, R, t = view_tensors(view, self.device)
        cam = to_camera(vertices.to(self.device, torch.float32), R.expand(B, 3, 3), t.expand(B, 3))
        # Back faces are never seen from outside a closed head (the mouth cavity is seen from inside).
        frags = rasterize(cam, self.faces, K.expand(B, 3, 3), view.height, view.width, cull_backfaces=True)
        t1 = time.perf_counter()
        uv = interpolate(self.uv_corners, frags, self.faces, per_corner=True)
        rgba = F.grid_sample(self.texture.expand(B, -1, -1, -1), uv, mode="bilinear", padding_mode="border",
                             align_corners=False).permute(0, 2, 3, 1)
        rgb = rgba[..., :3]
        alpha = interpolate(self.alpha, frags, self.faces)[..., 0] * rgba[..., 3] * frags.mask
        rgb_np = rgb.cpu().numpy()
        alpha_np = alpha.cpu().numpy()
        t2 = time.perf_counter()
        out = composite(rgb_np, alpha_np, self.background(view), self.config.edge_sigma)
        t3 = time.perf_counter()
        self.timings["raster"] += t1 - t0
        self.timings["texture"] += t2 - t1
        self.timings["composite"] += t3 - t2
        self.timings["frames"] += B
        return out
