"""Video → FLAME: the landmark-only FLAME, the fit on exact landmarks (with frames missing), and the whole
path through MediaPipe on a preview-rendered clip."""

from __future__ import annotations

import dataclasses
import threading

import numpy as np
import pytest
import torch

from backend.flame.layer import FlameLayer
from backend.motion.video.fit import FitConfig, tracking_camera
from backend.motion.video.landmark_flame import LandmarkFlame
from backend.motion.video.landmarks import LandmarkSequence
from backend.motion.video.pipeline import VideoToFlameConfig, video_to_track
from flame_assets.library import load_head
from protocols.tracks import Track


@pytest.fixture(scope="module")
def head():
    return load_head("open")


def moving_track(head, T=16, fps=25.0):
    t = np.arange(T) / fps
    pose = np.zeros((T, 15))
    pose[:, 1] = np.radians(20) * np.sin(2 * np.pi * 0.5 * t)
    pose[:, 0] = np.radians(10) * np.cos(2 * np.pi * 0.5 * t)
    pose[:, 6] = 0.15 * np.clip(np.sin(2 * np.pi * t), 0, None)
    expression = np.zeros((T, head.n_expr))
    expression[:, head.expression_names.index("smile")] = 0.6 * np.clip(np.sin(2 * np.pi * t), 0, None)
    track = Track.neutral(T, head.model_id, n_expr=head.n_expr, n_shape=0, fps=fps)
    return track.with_fields(pose=pose.astype(np.float32), expression=expression.astype(np.float32))


def yaw_pitch_deg(rotvecs):
    from scipy.spatial.transform import Rotation

    return np.degrees(Rotation.from_rotvec(rotvecs).as_euler("YXZ")[:, :2])


def test_landmark_flame_matches_the_full_layer(head):
    torch.manual_seed(0)
    B = 4
    pose, expr = torch.randn(B, 15) * 0.2, torch.randn(B, 30) * 0.5
    shape, lids, trans = torch.randn(20) * 0.5, torch.rand(B, 2), torch.randn(B, 3) * 0.05
    full = FlameLayer(head)
    want = full.landmarks(full(pose, expr, shape[None], lids, trans).vertices, "mediapipe")
    got = LandmarkFlame(head, n_shape=20, n_expr=30)(pose, expr, shape, lids, trans)
    assert torch.allclose(got, want, atol=1e-6)


def test_fit_recovers_pose_from_exact_landmarks_and_fills_missing_frames(head):
    track = moving_track(head)
    camera = tracking_camera(480, 480, 30.0, 0.6)
    full = FlameLayer(head)
    with torch.no_grad():
        lm = full.landmarks(full.forward_track(track).vertices, "mediapipe").numpy()
    uv, _ = camera.project(lm.reshape(-1, 3))
    points = uv.reshape(track.num_frames, -1, 2)
    found = np.ones(track.num_frames, bool)
    found[[6, 7]] = False
    points[~found] = np.nan
    lms = LandmarkSequence(points, found, 480, 480)
    config = VideoToFlameConfig(fit=FitConfig(fov_deg=30.0, steps=120, identity_steps=120, identity_frames=4))
    result = video_to_track(None, head, config, landmarks=lms, video_fps=25.0)
    assert result.missing_frames.tolist() == [6, 7]
    err = np.abs(yaw_pitch_deg(result.track.pose[:, :3]) - yaw_pitch_deg(track.pose[:, :3]))
    assert err[found].mean() < 1.0 and err.max() < 3.0, err
    assert np.degrees(np.abs(result.track.pose[found, 6] - track.pose[found, 6])).mean() < 2.0
    assert np.nanmean(result.landmark_error_px) < 1.5 and np.isnan(result.landmark_error_px[6])
    assert result.track.fps == 25.0 and result.track.num_frames == track.num_frames


def test_no_face_anywhere_is_a_clear_error(head):
    lms = LandmarkSequence(np.full((3, 478, 2), np.nan), np.zeros(3, bool), 64, 64)
    with pytest.raises(ValueError, match="no face"):
        video_to_track(None, head, landmarks=lms, video_fps=25.0)


def test_a_head_without_the_mediapipe_embedding_is_refused(head):
    bare = dataclasses.replace(head, landmarks={k: v for k, v in head.landmarks.items() if k != "mediapipe"})
    with pytest.raises(ValueError, match="MediaPipe embedding"):
        LandmarkFlame(bare)


def test_missing_video_is_refused(tmp_path, head):
    with pytest.raises(FileNotFoundError):
        video_to_track(tmp_path / "nope.mp4", head)


@pytest.mark.mediapipe
def test_tracks_a_rendered_clip_through_mediapipe_and_the_cli(tmp_path, head):
    pytest.importorskip("mediapipe")
    import cv2

    from backend.cli import main
    from backend.render.preview import PreviewRenderer
    from protocols.views import CameraView

    track = moving_track(head, T=10)
    view = CameraView.look_at("front", eye=(0, 0.02, 0.6), target=(0, 0.02, 0), fov_deg=30.0, width=320,
                              height=320)
    full = FlameLayer(head)
    with torch.inference_mode():
        images = PreviewRenderer(head).render(full.forward_track(track).vertices, view)
    folder = tmp_path / "frames"
    folder.mkdir()
    for i, img in enumerate(images):
        cv2.imwrite(str(folder / f"{i:04d}.png"), cv2.cvtColor(img, cv2.COLOR_RGB2BGR))
    out = tmp_path / "t.npz"
    assert main(["animate", "video", str(folder), "-o", str(out), "--fov", "30", "--fps", "25"]) == 0
    got = Track.load_npz(out)
    assert got.num_frames == 10 and got.head_model == head.model_id
    err = np.abs(yaw_pitch_deg(got.pose[:, :3]) - yaw_pitch_deg(track.pose[:, :3]))
    assert err.mean() < 3.0, err


def test_server_generator_refuses_unknown_options(head):
    from backend.motion.video.generator import VideoMotionGenerator
    from backend.motion.base import MotionRequest

    request = MotionRequest("video", head.model_id, 25.0, media=b"\0\0\0\x18ftypmp42", options={"fov": 30})
    with pytest.raises(ValueError, match="unknown options"):
        VideoMotionGenerator().generate(request, threading.Event())
    bad = dataclasses.replace(request, options={})
    with pytest.raises(ValueError, match="cannot open"):
        VideoMotionGenerator().generate(bad, threading.Event())
