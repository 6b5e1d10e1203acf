"""The open head's face: MediaPipe face-mesh topology (Apache-2.0) fitted to the public-domain
astronaut portrait shipped with scikit-image, turned into a frontal, symmetric, neutral face in metres.

Only the head-model build uses this module (it needs mediapipe and scikit-image); the product loads the
built `.npz`.
"""

from __future__ import annotations

import dataclasses

import numpy as np
from scipy.optimize import linear_sum_assignment, minimize

from .mesh_ops import boundary_loops, geodesic_from, orient_consistently, rotation_matrix, smoothstep

NUM_FACE = 468
# Iris landmarks: centre, then +x, +y, -x, -y in the subject's frame (checked on a detection).
IRIS_RIGHT = (468, 469, 470, 471, 472)
IRIS_LEFT = (473, 474, 475, 476, 477)
INTERPUPILLARY_M = 0.062  # adult mean, sets the metric scale


@dataclasses.dataclass
class FaceScan:
    vertices: np.ndarray  # (468, 3) metres, FLAME frame, eye midpoint at the origin
    iris: np.ndarray  # (10, 3) landmarks 468..477
    faces: np.ndarray  # (F, 3) oriented outward
    oval: np.ndarray  # ordered outer boundary loop
    eye_left_loop: np.ndarray
    eye_right_loop: np.ndarray
    mouth_loop: np.ndarray
    mirror: np.ndarray  # (468,) index of each vertex's mirror partner


def detect_astronaut_landmarks() -> np.ndarray:
    """478 MediaPipe landmarks of skimage's astronaut, in pixels: x right, y up, z toward the camera."""
    import mediapipe as mp
    import skimage.data

    image = skimage.data.astronaut()
    with mp.solutions.face_mesh.FaceMesh(static_image_mode=True, refine_landmarks=True, max_num_faces=1) as mesh:
        result = mesh.process(image)
    if not result.multi_face_landmarks:
        raise RuntimeError("MediaPipe found no face on the astronaut portrait")
    h, w = image.shape[:2]
    pts = np.array([[p.x * w, -p.y * h, -p.z * w] for p in result.multi_face_landmarks[0].landmark])
    return pts


def tessellation_faces() -> np.ndarray:
    """Triangles of the MediaPipe face mesh, recovered from its published edge list.

    Every 3-cycle of the edge graph is a face except the few that close around a vertex fan; those are the
    triangles whose three edges would otherwise be shared by three faces."""
    from mediapipe.python.solutions.face_mesh_connections import FACEMESH_TESSELATION

    edges = {(min(a, b), max(a, b)) for a, b in FACEMESH_TESSELATION}
    adj: dict[int, set[int]] = {i: set() for i in range(NUM_FACE)}
    for a, b in edges:
        adj[a].add(b)
        adj[b].add(a)
    tris = sorted({tuple(sorted((a, b, k))) for a, b in edges for k in adj[a] & adj[b]})
    use: dict[tuple[int, int], int] = {}
    for t in tris:
        for e in ((t[0], t[1]), (t[0], t[2]), (t[1], t[2])):
            use[e] = use.get(e, 0) + 1
    keep = [t for t in tris if not all(use[e] > 2 for e in ((t[0], t[1]), (t[0], t[2]), (t[1], t[2])))]
    return np.array(keep, dtype=np.int64)


def _mirror(p: np.ndarray) -> np.ndarray:
    return p * np.array([-1.0, 1.0, 1.0])


def _euler_yr(yaw: float, roll: float) -> np.ndarray:
    return rotation_matrix([0, 0, 1], roll) @ rotation_matrix([0, 1, 0], yaw)


def frontalize(pts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Rotate and scale the detection so the face is upright and frontal; returns points and mirror pairs."""
    pts = pts - 0.5 * (pts[IRIS_RIGHT[0]] + pts[IRIS_LEFT[0]])
    # First guess: the eye-corner line along +x.
    u = pts[263] - pts[33]
    u /= np.linalg.norm(u)
    axis = np.cross(u, [1.0, 0, 0])
    if np.linalg.norm(axis) > 1e-9:
        pts = pts @ rotation_matrix(axis, np.arcsin(np.linalg.norm(axis))).T
    face = pts[:NUM_FACE]
    # Mirror partners: one-to-one nearest match of the mirrored face onto itself.
    cost = np.linalg.norm(face[:, None, :] - _mirror(face)[None, :, :], axis=2)
    _, mirror = linear_sum_assignment(cost)
    bad = np.flatnonzero(mirror[mirror] != np.arange(NUM_FACE))
    if len(bad):
        raise RuntimeError(f"mirror matching is not an involution for {len(bad)} landmarks")

    # Yaw and roll that make the face most symmetric (pitch does not change symmetry).
    def asym(x):
        s = face @ _euler_yr(*x).T
        s = s - [s[:, 0].mean(), 0, 0]
        return float(np.sum((_mirror(s[mirror]) - s) ** 2))

    res = minimize(asym, [0.0, 0.0], method="Nelder-Mead", options={"xatol": 1e-7, "fatol": 1e-9})
    pts = pts @ _euler_yr(*res.x).T
    # Pitch: the face-oval plane stands vertical (its normal has no vertical part).
    oval = pts[list(_OVAL_IDS)]
    normal = np.linalg.svd(oval - oval.mean(0))[2][2]
    normal *= np.sign(normal[2])
    pitch = np.arctan2(normal[1], normal[2])
    pts = pts @ rotation_matrix([1, 0, 0], pitch).T
    pts = pts - 0.5 * (pts[IRIS_RIGHT[0]] + pts[IRIS_LEFT[0]])
    scale = INTERPUPILLARY_M / np.linalg.norm(pts[IRIS_LEFT[0]] - pts[IRIS_RIGHT[0]])
    return pts * scale, mirror


def symmetrize(pts: np.ndarray, mirror: np.ndarray) -> np.ndarray:
    out = pts.copy()
    out[:NUM_FACE] = 0.5 * (pts[:NUM_FACE] + _mirror(pts[mirror]))
    r, l = np.array(IRIS_RIGHT), np.array(IRIS_LEFT)
    # The mirror of an iris's +x point is the other iris's -x point.
    partner_l = l[[0, 3, 2, 1, 4]]
    out[r] = 0.5 * (pts[r] + _mirror(pts[partner_l]))
    out[partner_l] = _mirror(out[r])
    return out


# Outer face contour, in MediaPipe's published order (FACEMESH_FACE_OVAL); used before topology is built.
_OVAL_IDS = (10, 338, 297, 332, 284, 251, 389, 356, 454, 323, 361, 288, 397, 365, 379, 378, 400, 377, 152,
             148, 176, 149, 150, 136, 172, 58, 132, 93, 234, 127, 162, 21, 54, 103, 67, 109)


def neutralize(v: np.ndarray, faces: np.ndarray, mouth_loop: np.ndarray) -> np.ndarray:
    """Undo the portrait's smile: close the parted lips and lower and narrow the mouth corners.

    Moves are spread over the skin with a geodesic falloff, so the upper and lower lip (separated by the
    mouth opening) move independently."""
    v = v.copy()
    corners = np.array([78, 308])
    upper = np.array([191, 80, 81, 82, 13, 312, 311, 310, 415])
    lower = np.array([95, 88, 178, 87, 14, 317, 402, 318, 324])
    gap = v[upper, 1] - v[lower, 1]
    target_gap = 0.0015
    # Close the lips halfway from each side, leaving a slit so the mouth stays an opening.
    move = np.zeros_like(v)
    for ids, sign in ((upper, -1.0), (lower, 1.0)):
        d_src = geodesic_from(v, faces, ids)
        nearest = np.argmin(np.linalg.norm(v[:, None, :2] - v[None, ids, :2], axis=2), axis=1)
        amount = np.clip(gap - target_gap, 0, None)[nearest] * 0.5
        fall = np.exp(-(d_src / 0.012) ** 2)
        side = _lip_side(v, upper if sign < 0 else lower, upper if sign > 0 else lower, faces)
        move[:, 1] += sign * amount * fall * side
    v += move
    # Lower the smiling corners to the height of the lip centre and pull them in a little.
    centre_y = 0.5 * (v[13, 1] + v[14, 1])
    for c in corners:
        d = geodesic_from(v, faces, [c])
        fall = np.exp(-(d / 0.018) ** 2)
        dy = (centre_y - v[c, 1]) * 0.8
        dx = -v[c, 0] * 0.06
        v[:, 0] += dx * fall
        v[:, 1] += dy * fall
    return v


def _lip_side(v, own, other, faces) -> np.ndarray:
    """1 where a vertex is geodesically nearer to `own` lip edge than to the `other`, fading at the corners."""
    d_own = geodesic_from(v, faces, own)
    d_other = geodesic_from(v, faces, other)
    return smoothstep(-0.002, 0.004, d_other - d_own)


def build_face_scan(landmarks: np.ndarray | None = None) -> FaceScan:
    pts = detect_astronaut_landmarks() if landmarks is None else landmarks
    pts, mirror = frontalize(pts)
    pts = symmetrize(pts, mirror)
    faces = tessellation_faces()
    face_v = pts[:NUM_FACE]
    # Orient: the triangle nearest the nose tip faces forward (+z); neighbours follow.
    centroids = face_v[faces].mean(1)
    seed = int(np.argmin(np.linalg.norm(centroids - face_v[1], axis=1)))
    n = np.cross(face_v[faces[seed, 1]] - face_v[faces[seed, 0]], face_v[faces[seed, 2]] - face_v[faces[seed, 0]])
    faces = orient_consistently(faces, seed, seed_flip=n[2] < 0)
    loops = boundary_loops(faces)
    by_len = sorted(loops, key=len, reverse=True)
    oval = by_len[0]
    rest = by_len[1:]
    if len(oval) != 36 or len(rest) != 3:
        raise RuntimeError(f"unexpected face-mesh boundaries: {[len(l) for l in loops]}")
    mouth = next(l for l in rest if 13 in l)
    eyes = [l for l in rest if 13 not in l]
    eye_left = next(l for l in eyes if face_v[l, 0].mean() > 0)
    eye_right = next(l for l in eyes if face_v[l, 0].mean() < 0)
    face_v = neutralize(face_v, faces, mouth)
    face_v = 0.5 * (face_v + _mirror(face_v[mirror]))
    return FaceScan(vertices=face_v, iris=pts[NUM_FACE:], faces=faces, oval=oval, eye_left_loop=eye_left,
                    eye_right_loop=eye_right, mouth_loop=mouth, mirror=mirror)
