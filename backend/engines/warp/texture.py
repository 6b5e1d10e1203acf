"""Lift the reference photo onto the head's UV atlas.

Per texel: its point on the fitted head, projected into the photo, keeps the photo's colour with a
confidence that falls off at grazing angles, near the head's outline in the photo and where the point is
hidden. The other side of the face comes from the mirror texel (facial symmetry); what neither side shows
(the back of the head, under the chin) is extrapolated smoothly by a push-pull pyramid from what was
seen, so hair and skin tones carry on around the head. Eyeballs get their own texture: the visible iris
and sclera from the photo over a synthetic eye (iris disc around the eye's front pole), so turning the eye
moves the iris. The mouth cavity and teeth are synthetic (dark cavity that darkens with depth, teeth
toned to the photo), unless the photo shows teeth.
"""

from __future__ import annotations

import dataclasses
import threading

import cv2
import numpy as np
import torch
import torch.nn.functional as F
from scipy.spatial import cKDTree

from backend.cancellation import check_canceled
from backend.fitting.fit import PortraitFit
from backend.render import interpolate, rasterize, to_camera, vertex_normals
from backend.render.views import view_tensors
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
    grazing_lo: float = 0.25  # cos(view, normal) below which the photo is not trusted
    grazing_hi: float = 0.75
    outline_margin: float = 0.15  # photo texels this close to the head outline (x interocular) fade out
    depth_tolerance: float = 0.004  # metres
    mirror_weight: float = 0.35


@dataclasses.dataclass
class HeadTexture:
    rgb: np.ndarray  # (T, T, 3) float32 in [0, 1], row 0 at v = 1
    alpha: np.ndarray  # (T, T) opacity: 0 where the photo shows something else over the neck (a collar)
    confidence: np.ndarray  # (T, T) how much of each texel the photo showed directly (0..1)
    coverage: np.ndarray  # (T, T) bool texels inside the atlas


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


def _push_pull(colour: np.ndarray, weight: np.ndarray) -> np.ndarray:
    """Fill low-weight texels with a smooth, weight-normalised pyramid of the others."""
    c = torch.tensor(colour, dtype=torch.float32).permute(2, 0, 1)[None]
    w = torch.tensor(weight, dtype=torch.float32)[None, None].clamp(0, 1)
    levels = []
    while min(c.shape[-2:]) > 2:
        levels.append((c, w))
        cw = F.avg_pool2d(c * w, 2, ceil_mode=True)
        ws = F.avg_pool2d(w, 2, ceil_mode=True)
        c = cw / ws.clamp(min=1e-6)
        w = (ws * 4).clamp(0, 1)  # one good texel of four is enough to trust the coarser one
    for fine_c, fine_w in reversed(levels):
        up = F.interpolate(c, size=fine_c.shape[-2:], mode="bilinear", align_corners=False)
        c = fine_w * fine_c + (1 - fine_w) * up
    return c[0].permute(1, 2, 0).numpy()


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


def lift_texture(head: HeadModel, fit: PortraitFit, fitted_vertices: torch.Tensor, photo: np.ndarray,
                 config: TextureConfig = TextureConfig(), cancel: threading.Event | None = None) -> HeadTexture:
    """The head's texture from the photo (RGB uint8) under the fit. `fitted_vertices` (1, V, 3) at rest pose.
    Raises JobCanceled between its steps once `cancel` is set."""
    T = config.size
    image = photo.astype(np.float32) / 255.0
    frags = uv_fragments(head, T)
    check_canceled(cancel)
    coverage = frags.mask[0].numpy()
    face_idx = frags.face_idx[0].numpy()
    faces = torch.tensor(head.f, dtype=torch.long)
    ys, xs = np.nonzero(coverage)
    sel = (ys, xs)
    tex_faces = face_idx[sel]
    regions = face_regions(head)[tex_faces]

    def per_texel(attr: torch.Tensor) -> np.ndarray:
        return interpolate(attr, frags, faces)[0].numpy()[sel]

    view = fit.camera
    K, R, t = view_tensors(view)
    cam_verts = to_camera(fitted_vertices.float(), R, t)
    points_cam = per_texel(cam_verts)
    normals = per_texel(vertex_normals(cam_verts, faces))
    normals /= np.linalg.norm(normals, axis=1, keepdims=True).clip(1e-9)
    rest = per_texel(torch.tensor(head.v_template, dtype=torch.float32)[None])

    # Where each texel lands in the photo, and whether it is the visible surface there.
    depth = points_cam[:, 2]
    uv = points_cam[:, :2] / depth[:, None].clip(1e-6)
    xy = uv * np.diag(view.K)[:2] + view.K[:2, 2]
    check_canceled(cancel)
    ref = rasterize(cam_verts, faces, K, view.height, view.width)
    zbuf = ref.depth[0].numpy()
    head_mask = ref.mask[0].numpy()
    px = np.clip(np.round(xy).astype(np.int64), 0, [view.width - 1, view.height - 1])
    in_image = (xy[:, 0] >= 0) & (xy[:, 0] <= view.width - 1) & (xy[:, 1] >= 0) & (xy[:, 1] <= view.height - 1)
    visible = in_image & head_mask[px[:, 1], px[:, 0]] & (depth <= zbuf[px[:, 1], px[:, 0]] + config.depth_tolerance)
    ray = points_cam / np.linalg.norm(points_cam, axis=1, keepdims=True).clip(1e-9)
    facing = -(normals * ray).sum(1)
    weight = np.clip((facing - config.grazing_lo) / (config.grazing_hi - config.grazing_lo), 0, 1)
    inside = cv2.distanceTransform(head_mask.astype(np.uint8), cv2.DIST_L2, 5)
    margin = max(2.0, config.outline_margin * fit.interocular_px)
    weight *= np.clip(inside[px[:, 1], px[:, 0]] / margin, 0, 1)
    weight = np.where(visible, weight, 0.0).astype(np.float32)
    colour = _sample(image, xy)

    # The neck is often covered (collars, scarves, hair): keep only neck texels that look like the face's
    # skin; the others become transparent where the photo saw them and are filled from the skin around.
    alpha = np.ones(len(weight), np.float32)
    if "neck" in head.masks:
        face_skin = (regions == REGION_SKIN) & (weight > 0.6)
        if "face" in head.masks:
            face_skin &= head.masks["face"][head.f[tex_faces]].all(1)
        for key in ("lips", "eyes"):
            if key in head.masks:
                face_skin &= ~head.masks[key][head.f[tex_faces]].any(1)
        neck = head.masks["neck"][head.f[tex_faces]].sum(1) >= 2
        if face_skin.sum() > 50 and neck.any():
            skin_prob = skin_likelihood(colour[face_skin], colour[neck])
            seen = np.clip(weight[neck] / 0.3, 0, 1)
            alpha[neck] = 1 - seen * (1 - skin_prob)
            weight[neck] *= skin_prob

    # The generic skull, ears and neck reach past this person's outline in places: texels whose photo colour
    # matches the background just around the head are background seen past the outline, not head.
    outer = ~regions_in(head, tex_faces, ("face", "eyes", "lips", "mouth_interior", "teeth"))
    ring = _background_ring(head_mask, fit)
    if outer.any() and ring.any():
        bg = image[ring]
        background_prob = 1 - skin_likelihood(bg, colour[outer], spread=2.5)
        seen = np.clip(weight[outer] / 0.3, 0, 1)
        alpha[outer] *= 1 - seen * (1 - background_prob)
        weight[outer] *= background_prob

    check_canceled(cancel)
    # Facial symmetry: the mirror texel (nearest to the mirrored rest position, same region).
    mirrored_colour = colour.copy()
    mirrored_weight = np.zeros_like(weight)
    for label in (REGION_SKIN, REGION_EYE):
        ids = np.flatnonzero(regions == label)
        if len(ids) == 0:
            continue
        tree = cKDTree(rest[ids])
        _, nn = tree.query(rest[ids] * np.array([-1.0, 1.0, 1.0]))
        mirrored_colour[ids] = colour[ids[nn]]
        mirrored_weight[ids] = weight[ids[nn]]
    lam = config.mirror_weight
    total = weight + lam * mirrored_weight
    blended = (weight[:, None] * colour + lam * mirrored_weight[:, None] * mirrored_colour) / total.clip(1e-6)[:, None]

    check_canceled(cancel)
    # Skin, scalp and neck: push-pull over the atlas from what the photo (or its mirror) showed.
    atlas = np.zeros((T, T, 3), np.float32)
    atlas_w = np.zeros((T, T), np.float32)
    skin = regions == REGION_SKIN
    atlas[ys[skin], xs[skin]] = blended[skin]
    atlas_w[ys[skin], xs[skin]] = np.clip(total[skin], 0, 1)
    filled = _push_pull(atlas, atlas_w)
    rgb = np.zeros((T, T, 3), np.float32)
    rgb[sel] = filled[sel]

    # Eyes: photo where seen, else a synthetic eyeball with the photo's iris and sclera colours.
    iris, sclera = eye_colours(image, fit.landmarks)
    eye = regions == REGION_EYE
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
        eye_rgb = w_eye * colour + (1 - w_eye) * synth
        rgb[ys[eye], xs[eye]] = eye_rgb[eye]

    # Mouth: a cavity that darkens with depth and teeth toned to the photo's skin brightness.
    mouth = regions == REGION_MOUTH
    if mouth.any():
        z = rest[mouth, 2]
        shade = np.clip((z - z.min()) / max(np.ptp(z), 1e-6), 0.25, 1.0)[:, None]
        rgb[ys[mouth], xs[mouth]] = CAVITY * shade
    teeth = regions == REGION_TEETH
    if teeth.any():
        tone = float(np.clip(np.median(blended[skin & (weight > 0.5)].mean(1)) / 0.6, 0.6, 1.1)) if \
            (skin & (weight > 0.5)).any() else 1.0
        w_t = weight[teeth, None]
        rgb[ys[teeth], xs[teeth]] = w_t * colour[teeth] + (1 - w_t) * np.clip(TEETH * tone, 0, 1)

    # Bleed colours a few texels past the islands so bilinear lookups at their edges stay clean.
    full_w = coverage.astype(np.float32)
    rgb = np.where(coverage[..., None], rgb, _push_pull(rgb, full_w))
    confidence = np.zeros((T, T), np.float32)
    confidence[sel] = np.clip(weight, 0, 1)
    alpha_map = np.ones((T, T), np.float32)
    alpha_map[sel] = alpha
    alpha_map = np.where(coverage, alpha_map, _push_pull(alpha_map[..., None], coverage.astype(np.float32))[..., 0])
    return HeadTexture(rgb=np.clip(rgb, 0, 1).astype(np.float32), alpha=np.clip(alpha_map, 0, 1),
                       confidence=confidence, coverage=coverage)


def regions_in(head: HeadModel, tex_faces: np.ndarray, keys: tuple[str, ...]) -> np.ndarray:
    """Texels whose triangle has a majority of its corners in any of the named masks."""
    inside = np.zeros(len(tex_faces), bool)
    for key in keys:
        if key in head.masks:
            inside |= head.masks[key][head.f[tex_faces]].sum(1) >= 2
    return inside


def _background_ring(head_mask: np.ndarray, fit: PortraitFit) -> np.ndarray:
    """Photo pixels in a band around the head's outline, above the mouth (below it are neck and clothes)."""
    r = max(3, round(0.5 * fit.interocular_px))
    disc = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * r + 1, 2 * r + 1))
    near = cv2.dilate(head_mask.astype(np.uint8), disc)
    far = cv2.dilate(near, disc)
    ring = (far > 0) & (near == 0)
    ring[int(max(0, fit.landmarks[13, 1])):] = False
    return ring


def skin_likelihood(skin: np.ndarray, colours: np.ndarray, spread: float = 3.5) -> np.ndarray:
    """How much `colours` (N, 3) RGB in [0, 1] look like the `skin` samples: a Gaussian in Lab, 1 within
    `spread` - 1 standard deviations, 0 beyond `spread`."""
    def lab(c):
        return cv2.cvtColor(c.reshape(-1, 1, 3).astype(np.float32), cv2.COLOR_RGB2LAB).reshape(-1, 3)
    ref = lab(skin)
    mean = ref.mean(0)
    cov = np.cov(ref.T) + np.diag([25.0, 4.0, 4.0])  # floor: lighting varies more than the face shows
    diff = lab(colours) - mean
    d = np.sqrt(np.einsum("ni,ij,nj->n", diff, np.linalg.inv(cov), diff))
    return np.clip(spread - d, 0, 1).astype(np.float32)
