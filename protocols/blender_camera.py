"""Blender camera <-> OpenCV CameraView, without bpy: numbers in, numbers out.

Frames involved:

* FLAME frame: the head's own, +y up, face looking along +z (what a CameraView is expressed in).
* Rig frame: Blender's z-up frame of the rig object; FLAME_TO_BLENDER rotates FLAME +y onto +z.
* Blender world: the rig's ``matrix_world`` (rotation, translation, uniform scale) on top.
* Blender camera: looks down its local -Z with +Y up, i.e. OpenCV's camera frame times diag(1, -1, -1).

Matrices are row-major 4x4 (``numpy.array(obj.matrix_world)`` gives exactly that from mathutils).
Intrinsics follow Blender's view-plane rules (sensor fit, pixel aspect, lens shift) and the
pixel-centre convention of :mod:`protocols.views`.
"""

from __future__ import annotations

import math
import numbers
from typing import Any

import numpy as np

from .views import CameraView

FLAME_TO_BLENDER = np.array([[1.0, 0.0, 0.0, 0.0],
                             [0.0, 0.0, -1.0, 0.0],
                             [0.0, 1.0, 0.0, 0.0],
                             [0.0, 0.0, 0.0, 1.0]])
FLAME_TO_BLENDER.flags.writeable = False
OPENCV_TO_BLENDER_CAMERA = np.diag([1.0, -1.0, -1.0])
OPENCV_TO_BLENDER_CAMERA.flags.writeable = False

SENSOR_FITS = ("AUTO", "HORIZONTAL", "VERTICAL")
# Limits of Blender's own properties (Camera.lens, Camera.shift_x/y, RenderSettings.pixel_aspect_x/y).
MIN_LENS_MM = 1.0
MAX_SHIFT = 10.0
MAX_PIXEL_ASPECT = 200.0
# Rig and camera matrices come from Blender as float32.
MATRIX_TOLERANCE = 1e-4


class BlenderCameraError(ValueError):
    """Blender camera data that cannot be converted; the message names the parameter."""


def _positive(name: str, value: Any) -> float:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise BlenderCameraError(f"{name} must be a real number, got {value!r}")
    out = float(value)
    if not math.isfinite(out) or out <= 0:
        raise BlenderCameraError(f"{name} must be a positive finite number, got {out:g}")
    return out


def _finite(name: str, value: Any) -> float:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise BlenderCameraError(f"{name} must be a real number, got {value!r}")
    out = float(value)
    if not math.isfinite(out):
        raise BlenderCameraError(f"{name} must be finite, got {out:g}")
    return out


def _positive_int(name: str, value: Any) -> int:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral) or int(value) < 1:
        raise BlenderCameraError(f"{name} must be a positive integer, got {value!r}")
    return int(value)


def _sensor_fit(value: Any) -> str:
    if value not in SENSOR_FITS:
        raise BlenderCameraError(f"sensor_fit must be one of {', '.join(SENSOR_FITS)}, got {value!r}")
    return str(value)


def _matrix4(name: str, value: Any) -> np.ndarray:
    try:
        m = np.array(value, dtype=np.float64)
    except (ValueError, TypeError) as exc:
        raise BlenderCameraError(f"{name} cannot be read as a 4x4 matrix ({exc})") from None
    if m.shape != (4, 4):
        raise BlenderCameraError(f"{name} must be 4x4, got shape {m.shape}")
    if not np.isfinite(m).all():
        raise BlenderCameraError(f"{name} holds NaN or infinity")
    if np.abs(m[3] - [0.0, 0.0, 0.0, 1.0]).max() > 1e-6:
        raise BlenderCameraError(f"{name} has bottom row {m[3].tolist()}, expected [0, 0, 0, 1] "
                                 f"(an affine object transform)")
    return m


def _decompose_rig(rig_matrix_world: Any) -> tuple[np.ndarray, float, np.ndarray]:
    """(rotation, uniform scale, translation) of the rig; refuses non-uniform scale and shear."""
    m = _matrix4("rig_matrix_world", rig_matrix_world)
    a = m[:3, :3]
    det = float(np.linalg.det(a))
    if det <= 0:
        raise BlenderCameraError(f"rig_matrix_world has determinant {det:.3g}: the rig is mirrored or "
                                 f"collapsed (negative or zero scale); use a positive uniform scale")
    axis_scales = np.linalg.norm(a, axis=0)
    scale = float(axis_scales.mean())
    if np.abs(axis_scales / scale - 1.0).max() > MATRIX_TOLERANCE:
        raise BlenderCameraError(f"rig_matrix_world has non-uniform scale {np.round(axis_scales, 6).tolist()}; "
                                 f"apply the scale or scale the rig uniformly")
    rot = a / scale
    if np.abs(rot.T @ rot - np.eye(3)).max() > MATRIX_TOLERANCE:
        raise BlenderCameraError("rig_matrix_world has shear (its axes are not perpendicular); "
                                 "clear the parent inverse or apply the transform")
    u, _, vt = np.linalg.svd(rot)
    return u @ vt, scale, m[:3, 3].copy()


def _decompose_camera(camera_matrix_world: Any) -> tuple[np.ndarray, np.ndarray]:
    """(rotation, location) of a camera object; its scale does not change what it sees."""
    m = _matrix4("camera_matrix_world", camera_matrix_world)
    a = m[:3, :3]
    norms = np.linalg.norm(a, axis=0)
    if norms.min() < 1e-9:
        raise BlenderCameraError("camera_matrix_world has a zero-length axis (zero scale)")
    rot = a / norms
    if np.linalg.det(rot) <= 0:
        raise BlenderCameraError("camera_matrix_world is mirrored (negative scale); use positive scale")
    if np.abs(rot.T @ rot - np.eye(3)).max() > MATRIX_TOLERANCE:
        raise BlenderCameraError("camera_matrix_world has shear (its axes are not perpendicular); "
                                 "apply the transform or unparent the camera")
    u, _, vt = np.linalg.svd(rot)
    return u @ vt, m[:3, 3].copy()


def _fit(sensor_fit: str, width: int, height: int, aspect_x: float, aspect_y: float) -> tuple[bool, float]:
    """(fits horizontally, viewfac): Blender's sensor fit decision and pixel span it fits to."""
    if sensor_fit == "AUTO":
        horizontal = aspect_x * width >= aspect_y * height
    else:
        horizontal = sensor_fit == "HORIZONTAL"
    ycor = aspect_y / aspect_x
    return horizontal, (float(width) if horizontal else ycor * height)


def intrinsics_from_blender(lens_mm: float, sensor_width_mm: float, sensor_height_mm: float,
                            sensor_fit: str, resolution_x: int, resolution_y: int,
                            resolution_percentage: int = 100, pixel_aspect_x: float = 1.0,
                            pixel_aspect_y: float = 1.0, shift_x: float = 0.0,
                            shift_y: float = 0.0) -> tuple[np.ndarray, int, int]:
    """K (3x3, pixels) and the rendered width, height of a perspective Blender camera.

    The rendered size is resolution * percentage / 100 with integer division, as Blender does.
    Sensor fit AUTO fits the sensor width to the larger (aspect-corrected) image side; shifts
    are in units of that fitted side. Borders, crop and orthographic cameras are out of scope.
    """
    lens = _positive("lens_mm", lens_mm)
    sensor_w = _positive("sensor_width_mm", sensor_width_mm)
    sensor_h = _positive("sensor_height_mm", sensor_height_mm)
    fit = _sensor_fit(sensor_fit)
    res_x = _positive_int("resolution_x", resolution_x)
    res_y = _positive_int("resolution_y", resolution_y)
    percentage = _positive_int("resolution_percentage", resolution_percentage)
    aspect_x = _positive("pixel_aspect_x", pixel_aspect_x)
    aspect_y = _positive("pixel_aspect_y", pixel_aspect_y)
    sx = _finite("shift_x", shift_x)
    sy = _finite("shift_y", shift_y)

    width = res_x * percentage // 100
    height = res_y * percentage // 100
    if width < 1 or height < 1:
        raise BlenderCameraError(f"resolution_percentage {percentage}% of {res_x}x{res_y} renders no pixels")
    # With fit AUTO Blender always uses the sensor width, even when it fits it to the image height.
    sensor = sensor_h if fit == "VERTICAL" else sensor_w
    _, viewfac = _fit(fit, width, height, aspect_x, aspect_y)
    ycor = aspect_y / aspect_x
    fx = lens * viewfac / sensor
    fy = fx / ycor
    # Blender's view plane spans the image's outer edges; OpenCV pixel centres sit 0.5 inside.
    cx = width / 2.0 - sx * viewfac - 0.5
    cy = height / 2.0 + sy * viewfac / ycor - 0.5
    K = np.array([[fx, 0.0, cx], [0.0, fy, cy], [0.0, 0.0, 1.0]])
    return K, width, height


def blender_lens_from_intrinsics(K: Any, width: int, height: int, sensor_width_mm: float = 36.0,
                                 sensor_fit: str = "AUTO", sensor_height_mm: float = 24.0) -> dict[str, Any]:
    """Blender camera and render settings that reproduce ``K`` at ``width`` x ``height``.

    Returns lens_mm, shift_x, shift_y, sensor_width_mm, sensor_height_mm, sensor_fit,
    resolution_x, resolution_y, resolution_percentage (100), pixel_aspect_x, pixel_aspect_y.
    Unequal fx, fy become a pixel aspect (one of the two stays 1, as Blender expects).
    Refuses skew and anything outside Blender's property ranges.
    """
    width = _positive_int("width", width)
    height = _positive_int("height", height)
    sensor_w = _positive("sensor_width_mm", sensor_width_mm)
    sensor_h = _positive("sensor_height_mm", sensor_height_mm)
    fit = _sensor_fit(sensor_fit)
    try:
        k = np.array(K, dtype=np.float64)
    except (ValueError, TypeError) as exc:
        raise BlenderCameraError(f"K cannot be read as a 3x3 matrix ({exc})") from None
    if k.shape != (3, 3) or not np.isfinite(k).all():
        raise BlenderCameraError(f"K must be a finite 3x3 matrix, got shape {k.shape}")
    fx, skew, cx = k[0]
    fy, cy = k[1, 1], k[1, 2]
    if not fx > 0 or not fy > 0:
        raise BlenderCameraError(f"K focal lengths must be positive, got fx={fx:g}, fy={fy:g}")
    if abs(k[1, 0]) > 1e-9 or abs(k[2, 0]) > 1e-9 or abs(k[2, 1]) > 1e-9 or abs(k[2, 2] - 1.0) > 1e-9:
        raise BlenderCameraError(f"K must be [[fx, 0, cx], [0, fy, cy], [0, 0, 1]], got {k.tolist()}")
    if abs(skew) > 1e-9 * fx:
        raise BlenderCameraError(f"K has skew {skew:g}; Blender cameras cannot represent skewed pixels")

    ratio = fy / fx  # = pixel_aspect_x / pixel_aspect_y
    if abs(ratio - 1.0) < 1e-9:
        ratio = 1.0
    aspect_x, aspect_y = (ratio, 1.0) if ratio >= 1.0 else (1.0, 1.0 / ratio)
    if max(aspect_x, aspect_y) > MAX_PIXEL_ASPECT:
        raise BlenderCameraError(f"K has fy/fx = {fy / fx:.4g}: a pixel aspect beyond Blender's limit of "
                                 f"{MAX_PIXEL_ASPECT:g}")
    ycor = aspect_y / aspect_x
    _, viewfac = _fit(fit, width, height, aspect_x, aspect_y)
    sensor = sensor_h if fit == "VERTICAL" else sensor_w
    lens = fx * sensor / viewfac
    if lens < MIN_LENS_MM:
        raise BlenderCameraError(f"K needs a {lens:.3g} mm lens on a {sensor:g} mm sensor, below Blender's "
                                 f"{MIN_LENS_MM:g} mm minimum; use a larger sensor size")
    shift_x = (width / 2.0 - 0.5 - cx) / viewfac
    shift_y = (cy - height / 2.0 + 0.5) * ycor / viewfac
    for name, value in (("shift_x", shift_x), ("shift_y", shift_y)):
        if abs(value) > MAX_SHIFT:
            raise BlenderCameraError(f"K's principal point needs {name} = {value:.3g}, beyond Blender's "
                                     f"±{MAX_SHIFT:g}")
    return {"lens_mm": lens, "shift_x": shift_x, "shift_y": shift_y,
            "sensor_width_mm": sensor_w, "sensor_height_mm": sensor_h, "sensor_fit": fit,
            "resolution_x": width, "resolution_y": height, "resolution_percentage": 100,
            "pixel_aspect_x": aspect_x, "pixel_aspect_y": aspect_y}


def view_from_blender(name: str, camera_matrix_world: Any, rig_matrix_world: Any, K: Any,
                      width: int, height: int) -> CameraView:
    """The CameraView (FLAME frame, OpenCV convention) of a Blender camera looking at the rig.

    With a rig scale s, R is the pure rotation and t is divided by s, so projecting FLAME-frame
    points gives the pixels Blender renders; depths come out in FLAME units.
    """
    rig_rot, scale, rig_loc = _decompose_rig(rig_matrix_world)
    cam_rot, cam_loc = _decompose_camera(camera_matrix_world)
    flame_to_rig = FLAME_TO_BLENDER[:3, :3]
    R = OPENCV_TO_BLENDER_CAMERA @ cam_rot.T @ rig_rot @ flame_to_rig
    t = OPENCV_TO_BLENDER_CAMERA @ cam_rot.T @ (rig_loc - cam_loc) / scale
    return CameraView(name, width, height, K, R, t)


def blender_camera_matrix_from_view(view: CameraView, rig_matrix_world: Any) -> np.ndarray:
    """The camera object's 4x4 ``matrix_world`` (unit scale) that sees the rig as ``view`` does."""
    if not isinstance(view, CameraView):
        raise BlenderCameraError(f"view must be a CameraView, got {type(view).__name__}")
    rig_rot, scale, rig_loc = _decompose_rig(rig_matrix_world)
    flame_to_rig = FLAME_TO_BLENDER[:3, :3]
    cam_rot = rig_rot @ flame_to_rig @ view.R.T @ OPENCV_TO_BLENDER_CAMERA
    cam_loc = rig_loc + scale * (rig_rot @ flame_to_rig @ view.center)
    out = np.eye(4)
    out[:3, :3] = cam_rot
    out[:3, 3] = cam_loc
    return out


__all__ = [
    "BlenderCameraError", "FLAME_TO_BLENDER", "OPENCV_TO_BLENDER_CAMERA", "SENSOR_FITS",
    "intrinsics_from_blender", "blender_lens_from_intrinsics", "view_from_blender",
    "blender_camera_matrix_from_view",
]
