"""Frames keep their alpha from the engine to the disk: the worker's PNG encoding and the shot writer."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from backend.render.output import PREVIEW_GREY, ShotWriter, over_grey
from backend.frames import encode_png as _encode_png
from protocols import CameraView


def rgba_frame(h=24, w=32):
    img = np.zeros((h, w, 4), np.uint8)
    img[..., :3] = (200, 40, 10)
    img[4:20, 8:24, 3] = 255  # an opaque person
    img[4:20, 6:8, 3] = 128  # a soft edge
    return img


def test_worker_stores_rgba_pngs_and_refuses_rgb():
    img = rgba_frame()
    png = _encode_png(img, (32, 24))
    back = cv2.cvtColor(cv2.imdecode(np.frombuffer(png, np.uint8), cv2.IMREAD_UNCHANGED), cv2.COLOR_BGRA2RGBA)
    np.testing.assert_array_equal(back, img)
    with pytest.raises(ValueError, match="RGBA"):
        _encode_png(img[..., :3].copy(), (32, 24))


def test_shot_writer_keeps_alpha_and_previews_over_grey(tmp_path):
    view = CameraView.look_at("cam", eye=(0, 0, 1), target=(0, 0, 0), fov_deg=30, width=32, height=24)
    img = rgba_frame()
    with ShotWriter(tmp_path, [view], fps=10) as shot:
        path = shot.add("cam", 1, img)
        shot.add("cam", 2, img)
    saved = cv2.cvtColor(cv2.imread(str(path), cv2.IMREAD_UNCHANGED), cv2.COLOR_BGRA2RGBA)
    np.testing.assert_array_equal(saved, img)
    grey = over_grey(img)
    assert tuple(grey[0, 0]) == (PREVIEW_GREY,) * 3 and tuple(grey[10, 10]) == (200, 40, 10)
    assert abs(int(grey[10, 7, 0]) - (200 * 128 + PREVIEW_GREY * 127) // 255) <= 1
