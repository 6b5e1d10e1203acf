"""protocols.messages: the wire form of every message type, fixed byte for byte, and SPEC.md's
message types (directions, buffers, fields, limits) against the registry of message types."""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

import numpy as np
import pytest

from protocols.head_id import HeadModelId
from protocols.bust import ARRAY_NAMES as BUST_ARRAYS
from protocols.bust import Bust
from protocols.messages import (CLIENT_MESSAGES, SERVER_MESSAGES, Accepted, BustResult, Cancel, Canceled, Credit,
                                Error, Frame, Hello, JobList, JobStatus, Limits, ListJobs, Ping, Pong, Rejected,
                                StatusRequest, SubmitMotion, SubmitPortrait, SubmitRender, Subscribe, TrackResult,
                                Unsubscribe, Welcome)
from protocols.tracks import ARRAY_FIELDS, MAX_EXPRESSION, MAX_FPS, MAX_FRAMES, MAX_SHAPE, MIN_FPS, POSE_DIM, Track
from protocols.views import MAX_SIZE, MIN_SIZE, CameraView
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
PHOTO_POSE = TRACK.slice(0, 1)
BUST = Bust(VIEW, PHOTO_POSE, ("global", "torso"), {
    "head_offsets": np.zeros((3, 3), np.float32), "head_vertices": np.eye(3, dtype=np.float32),
    "head_faces": np.array([[0, 1, 2]], np.int32), "head_uv": np.array([[0, 0], [1, 0], [0, 1]], np.float32),
    "head_uv_faces": np.array([[0, 1, 2]], np.int32), "head_weights": np.array([[1, 0], [1, 0], [0, 1]], np.float32),
    "head_texture": np.full((2, 2, 4), 255, np.uint8), "torso_vertices": np.zeros((0, 3), np.float32),
    "torso_faces": np.zeros((0, 3), np.int32), "torso_uv": np.zeros((0, 3, 2), np.float32),
    "torso_texture": np.zeros((0, 0, 4), np.uint8)})
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
    (SubmitPortrait("p-1", "warp", HEAD, PNG, {"texture_size": 512}),
     f'{{"idempotency_key":"p-1","engine":"warp","head_model":{HEAD_JSON},"options":{{"texture_size":512}}}}', [PNG],
     None),
    (BustResult("a1b2", BUST),
     '{"job_id":"a1b2","camera":{"name":"cam0","width":64,"height":48,"K":[[50.0,0.0,31.5],[0.0,50.0,23.5],'
     '[0.0,0.0,1.0]],"R":[[1.0,0.0,0.0],[0.0,1.0,0.0],[0.0,0.0,1.0]],"t":[0.0,0.0,0.6]},"joint_names":["global",'
     f'"torso"],"fps":24.0,"first_frame":101,"head_model":{HEAD_JSON}}}',
     [*(getattr(PHOTO_POSE, n) for n in ARRAY_FIELDS), *(BUST.arrays[n] for n in BUST_ARRAYS)], "a1b2"),
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


# ---------------------------------------------------------------------------- SPEC.md ↔ registry

SPEC = (Path(__file__).resolve().parents[1] / "protocols" / "SPEC.md").read_text(encoding="utf-8")
MESSAGE_TYPES = SPEC[SPEC.index("## 9. Message types"):SPEC.index("## 10. ")]
REGISTERED = {*CLIENT_MESSAGES, *SERVER_MESSAGES}


def spec_directions() -> dict[str, set[str]]:
    """The type names SPEC.md lists after "Client → server:" and "Server → client:"."""
    paragraphs = {}
    for direction, registry in (("Client → server:", "client"), ("Server → client:", "server")):
        start = MESSAGE_TYPES.index(direction) + len(direction)
        end = min(MESSAGE_TYPES.index(mark, start) for mark in ("Server → client:", "\n\n") if mark in
                  MESSAGE_TYPES[start:])
        paragraphs[registry] = set(re.findall(r"`(\w+)`", MESSAGE_TYPES[start:end]))
    return paragraphs


def spec_sections() -> list[tuple[list[str], list[list[str]]]]:
    """Each `### ` section of §9: (the message types its heading names, its paragraphs' lines)."""
    sections = []
    for part in re.split(r"^### ", MESSAGE_TYPES, flags=re.M)[1:]:
        heading, _, body = part.partition("\n")
        paragraphs = [p.splitlines() for p in re.split(r"\n\s*\n", body) if p.strip()]
        sections.append(([name for name in re.findall(r"`(\w+)`", heading) if name in REGISTERED], paragraphs))
    return sections


def spec_buffer_layouts() -> dict[str, dict[str | None, tuple[str, ...]]]:
    """What SPEC.md says each type's buffers are, as formats (png, wav, mp4) and array names:
    {type: {None: layout}} or {type: {value of the field that decides: layout}}. A type whose
    section says nothing about buffers has none."""
    layouts: dict[str, dict[str | None, tuple[str, ...]]] = {}
    for names, paragraphs in spec_sections():
        current = names[0]  # a section is about its first message until a paragraph names another
        for i, lines in enumerate(paragraphs):
            text = " ".join(lines)
            opening = re.match(r"`(\w+)`(?: \(push\))?:", text)
            if opening and opening.group(1) in REGISTERED:
                current = opening.group(1)
            if text.startswith("Buffers, in this order:"):  # the next paragraph: | # | buffer | descriptor |
                rows = [row.split("|")[1:4] for row in paragraphs[i + 1] if re.match(r"\| \d+ \|", row)]
                layouts[current] = {None: tuple(
                    re.search(r'"format": "(\w+)"', descriptor).group(1) if '"format"' in descriptor
                    else what.split()[0] for _, what, descriptor in rows)}
            elif text.startswith("Buffers:"):  # clauses: none for `text`; one `{"format": "wav"}` for `audio`; …
                layouts[current] = {re.findall(r"`(\w+)`", clause)[-1]: tuple(re.findall(r'"format": "(\w+)"', clause))
                                    for clause in text[len("Buffers:"):].rstrip(".").split(";")}
            elif match := re.search(r"buffers \d+–\d+: ([\w, ]+?) as in", text):  # a track's arrays
                layouts[current] = {None: tuple(match.group(1).split(", "))}
    return layouts


def test_spec_lists_every_registered_type_in_its_direction_and_no_other():
    directions = spec_directions()
    assert directions["client"] == set(CLIENT_MESSAGES)
    assert directions["server"] == set(SERVER_MESSAGES)
    assert {name for names, _ in spec_sections() for name in names} == REGISTERED


def test_spec_gives_every_type_the_buffers_it_is_declared_with():
    layouts = spec_buffer_layouts()
    # the parser found each statement
    assert set(layouts) == {"submit_render", "submit_motion", "submit_portrait", "track", "bust", "frame"}
    for registry in (CLIENT_MESSAGES, SERVER_MESSAGES):
        for name, cls in registry.items():
            assert cls.buffer_layouts() == layouts.get(name, {None: ()}), name
    assert layouts["submit_render"][None] == ("png", *ARRAY_FIELDS)


def test_spec_documents_every_content_field_each_type_sends():
    for body, content_json, _, _ in WIRE_FORMS:
        documented = set()
        for names, paragraphs in spec_sections():
            if body.TYPE in names:
                # a field's name opens a code span: `job_id`, `state: "canceled"`
                documented |= {word for lines in paragraphs for line in lines for word in re.findall(r"`(\w+)", line)}
        assert set(json.loads(content_json)) <= documented, body.TYPE


def declared(cls, name: str):
    return next(f.metadata["wire"] for f in dataclasses.fields(cls) if f.name == name)


def spec_number(n: float) -> str:
    """As SPEC.md writes numbers: 240, 10 000."""
    return f"{n:,.0f}".replace(",", " ")


def test_the_limits_spec_states_are_the_ones_declared():
    fps, num_frames = declared(SubmitMotion, "fps"), declared(SubmitMotion, "num_frames")
    assert f"| `fps` | number {spec_number(fps.lo)}–{spec_number(fps.hi)} |" in SPEC
    assert (MIN_FPS, MAX_FPS) == (fps.lo, fps.hi)  # a track's own fps limits
    assert f"| `num_frames` | integer {num_frames.lo}–{spec_number(num_frames.hi)}, opt." in SPEC
    assert f"| `prompt` | string ≤ {spec_number(declared(SubmitMotion, 'prompt').max_len)} |" in SPEC
    assert f"`echo` (string ≤ {declared(Ping, 'echo').max_len}, opt.)" in SPEC
    assert f"| `idempotency_key` | string 1–{declared(SubmitRender, 'idempotency_key').max_len} |" in SPEC
    limit = declared(ListJobs, "limit")
    assert f"`limit` ({limit.lo}–{limit.hi}, default {ListJobs().limit})" in SPEC
    assert f"each {MIN_SIZE}–{MAX_SIZE}" in SPEC  # resolution, checked with a camera view's size limits
    assert f"pose (T, {POSE_DIM})" in SPEC and f"E ≤ {MAX_EXPRESSION}" in SPEC and f"S ≤ {MAX_SHAPE}" in SPEC
    assert f"T > {spec_number(MAX_FRAMES)}" in SPEC


def test_a_track_result_carries_its_plan_and_leaves_it_out_when_there_is_none():
    plan = {"format": "mvportrait.motion_plan/1", "steps": [{"action": "nod", "count": 2}]}
    content, buffers = TrackResult("a1b2", TRACK, plan=plan).encode()
    assert content["plan"] == plan
    assert TrackResult.decode(json.loads(json_bytes(content)), buffers).plan == plan
    assert "plan" not in TrackResult("a1b2", TRACK).encode()[0]
    from protocols.schema import SchemaError
    with pytest.raises(SchemaError) as info:
        TrackResult.decode({**content, "plan": ["nod"]}, buffers)
    assert info.value.field == "plan"



def test_a_bust_whose_arrays_do_not_fit_together_is_refused_naming_the_array():
    from protocols.schema import SchemaError
    content, buffers = BustResult("a1b2", BUST).encode()
    at = len(ARRAY_FIELDS) + BUST_ARRAYS.index("head_faces")
    bad = list(buffers)
    bad[at] = np.array([[0, 1, 3]], np.int32)  # a corner beyond the three vertices
    with pytest.raises(SchemaError) as exc:
        BustResult.decode(content, bad)
    assert exc.value.code == "invalid_content" and exc.value.field == "head_faces"
    bad = list(buffers)
    bad[at + 1] = np.full((1, 2), np.nan, np.float32)  # head_uv
    with pytest.raises(SchemaError, match="NaN") as exc:
        BustResult.decode(content, bad)
    assert exc.value.field == "head_uv"
