"""`mvportrait render`: reference photo + track + views -> PNG frames and an MP4 per view."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

pytest.importorskip("mediapipe")
skimage_data = pytest.importorskip("skimage.data")

from backend.cli import main  # noqa: E402
from backend.demo import demo_views  # noqa: E402
from flame_assets.library import load_head  # noqa: E402
from protocols import Track, save_views_json  # noqa: E402

pytestmark = pytest.mark.mediapipe


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("render_inputs")
    head = load_head("open")
    track = Track.neutral(3, head.model_id, n_expr=head.n_expr, n_shape=head.n_shape, fps=10.0, first_frame=5)
    pose = np.zeros((3, 15), np.float32)
    pose[1, 6] = 0.3
    pose[2, 1] = 0.3
    track = track.with_fields(pose=pose)
    track.save_npz(folder / "track.npz")
    save_views_json(folder / "views.json", demo_views(96)[:2])
    photo = cv2.resize(skimage_data.astronaut(), (256, 256), interpolation=cv2.INTER_AREA)
    cv2.imwrite(str(folder / "ref.png"), photo[..., ::-1])
    return folder


def test_render_writes_frames_and_videos(inputs, tmp_path, capsys):
    out = tmp_path / "out"
    code = main(["render", str(inputs / "ref.png"), str(inputs / "track.npz"), str(inputs / "views.json"),
                 "--out", str(out), "--size", "128", "--texture-size", "256"])
    assert code == 0
    printed = capsys.readouterr().out
    assert "wrote 6 frames for 2 views" in printed
    for view in ("front", "left40"):
        frames = sorted((out / view).glob("frame_*.png"))
        assert [p.name for p in frames] == ["frame_0005.png", "frame_0006.png", "frame_0007.png"]
        images = [cv2.imread(str(p), cv2.IMREAD_UNCHANGED) for p in frames]
        # RGBA PNGs: the person over transparency.
        assert all(img.shape == (128, 128, 4) for img in images)
        assert images[0][0, 0, 3] == 0 and (images[0][..., 3] == 255).mean() > 0.1
        # The jaw frame and the turned frame differ from the rest frame.
        assert np.abs(images[1].astype(int) - images[0]).mean() > 0.2
        assert np.abs(images[2].astype(int) - images[0]).mean() > 1.0
        video = out / f"{view}.mp4"
        assert video.is_file() and video.stat().st_size > 0
        capture = cv2.VideoCapture(str(video))
        assert int(capture.get(cv2.CAP_PROP_FRAME_COUNT)) == 3
        capture.release()


def test_missing_and_bad_inputs_give_one_line_errors(inputs, tmp_path, capsys):
    code = main(["render", str(tmp_path / "nope.png"), str(inputs / "track.npz"), str(inputs / "views.json"),
                 "--out", str(tmp_path / "o")])
    assert code == 2
    assert "reference portrait" in capsys.readouterr().err
    blank = tmp_path / "blank.png"
    cv2.imwrite(str(blank), np.full((160, 160, 3), 100, np.uint8))
    code = main(["render", str(blank), str(inputs / "track.npz"), str(inputs / "views.json"),
                 "--out", str(tmp_path / "o"), "--texture-size", "256"])
    assert code == 2
    assert "no face found" in capsys.readouterr().err
    code = main(["render", str(inputs / "ref.png"), str(inputs / "track.npz"), str(inputs / "views.json"),
                 "--texture-size", "16"])
    assert code == 2
    assert "--texture-size" in capsys.readouterr().err
