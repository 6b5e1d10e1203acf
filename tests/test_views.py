"""protocols.views: CameraView validation, projection, look_at, scaling and JSON files."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from protocols import CameraView, ViewError, check_view_set, load_views_json, save_views_json
from protocols.views import MAX_VIEWS, VIEWS_FORMAT


def rotation(axis, angle) -> np.ndarray:
    axis = np.asarray(axis, float) / np.linalg.norm(axis)
    k = np.array([[0, -axis[2], axis[1]], [axis[2], 0, -axis[0]], [-axis[1], axis[0], 0]])
    return np.eye(3) + math.sin(angle) * k + (1 - math.cos(angle)) * k @ k


def random_view(rng, name="cam") -> CameraView:
    R = rotation(rng.normal(size=3), rng.uniform(0, math.pi))
    K = np.array([[rng.uniform(200, 2000), rng.uniform(-1, 1), rng.uniform(100, 400)],
                  [0, rng.uniform(200, 2000), rng.uniform(100, 400)], [0, 0, 1]])
    return CameraView(name, int(rng.integers(16, 1024)), int(rng.integers(16, 1024)), K, R,
                      rng.normal(size=3))


def front_view(**kw) -> CameraView:
    args = dict(name="front", width=640, height=480,
                K=[[800.0, 0, 319.5], [0, 800.0, 239.5], [0, 0, 1]],
                R=np.diag([1.0, -1.0, -1.0]), t=[0.0, 0.0, 1.0])
    args.update(kw)
    return CameraView(**args)


# ------------------------------------------------------------------ geometry


def test_front_camera_sees_face_with_subject_left_on_image_right():
    view = front_view()
    np.testing.assert_allclose(view.center, [0, 0, 1])
    uv, depth = view.project([[0, 0, 0], [0.1, 0, 0], [0, 0.1, 0]])
    np.testing.assert_allclose(uv[0], [319.5, 239.5])
    assert uv[1, 0] > 319.5  # subject's left (+x) on the image's right
    assert uv[2, 1] < 239.5  # FLAME up (+y) towards the image top
    np.testing.assert_allclose(depth, [1, 1, 1])


def test_project_matches_pinhole_formula_and_batches():
    rng = np.random.default_rng(0)
    view = random_view(rng)
    pts = rng.normal(size=(4, 5, 3))
    uv, depth = view.project(pts)
    assert uv.shape == (4, 5, 2) and depth.shape == (4, 5)
    cam = pts @ view.R.T + view.t
    hom = cam @ view.K.T
    expected = hom[..., :2] / hom[..., 2:]
    front = cam[..., 2] > 0
    np.testing.assert_allclose(uv[front], expected[front], rtol=1e-10)
    assert np.isnan(uv[~front]).all()
    np.testing.assert_allclose(depth, cam[..., 2])


def test_rotation_is_reorthonormalised_within_tolerance():
    R = rotation([1, 2, 3], 0.7)
    noisy = R + 3e-5 * np.random.default_rng(1).normal(size=(3, 3))
    view = front_view(R=noisy)
    np.testing.assert_allclose(view.R.T @ view.R, np.eye(3), atol=1e-12)
    np.testing.assert_allclose(view.R, R, atol=1e-4)


def test_look_at_conventions():
    view = CameraView.look_at("front", eye=[0, 0, 2], target=[0, 0, 0], fov_deg=40, width=512, height=256)
    np.testing.assert_allclose(view.center, [0, 0, 2], atol=1e-12)
    np.testing.assert_allclose(view.R, np.diag([1, -1, -1]), atol=1e-12)
    assert view.K[0, 2] == 255.5 and view.K[1, 2] == 127.5
    assert view.fov_y_deg == pytest.approx(40)
    uv, depth = view.project([[0, 0, 0], [0.1, 0.1, 0]])
    np.testing.assert_allclose(uv[0], [255.5, 127.5])
    assert uv[1, 0] > 255.5 and uv[1, 1] < 127.5
    assert depth[0] == pytest.approx(2)

    side = CameraView.look_at("left", eye=[1.5, 0.2, 0.1], target=[0, 0.05, 0], fov_deg=25)
    uv, depth = side.project([[0, 0.05, 0]])
    np.testing.assert_allclose(uv[0], [(side.width - 1) / 2, (side.height - 1) / 2], atol=1e-9)
    up_pixel = side.project([[0, 0.3, 0]])[0][0]
    assert up_pixel[1] < uv[0, 1]

    K = np.array([[700, 0, 300], [0, 700, 200], [0, 0, 1.0]])
    with_k = CameraView.look_at("k", eye=[0, 0, 1], K=K, width=600, height=400)
    np.testing.assert_array_equal(with_k.K, K)


def test_look_at_errors():
    with pytest.raises(ViewError, match="'up'.*parallel|parallel"):
        CameraView.look_at("top", eye=[0, 2, 0], target=[0, 0, 0])
    with pytest.raises(ViewError, match="coincide"):
        CameraView.look_at("same", eye=[0, 0, 0], target=[0, 0, 0])
    with pytest.raises(ViewError, match="fov_deg"):
        CameraView.look_at("wide", eye=[0, 0, 1], fov_deg=180)


def test_scaled_keeps_field_of_view_and_framing():
    view = CameraView.look_at("f", eye=[0.3, 0.1, 1.2], target=[0, 0, 0], fov_deg=30, width=640, height=480)
    small = view.scaled(320, 240)
    assert (small.width, small.height) == (320, 240)
    assert small.fov_x_deg == pytest.approx(view.fov_x_deg)
    assert small.fov_y_deg == pytest.approx(view.fov_y_deg)
    pts = np.random.default_rng(2).normal(0, 0.1, size=(20, 3))
    uv_big, _ = view.project(pts)
    uv_small, _ = small.project(pts)
    # Same position relative to the image's outer edges.
    np.testing.assert_allclose((uv_small + 0.5) / [320, 240], (uv_big + 0.5) / [640, 480], rtol=1e-10)
    np.testing.assert_allclose(small.scaled(640, 480).K, view.K, rtol=1e-12)
    with pytest.raises(ViewError, match="width"):
        view.scaled(8, 240)


# ----------------------------------------------------------------- bad input


@pytest.mark.parametrize("kw, pattern", [
    (dict(name=""), "name"),
    (dict(name=None), "name"),
    (dict(name="x" * 65), "at most 64"),
    (dict(name="bad\nname"), "printable"),
    (dict(width=15), r"'front'.*width"),
    (dict(height=8193), r"'front'.*height"),
    (dict(width=640.0), r"'front'.*width"),
    (dict(width=True), r"'front'.*width"),
    (dict(K=np.eye(2)), r"'front'.*K has shape"),
    (dict(K=[[0.0, 0, 1], [0, 800, 1], [0, 0, 1]]), r"'front'.*fx=0"),
    (dict(K=[[-800.0, 0, 1], [0, 800, 1], [0, 0, 1]]), r"'front'.*focal"),
    (dict(K=[[800.0, 0, 1], [0, -1, 1], [0, 0, 1]]), r"'front'.*fy=-1"),
    (dict(K=[[800.0, 0, 1], [0, 800, 1], [0, 0, 2]]), r"'front'.*K must have the form"),
    (dict(K=[[800.0, 0, np.nan], [0, 800, 1], [0, 0, 1]]), r"'front'.*K holds NaN"),
    (dict(R=np.eye(3) * 1.01), r"'front'.*R is not orthonormal"),
    (dict(R=[[1, 0.01, 0], [0, 1, 0], [0, 0, 1]]), r"'front'.*R is not orthonormal"),
    (dict(R=np.diag([1.0, 1.0, -1.0])), r"'front'.*reflection"),
    (dict(R=np.full((3, 3), np.inf)), r"'front'.*R holds NaN"),
    (dict(t=[0, 0]), r"'front'.*t has shape"),
    (dict(t=[0, 0, np.inf]), r"'front'.*t holds NaN"),
    (dict(t=np.array(["a", "b", "c"])), r"'front'.*t has dtype"),
    (dict(t=np.zeros(3, dtype=object)), r"'front'.*t has dtype"),
])
def test_bad_views_name_view_and_field(kw, pattern):
    with pytest.raises(ViewError, match=pattern):
        front_view(**kw)


def test_view_set_rules():
    a, b = front_view(name="a"), front_view(name="b")
    assert check_view_set([a, b]) == [a, b]
    with pytest.raises(ViewError, match="duplicate view name 'a'"):
        check_view_set([a, b, front_view(name="a")])
    with pytest.raises(ViewError, match="at least one"):
        check_view_set([])
    with pytest.raises(ViewError, match="limit of 64"):
        check_view_set([front_view(name=f"c{i}") for i in range(MAX_VIEWS + 1)])
    with pytest.raises(ViewError, match="CameraView"):
        check_view_set([a, a.to_dict()])


# ---------------------------------------------------------------------- JSON


def test_dict_round_trip_is_exact():
    rng = np.random.default_rng(5)
    for i in range(20):
        view = random_view(rng, name=f"cam {i}")
        d = json.loads(json.dumps(view.to_dict()))
        assert CameraView.from_dict(d) == view


def test_json_file_round_trip(tmp_path):
    rng = np.random.default_rng(6)
    views = [random_view(rng, name=n) for n in ("front", "left", "right", "top")]
    path = save_views_json(tmp_path / "views.json", views)
    assert [p.name for p in tmp_path.iterdir()] == ["views.json"]
    data = json.loads(path.read_text())
    assert data["format"] == VIEWS_FORMAT and len(data["views"]) == 4
    assert load_views_json(path) == views


def test_json_accepts_bare_list_and_object_without_format(tmp_path):
    views = [front_view(name="a"), front_view(name="b")]
    bare = tmp_path / "bare.json"
    bare.write_text(json.dumps([v.to_dict() for v in views]))
    assert load_views_json(bare) == views
    plain = tmp_path / "plain.json"
    plain.write_text(json.dumps({"views": [v.to_dict() for v in views]}))
    assert load_views_json(plain) == views


def _write(tmp_path, obj, raw=None):
    path = tmp_path / "v.json"
    path.write_text(raw if raw is not None else json.dumps(obj))
    return path


def test_bad_json_files(tmp_path):
    good = front_view().to_dict()
    cases = [
        ([good, dict(good)], "duplicate view name 'front'"),
        ([{**good, "name": f"c{i}"} for i in range(MAX_VIEWS + 1)], "limit of 64"),
        ([], "at least one"),
        ({"cameras": []}, "missing key 'views'"),
        ({"views": {}}, "must be a list"),
        ({"format": "other/1", "views": [good]}, "'format'"),
        ([{k: v for k, v in good.items() if k != "K"}], r"views\[0\].*'front'.*missing key 'K'"),
        ([{**good, "k": 1}], "unknown key"),
        ([good, {**good, "name": "bad", "K": [[0, 0, 0], [0, 1, 0], [0, 0, 1]]}],
         r"views\[1\].*'bad'.*focal"),
        ([42], r"views\[0\].*JSON object"),
        ("views", "must be a list"),
    ]
    for obj, pattern in cases:
        with pytest.raises(ViewError, match=pattern):
            load_views_json(_write(tmp_path, obj))
    with pytest.raises(ViewError, match="not valid JSON"):
        load_views_json(_write(tmp_path, None, raw="{not json"))
    nan_k = json.dumps([good]).replace("800.0", "NaN", 1)  # Python's json reads the NaN literal
    with pytest.raises(ViewError, match=r"views\[0\].*K holds NaN"):
        load_views_json(_write(tmp_path, None, raw=nan_k))


def test_save_refuses_bad_sets_and_leaves_no_file(tmp_path):
    with pytest.raises(ViewError, match="duplicate"):
        save_views_json(tmp_path / "v.json", [front_view(), front_view()])
    assert list(tmp_path.iterdir()) == []
