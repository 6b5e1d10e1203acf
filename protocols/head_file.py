"""The head-model ``.npz`` format, read and written in one place (numpy only).

``flame_assets.HeadModel`` saves and loads through this module, and the Blender add-on (which vendors
``protocols``) reads heads with it, so both check a file the same way and compute the same model id.

A file holds FLAME's arrays under FLAME's names: ``v_template`` (V, 3), ``shapedirs`` (V, 3, n_shape + n_expr),
``posedirs`` (V, 3, 36), ``J_regressor`` (5, V), ``weights`` (V, 5), ``kintree_table`` (2, 5), ``f`` (F, 3);
optionally ``eyelid_dirs`` (V, 3, 2) and UVs ``vt``/``ft``; landmark embeddings as
``landmarks/<name>/face_idx`` and ``landmarks/<name>/bary``; region masks as ``masks/<name>``; and
``header_json`` (UTF-8 JSON as uint8): format version, name, FLAME version, component counts and names,
the sha256 of the geometry arrays (`head_id.head_arrays_sha256`) and free-form ``meta``.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Mapping

import numpy as np

from .atomic_files import atomic_writer
from .flame_conventions import JOINT_PARENTS, NUM_JOINTS, NUM_POSE_CORRECTIVES
from .head_id import HEAD_CORE_ARRAYS, HEAD_OPTIONAL_ARRAYS, head_arrays_sha256

FORMAT_VERSION = 1
CORE_ARRAYS = HEAD_CORE_ARRAYS          # define the geometry; their bytes make the model's sha256
OPTIONAL_ARRAYS = HEAD_OPTIONAL_ARRAYS  # geometry too, absent from some users' files
UV_ARRAYS = ("vt", "ft")
_CONVERT = "convert FLAME pickles with `mvportrait flame import`"


class HeadModelError(ValueError):
    """A head model file or array set is unusable; the message says which part, why, and what to do."""


@dataclasses.dataclass(frozen=True)
class HeadFile:
    """What one head-model file holds, checked."""

    name: str
    flame_version: str
    n_shape: int
    n_expr: int
    sha256: str                                   # recorded in the header (verified against the arrays on read)
    arrays: dict[str, np.ndarray]                 # CORE_ARRAYS plus whichever OPTIONAL_ARRAYS/UV_ARRAYS exist
    expression_names: tuple[str, ...] = ()
    shape_names: tuple[str, ...] = ()
    meta: dict = dataclasses.field(default_factory=dict)
    landmarks: dict[str, tuple[np.ndarray, np.ndarray]] = dataclasses.field(default_factory=dict)  # face_idx, bary
    masks: dict[str, np.ndarray] = dataclasses.field(default_factory=dict)


def check_head_arrays(arrays: Mapping[str, "np.ndarray | None"], n_shape: int, n_expr: int,
                      landmarks: Mapping[str, tuple[np.ndarray, np.ndarray]] | None = None,
                      masks: Mapping[str, np.ndarray] | None = None) -> None:
    """Raise `HeadModelError` unless the arrays form a FLAME-layout head with `n_shape` identity and `n_expr`
    expression components (shapes, finite values, face indices, FLAME's joint tree, extras)."""
    v_template = np.asarray(arrays["v_template"])
    V = v_template.shape[0] if v_template.ndim == 2 else -1
    if V <= 0 or v_template.shape[1:] != (3,):
        raise HeadModelError(f"v_template must be (V, 3), got {v_template.shape}")
    expect = {
        "v_template": (V, 3),
        "shapedirs": (V, 3, n_shape + n_expr),
        "posedirs": (V, 3, NUM_POSE_CORRECTIVES),
        "J_regressor": (NUM_JOINTS, V),
        "weights": (V, NUM_JOINTS),
        "kintree_table": (2, NUM_JOINTS),
    }
    for key, shape in expect.items():
        arr = np.asarray(arrays[key])
        if tuple(arr.shape) != shape:
            raise HeadModelError(f"{key} must have shape {shape}, got {tuple(arr.shape)}")
        if arr.dtype.kind == "f" and not np.all(np.isfinite(arr)):
            raise HeadModelError(f"{key} holds NaN or infinite values")
    f = np.asarray(arrays["f"])
    if f.ndim != 2 or f.shape[1] != 3 or f.size == 0:
        raise HeadModelError(f"f must be (F, 3) triangle indices, got {f.shape}")
    if f.min() < 0 or f.max() >= V:
        raise HeadModelError(f"f indexes vertices outside 0..{V - 1}")
    parents = np.asarray(arrays["kintree_table"])[0].astype(np.int64)
    parents = np.where(parents >= NUM_JOINTS, -1, parents)  # FLAME stores the root's parent as 2**32-1
    if tuple(parents) != JOINT_PARENTS:
        raise HeadModelError(f"kintree_table parents {tuple(parents)} are not FLAME's {JOINT_PARENTS}")
    eyelid_dirs = arrays.get("eyelid_dirs")
    if eyelid_dirs is not None and eyelid_dirs.shape != (V, 3, 2):
        raise HeadModelError(f"eyelid_dirs must be (V, 3, 2), got {eyelid_dirs.shape}")
    vt, ft = arrays.get("vt"), arrays.get("ft")
    if (vt is None) != (ft is None):
        raise HeadModelError("vt and ft come together")
    if ft is not None and ft.shape != f.shape:
        raise HeadModelError(f"ft must match f's shape {f.shape}, got {ft.shape}")
    for key, mask in (masks or {}).items():
        if mask.shape != (V,) or mask.dtype != bool:
            raise HeadModelError(f"mask {key!r} must be a boolean (V,) array")
    for key, (face_idx, bary) in (landmarks or {}).items():
        if face_idx.ndim != 1 or bary.shape != (face_idx.shape[0], 3):
            raise HeadModelError(f"landmark embedding {key!r}: face_idx {face_idx.shape} and bary {bary.shape} "
                                 f"disagree")
        if len(face_idx) and (face_idx.min() < 0 or face_idx.max() >= f.shape[0]):
            raise HeadModelError(f"landmark embedding {key!r} points at faces that do not exist")


def read_head_file(path: str | Path, verify: bool = True, with_extras: bool = True) -> HeadFile:
    """Read and check a head-model file. `verify` compares the arrays with their recorded sha256;
    `with_extras=False` skips landmarks, masks and UVs (a rig needs none of them)."""
    path = Path(path)
    if not path.is_file():
        raise HeadModelError(f"head model file {path} does not exist; pick a head-model .npz made by "
                             f"`mvportrait flame import`, or use the open head")
    try:
        with np.load(path, allow_pickle=False) as data:
            keep = [k for k in data.files
                    if with_extras or not (k.startswith(("landmarks/", "masks/")) or k in UV_ARRAYS)]
            arrays = {k: data[k] for k in keep}
    except Exception as exc:  # zip errors, truncated files, object arrays
        raise HeadModelError(f"{path} is not a readable head-model .npz ({exc}); {_CONVERT} first") from exc
    if "header_json" not in arrays:
        raise HeadModelError(f"{path} has no header: it is not a head model written by mvportrait; {_CONVERT}")
    try:
        header = json.loads(arrays.pop("header_json").tobytes().decode())
        if not isinstance(header, dict):
            raise ValueError("the header is not a JSON object")
    except (UnicodeDecodeError, ValueError) as exc:
        raise HeadModelError(f"{path} has an unreadable header ({exc}); re-convert the head") from None
    if header.get("format_version") != FORMAT_VERSION:
        raise HeadModelError(f"{path} has head-model format {header.get('format_version')}, this version reads "
                             f"{FORMAT_VERSION}; update MVPortrait or re-convert the head")
    missing = [k for k in CORE_ARRAYS if k not in arrays]
    if missing:
        raise HeadModelError(f"{path} lacks the arrays {missing}; re-convert the head")
    try:
        name, flame_version = str(header["name"]), str(header["flame_version"])
        n_shape, n_expr = int(header["n_shape"]), int(header["n_expr"])
    except (KeyError, TypeError, ValueError) as exc:
        raise HeadModelError(f"{path}: the header lacks a valid {exc}; re-convert the head") from None
    landmarks: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    masks: dict[str, np.ndarray] = {}
    for key in list(arrays):
        if key.startswith("landmarks/") and key.endswith("/face_idx"):
            lm = key.split("/")[1]
            bary = arrays.pop(f"landmarks/{lm}/bary", None)
            if bary is None:
                raise HeadModelError(f"{path}: landmark embedding {lm!r} has face indices but no barycentrics")
            landmarks[lm] = (arrays.pop(key).astype(np.int64), bary)
        elif key.startswith("masks/"):
            masks[key[len("masks/"):]] = arrays.pop(key).astype(bool)
    arrays = {k: v for k, v in arrays.items() if k in CORE_ARRAYS + OPTIONAL_ARRAYS + UV_ARRAYS}
    try:
        check_head_arrays(arrays, n_shape, n_expr, landmarks, masks)
    except HeadModelError as exc:
        raise HeadModelError(f"{path}: {exc}; re-convert the head") from None
    digest = str(header.get("sha256", ""))
    if verify and head_arrays_sha256(arrays) != digest:
        raise HeadModelError(f"{path} is corrupt: its arrays do not match the sha256 recorded when it was written; "
                             f"re-convert or re-download it")
    return HeadFile(name=name, flame_version=flame_version, n_shape=n_shape, n_expr=n_expr, sha256=digest,
                    arrays=arrays, expression_names=tuple(header.get("expression_names", [])),
                    shape_names=tuple(header.get("shape_names", [])), meta=dict(header.get("meta", {})),
                    landmarks=landmarks, masks=masks)


def write_head_file(path: str | Path, *, name: str, flame_version: str, n_shape: int, n_expr: int,
                    arrays: Mapping[str, "np.ndarray | None"], expression_names: tuple[str, ...] | list[str] = (),
                    shape_names: tuple[str, ...] | list[str] = (), meta: dict | None = None,
                    landmarks: Mapping[str, tuple[np.ndarray, np.ndarray]] | None = None,
                    masks: Mapping[str, np.ndarray] | None = None) -> Path:
    """Write a head-model file atomically; its header records the sha256 of the geometry arrays."""
    path = Path(path)
    out = {k: np.asarray(v) for k, v in arrays.items() if v is not None}
    for key, (face_idx, bary) in (landmarks or {}).items():
        out[f"landmarks/{key}/face_idx"] = face_idx
        out[f"landmarks/{key}/bary"] = bary
    for key, mask in (masks or {}).items():
        out[f"masks/{key}"] = mask
    header = {
        "format_version": FORMAT_VERSION,
        "name": name,
        "flame_version": flame_version,
        "n_shape": n_shape,
        "n_expr": n_expr,
        "expression_names": list(expression_names),
        "shape_names": list(shape_names),
        "sha256": head_arrays_sha256(arrays),
        "meta": meta or {},
    }
    out["header_json"] = np.frombuffer(json.dumps(header, sort_keys=True).encode(), dtype=np.uint8)
    with atomic_writer(path) as fh:
        np.savez_compressed(fh, **out)
    return path
