"""protocols.messages: the wire form of every message type, fixed byte for byte, and SPEC.md's
message table against the registry of message types."""

from __future__ import annotations

import json

import numpy as np
import pytest

from protocols.head_id import HeadModelId
from protocols.messages import (CLIENT_MESSAGES, SERVER_MESSAGES, Accepted, Cancel, Canceled, Credit, Error, Frame,
                                Hello, JobList, JobStatus, Limits, ListJobs, Ping, Pong, Rejected, StatusRequest,
                                SubmitMotion, SubmitRender, Subscribe, TrackResult, Unsubscribe, Welcome)
from protocols.tracks import ARRAY_FIELDS, Track
from protocols.views import CameraView
from protocols.wire import Blob, encode_buffer, json_bytes

HEAD = HeadModelId("open-test-head", "0123456789abcdef" * 4, "open-1")
TRACK = Track(pose=np.arange(30, dtype=np.float32).reshape(2, 15) / 100,
              expression=np.array([[0.5, -0.25, 0], [1, 0, -1]], np.float32),
              eyelids=np.array([[0, 0.5], [1, 0.25]], np.float32),
              translation=np.array([[0, 0.01, -0.02], [0.03, 0, 0]], np.float32),
              shape=np.array([0.1, -0.2, 0.3, 0], np.float32), fps=24.0, first_frame=101, head_model=HEAD)
ARRAYS = [getattr(TRACK, name) for name in ARRAY_FIELDS]
VIEW = CameraView("cam0", 64, 48, [[50.0, 0, 31.5], [0, 50.0, 23.5], [0, 0, 1]], np.eye(3), [0, 0, 0.6])
PNG = Blob("png", b"\x89PNG\r\n\x1a\n" + bytes(range(8)))
WAV = Blob("wav", b"RIFF\x24\x00\x00\x00WAVEfmt ")
STATUS = JobStatus("a1b2", "render", "running", "debug", 3, 1, 10, 1700000000.25, 1700000001.5, None)
HEAD_JSON = ('{"name":"open-test-head","sha256":"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",'
             '"flame_version":"open-1"}')
STATUS_JSON = ('{"job_id":"a1b2","kind":"render","state":"running","engine":"debug","done":3,"failed":1,"total":10,'
               '"created":1700000000.25,"updated":1700000001.5,"error":null}')

# (message, its content exactly as the hand-written encoders of protocol 1.0 wrote it, its buffers,
# the header's job_id). Captured from those encoders; SPEC.md is the contract they followed.
WIRE_FORMS = [
    (Hello("mvportrait-blender 0.1", ("credit", "resume")),
     '{"client":"mvportrait-blender 0.1","capabilities":["credit","resume"]}', [], None),
    (Welcome("mvportrait 0.1", "5f" * 16, "local", True, ("debug", "preview"), ("text",), Limits(max_credit=8), 2.5,
             10.0, 0, capabilities=("credit", "resume")),
     '{"server":"mvportrait 0.1","server_session":"5f5f5f5f5f5f5f5f5f5f5f5f5f5f5f5f","artist":"local","curve":true,'
     '"engines":["debug","preview"],"generators":["text"],"limits":{"max_message_bytes":67108864,'
     '"max_frames_per_job":20000,"max_images_per_job":100000,"max_views_per_job":8,"max_width":4096,'
     '"max_height":4096,"max_queued_jobs_per_artist":16,"max_credit":8,"max_options_bytes":16384},'
     '"heartbeat_s":2.5,"client_timeout_s":10.0,"minor":0,"protocol":"MVP/1","capabilities":["credit","resume"]}',
     [], None),
    (Ping("hi"), '{"echo":"hi"}', [], None),
    (Pong(1700000000.5, "hi"), '{"server_time":1700000000.5,"echo":"hi"}', [], None),
    (Error("not_found", "no job a1b2 for this artist", False, "job_id"),
     '{"code":"not_found","message":"no job a1b2 for this artist","retryable":false,"field":"job_id"}', [], None),
    (SubmitRender("shot12-v3", "preview", (96, 64), TRACK, (VIEW,), PNG, {"delay_ms": 5}),
     '{"idempotency_key":"shot12-v3","engine":"preview","resolution":[96,64],"fps":24.0,"first_frame":101,'
     f'"head_model":{HEAD_JSON},"views":[{{"name":"cam0","width":64,"height":48,'
     '"K":[[50.0,0.0,31.5],[0.0,50.0,23.5],[0.0,0.0,1.0]],"R":[[1.0,0.0,0.0],[0.0,1.0,0.0],[0.0,0.0,1.0]],'
     '"t":[0.0,0.0,0.6]}],"options":{"delay_ms":5}}', [PNG, *ARRAYS], None),
    (SubmitMotion("m-1", "text", HEAD, 25.0, first_frame=1, num_frames=50, prompt="a slow nod", generator="motiondm",
                  options={"seed": 3}),
     f'{{"idempotency_key":"m-1","kind":"text","head_model":{HEAD_JSON},"fps":25.0,"first_frame":1,'
     '"num_frames":50,"prompt":"a slow nod","generator":"motiondm","options":{"seed":3}}', [], None),
    (SubmitMotion("m-2", "audio", HEAD, 30.0, media=WAV),
     f'{{"idempotency_key":"m-2","kind":"audio","head_model":{HEAD_JSON},"fps":30.0,"first_frame":1,'
     '"num_frames":null,"prompt":null,"generator":null,"options":{}}', [WAV], None),
    (Accepted("a1b2", "render", "queued", 96),
     '{"job_id":"a1b2","kind":"render","state":"queued","total":96,"duplicate":false}', [], "a1b2"),
    (Rejected("limit_exceeded", "too many queued jobs", True, None),
     '{"code":"limit_exceeded","message":"too many queued jobs","retryable":true,"field":null}', [], None),
    (StatusRequest("a1b2"), '{"job_id":"a1b2"}', [], "a1b2"),
    (STATUS, STATUS_JSON, [], "a1b2"),
    (Subscribe("a1b2", 57, 8), '{"job_id":"a1b2","from_frame":57,"credit":8}', [], "a1b2"),
    (Unsubscribe("a1b2"), '{"job_id":"a1b2"}', [], "a1b2"),
    (Credit("a1b2", 4), '{"job_id":"a1b2","frames":4}', [], "a1b2"),
    (Frame("a1b2", 3, 1, "cam1", 102, "done", "ff" * 32, image=PNG, cached=True),
     '{"job_id":"a1b2","index":3,"view":1,"view_name":"cam1","frame":102,"state":"done",'
     f'"sha256":"{"f" * 64}","error":null,"cached":true}}', [PNG], "a1b2"),
    (Frame("a1b2", 4, 0, "cam0", 103, "failed", error="boom"),
     '{"job_id":"a1b2","index":4,"view":0,"view_name":"cam0","frame":103,"state":"failed","sha256":null,'
     '"error":"boom","cached":false}', [], "a1b2"),
    (TrackResult("a1b2", TRACK), f'{{"job_id":"a1b2","fps":24.0,"first_frame":101,"head_model":{HEAD_JSON}}}', ARRAYS,
     "a1b2"),
    (Cancel("a1b2"), '{"job_id":"a1b2"}', [], "a1b2"),
    (Canceled("a1b2", "canceled"), '{"job_id":"a1b2","state":"canceled"}', [], "a1b2"),
    (ListJobs(("queued", "running"), 10), '{"states":["queued","running"],"limit":10}', [], None),
    (JobList((STATUS,)), f'{{"jobs":[{STATUS_JSON}]}}', [], None),
]


def wire_buffers(buffers) -> list[tuple[dict, bytes]]:
    """What the buffers become on the wire: header descriptor and frame bytes."""
    return [(desc, bytes(payload)) for desc, payload in map(encode_buffer, buffers)]


def test_the_wire_forms_cover_every_message_type():
    assert {type(body) for body, *_ in WIRE_FORMS} == {*CLIENT_MESSAGES.values(), *SERVER_MESSAGES.values()}


@pytest.mark.parametrize("body, content_json, buffers, job_id", WIRE_FORMS,
                         ids=[f"{type(case[0]).__name__}-{i}" for i, case in enumerate(WIRE_FORMS)])
def test_every_message_type_encodes_as_protocol_1_0_did(body, content_json, buffers, job_id):
    content, encoded = body.encode()
    assert json_bytes(content) == content_json.encode()
    assert wire_buffers(encoded) == wire_buffers(buffers)
    assert body.header_job_id == job_id
    # And that wire form decodes back to the same message.
    decoded = type(body).decode(json.loads(content_json), buffers)
    assert type(decoded) is type(body)
    again, again_buffers = decoded.encode()
    assert json_bytes(again) == content_json.encode() and wire_buffers(again_buffers) == wire_buffers(buffers)
