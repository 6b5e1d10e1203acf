"""Motion jobs travel like render jobs. No generator ships yet, so these tests register a small
one of their own (a nod per word of the prompt) to exercise the job path: accepted, run by a
worker, stored, and delivered as a `track` message to subscribers."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from backend.motion.base import MotionGenerator, MotionRequest
from backend.server import Registry
from backend.server.jobfiles import motion_request
from protocols.client import Client
from protocols.messages import JobStatus, SubmitMotion, TrackResult
from protocols.tracks import Track
from tests.test_server_harness import HEAD, running_server, wait_for


class NodPerWord(MotionGenerator):
    kind = "text"
    name = "nod-per-word"

    def generate(self, request: MotionRequest, cancel: threading.Event) -> Track:
        if "fail" in request.prompt:
            raise RuntimeError("this prompt asks the generator to fail")
        frames = request.num_frames or 25
        words = len(request.prompt.split())
        pose = np.zeros((frames, 15), np.float32)
        pose[:, 0] = 0.2 * np.sin(np.linspace(0, 2 * np.pi * words, frames))
        return Track.neutral(frames, request.head_model, n_expr=10, n_shape=0, fps=request.fps,
                             first_frame=request.first_frame).with_fields(pose=pose)


@pytest.fixture
def server(tmp_path):
    registry = Registry(generators={})
    registry.register_generator("text", NodPerWord)
    with running_server(tmp_path, registry=registry) as srv:
        yield srv


def wait_track(client: Client, job_id: str) -> TrackResult:
    return wait_for(lambda: next((e for e in iter(lambda: client.get(0.05), None)
                                  if isinstance(e, TrackResult) and e.job_id == job_id), None),
                    what="the generated track")


def test_motion_job_delivers_its_track(server):
    with Client(server.connection) as client:
        assert client.wait_connected(5).generators == ("text",)
        request = SubmitMotion("nod", "text", HEAD, 30.0, first_frame=10, num_frames=40, prompt="yes yes yes")
        accepted = client.submit_motion(request).result(5)
        assert accepted.kind == "motion" and accepted.total == 1
        client.subscribe(accepted.job_id)
        result = wait_track(client, accepted.job_id)
        expected = NodPerWord().generate(motion_request(request), threading.Event())
        assert result.track == expected and result.track.first_frame == 10 and result.track.fps == 30.0
        status = client.status(accepted.job_id).result(5)
        assert status.state == "completed" and status.engine is None
        assert client.submit_motion(request).result(5).duplicate
        # The result stays in the store: a later subscriber gets it too.
        client.subscribe(accepted.job_id)
        assert wait_track(client, accepted.job_id).track == expected


def test_a_failing_generator_fails_the_job_with_its_reason(server):
    with Client(server.connection) as client:
        accepted = client.submit_motion(SubmitMotion("f", "text", HEAD, 25.0, prompt="please fail")).result(5)
        status = wait_for(lambda: (lambda s: s if s.final else None)(client.status(accepted.job_id).result(5)),
                          what="the job to fail")
        assert isinstance(status, JobStatus) and status.state == "failed"
        assert status.error == "RuntimeError: this prompt asks the generator to fail"


def test_kinds_without_a_generator_stay_unavailable(server):
    from protocols.client import ServerError
    from protocols.wire import Blob
    with Client(server.connection) as client:
        with pytest.raises(ServerError) as info:
            client.submit_motion(SubmitMotion("a", "audio", HEAD, 25.0,
                                              media=Blob("wav", b"RIFF\0\0\0\0WAVEfmt "))).result(5)
        assert (info.value.code, info.value.error.field) == ("unavailable", "kind") and "audio" in str(info.value)
