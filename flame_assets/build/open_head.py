"""Build the project's own open head model in FLAME's array layout.

    python -m flame_assets.build.open_head [-o flame_assets/data/open_head.npz]

Deterministic: the same inputs (the astronaut portrait in scikit-image, MediaPipe's face mesh) give the
same arrays. The result is freely licensable (see flame_assets/data/OPEN_HEAD.md): no FLAME data is used.
Vertex order: the 468 MediaPipe face vertices first (so landmark i is vertex i), then skull and neck, the
left eyeball, the right eyeball, and the mouth cavity.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
from scipy.optimize import nnls

from flame_assets.head_model import HeadModel, LandmarkEmbedding
from protocols.flame_conventions import JOINT_NAMES, NUM_JOINTS, NUM_POSE_CORRECTIVES

from . import bases
from .face_scan import NUM_FACE, build_face_scan
from .head_shell import NECK_CUT_DEG, build_eyeball, build_mouth_cavity, build_shell
from .mesh_ops import geodesic_from, smooth_region, smoothstep, vertex_normals

CM = 0.01
NAME = "mvportrait-open-head"
VERSION = "open-1"
N_SHAPE, N_EXPR = 300, 100

# iBUG-68 landmarks as MediaPipe vertices, chosen by what each point marks (jaw is resampled below).
IBUG_BROWS = (70, 63, 105, 66, 107, 336, 296, 334, 293, 300)
IBUG_NOSE = (168, 197, 5, 4, 75, 97, 2, 326, 305)
IBUG_EYES = (33, 160, 158, 133, 153, 144, 362, 385, 387, 263, 373, 380)
IBUG_MOUTH = (61, 39, 37, 0, 267, 269, 291, 405, 314, 17, 84, 181, 78, 82, 13, 312, 308, 317, 14, 87)


def regress_point(v: np.ndarray, ids: np.ndarray, target: np.ndarray) -> np.ndarray:
    """Non-negative weights over `ids`, summing to one, whose blend of vertices hits `target`."""
    A = np.vstack([v[ids].T, 100.0 * np.ones(len(ids))])
    b = np.concatenate([target, [100.0]])
    w, _ = nnls(A, b)
    w /= w.sum()
    return w


def build_open_head(landmarks: np.ndarray | None = None) -> HeadModel:
    scan = build_face_scan(landmarks)
    shell = build_shell(scan)
    eye_l = build_eyeball(scan.vertices[scan.eye_left_loop])
    eye_r = build_eyeball(scan.vertices[scan.eye_right_loop])
    cavity = build_mouth_cavity(scan.vertices, scan.mouth_loop)

    # ---------------------------------------------------------------- assemble the mesh
    n_shell = len(shell.vertices)
    off_el = NUM_FACE + n_shell
    off_er = off_el + len(eye_l.vertices)
    off_mc = off_er + len(eye_r.vertices)
    v = np.concatenate([scan.vertices, shell.vertices, eye_l.vertices, eye_r.vertices, cavity.vertices])
    V = len(v)
    # Soften the crease where the skull meets the face contour (the rim of the neck stays put).
    skin_f = np.concatenate([scan.faces, shell.faces])
    dist_oval = np.min(np.linalg.norm(v[:, None, :] - v[None, scan.oval, :], axis=2), axis=1)
    movable = np.zeros(V)
    movable[NUM_FACE:NUM_FACE + n_shell] = np.exp(-(dist_oval[NUM_FACE:NUM_FACE + n_shell] / (2.0 * CM)) ** 2)
    movable[scan.oval] = 0.5
    movable[shell.neck_loop] = 0.0
    v = smooth_region(v, skin_f, movable, iterations=20)
    cav_f = cavity.faces.copy()
    cav_f[cav_f < 0] = off_mc + (-cav_f[cav_f < 0] - 1)
    groups = {
        "skin": np.concatenate([scan.faces, shell.faces]),
        "eye_left": eye_l.faces + off_el,
        "eye_right": eye_r.faces + off_er,
        "mouth": cav_f,
    }
    f = np.concatenate(list(groups.values())).astype(np.int64)
    skin = np.zeros(V, bool)
    skin[: NUM_FACE + n_shell] = True
    eye_ids = (np.arange(off_el, off_er), np.arange(off_er, off_mc))
    cavity_ids = np.arange(off_mc, V)

    # ---------------------------------------------------------------- joints (regressed from vertices)
    J_reg = np.zeros((NUM_JOINTS, V))
    rim = shell.neck_loop
    J_reg[0, rim] = 1.0 / len(rim)
    root = v[rim].mean(0)
    shell_ids = np.arange(NUM_FACE, NUM_FACE + n_shell)
    neck_target = np.array([0.0, -6.0 * CM, root[2] - 0.5 * CM])
    neck_ids = shell_ids[np.abs(v[shell_ids, 1] - neck_target[1]) < 1.5 * CM]
    J_reg[1, neck_ids] = regress_point(v, neck_ids, neck_target)
    jaw_target = np.array([0.0, -2.6 * CM, -6.0 * CM])
    ear_ids = shell_ids[(np.abs(np.abs(v[shell_ids, 0]) - 6.5 * CM) < 1.5 * CM)
                        & (np.abs(v[shell_ids, 1] - jaw_target[1]) < 1.5 * CM)
                        & (np.abs(v[shell_ids, 2] - jaw_target[2]) < 2.0 * CM)]
    J_reg[2, ear_ids] = regress_point(v, ear_ids, jaw_target)
    J_reg[3, eye_ids[0]] = 1.0 / len(eye_ids[0])
    J_reg[4, eye_ids[1]] = 1.0 / len(eye_ids[1])
    J = J_reg @ v

    # ---------------------------------------------------------------- skinning weights
    y, z = v[:, 1], v[:, 2]
    head = smoothstep(J[0, 1] + 2.0 * CM, J[1, 1] + 0.5 * CM, y)  # neck joint vs root along the neck
    # Jaw: below the line from the jaw joint through the mouth's centre; lips split exactly at the opening.
    mouth_line = 0.5 * (v[13] + v[14]) - J[2]
    ang_lip = np.arctan2(mouth_line[1], mouth_line[2])
    ang = np.arctan2(y - J[2, 1], z - J[2, 2])
    jaw = smoothstep(ang_lip + 0.02, ang_lip - 0.12, ang)
    upper_lip_side = geodesic_from(v, f, bases.LOWER_LIP_INNER, allowed=skin) - geodesic_from(
        v, f, bases.UPPER_LIP_INNER, allowed=skin)
    lips_split = smoothstep(-0.3 * CM, 0.3 * CM, -upper_lip_side)  # 1 on the lower-lip side
    near_mouth = np.exp(-(np.linalg.norm(v - 0.5 * (v[13] + v[14]), axis=1) / (3.0 * CM)) ** 2)
    jaw = near_mouth * lips_split + (1 - near_mouth) * jaw
    jaw *= smoothstep(J[2, 2] - 0.5 * CM, J[2, 2] + 2.5 * CM, z)  # nothing behind the jaw joint
    chin_y = v[152, 1]
    jaw *= smoothstep(chin_y - 5.5 * CM, chin_y - 0.5 * CM, y)  # fade down the throat
    jaw *= skin
    hang = cavity.lip_of >= 0
    jaw[cavity_ids[hang]] = jaw[scan.mouth_loop[cavity.lip_of[hang]]]
    jaw[cavity_ids[~hang]] = 0.5
    head[cavity_ids] = 1.0
    W = np.zeros((V, NUM_JOINTS))
    W[:, 0] = (1 - head) * (1 - jaw)
    W[:, 1] = head * (1 - jaw)
    W[:, 2] = jaw
    for k, ids in ((3, eye_ids[0]), (4, eye_ids[1])):
        W[ids] = 0.0
        W[ids, k] = 1.0

    # ---------------------------------------------------------------- pose correctives
    normals = vertex_normals(v, f)
    P = np.zeros((V, 3, NUM_POSE_CORRECTIVES))
    # Feature index of joint j (1..4) and rotation-matrix entry (r, c): (j - 1) * 9 + 3 r + c.
    band = 4 * jaw * (1 - jaw)
    P[:, :, 9 + 3 * 2 + 1] = band[:, None] * np.stack(
        [-np.sign(v[:, 0]) * 0.4 * CM, np.full(V, -0.2 * CM), np.full(V, -0.6 * CM)], -1)  # jaw open: cheeks draw in
    throat = 4 * head * (1 - head) * smoothstep(J[1, 2] - 1 * CM, J[1, 2] + 3 * CM, z) * skin
    P[:, :, 3 * 2 + 1] = throat[:, None] * normals * 1.0 * CM  # head pitched down: the throat bulges
    neck_band = 4 * head * (1 - head) * skin
    radial = v - J[1]
    radial[:, 1] = 0
    radial /= np.maximum(np.linalg.norm(radial, axis=1, keepdims=True), 1e-9)
    P[:, :, 0] = -neck_band[:, None] * radial * 2.0 * CM  # head turned: keep the neck's volume

    # ---------------------------------------------------------------- blendshapes
    parts = bases.HeadParts(
        v=v, f=f, skin=skin, eye_ids=eye_ids, eye_centres=(eye_l.centre, eye_r.centre), cavity_ids=cavity_ids,
        cavity_lip=np.where(hang, scan.mouth_loop[np.maximum(cavity.lip_of, 0)], -1),
        cavity_depth=(cavity.ring_of / cavity.ring_of.max()).astype(float), head_centre=np.array([0, 0, -0.07]))
    shape_dirs, shape_names = bases.identity_basis(parts, N_SHAPE)
    expr_dirs, expr_names = bases.expression_basis(parts, N_EXPR)
    eyelid_dirs = np.stack([_eyelid_closing(v, f, skin, scan.eye_left_loop, eye_l.centre),
                            _eyelid_closing(v, f, skin, scan.eye_right_loop, eye_r.centre)], -1)

    # ---------------------------------------------------------------- UVs, landmarks, masks
    vt, ft = _uv_atlas(shell, eye_l, eye_r, cavity, scan.mouth_loop, groups, off_el, off_er, off_mc, V)
    landmarks = _landmarks(f, scan.oval, v, (eye_l.iris_ids + off_el, eye_r.iris_ids + off_er))
    masks = _masks(v, skin, eye_ids, cavity_ids, cavity.ring_of, shell_ids, scan)

    kintree = np.array([[2 ** 32 - 1, 0, 1, 1, 1], [0, 1, 2, 3, 4]], dtype=np.int64)
    return HeadModel(
        name=NAME, flame_version=VERSION,
        v_template=v.astype(np.float32),
        shapedirs=np.concatenate([shape_dirs, expr_dirs], -1).astype(np.float32),
        n_shape=N_SHAPE, n_expr=N_EXPR,
        posedirs=P.astype(np.float32), J_regressor=J_reg.astype(np.float32), weights=W.astype(np.float32),
        kintree_table=kintree, f=f, eyelid_dirs=eyelid_dirs.astype(np.float32),
        vt=vt.astype(np.float32), ft=ft, landmarks=landmarks, masks=masks,
        expression_names=expr_names, shape_names=shape_names,
        meta={
            "license": "CC0-1.0 for the generated arrays; face topology from MediaPipe (Apache-2.0)",
            "source": "flame_assets/build/open_head.py: MediaPipe face mesh on skimage.data.astronaut() "
                      "(public domain), skull, neck, eyes and mouth cavity generated procedurally",
            "joints": list(JOINT_NAMES),
            "face_groups": {k: int(len(g)) for k, g in groups.items()},
        },
    )


def _eyelid_closing(v, f, skin, loop, centre) -> np.ndarray:
    """Displacements that bring the upper lid down to meet the lower lid over the eyeball."""
    loop = np.asarray(loop)
    lp = v[loop]
    i0, i1 = int(np.argmin(lp[:, 0])), int(np.argmax(lp[:, 0]))
    corner_y = np.interp(lp[:, 0], [lp[i0, 0], lp[i1, 0]], [lp[i0, 1], lp[i1, 1]])
    is_upper = (lp[:, 1] > corner_y + 1e-5)
    is_lower = ~is_upper
    upper_ids, lower = loop[is_upper], lp[is_lower]
    order = np.argsort(lower[:, 0])
    disp_margin = np.zeros((len(upper_ids), 3))
    r_eye = np.linalg.norm(lp - centre, axis=1).mean()
    for k, vid in enumerate(upper_ids):
        p = v[vid]
        meet = np.array([p[0], np.interp(p[0], lower[order, 0], lower[order, 1]),
                         np.interp(p[0], lower[order, 0], lower[order, 2])])
        meet[1] += 0.15 * (p[1] - meet[1])
        # Keep the closed lid proud of the eyeball so the lid never dips into it mid-blink.
        radial = meet - centre
        meet = centre + radial / np.linalg.norm(radial) * max(np.linalg.norm(radial), r_eye + 0.25 * CM)
        disp_margin[k] = meet - p
    d_upper = geodesic_from(v, f, upper_ids, allowed=skin)
    d_lower = geodesic_from(v, f, loop[is_lower], allowed=skin)
    upper_side = smoothstep(-0.05 * CM, 0.25 * CM, d_lower - d_upper)
    fall = np.exp(-(d_upper / (0.75 * CM)) ** 2) * upper_side * skin
    nearest = np.argmin(np.linalg.norm(v[:, None, :] - v[None, upper_ids, :], axis=2), axis=1)
    out = disp_margin[nearest] * fall[:, None]
    out[upper_ids] = disp_margin
    return out


def _uv_atlas(shell, eye_l, eye_r, cavity, mouth_loop, groups, off_el, off_er, off_mc, V):
    """One texture: the skin as a disk (top of head in the middle, face upright in the lower half), eyes and
    mouth cavity in three corners."""
    uv = np.zeros((V, 2))
    chart = shell.chart_uv  # (theta cos phi, theta sin phi) with phi = 0 toward the face
    scale = 0.5 / np.radians(NECK_CUT_DEG)
    n_skin = len(chart)
    uv[:n_skin, 0] = 0.5 + chart[:, 1] * scale
    uv[:n_skin, 1] = 0.5 - chart[:, 0] * scale
    corner = 0.14
    vt = [uv]
    ft_groups = [groups["skin"]]
    for eye, off, (cu, cv) in ((eye_l, off_el, (1 - corner / 2, 1 - corner / 2)),
                               (eye_r, off_er, (corner / 2, 1 - corner / 2))):
        base = sum(len(a) for a in vt)
        e_uv = np.stack([cu + eye.uv[:, 0] * corner / 2, cv + eye.uv[:, 1] * corner / 2], -1)
        vt.append(e_uv)
        ft = eye.faces + base
        # Faces at the back pole get their own pole corner, on the rim between their two neighbours.
        back = np.flatnonzero((eye.faces == eye.back_pole).any(1))
        extra = []
        for fi in back:
            others = [c for c in eye.faces[fi] if c != eye.back_pole]
            a = np.arctan2(*(eye.uv[others].mean(0)[::-1]))
            extra.append([cu + np.cos(a) * corner / 2, cv + np.sin(a) * corner / 2])
            k = int(np.flatnonzero(eye.faces[fi] == eye.back_pole)[0])
            ft[fi, k] = base + len(e_uv) + len(extra) - 1
        vt.append(np.array(extra))
        ft_groups.append(ft)
    base = sum(len(a) for a in vt)
    m_uv = np.stack([1 - corner + cavity.uv[:, 0] * corner, cavity.uv[:, 1] * corner], -1)
    vt.append(m_uv)
    # cavity.uv lists the lip loop first, then the cavity's own vertices in order.
    remap = {int(vid): base + k for k, vid in enumerate(mouth_loop)}
    n_loop = len(mouth_loop)
    ft = np.vectorize(lambda i: remap[i] if i in remap else base + n_loop + (i - off_mc))(groups["mouth"])
    ft_groups.append(ft)
    return np.concatenate(vt), np.concatenate(ft_groups).astype(np.int64)


def _vertex_embedding(f: np.ndarray, vertex_ids) -> LandmarkEmbedding:
    """Landmarks that sit exactly on vertices: any face holding the vertex, with a one-hot barycentric."""
    first_face = np.full(f.max() + 1, -1)
    for fi in range(len(f) - 1, -1, -1):
        first_face[f[fi]] = fi
    face_idx = first_face[np.asarray(vertex_ids)]
    bary = (f[face_idx] == np.asarray(vertex_ids)[:, None]).astype(np.float32)
    return LandmarkEmbedding(face_idx.astype(np.int64), bary)


def _landmarks(f, oval, v, iris) -> dict[str, LandmarkEmbedding]:
    mp_ids = np.concatenate([np.arange(NUM_FACE), iris[1], iris[0]])  # 468..472 right iris, 473..477 left
    # iBUG jaw: 17 points evenly along the lower face contour, from the subject's right ear level to the left.
    oval = list(oval)
    start, end = oval.index(127), oval.index(356)
    path = []
    i = start
    while True:
        path.append(oval[i])
        if i == end:
            break
        i = (i + 1) % len(oval) if 152 in (oval[start:] + oval[:end + 1]) else (i - 1) % len(oval)
    if 152 not in path:  # walked the wrong way round the contour
        path, i = [], start
        while True:
            path.append(oval[i])
            if i == end:
                break
            i = (i - 1) % len(oval)
    seg = np.linalg.norm(np.diff(v[path], axis=0), axis=1)
    s = np.concatenate([[0], np.cumsum(seg)])
    targets = np.linspace(0, s[-1], 17)
    jaw = [path[int(np.argmin(np.abs(s - t)))] for t in targets]
    ibug = np.array(jaw + list(IBUG_BROWS) + list(IBUG_NOSE) + list(IBUG_EYES) + list(IBUG_MOUTH))
    assert len(ibug) == 68
    return {
        "mediapipe": _vertex_embedding(f, mp_ids),
        "ibug68": _vertex_embedding(f, ibug),
        "flame51": _vertex_embedding(f, ibug[17:]),
    }


def _masks(v, skin, eye_ids, cavity_ids, ring_of, shell_ids, scan) -> dict[str, np.ndarray]:
    V = len(v)

    def m(ids):
        out = np.zeros(V, bool)
        out[np.asarray(ids)] = True
        return out

    face = m(np.arange(NUM_FACE))
    shell = m(shell_ids)
    ears = shell & (np.abs(v[:, 0]) > 6.6 * CM) & (np.abs(v[:, 1] + 2.0 * CM) < 3.2 * CM) & (
        np.abs(v[:, 2] + 7.2 * CM) < 2.2 * CM)
    chin_y = v[152, 1]
    neck = shell & (v[:, 1] < chin_y - 0.32 * v[:, 2] + 0.5 * CM) & ~ears
    scalp = shell & ~ears & ~neck & ((v[:, 1] > 0.5 * CM) | (v[:, 2] < -11.0 * CM))
    lips_poly = v[list(bases.LIP_OUTER_LOOP), :2]
    from .head_shell import _inside_polygon

    lips = face & (_inside_polygon(v[:, :2], lips_poly) | m(bases.LIP_OUTER_LOOP))
    return {
        "face": face, "scalp": scalp, "neck": neck, "ears": ears, "skin": skin.copy(),
        "eyes": m(np.concatenate(eye_ids)), "eye_left": m(eye_ids[0]), "eye_right": m(eye_ids[1]),
        "lips": lips, "mouth_interior": m(cavity_ids), "teeth": m(cavity_ids[ring_of == 1]),
    }


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("-o", "--output", default=str(Path(__file__).resolve().parents[1] / "data" / "open_head.npz"))
    args = ap.parse_args(argv)
    model = build_open_head()
    path = model.save(args.output)
    print(f"wrote {path}: {model.num_vertices} vertices, {len(model.f)} faces, sha256 {model.sha256()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
