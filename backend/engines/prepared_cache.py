"""Prepared portraits on disk: what an engine made of a photo once (fit, bust, texture), kept by content hash
so that every job and every artist that sends the same photo reuses it, across server restarts.

An entry is one `.npz` (no pickles): the arrays of a dataclass tree under their field paths and a JSON
header with everything else, written by walking the dataclass's fields and read back by the same walk over
its type hints. Head models are stored by id and handed back by the caller (they are on the machine
already). The folder is kept under a size limit, least recently used out first (`backend.disk_lru`).
"""

from __future__ import annotations

import dataclasses
import io
import json
import logging
import threading
import types
import typing
from pathlib import Path
from typing import Any, Callable

import numpy as np

from backend.disk_lru import touch, trim
from flame_assets.head_model import HeadModel
from protocols.atomic_files import atomic_write
from protocols.views import CameraView

log = logging.getLogger("mvportrait.engines")

FORMAT = "mvportrait.prepared/1"
DEFAULT_LIMIT_BYTES = 4 * 2 ** 30
_HEADER = "__header__"


class RecordError(ValueError):
    """A stored entry does not fit the dataclass it should hold (another version of the code wrote it)."""


def _encode(value: Any, path: str, arrays: dict[str, np.ndarray]) -> Any:
    if isinstance(value, np.ndarray):
        arrays[path] = value
        return {"array": path}
    if isinstance(value, HeadModel):
        return {"head": value.model_id.to_dict()}
    if isinstance(value, CameraView):
        return {"view": value.to_dict()}
    if dataclasses.is_dataclass(value):
        return {"fields": {f.name: _encode(getattr(value, f.name), f"{path}.{f.name}", arrays)
                           for f in dataclasses.fields(value)}}
    if isinstance(value, (tuple, list)):
        return {"items": [_encode(v, f"{path}.{i}", arrays) for i, v in enumerate(value)]}
    if isinstance(value, dict):
        if not all(isinstance(k, str) for k in value):
            raise TypeError(f"{path}: only dicts with string keys can be stored")
        return {"map": {k: _encode(v, f"{path}.{k}", arrays) for k, v in value.items()}}
    if isinstance(value, np.generic):
        return {"value": value.item()}
    if value is None or isinstance(value, (bool, int, float, str)):
        return {"value": value}
    raise TypeError(f"{path}: a {type(value).__name__} cannot be stored in a prepared portrait")


def _decode(node: Any, hint: Any, arrays, head: Callable[[dict], HeadModel], path: str) -> Any:
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(hint) if a is not type(None)]
        if node == {"value": None}:
            return None
        hint = options[0] if len(options) == 1 else Any
        origin = typing.get_origin(hint)
    if not isinstance(node, dict) or len(node) != 1:
        raise RecordError(f"{path}: malformed entry")
    (kind, payload), = node.items()
    if kind == "array":
        return arrays[payload]
    if kind == "head":
        return head(payload)
    if kind == "view":
        return CameraView.from_dict(payload)
    if kind == "value":
        return payload
    if kind == "fields":
        if not (isinstance(hint, type) and dataclasses.is_dataclass(hint)):
            raise RecordError(f"{path}: stored a dataclass where the code has {hint!r}")
        hints = typing.get_type_hints(hint)
        names = {f.name for f in dataclasses.fields(hint)}
        if set(payload) != names:
            raise RecordError(f"{path}: stored fields {sorted(payload)} differ from {hint.__name__}'s {sorted(names)}")
        values = {name: _decode(payload[name], hints[name], arrays, head, f"{path}.{name}") for name in names}
        init = {f.name: values[f.name] for f in dataclasses.fields(hint) if f.init}
        obj = hint(**init)
        for f in dataclasses.fields(hint):
            if not f.init:
                object.__setattr__(obj, f.name, values[f.name])
        return obj
    if kind == "items":
        args = typing.get_args(hint)
        items = [_decode(v, args[min(i, len(args) - 1)] if args and args[-1] is not Ellipsis else
                         (args[0] if args else Any), arrays, head, f"{path}.{i}") for i, v in enumerate(payload)]
        return tuple(items) if origin is tuple or hint is tuple else items
    if kind == "map":
        args = typing.get_args(hint)
        return {k: _decode(v, args[1] if len(args) == 2 else Any, arrays, head, f"{path}.{k}")
                for k, v in payload.items()}
    raise RecordError(f"{path}: unknown entry kind {kind!r}")


def dumps(obj: Any) -> bytes:
    """A dataclass tree as `.npz` bytes."""
    arrays: dict[str, np.ndarray] = {}
    header = {"format": FORMAT, "type": type(obj).__qualname__, "root": _encode(obj, "root", arrays)}
    out = io.BytesIO()
    np.savez(out, **{_HEADER: np.frombuffer(json.dumps(header).encode(), np.uint8)}, **arrays)
    return out.getvalue()


def loads(data: bytes | Path, cls: type, head: Callable[[dict], HeadModel]) -> Any:
    """The dataclass tree `dumps` wrote; RecordError when it was written for another layout."""
    source = io.BytesIO(data) if isinstance(data, bytes) else data
    with np.load(source, allow_pickle=False) as npz:
        header = json.loads(bytes(npz[_HEADER]).decode())
        if header.get("format") != FORMAT or header.get("type") != cls.__qualname__:
            raise RecordError(f"not a stored {cls.__qualname__} ({header.get('format')}, {header.get('type')})")
        arrays = {name: npz[name] for name in npz.files if name != _HEADER}
    return _decode(header["root"], cls, arrays, head, "root")


class PreparedCache:
    """Entries `<key>.npz` in one folder, used by every process that points at it."""

    def __init__(self, directory: Path, limit_bytes: int = DEFAULT_LIMIT_BYTES):
        self.directory = Path(directory)
        self.limit_bytes = limit_bytes
        self._lock = threading.Lock()

    def path(self, key: str) -> Path:
        return self.directory / f"{key}.npz"

    def get(self, key: str, cls: type, head: Callable[[dict], HeadModel]) -> Any | None:
        path = self.path(key)
        if not path.is_file():
            return None
        try:
            obj = loads(path, cls, head)
        except Exception as exc:  # noqa: BLE001 (a bad zip, a cut file, another layout: all mean the same)
            # Damaged, cut short, or written by another version: made again, never trusted.
            log.warning("prepared portrait %s cannot be read (%s); preparing it again", path.name, exc)
            path.unlink(missing_ok=True)
            return None
        touch(path)
        return obj

    def put(self, key: str, obj: Any) -> None:
        """Store an entry; a full disk or an unwritable folder costs only the reuse (logged), never the job."""
        try:
            data = dumps(obj)
            with self._lock:
                atomic_write(self.path(key), data)
                trim(self.directory, self.limit_bytes, pattern="*.npz")
        except OSError as exc:
            log.warning("prepared portrait not kept on disk (%s); it is prepared again next time", exc)
