"""protocols.blender_camera: Blender <-> OpenCV cameras, checked against a view-plane re-derivation."""

from __future__ import annotations

import itertools
import math
import zlib

import numpy as np
import pytest

from protocols import CameraView
from protocols.blender_camera import (
    FLAME_TO_BLENDER,
    BlenderCameraError,
    blender_camera_matrix_from_view,
    blender_lens_from_intrinsics,
    intrinsics_from_blender,
    view_from_blender,
)


def rot(axis: str, angle: float) -> np.ndarray:
    c, s = math.cos(angle), math.sin(angle)
    return {"x": np.array([[1, 0, 0], [0, c, -s], [0, s, c]]),
            "y": np.array([[c, 0, s], [0, 1, 0], [-s, 0, c]]),
            "z": np.array([[c, -s, 0], [s, c, 0], [0, 0, 1]])}[axis]


def euler_xyz(x: float, y: float, z: float) -> np.ndarray:
    """Blender's default XYZ Euler: X applied first, then Y, then Z."""
    return rot("z", z) @ rot("y", y) @ rot("x", x)


def matrix_world(rotation: np.ndarray, location, scale=1.0) -> np.ndarray:
    m = np.eye(4)
    m[:3, :3] = rotation * scale
    m[:3, 3] = location
    return m


def random_rotation(rng) -> np.ndarray:
    return euler_xyz(*rng.uniform(-math.pi, math.pi, 3))


def random_rig(rng) -> np.ndarray:
    return matrix_world(random_rotation(rng), rng.normal(0, 2, 3), scale=rng.uniform(0.05, 20))


def aimed_camera(rng, rig: np.ndarray, distance: float) -> np.ndarray:
    """A camera matrix_world that looks roughly at the rig origin from a random direction."""
    target = rig[:3, 3]
    direction = rng.normal(size=3)
    eye = target + distance * direction / np.linalg.norm(direction)
    back = (eye - target) / np.linalg.norm(eye - target)  # camera local +Z points away from the target
    helper = np.array([0.0, 0.0, 1.0]) if abs(back[2]) < 0.9 else np.array([1.0, 0.0, 0.0])
    right = np.cross(helper, back)
    right /= np.linalg.norm(right)
    up = np.cross(back, right)
    tilt = rot("z", rng.uniform(-0.3, 0.3))  # some roll about the viewing axis
    return matrix_world(np.stack([right, up, back], axis=1) @ tilt, eye)


def blender_render_pixel(points_flame, camera_mw, rig_mw, lens, sensor_w, sensor_h, fit, res_x, res_y,
                         percentage=100, aspect_x=1.0, aspect_y=1.0, shift_x=0.0, shift_y=0.0):
    """Where Blender draws FLAME-frame points, by its own recipe: world -> camera -> view plane -> raster."""
    p = np.c_[points_flame, np.ones(len(points_flame))]
    world = (rig_mw @ FLAME_TO_BLENDER @ p.T).T[:, :3]
    cam_mw = camera_mw.copy()
    cam_mw[:3, :3] /= np.linalg.norm(cam_mw[:3, :3], axis=0)  # Blender normalises the camera matrix
    local = (np.linalg.inv(cam_mw) @ np.c_[world, np.ones(len(world))].T).T[:, :3]
    winx, winy = res_x * percentage // 100, res_y * percentage // 100
    clip = 0.1
    ycor = aspect_y / aspect_x
    sensor = sensor_h if fit == "VERTICAL" else sensor_w
    pixsize = sensor * clip / lens
    horizontal = fit == "HORIZONTAL" or (fit == "AUTO" and aspect_x * winx >= aspect_y * winy)
    viewfac = winx if horizontal else ycor * winy
    pixsize /= viewfac
    xmin = (-0.5 * winx + shift_x * viewfac) * pixsize
    xmax = (0.5 * winx + shift_x * viewfac) * pixsize
    ymin = (-0.5 * ycor * winy + shift_y * viewfac) * pixsize
    ymax = (0.5 * ycor * winy + shift_y * viewfac) * pixsize
    depth = -local[:, 2]
    xp = local[:, 0] * clip / depth
    yp = local[:, 1] * clip / depth
    raster_x = (xp - xmin) / (xmax - xmin) * winx  # 0 = left edge of the image
    raster_y = (yp - ymin) / (ymax - ymin) * winy  # 0 = bottom edge
    # OpenCV: pixel centres at integers, rows counted from the top.
    return np.stack([raster_x - 0.5, winy - raster_y - 0.5], axis=1), depth


# ------------------------------------------------------------------- facts


def test_flame_to_blender_maps_up_to_z_and_face_to_minus_y():
    np.testing.assert_allclose(FLAME_TO_BLENDER[:3, :3] @ [0, 1, 0], [0, 0, 1])
    np.testing.assert_allclose(FLAME_TO_BLENDER[:3, :3] @ [0, 0, 1], [0, -1, 0])
    np.testing.assert_allclose(FLAME_TO_BLENDER[:3, :3], rot("x", math.pi / 2), atol=1e-15)


def test_front_camera_sanity():
    K, w, h = intrinsics_from_blender(50, 36, 24, "AUTO", 1920, 1080)
    camera = matrix_world(euler_xyz(math.radians(90), 0, 0), [0, -1, 0])
    view = view_from_blender("front", camera, np.eye(4), K, w, h)
    uv, depth = view.project([[0, 0, 0], [0.05, 0, 0], [0, 0.05, 0]])
    cx, cy = K[0, 2], K[1, 2]
    np.testing.assert_allclose(uv[0], [cx, cy], atol=1e-9)
    assert depth[0] == pytest.approx(1.0)
    assert uv[1, 0] > cx  # subject's left on the image's right
    assert uv[2, 1] < cy  # FLAME up towards the image top
    np.testing.assert_allclose(view.center, [0, 0, 1], atol=1e-12)


def test_default_blender_camera_numbers():
    K, w, h = intrinsics_from_blender(50, 36, 24, "AUTO", 1920, 1080)
    assert (w, h) == (1920, 1080)
    np.testing.assert_allclose(K, [[50 * 1920 / 36, 0, 959.5], [0, 50 * 1920 / 36, 539.5], [0, 0, 1]])
    # Portrait with AUTO: the sensor *width* is fitted to the longer, vertical side.
    K, w, h = intrinsics_from_blender(50, 36, 24, "AUTO", 1080, 1920)
    assert K[1, 1] == pytest.approx(50 * 1920 / 36) and K[0, 0] == pytest.approx(K[1, 1])
    # VERTICAL uses the sensor height against the image height.
    K, _, _ = intrinsics_from_blender(50, 36, 24, "VERTICAL", 1920, 1080)
    assert K[1, 1] == pytest.approx(50 * 1080 / 24)
    # Percentage renders fewer pixels with the same field of view (integer division like Blender).
    K, w, h = intrinsics_from_blender(50, 36, 24, "AUTO", 1921, 1081, resolution_percentage=50)
    assert (w, h) == (960, 540) and K[0, 0] == pytest.approx(50 * 960 / 36)
    # Shift is in units of the fitted side: +x moves the frame right, the subject left.
    K, _, _ = intrinsics_from_blender(50, 36, 24, "AUTO", 1000, 500, shift_x=0.1, shift_y=0.1)
    assert K[0, 2] == pytest.approx(499.5 - 100) and K[1, 2] == pytest.approx(249.5 + 100)


def test_pixel_aspect_makes_fy_differ():
    K, _, _ = intrinsics_from_blender(35, 36, 24, "HORIZONTAL", 720, 576, pixel_aspect_x=2, pixel_aspect_y=1)
    assert K[1, 1] == pytest.approx(2 * K[0, 0])


# ---------------------------------------------------- against Blender's recipe


SETTINGS = list(itertools.product(
    ["AUTO", "HORIZONTAL", "VERTICAL"],
    [(1920, 1080, 100), (1080, 1920, 100), (777, 777, 100), (1999, 1001, 37), (400, 1200, 150)],
    [(1.0, 1.0), (1.5, 1.0), (1.0, 2.5)],
    [(0.0, 0.0), (0.13, -0.27), (-1.2, 0.8)],
))


@pytest.mark.parametrize("fit, res, aspect, shift", SETTINGS)
def test_view_projects_where_blender_renders(fit, res, aspect, shift):
    rng = np.random.default_rng(zlib.crc32(repr((fit, res, aspect, shift)).encode()))
    lens = rng.uniform(12, 200)
    sensor_w, sensor_h = rng.uniform(5, 50), rng.uniform(5, 50)
    settings = dict(lens_mm=lens, sensor_width_mm=sensor_w, sensor_height_mm=sensor_h, sensor_fit=fit,
                    resolution_x=res[0], resolution_y=res[1], resolution_percentage=res[2],
                    pixel_aspect_x=aspect[0], pixel_aspect_y=aspect[1], shift_x=shift[0], shift_y=shift[1])
    K, w, h = intrinsics_from_blender(**settings)
    for _ in range(3):
        rig = random_rig(rng)
        scale = np.cbrt(np.linalg.det(rig[:3, :3]))
        camera = aimed_camera(rng, rig, distance=scale * rng.uniform(0.5, 3.0))
        view = view_from_blender("cam", camera, rig, K, w, h)
        pts = rng.normal(0, 0.1, (25, 3))
        uv, depth = view.project(pts)
        expected_uv, expected_depth = blender_render_pixel(
            pts, camera, rig, lens, sensor_w, sensor_h, fit, res[0], res[1], res[2],
            aspect[0], aspect[1], shift[0], shift[1])
        front = expected_depth > 0
        assert front.sum() > 10
        np.testing.assert_allclose(uv[front], expected_uv[front], rtol=1e-7, atol=1e-6)
        np.testing.assert_allclose(depth * scale, expected_depth, rtol=1e-9)


@pytest.mark.parametrize("fit", ["AUTO", "HORIZONTAL", "VERTICAL"])
def test_lens_settings_round_trip(fit):
    rng = np.random.default_rng(7)
    for _ in range(40):
        width, height = int(rng.integers(16, 4000)), int(rng.integers(16, 4000))
        a = rng.uniform(1, 3)
        aspect = (a, 1.0) if rng.random() < 0.5 else (1.0, a)
        sensor_w, sensor_h = rng.uniform(10, 50), rng.uniform(10, 50)
        settings = dict(lens_mm=rng.uniform(10, 300), sensor_width_mm=sensor_w, sensor_height_mm=sensor_h,
                        sensor_fit=fit, resolution_x=width, resolution_y=height, resolution_percentage=100,
                        pixel_aspect_x=aspect[0], pixel_aspect_y=aspect[1],
                        shift_x=rng.uniform(-2, 2), shift_y=rng.uniform(-2, 2))
        K, w, h = intrinsics_from_blender(**settings)
        back = blender_lens_from_intrinsics(K, w, h, sensor_width_mm=sensor_w, sensor_fit=fit,
                                            sensor_height_mm=sensor_h)
        for key in settings:
            if isinstance(settings[key], str):
                assert back[key] == settings[key]
            else:
                assert back[key] == pytest.approx(settings[key], rel=1e-9, abs=1e-12), key
        K2, w2, h2 = intrinsics_from_blender(**back)
        assert (w2, h2) == (w, h)
        np.testing.assert_allclose(K2, K, rtol=1e-12)


def test_lens_from_look_at_view():
    view = CameraView.look_at("f", eye=[0, 0, 1], fov_deg=20, width=640, height=480)
    lens = blender_lens_from_intrinsics(view.K, view.width, view.height)
    assert lens["shift_x"] == pytest.approx(0, abs=1e-12) and lens["shift_y"] == pytest.approx(0, abs=1e-12)
    assert lens["pixel_aspect_x"] == lens["pixel_aspect_y"] == 1.0
    # Blender's vertical field of view for AUTO fit with a 36 mm sensor on a 640-wide image.
    fov_y = 2 * math.atan(36 * 480 / 640 / 2 / lens["lens_mm"])
    assert math.degrees(fov_y) == pytest.approx(20)


def test_camera_matrix_round_trips():
    rng = np.random.default_rng(11)
    K, w, h = intrinsics_from_blender(85, 36, 24, "AUTO", 1024, 768, shift_x=0.05)
    for _ in range(50):
        rig = random_rig(rng)
        camera = matrix_world(random_rotation(rng), rng.normal(0, 5, 3))
        view = view_from_blender("c", camera, rig, K, w, h)
        np.testing.assert_allclose(blender_camera_matrix_from_view(view, rig), camera, atol=1e-9)

        other = CameraView.look_at("o", eye=rng.normal(0, 1, 3) + [0, 0, 2], fov_deg=30)
        again = view_from_blender("o", blender_camera_matrix_from_view(other, rig), rig, other.K,
                                  other.width, other.height)
        np.testing.assert_allclose(again.R, other.R, atol=1e-10)
        np.testing.assert_allclose(again.t, other.t, atol=1e-9)


def test_camera_object_scale_is_ignored():
    rng = np.random.default_rng(12)
    K, w, h = intrinsics_from_blender(50, 36, 24, "AUTO", 512, 512)
    camera = matrix_world(random_rotation(rng), [0.2, -2, 0.3])
    scaled = camera.copy()
    scaled[:3, :3] = scaled[:3, :3] @ np.diag([2.0, 0.5, 3.0])
    a = view_from_blender("a", camera, np.eye(4), K, w, h)
    b = view_from_blender("a", scaled, np.eye(4), K, w, h)
    np.testing.assert_allclose(a.R, b.R, atol=1e-12)
    np.testing.assert_allclose(a.t, b.t, atol=1e-12)


def test_float32_matrices_from_blender_are_accepted():
    rng = np.random.default_rng(13)
    rig = random_rig(rng).astype(np.float32)
    camera = aimed_camera(rng, rig.astype(np.float64), 3.0).astype(np.float32)
    K, w, h = intrinsics_from_blender(50, 36, 24, "AUTO", 640, 480)
    view = view_from_blender("f32", camera.tolist(), rig.tolist(), K, w, h)
    np.testing.assert_allclose(view.R.T @ view.R, np.eye(3), atol=1e-12)


# ---------------------------------------------------------------- bad input


def test_non_uniform_rig_scale_and_shear_are_refused():
    K, w, h = intrinsics_from_blender(50, 36, 24, "AUTO", 640, 480)
    camera = matrix_world(euler_xyz(math.radians(90), 0, 0), [0, -1, 0])
    stretched = np.diag([1.0, 2.0, 1.0, 1.0])
    with pytest.raises(BlenderCameraError, match="rig_matrix_world has non-uniform scale"):
        view_from_blender("c", camera, stretched, K, w, h)
    view = view_from_blender("c", camera, np.eye(4), K, w, h)
    with pytest.raises(BlenderCameraError, match="rig_matrix_world has non-uniform scale"):
        blender_camera_matrix_from_view(view, stretched)
    # Equal column lengths but not perpendicular: shear proper.
    a = np.array([[1.0, math.sin(0.2), 0], [0, math.cos(0.2), 0], [0, 0, 1]])
    shear = np.eye(4)
    shear[:3, :3] = 3.0 * a
    with pytest.raises(BlenderCameraError, match="rig_matrix_world has shear"):
        view_from_blender("c", camera, shear, K, w, h)
    with pytest.raises(BlenderCameraError, match="rig_matrix_world has determinant"):
        view_from_blender("c", camera, np.diag([-1.0, 1.0, 1.0, 1.0]), K, w, h)
    with pytest.raises(BlenderCameraError, match="rig_matrix_world has determinant"):
        view_from_blender("c", camera, np.diag([0.0, 0.0, 0.0, 1.0]), K, w, h)


def test_bad_camera_matrices():
    K, w, h = intrinsics_from_blender(50, 36, 24, "AUTO", 640, 480)
    good = matrix_world(np.eye(3), [0, -1, 0])
    bad_row = good.copy()
    bad_row[3, 0] = 1
    cases = [
        (np.eye(3), "camera_matrix_world must be 4x4"),
        (bad_row, "camera_matrix_world has bottom row"),
        (np.full((4, 4), np.nan), "camera_matrix_world holds NaN"),
        (matrix_world(np.diag([1.0, -1.0, 1.0]), [0, 0, 0]), "camera_matrix_world is mirrored"),
        (matrix_world(np.array([[1.0, 0.5, 0], [0, 1, 0], [0, 0, 1]]), [0, 0, 0]),
         "camera_matrix_world has shear"),
        (matrix_world(np.diag([1.0, 0.0, 1.0]), [0, 0, 0]), "camera_matrix_world has a zero-length axis"),
    ]
    for matrix, pattern in cases:
        with pytest.raises(BlenderCameraError, match=pattern):
            view_from_blender("c", matrix, np.eye(4), K, w, h)


def test_bad_intrinsics_for_blender():
    good = np.array([[800.0, 0, 319.5], [0, 800.0, 239.5], [0, 0, 1]])
    with pytest.raises(BlenderCameraError, match="skew"):
        blender_lens_from_intrinsics(good + [[0, 2.0, 0], [0, 0, 0], [0, 0, 0]], 640, 480)
    with pytest.raises(BlenderCameraError, match="fx=0"):
        blender_lens_from_intrinsics(good * [[0, 1, 1], [1, 1, 1], [1, 1, 1]], 640, 480)
    with pytest.raises(BlenderCameraError, match="fy=-800"):
        blender_lens_from_intrinsics(good * [[1, 1, 1], [1, -1, 1], [1, 1, 1]], 640, 480)
    with pytest.raises(BlenderCameraError, match="K must be"):
        blender_lens_from_intrinsics(np.eye(2), 640, 480)
    with pytest.raises(BlenderCameraError, match=r"\[\[fx, 0, cx\]"):
        blender_lens_from_intrinsics(good + [[0, 0, 0], [1, 0, 0], [0, 0, 0]], 640, 480)
    with pytest.raises(BlenderCameraError, match="1 mm minimum"):
        blender_lens_from_intrinsics(good * [[0.01, 1, 1], [1, 0.01, 1], [1, 1, 1]], 640, 480)
    with pytest.raises(BlenderCameraError, match="shift_x"):
        blender_lens_from_intrinsics(good + [[0, 0, 9000], [0, 0, 0], [0, 0, 0]], 640, 480)
    with pytest.raises(BlenderCameraError, match="pixel aspect"):
        blender_lens_from_intrinsics(good * [[1, 1, 1], [1, 300, 1], [1, 1, 1]], 640, 480)
    with pytest.raises(BlenderCameraError, match="sensor_fit"):
        blender_lens_from_intrinsics(good, 640, 480, sensor_fit="auto")


@pytest.mark.parametrize("kw, pattern", [
    (dict(lens_mm=0), "lens_mm"),
    (dict(lens_mm=float("nan")), "lens_mm"),
    (dict(sensor_width_mm=-36), "sensor_width_mm"),
    (dict(sensor_height_mm="24"), "sensor_height_mm"),
    (dict(sensor_fit="FILL"), "sensor_fit"),
    (dict(resolution_x=0), "resolution_x"),
    (dict(resolution_y=1080.0), "resolution_y"),
    (dict(resolution_percentage=0), "resolution_percentage"),
    (dict(resolution_x=1, resolution_percentage=50), "renders no pixels"),
    (dict(pixel_aspect_x=0), "pixel_aspect_x"),
    (dict(shift_y=float("inf")), "shift_y"),
])
def test_bad_blender_settings(kw, pattern):
    settings = dict(lens_mm=50, sensor_width_mm=36, sensor_height_mm=24, sensor_fit="AUTO",
                    resolution_x=1920, resolution_y=1080)
    settings.update(kw)
    with pytest.raises(BlenderCameraError, match=pattern):
        intrinsics_from_blender(**settings)
