"""Write a shot to disk: one folder of PNG frames (RGBA, straight alpha, as the engines make them) and one MP4
preview per camera (video has no alpha: the frames are put over a neutral grey).

Camera names become folder names through `protocols.safe_names` (a views file from anywhere cannot
write outside the output folder, and two cameras never share a folder). Every write is checked:
PNGs are written whole or not at all, an MP4 is kept only when it reads back with every frame, and
running out of space raises `DiskFull` naming the disk and the space needed."""

from __future__ import annotations

import os
from pathlib import Path

import cv2
import numpy as np

from protocols.atomic_files import DiskFull, WriteFailed, atomic_write, free_bytes, temp_path
from protocols.safe_names import safe_names
from protocols.views import CameraView


def view_folders(views) -> dict[str, str]:
    """View name → folder name; NameClash (a ValueError) when two views cannot be told apart."""
    return safe_names((v.name for v in views), fallback="camera")


PREVIEW_GREY = 128


def over_grey(image: np.ndarray, grey: int = PREVIEW_GREY) -> np.ndarray:
    """RGBA uint8 (H, W, 4), straight alpha, over neutral grey -> RGB uint8; RGB images pass unchanged."""
    if image.shape[-1] == 3:
        return image
    a = image[..., 3:4].astype(np.float32) / 255.0
    return np.clip(image[..., :3] * a + grey * (1 - a) + 0.5, 0, 255).astype(np.uint8)


class ShotWriter:
    """`<out>/<view folder>/frame_NNNN.png` and, when `fps` is given, `<out>/<view folder>.mp4`.
    Use as a context manager; the MP4s are checked and put in place when it closes cleanly."""

    def __init__(self, out_dir: Path, views: list[CameraView] | tuple[CameraView, ...], fps: float | None):
        self.out_dir = Path(out_dir)
        self.folders = view_folders(views)
        self.frames: dict[str, list[Path]] = {v.name: [] for v in views}
        self.bytes_written = 0
        self._writers: dict[str, cv2.VideoWriter] = {}
        self._video_tmp: dict[str, Path] = {}
        self._videos: dict[str, Path] = {}
        try:
            self.out_dir.mkdir(parents=True, exist_ok=True)
            for v in views:
                (self.out_dir / self.folders[v.name]).mkdir(exist_ok=True)
        except OSError as exc:
            raise DiskFull.check(exc, self.out_dir) from None
        if fps:
            for v in views:
                final = self.out_dir / f"{self.folders[v.name]}.mp4"
                # OpenCV picks the container from the extension: the temporary name keeps ".mp4".
                tmp = temp_path(final).with_suffix(".tmp.mp4")
                writer = cv2.VideoWriter(str(tmp), cv2.VideoWriter_fourcc(*"mp4v"), float(fps), (v.width, v.height))
                if writer.isOpened():  # OpenCV builds without a video codec write none
                    self._writers[v.name], self._video_tmp[v.name], self._videos[v.name] = writer, tmp, final
        self._video_frames = {name: 0 for name in self._writers}

    def path(self, view_name: str, frame_number: int) -> Path:
        return self.out_dir / self.folders[view_name] / f"frame_{frame_number:04d}.png"

    def add(self, view_name: str, frame_number: int, image: np.ndarray) -> Path:
        """`image`: (H, W, 4) RGBA (written as an RGBA PNG) or (H, W, 3) RGB, uint8."""
        conversion = cv2.COLOR_RGBA2BGRA if image.shape[-1] == 4 else cv2.COLOR_RGB2BGR
        path = self.path(view_name, frame_number)
        ok, png = cv2.imencode(".png", cv2.cvtColor(np.ascontiguousarray(image), conversion))
        if not ok:
            raise WriteFailed(f"OpenCV could not encode frame {frame_number} of {view_name!r} as PNG")
        atomic_write(path, png.tobytes())
        self.bytes_written += png.nbytes
        self.frames[view_name].append(path)
        if view_name in self._writers:
            self._writers[view_name].write(np.ascontiguousarray(over_grey(image)[..., ::-1]))
            self._video_frames[view_name] += 1
        return path

    def close(self, keep_videos: bool = True) -> None:
        """Finish the MP4s; with `keep_videos`, check each reads back whole and put it in place."""
        writers, self._writers = self._writers, {}
        for w in writers.values():
            w.release()
        problem: OSError | None = None
        for name in writers:
            tmp, final = self._video_tmp[name], self._videos[name]
            if keep_videos and problem is None:
                problem = self._check_video(name, tmp, final)
                if problem is None:
                    os.replace(tmp, final)
                    continue
            tmp.unlink(missing_ok=True)
        if problem is not None:
            raise problem

    def _check_video(self, name: str, tmp: Path, final: Path) -> OSError | None:
        capture = cv2.VideoCapture(str(tmp))
        count = int(capture.get(cv2.CAP_PROP_FRAME_COUNT)) if capture.isOpened() else 0
        capture.release()
        if count == self._video_frames[name]:
            return None
        size = tmp.stat().st_size if tmp.exists() else 0
        free = free_bytes(tmp)
        # The encoder does not report write errors: a short file on a nearly full disk is out of space.
        if free is not None and free < max(4 * 2 ** 20, size // 4):
            return DiskFull(final, needed=max(size, 2 ** 20), what=f"MP4 preview of {name!r}")
        return WriteFailed(f"the MP4 preview {final} did not come out whole ({count} of {self._video_frames[name]} "
                           f"frames read back); the PNG frames are complete, use --no-video to skip the preview")

    @property
    def videos(self) -> dict[str, Path]:
        """The MP4s that were written and checked."""
        return {k: p for k, p in self._videos.items() if p.is_file() and k not in self._writers}

    def __enter__(self) -> "ShotWriter":
        return self

    def __exit__(self, exc_type, *exc) -> None:
        # After a failure the previews are incomplete: remove them rather than leave a short MP4.
        self.close(keep_videos=exc_type is None)
