"""Close the scanned face into a whole head: skull, ears and neck around it, eyeballs behind the eye
openings, and a mouth cavity behind the lips.

The skull is a smooth union of ellipsoids (a signed distance field) sampled along rays from a point inside
the head. The face and the skull are stitched by triangulating in a 2D chart of ray directions (an
azimuthal map centred on the top of the head), where the face's outer contour is a polygon; the neck's cut
is the chart's outer circle, so the head surface is one disk-shaped sheet with holes only at the eyes.
"""

from __future__ import annotations

import dataclasses

import numpy as np
from scipy.spatial import Delaunay, cKDTree

from .face_scan import FaceScan
from .mesh_ops import rotation_matrix

CM = 0.01
RAY_ORIGIN = np.array([0.0, -1.0, -5.5]) * CM  # on the neck axis, so the neck cut is level
POLE = np.array([0.0, 1.0, 0.0])  # the chart's centre direction; its antipode points down the neck
FRONT = np.array([0.0, 0.0, 1.0])
NECK_CUT_DEG = 161.0
SPACING = 0.55 * CM
EYEBALL_RADIUS = 1.2 * CM
IRIS_RADIUS = 0.585 * CM

# (centre, radii) in cm, in the face scan's frame (eye midpoint at the origin).
_CRANIUM = ((0.0, 1.5, -8.3), (7.4, 9.5, 9.6))
_LOWER_FACE = ((0.0, -6.5, -4.2), (5.7, 5.6, 6.0))
_NECK = ((0.0, -5.5), (5.2, 5.5))  # (x, z) axis and (x, z) radii of a vertical elliptic cylinder
_NECK_TOP = -4.0
_EARS = (((7.25, -2.0, -7.2), (1.2, 2.9, 1.8)), ((-7.25, -2.0, -7.2), (1.2, 2.9, 1.8)))
_BLEND = 1.4  # cm, smooth-union radius


def _ellipsoid_sdf(p, centre, radii):
    q = (p - np.array(centre) * CM) / (np.array(radii) * CM)
    k = np.linalg.norm(q, axis=-1)
    return (k - 1.0) * np.min(radii) * CM  # a conservative distance, enough for root finding


def _smin(a, b, k):
    h = np.clip(0.5 + 0.5 * (b - a) / k, 0.0, 1.0)
    return b * (1 - h) + a * h - k * h * (1 - h)


def skull_sdf(p: np.ndarray) -> np.ndarray:
    d = _ellipsoid_sdf(p, *_CRANIUM)
    d = _smin(d, _ellipsoid_sdf(p, *_LOWER_FACE), _BLEND * CM)
    (nx, nz), (rx, rz) = _NECK
    q = np.stack([(p[..., 0] - nx * CM) / (rx * CM), (p[..., 2] - nz * CM) / (rz * CM)], -1)
    neck = (np.linalg.norm(q, axis=-1) - 1.0) * min(rx, rz) * CM
    neck = np.maximum(neck, p[..., 1] - _NECK_TOP * CM)  # the neck ends inside the head
    d = _smin(d, neck, 2.0 * _BLEND * CM)
    for centre, radii in _EARS:
        d = _smin(d, _ellipsoid_sdf(p, centre, radii), 0.6 * CM)
    return d


def ray_surface(dirs: np.ndarray, origin: np.ndarray = RAY_ORIGIN, t_max: float = 0.4) -> np.ndarray:
    """Distance along each ray to the first crossing of the skull surface."""
    steps = np.arange(1, int(t_max / 0.002) + 1) * 0.002
    d = skull_sdf(origin + dirs[:, None, :] * steps[None, :, None])
    first_out = np.argmax(d > 0, axis=1)
    lo, hi = steps[np.maximum(first_out - 1, 0)], steps[first_out]
    for _ in range(30):
        mid = 0.5 * (lo + hi)
        out = skull_sdf(origin + dirs * mid[:, None]) > 0
        hi = np.where(out, mid, hi)
        lo = np.where(out, lo, mid)
    return 0.5 * (lo + hi)


def chart(p: np.ndarray, origin: np.ndarray = RAY_ORIGIN) -> np.ndarray:
    """Azimuthal-equidistant chart of directions from `origin`, centred on POLE (radians)."""
    d = p - origin
    d = d / np.linalg.norm(d, axis=-1, keepdims=True)
    theta = np.arccos(np.clip(d @ POLE, -1, 1))
    e1 = FRONT - (FRONT @ POLE) * POLE
    e1 /= np.linalg.norm(e1)
    e2 = np.cross(POLE, e1)
    phi = np.arctan2(d @ e2, d @ e1)
    return np.stack([theta * np.cos(phi), theta * np.sin(phi)], -1)


class ConformalChart:
    """The chart with its radius remapped so that the skull, seen as a surface of revolution about POLE, is
    mapped conformally (d log r = ds / rho): Delaunay triangles in it are well shaped on the head too, where
    the plain azimuthal chart squeezes the neck into slivers."""

    def __init__(self, n_theta: int = 400, n_phi: int = 48):
        theta = np.radians(np.linspace(0.5, NECK_CUT_DEG, n_theta))
        phi = np.linspace(0, 2 * np.pi, n_phi, endpoint=False)
        uv = theta[:, None, None] * np.stack([np.cos(phi), np.sin(phi)], -1)[None]
        dirs = chart_inverse(uv.reshape(-1, 2))
        pts = (RAY_ORIGIN + dirs * ray_surface(dirs)[:, None]).reshape(n_theta, n_phi, 3)
        rel = pts - RAY_ORIGIN
        rho = np.linalg.norm(rel - (rel @ POLE)[..., None] * POLE, axis=-1).mean(1)
        ds = np.linalg.norm(np.diff(pts, axis=0), axis=-1).mean(1)
        log_r = np.log(theta[0]) + np.concatenate([[0.0], np.cumsum(ds / (0.5 * (rho[1:] + rho[:-1])))])
        self.theta, self.radius = theta, np.exp(log_r)

    def __call__(self, p: np.ndarray) -> np.ndarray:
        uv = chart(p)
        th = np.linalg.norm(uv, axis=-1, keepdims=True)
        r = np.interp(th, self.theta, self.radius, left=0.0)
        r = np.where(th < self.theta[0], th * self.radius[0] / self.theta[0], r)
        return uv / np.maximum(th, 1e-12) * r


def chart_inverse(uv: np.ndarray) -> np.ndarray:
    theta = np.linalg.norm(uv, axis=-1)
    phi = np.arctan2(uv[..., 1], uv[..., 0])
    e1 = FRONT - (FRONT @ POLE) * POLE
    e1 /= np.linalg.norm(e1)
    e2 = np.cross(POLE, e1)
    return (np.cos(theta)[..., None] * POLE + np.sin(theta)[..., None]
            * (np.cos(phi)[..., None] * e1 + np.sin(phi)[..., None] * e2))


def _fibonacci_dirs(n: int) -> np.ndarray:
    i = np.arange(n) + 0.5
    z = 1 - 2 * i / n
    r = np.sqrt(1 - z * z)
    a = np.pi * (3 - np.sqrt(5)) * i
    return np.stack([r * np.cos(a), z, r * np.sin(a)], -1)


def _poisson_subsample(points: np.ndarray, radius: float) -> np.ndarray:
    """Greedy, order-deterministic subset of points no two closer than `radius`."""
    keep: list[int] = []
    cells: dict[tuple[int, int, int], list[int]] = {}
    inv = 1.0 / radius
    for i, p in enumerate(points):
        c = tuple(np.floor(p * inv).astype(int))
        ok = True
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                for dz in (-1, 0, 1):
                    for j in cells.get((c[0] + dx, c[1] + dy, c[2] + dz), ()):
                        if np.sum((points[j] - p) ** 2) < radius * radius:
                            ok = False
                            break
                    if not ok:
                        break
                if not ok:
                    break
            if not ok:
                break
        if ok:
            keep.append(i)
            cells.setdefault(c, []).append(i)
    return np.array(keep)


def _inside_polygon(points: np.ndarray, poly: np.ndarray) -> np.ndarray:
    """Even-odd rule, vectorised over points."""
    x, y = points[:, 0][:, None], points[:, 1][:, None]
    x0, y0 = poly[:, 0][None], poly[:, 1][None]
    x1, y1 = np.roll(poly[:, 0], -1)[None], np.roll(poly[:, 1], -1)[None]
    crosses = ((y0 > y) != (y1 > y)) & (x < (x1 - x0) * (y - y0) / np.where(y1 == y0, 1e-30, y1 - y0) + x0)
    return np.count_nonzero(crosses, axis=1) % 2 == 1


@dataclasses.dataclass
class Shell:
    vertices: np.ndarray  # (N, 3) skull/neck vertices (not including the face's)
    faces: np.ndarray  # triangles indexing [face vertices (468) ; shell vertices]
    chart_uv: np.ndarray  # (468 + N, 2) chart coordinates of face + shell vertices
    neck_loop: np.ndarray  # indices (in the combined numbering) of the open neck rim


def build_shell(scan: FaceScan) -> Shell:
    nf = len(scan.vertices)
    oval = scan.oval
    conformal = ConformalChart()
    oval_uv = conformal(scan.vertices[oval])
    # Candidate skull points at uniform spacing in 3D.
    dirs = _fibonacci_dirs(60000)
    theta = np.degrees(np.arccos(np.clip(dirs @ POLE, -1, 1)))
    dirs = dirs[theta < NECK_CUT_DEG - 1.5]
    pts = RAY_ORIGIN + dirs * ray_surface(dirs)[:, None]
    pts = pts[_poisson_subsample(pts, SPACING)]
    uv = conformal(pts)
    # Drop points inside the face contour, close to it, or inside the circle on any contour edge (that keeps
    # every contour edge in the Delaunay triangulation).
    face_pts = scan.vertices
    drop = _inside_polygon(uv, oval_uv)
    drop |= cKDTree(face_pts).query(pts)[0] < 0.8 * SPACING
    a, b = oval_uv, np.roll(oval_uv, -1, axis=0)
    mid, rad = 0.5 * (a + b), 0.5 * np.linalg.norm(b - a, axis=1)
    drop |= np.any(np.linalg.norm(uv[:, None, :] - mid[None], axis=2) < 1.05 * rad[None], axis=1)
    pts, uv = pts[~drop], uv[~drop]
    # The neck rim: a ring at the cut angle.
    n_rim = int(round(2 * np.pi * 5.4 * CM / SPACING))
    phi = np.linspace(0, 2 * np.pi, n_rim, endpoint=False)
    rim_dirs = chart_inverse(np.radians(NECK_CUT_DEG) * np.stack([np.cos(phi), np.sin(phi)], -1))
    rim = RAY_ORIGIN + rim_dirs * ray_surface(rim_dirs)[:, None]
    rim_uv = conformal(rim)
    rim_r = np.linalg.norm(rim_uv, axis=1).mean()
    near_rim = np.linalg.norm(uv, axis=1) > rim_r * (1 - 0.6 * 2 * np.pi / n_rim)
    pts, uv = pts[~near_rim], uv[~near_rim]
    # Blend skull points near the contour so the skull meets the face's rim without a step.
    off = np.linalg.norm(face_pts[oval] - RAY_ORIGIN, axis=1) - ray_surface(
        (face_pts[oval] - RAY_ORIGIN) / np.linalg.norm(face_pts[oval] - RAY_ORIGIN, axis=1, keepdims=True))
    dist = np.linalg.norm(uv[:, None, :] - oval_uv[None], axis=2)
    w = 1.0 / np.maximum(dist, 1e-6) ** 2
    blended = (w * off[None]).sum(1) / w.sum(1)
    fall = np.exp(-(dist.min(1) / 0.22) ** 2)
    dirs_pts = (pts - RAY_ORIGIN) / np.linalg.norm(pts - RAY_ORIGIN, axis=1, keepdims=True)
    pts = pts + dirs_pts * (blended * fall)[:, None]

    shell_pts = np.concatenate([pts, rim])
    # Triangulate the contour + skull + rim points in the chart, then discard what lies inside the face.
    tri_ids = np.concatenate([oval, nf + np.arange(len(shell_pts))])
    tri_uv = np.concatenate([oval_uv, uv, rim_uv])
    dl = Delaunay(tri_uv)
    simplices = dl.simplices
    centroid = tri_uv[simplices].mean(1)
    simplices = simplices[~_inside_polygon(centroid, oval_uv)]
    faces = tri_ids[simplices]
    # Orientation: outward normals (away from the ray origin).
    allv = np.concatenate([face_pts, shell_pts])
    n = np.cross(allv[faces[:, 1]] - allv[faces[:, 0]], allv[faces[:, 2]] - allv[faces[:, 0]])
    outward = np.einsum("ij,ij->i", n, allv[faces].mean(1) - RAY_ORIGIN) > 0
    if outward.mean() < 0.5:
        faces = faces[:, ::-1]
    _check_contour_edges(faces, oval)
    neck_loop = nf + len(pts) + np.arange(n_rim)
    return Shell(vertices=shell_pts, faces=faces, chart_uv=chart(np.concatenate([face_pts, shell_pts])),
                 neck_loop=neck_loop)


def _check_contour_edges(faces: np.ndarray, oval: np.ndarray) -> None:
    edges = {tuple(sorted(e)) for t in faces for e in ((t[0], t[1]), (t[1], t[2]), (t[2], t[0]))}
    missing = [(int(a), int(b)) for a, b in zip(oval, np.roll(oval, -1)) if tuple(sorted((a, b))) not in edges]
    if missing:
        raise RuntimeError(f"the skull does not meet the face along contour edges {missing}")


@dataclasses.dataclass
class Eyeball:
    vertices: np.ndarray
    faces: np.ndarray  # local indices
    centre: np.ndarray
    iris_ids: np.ndarray  # local ids of iris centre, +x, +y, -x, -y
    uv: np.ndarray  # per vertex, unit disk (azimuthal map from the front pole); back pole handled by caller
    back_pole: int


def build_eyeball(loop_pts: np.ndarray, n_rings: int = 12, n_seg: int = 16) -> Eyeball:
    """A UV-sphere looking along +z, front pole = iris centre, sitting behind the eye opening."""
    c_xy = loop_pts[:, :2].mean(0)
    # Depth: the sphere passes through the lid margin on average, less a millimetre so the lids lie outside.
    rr = np.linalg.norm(loop_pts[:, :2] - c_xy, axis=1)
    dz = np.sqrt(np.clip(EYEBALL_RADIUS ** 2 - rr ** 2, 0, None))
    cz = float(np.mean(loop_pts[:, 2] - dz)) - 0.1 * CM
    centre = np.array([c_xy[0], c_xy[1], cz])
    iris_angle = np.arcsin(IRIS_RADIUS / EYEBALL_RADIUS)
    # Polar angles symmetric about the equator so the vertex mean is the centre; one ring at the iris edge.
    half = np.linspace(0, np.pi / 2, n_rings // 2 + 1)[1:]
    half = np.sort(np.concatenate([half[np.abs(half - iris_angle) > 0.08], [iris_angle]]))
    polar = np.concatenate([half, np.pi - half[::-1][1:]]) if np.isclose(half[-1], np.pi / 2) else np.concatenate(
        [half, np.pi - half[::-1]])
    phi = np.arange(n_seg) * 2 * np.pi / n_seg  # phi 0 = +x, pi/2 = +y
    verts = [np.array([0, 0, 1.0])]
    for p in polar:
        verts.extend(np.stack([np.sin(p) * np.cos(phi), np.sin(p) * np.sin(phi), np.full(n_seg, np.cos(p))], -1))
    verts.append(np.array([0, 0, -1.0]))
    unit = np.array(verts)
    faces = []
    for s in range(n_seg):  # front cap, counter-clockwise seen from the front
        faces.append([0, 1 + s, 1 + (s + 1) % n_seg])
    for r in range(len(polar) - 1):
        a0, b0 = 1 + r * n_seg, 1 + (r + 1) * n_seg
        for s in range(n_seg):
            s1 = (s + 1) % n_seg
            faces.append([a0 + s, b0 + s, b0 + s1])
            faces.append([a0 + s, b0 + s1, a0 + s1])
    back = len(unit) - 1
    last = 1 + (len(polar) - 1) * n_seg
    for s in range(n_seg):
        faces.append([last + s, back, last + (s + 1) % n_seg])
    iris_ring = 1 + int(np.argmin(np.abs(polar - iris_angle))) * n_seg
    iris_ids = np.array([0, iris_ring, iris_ring + n_seg // 4, iris_ring + n_seg // 2, iris_ring + 3 * n_seg // 4])
    ang = np.arccos(np.clip(unit[:, 2], -1, 1))
    az = np.arctan2(unit[:, 1], unit[:, 0])
    uv = np.stack([np.cos(az), np.sin(az)], -1) * (ang / np.pi)[:, None]
    return Eyeball(vertices=centre + unit * EYEBALL_RADIUS, faces=np.array(faces), centre=centre,
                   iris_ids=iris_ids, uv=uv, back_pole=back)


@dataclasses.dataclass
class MouthCavity:
    vertices: np.ndarray  # new vertices (rings 1..n and the back point)
    faces: np.ndarray  # indexing [lip loop ids given in combined numbering ; new vertices offset by caller]
    ring_of: np.ndarray  # ring number per new vertex (1 = teeth ring)
    lip_of: np.ndarray  # which lip-loop position each new vertex hangs from (-1 for the back point)
    uv: np.ndarray  # (n_new + len(loop), 2) in the unit square: loop first, then the new vertices


def build_mouth_cavity(face_v: np.ndarray, loop: np.ndarray) -> MouthCavity:
    """A pocket behind the lips: a teeth ring just inside the lips, a wider cavity, and a back wall."""
    lp = face_v[loop]
    centre = lp.mean(0)
    # (scale toward the centre in x, vertical half-height in m, depth behind the lips in m)
    rings = ((0.92, 0.55 * CM, 0.35 * CM), (0.88, 1.2 * CM, 1.6 * CM), (0.7, 1.3 * CM, 3.2 * CM),
             (0.4, 0.9 * CM, 4.4 * CM))
    new, ring_of, lip_of = [], [], []
    upper = lp[:, 1] >= centre[1]
    for k, (sx, hh, depth) in enumerate(rings, start=1):
        x = centre[0] + (lp[:, 0] - centre[0]) * sx
        half_width = np.max(np.abs(lp[:, 0] - centre[0])) * sx
        t = np.clip(1 - ((x - centre[0]) / max(half_width, 1e-6)) ** 2, 0, 1)
        y = centre[1] + np.where(upper, 1, -1) * hh * np.sqrt(t) + (lp[:, 1] - centre[1]) * 0.3
        z = lp[:, 2] - depth
        new.extend(np.stack([x, y, z], -1))
        ring_of.extend([k] * len(loop))
        lip_of.extend(range(len(loop)))
    back = np.array([centre[0], centre[1], centre[2] - 4.8 * CM])
    new.append(back)
    ring_of.append(len(rings) + 1)
    lip_of.append(-1)
    n = len(loop)
    faces = []
    # The loop runs around the opening with the face's orientation; the pocket continues it inward.
    ring_ids = [np.asarray(loop)] + [-(1 + (k - 1) * n + np.arange(n)) for k in range(1, len(rings) + 1)]
    for a_ids, b_ids in zip(ring_ids[:-1], ring_ids[1:]):
        for s in range(n):
            s1 = (s + 1) % n
            faces.append([a_ids[s], b_ids[s], b_ids[s1]])
            faces.append([a_ids[s], b_ids[s1], a_ids[s1]])
    back_id = -(1 + len(rings) * n)
    last = ring_ids[-1]
    for s in range(n):
        faces.append([last[s], back_id, last[(s + 1) % n]])
    # UVs: angle around the loop by depth ring.
    ang = np.arctan2(lp[:, 1] - centre[1], lp[:, 0] - centre[0])
    uv = [np.stack([0.5 + 0.5 * np.cos(ang), 0.5 + 0.5 * np.sin(ang)], -1)]
    for k in range(1, len(rings) + 1):
        r = 1 - k / (len(rings) + 1)
        uv.append(np.stack([0.5 + 0.5 * r * np.cos(ang), 0.5 + 0.5 * r * np.sin(ang)], -1))
    uv.append(np.array([[0.5, 0.5]]))
    return MouthCavity(vertices=np.array(new), faces=np.array(faces), ring_of=np.array(ring_of),
                       lip_of=np.array(lip_of), uv=np.concatenate(uv))


__all__ = ["build_shell", "build_eyeball", "build_mouth_cavity", "chart", "skull_sdf", "rotation_matrix"]
