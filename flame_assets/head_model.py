"""A FLAME-format head model held as plain numpy arrays.

The arrays keep FLAME's own names and layout so any FLAME tool reads them:

- ``v_template`` (V, 3) metres, FLAME frame (+y up, face looks along +z)
- ``shapedirs`` (V, 3, n_shape + n_expr): identity components, then expression components
- ``posedirs`` (V, 3, 36): pose correctives driven by the 4 non-root joint rotations (R - I)
- ``J_regressor`` (5, V) dense; ``weights`` (V, 5); ``kintree_table`` (2, 5); ``f`` (F, 3)

Optional extras (absent in some users' files): ``eyelid_dirs`` (V, 3, 2) FLAME-2023-style lid closing,
UVs (``vt``, ``ft``), landmark embeddings as (face index, barycentric) pairs, region masks, expression names.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import numpy as np

from protocols.atomic_files import atomic_writer
from protocols.flame_conventions import JOINT_PARENTS, NUM_JOINTS, NUM_POSE_CORRECTIVES
from protocols.head_id import HEAD_CORE_ARRAYS, HEAD_OPTIONAL_ARRAYS, HeadModelId, head_arrays_sha256

# Arrays that define the geometry; their bytes make the model's sha256.
CORE_ARRAYS = HEAD_CORE_ARRAYS
OPTIONAL_ARRAYS = HEAD_OPTIONAL_ARRAYS
FORMAT_VERSION = 1


class HeadModelError(ValueError):
    """A head model file or array set is unusable; the message says which part and why."""


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
        V = self.v_template.shape[0] if self.v_template.ndim == 2 else -1
        expect = {
            "v_template": (V, 3),
            "shapedirs": (V, 3, self.n_shape + self.n_expr),
            "posedirs": (V, 3, NUM_POSE_CORRECTIVES),
            "J_regressor": (NUM_JOINTS, V),
            "weights": (V, NUM_JOINTS),
            "kintree_table": (2, NUM_JOINTS),
        }
        if V <= 0 or self.v_template.shape[1:] != (3,):
            raise HeadModelError(f"v_template must be (V, 3), got {self.v_template.shape}")
        for key, shape in expect.items():
            arr = getattr(self, key)
            if tuple(arr.shape) != shape:
                raise HeadModelError(f"{key} must have shape {shape}, got {tuple(arr.shape)}")
            if arr.dtype.kind == "f" and not np.all(np.isfinite(arr)):
                raise HeadModelError(f"{key} holds NaN or infinite values")
        if self.f.ndim != 2 or self.f.shape[1] != 3 or self.f.size == 0:
            raise HeadModelError(f"f must be (F, 3) triangle indices, got {self.f.shape}")
        if self.f.min() < 0 or self.f.max() >= V:
            raise HeadModelError(f"f indexes vertices outside 0..{V - 1}")
        parents = self.kintree_table[0].astype(np.int64)
        parents = np.where(parents >= NUM_JOINTS, -1, parents)  # FLAME stores the root's parent as 2**32-1
        if tuple(parents) != JOINT_PARENTS:
            raise HeadModelError(f"kintree_table parents {tuple(parents)} are not FLAME's {JOINT_PARENTS}")
        if self.eyelid_dirs is not None and self.eyelid_dirs.shape != (V, 3, 2):
            raise HeadModelError(f"eyelid_dirs must be (V, 3, 2), got {self.eyelid_dirs.shape}")
        if (self.vt is None) != (self.ft is None):
            raise HeadModelError("vt and ft come together")
        if self.ft is not None and self.ft.shape != self.f.shape:
            raise HeadModelError(f"ft must match f's shape {self.f.shape}, got {self.ft.shape}")
        for key, mask in self.masks.items():
            if mask.shape != (V,) or mask.dtype != bool:
                raise HeadModelError(f"mask {key!r} must be a boolean (V,) array")
        for key, emb in self.landmarks.items():
            if len(emb) and (emb.face_idx.min() < 0 or emb.face_idx.max() >= self.f.shape[0]):
                raise HeadModelError(f"landmark embedding {key!r} points at faces that do not exist")

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
        path = Path(path)
        arrays: dict[str, np.ndarray] = {k: getattr(self, k) for k in CORE_ARRAYS}
        for key in OPTIONAL_ARRAYS + ("vt", "ft"):
            if getattr(self, key) is not None:
                arrays[key] = getattr(self, key)
        for key, emb in self.landmarks.items():
            arrays[f"landmarks/{key}/face_idx"] = emb.face_idx
            arrays[f"landmarks/{key}/bary"] = emb.bary
        for key, mask in self.masks.items():
            arrays[f"masks/{key}"] = mask
        header = {
            "format_version": FORMAT_VERSION,
            "name": self.name,
            "flame_version": self.flame_version,
            "n_shape": self.n_shape,
            "n_expr": self.n_expr,
            "expression_names": list(self.expression_names),
            "shape_names": list(self.shape_names),
            "sha256": self.sha256(),
            "meta": self.meta,
        }
        arrays["header_json"] = np.frombuffer(json.dumps(header, sort_keys=True).encode(), dtype=np.uint8)
        with atomic_writer(path) as fh:
            np.savez_compressed(fh, **arrays)
        return path

    @classmethod
    def load(cls, path: str | Path, verify: bool = True) -> "HeadModel":
        path = Path(path)
        if not path.is_file():
            raise HeadModelError(f"head model file {path} does not exist")
        try:
            with np.load(path, allow_pickle=False) as data:
                arrays = {k: data[k] for k in data.files}
        except Exception as exc:  # zip errors, truncated files, object arrays
            raise HeadModelError(f"{path} is not a readable head model .npz ({exc})") from exc
        if "header_json" not in arrays:
            raise HeadModelError(f"{path} has no header: it is not a head model written by mvportrait")
        header = json.loads(arrays.pop("header_json").tobytes().decode())
        if header.get("format_version") != FORMAT_VERSION:
            raise HeadModelError(
                f"{path} has head-model format {header.get('format_version')}, this version reads {FORMAT_VERSION}")
        missing = [k for k in CORE_ARRAYS if k not in arrays]
        if missing:
            raise HeadModelError(f"{path} lacks the arrays {missing}")
        landmarks: dict[str, LandmarkEmbedding] = {}
        masks: dict[str, np.ndarray] = {}
        for key in list(arrays):
            if key.startswith("landmarks/") and key.endswith("/face_idx"):
                name = key.split("/")[1]
                landmarks[name] = LandmarkEmbedding(arrays[key].astype(np.int64), arrays[f"landmarks/{name}/bary"])
            elif key.startswith("masks/"):
                masks[key[len("masks/"):]] = arrays[key].astype(bool)
        model = cls(
            name=header["name"],
            flame_version=header["flame_version"],
            n_shape=int(header["n_shape"]),
            n_expr=int(header["n_expr"]),
            expression_names=list(header.get("expression_names", [])),
            shape_names=list(header.get("shape_names", [])),
            meta=dict(header.get("meta", {})),
            landmarks=landmarks,
            masks=masks,
            **{k: arrays[k] for k in CORE_ARRAYS},
            **{k: arrays.get(k) for k in OPTIONAL_ARRAYS + ("vt", "ft")},
        )
        if verify and model.sha256() != header.get("sha256"):
            raise HeadModelError(f"{path} is corrupt: its arrays do not match the sha256 recorded when it was written")
        return model
