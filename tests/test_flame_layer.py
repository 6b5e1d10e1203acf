"""The backend FLAME layer against smplx.FLAME on the same file, batching, tracks and head-model checks."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from backend.flame.layer import FlameLayer
from flame_assets.library import load_head
from flame_assets.smplx_export import export_flame_folder
from protocols import HeadModelMismatch, Track

smplx = pytest.importorskip("smplx")


@pytest.fixture(scope="module")
def head():
    return load_head("open")


@pytest.fixture(scope="module")
def smplx_folder(head, tmp_path_factory):
    return export_flame_folder(head, tmp_path_factory.mktemp("flame"))


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_matches_smplx_flame_on_the_exported_file(head, smplx_folder, seed):
    B = 6
    g = torch.Generator().manual_seed(seed)
    pose = (torch.rand(B, 15, generator=g) - 0.5) * 1.2  # all 5 joints, up to ~35 degrees per axis
    shape = torch.randn(B, 300, generator=g)
    expr = torch.randn(B, 100, generator=g)
    transl = torch.randn(B, 3, generator=g) * 0.1
    ref = smplx.FLAME(model_path=str(smplx_folder), num_betas=300, num_expression_coeffs=100, batch_size=B)
    out_ref = ref(betas=shape, expression=expr, global_orient=pose[:, :3], neck_pose=pose[:, 3:6],
                  jaw_pose=pose[:, 6:9], leye_pose=pose[:, 9:12], reye_pose=pose[:, 12:15], transl=transl)
    out = FlameLayer(head)(pose=pose, expression=expr, shape=shape, translation=transl)
    assert (out.vertices - out_ref.vertices).abs().max().item() < 1e-5
    # smplx's 51 static landmarks are our flame51 embedding.
    lmk = FlameLayer(head).landmarks(out.vertices, "flame51")
    assert (lmk - out_ref.joints[:, 5:]).abs().max().item() < 1e-5


def test_batched_equals_one_by_one(head):
    layer = FlameLayer(head, n_shape=50, n_expr=50)
    torch.manual_seed(3)
    pose, expr = torch.randn(5, 15) * 0.2, torch.randn(5, 50)
    lids = torch.rand(5, 2)
    shape = torch.randn(50)
    batch = layer(pose=pose, expression=expr, shape=shape, eyelids=lids).vertices
    single = torch.cat([layer(pose=pose[i:i + 1], expression=expr[i:i + 1], shape=shape, eyelids=lids[i:i + 1]).vertices
                        for i in range(5)])
    assert torch.allclose(batch, single, atol=1e-6)


def test_forward_track_and_head_check(head):
    layer = FlameLayer(head)
    track = Track.neutral(4, head.model_id, n_expr=100, n_shape=300)
    pose = np.array(track.pose)
    pose[:, 6] = np.linspace(0, 0.3, 4)
    track = track.with_fields(pose=pose)
    out = layer.forward_track(track)
    assert out.vertices.shape == (4, head.num_vertices, 3)
    gap = out.vertices[:, 13, 1] - out.vertices[:, 14, 1]
    assert torch.all(gap[1:] > gap[:-1])
    other = Track.neutral(4, type(head.model_id)(name="other", sha256="0" * 64, flame_version="2020"))
    with pytest.raises(HeadModelMismatch, match="other"):
        layer.forward_track(other)


def test_rejects_a_wrong_pose_shape(head):
    with pytest.raises(ValueError, match="pose must be"):
        FlameLayer(head)(pose=torch.zeros(2, 12))


def test_chunks_of_frames_and_per_frame_identities_match_the_reference_lbs(head):
    from backend.flame.lbs import lbs
    layer = FlameLayer(head)
    layer.chunk_frames = 16  # 70 frames: four whole chunks and a partial one
    g = torch.Generator().manual_seed(7)
    B = 70
    pose = (torch.rand(B, 15, generator=g) - 0.5) * 0.8
    expr = torch.randn(B, layer.n_expr, generator=g)
    shape = torch.randn(B, layer.n_shape, generator=g)
    lids = torch.rand(B, 2, generator=g)
    offsets = torch.einsum("bk,vck->bvc", lids, layer.eyelid_dirs)
    want, want_joints = lbs(torch.cat([shape, expr], 1), pose, layer.v_template, layer.dirs, layer.posedirs,
                            layer.J_regressor, layer.parents, layer.lbs_weights, extra_offsets=offsets)
    got = layer(pose=pose, expression=expr, shape=shape, eyelids=lids)
    assert (got.vertices - want).abs().max().item() < 1e-5
    assert (got.joints - want_joints).abs().max().item() < 1e-5


def test_one_identity_is_applied_once_and_never_goes_stale(head):
    layer = FlameLayer(head, n_shape=20, n_expr=10)
    g = torch.Generator().manual_seed(8)
    pose, expr = (torch.rand(3, 15, generator=g) - 0.5) * 0.5, torch.randn(3, 10, generator=g)
    a, b = torch.randn(20, generator=g), torch.randn(20, generator=g)
    ident_a = layer.identity(a)
    assert layer.identity(a.clone()) is ident_a  # the same person again: reused, not recomputed
    from_a = layer(pose=pose, expression=expr, shape=a).vertices
    assert torch.equal(layer(pose=pose, expression=expr, identity=ident_a).vertices, from_a)
    from_b = layer(pose=pose, expression=expr, shape=b).vertices  # another person: recomputed
    separate = FlameLayer(head, n_shape=20, n_expr=10)(pose=pose, expression=expr, shape=b).vertices
    assert torch.allclose(from_b, separate, atol=1e-6) and not torch.allclose(from_a, from_b, atol=1e-4)
    layer.to(torch.float64)  # a move invalidates the kept identity
    assert layer(pose=pose.double(), expression=expr.double(), shape=a.double()).vertices.dtype == torch.float64
