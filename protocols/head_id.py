"""Which head model a track belongs to."""

from __future__ import annotations

import dataclasses
import hashlib
import re
from typing import Mapping

import numpy as np

_SHA256 = re.compile(r"^[0-9a-f]{64}$")

# The arrays that define a head's geometry, in the order they are hashed into its id.
HEAD_CORE_ARRAYS = ("v_template", "shapedirs", "posedirs", "J_regressor", "weights", "kintree_table", "f")
HEAD_OPTIONAL_ARRAYS = ("eyelid_dirs",)


def head_arrays_sha256(arrays: Mapping[str, "np.ndarray | None"]) -> str:
    """A head model's sha256: name, dtype, shape and bytes of each geometry array present, in a fixed order.

    Backend and Blender add-on both compute it, so a track names the same head on both sides."""
    h = hashlib.sha256()
    for key in HEAD_CORE_ARRAYS + HEAD_OPTIONAL_ARRAYS:
        arr = arrays.get(key)
        if arr is None:
            continue
        arr = np.ascontiguousarray(arr)
        h.update(key.encode())
        h.update(str(arr.dtype.str).encode())
        h.update(repr(tuple(arr.shape)).encode())
        h.update(arr.tobytes())
    return h.hexdigest()


class HeadModelMismatch(ValueError):
    """A track made for one head model was given to another."""


@dataclasses.dataclass(frozen=True)
class HeadModelId:
    """A head model's name, the sha256 of its arrays and its FLAME version ("2020", "2023", "open-1", ...)."""

    name: str
    sha256: str
    flame_version: str

    def __post_init__(self):
        if not isinstance(self.name, str) or not self.name or len(self.name) > 200:
            raise ValueError(f"head model name must be a non-empty string of at most 200 characters, got {self.name!r}")
        if not isinstance(self.sha256, str) or not _SHA256.match(self.sha256):
            raise ValueError(f"head model sha256 must be 64 lowercase hex digits, got {self.sha256!r}")
        if not isinstance(self.flame_version, str) or not self.flame_version:
            raise ValueError(f"head model flame_version must be a non-empty string, got {self.flame_version!r}")

    def check_matches(self, other: "HeadModelId") -> None:
        if self.sha256 != other.sha256:
            raise HeadModelMismatch(
                f"this track was made for head model {self.name!r} (sha256 {self.sha256[:12]}…), "
                f"not for {other.name!r} (sha256 {other.sha256[:12]}…); retarget it or load the head it was made for")

    def to_dict(self) -> dict:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, d: dict) -> "HeadModelId":
        return cls(name=d["name"], sha256=d["sha256"], flame_version=d["flame_version"])
