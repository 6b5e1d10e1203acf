"""The one place the add-on finds ``protocols``.

The extension build copies ``protocols`` into the add-on package; in the source tree (plain pytest)
the top-level package is used instead. Nothing else in the add-on imports ``protocols`` directly.
"""

from __future__ import annotations

import importlib
import importlib.util

_PARENT = __package__ or "blender_addon"


def _load(name: str):
    if importlib.util.find_spec(f"{_PARENT}.protocols") is not None:
        return importlib.import_module(f"{_PARENT}.protocols.{name}")
    return importlib.import_module(f"protocols.{name}")


tracks = _load("tracks")
views = _load("views")
head_id = _load("head_id")
head_file = _load("head_file")
flame_conventions = _load("flame_conventions")
blender_camera = _load("blender_camera")
idempotency = _load("idempotency")
safe_names = _load("safe_names")
atomic_files = _load("atomic_files")
motion_plan = _load("motion_plan")


def network():
    """(client, connection, messages, wire) modules; imported on demand because they need pyzmq."""
    return _load("client"), _load("connection"), _load("messages"), _load("wire")
