"""Portrait analysis on the astronaut: person matte, regions, shoulders; a crop without shoulders."""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("mediapipe")
pytest.importorskip("pymatting")
skimage_data = pytest.importorskip("skimage.data")

from backend.fitting import detect_face  # noqa: E402
from backend.portrait import CLOTHING, FACE, HAIR, analyse_portrait, person_matte  # noqa: E402
from backend.portrait.matte import trimap  # noqa: E402

pytestmark = pytest.mark.mediapipe


@pytest.fixture(scope="module")
def photo():
    return skimage_data.astronaut()


@pytest.fixture(scope="module")
def analysis(photo):
    return analyse_portrait(photo, detect_face(photo).landmarks)


def test_matte_separates_the_person(analysis):
    m = analysis.matte
    assert m.dtype == np.float32 and m.shape == (512, 512)
    assert m[120, 220] > 0.95 and m[350, 150] > 0.95  # face, suit
    assert m[30, 30] < 0.05 and m[60, 450] < 0.05  # flag, wall
    # The edge is decided by matting: some pixels in between, not a hard mask.
    assert 0.002 < ((m > 0.05) & (m < 0.95)).mean() < 0.05


def test_trimap_keeps_a_cut_body_inside_at_the_frame():
    mask = np.zeros((40, 40), np.float32)
    mask[20:, 10:30] = 1  # a body cut by the bottom edge
    t = trimap(mask, 3, 0.5)
    assert t[39, 20] == 1.0 and t[0, 0] == 0.0 and t[20, 10] == 0.5


def test_regions(analysis, photo):
    lab = analysis.labels
    assert lab[40, 230] == HAIR  # the top of the hair
    assert lab[100, 165] == HAIR  # the hair beside the temple
    assert lab[135, 190] == FACE and lab[135, 255] == FACE  # cheeks
    assert lab[350, 100] == CLOTHING and lab[170, 140] == CLOTHING  # suit, collar ring beside the chin
    assert lab[30, 30] == 0  # background


def test_shoulders(analysis):
    s = analysis.shoulders
    assert s is not None and all(s.inside)
    assert s.left[0] > s.right[0]  # the subject's left shoulder is on the image's right
    assert 150 < s.width_px < 260 and 200 < s.left[1] < 300


def test_a_close_crop_has_no_torso_but_a_bust(photo):
    from backend.engines.warp import WarpConfig, WarpRenderer, prepare_portrait
    from backend.engines.warp.engine import track_vertices
    from backend.fitting import FitConfig
    from backend.flame.layer import FlameLayer
    from flame_assets.library import load_head
    from protocols import Track

    crop = np.ascontiguousarray(photo[10:200, 120:330])  # hair to chin: no shoulders
    head = load_head("open")
    layer = FlameLayer(head)
    config = WarpConfig(fit=FitConfig(rigid_steps=60, full_steps=120))
    assets = prepare_portrait(crop, head, config, layer)
    assert assets.torso is None or len(assets.torso.vertices) > 0
    track = Track.neutral(1, head.model_id, n_expr=head.n_expr, n_shape=head.n_shape)
    rgba = WarpRenderer(assets, config).render(track_vertices(layer, track, assets, 0, 1), assets.fit.camera)[0]
    assert rgba.shape == crop.shape[:2] + (4,)
    assert (rgba[..., 3] == 255).mean() > 0.3


def test_person_matte_refuses_an_empty_photo():
    from backend.portrait import MatteError
    with pytest.raises(MatteError, match="no person"):
        person_matte(np.full((120, 120, 3), 200, np.uint8))
