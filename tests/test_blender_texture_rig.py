"""Texture Rig from Portrait under the real `bpy` module (tests/blender/texture_rig.py, one process), against a real
backend making the bust with the warp engine: the rig gets the photo's texture, UVs, shell, skinning and a camera
where the photo was taken from; EEVEE (Material Preview's engine) and Workbench with texture colour (Solid
shading) render the photo's face through that camera, the untextured rig does not; one undo takes it all back.

Run with MVPORTRAIT_BLENDER=4.5 or 5.2 (see tests/test_addon_blender.py)."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from tests.test_addon_blender import addon_zip, backend, blender_env, pytestmark, run_helper  # noqa: F401

pytestmark = [pytestmark, pytest.mark.mediapipe]


def _rgba(path: str) -> np.ndarray:
    image = cv2.imread(path, cv2.IMREAD_UNCHANGED)
    assert image is not None and image.shape[2] == 4, path
    return cv2.cvtColor(image, cv2.COLOR_BGRA2RGBA).astype(np.float64)


def face_region(camera: dict, head_vertices: np.ndarray) -> np.ndarray:
    """The photo's face as the fitted camera sees the bust's face vertices (hull, eroded off its edge)."""
    from flame_assets.library import load_head
    face = load_head("open").masks["face"]
    K, R, t = (np.array(camera[k], np.float64) for k in ("K", "R", "t"))
    p = (K @ (R @ head_vertices[face].T + t[:, None])).T
    xy = np.round(p[:, :2] / p[:, 2:]).astype(np.int32)
    mask = np.zeros((camera["height"], camera["width"]), np.uint8)
    cv2.fillConvexPoly(mask, cv2.convexHull(xy), 1)
    return cv2.erode(mask, np.ones((5, 5), np.uint8)).astype(bool)


def likeness(render: np.ndarray, photo: np.ndarray, region: np.ndarray) -> tuple[float, float]:
    """(correlation of grey levels, mean colour distance 0..255) inside `region`, where the render is opaque."""
    inside = region & (render[..., 3] > 250)
    assert inside.sum() > 0.5 * region.sum(), "the render does not cover the photo's face"
    a, b = render[..., :3][inside], photo[inside]
    grey_a, grey_b = a.mean(1), b.mean(1)
    corr = float(np.corrcoef(grey_a, grey_b)[0, 1])
    return corr, float(np.abs(a - b).mean())


def test_texture_rig_from_portrait_shows_the_photos_face_and_undoes(addon_zip, backend, tmp_path):
    skimage_data = pytest.importorskip("skimage.data")
    conn, engines = backend
    if "warp" not in engines:
        pytest.skip(f"the backend has no warp engine ({engines})")
    photo = cv2.resize(skimage_data.astronaut(), (256, 256), interpolation=cv2.INTER_AREA)
    reference = tmp_path / "astronaut.png"
    cv2.imwrite(str(reference), photo[..., ::-1])
    r = run_helper("texture_rig", addon_zip, conn, reference, tmp_path=tmp_path, timeout=900)
    assert r["operator"] == ["FINISHED"] and r["job"]["state"] == "completed", r["job"]

    before, after = r["before"], r["after"]
    assert before["material"] is None and before["uv_layers"] == [] and before["shell"] is None
    assert after["material"] == "FLAME Portrait" and after["uv_layers"] == ["Portrait"] and after["shell"] == 1.0
    width, height, packed, mean = after["image"]
    assert (width, height) == (1024, 1024) and packed and 0.05 < mean < 0.95
    assert after["shape_000"] == pytest.approx(r["bust_shape_000"], abs=1e-5) != 0
    assert "torso" in after["bones"] and after["torso_object"] == "FLAME_torso"
    assert 0.99 < after["torso_weight_max"] <= 1.0 and after["weight_sum_range"] == pytest.approx([1, 1], abs=1e-4)
    assert "Portrait Camera" in after["cameras"]

    # One undo step takes everything back; redo brings it again, the packed photo texture with it.
    assert r["undo"] == ["FINISHED"] and r["undone"] == before
    assert r["redo"] == ["FINISHED"] and r["redone"]["image"] == after["image"]
    assert {k: v for k, v in r["redone"].items() if k != "image"} == {k: v for k, v in after.items() if k != "image"}

    camera, vertices = r["camera"], np.load(tmp_path / "head_vertices.npy")
    assert (camera["width"], camera["height"]) == (256, 256)
    region = face_region(camera, vertices)
    assert region.sum() > 1000, region.sum()  # the astronaut's face is small in the photo
    figures = {}
    for name in ("textured_eevee", "textured_workbench", "untextured_eevee"):
        figures[name] = likeness(_rgba(r[name]), photo.astype(np.float64), region)
    print(f"\nface likeness through the photo's camera (grey correlation, mean colour distance): {figures}")
    for name in ("textured_eevee", "textured_workbench"):
        corr, distance = figures[name]
        assert corr > 0.85 and distance < 20, (name, figures)
    corr, distance = figures["untextured_eevee"]
    assert corr < 0.6 and distance > 40, figures
    # The whole bust, shoulders included, looks the same in EEVEE as in Workbench (EEVEE's linear filtering
    # once scattered dark specks over the torso: 6 % of the pixels, 0.03 % without).
    eevee, workbench = _rgba(r["textured_eevee"]), _rgba(r["textured_workbench"])
    both = (eevee[..., 3] > 250) & (workbench[..., 3] > 250)
    assert both.sum() > 20000, both.sum()
    specks = (np.abs(eevee[..., :3] - workbench[..., :3]).max(2)[both] > 60).mean()
    assert specks < 0.01, specks
