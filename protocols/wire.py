"""MVP/1 framing: `[b"MVP/1", signature, header, content, buffer_0, …]`, HMAC signing, typed
buffers and replay protection. Message meaning lives in `protocols.messages`; this module only
knows how bytes become an authenticated `Message` and back. SPEC.md is the contract.
"""

from __future__ import annotations

import collections
import dataclasses
import hashlib
import hmac
import json
import math
import threading
import time
import uuid
from typing import Any, Iterable, Sequence, Union

import numpy as np

PROTOCOL_NAME = b"MVP"
MAJOR = 1
MINOR = 0
PROTOCOL = b"MVP/%d" % MAJOR
SIGNATURE_SCHEME = "hmac-sha256"

# Little-endian or byte-order-free dtypes only: the wire has one byte order.
ARRAY_DTYPES = frozenset({"|b1", "|u1", "|i1", "<u2", "<i2", "<u4", "<i4", "<u8", "<i8",
                          "<f2", "<f4", "<f8"})
MAX_NDIM = 8
MAX_HEADER_BYTES = 64 * 1024
# Headers and contents nest a handful of levels; far deeper JSON is an attack on the parser's stack.
MAX_JSON_DEPTH = 64
_MAX_ID_LENGTH = 128


def _is_png(data: memoryview) -> bool:
    return bytes(data[:8]) == b"\x89PNG\r\n\x1a\n"


def _is_wav(data: memoryview) -> bool:
    return bytes(data[:4]) == b"RIFF" and bytes(data[8:12]) == b"WAVE"


def _is_mp4(data: memoryview) -> bool:
    return bytes(data[4:8]) == b"ftyp"


BLOB_FORMATS = {"png": _is_png, "wav": _is_wav, "mp4": _is_mp4}


class WireError(Exception):
    """A message that cannot be accepted. `code` is one of SPEC.md's error codes.

    `header` holds whatever of the offending header could be read (for `reply_to` and `job_id`
    in the error answer); it is None when the header itself was the problem.
    """

    def __init__(self, code: str, message: str, *, retryable: bool = False,
                 header: "Header | None" = None, field: str | None = None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.retryable = retryable
        self.header = header
        self.field = field

    def __repr__(self) -> str:
        return f"WireError({self.code!r}, {self.message!r})"


@dataclasses.dataclass(frozen=True)
class Blob:
    """An encoded buffer (a PNG image, a WAV recording, an MP4 video), sent as its file bytes."""

    format: str
    data: bytes

    def __post_init__(self):
        if self.format not in BLOB_FORMATS:
            raise ValueError(f"blob format {self.format!r} is not one of {sorted(BLOB_FORMATS)}")

    def __repr__(self) -> str:
        return f"Blob({self.format!r}, {len(self.data)} bytes)"


Buffer = Union[np.ndarray, Blob]


@dataclasses.dataclass(frozen=True)
class Header:
    msg_id: str
    session: str
    seq: int
    type: str
    minor: int
    time: float
    buffers: tuple[dict, ...] = ()
    job_id: str | None = None
    reply_to: str | None = None

    def to_json(self) -> bytes:
        d: dict[str, Any] = {"msg_id": self.msg_id, "session": self.session, "seq": self.seq,
                             "type": self.type, "minor": self.minor, "time": self.time,
                             "buffers": list(self.buffers)}
        if self.job_id is not None:
            d["job_id"] = self.job_id
        if self.reply_to is not None:
            d["reply_to"] = self.reply_to
        return json_bytes(d)

    @classmethod
    def from_dict(cls, d: Any) -> "Header":
        if not isinstance(d, dict):
            raise WireError("invalid_header", f"header must be a JSON object, got {type(d).__name__}")

        def text(name: str, optional: bool = False) -> str | None:
            value = d.get(name)
            if value is None and optional:
                return None
            if not isinstance(value, str) or not value or len(value) > _MAX_ID_LENGTH:
                raise WireError("invalid_header", f"header field {name!r} must be a non-empty string of at "
                                f"most {_MAX_ID_LENGTH} characters, got {value!r}", field=name)
            return value

        def integer(name: str) -> int:
            value = d.get(name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 0 or value >= 2 ** 63:
                raise WireError("invalid_header", f"header field {name!r} must be a non-negative integer, "
                                f"got {value!r}", field=name)
            return value

        stamp = d.get("time")
        if isinstance(stamp, bool) or not isinstance(stamp, (int, float)) or not math.isfinite(stamp):
            raise WireError("invalid_header", f"header field 'time' must be unix seconds, got {stamp!r}",
                            field="time")
        buffers = d.get("buffers", [])
        if not isinstance(buffers, list) or not all(isinstance(b, dict) for b in buffers):
            raise WireError("invalid_header", "header field 'buffers' must be a list of objects",
                            field="buffers")
        msg_id = text("msg_id")
        if any(c not in "0123456789abcdef" for c in msg_id):
            raise WireError("invalid_header", f"header field 'msg_id' must be lowercase hex, got {msg_id!r}",
                            field="msg_id")
        return cls(msg_id=msg_id, session=text("session"), seq=integer("seq"), type=text("type"),
                   minor=integer("minor"), time=float(stamp), buffers=tuple(buffers),
                   job_id=text("job_id", optional=True), reply_to=text("reply_to", optional=True))


@dataclasses.dataclass
class Message:
    """An authenticated message. `identity` holds the ROUTER routing frames it came with;
    `user_id` is the CURVE-authenticated artist (None without CURVE)."""

    header: Header
    content: dict
    buffers: list[Buffer]
    identity: tuple[bytes, ...] = ()
    user_id: str | None = None

    @property
    def type(self) -> str:
        return self.header.type

    @property
    def job_id(self) -> str | None:
        return self.header.job_id

    @property
    def msg_id(self) -> str:
        return self.header.msg_id


def json_bytes(obj: Any) -> bytes:
    """Compact UTF-8 JSON; NaN and infinity are refused because JSON has no spelling for them."""
    return json.dumps(obj, separators=(",", ":"), ensure_ascii=False, allow_nan=False).encode("utf-8")


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def json_depth_over(value: Any, limit: int) -> bool:
    """True when `value` nests lists and objects more than `limit` deep (iterative: no recursion)."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            item = item.values()
        elif not isinstance(item, list):
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in item if isinstance(child, (dict, list)))
    return False


def parse_json(data: bytes | memoryview, what: str, header: Header | None = None) -> Any:
    too_deep = WireError("invalid_json", f"{what} nests objects and lists more than {MAX_JSON_DEPTH} deep",
                         header=header)
    try:
        value = json.loads(bytes(data).decode("utf-8"), parse_constant=_refuse_constant)
    except RecursionError:
        raise too_deep from None
    except (UnicodeDecodeError, ValueError) as exc:
        raise WireError("invalid_json", f"{what} is not valid JSON: {exc}", header=header) from None
    if json_depth_over(value, MAX_JSON_DEPTH):
        raise too_deep
    return value


def compute_signature(key: bytes, frames: Iterable[bytes | memoryview]) -> bytes:
    """Lowercase hex HMAC-SHA256 over every frame after the signature, each as an 8-byte
    big-endian length followed by its bytes."""
    mac = hmac.new(key, digestmod=hashlib.sha256)
    for frame in frames:
        view = memoryview(frame)
        mac.update(view.nbytes.to_bytes(8, "big"))
        mac.update(view)
    return mac.hexdigest().encode("ascii")


def encode_buffer(buffer: Buffer) -> tuple[dict, bytes | memoryview]:
    if isinstance(buffer, Blob):
        return {"format": buffer.format}, buffer.data
    if not isinstance(buffer, np.ndarray):
        raise TypeError(f"a buffer is a numpy array or a Blob, got {type(buffer).__name__}")
    arr = buffer
    if arr.dtype.byteorder == ">" or (arr.dtype.byteorder == "=" and not _little_endian()):
        arr = arr.astype(arr.dtype.newbyteorder("<"))
    arr = np.ascontiguousarray(arr)
    if arr.dtype.str not in ARRAY_DTYPES:
        raise TypeError(f"dtype {arr.dtype.str} cannot travel; use one of {sorted(ARRAY_DTYPES)}")
    payload = memoryview(arr.reshape(-1)).cast("B") if arr.size else b""
    return {"dtype": arr.dtype.str, "shape": list(arr.shape)}, payload


def _little_endian() -> bool:
    return np.dtype("=i4").str == "<i4"


def decode_buffer(index: int, desc: dict, data: memoryview, header: Header) -> Buffer:
    """Check a buffer against its header descriptor; arrays are read-only views of the frame."""
    where = f"buffer {index}"
    if "format" in desc:
        fmt = desc["format"]
        check = BLOB_FORMATS.get(fmt) if isinstance(fmt, str) else None
        if check is None:
            raise WireError("bad_buffer", f"{where}: format {fmt!r} is not one of {sorted(BLOB_FORMATS)}",
                            header=header)
        if not check(data):
            raise WireError("bad_buffer", f"{where}: bytes are not a {fmt} file", header=header)
        return Blob(fmt, bytes(data))
    dtype, shape = desc.get("dtype"), desc.get("shape")
    if dtype not in ARRAY_DTYPES:
        raise WireError("bad_buffer", f"{where}: dtype {dtype!r} is not one of {sorted(ARRAY_DTYPES)}",
                        header=header)
    if (not isinstance(shape, list) or len(shape) > MAX_NDIM
            or not all(isinstance(n, int) and not isinstance(n, bool) and n >= 0 for n in shape)):
        raise WireError("bad_buffer", f"{where}: shape {shape!r} must be a list of at most {MAX_NDIM} "
                        f"non-negative integers", header=header)
    itemsize = np.dtype(dtype).itemsize
    expected = math.prod(shape) * itemsize
    if expected != data.nbytes:
        raise WireError("bad_buffer", f"{where}: dtype {dtype} shape {shape} needs {expected} bytes, "
                        f"the frame has {data.nbytes}", header=header)
    return np.frombuffer(data, dtype=np.dtype(dtype)).reshape(shape)


class ReplayGuard:
    """Remembers the highest `seq` seen per session; a message at or below it is a replay.

    The oldest sessions are forgotten past `max_sessions`, which bounds memory; the header
    `time` window (see `Session.max_skew_s`) keeps a forgotten session's old messages out.
    """

    def __init__(self, max_sessions: int = 100_000):
        self._last: collections.OrderedDict[str, int] = collections.OrderedDict()
        self._max = max_sessions
        self._lock = threading.Lock()

    def check(self, header: Header) -> None:
        with self._lock:
            last = self._last.get(header.session)
            if last is not None and header.seq <= last:
                raise WireError("replay", f"seq {header.seq} of session {header.session} is not above the "
                                f"last one seen ({last}); the message is a replay", header=header)
            self._last[header.session] = header.seq
            self._last.move_to_end(header.session)
            while len(self._last) > self._max:
                self._last.popitem(last=False)


class Session:
    """One side's identity on the wire: the shared key, a session id and a rising `seq`.

    `serialize` and `deserialize` are thread-safe. `max_skew_s` bounds how far a peer's header
    `time` may be from ours (0 disables the check).
    """

    def __init__(self, key: bytes, session_id: str | None = None, *, max_skew_s: float = 0.0,
                 replay_guard: ReplayGuard | None = None):
        if not isinstance(key, (bytes, bytearray)) or len(key) < 16:
            raise ValueError("the signing key must be at least 16 bytes")
        self.key = bytes(key)
        self.session_id = session_id or uuid.uuid4().hex
        self.max_skew_s = max_skew_s
        self.guard = replay_guard if replay_guard is not None else ReplayGuard()
        self._seq = 0
        self._lock = threading.Lock()

    def next_seq(self) -> int:
        with self._lock:
            self._seq += 1
            return self._seq

    def serialize(self, msg_type: str, content: dict | None = None, buffers: Sequence[Buffer] = (), *,
                  job_id: str | None = None, reply_to: str | None = None,
                  identity: Sequence[bytes] = ()) -> list[bytes | memoryview]:
        return self.build(msg_type, content, buffers, job_id=job_id, reply_to=reply_to,
                          identity=identity)[1]

    def build(self, msg_type: str, content: dict | None = None, buffers: Sequence[Buffer] = (), *,
              job_id: str | None = None, reply_to: str | None = None,
              identity: Sequence[bytes] = ()) -> tuple[Header, list[bytes | memoryview]]:
        """The header and the frames of a new message (with `identity` frames in front)."""
        descs, payloads = [], []
        for buffer in buffers:
            desc, payload = encode_buffer(buffer)
            descs.append(desc)
            payloads.append(payload)
        header = Header(msg_id=uuid.uuid4().hex, session=self.session_id, seq=self.next_seq(),
                        type=msg_type, minor=MINOR, time=time.time(), buffers=tuple(descs),
                        job_id=job_id, reply_to=reply_to)
        signed = [header.to_json(), json_bytes(content or {}), *payloads]
        return header, [*identity, PROTOCOL, compute_signature(self.key, signed), *signed]

    def deserialize(self, frames: Sequence[bytes | memoryview], *, identity: Sequence[bytes] = (),
                    user_id: str | None = None) -> Message:
        """Frames after any routing identity → Message, or WireError naming the first fault."""
        views = [memoryview(f) for f in frames]
        if len(views) < 4:
            raise WireError("bad_message", f"a message has at least 4 frames (protocol, signature, header, "
                            f"content), got {len(views)}")
        self._check_protocol(bytes(views[0]))
        signature = bytes(views[1])
        if not signature:
            raise WireError("unsigned", "the message has an empty signature; every message must be signed "
                            "with the key from the connection file")
        if not hmac.compare_digest(signature, compute_signature(self.key, views[2:])):
            raise WireError("bad_signature", "the signature does not match the message; wrong key, or the "
                            "message was altered in transit")
        if views[2].nbytes > MAX_HEADER_BYTES:
            raise WireError("invalid_header", f"the header is {views[2].nbytes} bytes, at most "
                            f"{MAX_HEADER_BYTES}")
        header = Header.from_dict(parse_json(views[2], "the header"))
        if self.max_skew_s and abs(header.time - time.time()) > self.max_skew_s:
            raise WireError("clock_skew", f"header time is {header.time - time.time():+.0f} s from this "
                            f"machine's clock, more than the {self.max_skew_s:g} s allowed; fix the clocks "
                            f"(NTP)", header=header)
        self.guard.check(header)
        content = parse_json(views[3], "the content", header)
        if not isinstance(content, dict):
            raise WireError("invalid_json", f"the content must be a JSON object, got {type(content).__name__}",
                            header=header)
        payloads = views[4:]
        if len(header.buffers) != len(payloads):
            raise WireError("bad_buffer", f"the header describes {len(header.buffers)} buffers but "
                            f"{len(payloads)} buffer frames came", header=header)
        buffers = [decode_buffer(i, desc, data, header)
                   for i, (desc, data) in enumerate(zip(header.buffers, payloads))]
        return Message(header=header, content=content, buffers=buffers, identity=tuple(identity),
                       user_id=user_id)

    @staticmethod
    def _check_protocol(first: bytes) -> None:
        name, slash, major = first.partition(b"/")
        if name != PROTOCOL_NAME or not slash or not major.isdigit():
            raise WireError("bad_message", f"the first frame must be {PROTOCOL!r}, got {first[:32]!r}")
        if int(major) != MAJOR:
            raise WireError("unsupported_version", f"protocol {first.decode('ascii', 'replace')} is not "
                            f"supported; this side speaks {PROTOCOL.decode()}")


def split_identity(frames: Sequence[bytes | memoryview]) -> tuple[list, list]:
    """ROUTER frames → (routing identity frames, message frames), split at the protocol frame."""
    for i in range(1, len(frames)):
        if bytes(memoryview(frames[i])[:4]) == PROTOCOL_NAME + b"/":
            return list(frames[:i]), list(frames[i:])
    return list(frames[:1]), list(frames[1:])


def message_size(frames: Sequence[bytes | memoryview]) -> int:
    return sum(memoryview(f).nbytes for f in frames)
