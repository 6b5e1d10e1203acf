"""Pure-Python protocol core shared by the Blender add-on and the backend (stdlib + numpy only).

The names below are imported on first use (PEP 562), so importing one light submodule (limits,
atomic_files, safe_names) does not load numpy: `mvportrait --help` stays instant."""

import importlib

_EXPORTS = {
    "CameraView": "views",
    "HeadModelId": "head_id",
    "HeadModelMismatch": "head_id",
    "POSE_SLICES": "tracks",
    "Track": "tracks",
    "TrackError": "tracks",
    "ViewError": "views",
    "check_view_set": "views",
    "load_views_json": "views",
    "save_views_json": "views",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{_EXPORTS[name]}", __name__), name)
    globals()[name] = value
    return value
