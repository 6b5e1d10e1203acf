"""Portrait fitting on the public-domain astronaut photo: detection errors, landmark fit, embeddings."""

from __future__ import annotations

import dataclasses

import cv2
import numpy as np
import pytest
import torch

pytest.importorskip("mediapipe")
skimage_data = pytest.importorskip("skimage.data")

from backend.fitting import (DetectionConfig, FaceTooSmallError, FitConfig, FittingError,  # noqa: E402
                             MultipleFacesError, NoFaceError, detect_face, fit_portrait)
from backend.flame.layer import FlameLayer  # noqa: E402
from flame_assets.library import load_head  # noqa: E402

pytestmark = pytest.mark.mediapipe
FAST = FitConfig(rigid_steps=80, full_steps=160)


@pytest.fixture(scope="module")
def photo():
    return cv2.resize(skimage_data.astronaut(), (256, 256), interpolation=cv2.INTER_AREA)


@pytest.fixture(scope="module")
def head():
    return load_head("open")


@pytest.fixture(scope="module")
def detection(photo):
    return detect_face(photo)


@pytest.fixture(scope="module")
def fit(head, detection):
    torch.set_num_threads(1)
    return fit_portrait(head, detection, FAST)


def test_detection_finds_478_landmarks_on_the_face(detection, photo):
    assert detection.landmarks.shape == (478, 2)
    x0, y0, x1, y1 = detection.box
    # The astronaut's face is in the upper middle of the photo.
    assert 60 < x0 < x1 < 160 and 20 < y0 < y1 < 110
    # Irises sit inside their eye openings.
    for iris, corners in ((468, (33, 133)), (473, (362, 263))):
        lo, hi = sorted(detection.landmarks[list(corners), 0])
        assert lo < detection.landmarks[iris, 0] < hi
    assert 10 < detection.interocular < 40


def test_no_face_is_refused():
    blank = np.full((200, 200, 3), 127, np.uint8)
    with pytest.raises(NoFaceError, match="no face found"):
        detect_face(blank)


def test_several_faces_are_refused(photo):
    two = np.concatenate([photo, photo[:, ::-1]], axis=1)
    with pytest.raises(MultipleFacesError, match="2 faces"):
        detect_face(two)


def test_tiny_face_is_refused(photo):
    tiny = cv2.resize(photo, (128, 128), interpolation=cv2.INTER_AREA)
    with pytest.raises(FaceTooSmallError, match="pixels across"):
        detect_face(tiny)
    with pytest.raises(FaceTooSmallError):
        detect_face(photo, DetectionConfig(min_face_pixels=400))


def test_bad_arrays_are_refused():
    with pytest.raises(ValueError, match="uint8"):
        detect_face(np.zeros((64, 64, 3), np.float32))
    with pytest.raises(ValueError, match="RGB"):
        detect_face(np.zeros((64, 64, 5), np.uint8))


def test_fit_reprojects_the_landmarks(fit, head, detection):
    assert fit.embedding == "mediapipe"
    assert fit.error_px < 1.5  # pixels, at 256 x 256
    layer = FlameLayer(head)
    lmk = layer.landmarks(fit.vertices(layer), "mediapipe")[0].numpy()
    uv, depth = fit.camera.project(lmk)
    assert np.all(depth > 0)
    err = np.linalg.norm(uv - detection.landmarks, axis=1)
    assert np.median(err) < 2.0
    # The irises follow the detected ones: gaze is fitted, not left at rest.
    assert np.linalg.norm(uv[468] - detection.landmarks[468]) < 2.0


def test_fit_camera_looks_at_the_face(fit):
    cam = fit.camera
    assert (cam.width, cam.height) == (256, 256)
    # The camera is in front of the face (FLAME +z) at a portrait distance, looking back along -z.
    assert cam.center[2] > 0.3
    assert cam.R[2] @ np.array([0.0, 0.0, -1.0]) > 0.95
    assert np.all(np.isfinite(fit.shape)) and np.abs(fit.shape).max() < 3
    assert fit.pose[:6].tolist() == [0.0] * 6
    assert np.all((fit.eyelids >= 0) & (fit.eyelids <= 1))


def test_fit_is_deterministic(head, detection, fit):
    again = fit_portrait(head, detection, FAST)
    np.testing.assert_array_equal(again.shape, fit.shape)
    np.testing.assert_array_equal(again.camera.t, fit.camera.t)


def test_user_head_with_flame51_embedding_fits_through_the_transfer(head, detection, fit):
    flame51_only = dataclasses.replace(head, landmarks={"flame51": head.landmarks["flame51"]})
    other = fit_portrait(flame51_only, detection, FAST)
    assert other.embedding == "flame51"
    # Same camera within a few pixels: the 51 points carry pose and scale.
    layer = FlameLayer(head)
    lmk = layer.landmarks(other.vertices(FlameLayer(flame51_only)), "mediapipe")[0].numpy()
    uv, _ = other.camera.project(lmk)
    assert np.median(np.linalg.norm(uv - detection.landmarks, axis=1)) < 4.0


def test_head_without_embedding_is_refused_clearly(head, detection):
    bare = dataclasses.replace(head, landmarks={})
    with pytest.raises(FittingError, match="no landmark embedding"):
        fit_portrait(bare, detection, FAST)
