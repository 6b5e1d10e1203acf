"""The shoulders from MediaPipe's pose landmarks (mp.solutions.pose, shipped in the wheel)."""

from __future__ import annotations

import dataclasses

import numpy as np

# BlazePose indices: the subject's left and right shoulder.
LEFT_SHOULDER, RIGHT_SHOULDER = 11, 12


@dataclasses.dataclass(frozen=True)
class Shoulders:
    left: np.ndarray  # (2,) photo pixels of the subject's left shoulder joint (image right)
    right: np.ndarray  # (2,)
    inside: tuple[bool, bool]  # whether each lies inside the photo (a cropped photo may cut them off)

    @property
    def width_px(self) -> float:
        return float(np.linalg.norm(self.left - self.right))


def detect_shoulders(photo: np.ndarray, min_visibility: float = 0.5) -> Shoulders | None:
    """The shoulder joints of the one person in an RGB uint8 photo, or None when the pose model finds none
    it is confident of (a close crop of the face): the bust then ends where the photo does."""
    from mediapipe.python.solutions import pose

    h, w = photo.shape[:2]
    # Complexity 1: the wheel ships only the full pose landmark model (0 and 2 would be downloaded).
    with pose.Pose(static_image_mode=True, model_complexity=1, enable_segmentation=False) as model:
        result = model.process(np.ascontiguousarray(photo))
    if result.pose_landmarks is None:
        return None
    lm = result.pose_landmarks.landmark
    pts, inside = [], []
    for i in (LEFT_SHOULDER, RIGHT_SHOULDER):
        p = lm[i]
        if p.visibility < min_visibility:
            return None
        xy = np.array([p.x * w - 0.5, p.y * h - 0.5])
        pts.append(xy)
        inside.append(bool(0 <= xy[0] <= w - 1 and 0 <= xy[1] <= h - 1))
    return Shoulders(left=pts[0], right=pts[1], inside=(inside[0], inside[1]))
