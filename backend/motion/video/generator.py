"""The video → FLAME generator as the render server runs it (a `submit_motion` job of kind "video")."""

from __future__ import annotations

import os
import tempfile
import threading

from flame_assets.library import find_head
from backend.cancellation import JobCanceled
from backend.motion.base import MotionGenerator, MotionRequest
from protocols.tracks import Track

from .fit import FitConfig
from .pipeline import VideoToFlameConfig, video_to_track


class VideoMotionGenerator(MotionGenerator):
    """Request: the clip as its `media` (mp4); options: fov_deg (the filming camera's vertical field of
    view, default 35), smooth (temporal prior weight, default 1)."""

    kind = "video"
    name = "mediapipe-fit"
    known_options = frozenset({"fov_deg", "smooth"})
    media_description = "the clip (an MP4 file)"

    def generate(self, request: MotionRequest, cancel: threading.Event) -> Track:
        options = self.checked_options(request)
        head = find_head(request.head_model)
        fit = FitConfig(fov_deg=float(options.get("fov_deg", FitConfig.fov_deg)),
                        smooth=float(options.get("smooth", FitConfig.smooth)))
        config = VideoToFlameConfig(fps=request.fps, first_frame=request.first_frame,
                                    num_frames=request.num_frames, fit=fit)

        def progress(stage: str, n: int, total: int) -> None:
            if cancel.is_set():
                raise JobCanceled()

        fd, path = tempfile.mkstemp(suffix=".mp4")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(request.media)
            return video_to_track(path, head, config, progress).track
        finally:
            os.unlink(path)
