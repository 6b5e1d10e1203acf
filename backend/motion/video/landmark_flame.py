"""FLAME evaluated only where the landmarks are: the same skinning as `backend.flame.layer.FlameLayer`
restricted to the vertices of the landmark triangles, so fitting hundreds of frames stays cheap."""

from __future__ import annotations

import numpy as np
import torch
from torch import nn

from backend.flame.lbs import axis_angle_to_matrix, rigid_transforms
from flame_assets.head_model import HeadModel
from protocols.flame_conventions import JOINT_PARENTS


class LandmarkFlame(nn.Module):
    def __init__(self, head: HeadModel, which: str = "mediapipe", n_shape: int | None = None,
                 n_expr: int | None = None):
        super().__init__()
        if which not in head.landmarks:
            raise ValueError(f"head model {head.name!r} has no {which!r} landmark embedding (it has "
                             f"{sorted(head.landmarks) or 'none'}); video tracking needs the MediaPipe embedding")
        emb = head.landmarks[which]
        tri = head.f[emb.face_idx]  # (L, 3)
        verts, inverse = np.unique(tri, return_inverse=True)
        self.n_shape = head.n_shape if n_shape is None else min(n_shape, head.n_shape)
        self.n_expr = head.n_expr if n_expr is None else min(n_expr, head.n_expr)
        dirs = np.concatenate([head.identity_dirs[..., : self.n_shape], head.expression_dirs[..., : self.n_expr]], -1)

        def buf(name, arr, dtype=torch.float32):
            self.register_buffer(name, torch.as_tensor(np.ascontiguousarray(arr)).to(dtype), persistent=False)

        buf("v_template", head.v_template[verts])
        buf("dirs", dirs[verts])
        buf("J_template", head.J_regressor @ head.v_template)
        buf("J_dirs", np.einsum("jv,vck->jck", head.J_regressor, dirs))
        buf("posedirs", head.posedirs[verts].reshape(len(verts) * 3, -1).T)
        buf("weights", head.weights[verts])
        lids = head.eyelid_dirs[verts] if head.eyelid_dirs is not None else np.zeros((len(verts), 3, 2))
        buf("eyelid_dirs", lids)
        buf("tri", inverse.reshape(tri.shape), torch.long)
        buf("bary", emb.bary)

    def forward(self, pose: torch.Tensor, expression: torch.Tensor, shape: torch.Tensor,
                eyelids: torch.Tensor, translation: torch.Tensor) -> torch.Tensor:
        """(B, L, 3) landmark positions; pose (B, 15), expression (B, ≤n_expr), shape (n_shape,) or (B, ·)."""
        B = pose.shape[0]
        coeffs = torch.cat([shape.expand(B, -1)[:, : self.n_shape],
                            expression[:, : self.n_expr]], -1)
        if coeffs.shape[1] < self.dirs.shape[-1]:
            coeffs = torch.nn.functional.pad(coeffs, (0, self.dirs.shape[-1] - coeffs.shape[1]))
        v = self.v_template + torch.einsum("bk,vck->bvc", coeffs, self.dirs)
        joints = self.J_template + torch.einsum("bk,jck->bjc", coeffs, self.J_dirs)
        rot = axis_angle_to_matrix(pose.reshape(B, -1, 3))
        eye = torch.eye(3, dtype=pose.dtype)
        v = v + ((rot[:, 1:] - eye).reshape(B, -1) @ self.posedirs).reshape(B, -1, 3)
        v = v + torch.einsum("bk,vck->bvc", eyelids, self.eyelid_dirs)
        _, A = rigid_transforms(rot, joints, JOINT_PARENTS)
        T = torch.einsum("vj,bjmn->bvmn", self.weights, A)
        v = (T[..., :3, :3] @ v[..., None])[..., 0] + T[..., :3, 3]
        v = v + translation[:, None]
        return torch.einsum("blkc,lk->blc", v[:, self.tri], self.bary)
