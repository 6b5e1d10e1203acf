"""Z-buffered triangle rasterizer in plain PyTorch (same code on CPU and CUDA).

Conventions
-----------
* Camera space is OpenCV: x right, y down, z forward (points in front of the camera have z > 0), metres.
  ``to_camera`` maps world (the head's FLAME frame) to camera space with ``X_cam = R @ X_world + t``.
* ``K`` is a pinhole matrix ``[[fx, s, cx], [0, fy, cy], [0, 0, 1]]`` mapping camera points to continuous
  image coordinates ``(u, v)`` whose origin is the top-left corner of the image. Pixel ``(row i, col j)``
  covers ``[j, j+1) x [i, i+1)`` and is sampled at its centre ``(j + 0.5, i + 0.5)``; a principal point at
  the image centre is therefore ``cx = W / 2``. (A K calibrated with OpenCV, whose pixel centres sit on
  integers, needs ``cx += 0.5, cy += 0.5`` to land on the same pixels.)
* Front faces: the normal ``(v1 - v0) x (v2 - v0)`` points toward the camera, i.e. the vertices appear
  counter-clockwise in the image as seen by a viewer. ``cull_backfaces=True`` drops the others.
* Coverage: a pixel is covered when its centre lies inside or exactly on the triangle. Edge functions are
  evaluated so that an edge shared by two triangles gives exactly negated values in both, so meshes
  rasterize without cracks; centres exactly on a shared edge go to the nearer face.
* Depth resolve: smallest camera z wins; exact depth ties go to the lowest face index. Results are
  deterministic and identical on CPU and CUDA up to float rounding of the per-vertex transforms.
* Near plane: triangles crossing ``z = near`` are clipped exactly, per pixel: only the part with
  ``z >= near`` is drawn (rasterization uses 2D-homogeneous edge functions, which stay valid for vertices
  behind the camera). Triangles entirely in front of ``near`` are not clipped elsewhere (no far plane).
* ``Fragments.depth`` is camera z of the visible surface, and **0 where empty**; ``bary`` holds
  perspective-correct barycentrics (the 3D barycentric coordinates of the visible point, summing to 1),
  zeros where empty; ``face_idx`` is -1 where empty.
* Gradients: ``bary`` and ``depth`` are differentiable with respect to ``verts_cam`` and ``K`` (for fixed
  coverage, as in a hard rasterizer; no silhouette gradients), and ``interpolate`` with respect to ``attr``.

Algorithm: per triangle (float64) the edge functions ``e_i(u, v) = a_i u + b_i v + c_i`` of the
homogeneous vertices ``K v`` and the pixel bounding box of the near-clipped triangle; per (triangle, pixel
row) the covered x-span, widened by a bound on float32 rounding; per candidate pixel (float32, in chunks
sized from ``memory_budget``) the inside test and ``1/z``, which is linear in screen space. Candidates are
reduced into a per-pixel int64 z-buffer with ``scatter_reduce(amin)`` over keys
``(bits(+inf) - bits(1/z)) << 32 | face``: bit patterns of positive floats sort like the floats, so the
smallest key is the nearest surface and, on exact ties, the lowest face. The winners' barycentrics and
depth are then recomputed with edge functions taken relative to each triangle's box corner (accurate in
float32, differentiable). Memory: 8 bytes per output pixel for the z-buffer plus the outputs (~25 bytes
per pixel) on top of the chunk budget.
"""

from __future__ import annotations

from typing import NamedTuple

import torch
from torch import Tensor

__all__ = ["Fragments", "rasterize", "interpolate", "interpolate_at", "to_camera", "project"]

_EMPTY = torch.iinfo(torch.int64).max
_DEFAULT_BUDGET = 32 << 20
# Rough bytes of live temporaries per candidate pixel and per (triangle, row) item in the inner loops.
_BYTES_PER_CANDIDATE = 128
_BYTES_PER_ROW = 256


class Fragments(NamedTuple):
    face_idx: Tensor  # (B, H, W) long, -1 where empty
    bary: Tensor  # (B, H, W, 3) perspective-correct barycentrics, 0 where empty
    depth: Tensor  # (B, H, W) camera z, 0 where empty
    mask: Tensor  # (B, H, W) bool


def to_camera(verts_world: Tensor, R: Tensor, t: Tensor) -> Tensor:
    """World (B, V, 3) -> OpenCV camera space with X_cam = R X_world + t; R (B, 3, 3), t (B, 3)."""
    return verts_world @ R.transpose(-1, -2) + t.unsqueeze(-2)


def project(verts_cam: Tensor, K: Tensor) -> Tensor:
    """Camera points (B, V, 3) -> continuous pixel coordinates (B, V, 2) (u right, v down)."""
    h = verts_cam @ K.transpose(-1, -2)
    return h[..., :2] / h[..., 2:3]


def _cross(a: Tensor, b: Tensor) -> Tensor:
    # Separate multiplies and one subtraction, never a fused multiply-add: cross(b, a) must be exactly
    # -cross(a, b) so that shared edges give exactly negated edge functions (watertight coverage).
    ax, ay, az = a.unbind(-1)
    bx, by, bz = b.unbind(-1)
    return torch.stack((ay * bz - az * by, az * bx - ax * bz, ax * by - ay * bx), dim=-1)


def _bounding_boxes(
    verts_cam: Tensor, homogeneous: Tensor, faces: Tensor, K: Tensor, near: float, height: int, width: int,
) -> Tensor:
    """Pixel bounding boxes (B, F, 4) = x0, y0, x1, y1 (inclusive) of the near-clipped triangles; float64
    ``verts_cam`` (B, V, 3), their ``homogeneous`` image points ``K v`` and ``K``."""
    if bool((verts_cam[..., 2] >= near).all()):
        # Nothing to clip (the usual case): each vertex projected once instead of each triangle's corners.
        uv = (homogeneous[..., :2] / homogeneous[..., 2:])[:, faces]  # (B, F, 3, 2)
        return _pixel_span(uv.amin(dim=-2), uv.amax(dim=-2), height, width)
    tri_cam = verts_cam[:, faces]
    z = tri_cam[..., 2]
    nxt = tri_cam.roll(-1, dims=-2)
    z_nxt = nxt[..., 2]
    front = z >= near
    crossing = front != (z_nxt >= near)
    s = (near - z) / torch.where(crossing, z_nxt - z, torch.ones_like(z))
    on_plane = tri_cam + s.unsqueeze(-1) * (nxt - tri_cam)
    pts = torch.cat((tri_cam, on_plane), dim=-2)  # (B, F, 6, 3)
    valid = torch.cat((front, crossing), dim=-1)
    h = pts @ K.transpose(-1, -2).unsqueeze(1)
    uv = h[..., :2] / torch.where(valid, h[..., 2], torch.ones_like(h[..., 2])).unsqueeze(-1)
    inf = torch.tensor(float("inf"), dtype=uv.dtype, device=uv.device)
    lo = torch.where(valid.unsqueeze(-1), uv, inf).amin(dim=-2)
    hi = torch.where(valid.unsqueeze(-1), uv, -inf).amax(dim=-2)
    return _pixel_span(lo, hi, height, width)


def _pixel_span(lo: Tensor, hi: Tensor, height: int, width: int) -> Tensor:
    """Boxes (..., 4) of the pixels whose centres lie in [lo, hi] (..., 2), clamped to the image."""
    # Pixels whose centre c + 0.5 lies in [lo, hi], with a margin for float32 rounding in the inside test.
    margin = 1e-2
    size = torch.tensor([width, height], dtype=lo.dtype, device=lo.device)
    first = torch.ceil(lo - 0.5 - margin).clamp(min=0).minimum(size)
    last = torch.floor(hi - 0.5 + margin).clamp(max=size - 1).maximum(first.new_tensor(-1.0))
    return torch.cat((first, last), dim=-1).long()


def _edge_setup(homogeneous: Tensor, faces: Tensor) -> tuple[Tensor, Tensor]:
    """Edge-function coefficients (B, F, 3 edges, 3 = a, b, c) and det of the homogeneous vertex matrix, from
    the float64 image points ``K v`` (B, V, 3) = (u z, v z, z)."""
    tri = homogeneous[:, faces]  # (B, F, 3, 3)
    # Edge i is opposite vertex i: e_i(p) = (h_j x h_k) . p, p = (u, v, 1), (j, k) = (i + 1, i + 2).
    coef = _cross(tri[:, :, [1, 2, 0]], tri[:, :, [2, 0, 1]])
    det = (tri[:, :, 0] * coef[:, :, 0]).sum(-1)
    return coef, det


def _runs(cum: Tensor, budget: int) -> list[tuple[int, int, int]]:
    """Greedy split of items with inclusive cumulative sizes ``cum`` into runs of total size <= budget
    (a single larger item forms its own run). Returns (start, stop, total size)."""
    cum = cum.cpu()
    out: list[tuple[int, int, int]] = []
    n, start, base = cum.numel(), 0, 0
    while start < n:
        stop = max(int(torch.searchsorted(cum, base + budget, right=True)), start + 1)
        end = int(cum[stop - 1])
        out.append((start, stop, end - base))
        start, base = stop, end
    return out


def rasterize(
    verts_cam: Tensor,
    faces: Tensor,
    K: Tensor,
    height: int,
    width: int,
    near: float = 1e-3,
    cull_backfaces: bool = False,
    *,
    memory_budget: int = _DEFAULT_BUDGET,
) -> Fragments:
    """Rasterize triangles ``faces`` (F, 3) of camera-space meshes ``verts_cam`` (B, V, 3) through ``K``.

    ``K`` is (B, 3, 3) or (3, 3), last row (0, 0, 1). Returns ``Fragments`` of (B, height, width) images:
    ``face_idx`` (-1 empty), ``bary`` (..., 3), ``depth`` (camera z, 0 empty), ``mask``; float outputs have
    the dtype of ``verts_cam`` (at least float32). ``memory_budget`` (bytes) bounds the temporaries of the
    inner loops. See the module docstring for conventions.
    """
    if verts_cam.dim() != 3 or verts_cam.shape[-1] != 3:
        raise ValueError(f"verts_cam must be (B, V, 3), got {tuple(verts_cam.shape)}")
    if faces.dim() != 2 or faces.shape[-1] != 3:
        raise ValueError(f"faces must be (F, 3), got {tuple(faces.shape)}")
    if near <= 0:
        raise ValueError("near must be > 0")
    B, device = verts_cam.shape[0], verts_cam.device
    F, H, W = faces.shape[0], int(height), int(width)
    faces = faces.to(device=device, dtype=torch.long)
    K = K.to(device=device, dtype=verts_cam.dtype if verts_cam.dtype.is_floating_point else None).expand(B, 3, 3)
    cand_budget = max(W, memory_budget // _BYTES_PER_CANDIDATE)

    homogeneous = verts_cam.double() @ K.double().transpose(-1, -2)
    coef, det = _edge_setup(homogeneous, faces)
    zbuf = torch.full((B * H * W,), _EMPTY, dtype=torch.long, device=device)
    with torch.no_grad():
        cd, dd = coef.detach().reshape(B * F, 3, 3), det.detach().reshape(B * F)
        box = _bounding_boxes(verts_cam.detach().double(), homogeneous.detach(), faces, K.detach().double(),
                              near, H, W)
        box = box.reshape(B * F, 4)
        keep = (dd < 0 if cull_backfaces else dd != 0) & torch.isfinite(dd) & (box[:, 2] >= box[:, 0])
        nrows = torch.where(keep, box[:, 3] - box[:, 1] + 1, 0).clamp(min=0)
        # Flip edges so that "inside" is e_i >= 0 for either orientation (negation is exact).
        cn = cd * torch.sign(dd)[:, None, None]
        tables = (
            cn[..., 0].float(),  # a_i
            cn[..., 1].contiguous(),  # b_i (float64 until the per-row constant is formed)
            cn[..., 2].contiguous(),  # c_i
            cn.sum(1) / dd.abs()[:, None],  # 1/z = A u + B v + C
        )
        tris = torch.nonzero(nrows).squeeze(1)
        nr = nrows[tris]
        row_budget = max(H, memory_budget // _BYTES_PER_ROW)
        for t0, t1, n_rows in _runs(torch.cumsum(nr, 0), row_budget):
            _raster_rows(tris[t0:t1], nr[t0:t1], n_rows, box, tables, near, F, H, W, cand_budget, zbuf)
    return _resolve(zbuf, coef, box, verts_cam, faces, B, H, W, cand_budget)


def _raster_rows(
    tris: Tensor, nr: Tensor, n_rows: int, box: Tensor, tables: tuple[Tensor, ...], near: float,
    F: int, H: int, W: int, cand_budget: int, zbuf: Tensor,
) -> None:
    """Rasterize the (triangle, pixel row) items of triangles ``tris`` into ``zbuf``."""
    device = tris.device
    a_t, b_t, c_t, iz_t = tables
    row_tri = torch.repeat_interleave(tris, nr, output_size=n_rows)
    first = torch.repeat_interleave(torch.cumsum(nr, 0) - nr, nr, output_size=n_rows)
    rbox = box.index_select(0, row_tri)
    y = rbox[:, 1] + torch.arange(n_rows, device=device) - first
    yc = y.double() + 0.5
    a = a_t.index_select(0, row_tri)
    k = b_t.index_select(0, row_tri) * yc[:, None]
    k = (k + c_t.index_select(0, row_tri)).float()  # separate ops: exactly antisymmetric across shared edges
    iz = iz_t.index_select(0, row_tri)
    iz_k = (iz[:, 1] * yc + iz[:, 2]).float()
    # x-span where every edge function, evaluated in float32 below, could be >= 0: eps bounds the float32
    # rounding of a * u + k, so the span holds every pixel the exact test accepts.
    eps = 4e-6 * (a.abs() * (W + 1) + k.abs())
    bound = (-k - eps) / torch.where(a == 0, torch.ones_like(a), a)
    inf = torch.tensor(float("inf"), device=device)
    xl = torch.where(a > 0, bound, -inf).amax(1)
    xr = torch.where(a < 0, bound, inf).amin(1)
    ok = ((a != 0) | (k + eps >= 0)).all(1)
    x0, x1 = rbox[:, 0].float(), rbox[:, 2].float()
    lo = torch.ceil(xl - 0.5).clamp(min=x0, max=x1 + 1)
    hi = torch.floor(xr - 0.5).clamp(min=x0 - 1, max=x1)
    span = torch.where(ok, hi - lo + 1, 0).clamp(min=0).long()

    sel = torch.nonzero(span).squeeze(1)
    span, lo = span[sel], lo[sel].long()
    row_tri, y = row_tri[sel], y[sel]
    a, k, iz_a, iz_k = a[sel], k[sel], iz[sel, 0].float(), iz_k[sel]
    b = torch.div(row_tri, F, rounding_mode="floor")
    face = row_tri - b * F
    pixbase = b * (H * W) + y * W
    cum = torch.cumsum(span, 0)
    inv_near = 1.0 / near
    for r0, r1, n in _runs(cum, cand_budget):
        sp = span[r0:r1]
        item = torch.repeat_interleave(torch.arange(r1 - r0, device=device), sp, output_size=n)
        x = torch.arange(n, device=device) + (lo[r0:r1] - (torch.cumsum(sp, 0) - sp)).index_select(0, item)
        xc = x.float() + 0.5
        # a u + k with or without a fused multiply-add is exactly antisymmetric in (a, k): no cracks.
        e = torch.addcmul(k[r0:r1].index_select(0, item), a[r0:r1].index_select(0, item), xc.unsqueeze(1))
        inv_z = torch.addcmul(iz_k[r0:r1].index_select(0, item), iz_a[r0:r1].index_select(0, item), xc)
        inside = (e.amin(1) >= 0) & (inv_z > 0) & (inv_z <= inv_near)
        # Nearest = largest 1/z = smallest (bits of +inf - bits of 1/z); positive float bits sort as floats.
        key = ((0x7F800000 - inv_z.view(torch.int32)).long() << 32) | face[r0:r1].index_select(0, item)
        key = torch.where(inside, key, _EMPTY)
        zbuf.scatter_reduce_(0, pixbase[r0:r1].index_select(0, item) + x, key, reduce="amin")


def _resolve(
    zbuf: Tensor, coef: Tensor, box: Tensor, verts_cam: Tensor, faces: Tensor, B: int, H: int, W: int,
    chunk: int,
) -> Fragments:
    """Barycentrics and depth of the winning faces (differentiable w.r.t. verts_cam through ``coef``)."""
    device, HW, F = zbuf.device, H * W, faces.shape[0]
    dtype = torch.promote_types(verts_cam.dtype, torch.float32)
    mask = zbuf != _EMPTY
    idx = torch.nonzero(mask).squeeze(1)
    face = zbuf.index_select(0, idx) & 0xFFFFFFFF
    # Edge functions relative to each triangle's integer box corner keep float32 accurate:
    # e = a (x - x0) + b (y - y0) + c', with c' = c + a (x0 + 0.5) + b (y0 + 0.5), scaled to unit size.
    coef = coef.reshape(B * F, 3, 3)
    corner = box[:, :2].to(coef.dtype).clamp(max=max(H, W))
    c_rel = coef[..., 2] + coef[..., 0] * (corner[:, :1] + 0.5) + coef[..., 1] * (corner[:, 1:] + 0.5)
    rel = torch.stack((coef[..., 0], coef[..., 1], c_rel), 1)  # (BF, 3 = a b c', 3 edges)
    rel = rel / rel.detach().abs().amax((1, 2), keepdim=True).clamp(min=1e-300)
    a_t, b_t, c_t = (r.to(dtype).contiguous() for r in rel.unbind(1))
    z_t = verts_cam[..., 2].to(dtype)[:, faces].reshape(B * F, 3)
    corner = corner.to(dtype)
    # Fresh output buffers written in place per chunk (out-of-place writes would clone full-size images).
    bary = torch.zeros(B * HW, 3, dtype=dtype, device=device)
    depth = torch.zeros(B * HW, dtype=dtype, device=device)
    for s in range(0, idx.numel(), chunk):
        i = idx[s : s + chunk]
        b = torch.div(i, HW, rounding_mode="floor")
        p = i - b * HW
        py = torch.div(p, W, rounding_mode="floor")
        tri = b * F + face[s : s + chunk]
        cor = corner.index_select(0, tri)
        dx = ((p - py * W).to(dtype) - cor[:, 0]).unsqueeze(1)
        dy = (py.to(dtype) - cor[:, 1]).unsqueeze(1)
        e = torch.addcmul(c_t.index_select(0, tri), a_t.index_select(0, tri), dx)
        e = torch.addcmul(e, b_t.index_select(0, tri), dy)
        lam = (e / e.sum(1, keepdim=True)).clamp(min=0)
        lam = lam / lam.sum(1, keepdim=True)
        bary.index_copy_(0, i, lam)
        depth.index_copy_(0, i, (lam * z_t.index_select(0, tri)).sum(1))
    face_idx = torch.full((B * HW,), -1, dtype=torch.long, device=device).index_copy_(0, idx, face)
    return Fragments(face_idx.view(B, H, W), bary.view(B, H, W, 3), depth.view(B, H, W), mask.view(B, H, W))


def interpolate(
    attr: Tensor, fragments: Fragments, faces: Tensor, per_corner: bool | None = None
) -> Tensor:
    """Barycentric interpolation of attributes into (B, H, W, C), zeros where empty.

    ``attr`` is per vertex, (B, V, C) or (V, C), or per face corner, (F, 3, C) or (B, F, 3, C) (for UVs
    with seams). A 3-dim ``attr`` is read as per-corner when its shape starts with (F, 3) and F != B;
    pass ``per_corner`` to decide explicitly.
    """
    B, H, W = fragments.face_idx.shape
    idx = torch.nonzero(fragments.mask.reshape(-1)).squeeze(1)
    out = interpolate_at(attr, fragments, faces, idx, per_corner)
    C = attr.shape[-1]
    return torch.zeros(B * H * W, C, dtype=out.dtype, device=attr.device).index_copy_(0, idx, out).view(B, H, W, C)


def interpolate_at(
    attr: Tensor, fragments: Fragments, faces: Tensor, pixels: Tensor, per_corner: bool | None = None
) -> Tensor:
    """``interpolate`` at covered pixels only: (N, C) values at the flat indices ``pixels`` (N,) into
    (B * H * W) — for callers that need a few pixels of a large frame."""
    face_idx, bary = fragments.face_idx, fragments.bary
    B, H, W = face_idx.shape
    faces = faces.to(device=attr.device, dtype=torch.long)
    F = faces.shape[0]
    if per_corner is None:
        per_corner = attr.dim() == 4 or (attr.dim() == 3 and attr.shape[:2] == (F, 3) and F != B)
    f = face_idx.reshape(-1)[pixels]
    b = torch.div(pixels, H * W, rounding_mode="floor")
    if per_corner:
        vals = attr[f] if attr.dim() == 3 else attr.expand(B, *attr.shape[1:])[b, f]
    else:
        v = faces[f]
        vals = attr[v] if attr.dim() == 2 else attr.expand(B, *attr.shape[1:])[b[:, None], v]
    dtype = torch.promote_types(attr.dtype, bary.dtype)
    w = bary.reshape(-1, 3)[pixels].to(dtype)
    return (w.unsqueeze(-1) * vals.to(dtype)).sum(1)
