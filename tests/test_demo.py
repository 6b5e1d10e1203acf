"""The README's main job on the embedded defaults: `mvportrait demo` writes frames that show the head."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from backend.cli import main
from backend.demo import demo_track
from flame_assets.library import load_head
from protocols import Track, load_views_json


def test_demo_writes_photoreal_rgba_frames_of_the_astronaut(tmp_path, capsys):
    pytest.importorskip("mediapipe")
    pytest.importorskip("skimage")
    out = tmp_path / "demo"
    assert main(["demo", "--out", str(out), "--seconds", "0.4", "--fps", "10", "--size", "128"]) == 0
    assert "wrote 20 frames for 5 cameras" in capsys.readouterr().out
    views = load_views_json(out / "views.json")
    assert [v.name for v in views] == ["front", "left40", "right40", "left70", "right70"]
    track = Track.load_npz(out / "track.npz")
    assert track.num_frames == 4 and track.head_model == load_head().model_id
    from skimage.data import astronaut
    orange = np.array([230, 90, 40])  # the astronaut's suit
    for v in views:
        frames = sorted((out / v.name).glob("frame_*.png"))
        assert len(frames) == 4
        img = cv2.cvtColor(cv2.imread(str(frames[0]), cv2.IMREAD_UNCHANGED), cv2.COLOR_BGRA2RGBA)
        assert img.shape == (128, 128, 4)
        # The bust over transparency: a good part of the frame, none of the photo's backdrop in the corners.
        opaque = img[..., 3] == 255
        assert 0.15 < opaque.mean() < 0.8 and img[0, 0, 3] == 0 and img[0, -1, 3] == 0
        # Photoreal, not the shaded head: the suit's orange is there from every camera.
        suit = (np.abs(img[..., :3].astype(int) - orange).sum(-1) < 90) & opaque
        assert suit.mean() > 0.03, v.name
    assert astronaut().shape == (512, 512, 3)
    assert (out / "contact_sheet.png").is_file()
    assert cv2.imread(str(out / "contact_sheet.png")).shape == (5 * 128, 6 * 128, 3)


def test_demo_preview_engine_renders_the_shaded_head_with_its_matte(tmp_path, capsys):
    out = tmp_path / "demo"
    assert main(["demo", "--out", str(out), "--seconds", "0.4", "--fps", "10", "--size", "96",
                 "--engine", "preview"]) == 0
    assert "wrote 12 frames for 3 cameras" in capsys.readouterr().out
    for name in ("front", "left40", "right40"):
        frames = sorted((out / name).glob("frame_*.png"))
        img = cv2.imread(str(frames[0]), cv2.IMREAD_UNCHANGED)
        assert img.shape == (96, 96, 4)
        covered = (img[..., 3] > 127).mean()
        assert 0.1 < covered < 0.8 and img[0, 0, 3] == 0


def test_demo_track_exercises_every_control():
    head = load_head()
    t = demo_track(head, seconds=3, fps=25)
    for col in (0, 1, 2, 6, 9, 10):
        assert np.ptp(t.pose[:, col]) > 0.05
    assert t.eyelids.max() > 0.95  # blinks
    assert t.expression[:, head.expression_names.index("smile")].max() > 0.9


def test_demo_rejects_bad_sizes(tmp_path, capsys):
    assert main(["demo", "--out", str(tmp_path), "--size", "5"]) == 2
    assert "--size 5 is out of range" in capsys.readouterr().err
