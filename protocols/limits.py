"""Hard limits a server enforces (sent in `welcome`); plain Python, so the command line shows them cheaply."""

from __future__ import annotations

import dataclasses
from typing import Mapping


@dataclasses.dataclass(frozen=True)
class Limits:
    """Hard limits a server enforces; sent in `welcome` so clients can check before sending."""

    max_message_bytes: int = 64 * 1024 * 1024
    max_frames_per_job: int = 20_000
    max_images_per_job: int = 100_000
    max_views_per_job: int = 8
    max_width: int = 4096
    max_height: int = 4096
    max_queued_jobs_per_artist: int = 16
    max_credit: int = 16
    max_options_bytes: int = 16 * 1024

    def __post_init__(self):
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ValueError(f"limit {f.name} must be a positive integer, got {value!r}")

    def to_dict(self) -> dict:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, d: Mapping) -> "Limits":
        names = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in d.items() if k in names})
