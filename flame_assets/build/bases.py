"""Identity and expression blendshapes of the open head, defined procedurally.

Expression fields are painted on the skin with geodesic falloffs from MediaPipe anchor landmarks, so the
upper and lower lip (or lid), separated by the mouth (or eye) opening, move independently. Identity
fields are smooth functions of position (named proportions first, then symmetric and antisymmetric
random bumps with decaying size), moving each eyeball rigidly with the socket around it.

All displacements are in metres; a coefficient of 1 is a full named expression or one standard deviation
of identity.
"""

from __future__ import annotations

import dataclasses
from typing import Callable

import numpy as np

from .mesh_ops import geodesic_from, smoothstep, vertex_normals

CM = 0.01

# MediaPipe anchors (vertex ids of the face), subject's left = +x. Pairs are (right, left).
MOUTH_CORNERS = (61, 291)
INNER_CORNERS = (78, 308)
UPPER_LIP = (0, 37, 267, 39, 269, 13, 82, 312, 81, 311)
LOWER_LIP = (17, 84, 314, 181, 405, 14, 87, 317, 178, 402)
UPPER_LIP_INNER = (191, 80, 81, 82, 13, 312, 311, 310, 415)
LOWER_LIP_INNER = (95, 88, 178, 87, 14, 317, 402, 318, 324)
BROW_RIGHT = (70, 63, 105, 66, 107, 46, 53, 52, 65, 55)
BROW_LEFT = (300, 293, 334, 296, 336, 276, 283, 282, 295, 285)
INNER_BROW = (107, 55, 336, 285)
CHEEKS = (50, 280)
CHEEK_PUFF = (50, 280, 205, 425, 187, 411)
LOWER_LID = (145, 374)
UPPER_LID = (159, 386)
NOSE_DORSUM = (6, 197, 195)
NOSE_ALAE = (48, 278, 129, 358)
CHIN = (152, 175, 199, 200)
LIP_OUTER_LOOP = (61, 146, 91, 181, 84, 17, 314, 405, 321, 375, 291, 409, 270, 269, 267, 0, 37, 39, 40, 185)

EXPRESSION_NAMES = (
    "smile", "frown", "brow_raise", "brow_furrow", "inner_brow_raise", "pucker", "lip_stretch",
    "upper_lip_raise", "lower_lip_depress", "cheek_puff", "squint", "nose_wrinkle", "mouth_left",
    "mouth_right", "smile_left", "smile_right", "brow_raise_left", "brow_raise_right", "eye_wide",
    "chin_raise", "lip_press", "dimpler", "lip_funnel",
)
SHAPE_NAMES = (
    "head_size", "face_width", "face_length", "head_depth", "jaw_width", "chin_projection", "nose_length",
    "nose_width", "eye_spacing", "lip_fullness", "cheekbones", "forehead_slope", "neck_width", "brow_ridge",
)


@dataclasses.dataclass
class HeadParts:
    """What the bases need to know about the assembled mesh."""

    v: np.ndarray  # (V, 3) rest vertices
    f: np.ndarray
    skin: np.ndarray  # bool (V,): face + skull + neck
    eye_ids: tuple[np.ndarray, np.ndarray]  # (left, right) eyeball vertex ids
    eye_centres: tuple[np.ndarray, np.ndarray]
    cavity_ids: np.ndarray  # mouth-cavity vertex ids (beyond the lip loop)
    cavity_lip: np.ndarray  # for each cavity vertex, the lip-loop vertex it hangs from (-1: none)
    cavity_depth: np.ndarray  # 0..1, 1 = back wall
    head_centre: np.ndarray


class FieldPainter:
    """Geodesic bumps on the skin, cached per anchor set."""

    def __init__(self, parts: HeadParts):
        self.p = parts
        self._geo: dict[tuple, np.ndarray] = {}
        self.normals = vertex_normals(parts.v, parts.f)

    def geo(self, anchors) -> np.ndarray:
        key = tuple(sorted(anchors))
        if key not in self._geo:
            self._geo[key] = geodesic_from(self.p.v, self.p.f, list(key), allowed=self.p.skin)
        return self._geo[key]

    def bump(self, anchors, radius: float) -> np.ndarray:
        return np.exp(-(self.geo(anchors) / radius) ** 2)

    def side(self, own, other) -> np.ndarray:
        """1 on the `own` side of an opening (nearer to `own` than to `other` along the skin)."""
        return smoothstep(-0.1 * CM, 0.4 * CM, self.geo(other) - self.geo(own))

    def finish_expression(self, d: np.ndarray) -> np.ndarray:
        """Eyeballs stay; the mouth cavity follows its lip, fading toward the back wall."""
        p = self.p
        d = d * p.skin[:, None]
        hang = p.cavity_lip >= 0
        d[p.cavity_ids[hang]] = d[p.cavity_lip[hang]] * (1 - p.cavity_depth[hang])[:, None]
        return d


def _lr(ids, side: str):
    """Pick the left (+x) or right (-x) member of (right, left) anchor pairs."""
    return ids[1] if side == "left" else ids[0]


def expression_basis(parts: HeadParts, n_expr: int = 100, seed: int = 7) -> tuple[np.ndarray, list[str]]:
    fp = FieldPainter(parts)
    v, n = parts.v, fp.normals
    x = v[:, 0]
    sx = np.sign(x)
    upper = fp.side(UPPER_LIP_INNER, LOWER_LIP_INNER)
    lower = fp.side(LOWER_LIP_INNER, UPPER_LIP_INNER)
    mouth_c = 0.5 * (v[13] + v[14])
    lip_zone = fp.bump(UPPER_LIP + LOWER_LIP + MOUTH_CORNERS, 1.2 * CM)

    def corner(side: str, disp, radius=1.6 * CM):
        c = _lr(MOUTH_CORNERS, side)
        w = fp.bump([c], radius)
        return w[:, None] * np.asarray(disp)

    def smile_side(side):
        s = 1.0 if side == "left" else -1.0
        d = corner(side, (s * 0.7 * CM, 0.75 * CM, -0.45 * CM), 1.8 * CM)
        d += fp.bump([_lr(CHEEKS, side)], 1.8 * CM)[:, None] * np.array([0, 0.28 * CM, 0.15 * CM])
        d += fp.bump([_lr(LOWER_LID, side)], 0.6 * CM)[:, None] * np.array([0, 0.08 * CM, 0])
        return d

    def brow_raise_side(side):
        ids = BROW_LEFT if side == "left" else BROW_RIGHT
        w = fp.bump(ids, 1.5 * CM) * fp.side(ids, (LOWER_LID[1] if side == "left" else LOWER_LID[0],))
        return w[:, None] * np.array([0, 0.85 * CM, 0.05 * CM])

    named: dict[str, Callable[[], np.ndarray]] = {
        "smile": lambda: smile_side("left") + smile_side("right"),
        "frown": lambda: corner("left", (0.05 * CM, -0.45 * CM, 0)) + corner("right", (-0.05 * CM, -0.45 * CM, 0))
        + fp.bump(CHIN, 1.2 * CM)[:, None] * np.array([0, 0.1 * CM, 0.1 * CM]),
        "brow_raise": lambda: brow_raise_side("left") + brow_raise_side("right"),
        "brow_furrow": lambda: (fp.bump(INNER_BROW, 1.3 * CM) * fp.side(INNER_BROW, LOWER_LID))[:, None]
        * np.stack([-sx * 0.25 * CM, np.full_like(x, -0.4 * CM), np.full_like(x, 0.1 * CM)], -1),
        "inner_brow_raise": lambda: (fp.bump(INNER_BROW, 1.1 * CM) * fp.side(INNER_BROW, LOWER_LID))[:, None]
        * np.array([0, 0.55 * CM, 0]),
        "pucker": lambda: lip_zone[:, None] * np.stack(
            [-(x - mouth_c[0]) * 0.35, -(v[:, 1] - mouth_c[1]) * 0.1, np.full_like(x, 0.55 * CM)], -1),
        "lip_stretch": lambda: corner("left", (0.6 * CM, -0.1 * CM, -0.2 * CM), 1.4 * CM)
        + corner("right", (-0.6 * CM, -0.1 * CM, -0.2 * CM), 1.4 * CM),
        "upper_lip_raise": lambda: (fp.bump(UPPER_LIP, 1.0 * CM) * upper)[:, None] * np.array([0, 0.35 * CM, 0.08 * CM]),
        "lower_lip_depress": lambda: (fp.bump(LOWER_LIP, 1.0 * CM) * lower)[:, None] * np.array([0, -0.35 * CM, 0.08 * CM]),
        "cheek_puff": lambda: fp.bump(CHEEK_PUFF, 2.0 * CM)[:, None] * n * 0.75 * CM,
        "squint": lambda: (fp.bump(LOWER_LID, 0.7 * CM) * fp.side(LOWER_LID, UPPER_LID))[:, None]
        * np.array([0, 0.2 * CM, 0.03 * CM])
        + fp.bump(CHEEKS, 1.5 * CM)[:, None] * np.array([0, 0.12 * CM, 0]),
        "nose_wrinkle": lambda: fp.bump(NOSE_DORSUM + NOSE_ALAE, 1.0 * CM)[:, None] * np.array([0, 0.25 * CM, -0.05 * CM])
        + (fp.bump(INNER_BROW, 1.0 * CM) * fp.side(INNER_BROW, LOWER_LID))[:, None] * np.array([0, -0.15 * CM, 0]),
        "mouth_left": lambda: lip_zone[:, None] * np.array([0.5 * CM, 0, -0.05 * CM]),
        "mouth_right": lambda: lip_zone[:, None] * np.array([-0.5 * CM, 0, -0.05 * CM]),
        "smile_left": lambda: smile_side("left"),
        "smile_right": lambda: smile_side("right"),
        "brow_raise_left": lambda: brow_raise_side("left"),
        "brow_raise_right": lambda: brow_raise_side("right"),
        "eye_wide": lambda: (fp.bump(UPPER_LID, 0.6 * CM) * fp.side(UPPER_LID, LOWER_LID))[:, None]
        * np.array([0, 0.12 * CM, 0.02 * CM]),
        "chin_raise": lambda: fp.bump(CHIN, 1.6 * CM)[:, None] * np.array([0, 0.3 * CM, 0.15 * CM])
        + (fp.bump(LOWER_LIP, 0.8 * CM) * lower)[:, None] * np.array([0, 0.15 * CM, 0.15 * CM]),
        "lip_press": lambda: (fp.bump(UPPER_LIP, 0.9 * CM) * upper)[:, None] * np.array([0, -0.1 * CM, -0.12 * CM])
        + (fp.bump(LOWER_LIP, 0.9 * CM) * lower)[:, None] * np.array([0, 0.1 * CM, -0.12 * CM]),
        "dimpler": lambda: corner("left", (0.1 * CM, 0, -0.35 * CM), 1.1 * CM)
        + corner("right", (-0.1 * CM, 0, -0.35 * CM), 1.1 * CM),
        "lip_funnel": lambda: lip_zone[:, None] * np.stack(
            [-(x - mouth_c[0]) * 0.15, (v[:, 1] - mouth_c[1]) * 0.25, np.full_like(x, 0.45 * CM)], -1),
    }
    assert tuple(named) == EXPRESSION_NAMES
    dirs = [fp.finish_expression(named[k]()) for k in EXPRESSION_NAMES]
    # The rest: small localised bumps on the face (mirror-symmetric and antisymmetric), decaying in size.
    rng = np.random.default_rng(seed)
    face_ids = np.flatnonzero(np.arange(len(v)) < 468)
    mirror = _mirror_map(v, face_ids)
    while len(dirs) < n_expr:
        k = len(dirs) - len(EXPRESSION_NAMES)
        anchor = int(rng.choice(face_ids))
        amp = 0.25 * CM / (1 + 0.05 * k)
        w = fp.bump([anchor], rng.uniform(0.8, 1.6) * CM)
        direction = 0.7 * n + 0.3 * rng.normal(size=3)
        d = w[:, None] * direction * amp
        dm = _mirror_field(d, mirror)
        d = 0.5 * (d + dm) if k % 2 == 0 else 0.5 * (d - dm)
        dirs.append(fp.finish_expression(d))
    names = list(EXPRESSION_NAMES) + [f"expression_{i:02d}" for i in range(len(EXPRESSION_NAMES), n_expr)]
    return np.stack(dirs, -1), names


def _mirror_map(v: np.ndarray, ids: np.ndarray) -> np.ndarray:
    """For every vertex, the vertex nearest to its mirror image (x -> -x)."""
    from scipy.spatial import cKDTree

    return cKDTree(v).query(v * np.array([-1.0, 1, 1]))[1]


def _mirror_field(d: np.ndarray, mirror: np.ndarray) -> np.ndarray:
    return d[mirror] * np.array([-1.0, 1, 1])


def identity_basis(parts: HeadParts, n_shape: int = 300, seed: int = 11) -> tuple[np.ndarray, list[str]]:
    v = parts.v
    c = parts.head_centre
    rel = v - c
    y, z = v[:, 1], v[:, 2]
    face_front = smoothstep(-0.06, -0.01, z)
    lower_face = smoothstep(-0.04, -0.08, y)
    below_neck = smoothstep(-0.1, -0.14, y)
    eyes_mid = np.zeros_like(v)
    for ids, centre in zip(parts.eye_ids, parts.eye_centres):
        eyes_mid[ids] = centre

    def radial(x, y_, z_):
        return rel * np.array([x, y_, z_])

    def near(p, r):
        return np.exp(-np.sum((v - p) ** 2, 1) / r ** 2)[:, None]

    nose_tip, chin, mouth = v[1], v[152], 0.5 * (v[13] + v[14])
    named = {
        "head_size": radial(0.03, 0.03, 0.03) * (1 - below_neck)[:, None],
        "face_width": radial(0.035, 0, 0) * (1 - below_neck)[:, None],
        "face_length": np.stack([0 * y, -0.5 * CM * lower_face, 0 * y], -1),
        "head_depth": np.stack([0 * y, 0 * y, np.minimum(rel[:, 2], 0) * 0.04], -1) * (1 - below_neck)[:, None],
        "jaw_width": rel * np.array([0.06, 0, 0]) * (lower_face * face_front * (1 - below_neck))[:, None],
        "chin_projection": near(chin, 2.2 * CM) * np.array([0, -0.1 * CM, 0.35 * CM]),
        "nose_length": near(nose_tip, 1.4 * CM) * np.array([0, -0.1 * CM, 0.3 * CM]),
        "nose_width": near(nose_tip + np.array([0, 0.3 * CM, -1.0 * CM]), 1.5 * CM)
        * np.stack([np.sign(rel[:, 0]) * 0.15 * CM, 0 * y, 0 * y], -1),
        "eye_spacing": np.stack([np.tanh(v[:, 0] / (2.5 * CM)) * 0.2 * CM, 0 * y, 0 * y], -1)
        * np.exp(-(v[:, 1] / (3 * CM)) ** 2)[:, None] * face_front[:, None],
        "lip_fullness": near(mouth, 1.5 * CM) * np.stack([0 * y, np.sign(v[:, 1] - mouth[1]) * 0.1 * CM,
                                                          np.full_like(y, 0.15 * CM)], -1),
        "cheekbones": (near(v[50] + np.array([0, 0.5 * CM, -1 * CM]), 2 * CM)
                       + near(v[280] + np.array([0, 0.5 * CM, -1 * CM]), 2 * CM))
        * np.stack([np.sign(rel[:, 0]) * 0.2 * CM, 0 * y, np.full_like(y, 0.15 * CM)], -1),
        "forehead_slope": near(np.array([0, 0.06, 0.0]), 3.5 * CM) * np.array([0, 0, 0.35 * CM]),
        "neck_width": rel * np.array([0.08, 0, 0.08]) * below_neck[:, None],
        "brow_ridge": near(np.array([0, 0.012, 0.01]), 2.5 * CM) * np.array([0, 0.0, 0.25 * CM]),
    }
    assert tuple(named) == SHAPE_NAMES
    dirs = list(named.values())
    rng = np.random.default_rng(seed)
    surface = v[parts.skin]
    mirror = np.array([-1.0, 1, 1])
    while len(dirs) < n_shape:
        k = len(dirs) - len(SHAPE_NAMES)
        amp = 0.3 * CM / np.sqrt(1 + 0.15 * k)
        radius = max(3.5 * CM / (1 + 0.02 * k), 1.0 * CM)
        d = np.zeros_like(v)
        parity = 1.0 if k % 3 else -1.0  # two in three symmetric, like a face's main modes of variation
        for _ in range(2):
            p = surface[rng.integers(len(surface))]
            direction = rng.normal(size=3) * amp
            d += np.exp(-np.sum((v - p) ** 2, 1) / radius ** 2)[:, None] * direction
            d += parity * np.exp(-np.sum((v - p * mirror) ** 2, 1) / radius ** 2)[:, None] * direction * mirror
        dirs.append(d)
    out = np.stack(dirs, -1)
    # Eyeballs move rigidly with the field at their centre (they never stretch).
    for ids, centre in zip(parts.eye_ids, parts.eye_centres):
        centre_field = _field_at(out, v, centre, np.flatnonzero(parts.skin))
        out[ids] = centre_field[None]
    names = list(SHAPE_NAMES) + [f"shape_{i:03d}" for i in range(len(SHAPE_NAMES), n_shape)]
    return out, names


def _field_at(fields: np.ndarray, v: np.ndarray, p: np.ndarray, candidates: np.ndarray) -> np.ndarray:
    """Inverse-distance interpolation of (V, 3, K) fields at point p from its 8 nearest candidate vertices."""
    d = np.linalg.norm(v[candidates] - p, axis=1)
    order = np.argsort(d)[:8]
    idx, d = candidates[order], d[order]
    w = 1.0 / np.maximum(d, 1e-6)
    return np.einsum("i,ijk->jk", w / w.sum(), fields[idx])
