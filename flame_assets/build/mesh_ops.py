"""Small mesh utilities used by the head-model build (numpy + scipy only)."""

from __future__ import annotations

from collections import deque

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import dijkstra


def edges_of(faces: np.ndarray) -> np.ndarray:
    """Unique undirected edges (E, 2), each row sorted."""
    e = np.concatenate([faces[:, [0, 1]], faces[:, [1, 2]], faces[:, [2, 0]]])
    return np.unique(np.sort(e, axis=1), axis=0)


def boundary_loops(faces: np.ndarray) -> list[np.ndarray]:
    """Ordered boundary loops of an oriented triangle mesh (each loop follows the faces' orientation)."""
    directed = np.concatenate([faces[:, [0, 1]], faces[:, [1, 2]], faces[:, [2, 0]]])
    present = {(int(a), int(b)) for a, b in directed}
    nxt = {a: b for a, b in present if (b, a) not in present}
    loops, seen = [], set()
    for start in sorted(nxt):
        if start in seen:
            continue
        loop, v = [], start
        while v not in seen:
            seen.add(v)
            loop.append(v)
            v = nxt[v]
        loops.append(np.array(loop))
    return loops


def orient_consistently(faces: np.ndarray, seed: int, seed_flip: bool) -> np.ndarray:
    """Flip triangles so neighbours agree (breadth-first over shared edges), the seed decided by the caller."""
    faces = faces.copy()
    if seed_flip:
        faces[seed] = faces[seed][::-1]
    edge_faces: dict[tuple[int, int], list[int]] = {}
    for fi, tri in enumerate(faces):
        for k in range(3):
            a, b = int(tri[k]), int(tri[(k + 1) % 3])
            edge_faces.setdefault((min(a, b), max(a, b)), []).append(fi)
    done = np.zeros(len(faces), bool)
    done[seed] = True
    queue = deque([seed])
    while queue:
        fi = queue.popleft()
        tri = faces[fi]
        for k in range(3):
            a, b = int(tri[k]), int(tri[(k + 1) % 3])
            for fj in edge_faces[(min(a, b), max(a, b))]:
                if done[fj]:
                    continue
                other = faces[fj]
                # A consistent neighbour walks the shared edge the other way round (b -> a).
                same_dir = any(int(other[m]) == a and int(other[(m + 1) % 3]) == b for m in range(3))
                if same_dir:
                    faces[fj] = other[::-1]
                done[fj] = True
                queue.append(fj)
    return faces


def face_normals(v: np.ndarray, f: np.ndarray) -> np.ndarray:
    n = np.cross(v[f[:, 1]] - v[f[:, 0]], v[f[:, 2]] - v[f[:, 0]])
    return n / np.maximum(np.linalg.norm(n, axis=1, keepdims=True), 1e-12)


def vertex_normals(v: np.ndarray, f: np.ndarray) -> np.ndarray:
    fn = np.cross(v[f[:, 1]] - v[f[:, 0]], v[f[:, 2]] - v[f[:, 0]])  # area-weighted
    vn = np.zeros_like(v)
    for k in range(3):
        np.add.at(vn, f[:, k], fn)
    return vn / np.maximum(np.linalg.norm(vn, axis=1, keepdims=True), 1e-12)


UNREACHABLE = 1e3


def geodesic_from(v: np.ndarray, f: np.ndarray, sources, allowed: np.ndarray | None = None) -> np.ndarray:
    """Shortest edge-path distance (metres) from the nearest of `sources`; UNREACHABLE where the walk
    cannot get (a finite stand-in, so differences of two distances stay defined).

    `allowed` (V,) limits the walk to some vertices, e.g. the skin without the mouth cavity."""
    e = edges_of(f)
    if allowed is not None:
        e = e[allowed[e[:, 0]] & allowed[e[:, 1]]]
    w = np.linalg.norm(v[e[:, 0]] - v[e[:, 1]], axis=1)
    n = len(v)
    g = sp.coo_matrix((np.concatenate([w, w]), (np.concatenate([e[:, 0], e[:, 1]]), np.concatenate([e[:, 1], e[:, 0]]))),
                      shape=(n, n)).tocsr()
    d = dijkstra(g, directed=False, indices=np.atleast_1d(np.asarray(sources)), min_only=True)
    return np.where(np.isfinite(d), d, UNREACHABLE)


def rotation_matrix(axis: np.ndarray, angle: float) -> np.ndarray:
    axis = np.asarray(axis, float) / np.linalg.norm(axis)
    x, y, z = axis
    K = np.array([[0, -z, y], [z, 0, -x], [-y, x, 0]])
    return np.eye(3) + np.sin(angle) * K + (1 - np.cos(angle)) * K @ K


def smoothstep(edge0: float, edge1: float, x: np.ndarray) -> np.ndarray:
    t = np.clip((x - edge0) / (edge1 - edge0), 0.0, 1.0)
    return t * t * (3 - 2 * t)


def smooth_region(v: np.ndarray, f: np.ndarray, movable: np.ndarray, weight: np.ndarray | None = None,
                  iterations: int = 15, step: float = 0.5) -> np.ndarray:
    """Uniform-Laplacian smoothing of the `movable` vertices (others stay), `weight` (V,) scaling each step."""
    e = edges_of(f)
    n = len(v)
    adj = sp.coo_matrix((np.ones(2 * len(e)), (np.concatenate([e[:, 0], e[:, 1]]), np.concatenate([e[:, 1], e[:, 0]]))),
                        shape=(n, n)).tocsr()
    deg = np.maximum(np.asarray(adj.sum(1)).ravel(), 1)
    w = (movable * (1.0 if weight is None else weight) * step)[:, None]
    v = v.copy()
    for _ in range(iterations):
        v = v + w * (adj @ v / deg[:, None] - v)
    return v
