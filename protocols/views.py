"""Camera views in the head's FLAME frame, OpenCV convention.

Camera frame: x right, y down, z forward. ``R``, ``t`` map FLAME-frame points to the camera:
``x_cam = R @ x + t``. Pixel coordinates follow OpenCV too: the centre of pixel (col i, row j) is
at (u, v) = (i, j), so the image spans [-0.5, width - 0.5] and a centred principal point is
((width - 1) / 2, (height - 1) / 2).
"""

from __future__ import annotations

import dataclasses
import json
import math
import numbers
import os
from pathlib import Path
from typing import Any, Iterable, Sequence

import numpy as np

from .atomic_files import atomic_write

MIN_SIZE = 16
MAX_SIZE = 8192
MAX_NAME_LENGTH = 64
MAX_VIEWS = 64
# Rotations that came through float32 (Blender stores matrices as float32) are off by ~1e-6;
# anything beyond this is not a rotation at all.
ROTATION_TOLERANCE = 1e-4
VIEWS_FORMAT = "mvportrait.views/1"
_DICT_KEYS = ("name", "width", "height", "K", "R", "t")


class ViewError(ValueError):
    """A camera view is invalid; the message names the view and the field."""


def _label(name: Any) -> str:
    return f"view {name!r}" if isinstance(name, str) and name else "view"


def _matrix(view: str, field: str, value: Any, shape: tuple[int, ...]) -> np.ndarray:
    try:
        arr = np.asarray(value)
    except (ValueError, TypeError) as exc:
        raise ViewError(f"{view}: {field} cannot be read as a numeric array ({exc})") from None
    if arr.dtype.kind not in "iuf":
        raise ViewError(f"{view}: {field} has dtype {arr.dtype}; pass real numbers")
    if arr.shape != shape:
        raise ViewError(f"{view}: {field} has shape {arr.shape}, expected {shape}")
    arr = np.array(arr, dtype=np.float64, order="C", copy=True)
    if not np.isfinite(arr).all():
        raise ViewError(f"{view}: {field} holds NaN or infinity")
    return arr


def _size(view: str, field: str, value: Any) -> int:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise ViewError(f"{view}: {field} must be an integer number of pixels, got {value!r}")
    if not MIN_SIZE <= int(value) <= MAX_SIZE:
        raise ViewError(f"{view}: {field} {int(value)} is outside [{MIN_SIZE}, {MAX_SIZE}] pixels")
    return int(value)


def _orthonormalize(view: str, R: np.ndarray) -> np.ndarray:
    """The nearest rotation to ``R``, provided ``R`` is already a rotation within tolerance."""
    error = float(np.abs(R.T @ R - np.eye(3)).max())
    if error > ROTATION_TOLERANCE:
        raise ViewError(f"{view}: R is not orthonormal (max |RᵀR − I| = {error:.3g} > {ROTATION_TOLERANCE:g}); "
                        f"pass a pure rotation without scale or shear")
    if np.linalg.det(R) <= 0:
        raise ViewError(f"{view}: R has determinant {np.linalg.det(R):.3g}; it is a reflection, not a "
                        f"rotation (check the camera axis convention: OpenCV x right, y down, z forward)")
    if error <= 1e-12:
        return R  # already a rotation to float64 precision: keep it bit-exact so JSON round trips
    u, _, vt = np.linalg.svd(R)
    return u @ vt


def _freeze(arr: np.ndarray) -> np.ndarray:
    arr.flags.writeable = False
    return arr


@dataclasses.dataclass(frozen=True, eq=False)
class CameraView:
    """One pinhole camera: image size, intrinsics K (pixels), world-to-camera R, t (metres)."""

    name: str
    width: int
    height: int
    K: np.ndarray
    R: np.ndarray
    t: np.ndarray

    def __post_init__(self) -> None:
        name = self.name
        if not isinstance(name, str) or not name:
            raise ViewError(f"view name must be a non-empty string, got {name!r}")
        if len(name) > MAX_NAME_LENGTH:
            raise ViewError(f"view name {name[:20]!r}…: {len(name)} characters, at most {MAX_NAME_LENGTH}")
        if not name.isprintable():
            raise ViewError(f"view name {name!r}: holds control characters; use printable text")
        view = _label(name)
        width = _size(view, "width", self.width)
        height = _size(view, "height", self.height)

        K = _matrix(view, "K", self.K, (3, 3))
        if not K[0, 0] > 0 or not K[1, 1] > 0:
            raise ViewError(f"{view}: K focal lengths must be positive, got fx={K[0, 0]:g}, fy={K[1, 1]:g}")
        if abs(K[1, 0]) > 1e-9 or abs(K[2, 0]) > 1e-9 or abs(K[2, 1]) > 1e-9 or abs(K[2, 2] - 1) > 1e-9:
            raise ViewError(f"{view}: K must have the form [[fx, s, cx], [0, fy, cy], [0, 0, 1]], got "
                            f"{K.tolist()}")
        K[1, 0] = K[2, 0] = K[2, 1] = 0.0
        K[2, 2] = 1.0
        R = _orthonormalize(view, _matrix(view, "R", self.R, (3, 3)))
        t = _matrix(view, "t", self.t, (3,))

        object.__setattr__(self, "width", width)
        object.__setattr__(self, "height", height)
        object.__setattr__(self, "K", _freeze(K))
        object.__setattr__(self, "R", _freeze(R))
        object.__setattr__(self, "t", _freeze(t))

    # ---------------------------------------------------------------- geometry

    @property
    def center(self) -> np.ndarray:
        """Camera position in the FLAME frame (metres)."""
        return -self.R.T @ self.t

    @property
    def fov_x_deg(self) -> float:
        return math.degrees(2.0 * math.atan(self.width / (2.0 * self.K[0, 0])))

    @property
    def fov_y_deg(self) -> float:
        return math.degrees(2.0 * math.atan(self.height / (2.0 * self.K[1, 1])))

    def world_to_camera(self, points: Any) -> np.ndarray:
        """FLAME-frame points (..., 3) to camera-frame points (..., 3)."""
        p = np.asarray(points, dtype=np.float64)
        if p.shape[-1:] != (3,):
            raise ViewError(f"{_label(self.name)}: points must have shape (..., 3), got {p.shape}")
        return p @ self.R.T + self.t

    def project(self, points: Any) -> tuple[np.ndarray, np.ndarray]:
        """Project FLAME-frame points (..., 3) to pixels (..., 2) and camera depth (...,).

        Points at or behind the camera plane (depth <= 0) get NaN pixel coordinates.
        """
        cam = self.world_to_camera(points)
        depth = cam[..., 2]
        in_front = depth > 0
        safe = np.where(in_front, depth, 1.0)
        x = cam[..., 0] / safe
        y = cam[..., 1] / safe
        K = self.K
        u = K[0, 0] * x + K[0, 1] * y + K[0, 2]
        v = K[1, 1] * y + K[1, 2]
        uv = np.stack([u, v], axis=-1)
        uv[~in_front] = np.nan
        return uv, depth

    def scaled(self, width: int, height: int) -> "CameraView":
        """The same camera at another resolution: same field of view, same framing."""
        view = _label(self.name)
        width = _size(view, "width", width)
        height = _size(view, "height", height)
        sx, sy = width / self.width, height / self.height
        K = self.K.copy()
        K[0, 0] *= sx
        K[0, 1] *= sx
        K[1, 1] *= sy
        # Scale about the image's outer edge (-0.5), not the first pixel centre.
        K[0, 2] = (K[0, 2] + 0.5) * sx - 0.5
        K[1, 2] = (K[1, 2] + 0.5) * sy - 0.5
        return CameraView(self.name, width, height, K, self.R, self.t)

    def renamed(self, name: str) -> "CameraView":
        return CameraView(name, self.width, self.height, self.K, self.R, self.t)

    @classmethod
    def look_at(cls, name: str, eye: Sequence[float], target: Sequence[float] = (0.0, 0.0, 0.0),
                up: Sequence[float] = (0.0, 1.0, 0.0), fov_deg: float | None = 30.0,
                K: Any = None, width: int = 512, height: int = 512) -> "CameraView":
        """A camera at ``eye`` looking at ``target`` with ``up`` (FLAME frame, +y up) roughly up.

        Give either ``fov_deg`` (vertical field of view, square pixels, centred principal point)
        or a full ``K``; ``K`` wins when both are given.
        """
        view = _label(name)
        eye_v = _matrix(view, "eye", eye, (3,))
        target_v = _matrix(view, "target", target, (3,))
        up_v = _matrix(view, "up", up, (3,))
        forward = target_v - eye_v
        if np.linalg.norm(forward) < 1e-9:
            raise ViewError(f"{view}: eye and target coincide; the camera has no viewing direction")
        z = forward / np.linalg.norm(forward)
        x = np.cross(z, up_v)
        if np.linalg.norm(x) < 1e-6 * max(np.linalg.norm(up_v), 1e-12):
            raise ViewError(f"{view}: up {up_v.tolist()} is parallel to the viewing direction; pick another up")
        x /= np.linalg.norm(x)
        y = np.cross(z, x)
        R = np.stack([x, y, z])
        t = -R @ eye_v
        if K is None:
            if fov_deg is None:
                raise ViewError(f"{view}: give fov_deg or K")
            fov = float(fov_deg)
            if not 0.0 < fov < 180.0:
                raise ViewError(f"{view}: fov_deg {fov:g} is outside (0, 180)")
            h = _size(view, "height", height)
            w = _size(view, "width", width)
            f = 0.5 * h / math.tan(math.radians(fov) / 2.0)
            K = np.array([[f, 0.0, (w - 1) / 2.0], [0.0, f, (h - 1) / 2.0], [0.0, 0.0, 1.0]])
        return cls(name, width, height, K, R, t)

    # ----------------------------------------------------------- serialisation

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: plain ints, floats and nested lists."""
        return {"name": self.name, "width": self.width, "height": self.height,
                "K": self.K.tolist(), "R": self.R.tolist(), "t": self.t.tolist()}

    @classmethod
    def from_dict(cls, d: Any) -> "CameraView":
        if not isinstance(d, dict):
            raise ViewError(f"view: expected a JSON object, got {type(d).__name__}")
        view = _label(d.get("name"))
        for key in _DICT_KEYS:
            if key not in d:
                raise ViewError(f"{view}: missing key {key!r}; a view needs {', '.join(_DICT_KEYS)}")
        extra = sorted(set(d) - set(_DICT_KEYS))
        if extra:
            raise ViewError(f"{view}: unknown key(s) {', '.join(map(str, extra))}")
        return cls(**{k: d[k] for k in _DICT_KEYS})

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, CameraView):
            return NotImplemented
        return (self.name == other.name and self.width == other.width and self.height == other.height
                and np.array_equal(self.K, other.K) and np.array_equal(self.R, other.R)
                and np.array_equal(self.t, other.t))

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        c = self.center
        return (f"CameraView({self.name!r}, {self.width}x{self.height}, fx={self.K[0, 0]:.1f}, "
                f"center=({c[0]:.3f}, {c[1]:.3f}, {c[2]:.3f}))")


def check_view_set(views: Iterable[CameraView]) -> list[CameraView]:
    """Views for one render: 1..64 CameraViews with distinct names."""
    out = list(views)
    if not out:
        raise ViewError("views: no camera views given; add at least one camera")
    if len(out) > MAX_VIEWS:
        raise ViewError(f"views: {len(out)} views is more than the limit of {MAX_VIEWS}")
    seen: set[str] = set()
    for i, v in enumerate(out):
        if not isinstance(v, CameraView):
            raise ViewError(f"views[{i}]: expected a CameraView, got {type(v).__name__}")
        if v.name in seen:
            raise ViewError(f"views[{i}]: duplicate view name {v.name!r}; give every camera its own name")
        seen.add(v.name)
    return out


def load_views_json(path: str | os.PathLike) -> list[CameraView]:
    """Read ``{"views": [...]}`` (or a bare list of view objects)."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ViewError(f"views file {path}: not valid JSON ({exc})") from None
    except UnicodeDecodeError:
        raise ViewError(f"views file {path}: not UTF-8 text") from None
    if isinstance(data, dict):
        if "views" not in data:
            raise ViewError(f"views file {path}: missing key 'views'")
        fmt = data.get("format", VIEWS_FORMAT)
        if fmt != VIEWS_FORMAT:
            raise ViewError(f"views file {path}: key 'format' is {fmt!r}, expected {VIEWS_FORMAT!r}")
        items = data["views"]
    else:
        items = data
    if not isinstance(items, list):
        raise ViewError(f"views file {path}: 'views' must be a list, got {type(items).__name__}")
    if len(items) > MAX_VIEWS:
        raise ViewError(f"views file {path}: {len(items)} views is more than the limit of {MAX_VIEWS}")
    views = []
    for i, item in enumerate(items):
        try:
            views.append(CameraView.from_dict(item))
        except ViewError as exc:
            raise ViewError(f"views file {path}: views[{i}]: {exc}") from None
    try:
        return check_view_set(views)
    except ViewError as exc:
        raise ViewError(f"views file {path}: {exc}") from None


def save_views_json(path: str | os.PathLike, views: Iterable[CameraView]) -> Path:
    """Write views atomically as ``{"format": ..., "views": [...]}``."""
    path = Path(path)
    text = json.dumps({"format": VIEWS_FORMAT, "views": [v.to_dict() for v in check_view_set(views)]},
                      indent=2, allow_nan=False) + "\n"
    atomic_write(path, text)
    return path
