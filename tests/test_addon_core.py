"""The Blender add-on's bpy-free core: head files, rig layout, rotations, track packing, camera views,
output naming, PNG encoding, render settings, render/motion jobs against a real in-process server, and the
zip build."""

from __future__ import annotations

import time
import zipfile

import cv2
import numpy as np
import pytest

from blender_addon.core import (camera_views, head_file, jobs, output, png, render_settings, rig_spec, rotations,
                                track_pack)
from flame_assets.library import OPEN_HEAD_PATH, load_head
from protocols import flame_conventions as conventions
from protocols.blender_camera import blender_camera_matrix_from_view, blender_lens_from_intrinsics
from protocols.connection import ConnectionInfo
from protocols.messages import SubmitMotion, SubmitRender
from protocols.views import CameraView
from protocols.wire import Blob
from tests.test_server_harness import make_track, running_server


@pytest.fixture(scope="module")
def head():
    return head_file.read_head_file(OPEN_HEAD_PATH)


def test_head_file_matches_the_backends_model_id(head):
    model = load_head("open")
    assert head.model_id == model.model_id
    assert head.v_template.shape == (model.num_vertices, 3)
    assert head.expression_names[:3] == ("smile", "frown", "brow_raise")


def test_head_file_refuses_missing_and_foreign_files(tmp_path):
    with pytest.raises(head_file.HeadFileError, match="does not exist"):
        head_file.read_head_file(tmp_path / "nope.npz")
    np.savez(tmp_path / "x.npz", a=np.zeros(3))
    with pytest.raises(head_file.HeadFileError, match="mvportrait flame import"):
        head_file.read_head_file(tmp_path / "x.npz")


@pytest.mark.parametrize("bad", ["tampered", "posedirs_shape", "no_header", "header_not_json"])
def test_head_file_refuses_what_head_model_refuses_with_the_same_words(tmp_path, bad):
    """The add-on and HeadModel read heads with one loader (protocols.head_file)."""
    from flame_assets.head_model import HeadModel
    from protocols.head_file import HeadModelError, write_head_file

    with np.load(OPEN_HEAD_PATH) as data:
        arrays = {k: data[k] for k in data.files}
    path = tmp_path / f"{bad}.npz"
    if bad == "posedirs_shape":   # recorded sha256 matches: only the shape check can refuse it
        core = {k: arrays[k] for k in ("v_template", "shapedirs", "J_regressor", "weights", "kintree_table", "f")}
        write_head_file(path, name="x", flame_version="2020", n_shape=0, n_expr=arrays["shapedirs"].shape[2],
                        arrays=dict(core, posedirs=arrays["posedirs"][:, :, :30]))
    else:
        if bad == "tampered":
            arrays["v_template"] = arrays["v_template"] + np.float32(0.001)
        elif bad == "no_header":
            arrays.pop("header_json")
        else:
            arrays["header_json"] = np.frombuffer(b"{not json", np.uint8)
        np.savez(path, **arrays)
    with pytest.raises(HeadModelError) as backend:
        HeadModel.load(path)
    with pytest.raises(head_file.HeadFileError) as addon:
        head_file.read_head_file(path)
    assert str(addon.value) == str(backend.value)
    assert {"tampered": "corrupt", "posedirs_shape": "posedirs must have shape", "no_header": "no header",
            "header_not_json": "unreadable header"}[bad] in str(addon.value)
    assert "re-convert" in str(addon.value) or "mvportrait flame import" in str(addon.value)


def test_rig_spec_places_upright_bones_on_flame_joints(head):
    spec = rig_spec.build_rig_spec(head)
    assert [b.name for b in spec.bones] == ["root", "neck", "jaw", "eye_left", "eye_right"]
    assert [b.parent for b in spec.bones] == [None, "root", "neck", "neck", "neck"]
    joints = head.J_regressor.astype(np.float64) @ head.v_template
    for bone, j in zip(spec.bones, joints):
        np.testing.assert_allclose(bone.head, rig_spec.flame_to_rig(j), atol=1e-9)
        assert bone.tail[2] > bone.head[2] and bone.tail[:2] == bone.head[:2]
    assert "exp_smile" in spec.expression_props and "exp_lip_funnel" in spec.expression_props
    assert spec.expression_props[23] == "exp_023" and len(set(spec.expression_props)) == head.n_expr
    named = rig_spec.named_expression_controls(spec)
    assert len(named) == 23 and named[0].prop == "exp_smile"
    assert len(rig_spec.other_expression_controls(spec)) == head.n_expr - 23
    shaped = rig_spec.build_rig_spec(head, np.r_[1.0, np.zeros(5)])
    assert not np.allclose(shaped.bones[2].head, spec.bones[2].head)
    np.testing.assert_allclose(rig_spec.rig_to_flame(rig_spec.flame_to_rig(joints)), joints)


def test_correctives_cover_flames_36_pose_features():
    corr = rig_spec.pose_correctives()
    assert [c.index for c in corr] == list(range(36))
    q = np.array([0.9, 0.1, -0.3, 0.2])
    w, x, y, z = q / np.linalg.norm(q)
    R = conventions.axis_angle_to_matrix(conventions.matrix_to_axis_angle(np.array([
        [1 - 2 * (y * y + z * z), 2 * (x * y - w * z), 2 * (x * z + w * y)],
        [2 * (x * y + w * z), 1 - 2 * (x * x + z * z), 2 * (y * z - w * x)],
        [2 * (x * z - w * y), 2 * (y * z + w * x), 1 - 2 * (x * x + y * y)]])))
    for c in corr[:9]:
        r, col = divmod(c.index, 3)
        assert eval(c.expression, {}, {"w": w, "x": x, "y": y, "z": z}) == pytest.approx(R[r, col] - (r == col))


def test_bone_euler_channels_are_flame_pitch_yaw_roll_in_zxy_order():
    rng = np.random.default_rng(0)
    e = rng.uniform(-1.2, 1.2, (200, 3))   # rotation_euler (x, y, z)
    aa = rotations.euler_to_axis_angle(e)
    # Blender's 'ZXY' mode: R = Ry(y) @ Rx(x) @ Rz(z), each about the bone's (= FLAME's) own axis.
    ry, rx, rz = (conventions.axis_angle_to_matrix(e[:, [k]] * np.eye(3)[k]) for k in (1, 0, 2))
    np.testing.assert_allclose(conventions.axis_angle_to_matrix(aa), ry @ rx @ rz, atol=1e-12)
    np.testing.assert_allclose(rotations.axis_angle_to_euler(aa), e, atol=1e-9)
    # The Yaw channel (y) is FLAME yaw about +y, the Jaw Open channel (x) pitch about +x.
    np.testing.assert_allclose(rotations.euler_to_axis_angle(np.array([0, 0.4, 0])), [0, 0.4, 0], atol=1e-12)
    np.testing.assert_allclose(rotations.euler_to_axis_angle(np.array([0.3, 0, 0])), [0.3, 0, 0], atol=1e-12)
    assert rig_spec.HEAD_CONTROLS[0].label == "Yaw" and rig_spec.HEAD_CONTROLS[0].axis == 1
    assert rig_spec.JAW_CONTROLS[0].label == "Jaw Open" and rig_spec.JAW_CONTROLS[0].axis == 0
    # A turn past π unwraps along time instead of jumping by 2π between keys.
    turn = np.stack([np.zeros(8), np.linspace(2.8, 3.5, 8), np.zeros(8)], -1)
    np.testing.assert_allclose(rotations.axis_angle_to_euler(rotations.euler_to_axis_angle(turn)), turn, atol=1e-9)


def test_track_packing_round_trip(head):
    src = make_track(7)
    src = src.with_fields(head_model=head.model_id, expression=np.pad(src.expression, ((0, 0), (0, 5))))
    ch = track_pack.channels_from_track(src, n_expr=head.n_expr)
    assert ch.expression.shape == (7, head.n_expr)
    back = track_pack.track_from_channels(ch, src.fps, src.first_frame, head.model_id)
    np.testing.assert_allclose(conventions.axis_angle_to_matrix(back.pose.reshape(-1, 3)),
                               conventions.axis_angle_to_matrix(src.pose.reshape(-1, 3)), atol=1e-6)
    np.testing.assert_allclose(back.expression[:, :15], src.expression, atol=1e-7)
    np.testing.assert_allclose(back.eyelids, src.eyelids)
    with pytest.raises(ValueError, match=r"\(T, 5, 3\)"):
        track_pack.track_from_channels(track_pack.RigChannels(np.zeros((2, 4, 3)), np.zeros((2, 3)),
                                                              np.zeros((2, 1)), np.zeros((2, 2)), np.zeros(1)),
                                       25, 1, head.model_id)


def _camera_from_view(view: CameraView, rig: np.ndarray) -> camera_views.CameraParams:
    lens = blender_lens_from_intrinsics(view.K, view.width, view.height)
    return camera_views.CameraParams(view.name, "PERSP", lens["lens_mm"], lens["sensor_width_mm"],
                                     lens["sensor_height_mm"], lens["sensor_fit"], lens["shift_x"], lens["shift_y"],
                                     blender_camera_matrix_from_view(view, rig))


def test_cameras_become_the_views_they_were_made_from():
    rig = np.eye(4)
    rig[:3, 3] = [0.3, -1.0, 1.2]
    src = [CameraView.look_at("front", (0, 0, 0.6), width=320, height=240),
           CameraView.look_at("side", (0.5, 0.1, 0.3), width=320, height=240)]
    got = camera_views.views_for_cameras([_camera_from_view(v, rig) for v in src],
                                         camera_views.RenderSize(320, 240), rig)
    for a, b in zip(src, got):
        assert a.name == b.name and (a.width, a.height) == (b.width, b.height)
        np.testing.assert_allclose(b.K, a.K, atol=1e-6)
        np.testing.assert_allclose(b.R, a.R, atol=1e-6)
        np.testing.assert_allclose(b.t, a.t, atol=1e-6)


def test_camera_setup_errors_say_what_to_change():
    with pytest.raises(camera_views.CameraSetupError, match="no cameras"):
        camera_views.views_for_cameras([], camera_views.RenderSize(64, 64), np.eye(4))
    cam = camera_views.CameraParams("ortho", "ORTHO", 50, 36, 24, "AUTO", 0, 0, np.eye(4))
    with pytest.raises(camera_views.CameraSetupError, match="Perspective"):
        camera_views.views_for_cameras([cam], camera_views.RenderSize(64, 64), np.eye(4))
    squashed = np.diag([1.0, 2.0, 1.0, 1.0])
    cam = camera_views.CameraParams("c", "PERSP", 50, 36, 24, "AUTO", 0, 0, np.eye(4))
    with pytest.raises(camera_views.CameraSetupError, match="non-uniform scale"):
        camera_views.views_for_cameras([cam], camera_views.RenderSize(64, 64), squashed)


def test_output_layout(tmp_path):
    assert output.output_root(str(tmp_path / "shot.blend"), "Scene") == tmp_path / "shot_portrait" / "Scene"
    assert "mvportrait" in str(output.output_root("", "Scene"))
    folders = output.camera_folders(["Cam 1/a", "c"])
    assert folders["c"] == "c" and folders["Cam 1/a"].startswith("Cam_1_a-")
    assert output.frame_file_name(folders["Cam 1/a"], 7) == f"{folders['Cam 1/a']}_00007.png"
    assert output.frame_file_name("c", -3) == "c_-00003.png"


def test_png_encoder_is_read_back_exactly():
    img = np.random.default_rng(1).integers(0, 256, (9, 13, 3), dtype=np.uint8)
    decoded = cv2.imdecode(np.frombuffer(png.encode_png(img), np.uint8), cv2.IMREAD_COLOR)[:, :, ::-1]
    np.testing.assert_array_equal(decoded, img)


def test_render_settings_are_checked_before_sending(tmp_path):
    assert render_settings.reference_portrait("") == png.placeholder_portrait()
    photo = tmp_path / "me.png"
    photo.write_bytes(png.encode_png(np.zeros((4, 4, 3), np.uint8)))
    assert render_settings.reference_portrait(str(photo)) == photo.read_bytes()
    (tmp_path / "me.jpg").write_bytes(b"\xff\xd8\xff\xe0 not a png")
    with pytest.raises(render_settings.RenderSettingsError, match="is not a PNG; save it as PNG"):
        render_settings.reference_portrait(str(tmp_path / "me.jpg"))
    with pytest.raises(render_settings.RenderSettingsError, match="cannot read the reference portrait .*pick another"):
        render_settings.reference_portrait(str(tmp_path / "gone.png"))
    assert render_settings.engine_options("  ") == {}
    assert render_settings.engine_options(' {"delay_ms": 100} ') == {"delay_ms": 100}
    with pytest.raises(render_settings.RenderSettingsError, match="Engine Options is not JSON"):
        render_settings.engine_options("{delay")
    with pytest.raises(render_settings.RenderSettingsError, match="must be a JSON object"):
        render_settings.engine_options("[1, 2]")


def _pump(session, predicate, timeout=20.0):
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        session.pump(0.02)
        time.sleep(0.005)


def _render_body(head, frames=4, options=None):
    track = make_track(frames).with_fields(head_model=head.model_id)
    views = (CameraView.look_at("A", (0, 0, 0.6), width=64, height=64),
             CameraView.look_at("B", (0.6, 0, 0), width=64, height=64))
    return SubmitRender(idempotency_key="pending", engine="debug", resolution=(64, 64), track=track, views=views,
                        reference=Blob("png", png.placeholder_portrait(32)), options=options or {})


def test_render_job_writes_every_frame_and_reuses_the_cache(tmp_path, head):
    with running_server(tmp_path) as server:
        info = ConnectionInfo.load(tmp_path / "config" / "connection.json")
        session = jobs.BackendSession(info, connect_timeout_s=10)
        try:
            plan = jobs.RenderPlan(("A", "B"), 1, 4, tmp_path / "frames")
            job = session.add(jobs.RenderJob(_render_body(head), plan))
            _pump(session, lambda: job.final)
            assert job.state == jobs.COMPLETED, job.error
            assert job.received == {"A": 4, "B": 4} and sorted(job.new_views) == ["A", "B"]
            for view in ("A", "B"):
                assert all((plan.frame_path(view, 1 + i)).is_file() for i in range(4))
            again = session.add(jobs.RenderJob(_render_body(head), plan))
            _pump(session, lambda: again.final)
            assert again.state == jobs.COMPLETED and again.images_received == 8
            assert again.job_id == job.job_id  # the same scene is the same request: its job is found
        finally:
            session.close()
        assert not session.client._thread.is_alive()


def test_render_job_cancel_stops_the_server_job(tmp_path, head):
    with running_server(tmp_path):
        info = ConnectionInfo.load(tmp_path / "config" / "connection.json")
        session = jobs.BackendSession(info, connect_timeout_s=10)
        try:
            job = session.add(jobs.RenderJob(_render_body(head, frames=30, options={"delay_ms": 100}),
                                             jobs.RenderPlan(("A", "B"), 1, 30, tmp_path / "frames")))
            _pump(session, lambda: job.images_received >= 1)
            job.cancel()
            _pump(session, lambda: job.final, timeout=10)
            assert job.state == jobs.CANCELED and job.images_received < 60
        finally:
            session.close()


def test_dead_backend_fails_fast_with_what_to_do(tmp_path, head):
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    session = jobs.BackendSession(ConnectionInfo("127.0.0.1", port, ConnectionInfo.new_key()), connect_timeout_s=0.5)
    try:
        job = session.add(jobs.RenderJob(_render_body(head), jobs.RenderPlan(("A", "B"), 1, 4, tmp_path)))
        start = time.monotonic()
        _pump(session, lambda: job.final, timeout=5)
        assert time.monotonic() - start < 3
        assert job.state == jobs.FAILED and "no MVPortrait backend answers" in job.error
        assert "Start Local Backend" in job.error
    finally:
        session.close()


def test_motion_without_a_generator_is_refused_clearly(tmp_path, head):
    from backend.server.registry import Registry
    with running_server(tmp_path, registry=Registry(generators={})):
        info = ConnectionInfo.load(tmp_path / "config" / "connection.json")
        session = jobs.BackendSession(info, connect_timeout_s=10)
        try:
            job = session.add(jobs.MotionJob(SubmitMotion(idempotency_key="m1", kind="text", head_model=head.model_id,
                                                          fps=25.0, num_frames=10, prompt="a smile")))
            _pump(session, lambda: job.final)
            assert job.state == jobs.FAILED and "cannot generate motion from text" in job.error
        finally:
            session.close()


def test_choose_engine_prefers_photoreal():
    assert jobs.choose_engine("", ("debug", "preview", "warp")) == "warp"
    assert jobs.choose_engine("", ("debug", "preview")) == "preview"
    assert jobs.choose_engine("", ("debug",)) == "debug"
    assert jobs.choose_engine("debug", ("debug", "warp")) == "debug"


def test_manifest_lists_wheels_and_their_platforms():
    from backend.commands.addon import manifest_text, wheel_platforms
    names = ["pyzmq-26.2.0-cp311-cp311-manylinux_2_28_x86_64.whl", "pyzmq-26.2.0-cp311-cp311-win_amd64.whl",
             "pyzmq-26.2.0-cp311-cp311-macosx_10_15_universal2.whl"]
    assert wheel_platforms(names) == ["linux-x64", "macos-arm64", "macos-x64", "windows-x64"]
    text = manifest_text('id = "x"\nwheels = []\n', names)
    assert '"./wheels/pyzmq-26.2.0-cp311-cp311-win_amd64.whl"' in text
    assert 'platforms = ["linux-x64", "macos-arm64", "macos-x64", "windows-x64"]' in text
    assert "platforms" not in manifest_text('wheels = []\n', [])


def test_addon_build_vendors_protocols_and_the_open_head(tmp_path):
    from backend.cli import main
    assert main(["addon", "build", "--no-wheels", "-o", str(tmp_path)]) == 0
    with zipfile.ZipFile(tmp_path / "mvportrait-0.1.0.zip") as zf:
        names = set(zf.namelist())
        manifest = zf.read("blender_manifest.toml").decode()
        sources = {n: zf.read(n).decode() for n in names if n.endswith(".py")}
    assert {"__init__.py", "blender_manifest.toml", "core/jobs.py", "scene/read.py", "protocols/client.py",
            "protocols/SPEC.md", "protocols/flame_conventions.py", "protocols/head_file.py",
            "data/open_head.npz"} <= names
    assert not any("__pycache__" in n or n.startswith(("backend/", "flame_assets/")) for n in names)
    assert 'network = ' in manifest and "wheels = []" in manifest
    # The add-on never imports torch, the backend or flame_assets (Blender has none of them).
    import re
    forbidden = re.compile(r"^\s*(import|from)\s+(torch|backend|flame_assets|scipy)\b", re.M)
    assert not [n for n, text in sources.items() if forbidden.search(text)]
    assert main(["addon", "build", "--wheels", str(tmp_path), "-o", str(tmp_path)]) == 2


def test_motion_job_receives_the_generated_track(tmp_path, head):
    """A generator plugged into the server's registry (a nod of the prompt's length in words)."""
    from backend.motion.base import MotionGenerator
    from backend.server.registry import Registry
    from protocols.tracks import Track

    class Nod(MotionGenerator):
        kind, name = "text", "nod"

        def generate(self, request, cancel):
            T = request.num_frames
            pose = np.zeros((T, 15), np.float32)
            pose[:, 0] = 0.2 * np.sin(np.linspace(0, np.pi, T))
            return Track(pose=pose, expression=np.zeros((T, 10), np.float32), eyelids=np.zeros((T, 2), np.float32),
                         translation=np.zeros((T, 3), np.float32), shape=np.zeros(0, np.float32), fps=request.fps,
                         first_frame=request.first_frame, head_model=request.head_model)

    with running_server(tmp_path, registry=Registry(generators={"text": Nod})):
        info = ConnectionInfo.load(tmp_path / "config" / "connection.json")
        session = jobs.BackendSession(info, connect_timeout_s=10)
        try:
            job = session.add(jobs.MotionJob(SubmitMotion(idempotency_key="m2", kind="text", head_model=head.model_id,
                                                          fps=24.0, first_frame=5, num_frames=12, prompt="nod")))
            _pump(session, lambda: job.final)
            assert job.state == jobs.COMPLETED, job.error
            assert job.track.num_frames == 12 and job.track.first_frame == 5
            assert job.track.pose[6, 0] == pytest.approx(0.2 * np.sin(np.pi * 6 / 11), abs=1e-6)
        finally:
            session.close()


def test_portrait_job_receives_the_bust(tmp_path, head):
    """A PortraitJob over a real server receives its bust (`TriangleBust`: the server's portrait path without a
    photo's seconds of preparation)."""
    from backend.server.registry import Registry
    from protocols.messages import SubmitPortrait
    from tests.test_server_harness import TriangleBust

    png = Blob("png", cv2.imencode(".png", np.zeros((8, 8, 3), np.uint8))[1].tobytes())
    with running_server(tmp_path, registry=Registry(engines={"triangle": TriangleBust}), engines=("triangle",)):
        info = ConnectionInfo.load(tmp_path / "config" / "connection.json")
        session = jobs.BackendSession(info, connect_timeout_s=10)
        try:
            job = session.add(jobs.PortraitJob(SubmitPortrait("pending", "triangle", head.model_id, png)))
            _pump(session, lambda: job.final)
            assert job.state == jobs.COMPLETED, job.error
            assert job.body.idempotency_key.startswith("blender-portrait-")
            assert job.bust.arrays["head_texture"][0, 0, 0] == len(png.data) % 256
            assert job.bust.photo_pose.head_model == head.model_id and not job.bust.has_torso
            refused = session.add(jobs.PortraitJob(SubmitPortrait("pending", "warp", head.model_id, png)))
            _pump(session, lambda: refused.final)
            assert refused.state == jobs.FAILED and "cannot make a bust" in refused.error, refused.error
        finally:
            session.close()


def test_online_access_rule_allows_this_computer_and_explains_the_rest():
    from blender_addon.core.online_access import OnlineAccessError, check, is_this_computer
    for address in ("127.0.0.1", "127.0.1.1", "::1", "[::1]", "localhost", "LOCALHOST", "0.0.0.0"):
        assert is_this_computer(address), address
        check(address, online_access=False, overridden=False)
    for address in ("192.168.1.20", "10.0.0.5", "render-01.studio.lan", "2001:db8::1"):
        assert not is_this_computer(address), address
        check(address, online_access=True, overridden=False)
        with pytest.raises(OnlineAccessError, match="Allow Online Access"):
            check(address, online_access=False, overridden=False)
        with pytest.raises(OnlineAccessError, match="--offline-mode"):
            check(address, online_access=False, overridden=True)


def test_plan_edits_from_the_panel_keep_the_plan_valid():
    from blender_addon.core import plan_edit
    from protocols.motion_plan import MotionPlan, MotionPlanError, PlanStep

    plan = MotionPlan(steps=[PlanStep("nod", count=2), PlanStep("turn", "left")], text="nods twice, turns left")
    plan = plan.retimed()
    same = plan_edit.edited_plan(plan, [plan_edit.StepFields.of(s) for s in plan.steps])
    assert same == plan   # nothing changed: nothing marked as edited
    edited = plan_edit.edited_plan(plan, [plan_edit.StepFields("nod", "none", 3, "slow"),
                                          plan_edit.StepFields("turn", "right", 1, "normal")])
    assert [(s.action, s.side, s.count, s.speed) for s in edited.steps] == [("nod", "", 3, "slow"),
                                                                            ("turn", "right", 1, "normal")]
    assert edited.steps[0].notes[-1] == "edited" and edited.steps[1].start >= edited.steps[0].end - 1e-6
    assert "nod ×3, slow" in plan_edit.panel_lines(edited)[0]
    # A side the new action lacks, a count on a one-off action: what is sent is valid and says so.
    swapped = plan_edit.edited_plan(plan, [plan_edit.StepFields("look", "left", 4, "normal"),
                                           plan_edit.StepFields("shake", "left", 0, "fast")])
    assert [(s.action, s.side, s.count) for s in swapped.steps] == [("look", "up", 1), ("shake", "", 0)]
    with pytest.raises(MotionPlanError, match="read the plan again"):
        plan_edit.edited_plan(plan, [plan_edit.StepFields("nod", "none", 3, "slow")])
