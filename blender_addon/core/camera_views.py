"""Blender cameras (as plain numbers) → ``CameraView``s in the head's FLAME frame."""

from __future__ import annotations

import dataclasses
from typing import Sequence

import numpy as np

from ..vendored import blender_camera, views


class CameraSetupError(ValueError):
    """Cameras that cannot become views; the message says which and what to change."""


@dataclasses.dataclass(frozen=True)
class CameraParams:
    name: str
    camera_type: str          # Blender Camera.type: PERSP, ORTHO, PANO
    lens_mm: float
    sensor_width_mm: float
    sensor_height_mm: float
    sensor_fit: str
    shift_x: float
    shift_y: float
    matrix_world: np.ndarray  # (4, 4) row-major


@dataclasses.dataclass(frozen=True)
class RenderSize:
    resolution_x: int
    resolution_y: int
    percentage: int = 100
    pixel_aspect_x: float = 1.0
    pixel_aspect_y: float = 1.0


def view_for_camera(cam: CameraParams, size: RenderSize, rig_matrix_world: np.ndarray) -> "views.CameraView":
    if cam.camera_type != "PERSP":
        raise CameraSetupError(f"camera {cam.name!r} is {cam.camera_type}; only perspective cameras become "
                               f"views (set Lens > Type to Perspective)")
    try:
        K, width, height = blender_camera.intrinsics_from_blender(
            cam.lens_mm, cam.sensor_width_mm, cam.sensor_height_mm, cam.sensor_fit, size.resolution_x,
            size.resolution_y, size.percentage, size.pixel_aspect_x, size.pixel_aspect_y, cam.shift_x, cam.shift_y)
        return blender_camera.view_from_blender(cam.name, cam.matrix_world, rig_matrix_world, K, width, height)
    except (blender_camera.BlenderCameraError, views.ViewError) as exc:
        raise CameraSetupError(f"camera {cam.name!r}: {exc}") from None


def views_for_cameras(cams: Sequence[CameraParams], size: RenderSize,
                      rig_matrix_world: np.ndarray) -> list["views.CameraView"]:
    if not cams:
        raise CameraSetupError("no cameras to render: put cameras in the chosen collection or select them "
                               "(Portrait panel > Views)")
    out = [view_for_camera(c, size, rig_matrix_world) for c in cams]
    try:
        views.check_view_set(out)
    except views.ViewError as exc:
        raise CameraSetupError(str(exc)) from None
    return out
