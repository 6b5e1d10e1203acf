"""The `preview` engine through a real server: the open head shaded per camera, a track for another head
refused at submit."""

from __future__ import annotations

import cv2
import numpy as np

from backend.demo import demo_track
from flame_assets.library import load_head
from protocols.client import Client
from protocols.messages import Accepted, Rejected, SubmitRender
from tests.test_server_harness import make_views, reference_png, render_request, running_server
from tests.test_server_jobs import collect, decode


def test_preview_engine_renders_the_open_head_for_every_camera(tmp_path):
    head = load_head()
    track = demo_track(head, seconds=0.4, fps=10)
    request = SubmitRender(idempotency_key="preview-1", engine="preview", resolution=(96, 96), track=track,
                           views=make_views(2), reference=reference_png(), options={})
    with running_server(tmp_path, engines=("preview",)) as server, Client(server.connection) as client:
        accepted = client.submit_render(request).result(30)
        assert isinstance(accepted, Accepted) and accepted.total == 8
        client.subscribe(accepted.job_id)
        frames, final = collect(client, accepted.job_id, timeout=60)
    assert final.state == "completed"
    images = [decode(f) for f in sorted(frames, key=lambda f: f.index)]
    assert all(img.shape == (96, 96, 3) for img in images)
    assert not np.array_equal(images[0], images[1])  # two cameras
    assert not np.array_equal(images[0], images[2])  # the head moves between frames


def test_preview_engine_refuses_a_track_for_another_head(tmp_path):
    with running_server(tmp_path, engines=("preview",)) as server, Client(server.connection) as client:
        answer = client.submit_render(render_request("other-head", engine="preview")).result(30)
    assert isinstance(answer, Rejected) and (answer.code, answer.field) == ("invalid_track", "head_model")
