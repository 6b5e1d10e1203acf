"""The open head model: structure, skinning, signs, and named expressions acting where their names say."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from backend.flame.layer import FlameLayer
from flame_assets.build.mesh_ops import boundary_loops
from flame_assets.library import load_head
from protocols.flame_conventions import JOINT_NAMES

CM = 0.01


@pytest.fixture(scope="module")
def head():
    return load_head("open")


@pytest.fixture(scope="module")
def layer(head):
    return FlameLayer(head)


def posed(layer, head, *, pose=None, expr=None, lids=None):
    p = torch.zeros(1, 15)
    for idx, value in (pose or {}).items():
        p[0, idx] = value
    e = torch.zeros(1, head.n_expr)
    for name, value in (expr or {}).items():
        e[0, head.expression_names.index(name)] = value
    l = torch.tensor([lids], dtype=torch.float32) if lids is not None else None
    return layer(pose=p, expression=e, eyelids=l).vertices[0].numpy()


def test_flame_layout_and_sizes(head):
    assert head.n_shape >= 50 and head.n_expr >= 50
    assert head.shapedirs.shape == (head.num_vertices, 3, head.n_shape + head.n_expr)
    assert head.posedirs.shape == (head.num_vertices, 3, 36)
    assert head.J_regressor.shape == (5, head.num_vertices)
    assert np.allclose(head.weights.sum(1), 1, atol=1e-5) and head.weights.min() >= 0
    assert head.eyelid_dirs.shape == (head.num_vertices, 3, 2)
    assert len(head.expression_names) == head.n_expr
    named = [n for n in head.expression_names if not n.startswith("expression_")]
    assert len(named) >= 12


def test_a_real_head_not_a_blob(head):
    v = head.v_template
    skin_faces = head.f[head.masks["skin"][head.f].all(1) | head.masks["mouth_interior"][head.f].any(1)]
    loops = boundary_loops(skin_faces)
    # Open only at the two eye openings and the cut of the neck: the skull and the mouth are closed.
    assert len(loops) == 3
    neck = max(loops, key=lambda l: -v[l, 1].mean())
    assert v[neck, 1].max() < v[152, 1] - 3 * CM  # the neck continues below the chin, cut level
    assert np.ptp(v[neck, 1]) < 2 * CM
    eyes = [l for l in loops if l is not neck]
    assert sorted(np.sign(v[l, 0].mean()) for l in eyes) == [-1, 1]
    # A nose that sticks out of the face, a chin below the mouth, a mouth wider than the nose.
    assert v[1, 2] > v[33, 2] + 2 * CM
    assert v[152, 1] < v[14, 1] - 2 * CM
    assert abs(v[61, 0] - v[291, 0]) > abs(v[48, 0] - v[278, 0])
    extent = v.max(0) - v.min(0)
    assert 0.13 < extent[0] < 0.2 and 0.2 < extent[1] < 0.35 and 0.17 < extent[2] < 0.26


def test_eyeballs_are_separate_and_skinned_to_the_eye_joints(head):
    J = head.J_regressor @ head.v_template
    for side, joint in (("eye_left", 3), ("eye_right", 4)):
        ids = np.flatnonzero(head.masks[side])
        assert np.allclose(head.weights[ids, joint], 1.0)
        r = np.linalg.norm(head.v_template[ids] - J[joint], axis=1)
        assert r.std() < 1e-6 and 0.01 < r.mean() < 0.014
        # No eyeball triangle shares a vertex with anything else.
        touching = head.f[np.isin(head.f, ids).any(1)]
        assert np.isin(touching, ids).all()
    assert J[3, 0] > 0 > J[4, 0]  # eye_left is the subject's left, +x


def test_jaw_skinning_separates_the_lips(head):
    w = head.weights
    assert w[14, 2] > 0.95 and w[17, 2] > 0.95 and w[152, 2] > 0.95  # lower lip, chin
    assert w[13, 2] < 0.05 and w[0, 2] < 0.05 and w[1, 2] < 0.01  # upper lip, nose
    assert w[head.masks["scalp"], 2].max() < 0.01


@pytest.mark.parametrize("joint", range(5))
def test_every_joint_pitches_its_part_down(layer, head, joint):
    rest = posed(layer, head)
    moved = posed(layer, head, pose={3 * joint: 0.3})   # pitch: about +x
    delta = np.linalg.norm(moved - rest, axis=1)
    region = {0: head.masks["skin"], 1: head.masks["scalp"], 2: head.weights[:, 2] > 0.9,
              3: head.masks["eye_left"], 4: head.masks["eye_right"]}[joint]
    assert delta[region].mean() > 0.002, JOINT_NAMES[joint]
    # Pitch > 0 turns the part's front down: the face looks down, the jaw opens, the eyes look down.
    joint_z = (head.J_regressor @ head.v_template)[joint, 2]
    front = region & (head.v_template[:, 2] > joint_z + 0.005)
    assert (moved - rest)[front, 1].mean() < -0.001, JOINT_NAMES[joint]


def test_sign_conventions(layer, head):
    rest = posed(layer, head)
    nose, top = 1, int(np.argmax(head.v_template[:, 1]))
    yaw = posed(layer, head, pose={1: 0.3})
    assert yaw[nose, 0] > rest[nose, 0] + 0.005  # yaw > 0 turns the face toward the subject's left (+x)
    pitch = posed(layer, head, pose={0: 0.3})
    assert pitch[nose, 1] < rest[nose, 1] - 0.005  # pitch > 0 looks down
    roll = posed(layer, head, pose={2: 0.3})
    assert roll[top, 0] < rest[top, 0] - 0.01  # roll > 0 tilts the top toward the subject's right (-x)
    jaw = posed(layer, head, pose={6: 0.25})
    gap_rest = rest[13, 1] - rest[14, 1]
    assert jaw[13, 1] - jaw[14, 1] > gap_rest + 1.2 * CM  # jaw pitch > 0 opens the mouth
    assert jaw[14, 1] < rest[14, 1] - 1.0 * CM and abs(jaw[13, 1] - rest[13, 1]) < 0.2 * CM  # the lower lip drops
    closed = posed(layer, head, lids=[1.0, 1.0])
    for upper, lower in ((386, 374), (159, 145)):   # eyelids 1 = closed: the upper lid comes down
        assert closed[upper, 1] < rest[upper, 1] - 0.003 and abs(closed[upper, 1] - closed[lower, 1]) < 0.0025


def test_gaze_moves_the_iris(layer, head):
    lm = head.landmarks["mediapipe"]
    rest = head.landmark_points(posed(layer, head))
    look_left = head.landmark_points(posed(layer, head, pose={10: 0.3, 13: 0.3}))  # both eyes, yaw about +y
    for iris_centre in (468, 473):
        assert look_left[iris_centre, 0] > rest[iris_centre, 0] + 0.003
    assert len(lm) == 478
    look_down = head.landmark_points(posed(layer, head, pose={9: 0.3, 12: 0.3}))
    assert look_down[468, 1] < rest[468, 1] - 0.003


def test_eyelids_close_each_eye_separately(layer, head):
    rest = posed(layer, head)
    left = posed(layer, head, lids=[1.0, 0.0])
    # Upper lid margin (386 left, 159 right) meets the lower (374, 145).
    assert rest[386, 1] - rest[374, 1] > 0.006
    assert abs(left[386, 1] - left[374, 1]) < 0.0025
    assert np.allclose(left[159], rest[159], atol=1e-6)  # the right eye stays open
    both = posed(layer, head, lids=[1.0, 1.0])
    assert abs(both[159, 1] - both[145, 1]) < 0.0025
    # Closed lids stay in front of the eyeball.
    J = head.J_regressor @ head.v_template
    assert np.linalg.norm(both[386] - J[3]) > 0.012


# name -> (landmarks that must move, direction they move in, minimum metres, landmarks that must stay)
EXPRESSION_EFFECTS = {
    "smile": ([61, 291], [0, 1, 0], 0.004, [159, 386, 10]),
    "frown": ([61, 291], [0, -1, 0], 0.003, [159, 386, 10]),
    "brow_raise": ([105, 334], [0, 1, 0], 0.005, [13, 14, 61]),
    "brow_furrow": ([107, 336], [0, -1, 0], 0.002, [13, 14, 61]),
    "inner_brow_raise": ([107, 336], [0, 1, 0], 0.004, [13, 14, 61, 70, 300]),
    "pucker": ([0, 17], [0, 0, 1], 0.004, [105, 334, 10]),
    "lip_stretch": ([291], [1, 0, 0], 0.004, [105, 334, 10]),
    "upper_lip_raise": ([0], [0, 1, 0], 0.0025, [17, 14, 105]),
    "lower_lip_depress": ([17], [0, -1, 0], 0.0025, [0, 13, 105]),
    "squint": ([145, 374], [0, 1, 0], 0.0015, [13, 14]),
    "nose_wrinkle": ([195], [0, 1, 0], 0.0015, [13, 14, 152]),
    "mouth_left": ([0, 17], [1, 0, 0], 0.004, [105, 334, 10]),
    "mouth_right": ([0, 17], [-1, 0, 0], 0.004, [105, 334, 10]),
    "smile_left": ([291], [0, 1, 0], 0.004, [61, 105, 334]),
    "smile_right": ([61], [0, 1, 0], 0.004, [291, 105, 334]),
    "brow_raise_left": ([334], [0, 1, 0], 0.005, [105, 13]),
    "brow_raise_right": ([105], [0, 1, 0], 0.005, [334, 13]),
    "eye_wide": ([159, 386], [0, 1, 0], 0.0008, [13, 14, 145]),
    "chin_raise": ([152], [0, 1, 0], 0.002, [105, 334, 10]),
}


@pytest.mark.parametrize("name", sorted(EXPRESSION_EFFECTS))
def test_named_expression_acts_where_its_name_says(layer, head, name):
    moving, direction, minimum, still = EXPRESSION_EFFECTS[name]
    rest = posed(layer, head)
    v = posed(layer, head, expr={name: 1.0})
    along = (v[moving] - rest[moving]) @ np.asarray(direction, float)
    assert (along > minimum).all(), (name, along)
    assert np.linalg.norm(v[still] - rest[still], axis=1).max() < 0.3 * minimum
    eyes = head.masks["eyes"]
    assert np.allclose(v[eyes], rest[eyes], atol=1e-7)  # expressions never deform the eyeballs


def test_cheek_puff_pushes_the_cheeks_out(layer, head):
    rest = posed(layer, head)
    v = posed(layer, head, expr={"cheek_puff": 1.0})
    assert v[50, 0] < rest[50, 0] - 0.002 and v[280, 0] > rest[280, 0] + 0.002


def test_identity_changes_shape_but_keeps_eyeballs_round(layer, head):
    torch.manual_seed(0)
    shape = torch.randn(1, head.n_shape) * 2
    out = layer(pose=torch.zeros(1, 15), shape=shape)
    v = out.vertices[0].numpy()
    assert np.abs(v - head.v_template).max() > 0.003
    for side, j in (("eye_left", 3), ("eye_right", 4)):
        r = np.linalg.norm(v[head.masks[side]] - out.joints[0, j].numpy(), axis=1)
        assert r.std() < 1e-5


def test_landmarks_uvs_and_masks(head):
    assert len(head.landmarks["mediapipe"]) == 478
    assert len(head.landmarks["ibug68"]) == 68 and len(head.landmarks["flame51"]) == 51
    # The first 468 MediaPipe landmarks are the face's own vertices.
    pts = head.landmark_points(head.v_template)
    assert np.allclose(pts[:468], head.v_template[:468])
    assert head.vt.min() >= 0 and head.vt.max() <= 1 and head.ft.max() < len(head.vt)
    for key in ("face", "scalp", "neck", "eyes", "lips", "mouth_interior"):
        assert head.masks[key].any(), key
    assert not (head.masks["face"] & head.masks["scalp"]).any()
    assert not (head.masks["eyes"] & head.masks["skin"]).any()


def test_pose_correctives_act_on_neck_and_jaw(head):
    P = head.posedirs
    jaw_cols = P[:, :, 9:18]
    neck_cols = P[:, :, 0:9]
    assert np.abs(jaw_cols).max() > 1e-3 and np.abs(neck_cols).max() > 1e-3
    assert np.abs(P[:, :, 18:]).max() == 0  # eyes are rigid
