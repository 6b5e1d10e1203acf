"""Where rendered frames land on disk and how they are named."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

FRAME_DIGITS = 5


def safe_name(name: str) -> str:
    return re.sub(r"[^0-9A-Za-z._-]+", "_", name).strip("._") or "camera"


def output_root(blend_path: str, scene_name: str) -> Path:
    """``<blend dir>/<blend name>_portrait/<scene>`` for saved files, else a folder in the temp dir."""
    if blend_path:
        blend = Path(blend_path)
        return blend.parent / f"{blend.stem}_portrait" / safe_name(scene_name)
    return Path(tempfile.gettempdir()) / "mvportrait" / safe_name(scene_name)


def frame_file_name(camera: str, frame: int) -> str:
    sign = "-" if frame < 0 else ""
    return f"{safe_name(camera)}_{sign}{abs(frame):0{FRAME_DIGITS}d}.png"


def camera_dir(root: Path, camera: str) -> Path:
    return root / safe_name(camera)
