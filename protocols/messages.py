"""MVP/1 message schema: one typed dataclass per message type, each with `encode()` →
(content, buffers) and `decode(content, buffers)`, plus job states, limits and error codes.

Decoding never trusts the peer: every field is checked, unknown fields are ignored, and the
first problem raises `SchemaError` with an error code from `ERROR_CODES` and the field's name.
"""

from __future__ import annotations

import abc
import dataclasses
import math
import re
from typing import Any, ClassVar, Mapping, Sequence

import numpy as np

from .head_id import HeadModelId
from .tracks import ARRAY_FIELDS, NPZ_FORMAT, Track, TrackError
from .views import MAX_SIZE, MIN_SIZE, CameraView, ViewError, check_view_set
from .wire import Blob, Buffer, json_bytes

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

JOB_KINDS = ("render", "motion")
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
    "internal": "the server failed while handling the message; it stays up",
}

_JOB_ID = re.compile(r"^[0-9a-z][0-9a-z_-]{0,63}$")
MAX_TEXT = 10_000
MAX_KEY = 200


class SchemaError(ValueError):
    def __init__(self, message: str, *, code: str = "invalid_content", field: str | None = None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field


# ---------------------------------------------------------------------------- field checks

_MISSING = object()


def _field(content: Mapping, name: str, default: Any = _MISSING) -> Any:
    if name in content and content[name] is not None:
        return content[name]
    if default is _MISSING:
        raise SchemaError(f"content field {name!r} is required", field=name)
    return default


def _text(content: Mapping, name: str, *, max_len: int = MAX_KEY, default: Any = _MISSING,
          allow_empty: bool = False) -> Any:
    value = _field(content, name, default)
    if value is default and default is not _MISSING:
        return value
    if not isinstance(value, str) or (not value and not allow_empty) or len(value) > max_len:
        raise SchemaError(f"{name!r} must be a {'' if allow_empty else 'non-empty '}string of at most "
                          f"{max_len} characters, got {_short(value)}", field=name)
    return value


def _job_id(content: Mapping, name: str = "job_id") -> str:
    value = _field(content, name)
    if not isinstance(value, str) or not _JOB_ID.match(value):
        raise SchemaError(f"{name!r} must be a job id (lowercase letters, digits, '-', '_'; at most 64), "
                          f"got {_short(value)}", field=name)
    return value


def _integer(content: Mapping, name: str, lo: int, hi: int, default: Any = _MISSING) -> Any:
    value = _field(content, name, default)
    if value is default and default is not _MISSING:
        return value
    if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
        raise SchemaError(f"{name!r} must be an integer in [{lo}, {hi}], got {_short(value)}", field=name)
    return value


def _number(content: Mapping, name: str, default: Any = _MISSING) -> Any:
    value = _field(content, name, default)
    if value is default and default is not _MISSING:
        return value
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise SchemaError(f"{name!r} must be a finite number, got {_short(value)}", field=name)
    return float(value)


def _boolean(content: Mapping, name: str, default: Any = _MISSING) -> Any:
    value = _field(content, name, default)
    if not isinstance(value, bool):
        raise SchemaError(f"{name!r} must be true or false, got {_short(value)}", field=name)
    return value


def _object(content: Mapping, name: str, default: Any = _MISSING, max_bytes: int = 64 * 1024) -> Any:
    value = _field(content, name, default)
    if not isinstance(value, dict):
        raise SchemaError(f"{name!r} must be a JSON object, got {_short(value)}", field=name)
    if len(json_bytes(value)) > max_bytes:
        raise SchemaError(f"{name!r} is larger than {max_bytes} bytes of JSON", code="limit_exceeded",
                          field=name)
    return value


def _string_list(content: Mapping, name: str, default: Any = _MISSING, max_items: int = 100) -> Any:
    value = _field(content, name, default)
    if value is default and default is not _MISSING:
        return value
    if (not isinstance(value, list) or len(value) > max_items
            or not all(isinstance(v, str) and 0 < len(v) <= MAX_KEY for v in value)):
        raise SchemaError(f"{name!r} must be a list of at most {max_items} non-empty strings", field=name)
    return value


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _buffer_count(buffers: Sequence[Buffer], expected: int, what: str) -> None:
    if len(buffers) != expected:
        raise SchemaError(f"expected {expected} buffers ({what}), got {len(buffers)}", code="bad_buffer",
                          field="buffers")


def _blob(buffers: Sequence[Buffer], index: int, fmt: str, what: str) -> Blob:
    buffer = buffers[index]
    if not isinstance(buffer, Blob) or buffer.format != fmt:
        raise SchemaError(f"buffer {index} ({what}) must be a {{\"format\": \"{fmt}\"}} buffer",
                          code="bad_buffer", field="buffers")
    return buffer


def _head_model(content: Mapping, name: str = "head_model") -> HeadModelId:
    value = _field(content, name)
    if not isinstance(value, dict):
        raise SchemaError(f"{name!r} must be an object with name, sha256, flame_version", field=name)
    try:
        return HeadModelId.from_dict(value)
    except KeyError as exc:
        raise SchemaError(f"{name!r} lacks {exc.args[0]!r}", field=name) from None
    except ValueError as exc:
        raise SchemaError(f"{name!r}: {exc}", field=name) from None


def _track_content(track: Track) -> dict:
    return {"fps": track.fps, "first_frame": track.first_frame, "head_model": track.head_model.to_dict()}


def _track_buffers(track: Track) -> list[Buffer]:
    arrays = track.to_arrays()
    return [arrays[name] for name in ARRAY_FIELDS]


def _decode_track(content: Mapping, arrays: Sequence[Buffer], first_index: int) -> Track:
    for offset, (name, arr) in enumerate(zip(ARRAY_FIELDS, arrays)):
        if not isinstance(arr, np.ndarray):
            raise SchemaError(f"buffer {first_index + offset} ({name}) must be a typed array, not "
                              f"an encoded file", code="bad_buffer", field=name)
        if arr.dtype.kind != "f":
            raise SchemaError(f"buffer {first_index + offset} ({name}) must be floating point, got "
                              f"{arr.dtype.str}", code="invalid_track", field=name)
    meta = {"format": NPZ_FORMAT, "fps": _number(content, "fps"),
            "first_frame": _integer(content, "first_frame", -(2 ** 53), 2 ** 53),
            "head_model": _field(content, "head_model")}
    try:
        return Track.from_arrays(dict(zip(ARRAY_FIELDS, arrays)), meta)
    except TrackError as exc:
        raise SchemaError(str(exc), code="invalid_track", field=_track_field(str(exc))) from None


def _track_field(message: str) -> str | None:
    match = re.match(r"Track(?:\.| meta ')(\w+)", message)
    return match.group(1) if match else None


# ---------------------------------------------------------------------------- limits


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


# ---------------------------------------------------------------------------- base


class Body(abc.ABC):
    """Content of one message type. Subclasses are dataclasses with a TYPE."""

    TYPE: ClassVar[str]

    @abc.abstractmethod
    def encode(self) -> tuple[dict, list[Buffer]]:
        """(content, buffers) for the wire."""

    @classmethod
    @abc.abstractmethod
    def decode(cls, content: Mapping, buffers: Sequence[Buffer]) -> "Body":
        """Check and parse a received message; raises SchemaError."""

    @property
    def header_job_id(self) -> str | None:
        return getattr(self, "job_id", None)


def _no_buffers(buffers: Sequence[Buffer]) -> None:
    _buffer_count(buffers, 0, "none for this type")


# ---------------------------------------------------------------------------- session


@dataclasses.dataclass(frozen=True)
class Hello(Body):
    TYPE: ClassVar[str] = "hello"
    client: str = "mvportrait"
    capabilities: tuple[str, ...] = ()

    def encode(self):
        return {"client": self.client, "capabilities": list(self.capabilities)}, []

    @classmethod
    def decode(cls, content, buffers):
        _no_buffers(buffers)
        return cls(client=_text(content, "client", default="unknown"),
                   capabilities=tuple(_string_list(content, "capabilities", default=[])))


@dataclasses.dataclass(frozen=True)
class Welcome(Body):
    TYPE: ClassVar[str] = "welcome"
    server: str
    server_session: str
    artist: str
    curve: bool
    engines: tuple[str, ...]
    generators: tuple[str, ...]
    limits: Limits
    heartbeat_s: float
    client_timeout_s: float
    minor: int
    protocol: str = "MVP/1"
    capabilities: tuple[str, ...] = ()

    def encode(self):
        return {"server": self.server, "server_session": self.server_session, "artist": self.artist,
                "curve": self.curve, "engines": list(self.engines), "generators": list(self.generators),
                "limits": self.limits.to_dict(), "heartbeat_s": self.heartbeat_s,
                "client_timeout_s": self.client_timeout_s, "minor": self.minor, "protocol": self.protocol,
                "capabilities": list(self.capabilities)}, []

    @classmethod
    def decode(cls, content, buffers):
        limits = _object(content, "limits")
        try:
            parsed_limits = Limits.from_dict(limits)
        except (TypeError, ValueError) as exc:
            raise SchemaError(f"'limits': {exc}", field="limits") from None
        return cls(server=_text(content, "server"), server_session=_text(content, "server_session"),
                   artist=_text(content, "artist"), curve=_boolean(content, "curve", False),
                   engines=tuple(_string_list(content, "engines", default=[])),
                   generators=tuple(_string_list(content, "generators", default=[])),
                   limits=parsed_limits, heartbeat_s=_number(content, "heartbeat_s"),
                   client_timeout_s=_number(content, "client_timeout_s"),
                   minor=_integer(content, "minor", 0, 2 ** 31), protocol=_text(content, "protocol"),
                   capabilities=tuple(_string_list(content, "capabilities", default=[])))


@dataclasses.dataclass(frozen=True)
class Ping(Body):
    TYPE: ClassVar[str] = "ping"
    echo: str = ""

    def encode(self):
        return {"echo": self.echo}, []

    @classmethod
    def decode(cls, content, buffers):
        _no_buffers(buffers)
        return cls(echo=_text(content, "echo", max_len=MAX_KEY, default="", allow_empty=True))


@dataclasses.dataclass(frozen=True)
class Pong(Body):
    TYPE: ClassVar[str] = "pong"
    server_time: float
    echo: str = ""

    def encode(self):
        return {"server_time": self.server_time, "echo": self.echo}, []

    @classmethod
    def decode(cls, content, buffers):
        return cls(server_time=_number(content, "server_time"),
                   echo=_text(content, "echo", max_len=MAX_KEY, default="", allow_empty=True))


@dataclasses.dataclass(frozen=True)
class Error(Body):
    TYPE: ClassVar[str] = "error"
    code: str
    message: str
    retryable: bool = False
    field: str | None = None

    def encode(self):
        return {"code": self.code, "message": self.message, "retryable": self.retryable,
                "field": self.field}, []

    @classmethod
    def decode(cls, content, buffers):
        return cls(code=_text(content, "code"), message=_text(content, "message", max_len=MAX_TEXT),
                   retryable=_boolean(content, "retryable", False),
                   field=_text(content, "field", default=None))


# ---------------------------------------------------------------------------- jobs


@dataclasses.dataclass(frozen=True, eq=False)
class SubmitRender(Body):
    """A render job. Buffers: [reference png, pose, expression, eyelids, translation, shape]."""

    TYPE: ClassVar[str] = "submit_render"
    idempotency_key: str
    engine: str
    resolution: tuple[int, int]
    track: Track
    views: tuple[CameraView, ...]
    reference: Blob
    options: dict = dataclasses.field(default_factory=dict)

    def encode(self):
        content = {"idempotency_key": self.idempotency_key, "engine": self.engine,
                   "resolution": list(self.resolution), **_track_content(self.track),
                   "views": [v.to_dict() for v in self.views], "options": self.options}
        return content, [self.reference, *_track_buffers(self.track)]

    @classmethod
    def decode(cls, content, buffers):
        _buffer_count(buffers, 1 + len(ARRAY_FIELDS), "reference png + " + ", ".join(ARRAY_FIELDS))
        reference = _blob(buffers, 0, "png", "reference portrait")
        resolution = _field(content, "resolution")
        if (not isinstance(resolution, list) or len(resolution) != 2
                or not all(isinstance(n, int) and not isinstance(n, bool) and MIN_SIZE <= n <= MAX_SIZE
                           for n in resolution)):
            raise SchemaError(f"'resolution' must be [width, height] in pixels, each in "
                              f"[{MIN_SIZE}, {MAX_SIZE}], got {_short(resolution)}", field="resolution")
        raw_views = _field(content, "views")
        if not isinstance(raw_views, list):
            raise SchemaError("'views' must be a list of camera objects", field="views")
        try:
            views = check_view_set([CameraView.from_dict(v) for v in raw_views])
        except ViewError as exc:
            raise SchemaError(str(exc), code="invalid_view", field="views") from None
        track = _decode_track(content, buffers[1:], 1)
        return cls(idempotency_key=_text(content, "idempotency_key"), engine=_text(content, "engine"),
                   resolution=(resolution[0], resolution[1]), track=track, views=tuple(views),
                   reference=reference, options=_object(content, "options", {}))


@dataclasses.dataclass(frozen=True)
class SubmitMotion(Body):
    """A motion generation job (text, audio or video → Track). Buffers: none for text, one wav for
    audio, one mp4 for video."""

    TYPE: ClassVar[str] = "submit_motion"
    idempotency_key: str
    kind: str
    head_model: HeadModelId
    fps: float
    first_frame: int = 1
    num_frames: int | None = None
    prompt: str | None = None
    generator: str | None = None
    media: Blob | None = None
    options: dict = dataclasses.field(default_factory=dict)

    def encode(self):
        content = {"idempotency_key": self.idempotency_key, "kind": self.kind,
                   "head_model": self.head_model.to_dict(), "fps": self.fps, "first_frame": self.first_frame,
                   "num_frames": self.num_frames, "prompt": self.prompt, "generator": self.generator,
                   "options": self.options}
        return content, [self.media] if self.media is not None else []

    @classmethod
    def decode(cls, content, buffers):
        kind = _text(content, "kind")
        if kind not in MOTION_KINDS:
            raise SchemaError(f"'kind' must be one of {', '.join(MOTION_KINDS)}, got {_short(kind)}",
                              field="kind")
        media_format = MOTION_MEDIA[kind]
        media = None
        if media_format is None:
            _no_buffers(buffers)
        else:
            _buffer_count(buffers, 1, f"one {media_format} file")
            media = _blob(buffers, 0, media_format, f"{kind} input")
        prompt = _text(content, "prompt", max_len=MAX_TEXT, default=None)
        if kind == "text" and prompt is None:
            raise SchemaError("'prompt' is required for kind 'text'", field="prompt")
        fps = _number(content, "fps")
        if not 1.0 <= fps <= 240.0:
            raise SchemaError(f"'fps' must be in [1, 240], got {fps}", field="fps")
        return cls(idempotency_key=_text(content, "idempotency_key"), kind=kind,
                   head_model=_head_model(content), fps=fps,
                   first_frame=_integer(content, "first_frame", -1_000_000, 1_000_000, 1),
                   num_frames=_integer(content, "num_frames", 1, 100_000, None), prompt=prompt,
                   generator=_text(content, "generator", default=None), media=media,
                   options=_object(content, "options", {}))


@dataclasses.dataclass(frozen=True)
class Accepted(Body):
    TYPE: ClassVar[str] = "accepted"
    job_id: str
    kind: str
    state: str
    total: int
    duplicate: bool = False

    def encode(self):
        return dataclasses.asdict(self), []

    @classmethod
    def decode(cls, content, buffers):
        return cls(job_id=_job_id(content), kind=_text(content, "kind"), state=_text(content, "state"),
                   total=_integer(content, "total", 0, 2 ** 53),
                   duplicate=_boolean(content, "duplicate", False))


@dataclasses.dataclass(frozen=True)
class Rejected(Body):
    """The answer to a submit_* that is well formed but refused; same fields as `error`."""

    TYPE: ClassVar[str] = "rejected"
    code: str
    message: str
    retryable: bool = False
    field: str | None = None

    def encode(self):
        return dataclasses.asdict(self), []

    @classmethod
    def decode(cls, content, buffers):
        return cls(code=_text(content, "code"), message=_text(content, "message", max_len=MAX_TEXT),
                   retryable=_boolean(content, "retryable", False),
                   field=_text(content, "field", default=None))


@dataclasses.dataclass(frozen=True)
class _JobRequest(Body):
    """A request about one job that carries nothing but its id (status, unsubscribe, cancel)."""

    job_id: str

    def encode(self):
        return {"job_id": self.job_id}, []

    @classmethod
    def decode(cls, content, buffers):
        _no_buffers(buffers)
        return cls(job_id=_job_id(content))


@dataclasses.dataclass(frozen=True)
class StatusRequest(_JobRequest):
    TYPE: ClassVar[str] = "status"


@dataclasses.dataclass(frozen=True)
class JobStatus(Body):
    """A job's state and progress. `done` and `failed` count images (one per frame and view)."""

    TYPE: ClassVar[str] = "status"
    job_id: str
    kind: str
    state: str
    engine: str | None
    done: int
    failed: int
    total: int
    created: float
    updated: float
    error: str | None = None

    @property
    def final(self) -> bool:
        return self.state in FINAL_STATES

    def encode(self):
        return dataclasses.asdict(self), []

    @classmethod
    def decode(cls, content, buffers):
        state = _text(content, "state")
        if state not in JOB_STATES:
            raise SchemaError(f"'state' must be one of {', '.join(JOB_STATES)}, got {_short(state)}",
                              field="state")
        return cls(job_id=_job_id(content), kind=_text(content, "kind"), state=state,
                   engine=_text(content, "engine", default=None),
                   done=_integer(content, "done", 0, 2 ** 53), failed=_integer(content, "failed", 0, 2 ** 53),
                   total=_integer(content, "total", 0, 2 ** 53), created=_number(content, "created"),
                   updated=_number(content, "updated"),
                   error=_text(content, "error", max_len=MAX_TEXT, default=None))


@dataclasses.dataclass(frozen=True)
class Subscribe(Body):
    """Stream a job's images from stream index `from_frame` on, granting `credit` images now."""

    TYPE: ClassVar[str] = "subscribe"
    job_id: str
    from_frame: int = 0
    credit: int = 0

    def encode(self):
        return dataclasses.asdict(self), []

    @classmethod
    def decode(cls, content, buffers):
        _no_buffers(buffers)
        return cls(job_id=_job_id(content), from_frame=_integer(content, "from_frame", 0, 2 ** 53, 0),
                   credit=_integer(content, "credit", 0, 2 ** 31, 0))


@dataclasses.dataclass(frozen=True)
class Unsubscribe(_JobRequest):
    TYPE: ClassVar[str] = "unsubscribe"


@dataclasses.dataclass(frozen=True)
class Credit(Body):
    TYPE: ClassVar[str] = "credit"
    job_id: str
    frames: int

    def encode(self):
        return dataclasses.asdict(self), []

    @classmethod
    def decode(cls, content, buffers):
        _no_buffers(buffers)
        return cls(job_id=_job_id(content), frames=_integer(content, "frames", 1, 2 ** 31))


@dataclasses.dataclass(frozen=True)
class Frame(Body):
    """One image of a render job. `index` is the stream position: frame_offset × views + view.
    A failed image carries no buffer, an `error` and no sha256."""

    TYPE: ClassVar[str] = "frame"
    job_id: str
    index: int
    view: int
    view_name: str
    frame: int
    state: str
    sha256: str | None = None
    error: str | None = None
    cached: bool = False
    image: Blob | None = None

    def encode(self):
        content = {"job_id": self.job_id, "index": self.index, "view": self.view,
                   "view_name": self.view_name, "frame": self.frame, "state": self.state,
                   "sha256": self.sha256, "error": self.error, "cached": self.cached}
        return content, [self.image] if self.image is not None else []

    @classmethod
    def decode(cls, content, buffers):
        state = _text(content, "state")
        if state not in FRAME_STATES:
            raise SchemaError(f"'state' must be one of {', '.join(FRAME_STATES)}", field="state")
        image = None
        if state == FRAME_DONE:
            _buffer_count(buffers, 1, "the png image")
            image = _blob(buffers, 0, "png", "image")
        return cls(job_id=_job_id(content), index=_integer(content, "index", 0, 2 ** 53),
                   view=_integer(content, "view", 0, 2 ** 31), view_name=_text(content, "view_name"),
                   frame=_integer(content, "frame", -(2 ** 53), 2 ** 53), state=state,
                   sha256=_text(content, "sha256", default=None),
                   error=_text(content, "error", max_len=MAX_TEXT, default=None),
                   cached=_boolean(content, "cached", False), image=image)


@dataclasses.dataclass(frozen=True, eq=False)
class TrackResult(Body):
    """The result of a motion job. Buffers: pose, expression, eyelids, translation, shape."""

    TYPE: ClassVar[str] = "track"
    job_id: str
    track: Track

    def encode(self):
        return {"job_id": self.job_id, **_track_content(self.track)}, _track_buffers(self.track)

    @classmethod
    def decode(cls, content, buffers):
        _buffer_count(buffers, len(ARRAY_FIELDS), ", ".join(ARRAY_FIELDS))
        return cls(job_id=_job_id(content), track=_decode_track(content, buffers, 0))


@dataclasses.dataclass(frozen=True)
class Cancel(_JobRequest):
    TYPE: ClassVar[str] = "cancel"


@dataclasses.dataclass(frozen=True)
class Canceled(Body):
    TYPE: ClassVar[str] = "canceled"
    job_id: str
    state: str

    def encode(self):
        return dataclasses.asdict(self), []

    @classmethod
    def decode(cls, content, buffers):
        return cls(job_id=_job_id(content), state=_text(content, "state"))


@dataclasses.dataclass(frozen=True)
class ListJobs(Body):
    TYPE: ClassVar[str] = "list_jobs"
    states: tuple[str, ...] = ()
    limit: int = 100

    def encode(self):
        return {"states": list(self.states), "limit": self.limit}, []

    @classmethod
    def decode(cls, content, buffers):
        _no_buffers(buffers)
        states = _string_list(content, "states", default=[])
        unknown = [s for s in states if s not in JOB_STATES]
        if unknown:
            raise SchemaError(f"'states' holds unknown state(s) {unknown}; states are "
                              f"{', '.join(JOB_STATES)}", field="states")
        return cls(states=tuple(states), limit=_integer(content, "limit", 1, 1000, 100))


@dataclasses.dataclass(frozen=True)
class JobList(Body):
    TYPE: ClassVar[str] = "job_list"
    jobs: tuple[JobStatus, ...]

    def encode(self):
        return {"jobs": [j.encode()[0] for j in self.jobs]}, []

    @classmethod
    def decode(cls, content, buffers):
        jobs = _field(content, "jobs")
        if not isinstance(jobs, list) or not all(isinstance(j, dict) for j in jobs):
            raise SchemaError("'jobs' must be a list of status objects", field="jobs")
        return cls(jobs=tuple(JobStatus.decode(j, []) for j in jobs))


# ---------------------------------------------------------------------------- registries

CLIENT_MESSAGES: dict[str, type[Body]] = {
    cls.TYPE: cls for cls in (Hello, Ping, SubmitRender, SubmitMotion, StatusRequest, Subscribe,
                              Unsubscribe, Credit, Cancel, ListJobs)}
SERVER_MESSAGES: dict[str, type[Body]] = {
    cls.TYPE: cls for cls in (Welcome, Pong, Error, Accepted, Rejected, JobStatus, Frame, TrackResult,
                              Canceled, JobList)}


def decode_body(msg_type: str, content: Mapping, buffers: Sequence[Buffer],
                registry: Mapping[str, type[Body]]) -> Body:
    cls = registry.get(msg_type)
    if cls is None:
        raise SchemaError(f"unknown message type {msg_type!r}; this side understands "
                          f"{', '.join(sorted(registry))}", code="unknown_type")
    return cls.decode(content, buffers)
