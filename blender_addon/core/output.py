"""Where rendered frames land on disk and how they are named.

Scene and camera names become folder and file names through `protocols.safe_names`, the rule the
backend's commands use too: plain names stay as they are, any other name becomes a slug plus a
short hash, so no name leaves the output folder and two cameras never share a folder."""

from __future__ import annotations

import tempfile
from pathlib import Path

from ..vendored import safe_names

FRAME_DIGITS = 5


def output_root(blend_path: str, scene_name: str) -> Path:
    """``<blend dir>/<blend name>_portrait/<scene>`` for saved files, else a folder in the temp dir."""
    scene = safe_names.safe_name(scene_name, fallback="scene")
    if blend_path:
        blend = Path(blend_path)
        return blend.parent / f"{blend.stem}_portrait" / scene  # the .blend's own name is a file name already
    return Path(tempfile.gettempdir()) / "mvportrait" / scene


def camera_folders(cameras) -> dict[str, str]:
    """Camera name → its folder name, distinct for every camera of one render (also where letter
    case does not count); `safe_names.NameClash` if two cannot be told apart."""
    return safe_names.safe_names(cameras, fallback="camera")


def frame_file_name(folder: str, frame: int) -> str:
    """``<camera folder>_<frame>.png``; `folder` is a camera's entry of `camera_folders`."""
    sign = "-" if frame < 0 else ""
    return f"{folder}_{sign}{abs(frame):0{FRAME_DIGITS}d}.png"
