"""Read a head-model ``.npz`` (the format ``flame_assets.HeadModel.save`` writes) with numpy alone.

Blender ships numpy but not scipy or torch, so the add-on cannot use ``flame_assets``; this reader
takes only the arrays the rig needs and checks the file's recorded sha256 the same way the backend
does, so the head model id the add-on sends is the one the backend computes.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import numpy as np

from ..vendored import head_id

CORE_ARRAYS = head_id.HEAD_CORE_ARRAYS
FORMAT_VERSION = 1


class HeadFileError(ValueError):
    """A head file the rig cannot be built from; the message says what to do."""


@dataclasses.dataclass(frozen=True)
class HeadArrays:
    """The arrays and names of one head model (FLAME frame, metres)."""

    name: str
    flame_version: str
    sha256: str
    n_shape: int
    n_expr: int
    v_template: np.ndarray       # (V, 3)
    shapedirs: np.ndarray        # (V, 3, n_shape + n_expr)
    posedirs: np.ndarray         # (V, 3, 36)
    J_regressor: np.ndarray      # (5, V)
    weights: np.ndarray          # (V, 5)
    faces: np.ndarray            # (F, 3)
    eyelid_dirs: np.ndarray | None
    expression_names: tuple[str, ...]
    shape_names: tuple[str, ...]

    @property
    def model_id(self):
        return head_id.HeadModelId(name=self.name, sha256=self.sha256, flame_version=self.flame_version)

    @property
    def num_vertices(self) -> int:
        return int(self.v_template.shape[0])


def read_head_file(path: str | Path, verify: bool = True) -> HeadArrays:
    path = Path(path)
    if not path.is_file():
        raise HeadFileError(f"head model file {path} does not exist; pick a head-model .npz made by "
                            f"`mvportrait flame import` (or leave the path empty for the open head)")
    try:
        with np.load(path, allow_pickle=False) as data:
            arrays = {k: data[k] for k in data.files if not k.startswith(("landmarks/", "masks/"))}
    except Exception as exc:
        raise HeadFileError(f"{path} is not a readable head-model .npz ({exc}); convert FLAME pickles "
                            f"with `mvportrait flame import` first") from None
    if "header_json" not in arrays:
        raise HeadFileError(f"{path} has no header: it is not a head model written by mvportrait; convert "
                            f"it with `mvportrait flame import`")
    header = json.loads(arrays.pop("header_json").tobytes().decode())
    if header.get("format_version") != FORMAT_VERSION:
        raise HeadFileError(f"{path} has head-model format {header.get('format_version')}, this add-on reads "
                            f"{FORMAT_VERSION}; update the add-on or re-convert the head")
    missing = [k for k in CORE_ARRAYS if k not in arrays]
    if missing:
        raise HeadFileError(f"{path} lacks the arrays {missing}; re-convert the head")
    digest = header.get("sha256", "")
    if verify and head_id.head_arrays_sha256(arrays) != digest:
        raise HeadFileError(f"{path} is corrupt: its arrays do not match their recorded sha256; "
                            f"re-convert or re-download it")
    n_shape, n_expr = int(header["n_shape"]), int(header["n_expr"])
    V = arrays["v_template"].shape[0]
    if arrays["shapedirs"].shape != (V, 3, n_shape + n_expr):
        raise HeadFileError(f"{path}: shapedirs has shape {arrays['shapedirs'].shape}, expected "
                            f"{(V, 3, n_shape + n_expr)}")
    return HeadArrays(
        name=header["name"], flame_version=header["flame_version"], sha256=digest,
        n_shape=n_shape, n_expr=n_expr,
        v_template=arrays["v_template"], shapedirs=arrays["shapedirs"], posedirs=arrays["posedirs"],
        J_regressor=arrays["J_regressor"], weights=arrays["weights"], faces=arrays["f"].astype(np.int64),
        eyelid_dirs=arrays.get("eyelid_dirs"),
        expression_names=tuple(header.get("expression_names", [])),
        shape_names=tuple(header.get("shape_names", [])))
