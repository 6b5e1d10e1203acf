"""FLAME parameter tracks: per-frame pose, expression, eyelids and translation for one head model.

Arrays are stored as read-only, C-contiguous float32 copies, so a validated Track cannot be
changed behind its back; use :meth:`Track.with_fields` to derive a new one.
"""

from __future__ import annotations

import builtins
import dataclasses
import math
import numbers
import os
import zipfile
from pathlib import Path
from typing import Any, Iterable, Mapping

import numpy as np

from .atomic_files import atomic_writer
from .flame_conventions import JOINT_NAMES, POSE_DIM, POSE_SLICES
from .head_id import HeadModelId

MAX_FRAMES = 100_000
MAX_EXPRESSION = 100
MAX_SHAPE = 300
MIN_FPS = 1.0
MAX_FPS = 240.0
MAX_ABS_FIRST_FRAME = 1_000_000
# Two full turns: anything larger is a unit mix-up (degrees fed as radians), not a pose.
MAX_ROTATION = 4.0 * math.pi
# Eyelid values this far outside [0, 1] are float noise from interpolation and get clipped.
EYELID_TOLERANCE = 1e-3

NPZ_FORMAT = "mvportrait.track/1"
ARRAY_FIELDS = ("pose", "expression", "eyelids", "translation", "shape")
NPZ_KEYS = ARRAY_FIELDS + ("fps", "first_frame", "head_model_name", "head_model_sha256",
                           "flame_version", "format")

# Largest array a track file may hold (expression at MAX_FRAMES x MAX_EXPRESSION); checked
# from the .npy header before anything is read.
_MAX_NPZ_ELEMENTS = MAX_FRAMES * MAX_EXPRESSION


_REEXPORT = "export the track again (or copy it again from where it was made)"


class TrackError(ValueError):
    """A track's contents are invalid; the message names the field and what to do."""


def _as_real_array(field: str, value: Any) -> np.ndarray:
    try:
        arr = np.asarray(value)
    except (ValueError, TypeError) as exc:
        raise TrackError(f"Track.{field}: cannot be read as a numeric array ({exc}); "
                         f"pass a rectangular numpy array of floats") from None
    if arr.dtype.kind not in "iuf":
        raise TrackError(f"Track.{field}: dtype {arr.dtype} is not a real number type; "
                         f"pass integer or floating-point values (not object, string, complex or bool)")
    return arr


def _to_float32(field: str, arr: np.ndarray) -> np.ndarray:
    """Finite check on the original values, then a float32 copy (which may overflow)."""
    if arr.dtype.kind == "f":
        bad = ~np.isfinite(arr)
        if bad.any():
            _raise_bad_frame(field, bad, "holds NaN or infinity", "replace or interpolate those values")
    with np.errstate(over="ignore"):
        out = np.array(arr, dtype=np.float32, order="C", copy=True)
    bad = ~np.isfinite(out)
    if bad.any():
        _raise_bad_frame(field, bad, "holds values too large for float32", "check the units")
    out.flags.writeable = False
    return out


def _raise_bad_frame(field: str, bad: np.ndarray, what: str, todo: str) -> None:
    if bad.ndim >= 2:
        frame = int(np.argmax(bad.reshape(bad.shape[0], -1).any(axis=1)))
        raise TrackError(f"Track.{field}: {what} at frame index {frame}; {todo}")
    index = int(np.argmax(bad.reshape(-1)))
    raise TrackError(f"Track.{field}: {what} at index {index}; {todo}")


def _check_real_scalar(field: str, value: Any) -> float:
    if isinstance(value, np.ndarray) and value.ndim == 0:
        value = value[()]
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TrackError(f"Track.{field}: must be a real number, got {type(value).__name__}")
    out = float(value)
    if not math.isfinite(out):
        raise TrackError(f"Track.{field}: must be finite, got {out}")
    return out


@dataclasses.dataclass(frozen=True, eq=False)
class Track:
    """FLAME parameters over T frames, in the layout fixed by DESIGN.md.

    pose (T, 15) axis-angle radians [global, neck, jaw, eye_left, eye_right]; expression (T, E);
    eyelids (T, 2) in [0, 1], 1 = closed, column 0 = subject's left eye (+x); translation (T, 3)
    metres; shape (S,) constant; fps; first_frame (the scene frame of row 0); head_model.
    """

    pose: np.ndarray
    expression: np.ndarray
    eyelids: np.ndarray
    translation: np.ndarray
    shape: np.ndarray
    fps: float
    first_frame: int
    head_model: HeadModelId

    def __post_init__(self) -> None:
        arrays = {name: _as_real_array(name, getattr(self, name)) for name in ARRAY_FIELDS}

        pose = arrays["pose"]
        if pose.ndim != 2 or pose.shape[1] != POSE_DIM:
            raise TrackError(f"Track.pose: shape {pose.shape} is not (T, {POSE_DIM}); pass axis-angle "
                             f"rotations for [{', '.join(JOINT_NAMES)}] per frame")
        num_frames = pose.shape[0]
        if num_frames < 1:
            raise TrackError("Track.pose: the track has no frames (T = 0); a track needs at least one frame")
        if num_frames > MAX_FRAMES:
            raise TrackError(f"Track.pose: {num_frames} frames is more than the limit of {MAX_FRAMES}; "
                             f"split the track into shorter pieces")
        expected_width = {"eyelids": 2, "translation": 3}
        for name in ("expression", "eyelids", "translation"):
            arr = arrays[name]
            if arr.ndim != 2:
                raise TrackError(f"Track.{name}: shape {arr.shape} is not two-dimensional (T, ...); "
                                 f"pass one row per frame")
            if arr.shape[0] != num_frames:
                raise TrackError(f"Track.{name}: has {arr.shape[0]} frames but pose has {num_frames}; "
                                 f"all per-frame arrays must have the same number of rows")
            if name in expected_width and arr.shape[1] != expected_width[name]:
                raise TrackError(f"Track.{name}: shape {arr.shape} is not (T, {expected_width[name]})")
        if arrays["expression"].shape[1] > MAX_EXPRESSION:
            raise TrackError(f"Track.expression: {arrays['expression'].shape[1]} components is more than "
                             f"FLAME's {MAX_EXPRESSION}; keep the first {MAX_EXPRESSION}")
        shape = arrays["shape"]
        if shape.ndim != 1:
            raise TrackError(f"Track.shape: shape {shape.shape} is not (S,); shape is constant over a "
                             f"track, pass one vector")
        if shape.shape[0] > MAX_SHAPE:
            raise TrackError(f"Track.shape: {shape.shape[0]} components is more than FLAME's {MAX_SHAPE}; "
                             f"keep the first {MAX_SHAPE}")

        converted = {name: _to_float32(name, arr) for name, arr in arrays.items()}

        norms = np.linalg.norm(converted["pose"].reshape(num_frames, 5, 3).astype(np.float64), axis=2)
        too_big = norms > MAX_ROTATION
        if too_big.any():
            frame, joint = (int(i) for i in np.argwhere(too_big)[0])
            raise TrackError(
                f"Track.pose: {JOINT_NAMES[joint]} rotation at frame index {frame} has angle "
                f"{norms[frame, joint]:.3g} rad (> 4π); pose is axis-angle in radians, not degrees")

        eyelids = converted["eyelids"]
        outside = (eyelids < -EYELID_TOLERANCE) | (eyelids > 1.0 + EYELID_TOLERANCE)
        if outside.any():
            frame = int(np.argmax(outside.any(axis=1)))
            raise TrackError(f"Track.eyelids: value {float(eyelids[outside][0]):.4g} at frame index {frame} "
                             f"is outside [0, 1] (0 = open, 1 = closed); rescale the eyelid values")
        if (eyelids < 0).any() or (eyelids > 1).any():
            eyelids = np.clip(eyelids, 0.0, 1.0)
            eyelids.flags.writeable = False
            converted["eyelids"] = eyelids

        fps = _check_real_scalar("fps", self.fps)
        if not MIN_FPS <= fps <= MAX_FPS:
            raise TrackError(f"Track.fps: {fps} is outside [{MIN_FPS:g}, {MAX_FPS:g}]; pass the scene's "
                             f"frames per second")

        first_frame = self.first_frame
        if isinstance(first_frame, np.ndarray) and first_frame.ndim == 0:
            first_frame = first_frame[()]
        if isinstance(first_frame, (bool, np.bool_)) or not isinstance(first_frame, numbers.Integral):
            raise TrackError(f"Track.first_frame: must be an integer frame number, got "
                             f"{type(first_frame).__name__} {first_frame!r}")
        first_frame = int(first_frame)
        if abs(first_frame) > MAX_ABS_FIRST_FRAME:
            raise TrackError(f"Track.first_frame: {first_frame} is beyond ±{MAX_ABS_FIRST_FRAME}; "
                             f"pass the scene frame of the track's first row")

        if not isinstance(self.head_model, HeadModelId):
            raise TrackError(f"Track.head_model: must be a HeadModelId, got {type(self.head_model).__name__}; "
                             f"use HeadModel.model_id()")

        for name, arr in converted.items():
            object.__setattr__(self, name, arr)
        object.__setattr__(self, "fps", fps)
        object.__setattr__(self, "first_frame", first_frame)

    # ----------------------------------------------------------------- accessors

    @property
    def num_frames(self) -> int:
        return int(self.pose.shape[0])

    @property
    def num_expression(self) -> int:
        return int(self.expression.shape[1])

    @property
    def num_shape(self) -> int:
        return int(self.shape.shape[0])

    @property
    def last_frame(self) -> int:
        """Scene frame of the last row (inclusive)."""
        return self.first_frame + self.num_frames - 1

    @property
    def global_pose(self) -> np.ndarray:
        return self.pose[:, POSE_SLICES["global"]]

    @property
    def neck_pose(self) -> np.ndarray:
        return self.pose[:, POSE_SLICES["neck"]]

    @property
    def jaw_pose(self) -> np.ndarray:
        return self.pose[:, POSE_SLICES["jaw"]]

    @property
    def eye_left_pose(self) -> np.ndarray:
        return self.pose[:, POSE_SLICES["eye_left"]]

    @property
    def eye_right_pose(self) -> np.ndarray:
        return self.pose[:, POSE_SLICES["eye_right"]]

    def frame_numbers(self) -> np.ndarray:
        """Scene frame number of every row, int64 (T,)."""
        return np.arange(self.first_frame, self.first_frame + self.num_frames, dtype=np.int64)

    def check_head(self, model_id: HeadModelId) -> None:
        """Raise HeadModelMismatch unless this track was made for ``model_id``."""
        self.head_model.check_matches(model_id)

    # ------------------------------------------------------------- construction

    @classmethod
    def neutral(cls, num_frames: int, head_model: HeadModelId, n_expr: int = MAX_EXPRESSION,
                n_shape: int = MAX_SHAPE, fps: float = 25.0, first_frame: int = 1) -> "Track":
        """A track of zeros: rest pose, neutral expression, open eyes, mean shape."""
        if isinstance(num_frames, bool) or not isinstance(num_frames, numbers.Integral) or num_frames < 1:
            raise TrackError(f"Track.pose: num_frames must be a positive integer, got {num_frames!r}")
        if num_frames > MAX_FRAMES:
            raise TrackError(f"Track.pose: {num_frames} frames is more than the limit of {MAX_FRAMES}")
        for field, n, limit in (("expression", n_expr, MAX_EXPRESSION), ("shape", n_shape, MAX_SHAPE)):
            if isinstance(n, bool) or not isinstance(n, numbers.Integral) or not 0 <= n <= limit:
                raise TrackError(f"Track.{field}: size must be an integer in [0, {limit}], got {n!r}")
        t = int(num_frames)
        return cls(pose=np.zeros((t, POSE_DIM), np.float32),
                   expression=np.zeros((t, int(n_expr)), np.float32),
                   eyelids=np.zeros((t, 2), np.float32),
                   translation=np.zeros((t, 3), np.float32),
                   shape=np.zeros((int(n_shape),), np.float32),
                   fps=fps, first_frame=first_frame, head_model=head_model)

    def with_fields(self, **changes: Any) -> "Track":
        """A validated copy with some fields replaced."""
        unknown = sorted(set(changes) - {f.name for f in dataclasses.fields(self)})
        if unknown:
            raise TrackError(f"Track: unknown field(s) {', '.join(unknown)}; fields are "
                             f"{', '.join(f.name for f in dataclasses.fields(self))}")
        return dataclasses.replace(self, **changes)

    def slice(self, start: int | None = None, stop: int | None = None) -> "Track":
        """Rows ``start:stop`` (Python slice semantics on row indices); first_frame moves with start."""
        begin, end, _ = builtins.slice(start, stop).indices(self.num_frames)
        if end <= begin:
            raise TrackError(f"Track.pose: slice [{start}:{stop}] of a {self.num_frames}-frame track is "
                             f"empty; a track needs at least one frame")
        rows = builtins.slice(begin, end)
        return dataclasses.replace(self, pose=self.pose[rows], expression=self.expression[rows],
                                   eyelids=self.eyelids[rows], translation=self.translation[rows],
                                   first_frame=self.first_frame + begin)

    @classmethod
    def concatenate(cls, tracks: Iterable["Track"]) -> "Track":
        """Join tracks end to end; they must share head model, fps, shape and expression size.

        The result starts at the first track's first_frame.
        """
        parts = list(tracks)
        if not parts:
            raise TrackError("Track.pose: nothing to concatenate; pass at least one track")
        first = parts[0]
        for i, other in enumerate(parts[1:], start=1):
            if not isinstance(other, Track):
                raise TrackError(f"Track.concatenate: item {i} is a {type(other).__name__}, not a Track")
            other.check_head(first.head_model)
            if other.fps != first.fps:
                raise TrackError(f"Track.fps: track {i} runs at {other.fps} fps, track 0 at {first.fps}; "
                                 f"resample before concatenating")
            if other.num_expression != first.num_expression:
                raise TrackError(f"Track.expression: track {i} has {other.num_expression} components, "
                                 f"track 0 has {first.num_expression}; pad or truncate first")
            if not np.array_equal(other.shape, first.shape):
                raise TrackError(f"Track.shape: track {i} has a different identity shape than track 0; "
                                 f"a track has one constant shape")
        return dataclasses.replace(
            first,
            pose=np.concatenate([p.pose for p in parts]),
            expression=np.concatenate([p.expression for p in parts]),
            eyelids=np.concatenate([p.eyelids for p in parts]),
            translation=np.concatenate([p.translation for p in parts]))

    # --------------------------------------------------------------- comparison

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Track):
            return NotImplemented
        return (self.fps == other.fps and self.first_frame == other.first_frame
                and self.head_model == other.head_model
                and all(np.array_equal(getattr(self, n), getattr(other, n)) for n in ARRAY_FIELDS))

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return (f"Track(frames={self.num_frames}, expression={self.num_expression}, shape={self.num_shape}, "
                f"fps={self.fps:g}, first_frame={self.first_frame}, head_model={self.head_model.name!r})")

    # ------------------------------------------------------------- wire arrays

    def to_arrays(self) -> dict[str, np.ndarray]:
        """The five arrays (float32, C-contiguous, read-only) by field name; pair with :meth:`meta`."""
        return {name: getattr(self, name) for name in ARRAY_FIELDS}

    def meta(self) -> dict[str, Any]:
        """JSON-ready scalars that go with :meth:`to_arrays`."""
        return {"format": NPZ_FORMAT, "fps": self.fps, "first_frame": self.first_frame,
                "head_model": self.head_model.to_dict()}

    @classmethod
    def from_arrays(cls, arrays: Mapping[str, Any], meta: Mapping[str, Any]) -> "Track":
        """Rebuild from :meth:`to_arrays` / :meth:`meta` output (e.g. after a trip over the wire)."""
        if not isinstance(arrays, Mapping):
            raise TrackError(f"Track arrays: expected a mapping of field name to array, got "
                             f"{type(arrays).__name__}")
        if not isinstance(meta, Mapping):
            raise TrackError(f"Track meta: expected a mapping, got {type(meta).__name__}")
        for key in ARRAY_FIELDS:
            if key not in arrays:
                raise TrackError(f"Track arrays: missing {key!r}; expected {', '.join(ARRAY_FIELDS)}")
        extra = sorted(set(arrays) - set(ARRAY_FIELDS))
        if extra:
            raise TrackError(f"Track arrays: unexpected key(s) {', '.join(map(str, extra))}")
        for key in ("format", "fps", "first_frame", "head_model"):
            if key not in meta:
                raise TrackError(f"Track meta: missing {key!r}")
        if meta["format"] != NPZ_FORMAT:
            raise TrackError(f"Track meta 'format': {meta['format']!r} is not {NPZ_FORMAT!r}")
        head = meta["head_model"]
        if not isinstance(head, Mapping):
            raise TrackError("Track meta 'head_model': expected a mapping with name, sha256, flame_version")
        try:
            head_model = HeadModelId.from_dict(head)
        except KeyError as exc:
            raise TrackError(f"Track meta 'head_model': missing {exc.args[0]!r}") from None
        except ValueError as exc:
            raise TrackError(f"Track meta 'head_model': {exc}") from None
        return cls(head_model=head_model, fps=meta["fps"], first_frame=meta["first_frame"],
                   **{k: arrays[k] for k in ARRAY_FIELDS})

    # --------------------------------------------------------------------- npz

    def save_npz(self, path: str | os.PathLike) -> Path:
        """Write the track atomically as .npz (no pickled objects), using DESIGN.md's key names."""
        path = Path(path)
        payload = {name: getattr(self, name) for name in ARRAY_FIELDS}
        payload.update(fps=np.float64(self.fps), first_frame=np.int64(self.first_frame),
                       head_model_name=np.str_(self.head_model.name),
                       head_model_sha256=np.str_(self.head_model.sha256),
                       flame_version=np.str_(self.head_model.flame_version),
                       format=np.str_(NPZ_FORMAT))
        with atomic_writer(path) as fh:
            np.savez(fh, **payload)
        return path

    @classmethod
    def load_npz(cls, path: str | os.PathLike) -> "Track":
        """Read a track written by :meth:`save_npz`; never unpickles anything."""
        path = Path(path)
        with open(path, "rb") as fh:
            magic = fh.read(4)
        # An .npz is a zip archive. Anything else would reach numpy's pickle path, whose advice
        # ("load it unsafely") no user should follow.
        if magic[:2] != b"PK":
            what = "is empty" if not magic else (
                "holds a single array, not a track .npz archive" if magic == b"\x93NUM" else
                "is not a .npz archive (damaged, or another kind of file)")
            raise TrackError(f"track file {path}: {what}; {_REEXPORT}")
        try:
            npz = np.load(path, allow_pickle=False)
        except (ValueError, OSError, EOFError, zipfile.BadZipFile) as exc:
            if isinstance(exc, FileNotFoundError):
                raise
            raise TrackError(f"track file {path}: the .npz archive is damaged or incomplete ({exc}); "
                             f"{_REEXPORT}") from None
        if not isinstance(npz, np.lib.npyio.NpzFile):
            raise TrackError(f"track file {path}: holds a single array, not a track .npz archive; {_REEXPORT}")
        with npz:
            for key in NPZ_KEYS:
                if key not in npz.files:
                    raise TrackError(f"track file {path}: missing key {key!r}; a track .npz needs "
                                     f"{', '.join(NPZ_KEYS)}")
            values = {key: _read_npz_member(npz, key, path) for key in NPZ_KEYS}
        fmt = _npz_string(values, "format", path)
        if fmt != NPZ_FORMAT:
            raise TrackError(f"track file {path}: key 'format' is {fmt!r}, expected {NPZ_FORMAT!r}")
        try:
            head_model = HeadModelId(name=_npz_string(values, "head_model_name", path),
                                     sha256=_npz_string(values, "head_model_sha256", path),
                                     flame_version=_npz_string(values, "flame_version", path))
        except ValueError as exc:
            if isinstance(exc, TrackError):
                raise
            raise TrackError(f"track file {path}: head model keys are invalid: {exc}") from None
        for key in ("fps", "first_frame"):
            if values[key].shape != ():
                raise TrackError(f"track file {path}: key {key!r} must be a scalar, got shape "
                                 f"{values[key].shape}")
        return cls(head_model=head_model, fps=values["fps"][()], first_frame=values["first_frame"][()],
                   **{k: values[k] for k in ARRAY_FIELDS})



def _read_npz_member(npz: "np.lib.npyio.NpzFile", key: str, path: Path) -> np.ndarray:
    """Check a member's .npy header (dtype, size) before loading it, then load it."""
    try:
        with npz.zip.open(f"{key}.npy") as fh:
            version = np.lib.format.read_magic(fh)
            if version == (1, 0):
                shape, _, dtype = np.lib.format.read_array_header_1_0(fh)
            elif version == (2, 0):
                shape, _, dtype = np.lib.format.read_array_header_2_0(fh)
            else:
                raise TrackError(f"track file {path}: key {key!r} uses .npy format {version}, "
                                 f"which track files never contain")
    except (KeyError, ValueError, OSError, EOFError, zipfile.BadZipFile) as exc:
        if isinstance(exc, TrackError):
            raise
        raise TrackError(f"track file {path}: key {key!r} is damaged ({exc}); {_REEXPORT}") from None
    if dtype.hasobject:
        raise TrackError(f"track file {path}: key {key!r} holds Python objects (pickled data); "
                         f"refusing to load it, re-export the track with plain numeric arrays")
    if math.prod(shape) > _MAX_NPZ_ELEMENTS:
        raise TrackError(f"track file {path}: key {key!r} has shape {shape}, far larger than any track")
    try:
        return npz[key]
    except (ValueError, OSError, EOFError, zipfile.BadZipFile) as exc:
        raise TrackError(f"track file {path}: key {key!r} is damaged ({exc}); {_REEXPORT}") from None


def _npz_string(values: Mapping[str, np.ndarray], key: str, path: Path) -> str:
    arr = values[key]
    if arr.shape != () or arr.dtype.kind not in "US":
        raise TrackError(f"track file {path}: key {key!r} must be a text scalar, got dtype {arr.dtype} "
                         f"shape {arr.shape}")
    value = arr[()]
    if isinstance(value, bytes):
        try:
            return value.decode("utf-8")
        except UnicodeDecodeError:
            raise TrackError(f"track file {path}: key {key!r} is not UTF-8 text") from None
    return str(value)


