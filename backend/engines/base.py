"""What a frame engine is to the render server (and to anything else that renders): the contract.

Both sides import this module and neither owns it, so an engine imports without zmq or SQLite.
Constructing an engine must be cheap (the server builds one per name, off the I/O thread, at
start); load weights in `prepare` or lazily. An engine turns a `RenderRequest` into a `JobPlan`
once (`prepare`: load weights, fit the reference portrait, ...), then renders single images from
the plan (`render_frame`). Whoever makes a `RenderRequest` from outside input checks it once, with
`check_options` and `check_track` (the server at submit, or on resuming a job after a restart);
`prepare` takes it as checked. The caller owns scheduling, caching, storage and streaming. `frame_key`
names an image by everything that decides its pixels, so an image rendered before for identical
inputs can be reused.
"""

from __future__ import annotations

import abc
import dataclasses
import functools
import hashlib
import threading
from typing import Any, ClassVar, Mapping

import numpy as np

from protocols.bust import Bust
from protocols.head_id import HeadModelId
from protocols.stream_index import frame_and_view
from protocols.tracks import Track
from protocols.views import CameraView
from protocols.wire import json_bytes


class EngineOptionError(ValueError):
    """A job's options are not valid for the engine; the job is rejected with this message.
    `option` names the option at fault."""

    def __init__(self, message: str, *, option: str):
        super().__init__(message)
        self.option = option


class EngineUnavailable(RuntimeError):
    """The engine is installed but cannot be built here (missing weights, a failed import, ...);
    the message says why and what to do."""


@dataclasses.dataclass(frozen=True, eq=False)
class RenderRequest:
    """What an engine is asked to render for one job. `views` are already scaled to `resolution`."""

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
        """Stream index → (frame offset, view index) (protocols.stream_index)."""
        return frame_and_view(index, self.n_views)


@dataclasses.dataclass(frozen=True, eq=False)
class PortraitRequest:
    """What an engine that makes busts is asked for: the bust of `reference_png` on the head `head_model`."""

    engine: str
    head_model: HeadModelId
    reference_png: bytes
    options: Mapping[str, Any]

    @functools.cached_property
    def reference_sha256(self) -> str:
        return hashlib.sha256(self.reference_png).hexdigest()


class BustUnsupported(EngineUnavailable):
    """The engine renders frames but makes no busts."""


@dataclasses.dataclass(eq=False)
class JobPlan:
    """What `prepare` made for one request. `cancel` is set when the job is canceled; engines with
    long frames should check it and raise `JobCanceled` (backend.cancellation). `state` belongs to
    the engine."""

    request: RenderRequest
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

    def frame_extra(self, request: RenderRequest, view_index: int, frame_offset: int) -> dict:
        """Anything else an image's pixels depend on, for engines that draw more than the track."""
        return {}

    @abc.abstractmethod
    def prepare(self, request: RenderRequest, cancel: threading.Event) -> JobPlan:
        ...

    @abc.abstractmethod
    def render_frame(self, plan: JobPlan, view_index: int, frame_offset: int) -> np.ndarray:
        """One image, (height, width, 4) uint8 RGBA at the request's resolution, straight (not
        premultiplied) alpha: the person over transparency, unless the request asks for a background."""

    def release(self, plan: JobPlan) -> None:
        """Free what `prepare` holds (GPU memory) once the job is done or canceled."""

    def check_portrait(self, request: PortraitRequest) -> None:
        """Raise BustUnsupported when this engine makes no busts, HeadModelMismatch for a head it does not
        have, EngineOptionError for options it cannot honour (checked at submit)."""
        raise BustUnsupported(f"the {self.name} engine makes no busts; ask an engine that does (warp)")

    def bust(self, request: PortraitRequest, cancel: threading.Event) -> Bust:
        """The bust of the request's portrait (seconds of work: run it off the render workers). Raises
        JobCanceled soon after `cancel` is set."""
        raise BustUnsupported(f"the {self.name} engine makes no busts")

    def frame_key(self, request: RenderRequest, view_index: int, frame_offset: int) -> str:
        """sha256 over everything that decides this image's pixels."""
        track = request.track
        options = {k: v for k, v in sorted(request.options.items()) if k not in self.runtime_options}
        lo = max(0, frame_offset - self.temporal_radius)
        hi = min(track.num_frames, frame_offset + self.temporal_radius + 1)
        described = {
            "engine": self.name, "version": self.version, "settings": self.settings(), "options": options,
            "resolution": list(request.resolution), "view": request.views[view_index].to_dict(),
            "head_model": track.head_model.to_dict(), "fps": track.fps if self.temporal_radius else None,
            "window": [lo - frame_offset, hi - frame_offset], "expression_size": track.num_expression,
            "shape_size": track.num_shape, "extra": self.frame_extra(request, view_index, frame_offset),
        }
        digest = hashlib.sha256(json_bytes(described))
        digest.update(bytes.fromhex(request.reference_sha256))
        digest.update(track.shape.tobytes())
        for name in ("pose", "expression", "eyelids", "translation"):
            digest.update(np.ascontiguousarray(getattr(track, name)[lo:hi], dtype="<f4").tobytes())
        return digest.hexdigest()
