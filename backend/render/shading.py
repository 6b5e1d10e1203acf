"""Condition and preview images from rasterizer fragments: shaded normals, normal maps, depth, landmarks.

All images are channels-last float tensors (B, H, W, C) in [0, 1] (multiply by 255 for uint8) on a black
background. Normals live in the OpenCV camera frame of the rasterizer (x right, y down, z forward); a
surface facing the camera has a normal with negative z.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import torch
from torch import Tensor

from .rasterizer import Fragments, interpolate

__all__ = ["vertex_normals", "shade_normals", "normal_map", "depth_map", "draw_points", "DEFAULT_LIGHTS"]

# (direction toward the light in camera space, intensity): a headlight along the optical axis and a key
# light from above-left of the camera (camera up is -y, its left is -x).
DEFAULT_LIGHTS: tuple[tuple[tuple[float, float, float], float], ...] = (
    ((0.0, 0.0, -1.0), 0.55),
    ((-0.5, -0.6, -0.62), 0.4),
)


def vertex_normals(verts: Tensor, faces: Tensor) -> Tensor:
    """Area-weighted unit vertex normals (B, V, 3) of meshes (B, V, 3) with outward (v1-v0) x (v2-v0)."""
    faces = faces.to(device=verts.device, dtype=torch.long)
    tri = verts[:, faces]  # (B, F, 3, 3)
    fn = torch.linalg.cross(tri[:, :, 1] - tri[:, :, 0], tri[:, :, 2] - tri[:, :, 0], dim=-1)  # |fn| = 2 area
    vn = torch.zeros_like(verts).index_add_(1, faces.reshape(-1), fn.repeat_interleave(3, dim=1))
    return torch.nn.functional.normalize(vn, dim=-1, eps=1e-12)


def _pixel_normals(verts_cam: Tensor, faces: Tensor, fragments: Fragments, normals: Tensor | None) -> Tensor:
    if normals is None:
        normals = vertex_normals(verts_cam, faces)
    n = interpolate(normals, fragments, faces, per_corner=normals.dim() == 4)
    return torch.nn.functional.normalize(n, dim=-1, eps=1e-12)


def shade_normals(
    verts_cam: Tensor,
    faces: Tensor,
    fragments: Fragments,
    *,
    normals: Tensor | None = None,
    lights: Sequence[tuple[Sequence[float], float]] = DEFAULT_LIGHTS,
    ambient: float = 0.15,
    albedo: float = 0.85,
) -> Tensor:
    """DECA-style grey shaded render (B, H, W, 3): ``albedo * (ambient + sum_k I_k max(0, n . l_k))``.

    ``normals`` are camera-space vertex normals (B, V, 3) (default: area-weighted from ``verts_cam``) or
    per-corner normals (B, F, 3, 3). Faces seen from behind (mouth interior) get ambient light only.
    """
    n = _pixel_normals(verts_cam, faces, fragments, normals)
    dirs = torch.tensor([d for d, _ in lights], dtype=n.dtype, device=n.device).reshape(-1, 3)
    dirs = torch.nn.functional.normalize(dirs, dim=-1)
    power = torch.tensor([i for _, i in lights], dtype=n.dtype, device=n.device)
    lum = ambient + ((n @ dirs.T).clamp(min=0) * power).sum(-1)
    grey = (albedo * lum).clamp(0, 1) * fragments.mask
    return grey.unsqueeze(-1).expand(*grey.shape, 3).contiguous()


def normal_map(
    verts_cam: Tensor, faces: Tensor, fragments: Fragments, *, normals: Tensor | None = None
) -> Tensor:
    """Camera-space normals as RGB (B, H, W, 3), black background.

    Colours follow the common (OpenGL-style) normal-map look: R = right, G = up, B = toward the viewer,
    i.e. ``rgb = 0.5 + 0.5 * (n_x, -n_y, -n_z)`` for OpenCV-frame normals; a face looking straight at the
    camera is (0.5, 0.5, 1).
    """
    n = _pixel_normals(verts_cam, faces, fragments, normals)
    flip = torch.tensor([1.0, -1.0, -1.0], dtype=n.dtype, device=n.device)
    return (0.5 + 0.5 * n * flip) * fragments.mask.unsqueeze(-1)


def depth_map(fragments: Fragments, *, near_is_bright: bool = True) -> Tensor:
    """Depth normalised per image to [0, 1] over the mask (B, H, W); background 0.

    With ``near_is_bright`` (the MiDaS / ControlNet look) the nearest surface point is 1 and the farthest
    0; otherwise the reverse. An image whose surface has a single depth is 1 over the mask.
    """
    d, m = fragments.depth, fragments.mask
    inf = torch.tensor(float("inf"), dtype=d.dtype, device=d.device)
    lo = torch.where(m, d, inf).amin((1, 2), keepdim=True)
    hi = torch.where(m, d, -inf).amax((1, 2), keepdim=True)
    span = hi - lo
    t = torch.where(span > 0, (d - lo) / torch.where(span > 0, span, 1), 0)
    t = 1 - t if near_is_bright else torch.where(span > 0, t, 1)
    return torch.where(m, t, 0)


def draw_points(
    image: Tensor,
    points_px: Tensor,
    radius: float = 2.0,
    color: Sequence[float] | Tensor = (1.0, 1.0, 1.0),
    *,
    visible: Tensor | None = None,
) -> Tensor:
    """Draw filled discs at ``points_px`` onto a copy of ``image`` (B, H, W, C) or (H, W, C).

    ``points_px`` (B, N, 2) or (N, 2) are continuous pixel coordinates (u right, v down) in the
    rasterizer's convention (pixel (i, j) spans [j, j+1) x [i, i+1)); a pixel is painted when its centre is
    within ``radius`` of the point, and the pixel containing the point always is. ``color`` is (C,), (N, C)
    or (B, N, C); where discs overlap the later point wins. ``visible`` (B, N) or (N,) bool skips points.
    """
    squeeze = image.dim() == 3
    img = image.unsqueeze(0) if squeeze else image
    B, H, W, C = img.shape
    pts = points_px.to(device=img.device, dtype=torch.float32)
    pts = pts.expand(B, *pts.shape[-2:]) if pts.dim() == 2 or pts.shape[0] == 1 else pts
    N = pts.shape[1]
    col = torch.as_tensor(color, dtype=img.dtype, device=img.device)
    col = col.expand(B, N, C).reshape(B * N, C)
    out = img.clone(memory_format=torch.contiguous_format)
    if N == 0:
        return out[0] if squeeze else out

    r = max(float(radius), 0.0)
    R = math.ceil(r) + 1
    off = torch.arange(-R, R + 1, device=img.device)
    oy, ox = torch.meshgrid(off, off, indexing="ij")
    off = torch.stack((ox.reshape(-1), oy.reshape(-1)), -1)  # (S, 2) as (x, y)
    cell = torch.floor(pts).long()  # (B, N, 2)
    pix = cell.unsqueeze(2) + off  # (B, N, S, 2)
    d2 = ((pix.float() + 0.5 - pts.unsqueeze(2)) ** 2).sum(-1)
    ok = (d2 <= r * r) | (off == 0).all(-1)
    ok &= (pix[..., 0] >= 0) & (pix[..., 0] < W) & (pix[..., 1] >= 0) & (pix[..., 1] < H)
    ok &= torch.isfinite(pts).all(-1, keepdim=True)
    if visible is not None:
        ok &= visible.to(img.device).expand(B, N).unsqueeze(-1)
    b = torch.arange(B, device=img.device).view(B, 1, 1)
    lin = (b * H + pix[..., 1]) * W + pix[..., 0]
    owner = (b * N + torch.arange(N, device=img.device).view(1, N, 1)).expand_as(lin)
    lin, owner = lin[ok], owner[ok]
    # Deterministic overlap rule on any device: the highest point index claims the pixel.
    win = torch.full((B * H * W,), -1, dtype=torch.long, device=img.device)
    win.scatter_reduce_(0, lin, owner, reduce="amax")
    hit = torch.nonzero(win >= 0).squeeze(1)
    flat = out.view(B * H * W, C)
    flat[hit] = col[win[hit]]
    return out[0] if squeeze else out
