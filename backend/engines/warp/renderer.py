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

from backend.render import Fragments, interpolate, interpolate_at, rasterize, to_camera
from backend.render.views import view_tensors
from protocols.views import CameraView

from .composite import over, view_background
from .portrait import PortraitAssets, WarpConfig, uv_corners


def grid_corners(uv: np.ndarray) -> np.ndarray:
    """Per-corner UVs in [0, 1] (v up) -> grid_sample coordinates in [-1, 1] (row 0 at v = 1)."""
    return np.stack([uv[..., 0] * 2 - 1, (1 - uv[..., 1]) * 2 - 1], -1).astype(np.float32)


def _mirrored(i: np.ndarray, n: int) -> np.ndarray:
    """Indices one step outside [0, n) mirrored back in without repeating the edge (OpenCV's default border)."""
    return np.where(i < 0, -i, np.where(i >= n, 2 * n - 2 - i, i))


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
        self.socket = SOCKET.to(self.device)
        self._torsos: dict[tuple, tuple[torch.Tensor, torch.Tensor]] = {}
        self._backgrounds: dict[str, np.ndarray] = {}
        self.timings: dict[str, float] = defaultdict(float)

    def _colours(self, frags, faces: torch.Tensor, pixels: torch.Tensor, uv_corners: torch.Tensor,
                 texture: torch.Tensor) -> torch.Tensor:
        """(N, 3) uint8 colours of `texture` at the covered flat pixels `pixels` (N,) of a one-frame `frags`
        (the bust covers a part of the frame, so nothing is interpolated or sampled elsewhere)."""
        uv = interpolate_at(uv_corners, frags, faces, pixels, per_corner=True)
        samples = F.grid_sample(texture, uv[None, None], mode="bilinear", padding_mode="border",
                                align_corners=False)[0, :, 0].T  # (N, 3)
        return (samples.clamp(0, 1) * 255 + 0.5).to(torch.uint8)

    def _torso(self, torso_vertices: torch.Tensor, view: CameraView, K, R, t) -> tuple[torch.Tensor, ...]:
        """(H, W, 4) uint8 colour (alpha 0), (H * W,) depth (inf where empty) and (H, W) coverage of the torso
        placed at `torso_vertices` (N, 3), kept per view and placement."""
        offset = (torso_vertices[0] - torch.as_tensor(self.assets.torso.vertices[0], device=self.device)).tolist()
        key = (json.dumps(view.to_dict(), sort_keys=True), tuple(round(o, 7) for o in offset))
        if key not in self._torsos:
            if len(self._torsos) >= 64:
                self._torsos.pop(next(iter(self._torsos)))
            cam = to_camera(torso_vertices[None].float(), R, t)
            frags = rasterize(cam, self.torso_faces, K, view.height, view.width, cull_backfaces=True)
            pixels = torch.nonzero(frags.mask.reshape(-1)).squeeze(1)
            rgba = torch.zeros(view.height, view.width, 4, dtype=torch.uint8, device=self.device)
            rgba.view(-1, 4)[pixels, :3] = self._colours(frags, self.torso_faces, pixels, self.torso_uv,
                                                         self.torso_texture)
            depth = torch.where(frags.mask[0], frags.depth[0], torch.full_like(frags.depth[0], float("inf")))
            self._torsos[key] = (rgba, depth.reshape(-1), frags.mask[0])
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
        v = cam[:, self.head_faces]  # (B, F, 3, 3)
        facing_away = (torch.linalg.cross(v[:, :, 1] - v[:, :, 0], v[:, :, 2] - v[:, :, 0]) * v[:, :, 0]).sum(-1) >= 0
        rgba = torch.zeros(B, view.height, view.width, 4, dtype=torch.uint8, device=self.device)
        covered = frags.mask.clone()
        for i in range(B):
            one = Fragments(*(f[i:i + 1] for f in frags))
            pixels = torch.nonzero(one.mask.reshape(-1)).squeeze(1)
            colours = self._colours(one, self.head_faces, pixels, self.head_uv, self.texture)
            colours[facing_away[i, one.face_idx.reshape(-1).index_select(0, pixels)]] = self.socket
            if self.torso_faces is not None:
                torso_rgba, torso_depth, torso_covered = self._torso(vertices[i, V:], view, K, R, t)
                rgba[i] = torso_rgba
                # The head where it is in front of the torso (exactly what rasterizing both together gives).
                front = one.depth.reshape(-1).index_select(0, pixels) < torso_depth.index_select(0, pixels)
                pixels, colours = pixels[front], colours[front]
                covered[i] |= torso_covered
            rgba[i].view(-1, 4)[pixels, :3] = colours
        out = rgba.cpu().numpy()
        mask = covered.cpu().numpy()
        t2 = time.perf_counter()
        for i in range(B):
            self._alpha(out[i, ..., :3], mask[i], out[i, ..., 3])
        t3 = time.perf_counter()
        self.timings["raster"] += t1 - t0
        self.timings["texture"] += t2 - t1
        self.timings["alpha"] += t3 - t2
        self.timings["frames"] += B
        return out

    def _alpha(self, rgb: np.ndarray, mask: np.ndarray, alpha: np.ndarray) -> None:
        """Alpha of one frame from its coverage (H, W) into `alpha` (H, W) uint8 (zero on entry); the
        outline's colours go into `rgb` (H, W, 3) in place. Worked out in the box around the bust grown by the blur's reach (the frame outside
        it has no coverage), and the rim's colours only at the rim's pixels: the same result as over the whole
        frame, in a fraction of the time."""
        rows, cols = np.flatnonzero(mask.any(1)), np.flatnonzero(mask.any(0))
        if not rows.size:
            return
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
                colours = rgb[box]
                h, w = covered.shape
                num = np.zeros((ys.size, 3), np.float32)
                den = np.zeros(ys.size, np.float32)
                for dy in (-1, 0, 1):
                    yy = _mirrored(ys + dy, h)
                    for dx in (-1, 0, 1):
                        xx = _mirrored(xs + dx, w)
                        num += colours[yy, xx]
                        den += covered[yy, xx]
                rgb[box][ys, xs] = (num / np.maximum(den, 1)[:, None] + 0.5).astype(np.uint8)
                a[ys[den < 0.5], xs[den < 0.5]] = 0.0
        alpha[box] = (a * 255 + 0.5).astype(np.uint8)

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
