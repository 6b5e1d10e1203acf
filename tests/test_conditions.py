"""FLAME condition renders per view: shaded shape, normals, depth, landmark maps."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from backend.flame.layer import FlameLayer
from backend.render.conditions import KINDS, render_conditions
from flame_assets.library import load_head
from protocols import CameraView


@pytest.fixture(scope="module")
def layer():
    return FlameLayer(load_head("open"))


def front(size=128, yaw_deg=0.0):
    a = np.radians(yaw_deg)
    return CameraView.look_at("v", eye=(0.6 * np.sin(a), -0.02, 0.6 * np.cos(a)), target=(0, -0.02, 0),
                              fov_deg=30, width=size, height=size)


def render(layer, pose, view, kinds=KINDS):
    with torch.no_grad():
        verts = layer(pose).vertices
        return render_conditions(verts, layer.faces, view, layer.landmarks(verts), kinds)


def test_all_kinds_share_the_head_silhouette(layer):
    out = render(layer, torch.zeros(1, 15), front(96))
    assert set(out) == set(KINDS)
    mask = out["normals"][0].sum(-1) > 0
    assert 0.1 < mask.float().mean() < 0.6
    for kind in ("shaded", "depth"):
        img = out[kind][0]
        assert img.shape == (96, 96, 3) and float(img.min()) >= 0 and float(img.max()) <= 1
        # Depth is 0 at the farthest visible point as on the background: compare coverage, not equality.
        assert not bool(((img.sum(-1) > 0) & ~mask).any())
        assert (img.sum(-1) > 0).sum() >= 0.99 * mask.sum()
    # The nose tip is the nearest point: brightest in the depth map, near the image centre.
    depth = out["depth"][0, ..., 0]
    row, col = divmod(int(depth.argmax()), 96)
    assert abs(col - 47.5) < 6 and 40 < row < 70
    # Landmarks lie on the face.
    lm = out["landmarks"][0].sum(-1) > 0
    assert lm.any() and bool((lm & ~mask).sum() <= 0.05 * lm.sum())


def test_normals_follow_the_head_turn(layer):
    view = front(96)
    with torch.no_grad():
        tip_rest = layer.landmarks(layer(torch.zeros(1, 15)).vertices)[0, 4].numpy()
    rest = render(layer, torch.zeros(1, 15), view, ("normals",))["normals"][0]
    pose = torch.zeros(1, 15)
    pose[0, 1] = 0.6  # the face turns to the subject's left, image right seen from the front
    with torch.no_grad():
        tip_turned = layer.landmarks(layer(pose).vertices)[0, 4].numpy()
    turned = render(layer, pose, view, ("normals",))["normals"][0]

    def red_at(image, point):
        (u, v), _ = view.project(point)
        return float(image[int(round(v)), int(round(u)), 0])

    # Red encodes the normal's +x (image right): the nose tip faces the camera, then turns right.
    assert abs(red_at(rest, tip_rest) - 0.5) < 0.1
    assert red_at(turned, tip_turned) > 0.6


def test_far_side_landmarks_are_hidden(layer):
    frontal = render(layer, torch.zeros(1, 15), front(128), ("landmarks",))["landmarks"][0]
    side = render(layer, torch.zeros(1, 15), front(128, yaw_deg=80), ("landmarks",))["landmarks"][0]
    assert (side.sum(-1) > 0).sum() < 0.7 * (frontal.sum(-1) > 0).sum()


def test_batches_and_bad_kinds(layer):
    pose = torch.zeros(2, 15)
    pose[1, 6] = 0.3
    out = render(layer, pose, front(64), ("shaded",))
    assert out["shaded"].shape == (2, 64, 64, 3)
    assert not torch.equal(out["shaded"][0], out["shaded"][1])
    with pytest.raises(ValueError, match="unknown condition kind"):
        render(layer, pose, front(64), ("albedo",))
    with torch.no_grad():
        verts = layer(pose).vertices
    with pytest.raises(ValueError, match="landmarks"):
        render_conditions(verts, layer.faces, front(64), None, ("landmarks",))
