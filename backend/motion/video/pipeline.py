"""Video → FLAME track: frames → MediaPipe landmarks → head-model fit → Track (and the tracking camera)."""

from __future__ import annotations

import dataclasses
import logging
import time
from pathlib import Path
from typing import Callable

import numpy as np

from flame_assets.head_model import HeadModel
from protocols.flame_conventions import POSE_SLICES
from protocols.tracks import Track
from protocols.views import CameraView

from .fit import FitConfig, HeadFitter
from .frames import open_frames
from .landmarks import LandmarkSequence, detect_landmarks

log = logging.getLogger("mvportrait.motion.video")


@dataclasses.dataclass(frozen=True)
class VideoToFlameConfig:
    fps: float | None = None  # output rate; default: the video's
    first_frame: int = 1
    num_frames: int | None = None  # read at most this many frames
    fit: FitConfig = FitConfig()


@dataclasses.dataclass(frozen=True)
class VideoToFlameResult:
    track: Track
    camera: CameraView  # the camera the track reproduces the video from
    missing_frames: np.ndarray  # video frame indices where no face was found (interpolated)
    landmark_error_px: np.ndarray  # (T,) mean distance of fitted to detected landmarks, NaN where missing
    seconds: dict[str, float]  # "landmarks", "fit"


def _resample(values: np.ndarray, src_fps: float, dst_fps: float, num: int) -> np.ndarray:
    t_src = np.arange(values.shape[0]) / src_fps
    t_dst = np.arange(num) / dst_fps
    flat = values.reshape(values.shape[0], -1)
    out = np.stack([np.interp(t_dst, t_src, flat[:, j]) for j in range(flat.shape[1])], 1)
    return out.reshape((num,) + values.shape[1:])


def video_to_track(source: str | Path, head: HeadModel, config: VideoToFlameConfig = VideoToFlameConfig(),
                   progress: Callable[[str, int, int], None] | None = None,
                   landmarks: LandmarkSequence | None = None, video_fps: float | None = None) -> VideoToFlameResult:
    """`progress(stage, done_increment, total)` is called as frames are read and fitted."""
    t0 = time.perf_counter()
    if landmarks is None:
        frames = open_frames(source)
        video_fps = frames.fps
        total = frames.num_frames if config.num_frames is None else min(frames.num_frames, config.num_frames)

        def limited():
            for i, frame in enumerate(frames):
                if config.num_frames is not None and i >= config.num_frames:
                    return
                yield frame

        landmarks = detect_landmarks(limited(), frames.width, frames.height,
                                     (lambda n: progress("landmarks", n, total)) if progress else None)
    video_fps = video_fps or 25.0
    t1 = time.perf_counter()
    missing = landmarks.missing
    if len(missing):
        log.warning("no face in %d of %d frames (%s); their parameters are interpolated", len(missing),
                    len(landmarks.found), ", ".join(map(str, missing[:20])) + (" ..." if len(missing) > 20 else ""))
    fitter = HeadFitter(head, config.fit)
    T = len(landmarks.found)
    params, shape, camera, err = fitter.fit(landmarks, (lambda n: progress("fit", n, T)) if progress else None)
    t2 = time.perf_counter()

    pose = np.zeros((T, 15))
    pose[:, POSE_SLICES["global"]] = params.rotation
    pose[:, POSE_SLICES["jaw"]] = params.jaw
    pose[:, POSE_SLICES["eye_left"]] = params.eyes[:, 0]
    pose[:, POSE_SLICES["eye_right"]] = params.eyes[:, 1]
    expression = np.zeros((T, head.n_expr))
    expression[:, : params.expression.shape[1]] = params.expression
    fields = {"pose": pose, "expression": expression, "eyelids": params.eyelids, "translation": params.translation}
    fps = config.fps or video_fps
    if abs(fps - video_fps) > 1e-6:
        num = max(1, int(round(T * fps / video_fps)))
        fields = {k: _resample(v, video_fps, fps, num) for k, v in fields.items()}
        num_frames = num
    else:
        num_frames = T
    track = Track.neutral(num_frames, head.model_id, n_expr=head.n_expr, n_shape=len(shape), fps=fps,
                          first_frame=config.first_frame)
    track = track.with_fields(**{k: v.astype(np.float32) for k, v in fields.items()},
                              shape=np.asarray(shape, np.float32))
    return VideoToFlameResult(track, camera, missing, err, {"landmarks": t1 - t0, "fit": t2 - t1})
