"""Which head model a track belongs to."""

from __future__ import annotations

import dataclasses
import re

_SHA256 = re.compile(r"^[0-9a-f]{64}$")


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
