"""The FLAME layer: a head model's arrays as registered buffers and a batched forward pass."""

from __future__ import annotations

import dataclasses

import numpy as np
import torch
from torch import nn

from flame_assets.head_model import FLAME_PARENTS, HeadModel
from protocols.tracks import Track

from .lbs import lbs


@dataclasses.dataclass
class FlameOutput:
    vertices: torch.Tensor  # (B, V, 3) metres, FLAME frame
    joints: torch.Tensor  # (B, 5, 3)


class FlameLayer(nn.Module):
    """Vertices from shape, expression, pose (15 = global, neck, jaw, eye_left, eye_right), eyelids and
    translation, vectorised over frames. Uses the first `n_shape`/`n_expr` components of the model."""

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
        dirs = np.concatenate([model.identity_dirs[..., : self.n_shape], model.expression_dirs[..., : self.n_expr]], -1)
        buf("dirs", dirs)
        buf("posedirs", model.posedirs.reshape(V * 3, -1).T)
        buf("J_regressor", model.J_regressor)
        buf("lbs_weights", model.weights)
        buf("faces", model.f, torch.long)
        buf("eyelid_dirs", model.eyelid_dirs if model.eyelid_dirs is not None else np.zeros((V, 3, 2)))
        self.has_eyelids = model.eyelid_dirs is not None
        self.parents = FLAME_PARENTS
        self._landmarks = {}
        for key, emb in model.landmarks.items():
            buf(f"lmk_{key}_faces", model.f[emb.face_idx], torch.long)
            buf(f"lmk_{key}_bary", emb.bary)
            self._landmarks[key] = (f"lmk_{key}_faces", f"lmk_{key}_bary")

    @property
    def num_vertices(self) -> int:
        return int(self.v_template.shape[0])

    def forward(self, pose: torch.Tensor, expression: torch.Tensor | None = None, shape: torch.Tensor | None = None,
                eyelids: torch.Tensor | None = None, translation: torch.Tensor | None = None) -> FlameOutput:
        B = pose.shape[0]
        if pose.shape[-1] != 15:
            raise ValueError(f"pose must be (B, 15) axis-angle [global, neck, jaw, eye_left, eye_right], got {tuple(pose.shape)}")
        pose = pose.to(self.v_template)
        coeffs = torch.zeros(B, self.n_shape + self.n_expr, dtype=pose.dtype, device=pose.device)
        if shape is not None:
            shape = shape.to(pose).expand(B, -1) if shape.dim() == 1 or shape.shape[0] == 1 else shape.to(pose)
            k = min(shape.shape[-1], self.n_shape)
            coeffs[:, :k] = shape[:, :k]
        if expression is not None:
            k = min(expression.shape[-1], self.n_expr)
            coeffs[:, self.n_shape:self.n_shape + k] = expression[:, :k].to(pose)
        offsets = None
        if eyelids is not None and self.has_eyelids:
            offsets = torch.einsum("bk,vck->bvc", eyelids.to(pose), self.eyelid_dirs)
        verts, joints = lbs(coeffs, pose, self.v_template, self.dirs, self.posedirs, self.J_regressor, self.parents,
                            self.lbs_weights, extra_offsets=offsets)
        if translation is not None:
            translation = translation.to(pose)[:, None, :]
            verts, joints = verts + translation, joints + translation
        return FlameOutput(vertices=verts, joints=joints)

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
