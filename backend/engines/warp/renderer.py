"""Textured renders of the posed bust per view: RGBA, straight alpha, the person over transparency."""

from __future__ import annotations

import json
import math
import time
from collections import defaultdict

import cv2
import numpy as np
import torch
import torch.nn.functional as F

from backend.render import interpolate, rasterize, to_camera
from backend.render.views import view_tensors
from protocols.views import CameraView

from .composite import over, view_background
from .portrait import PortraitAssets, WarpConfig, uv_corners


def grid_corners(uv: np.ndarray) -> np.ndarray:
    """Per-corner UVs in [0, 1] (v up) -> grid_sample coordinates in [-1, 1] (row 0 at v = 1)."""
    return np.stack([uv[..., 0] * 2 - 1, (1 - uv[..., 1]) * 2 - 1], -1).astype(np.float32)


SOCKET = torch.tensor([22, 14, 12], dtype=torch.uint8)  # the head's inside seen through a gap, sRGB


class WarpRenderer:
    """Stateless per frame: identical vertices and view give identical images.

    The torso does not move with the head, so its render per view (colour and depth) is kept and reused
    for every frame that places it the same way; each frame rasterizes only the head and puts it over the
    torso by depth, which is exactly what rasterizing both together gives for opaque surfaces."""

    def __init__(self, assets: PortraitAssets, config: WarpConfig = WarpConfig(), device: str | torch.device = "cpu"):
        self.assets = assets
        self.config = config
        self.device = torch.device(device)
        head = assets.head
        faces = [head.f]
        if assets.torso is not None:
            faces.append(assets.torso.faces + head.num_vertices)
        self.faces = torch.tensor(np.concatenate(faces), dtype=torch.long, device=self.device)
        # Head and torso keep textures of their own, each at its own resolution (one shared atlas would
        # resample the torso's photo texels to the head atlas's height and blur them).
        as_image = lambda rgb: torch.tensor(rgb, device=self.device).permute(2, 0, 1)[None].contiguous()  # noqa: E731
        self.texture = as_image(assets.texture.rgb)
        self.head_faces = torch.tensor(head.f, dtype=torch.long, device=self.device)
        self.head_uv = uv_corners(head).to(self.device)
        self.torso_faces = self.torso_uv = self.torso_texture = None
        uv = [self.head_uv]
        if assets.torso is not None:
            self.torso_faces = torch.tensor(assets.torso.faces, dtype=torch.long, device=self.device)
            self.torso_uv = torch.tensor(grid_corners(assets.torso.uv), device=self.device)
            self.torso_texture = as_image(assets.torso.texture)
            uv.append(self.torso_uv)
        self.uv_corners = torch.cat(uv)  # per bust face (head faces first), each into its own texture
        self._torsos: dict[tuple, tuple[torch.Tensor, torch.Tensor]] = {}
        self._backgrounds: dict[str, np.ndarray] = {}
        self.timings: dict[str, float] = defaultdict(float)

    def _shade(self, frags, uv_corners: torch.Tensor, faces: torch.Tensor, texture: torch.Tensor) -> torch.Tensor:
        """(B, H, W, 3) uint8 colours of `texture` at the covered pixels (0 elsewhere)."""
        uv = interpolate(uv_corners, frags, faces, per_corner=True)
        covered = frags.mask
        # Sample the texture at covered pixels only (the bust covers a part of the frame).
        samples = F.grid_sample(texture, uv[covered][None, None], mode="bilinear", padding_mode="border",
                                align_corners=False)[0, :, 0].T  # (N, 3)
        B, H, W = covered.shape
        rgb = torch.zeros(B, H, W, 3, dtype=torch.uint8, device=self.device)
        rgb[covered] = (samples.clamp(0, 1) * 255 + 0.5).to(torch.uint8)
        return rgb

    def _torso(self, torso_vertices: torch.Tensor, view: CameraView, K, R, t) -> tuple[torch.Tensor, ...]:
        """(H, W, 3) uint8 colour, (H, W) depth (inf where empty) and (H, W) coverage of the torso placed at
        `torso_vertices` (N, 3), kept per view and placement."""
        offset = (torso_vertices[0] - torch.as_tensor(self.assets.torso.vertices[0], device=self.device)).tolist()
        key = (json.dumps(view.to_dict(), sort_keys=True), tuple(round(o, 7) for o in offset))
        if key not in self._torsos:
            if len(self._torsos) >= 64:
                self._torsos.pop(next(iter(self._torsos)))
            cam = to_camera(torso_vertices[None].float(), R, t)
            frags = rasterize(cam, self.torso_faces, K, view.height, view.width, cull_backfaces=True)
            depth = torch.where(frags.mask[0], frags.depth[0], torch.full_like(frags.depth[0], float("inf")))
            self._torsos[key] = (self._shade(frags, self.torso_uv, self.torso_faces, self.torso_texture)[0], depth,
                                 frags.mask[0])
        return self._torsos[key]

    def photo_background(self, view: CameraView) -> np.ndarray:
        """The portrait's inpainted background placed behind `view` (sensible near the photo's own view)."""
        key = json.dumps(view.to_dict(), sort_keys=True)
        if key not in self._backgrounds:
            if len(self._backgrounds) > 64:
                self._backgrounds.clear()
            self._backgrounds[key] = view_background(self.assets.background, self.assets.fit.camera, view)
        return self._backgrounds[key]

    @torch.inference_mode()
    def render(self, vertices: torch.Tensor, view: CameraView) -> np.ndarray:
        """vertices (B, V, 3) of the bust (engine.track_vertices), FLAME frame -> (B, H, W, 4) uint8 RGBA,
        straight alpha, seen from `view`."""
        B = vertices.shape[0]
        V = self.assets.head.num_vertices
        t0 = time.perf_counter()
        K, R, t = view_tensors(view, self.device)
        vertices = vertices.to(self.device, torch.float32)
        cam = to_camera(vertices[:, :V], R.expand(B, 3, 3), t.expand(B, 3))
        # Back faces too: the head model is not closed at the eyes' corners (between lids and eyeball), and
        # what shows through there is the inside of the head, dark as an eye socket (not the background).
        frags = rasterize(cam, self.head_faces, K.expand(B, 3, 3), view.height, view.width)
        t1 = time.perf_counter()
        rgb = self._shade(frags, self.head_uv, self.head_faces, self.texture)
        covered = frags.mask
        v = cam[:, self.head_faces]  # (B, F, 3, 3)
        facing_away = (torch.linalg.cross(v[:, :, 1] - v[:, :, 0], v[:, :, 2] - v[:, :, 0]) * v[:, :, 0]).sum(-1) >= 0
        inside = covered & torch.gather(facing_away, 1, frags.face_idx.clamp(min=0).reshape(B, -1)).reshape(
            covered.shape)
        rgb[inside] = SOCKET
        if self.torso_faces is not None:
            for i in range(B):
                torso_rgb, torso_depth, torso_covered = self._torso(vertices[i, V:], view, K, R, t)
                head_front = covered[i] & (frags.depth[i] < torso_depth)
                rgb[i] = torch.where(head_front[..., None], rgb[i], torso_rgb)
                covered[i] |= torso_covered
        rgb_np = rgb.cpu().numpy()
        mask = covered.cpu().numpy()
        t2 = time.perf_counter()
        alpha = np.stack([self._alpha(rgb_np[i], mask[i]) for i in range(B)])
        out = np.concatenate([rgb_np, alpha[..., None]], -1)
        t3 = time.perf_counter()
        self.timings["raster"] += t1 - t0
        self.timings["texture"] += t2 - t1
        self.timings["alpha"] += t3 - t2
        self.timings["frames"] += B
        return out

    def _alpha(self, rgb: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """(H, W) uint8 alpha of one frame from its coverage (H, W); the outline's colours go into `rgb`
        (H, W, 3) in place. Worked out in the box around the bust grown by the blur's reach (the frame outside
        it has no coverage), and the rim's colours only at the rim's pixels: the same result as over the whole
        frame, in a fraction of the time."""
        alpha = np.zeros(mask.shape, np.uint8)
        rows, cols = np.flatnonzero(mask.any(1)), np.flatnonzero(mask.any(0))
        if not rows.size:
            return alpha
        sigma = self.config.edge_sigma
        pad = int(math.ceil(4 * sigma)) + 2 if sigma > 0 else 0  # OpenCV's float kernel reaches 4 sigma
        box = (slice(max(rows[0] - pad, 0), rows[-1] + pad + 1), slice(max(cols[0] - pad, 0), cols[-1] + pad + 1))
        covered = mask[box]
        a = covered.astype(np.float32)
        if sigma > 0:
            # Antialiased outline centred on the rasterized one (pixel centres sample it): the pixels just
            # outside take a part of alpha and the mean colour of their covered neighbours (3 x 3, the frame's
            # edge mirrored as OpenCV's filters mirror it; uncovered pixels are black, so they add nothing).
            a = cv2.GaussianBlur(a, (0, 0), sigma)
            ys, xs = np.nonzero((a > 0.5 / 255) & ~covered)
            if ys.size:
                colours = np.pad(rgb[box], ((1, 1), (1, 1), (0, 0)), mode="reflect")
                seen = np.pad(covered, 1, mode="reflect")
                num = np.zeros((ys.size, 3), np.float32)
                den = np.zeros(ys.size, np.float32)
                for dy in (0, 1, 2):
                    for dx in (0, 1, 2):
                        num += colours[ys + dy, xs + dx]
                        den += seen[ys + dy, xs + dx]
                rgb[box][ys, xs] = (num / np.maximum(den, 1)[:, None] + 0.5).astype(np.uint8)
                a[ys[den < 0.5], xs[den < 0.5]] = 0.0
        alpha[box] = (a * 255 + 0.5).astype(np.uint8)
        return alpha

    @torch.inference_mode()
    def photo_coordinates(self, vertices: torch.Tensor, view: CameraView) -> tuple[np.ndarray, np.ndarray]:
        """For one frame's bust vertices (1, V, 3): which photo point each pixel of `view` shows on the head
        ((H, W, 2) photo pixels, NaN off the head) and how much of its colour is the photo's ((H, W))."""
        K, R, t = view_tensors(view, self.device)
        cam = to_camera(vertices.to(self.device, torch.float32), R, t)
        frags = rasterize(cam, self.faces, K, view.height, view.width, cull_backfaces=True)
        uv = interpolate(self.uv_corners, frags, self.faces, per_corner=True)
        tex = self.assets.texture
        maps = np.concatenate([tex.photo_xy, tex.confidence[..., None]], -1)
        maps = torch.tensor(np.nan_to_num(maps, nan=-1e4), device=self.device).permute(2, 0, 1)[None]
        sampled = F.grid_sample(maps, uv, mode="bilinear", padding_mode="border",
                                align_corners=False)[0].permute(1, 2, 0).cpu().numpy()
        on_head = (frags.face_idx[0] >= 0) & (frags.face_idx[0] < len(self.assets.head.f))
        on_head = on_head.cpu().numpy() & (sampled[..., 0] > -1e3)
        xy = np.where(on_head[..., None], sampled[..., :2], np.nan)
        return xy, np.where(on_head, sampled[..., 2], 0.0)

    def over_background(self, rgba: np.ndarray, view: CameraView, background) -> np.ndarray:
        """`background`: None (keep transparency), "photo", an (r, g, b) colour (0..255) or an RGB uint8
        image of the view's size."""
        if background is None:
            return rgba
        if isinstance(background, str):
            if background != "photo":
                raise ValueError(f"unknown background {background!r}: use none, photo, a colour or an image")
            return over(rgba, self.photo_background(view))
        bg = np.asarray(background)
        if bg.ndim == 1:
            bg = np.broadcast_to(bg.astype(np.uint8), (view.height, view.width, 3))
        elif bg.shape[:2] != (view.height, view.width):
            bg = cv2.resize(np.ascontiguousarray(bg[..., :3]), (view.width, view.height), interpolation=cv2.INTER_AREA)
        return over(rgba, bg[..., :3])
