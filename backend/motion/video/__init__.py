"""Video → FLAME performance capture: MediaPipe face mesh per frame, the head model fitted to its
landmarks (identity once, then pose, jaw, expression, eyelids and gaze per frame), temporally smoothed."""

from .pipeline import VideoToFlameConfig, VideoToFlameResult, video_to_track

__all__ = ["VideoToFlameConfig", "VideoToFlameResult", "video_to_track"]
