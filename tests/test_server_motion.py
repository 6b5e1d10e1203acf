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


def test_text_jobs_answer_with_their_plan_and_follow_an_edited_one(tmp_path):
    """The shipped text generator over the wire: `plan_only` answers with the reading (no motion), the
    edited plan comes back as motion that follows the edit, with the plan it followed."""
    from backend.motion.text.evaluation import track_angles_deg
    from backend.motion.text.generator import TextMotionGenerator
    from backend.motion.text.pipeline import shipped_pipeline
    from protocols.flame_conventions import direction_sign
    from protocols.motion_plan import MotionPlan

    open_head = shipped_pipeline().head_model().model_id
    registry = Registry(generators={})
    registry.register_generator("text", TextMotionGenerator)
    with running_server(tmp_path, registry=registry) as srv, Client(srv.connection) as client:
        def run(key, **fields):
            accepted = client.submit_motion(SubmitMotion(key, "text", open_head, 25.0, num_frames=100,
                                                         **fields)).result(5)
            client.subscribe(accepted.job_id)
            return wait_track(client, accepted.job_id)

        read = run("read", prompt="She turns to her left.", options={"plan_only": True})
        plan = MotionPlan.from_dict(read.plan)
        assert [(s.action, s.side) for s in plan.steps] == [("turn", "left")]
        assert read.track.num_frames == 1 and not np.any(read.track.pose)
        edited = plan.with_step(0, side="right")
        result = run("edited", prompt=plan.text, options={"plan": edited.to_dict()})
        assert [(s.action, s.side) for s in MotionPlan.from_dict(result.plan).steps] == [("turn", "right")]
        yaw = track_angles_deg(result.track)[:, 0]
        assert result.track.num_frames == 100 and np.sign(yaw[-1]) == direction_sign("yaw", "right")
        nothing = run("nothing", prompt="The invoice is due on Friday.", options={"plan_only": True})
        assert MotionPlan.from_dict(nothing.plan).status == "unreadable"
