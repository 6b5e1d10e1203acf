"""A FLAME-format head model held as plain numpy arrays.

The arrays keep FLAME's own names and layout so any FLAME tool reads them:

- ``v_template`` (V, 3) metres, FLAME frame (+y up, face looks along +z)
- ``shapedirs`` (V, 3, n_shape + n_expr): identity components, then expression components
- ``posedirs`` (V, 3, 36): pose correctives driven by the 4 non-root joint rotations (R - I)
- ``J_regressor`` (5, V) dense; ``weights`` (V, 5); ``kintree_table`` (2, 5); ``f`` (F, 3)

Optional extras (absent in some users' files): ``eyelid_dirs`` (V, 3, 2) FLAME-2023-style lid closing,
UVs (``vt``, ``ft``), landmark embeddings as (face index, barycentric) pairs, region masks, expression names.
Files are read, checked and written by `protocols.head_file` (the Blender add-on reads them with it too);
joint names and the kinematic tree are `protocols.flame_conventions`'.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np

from protocols.flame_conventions import JOINT_PARENTS
from protocols.head_file import (CORE_ARRAYS, OPTIONAL_ARRAYS, UV_ARRAYS, HeadModelError, check_head_arrays,
                                 read_head_file, write_head_file)
from protocols.head_id import HeadModelId, head_arrays_sha256

__all__ = ["HeadModel", "HeadModelError", "LandmarkEmbedding"]


@dataclasses.dataclass(frozen=True)
class LandmarkEmbedding:
    """Landmarks fixed on the surface: point i = sum_k bary[i, k] * v[f[face_idx[i], k]]."""

    face_idx: np.ndarray  # (L,) int64
    bary: np.ndarray  # (L, 3) float

    def __post_init__(self):
        if self.face_idx.ndim != 1 or self.bary.shape != (self.face_idx.shape[0], 3):
            raise HeadModelError(
                f"landmark embedding: face_idx {self.face_idx.shape} and bary {self.bary.shape} disagree")

    def __len__(self) -> int:
        return int(self.face_idx.shape[0])


@dataclasses.dataclass
class HeadModel:
    name: str
    flame_version: str
    v_template: np.ndarray
    shapedirs: np.ndarray
    n_shape: int
    n_expr: int
    posedirs: np.ndarray
    J_regressor: np.ndarray
    weights: np.ndarray
    kintree_table: np.ndarray
    f: np.ndarray
    eyelid_dirs: np.ndarray | None = None
    vt: np.ndarray | None = None
    ft: np.ndarray | None = None
    landmarks: dict[str, LandmarkEmbedding] = dataclasses.field(default_factory=dict)
    masks: dict[str, np.ndarray] = dataclasses.field(default_factory=dict)
    expression_names: list[str] = dataclasses.field(default_factory=list)
    shape_names: list[str] = dataclasses.field(default_factory=list)
    meta: dict = dataclasses.field(default_factory=dict)

    def __post_init__(self):
        self.validate()

    # ----------------------------------------------------------------- checks
    @property
    def num_vertices(self) -> int:
        return int(self.v_template.shape[0])

    def validate(self) -> None:
        check_head_arrays({key: getattr(self, key) for key in CORE_ARRAYS + OPTIONAL_ARRAYS + UV_ARRAYS},
                          self.n_shape, self.n_expr,
                          {key: (emb.face_idx, emb.bary) for key, emb in self.landmarks.items()}, self.masks)

    @property
    def parents(self) -> tuple[int, ...]:
        return JOINT_PARENTS

    # ---------------------------------------------------------------- identity
    def sha256(self) -> str:
        """Hash of the geometry arrays (name, dtype, shape and bytes of each, in a fixed order)."""
        return head_arrays_sha256({key: getattr(self, key) for key in CORE_ARRAYS + OPTIONAL_ARRAYS})

    @property
    def model_id(self) -> HeadModelId:
        return HeadModelId(name=self.name, sha256=self.sha256(), flame_version=self.flame_version)

    # ------------------------------------------------------------------ helpers
    @property
    def identity_dirs(self) -> np.ndarray:
        return self.shapedirs[:, :, : self.n_shape]

    @property
    def expression_dirs(self) -> np.ndarray:
        return self.shapedirs[:, :, self.n_shape:]

    def landmark_points(self, vertices: np.ndarray, which: str = "mediapipe") -> np.ndarray:
        """Landmark positions (..., L, 3) on posed vertices (..., V, 3)."""
        emb = self.landmarks[which]
        tri = vertices[..., self.f[emb.face_idx], :]  # (..., L, 3, 3)
        return np.einsum("...lkc,lk->...lc", tri, emb.bary)

    # --------------------------------------------------------------------- I/O
    def save(self, path: str | Path) -> Path:
        arrays = {key: getattr(self, key) for key in CORE_ARRAYS + OPTIONAL_ARRAYS + UV_ARRAYS
                  if getattr(self, key) is not None}
        return write_head_file(
            path, name=self.name, flame_version=self.flame_version, n_shape=self.n_shape, n_expr=self.n_expr,
            arrays=arrays, expression_names=self.expression_names, shape_names=self.shape_names, meta=self.meta,
            landmarks={key: (emb.face_idx, emb.bary) for key, emb in self.landmarks.items()}, masks=self.masks)

    @classmethod
    def load(cls, path: str | Path, verify: bool = True) -> "HeadModel":
        """Read a file `save` wrote (see `protocols.head_file`); `verify` checks its recorded sha256."""
        head = read_head_file(path, verify=verify)
        return cls(
            name=head.name,
            flame_version=head.flame_version,
            n_shape=head.n_shape,
            n_expr=head.n_expr,
            expression_names=list(head.expression_names),
            shape_names=list(head.shape_names),
            meta=dict(head.meta),
            landmarks={key: LandmarkEmbedding(face_idx, bary) for key, (face_idx, bary) in head.landmarks.items()},
            masks=dict(head.masks),
            **{key: head.arrays[key] for key in CORE_ARRAYS},
            **{key: head.arrays.get(key) for key in OPTIONAL_ARRAYS + UV_ARRAYS},
        )
