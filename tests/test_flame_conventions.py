"""protocols.flame_conventions: FLAME's joint table, the signs of DESIGN.md, and the conversions between
(yaw, pitch, roll), rotation matrices and axis-angle."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from scipy.spatial.transform import Rotation

from backend.flame.lbs import axis_angle_to_matrix as torch_axis_angle_to_matrix
from flame_assets.library import load_head
from protocols import POSE_SLICES
from protocols import flame_conventions as fc

RNG = np.random.default_rng(7)


def test_joint_table_is_flames():
    assert fc.JOINT_NAMES == ("global", "neck", "jaw", "eye_left", "eye_right")
    assert fc.JOINT_PARENTS == (-1, 0, 1, 1, 1)
    assert fc.POSE_DIM == 15 and fc.NUM_POSE_CORRECTIVES == 36
    assert POSE_SLICES is fc.POSE_SLICES and POSE_SLICES["jaw"] == slice(6, 9)
    head = load_head("open")
    assert tuple(np.where(head.kintree_table[0] >= fc.NUM_JOINTS, -1, head.kintree_table[0])) == fc.JOINT_PARENTS
    assert fc.pose_column("global", "yaw") == 1 and fc.pose_column("global", "pitch") == 0
    assert fc.pose_column("global", "roll") == 2 and fc.pose_column("jaw", "pitch") == 6
    assert fc.pose_column("eye_right", "yaw") == 13


def test_signs_of_design_md():
    face, up = np.array(fc.FACE_DIRECTION), np.array(fc.UP)
    yaw, pitch, roll = (fc.euler_to_matrix(np.roll([0.3, 0.0, 0.0], k)) for k in range(3))
    assert (yaw @ face)[0] > 0.25            # yaw > 0: the face turns toward the subject's left (+x)
    assert (pitch @ face)[1] < -0.25         # pitch > 0: looks down
    assert (roll @ up)[0] < -0.25            # roll > 0: the top of the head toward the subject's right (-x)
    assert fc.direction_sign("yaw", "left") == fc.direction_sign("pitch", "down") == 1.0
    assert fc.direction_sign("roll", "right") == 1.0 and fc.direction_sign("roll", "left") == -1.0
    assert fc.direction_sign("pitch", "up") == fc.direction_sign("yaw", "right") == -1.0
    with pytest.raises(ValueError, match="pitch turns down or up"):
        fc.direction_sign("pitch", "left")
    # A single-axis angle is the same number in the pose's axis-angle column of that axis.
    for k, name in enumerate(fc.ANGLE_NAMES):
        angles = np.zeros(3)
        angles[k] = 0.3
        expected = np.zeros(3)
        expected[fc.ANGLE_AXIS[name]] = 0.3
        np.testing.assert_allclose(fc.euler_to_axis_angle(angles), expected, atol=1e-12)


def test_order_is_yaw_outermost_and_matches_scipy_yxz():
    a = RNG.uniform(-1.4, 1.4, (500, 3))
    ry, rx, rz = (fc.axis_angle_to_matrix(a[:, [k]] * np.eye(3)[axis]) for k, axis in enumerate(fc.AXIS_ORDER))
    np.testing.assert_allclose(fc.euler_to_matrix(a), ry @ rx @ rz, atol=1e-12)
    np.testing.assert_allclose(fc.euler_to_matrix(a), Rotation.from_euler("YXZ", a).as_matrix(), atol=1e-12)
    m = Rotation.random(500, random_state=3).as_matrix()
    np.testing.assert_allclose(fc.matrix_to_euler(m), Rotation.from_matrix(m).as_euler("YXZ"), atol=1e-9)
    np.testing.assert_allclose(fc.matrix_to_axis_angle(m), Rotation.from_matrix(m).as_rotvec(), atol=1e-9)


def test_round_trips_including_near_zero_pi_and_gimbal_lock():
    a = np.concatenate([RNG.uniform([-3.1, -1.5, -3.1], [3.1, 1.5, 3.1], (300, 3)), np.zeros((1, 3))])
    np.testing.assert_allclose(fc.matrix_to_euler(fc.euler_to_matrix(a)), a, atol=1e-9)
    np.testing.assert_allclose(fc.axis_angle_to_euler(fc.euler_to_axis_angle(a)), a, atol=1e-9)
    aa = np.concatenate([RNG.normal(size=(300, 3)), [[1e-9, 0, 0], [0, 0, 0], [np.pi - 1e-7, 0, 0], [0, 3.1, 0.2]]])
    back = fc.matrix_to_axis_angle(fc.axis_angle_to_matrix(aa))
    np.testing.assert_allclose(fc.axis_angle_to_matrix(back), fc.axis_angle_to_matrix(aa), atol=1e-9)
    assert np.all(np.linalg.norm(back, axis=-1) <= np.pi + 1e-12)
    for pitch in (np.pi / 2, -np.pi / 2):   # yaw and roll share one axis: any split giving the same rotation
        m = fc.euler_to_matrix(np.array([0.3, pitch, -0.2]))
        np.testing.assert_allclose(fc.euler_to_matrix(fc.matrix_to_euler(m)), m, atol=1e-9)
    assert fc.euler_to_matrix(np.zeros((4, 2, 3))).shape == (4, 2, 3, 3)
    with pytest.raises(ValueError, match="yaw, pitch, roll"):
        fc.euler_to_matrix(np.zeros((4, 2)))


def test_flame_layers_torch_rodrigues_agrees():
    aa = np.concatenate([RNG.normal(size=(200, 3)), [[0.0, 0.0, 0.0], [0.0, 1e-6, 0.0]]])
    ours = torch_axis_angle_to_matrix(torch.tensor(aa)).numpy()
    np.testing.assert_allclose(ours, fc.axis_angle_to_matrix(aa), atol=1e-7)


def test_head_angles_of_a_pose():
    angles = RNG.uniform(-0.8, 0.8, (20, 3))
    pose = np.zeros((20, 15))
    pose[:, POSE_SLICES["global"]] = fc.euler_to_axis_angle(angles)
    pose[:, POSE_SLICES["jaw"]] = 0.2   # other joints do not matter
    np.testing.assert_allclose(fc.head_angles(pose), angles, atol=1e-9)
    with pytest.raises(ValueError, match="15"):
        fc.head_angles(np.zeros((3, 12)))
