"""Mouth geometry of a track on its head, for tests and evaluation: the inner-lip gap in millimetres."""

from __future__ import annotations

import numpy as np
import torch

from flame_assets.head_model import HeadModel
from protocols.flame_conventions import POSE_SLICES
from protocols.tracks import Track

# MediaPipe face-mesh indices of the inner lip midline: upper (13) and lower (14).
UPPER_INNER_LIP, LOWER_INNER_LIP = 13, 14


@torch.inference_mode()
def lip_gap_mm(track: Track, head: HeadModel, batch: int = 256) -> np.ndarray:
    """(T,) vertical distance between the inner lips along the head's own up axis (< 0: pressed)."""
    from backend.flame.layer import FlameLayer

    if "mediapipe" not in head.landmarks:
        raise ValueError(f"head model {head.name!r} has no MediaPipe landmark embedding to measure the lips with")
    layer = FlameLayer(head)
    pose = track.pose.copy()
    pose[:, POSE_SLICES["global"]] = pose[:, POSE_SLICES["neck"]] = 0.0
    neutral_neck = track.with_fields(pose=pose)
    gaps = []
    for start in range(0, track.num_frames, batch):
        out = layer.forward_track(neutral_neck, start, start + batch)
        lm = layer.landmarks(out.vertices, "mediapipe")
        gaps.append((lm[:, UPPER_INNER_LIP, 1] - lm[:, LOWER_INNER_LIP, 1]).numpy() * 1000.0)
    return np.concatenate(gaps)
