"""MVP/1 message schema: one typed, frozen dataclass per message type, declared field by field
(`protocols.schema.wire`), plus job states, limits and error codes.

`class Ping(Body, type="ping")` declares the message type `ping`; each field says once how it
travels (content or buffers) and what a received value must be, with the limits `Track` and
`CameraView` use. `encode()` → (content, buffers) and `decode(content, buffers)` come from `Body`
and walk those declarations. Types with the same fields share one declaration and differ only in
their type name. SPEC.md is the contract; tests/test_messages.py holds the two together.
"""

from __future__ import annotations

from typing import ClassVar

from .head_id import HeadModelId
from .bust import Bust
from .limits import Limits  # noqa: F401 (part of this module's interface)
from .schema import (MAX_COUNT, MAX_INT32, MAX_OBJECT_BYTES, MAX_TEXT, REQUIRED, Bodies, Bool, BustArrays, Int,
                     JobId, JsonObject, Media, Number, Record, Resolution, Strings, Text, TrackArrays, Views, wire)
# The message API the rest of the code imports from here:
from .schema import Body, SchemaError, decode_body  # noqa: F401
from .tracks import MAX_ABS_FIRST_FRAME, MAX_FPS, MAX_FRAMES, MIN_FPS, Track
from .views import CameraView
from .wire import Blob

# ---------------------------------------------------------------------------- vocabulary

QUEUED = "queued"
RUNNING = "running"
CANCEL_REQUESTED = "cancel-requested"
CANCELED = "canceled"
COMPLETED = "completed"
FAILED = "failed"
JOB_STATES = (QUEUED, RUNNING, CANCEL_REQUESTED, CANCELED, COMPLETED, FAILED)
FINAL_STATES = frozenset({CANCELED, COMPLETED, FAILED})

FRAME_DONE = "done"
FRAME_FAILED = "failed"
FRAME_STATES = (FRAME_DONE, FRAME_FAILED)

JOB_KINDS = ("render", "motion", "portrait")
MOTION_KINDS = ("text", "audio", "video")
MOTION_MEDIA = {"text": None, "audio": "wav", "video": "mp4"}

ERROR_CODES: dict[str, str] = {
    "bad_message": "the multipart message is not MVP framing (too few frames, no protocol frame)",
    "unsupported_version": "the protocol frame names a major version this side does not speak",
    "unsigned": "the signature frame is empty",
    "bad_signature": "the HMAC does not match: wrong key or altered frames",
    "invalid_json": "the header or content is not a JSON object",
    "invalid_header": "a header field is missing or malformed",
    "clock_skew": "the header time is too far from the receiver's clock",
    "replay": "the (session, seq) pair is not above the last seen for that session",
    "bad_buffer": "a buffer frame does not match its header descriptor",
    "too_large": "the message is larger than max_message_bytes",
    "unknown_type": "no message type of that name in this major version",
    "invalid_content": "a content field is missing or malformed",
    "invalid_track": "the track arrays are invalid (NaN, wrong shape, out of range)",
    "invalid_view": "a camera view is invalid",
    "limit_exceeded": "a hard limit from the server settings is exceeded",
    "unknown_engine": "the server has no engine of that name",
    "unavailable": "the server lacks the generator or engine the request needs",
    "idempotency_conflict": "the idempotency key was used before for a different request",
    "not_found": "no such job for this artist",
    "job_finished": "the job already reached a final state",
    "revoked": "the connection's CURVE key was removed from the server's artists file",
    "internal": "the server failed while handling the message; it stays up",
}


# ---------------------------------------------------------------------------- session


class Hello(Body, type="hello"):
    client: str = wire(Text(), default="mvportrait", missing="unknown")
    capabilities: tuple[str, ...] = wire(Strings(), default=())


class Welcome(Body, type="welcome"):
    server: str = wire(Text())
    server_session: str = wire(Text())
    artist: str = wire(Text())
    curve: bool = wire(Bool(), missing=False)
    engines: tuple[str, ...] = wire(Strings(), missing=())
    generators: tuple[str, ...] = wire(Strings(), missing=())
    limits: Limits = wire(Record(Limits, max_bytes=MAX_OBJECT_BYTES))
    heartbeat_s: float = wire(Number())
    client_timeout_s: float = wire(Number())
    minor: int = wire(Int(0, MAX_INT32))
    protocol: str = wire(Text(), default="MVP/1", missing=REQUIRED)
    capabilities: tuple[str, ...] = wire(Strings(), default=())


class Ping(Body, type="ping"):
    echo: str = wire(Text(allow_empty=True), default="")


class Pong(Body, type="pong"):
    server_time: float = wire(Number())
    echo: str = wire(Text(allow_empty=True), default="")


class _Refusal(Body):
    """Why a message was refused; `error` and `rejected` carry the same fields."""

    code: str = wire(Text())
    message: str = wire(Text(MAX_TEXT))
    retryable: bool = wire(Bool(), default=False)
    field: str | None = wire(Text(), default=None)


class Error(_Refusal, type="error"):
    """The answer to a message that failed a check, or to a request the server cannot serve."""


class Rejected(_Refusal, type="rejected"):
    """The answer to a submit_* that is well formed but refused."""


# ---------------------------------------------------------------------------- jobs


class SubmitRender(Body, type="submit_render", eq=False):
    """A render job. Buffers: [reference png, pose, expression, eyelids, translation, shape]."""

    BUFFER_ORDER: ClassVar[tuple[str, ...]] = ("reference", "track")
    idempotency_key: str = wire(Text())
    engine: str = wire(Text())
    resolution: tuple[int, int] = wire(Resolution())
    track: Track = wire(TrackArrays())
    views: tuple[CameraView, ...] = wire(Views())
    reference: Blob = wire(Media("png"))
    options: dict = wire(JsonObject(), default_factory=dict)


class SubmitMotion(Body, type="submit_motion"):
    """A motion generation job (text, audio or video → Track). Buffers: none for text, one wav for
    audio, one mp4 for video."""

    idempotency_key: str = wire(Text())
    kind: str = wire(Text(choices=MOTION_KINDS))
    head_model: HeadModelId = wire(Record(HeadModelId))
    fps: float = wire(Number(MIN_FPS, MAX_FPS))
    first_frame: int = wire(Int(-MAX_ABS_FIRST_FRAME, MAX_ABS_FIRST_FRAME), default=1)
    num_frames: int | None = wire(Int(1, MAX_FRAMES), default=None)
    prompt: str | None = wire(Text(MAX_TEXT), default=None, required_for=("kind", "text"))
    generator: str | None = wire(Text(), default=None)
    media: Blob | None = wire(Media(MOTION_MEDIA, selector="kind"), default=None)
    options: dict = wire(JsonObject(), default_factory=dict)


class SubmitPortrait(Body, type="submit_portrait"):
    """A portrait job: the bust an engine makes of the reference portrait for a head model (Blender's Texture
    Rig from Portrait). Buffers: [reference png]."""

    idempotency_key: str = wire(Text())
    engine: str = wire(Text())
    head_model: HeadModelId = wire(Record(HeadModelId))
    reference: Blob = wire(Media("png"))
    options: dict = wire(JsonObject(), default_factory=dict)


class Accepted(Body, type="accepted"):
    job_id: str = wire(JobId())
    kind: str = wire(Text())
    state: str = wire(Text())
    total: int = wire(Int(0, MAX_COUNT))
    duplicate: bool = wire(Bool(), default=False)


class _JobRequest(Body):
    """A request about one job that carries nothing but its id (status, unsubscribe, cancel)."""

    job_id: str = wire(JobId())


class StatusRequest(_JobRequest, type="status"):
    """Ask for a job's status; answered with `status`."""


class JobStatus(Body, type="status"):
    """A job's state and progress. `done` and `failed` count images (one per frame and view)."""

    job_id: str = wire(JobId())
    kind: str = wire(Text())
    state: str = wire(Text(choices=JOB_STATES))
    engine: str | None = wire(Text(), missing=None)
    done: int = wire(Int(0, MAX_COUNT))
    failed: int = wire(Int(0, MAX_COUNT))
    total: int = wire(Int(0, MAX_COUNT))
    created: float = wire(Number())
    updated: float = wire(Number())
    error: str | None = wire(Text(MAX_TEXT), default=None)

    @property
    def final(self) -> bool:
        return self.state in FINAL_STATES


class Subscribe(Body, type="subscribe"):
    """Stream a job's images from stream index `from_frame` on, granting `credit` images now."""

    job_id: str = wire(JobId())
    from_frame: int = wire(Int(0, MAX_COUNT), default=0)
    credit: int = wire(Int(0, MAX_INT32), default=0)


class Unsubscribe(_JobRequest, type="unsubscribe"):
    """Stop streaming a job's images to this connection; no answer."""

class Credit(Body, type="credit"):
    job_id: str = wire(JobId())
    frames: int = wire(Int(1, MAX_INT32))


class Frame(Body, type="frame"):
    """One image of a render job. `index` is the stream position: frame_offset × views + view.
    A failed image carries no buffer, an `error` and no sha256."""

    job_id: str = wire(JobId())
    index: int = wire(Int(0, MAX_COUNT))
    view: int = wire(Int(0, MAX_INT32))
    view_name: str = wire(Text())
    frame: int = wire(Int(-MAX_COUNT, MAX_COUNT))
    state: str = wire(Text(choices=FRAME_STATES))
    sha256: str | None = wire(Text(), default=None)
    error: str | None = wire(Text(MAX_TEXT), default=None)
    cached: bool = wire(Bool(), default=False)
    image: Blob | None = wire(Media({FRAME_DONE: "png", FRAME_FAILED: None}, selector="state"), default=None)


class TrackResult(Body, type="track", eq=False):
    """The result of a motion job. Buffers: pose, expression, eyelids, translation, shape. `plan`: the
    motion plan the track follows (text jobs; `protocols.motion_plan` JSON), absent otherwise."""

    job_id: str = wire(JobId())
    track: Track = wire(TrackArrays())
    plan: dict | None = wire(JsonObject(omit_when_none=True), default=None)


class BustResult(Body, type="bust", eq=False):
    """The result of a portrait job (`protocols.bust.Bust`). Buffers: the photo pose's pose, expression,
    eyelids, translation and shape, then the bust's arrays in `protocols.bust.ARRAY_NAMES` order."""

    job_id: str = wire(JobId())
    bust: Bust = wire(BustArrays())


class Cancel(_JobRequest, type="cancel"):
    """Stop a job; answered with `canceled` once it has stopped."""

class Canceled(Body, type="canceled"):
    job_id: str = wire(JobId())
    state: str = wire(Text())


class ListJobs(Body, type="list_jobs"):
    states: tuple[str, ...] = wire(Strings(choices=JOB_STATES), default=())
    limit: int = wire(Int(1, 1000), default=100)


class JobList(Body, type="job_list"):
    jobs: tuple[JobStatus, ...] = wire(Bodies(JobStatus))


# ---------------------------------------------------------------------------- registries

CLIENT_MESSAGES: dict[str, type[Body]] = {
    cls.TYPE: cls for cls in (Hello, Ping, SubmitRender, SubmitMotion, SubmitPortrait, StatusRequest, Subscribe,
                              Unsubscribe, Credit, Cancel, ListJobs)}
SERVER_MESSAGES: dict[str, type[Body]] = {
    cls.TYPE: cls for cls in (Welcome, Pong, Error, Accepted, Rejected, JobStatus, Frame, TrackResult,
                              BustResult, Canceled, JobList)}
