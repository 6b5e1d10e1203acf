"""Rig channels ⇄ ``protocols.Track``: the numbers the rig keys become a FLAME track and back."""

from __future__ import annotations

import dataclasses

import numpy as np

from ..vendored import tracks
from .rotations import axis_angle_to_euler, euler_to_axis_angle
from .rig_spec import BONE_NAMES


@dataclasses.dataclass
class RigChannels:
    """Per-frame values of every rig control, as Blender stores them.

    euler (T, 5, 3): pose-bone rotation_euler of root, neck, jaw, eye_left, eye_right ('ZXY' mode);
    location (T, 3): root bone location (= FLAME translation); expression (T, E) and eyelids (T, 2):
    the rig's custom properties; shape (S,): identity shape-key values.
    """

    euler: np.ndarray
    location: np.ndarray
    expression: np.ndarray
    eyelids: np.ndarray
    shape: np.ndarray

    @property
    def num_frames(self) -> int:
        return int(self.euler.shape[0])


def track_from_channels(ch: RigChannels, fps: float, first_frame: int, head_model) -> "tracks.Track":
    T = ch.num_frames
    if ch.euler.shape != (T, len(BONE_NAMES), 3):
        raise ValueError(f"euler must be (T, 5, 3), got {ch.euler.shape}")
    pose = euler_to_axis_angle(ch.euler).reshape(T, 15)
    return tracks.Track(pose=pose.astype(np.float32), expression=np.asarray(ch.expression, np.float32),
                        eyelids=np.clip(np.asarray(ch.eyelids, np.float32), 0.0, 1.0),
                        translation=np.asarray(ch.location, np.float32), shape=np.asarray(ch.shape, np.float32),
                        fps=float(fps), first_frame=int(first_frame), head_model=head_model)


def channels_from_track(track: "tracks.Track", n_expr: int) -> RigChannels:
    """Channels that reproduce ``track`` on a rig with ``n_expr`` expression properties."""
    T = track.num_frames
    euler = axis_angle_to_euler(track.pose.reshape(T, 5, 3).astype(np.float64))
    expression = np.zeros((T, n_expr))
    k = min(n_expr, track.expression.shape[1])
    expression[:, :k] = track.expression[:, :k]
    return RigChannels(euler=euler, location=track.translation.astype(np.float64), expression=expression,
                       eyelids=track.eyelids.astype(np.float64), shape=track.shape.astype(np.float64))
