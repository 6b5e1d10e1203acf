"""Pure-Python protocol core shared by the Blender add-on and the backend (stdlib + numpy only)."""

from .head_id import HeadModelId, HeadModelMismatch
from .tracks import POSE_SLICES, Track, TrackError
from .views import CameraView, ViewError, check_view_set, load_views_json, save_views_json

__all__ = [
    "CameraView",
    "HeadModelId",
    "HeadModelMismatch",
    "POSE_SLICES",
    "Track",
    "TrackError",
    "ViewError",
    "check_view_set",
    "load_views_json",
    "save_views_json",
]
