"""Linear blend skinning for FLAME-layout models, in batched PyTorch.

Same maths as FLAME and smplx: shape blendshapes, joints regressed from the shaped mesh, pose correctives
from (R - I) of the non-root joints, rigid transforms along the kinematic tree, skinning. `FlameLayer`
arranges the work so a track pays for its identity once; these are the pieces it is built from."""

from __future__ import annotations

import torch


def axis_angle_to_matrix(rot_vecs: torch.Tensor) -> torch.Tensor:
    """Rodrigues' formula: (..., 3) axis-angle -> (..., 3, 3) rotation matrices; the differentiable torch twin of
    `protocols.flame_conventions.axis_angle_to_matrix` (tests/test_flame_conventions.py keeps them equal)."""
    angle = torch.linalg.norm(rot_vecs + 1e-8, dim=-1, keepdim=True)  # the offset keeps the zero rotation finite
    axis = rot_vecs / angle
    cos, sin = torch.cos(angle)[..., None], torch.sin(angle)[..., None]
    x, y, z = axis.unbind(-1)
    zero = torch.zeros_like(x)
    K = torch.stack([zero, -z, y, z, zero, -x, -y, x, zero], dim=-1).reshape(*axis.shape[:-1], 3, 3)
    eye = torch.eye(3, dtype=rot_vecs.dtype, device=rot_vecs.device)
    return eye + sin * K + (1 - cos) * (K @ K)


def pose_feature(rot_mats: torch.Tensor) -> torch.Tensor:
    """(B, J, 3, 3) -> (B, (J-1)*9): what FLAME's pose correctives are linear in, (R - I) of the non-root joints."""
    eye = torch.eye(3, dtype=rot_mats.dtype, device=rot_mats.device)
    return (rot_mats[:, 1:] - eye).reshape(rot_mats.shape[0], -1)


def rigid_transforms(rot_mats: torch.Tensor, joints: torch.Tensor, parents: tuple[int, ...]):
    """World transforms of each joint. rot_mats (B, J, 3, 3), joints (B, J, 3) at rest.

    Returns posed joint positions (B, J, 3) and the transforms that carry rest-pose points (B, J, 4, 4)."""
    B, J = joints.shape[:2]
    rel = joints.clone()
    for j in range(1, J):
        rel[:, j] = joints[:, j] - joints[:, parents[j]]
    local = torch.cat([rot_mats, rel[..., None]], dim=-1)  # (B, J, 3, 4)
    bottom = local.new_tensor([0, 0, 0, 1]).expand(B, J, 1, 4)
    local = torch.cat([local, bottom], dim=-2)
    chain = [local[:, 0]]
    for j in range(1, J):
        chain.append(chain[parents[j]] @ local[:, j])
    world = torch.stack(chain, dim=1)
    posed_joints = world[..., :3, 3]
    # Remove the rest position so the transform applies to rest-pose vertices directly.
    rest = torch.cat([joints, torch.zeros_like(joints[..., :1])], dim=-1)[..., None]
    world = world - torch.nn.functional.pad(world @ rest, (3, 0))
    return posed_joints, world


def blend_transforms(weights: torch.Tensor, transforms: torch.Tensor, points: torch.Tensor) -> torch.Tensor:
    """Skin `points` (B, N, 3) with per-point weights (N, J) over joint transforms (B, J, 4, 4).

    The weighted 3x4 transforms are formed with one matrix product and applied with three fused
    multiply-adds: a batched 3x3 product per point would cost several times more."""
    B, J = transforms.shape[:2]
    T = torch.matmul(weights, transforms[:, :, :3, :].reshape(B, J, 12)).view(B, -1, 3, 4)
    out = torch.addcmul(T[..., 3], T[..., 0], points[..., 0, None])
    out.addcmul_(T[..., 1], points[..., 1, None])
    return out.addcmul_(T[..., 2], points[..., 2, None])


def lbs(coeffs: torch.Tensor, pose: torch.Tensor, v_template: torch.Tensor, dirs: torch.Tensor,
        posedirs: torch.Tensor, J_regressor: torch.Tensor, parents: tuple[int, ...], weights: torch.Tensor,
        extra_offsets: torch.Tensor | None = None):
    """The reference formulation: coeffs (B, K) over dirs (V, 3, K); pose (B, J*3) axis-angle; posedirs
    (P, V*3); weights (V, J). `FlameLayer` computes the same vertices faster.

    `extra_offsets` (B, V, 3) are added after the joints are regressed (eyelids), so they never move a joint.
    Returns vertices (B, V, 3) and posed joints (B, J, 3)."""
    B = pose.shape[0]
    v_shaped = v_template + torch.einsum("bk,vck->bvc", coeffs, dirs)
    joints = torch.einsum("jv,bvc->bjc", J_regressor, v_shaped)
    rot_mats = axis_angle_to_matrix(pose.reshape(B, -1, 3))
    v_posed = v_shaped + (pose_feature(rot_mats) @ posedirs).reshape(B, -1, 3)
    if extra_offsets is not None:
        v_posed = v_posed + extra_offsets
    posed_joints, A = rigid_transforms(rot_mats, joints, parents)
    return blend_transforms(weights, A, v_posed), posed_joints
