"""What a motion generator is to the render server (and to anything else that asks for motion): the
contract. A generator turns a text prompt, a recording or a video into a `Track`.

Both sides import this module and neither owns it: a generator sees a `MotionRequest` (what it
needs to know), never the wire message it may have come in, and imports without zmq or SQLite.
Long work checks the cancel event it is given and raises `JobCanceled` (backend.cancellation).
"""

from __future__ import annotations

import abc
import dataclasses
import threading
from typing import Any, ClassVar, Mapping

from protocols.head_id import HeadModelId
from protocols.tracks import Track


@dataclasses.dataclass(frozen=True, eq=False)
class MotionRequest:
    """Motion of `kind` ("text", "audio" or "video") for `head_model` at `fps`, its first row at
    scene frame `first_frame`; `num_frames` None lets the generator choose (text) or follow the
    media (audio, video). `media` is the recording (WAV bytes) or the clip (MP4 bytes)."""

    kind: str
    head_model: HeadModelId
    fps: float
    first_frame: int = 1
    num_frames: int | None = None
    prompt: str | None = None
    media: bytes | None = None
    options: Mapping[str, Any] = dataclasses.field(default_factory=dict)


@dataclasses.dataclass(frozen=True, eq=False)
class GeneratedMotion:
    """What a generator hands back: the track, and for text the motion plan it follows (the JSON object of
    `protocols.motion_plan`), so the artist sees what was read and can edit it."""

    track: Track
    plan: Mapping[str, Any] | None = None


class MotionGenerator(abc.ABC):
    """Turns a text prompt, a recording or a video into a Track for the request's head model."""

    kind: ClassVar[str]   # "text", "audio" or "video"
    name: ClassVar[str]
    # The options a request may carry, and what its media must be ("" when it takes none).
    known_options: ClassVar[frozenset[str]] = frozenset()
    media_description: ClassVar[str] = ""

    def checked_options(self, request: MotionRequest) -> dict[str, Any]:
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
    def generate(self, request: MotionRequest, cancel: threading.Event) -> Track:
        ...

    def run(self, request: MotionRequest, cancel: threading.Event) -> GeneratedMotion:
        """The track with what else the generator has to say about it (the server calls this)."""
        return GeneratedMotion(self.generate(request, cancel))
