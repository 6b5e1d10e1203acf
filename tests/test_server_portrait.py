"""Portrait jobs (Blender's Texture Rig from Portrait) over real ZeroMQ with the real warp engine: the `bust`
message carries exactly what the engine exports for the portrait, with the photo's camera and fitted pose; the
bust is made by the preparer, so another job's images go on meanwhile; refusals say why."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from protocols.bust import ARRAY_NAMES
from protocols.client import Client
from protocols.head_id import HeadModelId
from protocols.messages import BustResult, SubmitPortrait
from protocols.wire import Blob
from tests.test_server_harness import render_request, running_server, wait_for

pytestmark = pytest.mark.mediapipe


@pytest.fixture(scope="module")
def photo() -> np.ndarray:
    skimage_data = pytest.importorskip("skimage.data")
    pytest.importorskip("mediapipe")
    return cv2.resize(skimage_data.astronaut(), (256, 256), interpolation=cv2.INTER_AREA)


def png(rgb: np.ndarray) -> Blob:
    return Blob("png", cv2.imencode(".png", np.ascontiguousarray(rgb[..., ::-1]))[1].tobytes())


def open_head():
    from flame_assets.library import load_head
    return load_head("open")


def wait_bust(client: Client, job_id: str, timeout: float = 180) -> BustResult:
    return wait_for(lambda: next((e for e in iter(lambda: client.get(0.05), None)
                                  if isinstance(e, BustResult) and e.job_id == job_id), None),
                    timeout=timeout, what="the bust")


def test_the_portrait_job_returns_the_engines_bust_while_other_jobs_stream(tmp_path, photo, monkeypatch):
    from backend.engines.warp.export import bust_arrays

    # A cache of its own: another test (a Blender one, in a subprocess) may have prepared this photo already
    # in the session's cache, and then the bust would be ready before the other job could stream.
    monkeypatch.setenv("MVPORTRAIT_CACHE", str(tmp_path / "cache"))
    head = open_head()
    request = SubmitPortrait("texture rig", "warp", head.model_id, png(photo), {"texture_size": 256})
    with running_server(tmp_path, engines=("warp", "debug"), workers=1) as server, \
            Client(server.connection) as client:
        accepted = client.submit_portrait(request).result(60)
        assert accepted.kind == "portrait" and accepted.total == 1 and not accepted.duplicate
        client.subscribe(accepted.job_id)
        wait_for(lambda: server.store.get_job(accepted.job_id).state == "running", timeout=30,
                 what="the portrait job to start")
        # Preparing the bust takes seconds; the one worker renders another job's images meanwhile.
        other = client.submit_render(render_request("another shot", frames=3, views=2)).result(10)
        wait_for(lambda: server.store.get_job(other.job_id).state == "completed", timeout=30,
                 what="the other job to finish")
        assert server.store.get_job(accepted.job_id).done == 0, "the bust was ready before the other job finished"
        result = wait_bust(client, accepted.job_id)
        bust = result.bust
        assert client.status(accepted.job_id).result(5).state == "completed"

        # What the engine itself exports for this portrait (its prepared copy: no second preparation).
        from backend.engines.warp.engine import decode_reference
        engine = server.registry.engine("warp")
        assets = engine.portrait(decode_reference(request.reference.data), 256, head)
        exported = bust_arrays(assets)
        for name in ARRAY_NAMES:
            np.testing.assert_array_equal(bust.arrays[name], exported[name], err_msg=name)
        assert bust.joint_names == tuple(exported["joint_names"]) == ("global", "neck", "jaw", "eye_left",
                                                                      "eye_right", "torso")
        np.testing.assert_allclose(bust.photo_pose.shape, exported["shape"][:300])
        assert bust.camera == assets.fit.camera and bust.photo_pose.head_model == head.model_id
        np.testing.assert_allclose(bust.photo_pose.pose[0], assets.fit.pose, atol=1e-6)
        # Consistent in itself: the head's rest vertices are the template, the identity and the shell.
        shaped = head.v_template + np.einsum("vck,k->vc", head.shapedirs[:, :, :head.n_shape], assets.fit.shape)
        np.testing.assert_allclose(bust.arrays["head_vertices"], shaped + bust.arrays["head_offsets"], atol=1e-4)
        assert bust.has_torso and bust.arrays["head_texture"].shape == (256, 256, 4)
        # The photo comes back: the fitted camera sees the bust's face where the photo's face is.
        landmarks = assets.fit.landmarks
        K, R, t = bust.camera.K, bust.camera.R, bust.camera.t
        rest = bust.arrays["head_vertices"]
        tip = int(np.argmax(np.where(np.abs(rest[:, 0]) < 0.01, rest[:, 2], -np.inf)))  # the nose tip
        p = K @ (R @ rest[tip] + t)
        assert np.linalg.norm(p[:2] / p[2] - landmarks[1]) < 0.1 * assets.fit.interocular_px + 6, (p, landmarks[1])

        # Asked again: the same job; a new subscriber gets the stored bust again.
        assert client.submit_portrait(request).result(10).duplicate
        client.subscribe(accepted.job_id)
        again = wait_bust(client, accepted.job_id, timeout=30).bust
        for name in ARRAY_NAMES:
            np.testing.assert_array_equal(again.arrays[name], bust.arrays[name], err_msg=name)


def test_portrait_refusals_and_failures_say_why(tmp_path):
    head = open_head()
    rng = np.random.default_rng(0)
    noise = rng.integers(0, 255, (128, 128, 3), dtype=np.uint8)
    with running_server(tmp_path, engines=("warp", "debug")) as server, Client(server.connection) as client:
        answer = client.submit_portrait(SubmitPortrait("debug", "debug", head.model_id, png(noise))).result(30)
        assert type(answer).__name__ == "Rejected" and answer.code == "unavailable" and answer.field == "engine"
        assert "makes no busts" in answer.message
        stranger = HeadModelId("someone-elses-head", "ab" * 32, "2023")
        answer = client.submit_portrait(SubmitPortrait("head", "warp", stranger, png(noise))).result(30)
        assert type(answer).__name__ == "Rejected" and answer.field == "head_model", answer
        answer = client.submit_portrait(SubmitPortrait("opt", "warp", head.model_id, png(noise),
                                                       {"background": "photo"})).result(30)
        assert type(answer).__name__ == "Rejected" and answer.field == "options", answer
        # A photo with no face: the job fails with the engine's reason.
        accepted = client.submit_portrait(SubmitPortrait("no face", "warp", head.model_id, png(noise))).result(30)
        status = wait_for(lambda: (lambda s: s if s.final else None)(client.status(accepted.job_id).result(5)),
                          timeout=120, what="the job to fail")
        assert status.state == "failed" and "face" in status.error.lower(), status.error


def test_a_portrait_job_stopped_while_preparing_resumes_after_a_restart(tmp_path, photo):
    """The job's inputs are read back from the spool by the next server, which makes the bust and keeps it."""
    head = open_head()
    request = SubmitPortrait("resumed", "warp", head.model_id, png(photo), {"texture_size": 256})
    with running_server(tmp_path, engines=("warp",), workers=1) as server, Client(server.connection) as client:
        accepted = client.submit_portrait(request).result(60)
        wait_for(lambda: server.store.get_job(accepted.job_id).state == "running", timeout=30,
                 what="the portrait job to start")
    with running_server(tmp_path, engines=("warp",), workers=1) as server, Client(server.connection) as client:
        again = client.submit_portrait(request).result(60)
        assert again.job_id == accepted.job_id and again.duplicate
        client.subscribe(accepted.job_id)
        bust = wait_bust(client, accepted.job_id).bust
        assert bust.photo_pose.head_model == head.model_id and bust.arrays["head_texture"].shape == (256, 256, 4)
        assert (server.store.job_folder(accepted.job_id) / "bust.npz").is_file()
