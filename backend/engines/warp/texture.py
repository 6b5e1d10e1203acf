"""Lift the reference photo onto the bust head's UV atlas (the head model's own UVs).

In named steps: `atlas_texels` (where each texel lies on the bust head), `photo_lookup` (where it lands
in the photo, whether the photo sees it there and how frankly), `trust` (the photo's weight: not at grazing
angles, not where the photo's texel footprint is squeezed, not near the bust's outline, not outside the
person's matte), `texel_regions` (hair, skin or clothing: the photo's region where trusted, the bust's
smooth region blend elsewhere), `mirror_face` (the other side of the face from its mirror texel),
`fill_unseen` (everything not trusted, from its own region: backend.engines.warp.fill), then the synthetic
eyes (the photo's iris and sclera colours over an eyeball, so turning the eye moves the iris) and mouth
(a dark cavity, teeth toned to the photo, unless the photo shows teeth).
"""

from __future__ import annotations

import dataclasses
import threading

import cv2
import numpy as np
import torch
from scipy.spatial import cKDTree

from backend.cancellation import check_canceled
from backend.fitting.fit import PortraitFit
from backend.render import interpolate, rasterize, to_camera, vertex_normals
from backend.render.views import view_tensors

from .fill import DetailLayout, person_low_pass, push_pull, ramp, region_fill
from flame_assets.head_model import HeadModel

# Face-mesh landmarks of the irises (centre, then 4 ring points) and of the eye openings.
IRISES = ((468, (469, 470, 471, 472)), (473, (474, 475, 476, 477)))
EYE_OPENINGS = ((33, 7, 163, 144, 145, 153, 154, 155, 133, 173, 157, 158, 159, 160, 161, 246),
                (263, 249, 390, 373, 374, 380, 381, 382, 362, 398, 384, 385, 386, 387, 388, 466))

REGION_SKIN, REGION_EYE, REGION_MOUTH, REGION_TEETH = 0, 1, 2, 3
CAVITY = np.array([0.30, 0.10, 0.11])
TEETH = np.array([0.90, 0.87, 0.80])
PUPIL = np.array([0.04, 0.035, 0.03])
IRIS_COS = 0.875  # iris rim at ~29 degrees from the eye's front pole (5.85 mm on a 12 mm eyeball)
PUPIL_COS = 0.975


@dataclasses.dataclass(frozen=True)
class TextureConfig:
    size: int = 1024
    grazing_lo: float = 0.35  # cos(view, normal) below which the photo is not trusted
    grazing_hi: float = 0.8
    footprint_lo: float = 0.45  # surface squeezed to this aspect ratio in the photo: not trusted...
    footprint_hi: float = 0.7  # ... and fully trusted from this one on
    outline_margin: float = 0.15  # photo texels this close to the bust's outline (x interocular) fade out
    fill_patch: int = 24  # texels per side of the fill's detail patches
    skin_detail: float = 0.35  # skin's fill detail relative to the photo's (pores, not features)
    depth_tolerance: float = 0.004  # metres
    low_pass: float = 0.002  # blur of the photo's colours kept on grazing texels, x the photo's longer side
    mirror_weight: float = 0.35


@dataclasses.dataclass
class HeadTexture:
    rgb: np.ndarray  # (T, T, 3) float32 in [0, 1], row 0 at v = 1
    alpha: np.ndarray  # (T, T) opacity (1: the bust is opaque; kept for engines that cut parts out)
    confidence: np.ndarray  # (T, T) how much of each texel the photo showed directly (0..1)
    coverage: np.ndarray  # (T, T) bool texels inside the atlas
    regions: np.ndarray | None = None  # (T, T) int8 SOFT_HAIR / SOFT_SKIN / SOFT_CLOTHING, -1 elsewhere
    photo_xy: np.ndarray | None = None  # (T, T, 2) float32 where each texel lands in the photo (NaN off the atlas)


def face_regions(head: HeadModel) -> np.ndarray:
    """(F,) region label of each triangle, by the majority of its corners."""
    labels = np.full(len(head.f), REGION_SKIN, np.int64)
    for key, label in (("eyes", REGION_EYE), ("mouth_interior", REGION_MOUTH), ("teeth", REGION_TEETH)):
        if key in head.masks:
            labels[head.masks[key][head.f].sum(1) >= 2] = label
    return labels


def uv_fragments(head: HeadModel, size: int):
    """Rasterize the UV atlas: which triangle and barycentrics each texel centre lies in."""
    vt = torch.tensor(head.vt, dtype=torch.float32)
    pts = torch.stack([vt[:, 0] * size, (1.0 - vt[:, 1]) * size, torch.ones(len(vt))], -1)[None]
    ft = torch.tensor(head.ft, dtype=torch.long)
    return rasterize(pts, ft, torch.eye(3)[None], size, size)


def _sample(image: np.ndarray, xy: np.ndarray) -> np.ndarray:
    # remap wants maps under 32767 rows: lay the points out 1024 to a row.
    n = len(xy)
    maps = np.zeros((-(-n // 1024) * 1024, 2), np.float32)
    maps[:n] = xy
    maps = maps.reshape(-1, 1024, 2)
    out = cv2.remap(image, maps[..., 0], maps[..., 1], cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
    return out.reshape(-1, image.shape[2])[:n]


def _disc_colour(image: np.ndarray, centre: np.ndarray, radius: float, mask_out: np.ndarray | None = None):
    h, w = image.shape[:2]
    yy, xx = np.mgrid[0:h, 0:w]
    inside = (xx - centre[0]) ** 2 + (yy - centre[1]) ** 2 <= radius ** 2
    if mask_out is not None:
        inside &= ~mask_out
    return inside


def eye_colours(image: np.ndarray, landmarks: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(iris, sclera) RGB in [0, 1] from the photo's iris discs and eye openings."""
    h, w = image.shape[:2]
    irises, scleras = [], []
    for (centre_i, ring), opening in zip(IRISES, EYE_OPENINGS):
        centre = landmarks[centre_i]
        radius = float(np.linalg.norm(landmarks[list(ring)] - centre, axis=1).mean())
        open_mask = np.zeros((h, w), np.uint8)
        cv2.fillPoly(open_mask, [np.round(landmarks[list(opening)]).astype(np.int32)], 1)
        disc = _disc_colour(image, centre, max(radius, 1.0))
        iris_px = image[disc & (open_mask > 0)]
        sclera_px = image[(open_mask > 0) & ~_disc_colour(image, centre, 1.3 * max(radius, 1.0))]
        if len(iris_px):
            irises.append(np.median(iris_px, 0))
        if len(sclera_px):
            # The brighter half: lashes and lid shadow darken the rest.
            lum = sclera_px.mean(1)
            scleras.append(np.median(sclera_px[lum >= np.median(lum)], 0))
    iris = np.mean(irises, 0) if irises else np.array([0.30, 0.22, 0.16])
    sclera = np.mean(scleras, 0) if scleras else np.array([0.85, 0.82, 0.78])
    sclera = np.clip(sclera * 1.1, 0, 1)
    return iris, sclera


@dataclasses.dataclass
class Texels:
    """The atlas's texels that lie on the head, and where on the bust head (fitted, FLAME frame)."""

    ys: np.ndarray
    xs: np.ndarray
    faces: np.ndarray  # (N,) triangle of each texel
    mesh_region: np.ndarray  # (N,) REGION_SKIN / EYE / MOUTH / TEETH
    points: np.ndarray  # (N, 3) camera frame of the reference photo
    normals: np.ndarray  # (N, 3) camera frame
    rest: np.ndarray  # (N, 3) rest template position (for symmetry and the eyes)
    soft: np.ndarray  # (N, 3) the bust's smooth region weights (hair, skin, clothing)
    coverage: np.ndarray  # (T, T) bool


@dataclasses.dataclass
class PhotoLookup:
    xy: np.ndarray  # (N, 2) photo pixels
    colour: np.ndarray  # (N, 3) the photo's colour there, [0, 1]
    visible: np.ndarray  # (N,) bool: the texel is the surface the photo shows at xy
    facing: np.ndarray  # (N,) cos between the surface normal and the direction to the camera
    footprint: np.ndarray  # (N,) smaller / larger singular value of the surface -> photo pixel map
    outline_px: np.ndarray  # (N,) distance of xy inside the bust's outline, pixels


def atlas_texels(head: HeadModel, vertices: torch.Tensor, camera, soft_regions: np.ndarray, size: int) -> Texels:
    """Rasterize the UV atlas at `size` and place each covered texel on `vertices` (1, V, 3) seen by camera."""
    frags = uv_fragments(head, size)
    coverage = frags.mask[0].numpy()
    face_idx = frags.face_idx[0].numpy()
    faces = torch.tensor(head.f, dtype=torch.long)
    ys, xs = np.nonzero(coverage)
    tex_faces = face_idx[ys, xs]

    def per_texel(attr: torch.Tensor) -> np.ndarray:
        return interpolate(attr, frags, faces)[0].numpy()[ys, xs]

    K, R, t = view_tensors(camera)
    cam = to_camera(vertices.float(), R, t)
    normals = per_texel(vertex_normals(cam, faces))
    normals /= np.linalg.norm(normals, axis=1, keepdims=True).clip(1e-9)
    return Texels(ys=ys, xs=xs, faces=tex_faces, mesh_region=face_regions(head)[tex_faces], points=per_texel(cam),
                  normals=normals, rest=per_texel(torch.tensor(head.v_template, dtype=torch.float32)[None]),
                  soft=per_texel(torch.tensor(soft_regions, dtype=torch.float32)[None]), coverage=coverage)


def photo_lookup(head: HeadModel, vertices: torch.Tensor, camera, texels: Texels, image: np.ndarray,
                 outline_mask: np.ndarray, depth_tolerance: float, loose: np.ndarray | None = None) -> PhotoLookup:
    """Where each texel lands in the photo (float RGB), and how the photo sees it there. `outline_mask` is
    the bust's (head and torso) pixels in the photo, whose edge the photo blends with the background.
    `loose` (N,) bool: texels seen through a slit a pixel or two wide (the mouth's inside between the lips),
    counted visible when in front of the deepest surface within a pixel (a texel's rounded pixel often falls
    on the lip beside it)."""
    K, R, t = view_tensors(camera)
    cam = to_camera(vertices.float(), R, t)
    faces = torch.tensor(head.f, dtype=torch.long)
    ref = rasterize(cam, faces, K, camera.height, camera.width)
    zbuf = ref.depth[0].numpy()
    head_mask = ref.mask[0].numpy()
    depth = texels.points[:, 2]
    xy = texels.points[:, :2] / depth[:, None].clip(1e-6) * np.diag(camera.K)[:2] + camera.K[:2, 2]
    px = np.clip(np.round(xy).astype(np.int64), 0, [camera.width - 1, camera.height - 1])
    in_image = (xy[:, 0] >= 0) & (xy[:, 0] <= camera.width - 1) & (xy[:, 1] >= 0) & (xy[:, 1] <= camera.height - 1)
    visible = in_image & head_mask[px[:, 1], px[:, 0]] & (depth <= zbuf[px[:, 1], px[:, 0]] + depth_tolerance)
    if loose is not None and loose.any():
        deepest = cv2.dilate(np.where(head_mask, zbuf, 0).astype(np.float32), np.ones((3, 3), np.uint8))
        visible |= loose & in_image & (depth <= deepest[px[:, 1], px[:, 0]] + depth_tolerance)
    ray = texels.points / np.linalg.norm(texels.points, axis=1, keepdims=True).clip(1e-9)
    facing = -(texels.normals * ray).sum(1)
    footprint = surface_footprint(texels, xy)
    inside = cv2.distanceTransform(outline_mask.astype(np.uint8), cv2.DIST_L2, 5)
    return PhotoLookup(xy=xy, colour=_sample(image, xy), visible=visible, facing=facing, footprint=footprint,
                       outline_px=inside[px[:, 1], px[:, 0]])


def texel_steps(texels: "Texels", values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """How per-texel `values` (N, C) change from one texel to the next along the atlas's rows and its columns
    ((N, C) each, central differences; NaN where a neighbour is off the head)."""
    T = texels.coverage.shape[0]
    grid = np.full((T, T, values.shape[1]), np.nan, np.float32)
    grid[texels.ys, texels.xs] = values
    return np.gradient(grid, axis=1)[texels.ys, texels.xs], np.gradient(grid, axis=0)[texels.ys, texels.xs]


def surface_footprint(texels: "Texels", xy: np.ndarray) -> np.ndarray:
    """(N,) how the photo squeezes the surface around each texel: smaller over larger singular value of the
    map from the surface (its tangent plane) to photo pixels. 1 for a surface seen frankly, toward 0 at a
    grazing angle; unlike the texel -> photo map, the atlas's own distortion cancels out."""
    sx, sy = texel_steps(texels, texels.points)  # surface per texel step (camera frame, metres)
    px, py = texel_steps(texels, xy)  # photo pixels per texel step
    ok = np.isfinite(sx).all(1) & np.isfinite(sy).all(1) & np.isfinite(px).all(1) & np.isfinite(py).all(1)
    sx, sy, px, py = (np.nan_to_num(a) for a in (sx, sy, px, py))
    # Orthonormal tangent coordinates: [sx sy] = Q R (Cholesky of the Gram matrix); photo map = [px py] R^-1.
    r11 = np.sqrt(np.clip((sx * sx).sum(1), 1e-18, None))
    r12 = (sx * sy).sum(1) / r11
    r22 = np.sqrt(np.clip((sy * sy).sum(1) - r12 ** 2, 1e-18, None))
    m1 = px / r11[:, None]
    m2 = py / r22[:, None] - px * (r12 / (r11 * r22))[:, None]
    return np.where(ok, _aspect(m1, m2), 1.0)


def _aspect(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Smaller over larger singular value of the 2x2 matrices with columns a, b (N, 2), in closed form."""
    p = (a * a).sum(1) + (b * b).sum(1)
    det = np.abs(a[:, 0] * b[:, 1] - a[:, 1] * b[:, 0])
    root = np.sqrt(np.clip(p * p - 4 * det * det, 0, None))
    big = np.sqrt(np.clip((p + root) / 2, 1e-18, None))
    return det / (big * big)


def trust(look: PhotoLookup, matte: np.ndarray, interocular_px: float, config: "TextureConfig") -> np.ndarray:
    """(N,) how far the photo's colour is trusted for each texel, 0..1."""
    h, w = matte.shape
    px = np.clip(np.round(look.xy).astype(np.int64), 0, [w - 1, h - 1])
    weight = np.clip((look.facing - config.grazing_lo) / (config.grazing_hi - config.grazing_lo), 0, 1)
    # A surface the photo squeezes into a sliver of pixels would be stretched back out into streaks by other
    # views (the footprint catches what the smooth vertex normals miss, at the jaw's and nose's edges).
    weight *= np.clip((look.footprint - config.footprint_lo) / (config.footprint_hi - config.footprint_lo), 0, 1)
    weight *= np.clip(look.outline_px / max(2.0, config.outline_margin * interocular_px), 0, 1)
    weight *= np.clip((matte[px[:, 1], px[:, 0]] - 0.5) / 0.4, 0, 1)
    return np.where(look.visible, weight, 0.0).astype(np.float32)


def texel_regions(texels: Texels, look: PhotoLookup, weight: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """(N,) SOFT_HAIR / SOFT_SKIN / SOFT_CLOTHING per texel: the photo's label where trusted, the bust's
    smooth region blend elsewhere; the face is always skin."""
    from .bust import _PHOTO_TO_SOFT
    h, w = labels.shape
    px = np.clip(np.round(look.xy).astype(np.int64), 0, [w - 1, h - 1])
    photo = labels[px[:, 1], px[:, 0]]
    seen = np.zeros_like(texels.soft)
    for label, soft in _PHOTO_TO_SOFT.items():
        seen[photo == label, soft] = 1.0
    t = np.clip(weight * 2, 0, 1)[:, None] * (seen.sum(1, keepdims=True) > 0)
    return np.argmax(t * seen + (1 - t) * texels.soft, 1)


def mirror_face(texels: Texels, colour: np.ndarray, weight: np.ndarray, skin: np.ndarray, lam: float):
    """Blend each face/eye texel with its mirror texel (nearest to the mirrored rest position, same mesh
    region): the side of the face the photo saw at an angle borrows from the side it saw frankly."""
    mirrored_colour = colour.copy()
    mirrored_weight = np.zeros_like(weight)
    for label in (REGION_SKIN, REGION_EYE):
        ids = np.flatnonzero((texels.mesh_region == label) & (skin if label == REGION_SKIN else True))
        if len(ids) == 0:
            continue
        _, nn = cKDTree(texels.rest[ids]).query(texels.rest[ids] * np.array([-1.0, 1.0, 1.0]))
        mirrored_colour[ids] = colour[ids[nn]]
        mirrored_weight[ids] = weight[ids[nn]]
    # The mirror only helps where the photo is unsure: a texel it saw frankly keeps the photo's colour.
    lend = lam * (1 - weight) * mirrored_weight
    total = weight + lend
    blended = (weight[:, None] * colour + lend[:, None] * mirrored_colour) / total.clip(1e-6)[:, None]
    return np.where(total[:, None] > 0, blended, colour), np.clip(total, 0, 1)


def atlas_isotropy(texels: Texels) -> np.ndarray:
    """(T, T) smaller over larger singular value of the map from atlas texels to the head's surface (rest):
    1 where a square of texels covers a square of skin, small where the atlas squeezes the surface one way
    (the neck at the rim of the open head's disk). Detail pasted there would be seen stretched."""
    T = texels.coverage.shape[0]
    dx, dy = texel_steps(texels, texels.rest)
    ok = np.isfinite(dx).all(1) & np.isfinite(dy).all(1)
    dx, dy = np.nan_to_num(dx), np.nan_to_num(dy)
    a, b, c = (dx * dx).sum(1), (dy * dy).sum(1), (dx * dy).sum(1)
    root = np.sqrt(np.clip((a - b) ** 2 + 4 * c * c, 0, None))
    ratio = np.sqrt(np.clip((a + b - root) / np.clip(a + b + root, 1e-18, None), 0, 1))
    out = np.ones((T, T), np.float32)
    out[texels.ys, texels.xs] = np.where(ok, ratio, 1.0)
    return out


def footprint_scale(texels: Texels, look: PhotoLookup, weight: np.ndarray) -> float:
    """Photo pixels per texel where the photo is trusted (the scale the fill's patches are pasted at)."""
    step = np.linalg.norm(texel_steps(texels, look.xy)[0], axis=-1)
    good = (weight > 0.5) & np.isfinite(step)
    return float(np.median(step[good])) if good.sum() > 20 else 1.0


def detail_gain(regions: np.ndarray, per_region: dict) -> np.ndarray:
    """(T, T) how much fill detail each texel gets: its region's share."""
    gain = np.zeros(regions.shape, np.float32)
    for rid, g in per_region.items():
        gain[regions == rid] = g
    return gain


def detail_layouts(texels: Texels, camera) -> tuple[DetailLayout, DetailLayout]:
    """Where the head's fill detail is laid out: on the atlas's own grid where it covers the surface evenly,
    and around the head's vertical axis where it squeezes it (the back of the head and the neck, at the rim of
    the open head's disk). There the atlas grid alone would stretch detail into streaks, and with no detail
    the hair behind the head was a flat tan sheet. Around the axis, a texel's place is its arc length about
    the axis and its height, in texels of the atlas's evenly covered part; it fades out where the surface
    turns toward the vertical (the crown, under the chin), where that layout squeezes in its turn, and at its
    seam in front of the neck."""
    T = texels.coverage.shape[0]
    iso = atlas_isotropy(texels)
    on_grid = ramp(iso, 0.35, 0.7).astype(np.float32)
    # The bust at the fit in the FLAME frame (the camera sees the head at rest).
    R, t = np.asarray(camera.R, np.float64), np.asarray(camera.t, np.float64)
    points = (texels.points - t) @ R
    normals = texels.normals @ R
    step = np.linalg.norm(texel_steps(texels, points)[0], axis=-1)
    even = np.isfinite(step) & (iso[texels.ys, texels.xs] > 0.8)
    if even.sum() < 100:
        return DetailLayout(weight=on_grid), DetailLayout(weight=np.zeros((T, T), np.float32))
    metres_per_texel = float(np.median(step[even]))
    rel_x, rel_z = points[:, 0], points[:, 2] - float(np.median(points[:, 2]))
    theta = np.arctan2(rel_x, -rel_z)  # 0 behind the head, +-pi in front of it
    arc = theta * np.hypot(rel_x, rel_z)
    upright = np.sqrt(np.clip(1 - normals[:, 1] ** 2, 0, 1))
    around = (1 - on_grid[texels.ys, texels.xs]) * ramp(upright, 0.6, 0.9) * ramp(np.pi - np.abs(theta), 0.2, 0.5)
    x = np.full((T, T), np.nan, np.float32)
    y = np.full((T, T), np.nan, np.float32)
    w = np.zeros((T, T), np.float32)
    x[texels.ys, texels.xs] = arc / metres_per_texel
    y[texels.ys, texels.xs] = -points[:, 1] / metres_per_texel
    w[texels.ys, texels.xs] = around
    return DetailLayout(weight=on_grid), DetailLayout(x=x, y=y, weight=w)


def lift_texture(head: HeadModel, fit: PortraitFit, bust_vertices: torch.Tensor, photo: np.ndarray,
                 analysis, soft_regions: np.ndarray, outline_mask: np.ndarray,
                 config: TextureConfig = TextureConfig(), cancel: threading.Event | None = None) -> HeadTexture:
    """The bust head's texture from the photo (RGB uint8). `bust_vertices` (1, V, 3): the head with its hair
    shell at the fit (global pose at rest); `soft_regions` (V, 3) the bust's region blend per vertex;
    `outline_mask` the bust's pixels in the photo. Raises JobCanceled between its steps once `cancel` is set."""
    from .bust import SOFT_CLOTHING, SOFT_HAIR, SOFT_SKIN
    from backend.portrait import CLOTHING, FACE, HAIR, NECK

    T = config.size
    image = photo.astype(np.float32) / 255.0
    check_canceled(cancel)
    texels = atlas_texels(head, bust_vertices, fit.camera, soft_regions, T)
    check_canceled(cancel)
    # The mouth's pocket is seen from inside: its back wall faces the camera through the lips.
    inner = (texels.mesh_region == REGION_MOUTH) | (texels.mesh_region == REGION_TEETH)
    look = photo_lookup(head, bust_vertices, fit.camera, texels, image, outline_mask, config.depth_tolerance, inner)
    look.facing = np.where(inner, np.abs(look.facing), look.facing)
    weight = trust(look, analysis.matte, fit.interocular_px, config)
    # Between the lips (teeth, tongue, the cavity) whatever the photo shows is the best there is, at any angle:
    # it is only ever seen through the lips' opening, from the front, so it cannot be stretched into a streak.
    h, w = analysis.matte.shape
    m_px = np.clip(np.round(look.xy).astype(np.int64), 0, [w - 1, h - 1])
    in_matte = ramp(analysis.matte[m_px[:, 1], m_px[:, 0]], 0.5, 0.9)
    weight = np.where(inner, look.visible * in_matte, weight).astype(np.float32)
    region = texel_regions(texels, look, weight, analysis.labels)
    face_skin = (texels.mesh_region == REGION_SKIN) & (region == SOFT_SKIN) & \
        regions_in(head, texels.faces, ("face",))
    colour, total = mirror_face(texels, look.colour, weight, face_skin, config.mirror_weight)

    check_canceled(cancel)
    # Skin, hair and clothing on the atlas: the photo where trusted, the region's own fill elsewhere.
    atlas = np.zeros((T, T, 3), np.float32)
    atlas_w = np.zeros((T, T), np.float32)
    atlas_region = np.full((T, T), -1, np.int64)
    outer = texels.mesh_region == REGION_SKIN
    sel = (texels.ys[outer], texels.xs[outer])
    atlas[sel] = colour[outer]
    atlas_w[sel] = total[outer]
    atlas_region[sel] = region[outer]
    # The photo's low frequencies wherever it saw the surface at all (grazing or squeezed too).
    low_img = person_low_pass(image, analysis.matte, max(1.0, config.low_pass * max(h, w)))
    low_w = look.visible * ramp(look.facing, 0.1, 0.3) * in_matte
    low_atlas = np.zeros((T, T, 3), np.float32)
    low_atlas_w = np.zeros((T, T), np.float32)
    low_atlas[sel] = _sample(low_img, look.xy[outer])
    low_atlas_w[sel] = low_w[outer]
    photo_soft = np.full(analysis.labels.shape, -1, np.int64)
    photo_soft[analysis.labels == HAIR] = SOFT_HAIR
    photo_soft[(analysis.labels == FACE) | (analysis.labels == NECK)] = SOFT_SKIN
    photo_soft[analysis.labels == CLOTHING] = SOFT_CLOTHING
    photo_soft[analysis.matte <= 0.5] = -1
    filled = region_fill(atlas, atlas_w, atlas_region, (SOFT_HAIR, SOFT_SKIN, SOFT_CLOTHING), image, photo_soft,
                         scale=footprint_scale(texels, look, weight), patch=config.fill_patch,
                         fallback={SOFT_HAIR: (0.25, 0.18, 0.12), SOFT_SKIN: (0.8, 0.62, 0.52),
                                   SOFT_CLOTHING: (0.3, 0.3, 0.3)},
                         gain=detail_gain(atlas_region,
                                          {SOFT_HAIR: 1.0, SOFT_SKIN: config.skin_detail, SOFT_CLOTHING: 0.7}),
                         low=(low_atlas, low_atlas_w), layouts=detail_layouts(texels, fit.camera))
    check_canceled(cancel)
    rgb = np.zeros((T, T, 3), np.float32)
    rgb[sel] = filled[sel]
    paint_eyes_and_mouth(head, fit, texels, look, weight, colour, region, image, rgb)

    # Bleed colours a few texels past the islands so bilinear lookups at their edges stay clean.
    coverage = texels.coverage
    rgb = np.where(coverage[..., None], rgb, push_pull(rgb, coverage.astype(np.float32)))
    confidence = np.zeros((T, T), np.float32)
    confidence[texels.ys, texels.xs] = np.clip(weight, 0, 1)
    regions_map = np.full((T, T), -1, np.int8)
    regions_map[texels.ys, texels.xs] = region
    photo_xy = np.full((T, T, 2), np.nan, np.float32)
    photo_xy[texels.ys, texels.xs] = look.xy
    return HeadTexture(rgb=np.clip(rgb, 0, 1).astype(np.float32), alpha=np.ones((T, T), np.float32),
                       confidence=confidence, coverage=coverage, regions=regions_map, photo_xy=photo_xy)


def paint_eyes_and_mouth(head: HeadModel, fit: PortraitFit, texels: Texels, look: PhotoLookup, weight: np.ndarray,
                         colour: np.ndarray, region: np.ndarray, image: np.ndarray, rgb: np.ndarray) -> None:
    """Eyes: the photo where seen over a synthetic eyeball with the photo's iris and sclera colours. Mouth:
    the photo where seen, else a cavity that darkens with depth and teeth toned to the photo's skin."""
    from .bust import SOFT_SKIN
    ys, xs, rest = texels.ys, texels.xs, texels.rest
    iris, sclera = eye_colours(image, fit.landmarks)
    eye = texels.mesh_region == REGION_EYE
    if eye.any():
        J = head.J_regressor @ head.v_template
        left = rest[:, 0] > 0
        centres = np.where(left[:, None], J[3], J[4])
        d = rest - centres
        cos = d[:, 2] / np.linalg.norm(d, axis=1).clip(1e-9)
        limbus = np.clip((cos - IRIS_COS) / 0.02, 0, 1)[:, None]
        pupil = np.clip((cos - PUPIL_COS) / 0.01, 0, 1)[:, None]
        synth = sclera * (1 - limbus) + iris * limbus
        synth = synth * (1 - pupil) + PUPIL * pupil
        w_eye = np.clip(weight[:, None] * 1.5, 0, 1)
        eye_rgb = w_eye * look.colour + (1 - w_eye) * synth
        rgb[ys[eye], xs[eye]] = eye_rgb[eye]
    mouth = texels.mesh_region == REGION_MOUTH
    if mouth.any():
        z = rest[mouth, 2]
        shade = np.clip((z - z.min()) / max(np.ptp(z), 1e-6), 0.25, 1.0)[:, None]
        # What the photo shows between the lips (teeth, the tongue) where it saw it; a dark cavity elsewhere.
        w_m = weight[mouth, None]
        rgb[ys[mouth], xs[mouth]] = w_m * look.colour[mouth] + (1 - w_m) * CAVITY * shade
    teeth = texels.mesh_region == REGION_TEETH
    if teeth.any():
        skin_seen = (texels.mesh_region == REGION_SKIN) & (region == SOFT_SKIN) & (weight > 0.5)
        tone = float(np.clip(np.median(colour[skin_seen].mean(1)) / 0.6, 0.6, 1.1)) if skin_seen.any() else 1.0
        w_t = weight[teeth, None]
        rgb[ys[teeth], xs[teeth]] = w_t * look.colour[teeth] + (1 - w_t) * np.clip(TEETH * tone, 0, 1)


def regions_in(head: HeadModel, tex_faces: np.ndarray, keys: tuple[str, ...]) -> np.ndarray:
    """Texels whose triangle has a majority of its corners in any of the named masks."""
    inside = np.zeros(len(tex_faces), bool)
    for key in keys:
        if key in head.masks:
            inside |= head.masks[key][head.f[tex_faces]].sum(1) >= 2
    return inside


