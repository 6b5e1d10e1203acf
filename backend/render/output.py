"""Write a shot to disk: one folder of PNG frames and one MP4 preview per camera."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np

from protocols.views import CameraView


class ShotWriter:
    """`<out>/<view>/frame_NNNN.png` and, when `fps` is given, `<out>/<view>.mp4`. Use as a context manager."""

    def __init__(self, out_dir: Path, views: list[CameraView] | tuple[CameraView, ...], fps: float | None):
        self.out_dir = Path(out_dir)
        self.out_dir.mkdir(parents=True, exist_ok=True)
        self.frames: dict[str, list[Path]] = {v.name: [] for v in views}
        self._writers: dict[str, cv2.VideoWriter] = {}
        self._videos: dict[str, Path] = {}
        for v in views:
            (self.out_dir / v.name).mkdir(exist_ok=True)
            if fps:
                self._videos[v.name] = self.out_dir / f"{v.name}.mp4"
                self._writers[v.name] = cv2.VideoWriter(str(self._videos[v.name]), cv2.VideoWriter_fourcc(*"mp4v"),
                                                        float(fps), (v.width, v.height))

    def add(self, view_name: str, frame_number: int, rgb: np.ndarray) -> Path:
        bgr = np.ascontiguousarray(rgb[..., ::-1])
        path = self.out_dir / view_name / f"frame_{frame_number:04d}.png"
        cv2.imwrite(str(path), bgr)
        self.frames[view_name].append(path)
        if view_name in self._writers:
            self._writers[view_name].write(bgr)
        return path

    def close(self) -> None:
        for w in self._writers.values():
            w.release()
        self._writers.clear()

    @property
    def videos(self) -> dict[str, Path]:
        """The MP4s that were written (OpenCV builds without a video codec write none)."""
        return {k: p for k, p in self._videos.items() if p.is_file() and p.stat().st_size > 0}

    def __enter__(self) -> "ShotWriter":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
