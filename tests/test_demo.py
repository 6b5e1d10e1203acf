"""The README's main job on the embedded defaults: `mvportrait demo` writes frames that show the head."""

from __future__ import annotations

import cv2
import numpy as np

from backend.cli import main
from backend.demo import demo_track
from flame_assets.library import load_head
from protocols import Track, load_views_json


def test_demo_writes_frames_videos_and_inputs(tmp_path, capsys):
    out = tmp_path / "demo"
    assert main(["demo", "--out", str(out), "--seconds", "0.4", "--fps", "10", "--size", "96"]) == 0
    assert "wrote 12 frames for 3 cameras" in capsys.readouterr().out
    views = load_views_json(out / "views.json")
    assert [v.name for v in views] == ["front", "left", "right"]
    track = Track.load_npz(out / "track.npz")
    assert track.num_frames == 4 and track.head_model == load_head().model_id
    for v in views:
        frames = sorted((out / v.name).glob("frame_*.png"))
        assert len(frames) == 4
        img = cv2.imread(str(frames[0]))
        assert img.shape == (96, 96, 3)
        # The head fills a good part of the image and differs from the flat background.
        background = img[0, 0].astype(int)
        covered = (np.abs(img.astype(int) - background).sum(-1) > 30).mean()
        assert 0.1 < covered < 0.8
    assert (out / "contact_sheet.png").is_file()


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
