"""The FLAME layer: a head model's arrays as registered buffers and a batched forward pass."""

from __future__ import annotations

import dataclasses

import numpy as np
import torch
from torch import nn

from flame_assets.head_model import HeadModel
from protocols.flame_conventions import JOINT_NAMES, JOINT_PARENTS, POSE_DIM
from protocols.tracks import Track

from .lbs import axis_angle_to_matrix, blend_transforms, pose_feature, rigid_transforms


@dataclasses.dataclass
class FlameOutput:
    vertices: torch.Tensor  # (B, V, 3) metres, FLAME frame
    joints: torch.Tensor  # (B, 5, 3)


@dataclasses.dataclass(frozen=True)
class Identity:
    """One person's head before any frame moves it: the template with the shape applied."""

    vertices: torch.Tensor  # (V, 3), or (B, V, 3) for one identity per frame
    joints: torch.Tensor  # (J, 3) or (B, J, 3), at rest


class FlameLayer(nn.Module):
    """Vertices from shape, expression, pose (15 = global, neck, jaw, eye_left, eye_right; joints, tree and signs
    of `protocols.flame_conventions`), eyelids and translation, vectorised over frames. Uses the first
    `n_shape`/`n_expr` components of the model.

    A track is one person: the identity (shape) is applied once (`identity`, cached for the last shape
    seen) and every frame pays only for what changes per frame, expression, pose correctives and eyelids,
    as one matrix product, then the joints and the skinning."""

    def __init__(self, model: HeadModel, n_shape: int | None = None, n_expr: int | None = None,
                 dtype: torch.dtype = torch.float32):
        super().__init__()
        self.model_id = model.model_id
        self.n_shape = model.n_shape if n_shape is None else min(n_shape, model.n_shape)
        self.n_expr = model.n_expr if n_expr is None else min(n_expr, model.n_expr)
        V = model.num_vertices

        def buf(name, arr, dt=dtype):
            self.register_buffer(name, torch.as_tensor(np.ascontiguousarray(arr)).to(dt), persistent=False)

        buf("v_template", model.v_template)
        identity_dirs = model.identity_dirs[..., : self.n_shape]
        expression_dirs = model.expression_dirs[..., : self.n_expr]
        buf("dirs", np.concatenate([identity_dirs, expression_dirs], -1))
        buf("posedirs", model.posedirs.reshape(V * 3, -1).T)
        buf("J_regressor", model.J_regressor)
        buf("lbs_weights", model.weights)
        buf("faces", model.f, torch.long)
        eyelid_dirs = model.eyelid_dirs if model.eyelid_dirs is not None else np.zeros((V, 3, 2))
        buf("eyelid_dirs", eyelid_dirs)
        self.has_eyelids = model.eyelid_dirs is not None
        self.parents = JOINT_PARENTS
        # Per identity: (S, V*3) and the joints they move, (S, J*3).
        J_reg = model.J_regressor.astype(np.float64)
        buf("identity_dirs_flat", identity_dirs.reshape(V * 3, -1).T)
        buf("identity_joint_dirs", np.einsum("jv,vck->kjc", J_reg, identity_dirs).reshape(self.n_shape, -1))
        buf("J_template", J_reg @ model.v_template)
        # Per frame, fused: rows [expression (E), pose correctives (P), eyelids (2)] over (V*3).
        buf("frame_dirs", np.concatenate([expression_dirs.reshape(V * 3, -1).T, model.posedirs.reshape(V * 3, -1).T,
                                          eyelid_dirs.reshape(V * 3, -1).T], 0))
        buf("expression_joint_dirs", np.einsum("jv,vck->kjc", J_reg, expression_dirs).reshape(self.n_expr, -1))
        self._landmarks = {}
        for key, emb in model.landmarks.items():
            buf(f"lmk_{key}_faces", model.f[emb.face_idx], torch.long)
            buf(f"lmk_{key}_bary", emb.bary)
            self._landmarks[key] = (f"lmk_{key}_faces", f"lmk_{key}_bary")
        self._last_identity: tuple[torch.Tensor, Identity] | None = None
        self.chunk_frames = 32

    @property
    def num_vertices(self) -> int:
        return int(self.v_template.shape[0])

    def _apply(self, fn, *args, **kwargs):
        self._last_identity = None  # moved to another device or dtype: the cached identity is stale
        return super()._apply(fn, *args, **kwargs)

    def identity(self, shape: torch.Tensor | None = None) -> Identity:
        """The head shaped for one person: shape (S,) or (1, S) gives one identity for every frame, (B, S)
        one per frame. The last single identity is kept, so the frames of a track pay for it once; keep
        the result yourself (it lives on the layer's device) to skip even the comparison."""
        if shape is None:
            return Identity(self.v_template, self.J_template)
        shape = shape.to(self.v_template)
        if shape.dim() == 1:
            shape = shape[None]
        k = min(shape.shape[-1], self.n_shape)
        single = shape.shape[0] == 1
        last = self._last_identity
        if single and last is not None and not shape.requires_grad and last[0].shape == shape[:, :k].shape \
                and torch.equal(last[0], shape[:, :k]):
            return last[1]
        coeffs = shape[:, :k]
        vertices = torch.addmm(self.v_template.reshape(1, -1), coeffs, self.identity_dirs_flat[:k])
        joints = torch.addmm(self.J_template.reshape(1, -1), coeffs, self.identity_joint_dirs[:k])
        V, J = self.num_vertices, len(self.parents)
        if single:
            result = Identity(vertices.view(V, 3), joints.view(J, 3))
            if not shape.requires_grad:
                self._last_identity = (coeffs.detach().clone(), result)
            return result
        return Identity(vertices.view(-1, V, 3), joints.view(-1, J, 3))

    def forward(self, pose: torch.Tensor, expression: torch.Tensor | None = None, shape: torch.Tensor | None = None,
                eyelids: torch.Tensor | None = None, translation: torch.Tensor | None = None,
                identity: Identity | None = None, offsets: torch.Tensor | None = None) -> FlameOutput:
        """`identity` (from `identity(shape)`) replaces `shape` when given. `offsets` (V, 3) or (B, V, 3):
        rest-frame displacements added after the joints are regressed (a hair shell over the scalp), so they
        move with the skinning but never move a joint."""
        B = pose.shape[0]
        if pose.shape[-1] != POSE_DIM:
            raise ValueError(f"pose must be (B, {POSE_DIM}) axis-angle [{', '.join(JOINT_NAMES)}], got {tuple(pose.shape)}")
        pose = pose.to(self.v_template)
        if identity is None:
            identity = self.identity(shape)
        rot_mats = axis_angle_to_matrix(pose.reshape(B, -1, 3))
        E = self.n_expr
        coeffs = pose.new_zeros(B, self.frame_dirs.shape[0])
        joints = identity.joints
        if expression is not None:
            k = min(expression.shape[-1], E)
            expression = expression[:, :k].to(pose)
            coeffs[:, :k] = expression
            joints = joints + (expression @ self.expression_joint_dirs[:k]).view(B, -1, 3)
        coeffs[:, E:-2] = pose_feature(rot_mats)
        if eyelids is not None and self.has_eyelids:
            coeffs[:, -2:] = eyelids.to(pose)
        posed_joints, A = rigid_transforms(rot_mats, joints.expand(B, -1, -1), self.parents)
        base = identity.vertices.reshape(-1, self.num_vertices * 3)
        per_frame_identity = base.shape[0] > 1
        verts = pose.new_empty(B, self.num_vertices, 3)
        # Chunks of frames keep the per-vertex intermediates in cache; one pass over 256 frames at once is
        # memory-bound and several times slower.
        for s in range(0, B, self.chunk_frames):
            e = min(B, s + self.chunk_frames)
            v_posed = torch.addmm(base[s:e] if per_frame_identity else base, coeffs[s:e], self.frame_dirs)
            if offsets is not None:
                o = offsets.to(pose).reshape(-1, self.num_vertices * 3)
                v_posed = v_posed + (o[s:e] if o.shape[0] > 1 else o)
            verts[s:e] = blend_transforms(self.lbs_weights, A[s:e], v_posed.view(e - s, -1, 3))
        if translation is not None:
            translation = translation.to(pose)[:, None, :]
            verts, posed_joints = verts + translation, posed_joints + translation
        return FlameOutput(vertices=verts, joints=posed_joints)

    def forward_track(self, track: Track, start: int = 0, stop: int | None = None) -> FlameOutput:
        """Frames [start, stop) of a track made for this head model."""
        track.check_head(self.model_id)
        sl = slice(start, stop)
        dev = self.v_template.device

        def t(a):
            return torch.tensor(np.asarray(a[sl]), dtype=self.v_template.dtype, device=dev)

        return self(pose=t(track.pose), expression=t(track.expression),
                    shape=torch.tensor(np.asarray(track.shape), dtype=self.v_template.dtype, device=dev)[None],
                    eyelids=t(track.eyelids), translation=t(track.translation))

    def landmarks(self, vertices: torch.Tensor, which: str = "mediapipe") -> torch.Tensor:
        """Landmark positions (B, L, 3) on vertices (B, V, 3)."""
        if which not in self._landmarks:
            raise KeyError(f"this head model has no {which!r} landmarks; it has {sorted(self._landmarks)}")
        faces_name, bary_name = self._landmarks[which]
        tri = vertices[:, getattr(self, faces_name)]  # (B, L, 3, 3)
        return torch.einsum("blkc,lk->blc", tri, getattr(self, bary_name))
