"""The torso proxy: the photo's body below the chin, inflated into a closed, rounded solid.

The person's silhouette below the chin (shoulders, chest, arms, the neck's column less what the head model's
turning neck covers, hair hanging over the shoulders) is laid on a vertical plane through the head model's
neck root, facing the camera, and inflated front and back by sqrt(2 phi), phi solving -laplace(phi) = 1 inside
the outline (a half circle across a long strip, smooth everywhere), scaled by `depth_ratio` (a torso is
shallower than wide). Seen from the fitted camera its outline is the photo's; from the side it is a plausible
rounded body. Where the photo's frame cuts the body the proxy is cut too (the bust ends where the photo does).

Texture, at the photo's own resolution: the front is the photo itself where it sees the front frankly; the
flanks (seen at a grazing angle) keep the photo's blurred colours with detail from their own region
(clothing from clothing, hair from hair, skin from skin), laid out on the surface so that a flank seen from
the side gets detail the size it has on the front; the back takes each region's typical front colour, starting
from the front's own colours where the two meet on the outline (no seam of another colour down the flank).
"""

from __future__ import annotations

import dataclasses

import cv2
import numpy as np
from scipy import ndimage
from scipy.spatial import Delaunay

from backend.portrait import CLOTHING, FACE, HAIR, NECK, PortraitAnalysis
from protocols.views import CameraView

from .bust import SOFT_CLOTHING, SOFT_HAIR, SOFT_SKIN
from .fill import DetailLayout, person_low_pass, push_pull, ramp, region_fill


@dataclasses.dataclass(frozen=True)
class TorsoConfig:
    depth_ratio: float = 0.55  # depth of the torso over its width
    sheet_vertices: int = 900  # about this many vertices per side (front, back)
    texture_side: int = 1024  # at most this longer side of each half (front, back) of the torso texture; the
    # photo's own resolution below it (a texel per photo pixel: the fitted view gets the photo back unblurred)
    min_area: float = 0.02  # a silhouette below the chin smaller than this share of the photo: no torso
    grazing_lo: float = 0.15  # cos(view, normal) below which the photo is not trusted on the front
    grazing_hi: float = 0.4
    fill_patch: int = 16
    low_pass: float = 0.004  # blur of the photo's colours kept on grazing texels, x the photo's longer side
    back_typical: float = 0.6  # share of each region's median front colour in the back's colour field


@dataclasses.dataclass
class TorsoMesh:
    """FLAME rest frame (the torso stays put while the head turns). UVs per face corner in [0, 1] of
    `texture`: the front in the left half, the back in the right half."""

    vertices: np.ndarray  # (N, 3) float32
    faces: np.ndarray  # (M, 3) int64
    uv: np.ndarray  # (M, 3, 2) float32, v up (row 0 of the texture at v = 1)
    texture: np.ndarray  # (Ht, Wt, 3) float32 in [0, 1]
    regions: np.ndarray  # (Ht, Wt) int8 SOFT_* per texel


def body_silhouette(analysis: PortraitAnalysis, chin_y: float, keep_out: np.ndarray | None = None) -> np.ndarray:
    """The person below the chin and the clothing above it (a collar, a raised shoulder), smoothed, less
    `keep_out` (pixels the head's own neck covers), largest piece only."""
    h, w = analysis.matte.shape
    body = analysis.matte.copy()
    above = np.arange(h)[:, None] < chin_y
    body[above & (analysis.labels != CLOTHING)] = 0
    body = cv2.GaussianBlur(body, (0, 0), max(1.0, 0.004 * max(h, w))) > 0.5
    if keep_out is not None:
        body &= ~keep_out
    lab, n = ndimage.label(body)
    if n == 0:
        return body
    sizes = ndimage.sum(body, lab, range(1, n + 1))
    return lab == (1 + int(np.argmax(sizes)))


def inflation(mask: np.ndarray, work_side: int = 160) -> np.ndarray:
    """(H, W) height in pixels of the round inflation of `mask`: sqrt(2 phi) with phi solving the Poisson
    equation -laplace(phi) = 1 inside, 0 on the outline. Across a long strip that is exactly a half circle
    (phi = (R^2 - x^2) / 2), and it is smooth everywhere (a height from the distance to the medial axis creases
    along the lines where the nearest axis point jumps, and the creases show as seams in texture and shape).
    The image's bottom border is not outline (the body goes on below the frame); the top and sides close, so
    the proxy stays a closed solid from every side. Solved on a grid of about `work_side` pixels."""
    h, w = mask.shape
    pad = max(8, h // 4)
    padded = np.pad(mask, ((0, pad), (0, 0)), mode="edge")
    padded = np.pad(padded, ((1, 0), (1, 1)))  # the top and the sides are outline
    H, W = padded.shape
    s = min(1.0, work_side / max(H, W))
    small = cv2.resize(padded.astype(np.float32), (max(4, round(W * s)), max(4, round(H * s))),
                       interpolation=cv2.INTER_AREA) > 0.5
    small[0], small[:, 0], small[:, -1] = False, False, False
    sy, sx = small.shape[0] / H, small.shape[1] / W
    phi = cv2.resize(_poisson_unit(small), (W, H), interpolation=cv2.INTER_LINEAR) / (sy * sx)
    height = np.sqrt(2 * np.clip(phi, 0, None)) * padded
    return height[1:h + 1, 1:w + 1].astype(np.float32)


def _poisson_unit(mask: np.ndarray) -> np.ndarray:
    """phi with -laplace(phi) = 1 on `mask`'s pixels, 0 on its other pixels, no flux through the array's border."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.linalg import spsolve

    H, W = mask.shape
    ys, xs = np.nonzero(mask)
    n = len(ys)
    out = np.zeros((H, W), np.float32)
    if n == 0:
        return out
    index = np.full((H, W), -1, np.int64)
    index[ys, xs] = np.arange(n)
    diag = np.zeros(n)
    rows, cols = [], []
    for dy, dx in ((0, 1), (0, -1), (1, 0), (-1, 0)):
        ny, nx = ys + dy, xs + dx
        inside = (ny >= 0) & (ny < H) & (nx >= 0) & (nx < W)
        diag += inside
        nb = np.full(n, -1, np.int64)
        nb[inside] = index[ny[inside], nx[inside]]
        keep = nb >= 0
        rows.append(np.flatnonzero(keep))
        cols.append(nb[keep])
    r, c = np.concatenate(rows), np.concatenate(cols)
    A = coo_matrix((np.concatenate([diag, -np.ones(len(r))]), (np.concatenate([np.arange(n), r]),
                                                               np.concatenate([np.arange(n), c]))), (n, n))
    out[ys, xs] = spsolve(A.tocsc(), np.ones(n))
    return out


def _sheet_points(mask: np.ndarray, step: float) -> tuple[np.ndarray, int]:
    """(N, 2) pixel points: the outline every `step` / 3 pixels (the first n_outline; chords of a coarser
    polygon would cut the silhouette's curves inward) and a grid every `step` pixels inside."""
    contours, _ = cv2.findContours(mask.astype(np.uint8), cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_NONE)
    contour = max(contours, key=len)[:, 0, :].astype(np.float64)
    seg = np.linalg.norm(np.diff(contour, axis=0, append=contour[:1]), axis=1)
    arc = np.concatenate([[0], np.cumsum(seg)[:-1]])
    picks = np.searchsorted(arc, np.arange(0, arc[-1], step / 3))
    outline = contour[np.unique(picks)]
    dt = cv2.distanceTransform(mask.astype(np.uint8), cv2.DIST_L2, 5)
    gy, gx = np.mgrid[step / 2:mask.shape[0]:step, step / 2:mask.shape[1]:step]
    gy, gx = gy.ravel(), gx.ravel()
    keep = dt[gy.astype(int), gx.astype(int)] > 0.5 * step
    return np.concatenate([outline, np.stack([gx[keep], gy[keep]], 1)]), len(outline)


def _back_project(camera: CameraView, px: np.ndarray, origin: np.ndarray, normal: np.ndarray) -> np.ndarray:
    """Pixels (N, 2) -> points (N, 3) on the plane through `origin` with `normal` (FLAME frame)."""
    rays = np.linalg.solve(camera.K, np.concatenate([px, np.ones((len(px), 1))], 1).T).T
    rays_w = rays @ camera.R  # R^T d
    centre = camera.center
    s = ((origin - centre) @ normal) / (rays_w @ normal)
    return centre + s[:, None] * rays_w


def _soft_labels(analysis: PortraitAnalysis) -> np.ndarray:
    """Photo pixels as SOFT_* region ids, each pixel off the person taking its nearest person pixel's."""
    soft = np.full(analysis.labels.shape, -1, np.int64)
    soft[analysis.labels == HAIR] = SOFT_HAIR
    soft[(analysis.labels == FACE) | (analysis.labels == NECK)] = SOFT_SKIN
    soft[analysis.labels == CLOTHING] = SOFT_CLOTHING
    soft[analysis.matte <= 0.5] = -1
    if (soft >= 0).any():
        _, (iy, ix) = ndimage.distance_transform_edt(soft < 0, return_indices=True)
        soft = soft[iy, ix]
    else:
        soft[:] = SOFT_CLOTHING
    return soft


def surface_coordinates(height: np.ndarray, max_stretch: float = 6.0) -> tuple[np.ndarray, np.ndarray]:
    """(x, y) (H, W) each: where each texel of a height field seen from the front (heights in texels) lies
    on its surface, measured along the rows and columns from the field's middle (arc length, each texel's
    step stretched by sqrt(1 + slope^2), at most `max_stretch` where the surface turns edge-on)."""
    gy, gx = np.gradient(height.astype(np.float64))
    ax = np.minimum(np.sqrt(1.0 + gx ** 2), max_stretch)
    ay = np.minimum(np.sqrt(1.0 + gy ** 2), max_stretch)
    h, w = height.shape
    cx, cy = w // 2, h // 2
    x = np.cumsum(ax, 1)
    x = x - x[:, cx:cx + 1] + cx
    y = np.cumsum(ay, 0)
    y = y - y[cy:cy + 1, :] + cy
    return x.astype(np.float32), y.astype(np.float32)


def back_seen(vertices: np.ndarray, faces: np.ndarray, uv: np.ndarray, n_front_faces: int, camera: CameraView
              ) -> tuple[np.ndarray, np.ndarray]:
    """Where the photo's own camera sees the proxy's back sheet (a sliver along a concave stretch of the
    outline, where the front is edge-on): those photo pixels (N, 2) as x, y and the back's UVs there (N, 2)."""
    import torch

    from backend.render import interpolate, rasterize, to_camera
    from backend.render.views import view_tensors

    K, R, t = view_tensors(camera)
    cam = to_camera(torch.tensor(vertices, dtype=torch.float32)[None], R, t)
    f = torch.tensor(faces, dtype=torch.long)
    frags = rasterize(cam, f, K, camera.height, camera.width, cull_backfaces=True)
    back = (frags.face_idx[0] >= n_front_faces).numpy()
    if not back.any():
        return np.zeros((0, 2), np.int64), np.zeros((0, 2), np.float32)
    at = interpolate(torch.tensor(uv[faces] if uv.ndim == 2 else uv, dtype=torch.float32), frags, f,
                     per_corner=True)[0].numpy()
    ys, xs = np.nonzero(back)
    return np.stack([xs, ys], 1), at[ys, xs]


def build_torso(photo: np.ndarray, analysis: PortraitAnalysis, camera: CameraView, chin_y: float,
                neck_root: np.ndarray, config: TorsoConfig = TorsoConfig(),
                keep_out: np.ndarray | None = None) -> TorsoMesh | None:
    """The torso proxy of an RGB uint8 photo seen by `camera` (FLAME frame, head at rest), or None when
    the photo shows too little below the chin (a close crop of the face)."""
    h, w = analysis.matte.shape
    mask = body_silhouette(analysis, chin_y, keep_out)
    if mask.sum() < config.min_area * h * w:
        return None
    height_px = inflation(mask)
    step = max(2.0, float(np.sqrt(mask.sum() / config.sheet_vertices)))
    pts, n_outline = _sheet_points(mask, step)
    tri = Delaunay(pts)
    simplices = tri.simplices
    centroid = pts[simplices].mean(1)
    c = np.clip(np.round(centroid).astype(int), 0, [w - 1, h - 1])
    simplices = simplices[mask[c[:, 1], c[:, 0]]]

    normal = camera.center - neck_root
    normal[1] = 0.0
    normal /= np.linalg.norm(normal)
    base = _back_project(camera, pts, neck_root, normal)
    depth = (base @ camera.R.T + camera.t)[:, 2]
    pi = np.clip(np.round(pts).astype(int), 0, [w - 1, h - 1])
    lift = height_px[pi[:, 1], pi[:, 0]] * depth / camera.K[0, 0] * config.depth_ratio
    # Front and back meet on the outline, except where the photo's bottom edge cuts the body.
    lift[:n_outline][pts[:n_outline, 1] < h - 1.5] = 0.0
    front = base + lift[:, None] * normal
    back = base - lift[:, None] * normal
    n = len(pts)
    vertices = np.concatenate([front, back]).astype(np.float32)
    # Front triangles face the camera, back triangles face away.
    e = np.cross(front[simplices[:, 1]] - front[simplices[:, 0]], front[simplices[:, 2]] - front[simplices[:, 0]])
    flip = (e @ normal) < 0
    front_faces = np.where(flip[:, None], simplices[:, ::-1], simplices)
    faces = np.concatenate([front_faces, front_faces[:, ::-1] + n]).astype(np.int64)

    # Texture: the photo's box around the body, front and back side by side.
    x0, y0 = np.floor(pts.min(0)).astype(int)
    x1, y1 = np.ceil(pts.max(0)).astype(int) + 1
    x0, y0, x1, y1 = max(0, x0), max(0, y0), min(w, x1), min(h, y1)

    # UVs: front vertices where the photo sees them, back vertices at their grid pixel, in their halves.
    proj, _ = camera.project(front.astype(np.float64))

    def to_uv(p: np.ndarray, half: int) -> np.ndarray:
        u = (np.clip((p[:, 0] - x0 + 0.5) / (x1 - x0), 0, 1) + half) * 0.5
        # v is not clipped: where the frame cuts the body, the front's lifted bottom vertices are seen below
        # the frame, and a clipped v would squeeze the texture's last rows over the frame's last pixels (a
        # smear along the bottom edge). Off the texture the sampler repeats its edge, out of the frame.
        v = 1.0 - (p[:, 1] - y0 + 0.5) / (y1 - y0)
        return np.stack([u, v], 1)

    uv_vertex = np.concatenate([to_uv(proj, 0), to_uv(pts, 1)]).astype(np.float32)
    long_side = max(x1 - x0, y1 - y0)
    side = min(config.texture_side, long_side)
    Ht = max(8, int(round(side * (y1 - y0) / long_side)))
    Wt = max(8, int(round(side * (x1 - x0) / long_side)))
    crop = cv2.resize(photo[y0:y1, x0:x1].astype(np.float32) / 255.0, (Wt, Ht), interpolation=cv2.INTER_AREA)
    scale = (y1 - y0) / Ht  # photo pixels per texel
    soft = _soft_labels(analysis)
    regions = cv2.resize(soft[y0:y1, x0:x1].astype(np.uint8), (Wt, Ht), interpolation=cv2.INTER_NEAREST)
    # Trust the front where it faces the camera (the inflation's slope) and inside the matte.
    hgt = cv2.resize(height_px[y0:y1, x0:x1], (Wt, Ht), interpolation=cv2.INTER_AREA) / scale * config.depth_ratio
    gy, gx = np.gradient(hgt)
    cos = 1.0 / np.sqrt(1.0 + gx ** 2 + gy ** 2)
    inside = cv2.resize(analysis.matte[y0:y1, x0:x1], (Wt, Ht), interpolation=cv2.INTER_AREA)
    weight = np.clip((cos - config.grazing_lo) / (config.grazing_hi - config.grazing_lo), 0, 1)
    weight *= np.clip((inside - 0.5) / 0.4, 0, 1)
    weight = weight.astype(np.float32)
    image = photo.astype(np.float32) / 255.0
    soft_full = soft.astype(np.uint8)
    ids = (SOFT_HAIR, SOFT_SKIN, SOFT_CLOTHING)
    # The flanks' texels are seen stretched from the side: their detail is laid out on the surface (as large
    # there as on the front once rendered), down to where the surface turns edge-on to the photo.
    surface = (DetailLayout(*surface_coordinates(hgt)),)
    stretch_gain = ramp(cos, 1.0 / 8, 1.0 / 5)
    # The flanks keep the photo's low frequencies (their shading) wherever the photo saw them at all.
    low = cv2.resize(person_low_pass(image, analysis.matte, max(1.0, config.low_pass * max(h, w)))[y0:y1, x0:x1],
                     (Wt, Ht), interpolation=cv2.INTER_AREA)
    low_weight = ramp(cos, 0.1, 0.3) * ramp(inside, 0.5, 0.9)
    front_tex = region_fill(crop, weight, regions, ids, image, soft_full, scale=scale, patch=config.fill_patch,
                            seed=1, gain=stretch_gain, low=(low, low_weight), layouts=surface)
    # The back: mostly each region's typical front colour (a jacket is one colour all round; what the front
    # carries, a badge, a helmet held in the arm, has no reason to show through), with the front's large-scale
    # shading, and half the region's detail (full detail read as blotches on a surface that large).
    smooth = push_pull(crop, weight)
    field = cv2.GaussianBlur(smooth, (0, 0), 0.08 * Wt)
    typical = field.copy()
    for rid in ids:
        seen = (regions == rid) & (weight > 0.5)
        if seen.sum() > 20:
            typical[regions == rid] = np.median(crop[seen], 0)
    field = config.back_typical * typical + (1 - config.back_typical) * field
    # Where front and back meet on the outline the back starts as the front is there, turning to the typical
    # colour as it turns away: no seam of another colour down the flank seen from the side.
    edge = (1 - ramp(cos, 0.15, 0.5))[..., None]
    field = edge * front_tex + (1 - edge) * field
    # Where the photo's own view sees the back (a sliver on the outline), the back shows the photo.
    back_colour, back_weight = field.copy(), np.zeros_like(weight)
    px, uv_seen = back_seen(vertices, faces, uv_vertex, len(front_faces), camera)
    if len(px):
        col = np.clip(np.round((uv_seen[:, 0] * 2 - 1) * Wt - 0.5), 0, Wt - 1).astype(int)
        row = np.clip(np.round((1 - uv_seen[:, 1]) * Ht - 0.5), 0, Ht - 1).astype(int)
        back_colour[row, col] = image[px[:, 1], px[:, 0]]
        back_weight[row, col] = 1.0
    back_tex = region_fill(back_colour, back_weight, regions, ids, image, soft_full, scale=scale,
                           patch=config.fill_patch, seed=2, field=field, gain=0.5 * stretch_gain, layouts=surface)
    texture = np.concatenate([front_tex, back_tex], 1)
    tex_regions = np.concatenate([regions, regions], 1).astype(np.int8)

    return TorsoMesh(vertices=vertices, faces=faces, uv=uv_vertex[faces], texture=np.clip(texture, 0, 1).astype(
        np.float32), regions=tex_regions)
