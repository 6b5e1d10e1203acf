"""What the server needs from a frame engine, and nothing about how frames are made.

Constructing an engine must be cheap (the server builds one per name, off the I/O thread, at
start); load weights in `prepare` or lazily. An engine turns a `RenderJob` into a `JobPlan` once (`prepare`: load weights, fit the reference
portrait, ...), then renders single images from the plan (`render_frame`). The server owns
scheduling, caching, storage and streaming. `frame_key` names an image by everything that
decides its pixels, so the server can reuse an image rendered before for identical inputs.

Motion generators (text, audio or video → Track) follow the same pattern with `MotionGenerator`.
"""

from __future__ import annotations

import abc
import dataclasses
import functools
import hashlib
import threading
from typing import Any, ClassVar, Mapping

import numpy as np

from protocols.messages import SubmitMotion
from protocols.tracks import Track
from protocols.views import CameraView
from protocols.wire import json_bytes


class Canceled(Exception):
    """Raised by an engine that noticed `plan.cancel` in the middle of a long frame."""


class EngineOptionError(ValueError):
    """A job's options are not valid for the engine; the job is rejected with this message."""


@dataclasses.dataclass(frozen=True, eq=False)
class RenderJob:
    """A render job's inputs. `views` are already scaled to `resolution`. Stream index i is
    frame offset i // n_views and view i % n_views."""

    job_id: str
    engine: str
    track: Track
    views: tuple[CameraView, ...]
    reference_png: bytes
    resolution: tuple[int, int]
    options: Mapping[str, Any]

    @functools.cached_property
    def reference_sha256(self) -> str:
        return hashlib.sha256(self.reference_png).hexdigest()

    @property
    def n_frames(self) -> int:
        return self.track.num_frames

    @property
    def n_views(self) -> int:
        return len(self.views)

    @property
    def total(self) -> int:
        return self.n_frames * self.n_views

    def locate(self, index: int) -> tuple[int, int]:
        """Stream index → (frame offset, view index)."""
        return divmod(index, self.n_views)


@dataclasses.dataclass(eq=False)
class JobPlan:
    """What `prepare` made for one job. `cancel` is set when the job is canceled; engines with
    long frames should check it and raise `Canceled`. `state` belongs to the engine."""

    job: RenderJob
    cancel: threading.Event
    state: Any = None


class Engine(abc.ABC):
    """A frame engine. One instance serves every job, one frame at a time per plan."""

    name: ClassVar[str]
    # Bump when the engine's pixels change, so cached images from older versions are not reused.
    version: ClassVar[str] = "1"
    # Frames within this many frames of t that image t depends on (temporal models).
    temporal_radius: ClassVar[int] = 0
    # Option names that change how a job runs but never its pixels (excluded from the cache key).
    runtime_options: ClassVar[frozenset[str]] = frozenset()

    def check_options(self, options: Mapping[str, Any]) -> None:
        """Raise EngineOptionError for options this engine cannot honour (checked at submit)."""

    def check_track(self, track: Track) -> None:
        """Raise HeadModelMismatch (protocols.head_id) for a track made for a head this engine does
        not render (checked at submit, so the artist hears it at once)."""

    def settings(self) -> dict:
        """Engine-wide settings that change pixels (model checkpoint hash, sampler steps, ...)."""
        return {}

    def frame_extra(self, job: RenderJob, view_index: int, frame_offset: int) -> dict:
        """Anything else an image's pixels depend on, for engines that draw more than the track."""
        return {}

    @abc.abstractmethod
    def prepare(self, job: RenderJob, cancel: threading.Event) -> JobPlan:
        ...

    @abc.abstractmethod
    def render_frame(self, plan: JobPlan, view_index: int, frame_offset: int) -> np.ndarray:
        """One image, (height, width, 3) uint8 RGB at the job's resolution."""

    def release(self, plan: JobPlan) -> None:
        """Free what `prepare` holds (GPU memory) once the job is done or canceled."""

    def frame_key(self, job: RenderJob, view_index: int, frame_offset: int) -> str:
        """sha256 over everything that decides this image's pixels."""
        track = job.track
        options = {k: v for k, v in sorted(job.options.items()) if k not in self.runtime_options}
        lo = max(0, frame_offset - self.temporal_radius)
        hi = min(track.num_frames, frame_offset + self.temporal_radius + 1)
        described = {
            "engine": self.name, "version": self.version, "settings": self.settings(), "options": options,
            "resolution": list(job.resolution), "view": job.views[view_index].to_dict(),
            "head_model": track.head_model.to_dict(), "fps": track.fps if self.temporal_radius else None,
            "window": [lo - frame_offset, hi - frame_offset], "expression_size": track.num_expression,
            "shape_size": track.num_shape, "extra": self.frame_extra(job, view_index, frame_offset),
        }
        digest = hashlib.sha256(json_bytes(described))
        digest.update(bytes.fromhex(job.reference_sha256))
        digest.update(track.shape.tobytes())
        for name in ("pose", "expression", "eyelids", "translation"):
            digest.update(np.ascontiguousarray(getattr(track, name)[lo:hi], dtype="<f4").tobytes())
        return digest.hexdigest()


class MotionGenerator(abc.ABC):
    """Turns a text prompt, a recording or a video into a Track for the request's head model."""

    kind: ClassVar[str]   # "text", "audio" or "video"
    name: ClassVar[str]
    # The options a request may carry, and what its media must be ("" when it takes none).
    known_options: ClassVar[frozenset[str]] = frozenset()
    media_description: ClassVar[str] = ""

    def checked_options(self, request: SubmitMotion) -> dict[str, Any]:
        """The request's options, refusing names this generator does not know and missing media."""
        if self.media_description and request.media is None:
            raise ValueError(f"a {self.kind} motion job needs {self.media_description} as its media")
        options = dict(request.options or {})
        unknown = set(options) - self.known_options
        if unknown:
            raise ValueError(f"unknown options for {self.kind} motion: {', '.join(sorted(unknown))} "
                             f"(known: {', '.join(sorted(self.known_options)) or 'none'})")
        return options

    @abc.abstractmethod
    def generate(self, request: SubmitMotion, cancel: threading.Event) -> Track:
        ...
