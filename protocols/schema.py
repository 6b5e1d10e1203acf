"""Declared message fields and the one encode/decode that walks them.

A message type is a frozen dataclass deriving from `Body` whose fields are declared with
`wire(spec, ...)`. The spec says how the value travels — as a content field, as buffers, or both
(a track: its scalars in the content, its arrays as buffers) — and what a received value must be.
Decoding never trusts the peer: the first problem raises `SchemaError` with one of SPEC.md's error
codes and the name of the offending field; unknown content fields are ignored.
"""

from __future__ import annotations

import dataclasses
import functools
import itertools
import math
import re
import typing
from typing import Any, Callable, ClassVar, Mapping, Sequence

import numpy as np

from .bust import ARRAY_NAMES as BUST_ARRAYS
from .bust import Bust, BustError
from .tracks import ARRAY_FIELDS, NPZ_FORMAT, Track, TrackError
from .views import MAX_SIZE, MIN_SIZE, CameraView, ViewError, check_view_set
from .wire import Blob, Buffer, json_bytes

MAX_KEY = 200  # names, keys and codes
MAX_TEXT = 10_000  # prompts and messages for people
MAX_COUNT = 2 ** 53  # counts and indices: the largest integer every JSON reader keeps exact
MAX_INT32 = 2 ** 31
MAX_OBJECT_BYTES = 64 * 1024
_JOB_ID = re.compile(r"^[0-9a-z][0-9a-z_-]{0,63}$")


class SchemaError(ValueError):
    def __init__(self, message: str, *, code: str = "invalid_content", field: str | None = None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


# ---------------------------------------------------------------------------- field specs

_ABSENT = object()


@dataclasses.dataclass(frozen=True)
class Slot:
    """The buffers of one field in a received message: where they start, and what each must be."""

    buffers: Sequence[Buffer] = ()
    first: int = 0
    labels: tuple[str, ...] = ()


_NO_BUFFERS = Slot()


class Spec:
    """How one field travels. A content value overrides `check` (and `to_json` when its Python
    value is not already JSON); a field that travels as buffers overrides the buffer methods."""

    carries_buffers = False
    # The field whose (already checked) value decides which buffers this field has.
    selector: str | None = None

    def to_content(self, name: str, value: Any) -> dict:
        return {name: self.to_json(value)}

    def to_json(self, value: Any) -> Any:
        return value

    def to_buffers(self, value: Any) -> list[Buffer]:
        return []

    def buffer_labels(self, values: Mapping[str, Any]) -> tuple[str, ...]:
        """What each of this field's buffers is (a format or an array name), given the selectors."""
        return ()

    def read(self, name: str, content: Mapping, slot: Slot) -> Any:
        """The checked value, or _ABSENT when the content lacks it (or holds null)."""
        value = content.get(name)
        return _ABSENT if value is None else self.check(name, value)

    def check(self, name: str, value: Any) -> Any:
        return value


@dataclasses.dataclass(frozen=True)
class Text(Spec):
    """A string; with `choices`, one of those words."""

    max_len: int = MAX_KEY
    allow_empty: bool = False
    choices: tuple[str, ...] = ()

    def check(self, name, value):
        if self.choices:
            if value not in self.choices:
                raise SchemaError(f"{name!r} must be one of {', '.join(self.choices)}, got {_short(value)}",
                                  field=name)
        elif not isinstance(value, str) or (not value and not self.allow_empty) or len(value) > self.max_len:
            raise SchemaError(f"{name!r} must be a {'' if self.allow_empty else 'non-empty '}string of at most "
                              f"{self.max_len} characters, got {_short(value)}", field=name)
        return value


class JobId(Spec):
    def check(self, name, value):
        if not isinstance(value, str) or not _JOB_ID.match(value):
            raise SchemaError(f"{name!r} must be a job id (lowercase letters, digits, '-', '_'; at most 64), "
                              f"got {_short(value)}", field=name)
        return value


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


@dataclasses.dataclass(frozen=True)
class Int(Spec):
    lo: int
    hi: int

    def check(self, name, value):
        if not _is_int(value) or not self.lo <= value <= self.hi:
            raise SchemaError(f"{name!r} must be an integer in [{self.lo}, {self.hi}], got {_short(value)}",
                              field=name)
        return value


@dataclasses.dataclass(frozen=True)
class Number(Spec):
    """A finite number, received as a float; optionally in [lo, hi]."""

    lo: float = -math.inf
    hi: float = math.inf

    def check(self, name, value):
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            raise SchemaError(f"{name!r} must be a finite number, got {_short(value)}", field=name)
        value = float(value)
        if not self.lo <= value <= self.hi:
            raise SchemaError(f"{name!r} must be in [{self.lo:g}, {self.hi:g}], got {value}", field=name)
        return value


class Bool(Spec):
    def check(self, name, value):
        if not isinstance(value, bool):
            raise SchemaError(f"{name!r} must be true or false, got {_short(value)}", field=name)
        return value


@dataclasses.dataclass(frozen=True)
class Strings(Spec):
    """A list of short non-empty strings, a tuple in Python; with `choices`, only those words."""

    max_items: int = 100
    choices: tuple[str, ...] = ()

    def to_json(self, value):
        return list(value)

    def check(self, name, value):
        if (not isinstance(value, list) or len(value) > self.max_items
                or not all(isinstance(v, str) and 0 < len(v) <= MAX_KEY for v in value)):
            raise SchemaError(f"{name!r} must be a list of at most {self.max_items} non-empty strings",
                              field=name)
        unknown = [v for v in value if self.choices and v not in self.choices]
        if unknown:
            raise SchemaError(f"{name!r} holds unknown value(s) {unknown}; known values are "
                              f"{', '.join(self.choices)}", field=name)
        return tuple(value)


def _object(name: str, value: Any, max_bytes: int | None, what: str) -> dict:
    if not isinstance(value, dict):
        raise SchemaError(f"{name!r} must be {what}, got {_short(value)}", field=name)
    if max_bytes is not None and len(json_bytes(value)) > max_bytes:
        raise SchemaError(f"{name!r} is larger than {max_bytes} bytes of JSON", code="limit_exceeded", field=name)
    return value


@dataclasses.dataclass(frozen=True)
class JsonObject(Spec):
    """A JSON object (engine or generator options), at most `max_bytes` of JSON."""

    max_bytes: int = MAX_OBJECT_BYTES
    # A field added after protocol 1.0: left out of the content while it has no value, so messages without it
    # encode as 1.0 did (receivers ignore content fields they do not know).
    omit_when_none: bool = False

    def to_content(self, name, value):
        return {} if value is None and self.omit_when_none else {name: value}

    def check(self, name, value):
        return _object(name, value, self.max_bytes, "a JSON object")


@dataclasses.dataclass(frozen=True)
class Record(Spec):
    """A dataclass that travels as its `to_dict()` object and is rebuilt with `from_dict`."""

    kind: type
    max_bytes: int | None = None

    def to_json(self, value):
        return value.to_dict()

    def check(self, name, value):
        names = ", ".join(f.name for f in dataclasses.fields(self.kind))
        _object(name, value, self.max_bytes, f"an object with {names}")
        try:
            return self.kind.from_dict(value)
        except KeyError as exc:
            raise SchemaError(f"{name!r} lacks {exc.args[0]!r}", field=name) from None
        except (TypeError, ValueError) as exc:
            raise SchemaError(f"{name!r}: {exc}", field=name) from None


class Resolution(Spec):
    """[width, height] in pixels, with the size limits of a camera view; a tuple in Python."""

    def to_json(self, value):
        return list(value)

    def check(self, name, value):
        if (not isinstance(value, list) or len(value) != 2
                or not all(_is_int(n) and MIN_SIZE <= n <= MAX_SIZE for n in value)):
            raise SchemaError(f"{name!r} must be [width, height] in pixels, each in [{MIN_SIZE}, {MAX_SIZE}], "
                              f"got {_short(value)}", field=name)
        return (value[0], value[1])


class Views(Spec):
    """Camera views with distinct names (`CameraView`'s own checks); a tuple in Python."""

    def to_json(self, value):
        return [v.to_dict() for v in value]

    def check(self, name, value):
        if not isinstance(value, list):
            raise SchemaError(f"{name!r} must be a list of camera objects", field=name)
        try:
            return tuple(check_view_set([CameraView.from_dict(v) for v in value]))
        except ViewError as exc:
            raise SchemaError(str(exc), code="invalid_view", field=name) from None


@dataclasses.dataclass(frozen=True)
class Bodies(Spec):
    """A list of another message type's contents (a job list's statuses); a tuple in Python."""

    kind: type[Body]

    def to_json(self, value):
        return [body.encode()[0] for body in value]

    def check(self, name, value):
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            raise SchemaError(f"{name!r} must be a list of {self.kind.TYPE} objects", field=name)
        return tuple(self.kind.decode(v, []) for v in value)


@dataclasses.dataclass(frozen=True)
class Media(Spec):
    """One encoded file as a buffer. `formats` is its format, or, with `selector`, a format (or
    None: no buffer) for each value of the selector field."""

    formats: str | Mapping[str, str | None]
    selector: str | None = None

    carries_buffers = True

    def to_content(self, name, value):
        return {}

    def to_buffers(self, value):
        return [] if value is None else [value]

    def buffer_labels(self, values):
        fmt = self.formats if self.selector is None else self.formats[values[self.selector]]
        return () if fmt is None else (fmt,)

    def read(self, name, content, slot):
        if not slot.labels:
            return None
        (fmt,), (buffer,) = slot.labels, slot.buffers
        if not isinstance(buffer, Blob) or buffer.format != fmt:
            raise SchemaError(f"buffer {slot.first} ({name}) must be a {{\"format\": \"{fmt}\"}} buffer",
                              code="bad_buffer", field="buffers")
        return buffer


# What a track carries in the content; the track itself checks the values (and the head model).
_TRACK_META = {"fps": Number(), "first_frame": Int(-MAX_COUNT, MAX_COUNT), "head_model": Spec()}


class TrackArrays(Spec):
    """A `Track`: fps, first_frame and head_model in the content, its arrays as buffers in
    ARRAY_FIELDS order. The track's own validation decides; its failures are `invalid_track`
    naming the array or scalar."""

    carries_buffers = True

    def to_content(self, name, track):
        return {"fps": track.fps, "first_frame": track.first_frame, "head_model": track.head_model.to_dict()}

    def to_buffers(self, track):
        arrays = track.to_arrays()
        return [arrays[name] for name in ARRAY_FIELDS]

    def buffer_labels(self, values):
        return ARRAY_FIELDS

    def read(self, name, content, slot):
        for index, array_name, arr in zip(itertools.count(slot.first), ARRAY_FIELDS, slot.buffers):
            if not isinstance(arr, np.ndarray):
                raise SchemaError(f"buffer {index} ({array_name}) must be a typed array, not an "
                                  f"encoded file", code="bad_buffer", field=array_name)
            if arr.dtype.kind != "f":
                raise SchemaError(f"buffer {index} ({array_name}) must be floating point, got "
                                  f"{arr.dtype.str}", code="invalid_track", field=array_name)
        meta = {key: _present(key, spec.read(key, content, _NO_BUFFERS)) for key, spec in _TRACK_META.items()}
        try:
            return Track.from_arrays(dict(zip(ARRAY_FIELDS, slot.buffers)), {**meta, "format": NPZ_FORMAT})
        except TrackError as exc:
            field = re.match(r"Track(?:\.| meta ')(\w+)", str(exc))
            raise SchemaError(str(exc), code="invalid_track", field=field and field.group(1)) from None


class BustArrays(Spec):
    """A `Bust`: its camera and joint names in the content with its photo pose's track scalars (as
    `TrackArrays`), then the pose track's arrays and the bust's arrays (`protocols.bust.ARRAYS`) as buffers.
    The bust's own checks decide; a failure is `invalid_content` naming the array."""

    carries_buffers = True
    _track = TrackArrays()

    def to_content(self, name, bust):
        return {"camera": bust.camera.to_dict(), "joint_names": list(bust.joint_names),
                **self._track.to_content(name, bust.photo_pose)}

    def to_buffers(self, bust):
        return [*self._track.to_buffers(bust.photo_pose), *(bust.arrays[n] for n in BUST_ARRAYS)]

    def buffer_labels(self, values):
        return (*ARRAY_FIELDS, *BUST_ARRAYS)

    def read(self, name, content, slot):
        n = len(ARRAY_FIELDS)
        track = self._track.read(name, content, Slot(slot.buffers[:n], slot.first, ARRAY_FIELDS))
        camera = Record(CameraView).read("camera", content, _NO_BUFFERS)
        joint_names = Strings(max_items=64).read("joint_names", content, _NO_BUFFERS)
        arrays = {}
        for index, array_name, arr in zip(itertools.count(slot.first + n), BUST_ARRAYS, slot.buffers[n:]):
            if not isinstance(arr, np.ndarray):
                raise SchemaError(f"buffer {index} ({array_name}) must be a typed array, not an encoded file",
                                  code="bad_buffer", field=array_name)
            arrays[array_name] = arr
        try:
            return Bust(_present("camera", camera), track, _present("joint_names", joint_names), arrays)
        except BustError as exc:
            field = re.match(r"bust (\w+)", str(exc))
            raise SchemaError(str(exc), field=field and field.group(1)) from None


def _present(name: str, value: Any) -> Any:
    if value is _ABSENT:
        raise SchemaError(f"content field {name!r} is required", field=name)
    return value


# ---------------------------------------------------------------------------- declarations

_LIKE_DEFAULT = object()
REQUIRED = object()


def _constant(value: Any) -> Callable[[], Any]:
    return lambda: value


def wire(spec: Spec, *, default: Any = dataclasses.MISSING, default_factory: Any = dataclasses.MISSING,
         missing: Any = _LIKE_DEFAULT, required_for: tuple[str, str] | None = None) -> Any:
    """Declare a message field: how it travels (`spec`) and its constructor default. A received
    message that lacks the field gets that default, or is refused when there is none; `missing`
    (a value, or REQUIRED) says otherwise, and `required_for` = (field, value) makes the field
    required when that other field has that value."""
    if missing is _LIKE_DEFAULT:
        missing = (default_factory if default_factory is not dataclasses.MISSING
                   else REQUIRED if default is dataclasses.MISSING else _constant(default))
    elif missing is not REQUIRED:
        missing = _constant(missing)
    return dataclasses.field(default=default, default_factory=default_factory,
                             metadata={"wire": spec, "missing": missing, "required_for": required_for})


@dataclasses.dataclass(frozen=True)
class _Declared:
    name: str
    spec: Spec
    missing: Any  # a factory of the value a received message that lacks the field gets, or REQUIRED
    required_for: tuple[str, str] | None

    def read(self, content: Mapping, slot: Slot, values: Mapping[str, Any]) -> Any:
        value = self.spec.read(self.name, content, slot)
        if value is not _ABSENT:
            return value
        if self.required_for is not None and values.get(self.required_for[0]) == self.required_for[1]:
            raise SchemaError(f"{self.name!r} is required for {self.required_for[0]} {self.required_for[1]!r}",
                              field=self.name)
        return _present(self.name, value) if self.missing is REQUIRED else self.missing()


@dataclasses.dataclass(frozen=True)
class _Declaration:
    fields: tuple[_Declared, ...]  # in declaration order, which is the content's order
    buffer_fields: tuple[_Declared, ...]  # in the order their buffers travel
    first: frozenset[str]  # read before the others: they decide buffers or what is required

    def layout(self, values: Mapping[str, Any]) -> list[tuple[_Declared, tuple[str, ...]]]:
        return [(d, d.spec.buffer_labels(values)) for d in self.buffer_fields]


@functools.cache
def _declaration(cls: type) -> _Declaration:
    fields = tuple(_Declared(f.name, f.metadata["wire"], f.metadata["missing"], f.metadata["required_for"])
                   for f in dataclasses.fields(cls))
    by_name = {d.name: d for d in fields}
    carriers = [d.name for d in fields if d.spec.carries_buffers]
    order = cls.BUFFER_ORDER or tuple(carriers)
    if sorted(order) != sorted(carriers):
        raise TypeError(f"{cls.__name__}.BUFFER_ORDER must name each of {', '.join(carriers)} once")
    first = {d.spec.selector for d in fields if d.spec.selector} | {d.required_for[0] for d in fields if d.required_for}
    return _Declaration(fields, tuple(by_name[name] for name in order), frozenset(first))


@typing.dataclass_transform(frozen_default=True, field_specifiers=(wire,))
class Body:
    """Content and buffers of one message type. `class Ping(Body, type="ping")` makes a frozen
    dataclass whose TYPE is "ping" and whose fields are declared with `wire(...)`; a subclass
    without a type is a declaration other types share."""

    TYPE: ClassVar[str]
    # The fields that carry buffers, in the order their buffers travel, when not declaration order.
    BUFFER_ORDER: ClassVar[tuple[str, ...]] = ()

    def __init_subclass__(cls, type: str | None = None, eq: bool = True, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if type is not None:
            cls.TYPE = type
        dataclasses.dataclass(cls, frozen=True, eq=eq)
        _declaration(cls)  # a declaration that cannot work fails on import, not on the first message

    def encode(self) -> tuple[dict, list[Buffer]]:
        """(content, buffers) for the wire."""
        declaration = _declaration(type(self))
        content: dict = {}
        for d in declaration.fields:
            content.update(d.spec.to_content(d.name, getattr(self, d.name)))
        return content, [b for d in declaration.buffer_fields for b in d.spec.to_buffers(getattr(self, d.name))]

    @classmethod
    def decode(cls, content: Mapping, buffers: Sequence[Buffer]) -> "Body":
        """Check and parse a received message; raises SchemaError."""
        declaration = _declaration(cls)
        values: dict[str, Any] = {}
        for d in declaration.fields:
            if d.name in declaration.first:
                values[d.name] = d.read(content, _NO_BUFFERS, values)
        layout = declaration.layout(values)
        labels = _labels(layout)
        if len(buffers) != len(labels):
            chosen = "".join(f" for {d.spec.selector} {values[d.spec.selector]!r}" for d, _ in layout
                             if d.spec.selector)
            raise SchemaError(f"expected {len(labels)} buffers ({', '.join(labels) or 'none'}){chosen}, got "
                              f"{len(buffers)}", code="bad_buffer", field="buffers")
        slots, start = {}, 0
        for d, field_labels in layout:
            slots[d.name] = Slot(buffers[start:start + len(field_labels)], start, field_labels)
            start += len(field_labels)
        for d in declaration.fields:
            if d.name not in values:
                values[d.name] = d.read(content, slots.get(d.name, _NO_BUFFERS), values)
        return cls(**values)

    @classmethod
    def buffer_layouts(cls) -> dict[str | None, tuple[str, ...]]:
        """The buffers this type carries, as formats and array names: {None: layout}, or a layout
        for each value of the field that decides them (a motion request's kind, a frame's state)."""
        declaration = _declaration(cls)
        selectors = {d.spec.selector for d in declaration.buffer_fields if d.spec.selector}
        if not selectors:
            return {None: _labels(declaration.layout({}))}
        (selector,) = selectors
        choices = next(d.spec.choices for d in declaration.fields if d.name == selector)
        return {value: _labels(declaration.layout({selector: value})) for value in choices}

    @property
    def header_job_id(self) -> str | None:
        return getattr(self, "job_id", None)


def _labels(layout: list[tuple[_Declared, tuple[str, ...]]]) -> tuple[str, ...]:
    return tuple(label for _, field_labels in layout for label in field_labels)


def decode_body(msg_type: str, content: Mapping, buffers: Sequence[Buffer],
                registry: Mapping[str, type[Body]]) -> Body:
    cls = registry.get(msg_type)
    if cls is None:
        raise SchemaError(f"unknown message type {msg_type!r}; this side understands "
                          f"{', '.join(sorted(registry))}", code="unknown_type")
    return cls.decode(content, buffers)
