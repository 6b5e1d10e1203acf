"""The bust made from one portrait: the head model with a hair/headwear shell, and a torso proxy.

Hair shell: the head model's own skull, ears and neck vertices are pushed along their normals (same topology,
so the same UVs and skinning) until, seen from the fitted camera, the outline matches the photo's head
(hair or headwear, ears, neck) where the photo shows one beside the skull, or shrinks where the photo's head
is narrower. Only the outline is measured; the rest of the shell is the smoothest surface through it (a
membrane over the mesh, pulled toward its mirror image), so it closes over the back of the head. The face
never moves.

Regions on the head: each vertex the photo saw frankly takes the photo's region (hair, skin, clothing);
the others take the smoothest blend of what was seen (hair seen at the temples and crown carries on over
the back of the head; skin seen on both sides of the neck closes behind it).

Neck: its lower part stays with the torso, fading to the head's skinning above, so head turns twist the
neck while the torso stays put.
"""

from __future__ import annotations

import dataclasses

import cv2
import numpy as np
import scipy.sparse as sp
import scipy.sparse.linalg as spla
import torch
from scipy.spatial import cKDTree

from backend.portrait import CLOTHING, FACE, HAIR, NECK, PortraitAnalysis
from backend.render import rasterize, to_camera, vertex_normals
from backend.render.views import view_tensors
from flame_assets.head_model import HeadModel
from protocols.views import CameraView

# Soft region classes on the bust.
SOFT_HAIR, SOFT_SKIN, SOFT_CLOTHING = 0, 1, 2
_PHOTO_TO_SOFT = {HAIR: SOFT_HAIR, FACE: SOFT_SKIN, NECK: SOFT_SKIN, CLOTHING: SOFT_CLOTHING}


@dataclasses.dataclass(frozen=True)
class ShellConfig:
    iterations: int = 4
    max_out_m: float = 0.09  # hair reaches at most this far beyond the skull
    max_in_m: float = 0.012  # the skull may shrink this much where the photo's head is narrower
    smoothness: float = 0.6  # membrane weight against the outline constraints
    symmetry: float = 0.15  # pull of each unseen vertex toward its mirror vertex's displacement
    neck_stay_m: float = 0.05  # the lowest part of the neck that stays with the torso, fading up
    hang_taper: float = 0.1  # hair hanging behind the head narrows by this share down to its lowest point
    hang_weight: float = 0.5
    # Then the outline alone is brought onto the photo's: the membrane is smooth enough to shape the back of
    # the head but rounds the photo's outline off inward by a few pixels (hair shown as background in the
    # photo's own view). These passes move the outline vertices with the rest of the shell held (each vertex
    # kept at its shape with this weight against the outline's 1), so the correction stays near the rim.
    outline_passes: int = 3
    outline_hold: float = 0.2
    outline_smoothness: float = 0.1


def mesh_laplacian(faces: np.ndarray, n: int) -> sp.csr_matrix:
    """Uniform graph Laplacian (n, n) of a triangle mesh: sum over edges of (x_i - x_j)^2 = x^T L x."""
    e = np.concatenate([faces[:, [0, 1]], faces[:, [1, 2]], faces[:, [2, 0]]])
    e = np.unique(np.sort(e, 1), axis=0)
    A = sp.coo_matrix((np.ones(len(e)), (e[:, 0], e[:, 1])), shape=(n, n))
    A = (A + A.T).tocsr()
    return (sp.diags(np.asarray(A.sum(1)).ravel()) - A).tocsr()


def mirror_index(rest: np.ndarray) -> np.ndarray:
    """(V,) the vertex nearest to each vertex's mirror image across x = 0."""
    return cKDTree(rest).query(rest * np.array([-1.0, 1.0, 1.0]))[1]


def _interior(head: HeadModel) -> np.ndarray:
    """Vertices that are not outer surface: eyeballs, mouth cavity, teeth."""
    inner = np.zeros(head.num_vertices, bool)
    for key in ("eyes", "mouth_interior", "teeth"):
        if key in head.masks:
            inner |= head.masks[key]
    return inner


def outer_faces(head: HeadModel) -> np.ndarray:
    inner = _interior(head)
    return head.f[~inner[head.f].any(1)]


@dataclasses.dataclass
class _View:
    xy: np.ndarray  # (V, 2) photo pixels (OpenCV centres)
    depth: np.ndarray  # (V,)
    normal_cam: np.ndarray  # (V, 3)
    facing: np.ndarray  # (V,) cos between the normal and the direction to the camera
    visible: np.ndarray  # (V,) bool
    mask: np.ndarray  # (H, W) bool, the mesh's pixels


def look(vertices: np.ndarray, faces: np.ndarray, camera: CameraView, tolerance: float = 0.004) -> _View:
    K, R, t = view_tensors(camera)
    v = torch.tensor(vertices, dtype=torch.float32)[None]
    f = torch.tensor(faces, dtype=torch.long)
    cam = to_camera(v, R, t)
    frags = rasterize(cam, f, K, camera.height, camera.width)
    n = vertex_normals(cam, f)[0].numpy()
    cam = cam[0].numpy()
    depth = cam[:, 2]
    xy = cam[:, :2] / depth[:, None].clip(1e-6) * np.diag(camera.K)[:2] + camera.K[:2, 2]
    ray = cam / np.linalg.norm(cam, axis=1, keepdims=True).clip(1e-9)
    facing = -(n * ray).sum(1)
    mask = frags.mask[0].numpy()
    zbuf = frags.depth[0].numpy()
    px = np.clip(np.round(xy).astype(np.int64), 0, [camera.width - 1, camera.height - 1])
    inside = (xy[:, 0] >= 0) & (xy[:, 0] <= camera.width - 1) & (xy[:, 1] >= 0) & (xy[:, 1] <= camera.height - 1)
    visible = inside & mask[px[:, 1], px[:, 0]] & (depth <= zbuf[px[:, 1], px[:, 0]] + tolerance)
    return _View(xy=xy, depth=depth, normal_cam=n, facing=facing, visible=visible, mask=mask)


def outline_offsets(view: _View, target: np.ndarray, labels: np.ndarray, focal: float, reach_px: int,
                    candidates: np.ndarray, directions_cam: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For the mesh's outline vertices among `candidates`: how far (metres, along the normal) each must move
    so that its image reaches the edge of `target` (the photo's head), and which vertices that applies to.
    `directions_cam` (V, 3): the directions the vertices move in, camera frame; only vertices moving across
    the line of sight take part (one moving along it would need an unbounded move to shift its image).

    March from the vertex's image along its normal's image direction: out to where `target` ends, or in to
    where it starts. Vertices whose image lands on clothing (a collar) get no constraint."""
    h, w = target.shape
    inside = cv2.distanceTransform(view.mask.astype(np.uint8), cv2.DIST_L2, 3)
    outside = cv2.distanceTransform((~view.mask).astype(np.uint8), cv2.DIST_L2, 3)
    px = np.clip(np.round(view.xy).astype(np.int64), 0, [w - 1, h - 1])
    near_edge = np.where(view.mask, inside, outside)[px[:, 1], px[:, 0]] <= 1.5
    d2 = directions_cam[:, :2]
    norm = np.linalg.norm(d2, axis=1)
    rim = candidates & near_edge & (view.facing < 0.35) & (norm > 0.7)
    ids = np.flatnonzero(rim)
    if len(ids) == 0:
        return ids, np.zeros(0)
    direction = d2[ids] / norm[ids, None]
    steps = np.arange(-reach_px, reach_px + 1)
    pts = view.xy[ids, None, :] + steps[None, :, None] * direction[:, None, :]
    q = np.clip(np.round(pts).astype(np.int64), 0, [w - 1, h - 1])
    on = target[q[..., 1], q[..., 0]]  # (N, S)
    lab = labels[q[..., 1], q[..., 0]]
    zero = reach_px
    moves = np.full(len(ids), np.nan)
    start_on = on[:, zero]
    for i in range(len(ids)):
        if start_on[i]:
            off = np.flatnonzero(~on[i, zero:])
            moves[i] = off[0] - 0.5 if len(off) else reach_px
        else:
            if lab[i, zero] == CLOTHING:
                continue  # a collar or a scarf over the neck: the neck's own outline is unknown
            back = np.flatnonzero(on[i, :zero + 1][::-1])
            moves[i] = -(back[0] - 0.5) if len(back) else -reach_px
    keep = np.isfinite(moves)
    ids, moves = ids[keep], moves[keep]
    metres = moves * view.depth[ids] / focal / norm[ids]
    return ids, metres


def solve_membrane(L: sp.csr_matrix, ids: np.ndarray, values: np.ndarray, weights: np.ndarray,
                   smoothness: float, mirror: np.ndarray | None = None, symmetry: float = 0.0,
                   free: np.ndarray | None = None) -> np.ndarray:
    """argmin_x sum_i weights_i (x_ids_i - values_i)^2 + smoothness x^T L x + symmetry |x - x[mirror]|^2
    (the last over `free` vertices only)."""
    n = L.shape[0]
    W = np.zeros(n)
    b = np.zeros((n,) + values.shape[1:])
    np.add.at(W, ids, weights)
    np.add.at(b, ids, weights.reshape((-1,) + (1,) * (values.ndim - 1)) * values)
    A = smoothness * L + sp.diags(W + 1e-6)
    if mirror is not None and symmetry > 0:
        sel = np.ones(n) if free is None else free.astype(float)
        P = sp.coo_matrix((np.ones(n), (np.arange(n), mirror)), shape=(n, n)).tocsr()
        D = sp.diags(sel) @ (sp.eye(n) - P)
        A = A + symmetry * (D.T @ D)
    A = A.tocsc()
    return spla.spsolve(A, b) if b.ndim == 1 else np.stack([spla.spsolve(A, b[:, k]) for k in range(b.shape[1])], 1)


def photo_target(analysis: PortraitAnalysis) -> np.ndarray:
    """The photo's head, neck included: the person's hair, face and neck pixels."""
    lab = analysis.labels
    return (analysis.matte > 0.5) & ((lab == HAIR) | (lab == FACE) | (lab == NECK))


def shell_directions(head: HeadModel, vertices: np.ndarray) -> np.ndarray:
    """(V, 3) unit directions in which the shell grows: away from a centre inside the skull above it and
    horizontally away from the vertical axis through that centre below it. Unlike surface normals, these
    never cross, so large offsets (big hair) cannot fold the mesh over itself."""
    scalp = head.masks.get("scalp")
    ref = vertices[scalp] if scalp is not None and scalp.any() else vertices
    # 11 cm below the crown: about eye height on a head of any size FLAME makes.
    centre = np.array([0.0, float(vertices[:, 1].max()) - 0.11, 0.5 * float(ref[:, 2].min() + ref[:, 2].max())])
    d = vertices - centre
    d[:, 1] = np.where(d[:, 1] < 0, 0.0, d[:, 1])
    return d / np.linalg.norm(d, axis=1, keepdims=True).clip(1e-9)


def _outline_system(d: np.ndarray, ids: np.ndarray, move: np.ndarray, fixed: np.ndarray, hold: float
                    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(vertex ids, target offsets, weights) of a shell solve: the outline vertices `ids` moved by `move`
    (weight 1), the `fixed` ones held at 0 (weight 10), every other vertex kept at its offset in `d` with
    weight `hold`."""
    rest = np.setdiff1d(np.arange(len(d)), np.concatenate([ids, fixed]))
    return (np.concatenate([ids, fixed, rest]), np.concatenate([d[ids] + move, np.zeros(len(fixed)), d[rest]]),
            np.concatenate([np.ones(len(ids)), np.full(len(fixed), 10.0), np.full(len(rest), hold)]))


def hair_shell(head: HeadModel, fitted: np.ndarray, camera: CameraView, analysis: PortraitAnalysis,
               interocular_px: float, config: ShellConfig = ShellConfig()) -> np.ndarray:
    """(V, 3) rest-frame offsets of the head's vertices: the hair/headwear shell. `fitted` (V, 3) is the
    head at the fit, global pose at rest (FLAME frame, as `camera` sees it)."""
    V = head.num_vertices
    faces = outer_faces(head)
    inner = _interior(head)
    face = head.masks.get("face", np.zeros(V, bool))
    normals = shell_directions(head, fitted)
    L = mesh_laplacian(faces, V)
    mirror = mirror_index(head.v_template)
    target = photo_target(analysis)
    focal = float(camera.K[0, 0])
    reach = max(4, int(round(1.2 * interocular_px)))
    y = head.v_template[:, 1]
    neck = head.masks.get("neck", np.zeros(V, bool))
    neck_bottom = neck & (y < y[neck].min() + config.neck_stay_m) if neck.any() else np.zeros(V, bool)
    candidates = ~inner & ~face & ~neck_bottom
    # Fixed: the face, the interior and the neck's bottom (it stays inside the torso).
    fixed = np.flatnonzero(face | inner | neck_bottom)
    d = np.zeros(V)
    for _ in range(config.iterations):
        current = fitted + d[:, None] * normals
        view = look(current, faces, camera)
        ids, move = outline_offsets(view, target, analysis.labels, focal, reach, candidates, normals @ camera.R.T)
        # Vertices the outline does not constrain keep the previous shell weakly (the iterations converge).
        ids_all, values, weights = _outline_system(d, ids, move, fixed, 0.02)
        hang_ids, hang_d = hanging_hair(fitted, d, normals, view, analysis.labels, candidates & ~view.visible,
                                        config.hang_taper)
        ids_all = np.concatenate([ids_all, hang_ids])
        values = np.concatenate([values, hang_d])
        weights = np.concatenate([weights, np.full(len(hang_ids), config.hang_weight)])
        d = solve_membrane(L, ids_all, values, weights, config.smoothness, mirror, config.symmetry, ~view.visible)
        d = np.clip(d, -config.max_in_m, config.max_out_m)
        d[fixed] = 0.0
    for _ in range(config.outline_passes):
        view = look(fitted + d[:, None] * normals, faces, camera)
        ids, move = outline_offsets(view, target, analysis.labels, focal, reach, candidates, normals @ camera.R.T)
        d = solve_membrane(L, *_outline_system(d, ids, move, fixed, config.outline_hold), config.outline_smoothness)
        d = np.clip(d, -config.max_in_m, config.max_out_m)
        d[fixed] = 0.0
    return (d[:, None] * normals).astype(np.float32)


def hanging_hair(fitted: np.ndarray, d: np.ndarray, directions: np.ndarray, view: "_View", labels: np.ndarray,
                 unseen: np.ndarray, taper: float) -> tuple[np.ndarray, np.ndarray]:
    """Hair hangs: behind the head, from the shell's widest ring (its largest horizontal reach around the
    vertical axis, at and above eye height) down to the lowest hair the photo shows beside the head, the
    shell keeps out at that reach (narrowing by `taper` toward the bottom) instead of curling back in to the
    skull like a cap. Returns the `unseen` vertices it lifts and their offsets along `directions` (metres)."""
    h, w = labels.shape
    px = np.clip(np.round(view.xy).astype(np.int64), 0, [w - 1, h - 1])
    hair_px = view.visible & (labels[px[:, 1], px[:, 0]] == HAIR)
    if not hair_px.any():
        return np.zeros(0, np.int64), np.zeros(0)
    shell = fitted + d[:, None] * directions
    top = float(fitted[:, 1].max())
    eye_y = top - 0.11  # as in shell_directions
    low_y = float(fitted[hair_px, 1].min())
    if low_y >= eye_y:
        return np.zeros(0, np.int64), np.zeros(0)
    centre = np.array([0.0, eye_y, float(np.median(fitted[:, 2]))])
    rel = shell - centre
    azimuth = np.arctan2(rel[:, 0], rel[:, 2])
    reach = np.hypot(rel[:, 0], rel[:, 2])
    bins = np.linspace(-np.pi, np.pi, 37)
    b = np.clip(np.digitize(azimuth, bins) - 1, 0, 35)
    ring = (shell[:, 1] >= eye_y) & (shell[:, 1] <= eye_y + 0.04)
    widest = np.zeros(36)
    np.maximum.at(widest, b[ring], reach[ring])
    behind = unseen & (rel[:, 2] < 0) & (shell[:, 1] < eye_y) & (shell[:, 1] >= low_y)
    frac = (eye_y - shell[:, 1]) / max(eye_y - low_y, 1e-6)
    want = widest[b] * (1 - taper * frac)
    radial = np.stack([rel[:, 0], np.zeros(len(rel)), rel[:, 2]], 1) / np.maximum(reach, 1e-9)[:, None]
    along = (directions * radial).sum(1)  # how much of a step along the direction goes outward
    lift = behind & (want > reach) & (along > 0.5)
    ids = np.flatnonzero(lift)
    return ids, d[ids] + (want[ids] - reach[ids]) / along[ids]


def vertex_regions(head: HeadModel, vertices: np.ndarray, camera: CameraView, analysis: PortraitAnalysis,
                   smoothness: float = 1.0) -> np.ndarray:
    """(V, 3) soft region weights (hair, skin, clothing) of the bust head's vertices: the photo's region
    where it saw the vertex frankly, the smoothest blend of those elsewhere."""
    V = head.num_vertices
    faces = outer_faces(head)
    view = look(vertices, faces, camera)
    h, w = analysis.labels.shape
    px = np.clip(np.round(view.xy).astype(np.int64), 0, [w - 1, h - 1])
    lab = analysis.labels[px[:, 1], px[:, 0]]
    in_person = analysis.matte[px[:, 1], px[:, 0]] > 0.5
    seen = view.visible & (view.facing > 0.3) & in_person & np.isin(lab, list(_PHOTO_TO_SOFT))
    ids = np.flatnonzero(seen)
    onehot = np.zeros((len(ids), 3))
    onehot[np.arange(len(ids)), [_PHOTO_TO_SOFT[int(v)] for v in lab[ids]]] = 1.0
    weights = np.clip((view.facing[ids] - 0.3) / 0.4, 0.1, 1.0)
    # The face is skin whatever colour the photo gives it (make-up, a shadow); so are the ears unseen.
    face = head.masks.get("face", np.zeros(V, bool))
    fids = np.flatnonzero(face & ~seen)
    skin = np.zeros((len(fids), 3))
    skin[:, SOFT_SKIN] = 1.0
    # Hair falls as low behind the head as the photo shows it beside the head: the back of the head is hair
    # down to the lowest hair seen on the head's sides (not skin from the ears up, a cap over a bare nape).
    hair_seen = seen & (lab == HAIR) & ~face
    behind = ~view.visible & ~face & (vertices[:, 2] < np.percentile(vertices[:, 2], 35))
    hids = np.flatnonzero(behind & (vertices[:, 1] >= vertices[hair_seen, 1].min())) if hair_seen.any() \
        else np.zeros(0, np.int64)
    hair = np.zeros((len(hids), 3))
    hair[:, SOFT_HAIR] = 1.0
    ids = np.concatenate([ids, fids, hids])
    values = np.concatenate([onehot, skin, hair])
    weights = np.concatenate([weights, np.full(len(fids), 1.0), np.full(len(hids), 0.5)])
    L = mesh_laplacian(faces, V)
    soft = solve_membrane(L, ids, values, weights, smoothness, mirror_index(head.v_template), 0.2, ~seen)
    soft = np.clip(soft, 0, None)
    soft = collar_round_neck(head, vertices, soft, seen, lab)
    return (soft / soft.sum(1, keepdims=True).clip(1e-6)).astype(np.float32)


def collar_round_neck(head: HeadModel, vertices: np.ndarray, soft: np.ndarray, seen: np.ndarray, lab: np.ndarray,
                      fade_m: float = 0.006) -> np.ndarray:
    """A collar the photo shows on the neck goes round it at the height it has where the photo sees it. The
    blend alone carried clothing up the neck's sides (seen under the jaw, where the collar rises out of
    sight) and none round the back, so a head turned 45 degrees showed a wedge of collar standing beside the
    jaw. Unseen neck vertices below the collar's height are clothing; above it they keep their blend with
    its clothing turned to skin; the two fade into each other over `fade_m`."""
    neck = head.masks.get("neck")
    collar = seen & neck & (lab == CLOTHING) if neck is not None else None
    if collar is None or collar.sum() < 5:
        return soft
    top = float(np.percentile(vertices[collar, 1], 90))
    unseen = neck & ~seen
    out = soft.copy()
    out[unseen, SOFT_SKIN] += out[unseen, SOFT_CLOTHING]
    out[unseen, SOFT_CLOTHING] = 0.0
    w = np.clip((top - vertices[unseen, 1]) / fade_m + 0.5, 0, 1)[:, None]
    clothing = np.zeros(3)
    clothing[SOFT_CLOTHING] = 1.0
    out[unseen] = (1 - w) * out[unseen] + w * clothing
    return out


def neck_stay(head: HeadModel, fade_m: float) -> np.ndarray:
    """(V,) how much of each head vertex stays with the torso instead of following the head's skinning:
    1 at the neck's bottom, fading to 0 over `fade_m` (smoothstep), 0 elsewhere."""
    V = head.num_vertices
    neck = head.masks.get("neck")
    if neck is None or not neck.any():
        return np.zeros(V, np.float32)
    y = head.v_template[:, 1]
    bottom = y[neck].min()
    t = np.clip((y - bottom) / max(fade_m, 1e-6), 0, 1)
    stay = 1 - t * t * (3 - 2 * t)
    stay[~neck] = 0.0
    # Vertices next to the neck but outside its mask (none reach this low on FLAME heads) keep 0.
    return stay.astype(np.float32)
