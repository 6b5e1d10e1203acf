"""Frames of a video file or an image sequence, as RGB uint8 arrays."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Iterator

import numpy as np

IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".bmp", ".tif", ".tiff", ".webp"}


@dataclasses.dataclass(frozen=True)
class FrameSource:
    path: Path
    fps: float
    num_frames: int  # best guess before reading (containers may lie)
    width: int
    height: int
    images: tuple[Path, ...] = ()  # set for image sequences

    def __iter__(self) -> Iterator[np.ndarray]:
        import cv2

        if self.images:
            for p in self.images:
                bgr = cv2.imread(str(p), cv2.IMREAD_COLOR)
                if bgr is None:
                    raise ValueError(f"cannot read image {p}")
                yield cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB)
            return
        cap = cv2.VideoCapture(str(self.path))
        try:
            while True:
                ok, bgr = cap.read()
                if not ok:
                    break
                yield cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB)
        finally:
            cap.release()


def open_frames(path: str | Path, fps: float | None = None) -> FrameSource:
    """A video file, or a folder of images (sorted by name; `fps` defaults to 25 for those)."""
    import cv2

    path = Path(path).expanduser()
    if path.is_dir():
        images = tuple(sorted(p for p in path.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES))
        if not images:
            raise ValueError(f"folder {path} holds no images ({', '.join(sorted(IMAGE_SUFFIXES))})")
        first = cv2.imread(str(images[0]))
        if first is None:
            raise ValueError(f"cannot read image {images[0]}")
        return FrameSource(path, fps or 25.0, len(images), first.shape[1], first.shape[0], images)
    if not path.is_file():
        raise FileNotFoundError(f"video {path} does not exist")
    cap = cv2.VideoCapture(str(path))
    try:
        if not cap.isOpened():
            raise ValueError(f"cannot open {path} as a video (give an MP4/MOV/AVI file or a folder of images)")
        native = cap.get(cv2.CAP_PROP_FPS)
        count = int(cap.get(cv2.CAP_PROP_FRAME_COUNT))
        w, h = int(cap.get(cv2.CAP_PROP_FRAME_WIDTH)), int(cap.get(cv2.CAP_PROP_FRAME_HEIGHT))
    finally:
        cap.release()
    if w <= 0 or h <= 0:
        raise ValueError(f"{path} has no video stream")
    return FrameSource(path, fps or (native if native and native > 0 else 25.0), max(count, 0), w, h)
