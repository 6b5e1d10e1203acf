"""Linear blend skinning for FLAME-layout models, in batched PyTorch.

Same maths as FLAME and smplx: shape blendshapes, joints regressed from the shaped mesh, pose correctives
from (R - I) of the non-root joints, rigid transforms along the kinematic tree, skinning."""

from __future__ import annotations

import torch


def axis_angle_to_matrix(rot_vecs: torch.Tensor) -> torch.Tensor:
    """Rodrigues' formula: (..., 3) axis-angle -> (..., 3, 3) rotation matrices."""
    angle = torch.linalg.norm(rot_vecs + 1e-8, dim=-1, keepdim=True)  # the offset keeps the zero rotation finite
    axis = rot_vecs / angle
    cos, sin = torch.cos(angle)[..., None], torch.sin(angle)[..., None]
    x, y, z = axis.unbind(-1)
    zero = torch.zeros_like(x)
    K = torch.stack([zero, -z, y, z, zero, -x, -y, x, zero], dim=-1).reshape(*axis.shape[:-1], 3, 3)
    eye = torch.eye(3, dtype=rot_vecs.dtype, device=rot_vecs.device)
    return eye + sin * K + (1 - cos) * (K @ K)


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


def lbs(coeffs: torch.Tensor, pose: torch.Tensor, v_template: torch.Tensor, dirs: torch.Tensor,
        posedirs: torch.Tensor, J_regressor: torch.Tensor, parents: tuple[int, ...], weights: torch.Tensor,
        extra_offsets: torch.Tensor | None = None):
    """coeffs (B, K) over dirs (V, 3, K); pose (B, J*3) axis-angle; posedirs (P, V*3); weights (V, J).

    `extra_offsets` (B, V, 3) are added after the joints are regressed (eyelids), so they never move a joint.
    Returns vertices (B, V, 3) and posed joints (B, J, 3)."""
    B = pose.shape[0]
    v_shaped = v_template + torch.einsum("bk,vck->bvc", coeffs, dirs)
    joints = torch.einsum("jv,bvc->bjc", J_regressor, v_shaped)
    rot_mats = axis_angle_to_matrix(pose.reshape(B, -1, 3))
    eye = torch.eye(3, dtype=pose.dtype, device=pose.device)
    pose_feature = (rot_mats[:, 1:] - eye).reshape(B, -1)
    v_posed = v_shaped + (pose_feature @ posedirs).reshape(B, -1, 3)
    if extra_offsets is not None:
        v_posed = v_posed + extra_offsets
    posed_joints, A = rigid_transforms(rot_mats, joints, parents)
    T = torch.einsum("vj,bjmn->bvmn", weights, A)
    verts = (T[..., :3, :3] @ v_posed[..., None])[..., 0] + T[..., :3, 3]
    return verts, posed_joints
