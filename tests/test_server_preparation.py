"""Issue 14 item 7: a portrait's preparation (the warp engine's fit and texture, seconds of work)
runs apart from the render workers, so another job keeps streaming meanwhile, and a cancel during
the preparation takes effect within 2 s with no image rendered after it (real warp engine)."""

from __future__ import annotations

import os
import time

import cv2
import pytest

from protocols.client import Client
from protocols.messages import SubmitRender
from protocols.views import CameraView
from protocols.wire import Blob
from tests.test_server_harness import render_request, running_server, wait_for

pytestmark = pytest.mark.mediapipe


def warp_request(key: str) -> SubmitRender:
    skimage_data = pytest.importorskip("skimage.data")
    from flame_assets.library import load_head
    from protocols.tracks import Track
    head = load_head("open")
    photo = cv2.resize(skimage_data.astronaut(), (256, 256), interpolation=cv2.INTER_AREA)
    track = Track.neutral(4, head.model_id, n_expr=head.n_expr, n_shape=head.n_shape, fps=25.0)
    return SubmitRender(idempotency_key=key, engine="warp", resolution=(64, 64), track=track,
                        views=(CameraView.look_at("front", (0, 0, 0.6), width=64, height=64),),
                        reference=Blob("png", cv2.imencode(".png", photo[..., ::-1])[1].tobytes()),
                        options={"texture_size": 2048})


def test_preparation_runs_apart_and_cancel_stops_it_within_two_seconds(tmp_path):
    pytest.importorskip("mediapipe")
    with running_server(tmp_path, engines=("warp", "debug"), workers=1) as server, \
            Client(server.connection) as client:
        portrait = client.submit_render(warp_request("new portrait")).result(60)
        wait_for(lambda: server.store.get_job(portrait.job_id).state == "running", timeout=30,
                 what="the portrait job to start preparing")
        other = client.submit_render(render_request("another artist's shot", frames=4, views=2)).result(10)
        wait_for(lambda: server.store.get_job(other.job_id).state == "completed", timeout=20,
                 what="the other job to finish")
        # The other job finished while the portrait was still being prepared (no image of it yet).
        assert server.store.get_job(portrait.job_id).done == 0
        start = time.monotonic()
        answer = client.cancel(portrait.job_id).result(10)
        elapsed = time.monotonic() - start
        assert answer.state == "canceled"
        assert elapsed < 2.0, f"cancel took {elapsed:.2f} s (load average {os.getloadavg()})"
        time.sleep(0.5)
        record = server.store.get_job(portrait.job_id)
        assert record.state == "canceled" and record.done == 0 and record.failed == 0
