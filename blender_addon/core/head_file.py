"""The head model a rig is built from, read with the same reader as the backend's ``HeadModel``
(``protocols.head_file``, vendored), so the add-on checks a file the same way and sends the same model id.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np

from ..vendored import head_file, head_id

# Raised for any unusable head file; the message says what to do.
HeadFileError = head_file.HeadModelError


@dataclasses.dataclass(frozen=True)
class HeadArrays:
    """The arrays and names of one head model the rig needs (FLAME frame, metres)."""

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
    """The rig's arrays of a head-model .npz; `verify` checks the arrays against their recorded sha256."""
    head = head_file.read_head_file(path, verify=verify, with_extras=False)
    a = head.arrays
    return HeadArrays(
        name=head.name, flame_version=head.flame_version, sha256=head.sha256, n_shape=head.n_shape,
        n_expr=head.n_expr, v_template=a["v_template"], shapedirs=a["shapedirs"], posedirs=a["posedirs"],
        J_regressor=a["J_regressor"], weights=a["weights"], faces=a["f"].astype(np.int64),
        eyelid_dirs=a.get("eyelid_dirs"), expression_names=head.expression_names, shape_names=head.shape_names)
