"""Tests of the PyTorch rasterizer and the condition renders built on it (meshes built here)."""

from __future__ import annotations

import math

import pytest
import torch

from backend.render import (
    depth_map,
    draw_points,
    interpolate,
    normal_map,
    project,
    rasterize,
    shade_normals,
    to_camera,
    vertex_normals,
)


def icosphere(level: int) -> tuple[torch.Tensor, torch.Tensor]:
    """Unit icosphere with outward (v1 - v0) x (v2 - v0) normals."""
    p = (1 + 5**0.5) / 2
    verts = [(-1, p, 0), (1, p, 0), (-1, -p, 0), (1, -p, 0), (0, -1, p), (0, 1, p),
             (0, -1, -p), (0, 1, -p), (p, 0, -1), (p, 0, 1), (-p, 0, -1), (-p, 0, 1)]
    faces = [(0, 11, 5), (0, 5, 1), (0, 1, 7), (0, 7, 10), (0, 10, 11), (1, 5, 9), (5, 11, 4),
             (11, 10, 2), (10, 7, 6), (7, 1, 8), (3, 9, 4), (3, 4, 2), (3, 2, 6), (3, 6, 8), (3, 8, 9),
             (4, 9, 5), (2, 4, 11), (6, 2, 10), (8, 6, 7), (9, 8, 1)]
    v = [torch.tensor(x, dtype=torch.float64) for x in verts]
    for _ in range(level):
        cache: dict[tuple[int, int], int] = {}

        def mid(i: int, j: int) -> int:
            key = (min(i, j), max(i, j))
            if key not in cache:
                cache[key] = len(v)
                v.append((v[i] + v[j]) / 2)
            return cache[key]

        new = []
        for a, b, c in faces:
            ab, bc, ca = mid(a, b), mid(b, c), mid(c, a)
            new += [(a, ab, ca), (b, bc, ab), (c, ca, bc), (ab, bc, ca)]
        faces = new
    vt = torch.stack(v)
    vt = vt / vt.norm(dim=1, keepdim=True)
    return vt.float(), torch.tensor(faces)


def intrinsics(f: float, size: int, batch: int | None = None) -> torch.Tensor:
    K = torch.tensor([[f, 0.0, size / 2], [0.0, f, size / 2], [0.0, 0.0, 1.0]])
    return K if batch is None else K.expand(batch, 3, 3).clone()


def pixel_rays(K: torch.Tensor, H: int, W: int) -> torch.Tensor:
    """Rays (H, W, 3) with z = 1 through pixel centres, float64."""
    ys, xs = torch.meshgrid(torch.arange(H) + 0.5, torch.arange(W) + 0.5, indexing="ij")
    p = torch.stack((xs, ys, torch.ones_like(xs)), -1).double()
    return p @ torch.linalg.inv(K.double()).T


def reference_raster(verts: torch.Tensor, faces: torch.Tensor, K: torch.Tensor, H: int, W: int,
                     near: float = 1e-3) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """Brute-force float64 Moller-Trumbore over every (pixel, face): face_idx, bary, depth."""
    d = pixel_rays(K, H, W).reshape(-1, 1, 3)
    tri = verts.double()[faces]  # (F, 3, 3)
    v0, e1, e2 = tri[:, 0], tri[:, 1] - tri[:, 0], tri[:, 2] - tri[:, 0]
    pvec = torch.linalg.cross(d.expand(-1, len(faces), 3), e2.expand(d.shape[0], -1, -1), dim=-1)
    det = (e1 * pvec).sum(-1)
    tvec = -v0
    u = (tvec * pvec).sum(-1) / det
    qvec = torch.linalg.cross(tvec.expand_as(pvec), e1.expand_as(pvec), dim=-1)
    v = (d * qvec).sum(-1) / det
    t = (e2 * qvec).sum(-1) / det
    ok = (det != 0) & (u >= 0) & (v >= 0) & (u + v <= 1) & (t >= near)
    z = torch.where(ok, t, torch.inf)
    best = z.argmin(1)
    hit = torch.isfinite(z.min(1).values)
    uu, vv = u.gather(1, best[:, None])[:, 0], v.gather(1, best[:, None])[:, 0]
    bary = torch.stack((1 - uu - vv, uu, vv), -1)
    face = torch.where(hit, best, -1)
    return face.view(H, W), (bary * hit[:, None]).view(H, W, 3), torch.where(hit, z.min(1).values, 0).view(H, W)


def test_single_triangle_coverage_and_barycentrics() -> None:
    # Pixel-space corners (1, 1), (7, 1), (1, 7) at z = 2 with f = 8: X = u z / f = u / 4, exact in floats.
    verts = torch.tensor([[[0.25, 0.25, 2.0], [1.75, 0.25, 2.0], [0.25, 1.75, 2.0]]])
    K = torch.tensor([[8.0, 0, 0], [0, 8.0, 0], [0, 0, 1]])
    fr = rasterize(verts, torch.tensor([[0, 1, 2]]), K, 9, 9)
    rows, cols = torch.meshgrid(torch.arange(9), torch.arange(9), indexing="ij")
    # centres (j + .5, i + .5) inside u >= 1, v >= 1, u + v <= 8 (edges inclusive)
    expected = (rows >= 1) & (cols >= 1) & (rows + cols <= 7)
    assert torch.equal(fr.mask[0], expected)
    assert int(fr.mask.sum()) == 21
    assert torch.equal(fr.face_idx[0], torch.where(expected, 0, -1))
    assert torch.allclose(fr.depth[0], torch.where(expected, 2.0, 0.0))
    # centre (1.5, 1.5): u = 1 + 6 l1, v = 1 + 6 l2
    assert torch.allclose(fr.bary[0, 1, 1], torch.tensor([5 / 6, 1 / 12, 1 / 12]), atol=1e-6)
    assert torch.allclose(fr.bary[0, 3, 3], torch.tensor([1 / 6, 2.5 / 6, 2.5 / 6]), atol=1e-6)
    assert torch.allclose(fr.bary[0, 5, 1], torch.tensor([1 / 6, 1 / 12, 0.75]), atol=1e-6)
    assert torch.equal(fr.bary[0, 0, 0], torch.zeros(3))
    assert torch.allclose(fr.bary.sum(-1), expected.float(), atol=1e-6)


def tilted_quad() -> tuple[torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor]:
    """A unit square rotated 55 degrees about y, 2 m away: corners O + s U + t V with UV = (s, t)."""
    a = math.radians(55)
    U = torch.tensor([math.cos(a), 0.0, math.sin(a)]) * 1.4
    V = torch.tensor([0.0, 1.2, 0.0])
    O = torch.tensor([-0.5, -0.6, 2.0])
    st = torch.tensor([[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0]])
    verts = O + st[:, :1] * U + st[:, 1:] * V
    faces = torch.tensor([[0, 3, 2], [0, 2, 1]])
    return verts, faces, st, torch.stack((U, V, O)), O


def test_perspective_correct_uv_on_tilted_quad() -> None:
    verts, faces, uv, (U, V, O), _ = tilted_quad()
    S = 96
    K = intrinsics(110.0, S)
    fr = rasterize(verts[None], faces, K, S, S)
    got = interpolate(uv[None], fr, faces)[0].double()
    m = fr.mask[0]
    assert m.sum() > 1500
    # Ray-plane intersection: O + s U + t V = lam d.
    d = pixel_rays(K, S, S)[m]
    A = torch.stack((U.double().expand_as(d), V.double().expand_as(d), -d), -1)
    sol = torch.linalg.solve(A, -O.double().expand_as(d))
    assert torch.allclose(got[m], sol[:, :2], atol=2e-5)
    assert torch.allclose(fr.depth[0][m].double(), sol[:, 2] * d[:, 2], rtol=1e-5)
    checker = lambda q: ((q * 8).floor().sum(-1) % 2)  # noqa: E731
    assert (checker(got[m]) == checker(sol[:, :2])).float().mean() > 0.995
    assert torch.equal(got[~m], torch.zeros_like(got[~m]))
    # Screen-space (affine) interpolation would be visibly wrong on this slant: the test has teeth.
    p = project(verts[None].double(), K.double())[0]
    tri = p[faces[fr.face_idx[0][m]]]
    xy = torch.nonzero(m).flip(1).double() + 0.5
    T = torch.stack((tri[:, 1] - tri[:, 0], tri[:, 2] - tri[:, 0]), -1)
    l12 = torch.linalg.solve(T, xy - tri[:, 0])
    affine = torch.stack((1 - l12.sum(1), l12[:, 0], l12[:, 1]), 1)
    uv_aff = (affine[..., None] * uv.double()[faces[fr.face_idx[0][m]]]).sum(1)
    assert (uv_aff - sol[:, :2]).abs().max() > 0.02


def test_per_corner_attributes_match_per_vertex() -> None:
    verts, faces, uv, _, _ = tilted_quad()
    fr = rasterize(verts[None], faces, intrinsics(70.0, 64), 64, 64)
    per_vertex = interpolate(uv, fr, faces)
    per_corner = interpolate(uv[faces], fr, faces)
    batched = interpolate(uv[faces][None], fr, faces)
    assert torch.allclose(per_vertex, per_corner) and torch.allclose(per_vertex, batched)


@pytest.mark.parametrize("order", [(0, 1), (1, 0)])
def test_zbuffer_picks_nearer_triangle(order: tuple[int, int]) -> None:
    near_tri = torch.tensor([[-1.0, -1.0, 2.0], [-1.0, 1.0, 2.0], [1.0, -1.0, 2.0]])
    far_tri = torch.tensor([[-1.0, -1.0, 3.0], [-1.0, 1.5, 3.0], [1.5, -1.0, 3.0]]) * torch.tensor([1.5, 1.5, 1.0])
    tris = [near_tri, far_tri]
    verts = torch.cat([tris[i] for i in order])[None]
    faces = torch.tensor([[0, 1, 2], [3, 4, 5]])
    fr = rasterize(verts, faces, intrinsics(16.0, 32), 32, 32)
    near_id = order.index(0)
    covered_by_near = rasterize(near_tri[None], faces[:1], intrinsics(16.0, 32), 32, 32).mask[0]
    assert covered_by_near.sum() > 50
    assert (fr.face_idx[0][covered_by_near] == near_id).all()
    assert torch.allclose(fr.depth[0][covered_by_near], torch.tensor(2.0))
    far_only = fr.mask[0] & ~covered_by_near
    assert far_only.sum() > 20 and (fr.face_idx[0][far_only] == 1 - near_id).all()
    assert torch.allclose(fr.depth[0][far_only], torch.tensor(3.0))


def test_equal_depth_ties_go_to_lowest_face() -> None:
    tri = torch.tensor([[-1.0, -1.0, 2.0], [-1.0, 1.0, 2.0], [1.0, -1.0, 2.0]])
    verts = torch.cat([tri, tri])[None]
    fr = rasterize(verts, torch.tensor([[3, 4, 5], [0, 1, 2]]), intrinsics(16.0, 32), 32, 32)
    assert fr.mask.any() and (fr.face_idx[fr.mask] == 0).all()


def test_geometry_behind_camera_is_empty() -> None:
    v, f = icosphere(2)
    fr = rasterize((v * 0.3 + torch.tensor([0.0, 0.0, -2.0]))[None], f, intrinsics(60.0, 64), 64, 64)
    assert not fr.mask.any() and (fr.face_idx == -1).all()
    assert (fr.depth == 0).all() and (fr.bary == 0).all()


def test_near_plane_clips_per_pixel() -> None:
    # One vertex behind the camera: only the part with z >= near is drawn, and correctly.
    verts = torch.tensor([[-0.5, -0.4, 1.0], [0.6, -0.3, 1.5], [0.1, 0.5, -0.5]])
    faces = torch.tensor([[0, 1, 2]])
    K = intrinsics(30.0, 48)
    for near in (1e-3, 0.5):
        fr = rasterize(verts[None], faces, K, 48, 48, near=near)
        face, bary, depth = reference_raster(verts, faces, K, 48, 48, near=near)
        assert fr.mask.sum() > 100
        assert (fr.face_idx[0] != face).sum() <= 2  # centres within rounding of an edge or the near plane
        same = fr.face_idx[0] == face
        assert torch.allclose(fr.bary[0][same].double(), bary[same], atol=1e-4)
        assert torch.allclose(fr.depth[0][same].double(), depth[same], rtol=1e-4)
        assert fr.depth[0][fr.mask[0]].min() >= near


def test_matches_brute_force_reference_on_jittered_sphere() -> None:
    torch.manual_seed(0)
    v, f = icosphere(2)
    v = v * (1 + 0.15 * torch.rand(len(v), 1))  # concave spots: real occlusion inside the silhouette
    verts = to_camera(v[None] * 0.5, torch.eye(3)[None], torch.tensor([[0.1, -0.05, 1.6]]))[0]
    K = intrinsics(45.0, 40)
    fr = rasterize(verts[None], f, K, 40, 40)
    face, bary, depth = reference_raster(verts, f, K, 40, 40)
    assert (fr.face_idx[0] != face).float().mean() < 0.005
    same = (fr.face_idx[0] == face) & fr.mask[0]
    assert torch.allclose(fr.bary[0][same].double(), bary[same], atol=1e-4)
    assert torch.allclose(fr.depth[0][same].double(), depth[same], rtol=1e-5)


def test_sphere_mask_area_matches_analytic_disc() -> None:
    v, f = icosphere(4)
    r, dist, S, focal = 0.12, 0.6, 256, 300.0
    fr = rasterize((v * r + torch.tensor([0.0, 0.0, dist]))[None], f, intrinsics(focal, S), S, S)
    radius_px = focal * r / math.sqrt(dist**2 - r**2)  # tangent cone of the sphere
    area = math.pi * radius_px**2
    assert abs(fr.mask.sum().item() / area - 1) < 0.02
    # closed convex mesh: culling back faces changes nothing
    culled = rasterize((v * r + torch.tensor([0.0, 0.0, dist]))[None], f, intrinsics(focal, S), S, S,
                       cull_backfaces=True)
    assert torch.equal(culled.face_idx, fr.face_idx)


def test_watertight_grid_and_backface_culling() -> None:
    torch.manual_seed(1)
    n = 24
    ys, xs = torch.meshgrid(torch.linspace(-2.4, 2.4, n + 1), torch.linspace(-2.4, 2.4, n + 1), indexing="ij")
    xy = torch.stack((xs, ys), -1) + 0.03 * torch.randn(n + 1, n + 1, 2)
    z = 2.0 + 0.04 * torch.rand(n + 1, n + 1, 1)  # gentle relief: every face stays front-facing
    verts = torch.cat((xy, z), -1).reshape(-1, 3)
    i = torch.arange(n * (n + 1)).reshape(n, n + 1)[:, :n].reshape(-1)
    # counter-clockwise in the image (y down): front faces
    faces = torch.cat((torch.stack((i, i + n + 1, i + 1), 1), torch.stack((i + 1, i + n + 1, i + n + 2), 1)))
    fr = rasterize(verts[None], faces, intrinsics(40.0, 64), 64, 64, cull_backfaces=True)
    assert fr.mask.all()  # no cracks anywhere between the 1152 triangles
    back = rasterize(verts[None], faces.flip(1), intrinsics(40.0, 64), 64, 64, cull_backfaces=True)
    assert not back.mask.any()
    both = rasterize(verts[None], faces.flip(1), intrinsics(40.0, 64), 64, 64)
    assert torch.equal(both.face_idx, fr.face_idx)


def scene(batch: int) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    v, f = icosphere(3)
    ang = torch.linspace(-0.6, 0.9, batch)
    R = torch.zeros(batch, 3, 3)
    R[:, 0, 0], R[:, 0, 2], R[:, 1, 1], R[:, 2, 0], R[:, 2, 2] = ang.cos(), ang.sin(), 1, -ang.sin(), ang.cos()
    t = torch.stack((0.05 * ang, 0.02 * ang, 0.9 + 0.1 * ang), 1)
    squash = torch.tensor([0.16, 0.2, 0.14])  # non-symmetric: views differ
    verts = to_camera((v * squash).expand(batch, -1, -1), R, t)
    K = torch.stack([intrinsics(100.0 + 10 * b, 96) for b in range(batch)])
    return verts, f, K


def test_batch_equals_per_item_and_is_deterministic() -> None:
    verts, f, K = scene(3)
    fr = rasterize(verts, f, K, 96, 80)
    for b in range(3):
        one = rasterize(verts[b : b + 1], f, K[b : b + 1], 96, 80)
        for got, want in zip(fr, one):
            assert torch.equal(got[b : b + 1], want)
    again = rasterize(verts, f, K, 96, 80)
    tiny = rasterize(verts, f, K, 96, 80, memory_budget=32 << 10)  # many small chunks
    for a, b_, c in zip(fr, again, tiny):
        assert torch.equal(a, b_) and torch.equal(a, c)


def test_barycentrics_and_depth_are_differentiable() -> None:
    verts, faces, uv, _, _ = tilted_quad()
    K = intrinsics(70.0, 48).double()
    x = verts[None].double().requires_grad_(True)
    fr = rasterize(x, faces, K, 48, 48)
    (fr.depth.sum() + interpolate(uv.double(), fr, faces).sum()).backward()
    assert x.grad is not None and torch.isfinite(x.grad).all() and x.grad.abs().sum() > 0
    # Scaling the scene about the camera centre keeps coverage and barycentrics and scales depth, so by
    # Euler's theorem sum_v grad_v . v = sum of depths.
    y = verts[None].double().requires_grad_(True)
    depth = rasterize(y, faces, K, 48, 48).depth
    depth.sum().backward()
    assert (y.grad * y.detach()).sum().item() == pytest.approx(depth.sum().item(), rel=1e-9)


def test_vertex_normals_and_condition_images() -> None:
    v, f = icosphere(3)
    assert torch.allclose(vertex_normals(v[None], f)[0], v, atol=0.02)
    verts = (v * 0.15 + torch.tensor([0.0, 0.0, 0.7]))[None].expand(2, -1, -1)
    fr = rasterize(verts, f, intrinsics(150.0, 64, 2), 64, 64)
    shaded = shade_normals(verts, f, fr)
    assert shaded.shape == (2, 64, 64, 3) and shaded.min() >= 0 and shaded.max() <= 1
    assert (shaded[~fr.mask] == 0).all() and (shaded[fr.mask] > 0).all()
    assert shaded[0, 32, 32, 0] > 0.5 and torch.equal(shaded[..., 0], shaded[..., 2])
    nm = normal_map(verts, f, fr)
    assert torch.allclose(nm[0, 32, 32], torch.tensor([0.5, 0.5, 1.0]), atol=0.05)
    assert nm[0, 32, 10, 0] < 0.3 and nm[0, 10, 32, 1] > 0.7  # left rim points left, top rim up
    assert (nm[~fr.mask] == 0).all()
    dm = depth_map(fr)
    assert dm[fr.mask].max() == 1 and dm[fr.mask].min() == 0 and (dm[~fr.mask] == 0).all()
    assert dm[0, 32, 32] > 0.95
    assert torch.allclose(depth_map(fr, near_is_bright=False)[fr.mask], 1 - dm[fr.mask], atol=1e-6)


def test_draw_points() -> None:
    img = torch.zeros(2, 40, 50, 3)
    pts = torch.tensor([[[10.2, 20.7], [10.9, 20.1], [-30.0, 5.0]], [[49.9, 39.9], [25.0, 12.0], [0.0, 0.0]]])
    colors = torch.tensor([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]])
    out = draw_points(img, pts, radius=4.0, color=colors)
    assert torch.equal(img, torch.zeros_like(img))  # input untouched
    painted = out.sum(-1) > 0
    assert abs(painted[1].sum().item() - (math.pi * 16 + 16 * 0.25 + 16 * 0.25 * 1.0)) < 25
    assert torch.equal(out[0, 20, 10], colors[1])  # overlapping discs: the later point wins
    assert torch.equal(out[1, 39, 49], colors[0])  # a point on the border still paints its own pixel
    one = draw_points(torch.zeros(8, 8, 1), torch.tensor([[3.5, 4.5]]), radius=0.0, color=(1.0,))
    assert one.sum() == 1 and one[4, 3, 0] == 1
    hidden = draw_points(img, pts, radius=2.0, visible=torch.zeros(2, 3, dtype=torch.bool))
    assert (hidden == 0).all()


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA GPU")
def test_cuda_matches_cpu() -> None:
    verts, f, K = scene(4)
    cpu = rasterize(verts, f, K, 128, 112)
    gpu = rasterize(verts.cuda(), f.cuda(), K.cuda(), 128, 112)
    assert (gpu.face_idx.cpu() != cpu.face_idx).float().mean() < 1e-3
    same = (gpu.face_idx.cpu() == cpu.face_idx) & cpu.mask
    assert torch.allclose(gpu.bary.cpu()[same], cpu.bary[same], atol=1e-4)
    assert torch.allclose(gpu.depth.cpu()[same], cpu.depth[same], rtol=1e-5)
    again = rasterize(verts.cuda(), f.cuda(), K.cuda(), 128, 112)
    assert all(torch.equal(a, b) for a, b in zip(gpu, again))
    uv = verts[..., :2]
    uv_gpu = interpolate(uv.cuda(), gpu, f.cuda()).cpu()
    assert torch.allclose(uv_gpu[same], interpolate(uv, cpu, f)[same], atol=1e-4)
