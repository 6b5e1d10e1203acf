"""The MVP/1 wire format, schema and connection files, without a server."""

from __future__ import annotations

import json
import math
import os
import stat

import numpy as np
import pytest

from protocols.connection import ConnectionFileError, ConnectionInfo, CurveKeypair
from protocols.messages import (CLIENT_MESSAGES, ERROR_CODES, SERVER_MESSAGES, Accepted, Cancel, Canceled, Credit,
                                Error, Frame, Hello, JobList, JobStatus, Limits, ListJobs, Ping, Pong, Rejected,
                                SchemaError, StatusRequest, SubmitMotion, SubmitRender, Subscribe, TrackResult,
                                Unsubscribe, Welcome, decode_body)
from protocols.wire import (PROTOCOL, Blob, ReplayGuard, Session, WireError, compute_signature, json_bytes,
                            split_identity)
from tests.test_server_harness import HEAD, make_track, reference_png, render_request

KEY = b"0123456789abcdef0123456789abcdef"


def roundtrip(body, registry):
    sender, receiver = Session(KEY), Session(KEY)
    content, buffers = body.encode()
    frames = sender.serialize(body.TYPE, content, buffers, job_id=body.header_job_id)
    message = receiver.deserialize([bytes(f) for f in frames])
    return message, decode_body(message.type, message.content, message.buffers, registry)


def test_signature_matches_the_spec_example():
    # The worked example in protocols/SPEC.md ("Signing").
    header = b'{"msg_id":"00000000000000000000000000000001","session":"c1","seq":1,"type":"ping",' \
             b'"minor":0,"time":1700000000.0,"buffers":[]}'
    content = b'{"echo":"hi"}'
    assert compute_signature(b"example-key-0123456789", [header, content]) == \
        b"86cf2d9ed5066bc94a91d7099facfcbf086621de1208984963dde7a60baf2a84"


def test_signature_covers_every_frame_with_length_prefixes():
    base = compute_signature(KEY, [b"ab", b"c"])
    assert base != compute_signature(KEY, [b"a", b"bc"])  # lengths keep frame boundaries apart
    assert base != compute_signature(KEY, [b"ab", b"c", b""])
    assert len(base) == 64 and base == base.lower()


def test_signed_round_trip_of_a_render_request():
    request = render_request(frames=4, views=3)
    message, body = roundtrip(request, CLIENT_MESSAGES)
    assert message.header.type == "submit_render" and message.header.minor == 0
    assert [b.get("format") or b["dtype"] for b in message.header.buffers] == ["png", "<f4", "<f4", "<f4", "<f4", "<f4"]
    assert body.track == request.track
    assert [v.to_dict() for v in body.views] == [v.to_dict() for v in request.views]
    assert body.reference.data == request.reference.data
    assert body.resolution == request.resolution and body.engine == "debug"


@pytest.mark.parametrize("body", [
    Hello("blender"), Ping("x"), StatusRequest("abc"), Subscribe("abc", 3, 8), Unsubscribe("abc"), Credit("abc", 4),
    Cancel("abc"), ListJobs(("queued", "running"), 10),
    SubmitMotion("k", "text", HEAD, 25.0, prompt="a nod", num_frames=50),
    SubmitMotion("k", "audio", HEAD, 30.0, media=Blob("wav", b"RIFF\0\0\0\0WAVEfmt ")),
])
def test_client_messages_round_trip(body):
    _, decoded = roundtrip(body, CLIENT_MESSAGES)
    assert decoded == body


def test_server_messages_round_trip():
    status = JobStatus("abc", "render", "running", "debug", 3, 1, 10, 1.0, 2.0)
    png = reference_png().data
    bodies = [
        Welcome("s", "sess", "local", False, ("debug",), (), Limits(), 1.0, 10.0, 0),
        Pong(1.5, "e"), Error("replay", "no", False, "seq"), Accepted("abc", "render", "queued", 10),
        Rejected("limit_exceeded", "too many", True, "track"), status, JobList((status,)), Canceled("abc", "canceled"),
        Frame("abc", 3, 1, "cam1", 2, "done", "ff" * 32, image=Blob("png", png)),
        Frame("abc", 4, 0, "cam0", 3, "failed", error="boom"),
    ]
    for body in bodies:
        assert roundtrip(body, SERVER_MESSAGES)[1] == body
    track = make_track(5)
    assert roundtrip(TrackResult("abc", track), SERVER_MESSAGES)[1].track == track


def test_every_error_code_is_documented_in_the_spec():
    spec = (__import__("pathlib").Path(__file__).resolve().parents[1] / "protocols" / "SPEC.md").read_text()
    for code in ERROR_CODES:
        assert f"`{code}`" in spec, code
    for name in list(CLIENT_MESSAGES) + list(SERVER_MESSAGES):
        assert f"`{name}`" in spec, name


def frames_of(body=None, key=KEY):
    body = body or Ping("x")
    return [bytes(f) for f in Session(key).serialize(body.TYPE, *body.encode())]


def refused(frames, receiver=None) -> WireError:
    with pytest.raises(WireError) as info:
        (receiver or Session(KEY)).deserialize(frames)
    return info.value


def test_bad_signature_unsigned_and_wrong_key():
    frames = frames_of()
    assert refused([frames[0], b"", *frames[2:]]).code == "unsigned"
    assert refused([frames[0], b"0" * 64, *frames[2:]]).code == "bad_signature"
    assert refused(frames_of(key=b"another-key-of-enough-length")).code == "bad_signature"


def test_a_tampered_byte_anywhere_is_caught():
    frames = frames_of(render_request())
    for index in range(2, len(frames)):
        tampered = list(frames)
        data = bytearray(tampered[index])
        data[len(data) // 2] ^= 0x01
        tampered[index] = bytes(data)
        assert refused(tampered).code == "bad_signature", index


def test_versions_and_framing():
    frames = frames_of()
    assert refused([b"MVP/2", *frames[1:]]).code == "unsupported_version"
    assert refused([b"HTTP/1.1", *frames[1:]]).code == "bad_message"
    assert refused(frames[:3]).code == "bad_message"


def signed(header: bytes, content: bytes, *buffers: bytes) -> list[bytes]:
    parts = [header, content, *buffers]
    return [PROTOCOL, compute_signature(KEY, parts), *parts]


def header_bytes(**changes) -> bytes:
    header = {"msg_id": "ab" * 16, "session": "s1", "seq": 1, "type": "ping", "minor": 0, "time": 1.0, "buffers": []}
    header.update(changes)
    return json.dumps(header).encode()


def test_invalid_json_and_headers():
    assert refused(signed(b"{not json", b"{}")).code == "invalid_json"
    assert refused(signed(header_bytes(), b"[1, 2]")).code == "invalid_json"
    assert refused(signed(header_bytes(), b'{"echo": NaN}')).code == "invalid_json"
    assert refused(signed(header_bytes(seq=-1), b"{}")).code == "invalid_header"
    assert refused(signed(header_bytes(msg_id="XYZ"), b"{}")).code == "invalid_header"
    assert refused(signed(header_bytes(time="now"), b"{}")).code == "invalid_header"


def test_replays_are_refused_per_session():
    receiver = Session(KEY)
    frames = frames_of()
    receiver.deserialize(frames)
    assert refused(frames, receiver).code == "replay"
    # Another session has its own sequence; a lower seq in the same session is a replay too.
    receiver.deserialize(signed(header_bytes(seq=5), b"{}"))
    assert refused(signed(header_bytes(seq=4, msg_id="cd" * 16), b"{}"), receiver).code == "replay"
    receiver.deserialize(signed(header_bytes(seq=6), b"{}"))


def test_replay_guard_forgets_the_oldest_sessions():
    guard = ReplayGuard(max_sessions=2)
    receiver = Session(KEY, replay_guard=guard)
    for session in ("a", "b", "c"):
        receiver.deserialize(signed(header_bytes(session=session, seq=3), b"{}"))
    assert refused(signed(header_bytes(session="c", seq=3), b"{}"), receiver).code == "replay"
    assert len(guard._last) == 2


def test_clock_skew_window():
    receiver = Session(KEY, max_skew_s=60)
    assert refused(signed(header_bytes(time=1.0), b"{}"), receiver).code == "clock_skew"


def test_buffers_must_match_their_descriptors():
    array = np.arange(6, dtype="<f4").reshape(2, 3)
    good = {"dtype": "<f4", "shape": [2, 3]}
    assert refused(signed(header_bytes(buffers=[good]), b"{}")).code == "bad_buffer"  # descriptor, no frame
    assert refused(signed(header_bytes(buffers=[{"dtype": "<f4", "shape": [3, 3]}]), b"{}", array.tobytes())).code \
        == "bad_buffer"
    assert refused(signed(header_bytes(buffers=[{"dtype": "object", "shape": [6]}]), b"{}", array.tobytes())).code \
        == "bad_buffer"
    assert refused(signed(header_bytes(buffers=[{"format": "png"}]), b"{}", b"GIF89a....")).code == "bad_buffer"
    message = Session(KEY).deserialize(signed(header_bytes(buffers=[good]), b"{}", array.tobytes()))
    np.testing.assert_array_equal(message.buffers[0], array)


def test_big_endian_arrays_travel_as_little_endian():
    array = np.arange(4, dtype=">f8")
    frames = Session(KEY).serialize("ping", {}, [array])
    assert json.loads(frames[2])["buffers"] == [{"dtype": "<f8", "shape": [4]}]
    np.testing.assert_array_equal(Session(KEY).deserialize(frames).buffers[0], array)


def schema_error(body_type, content, buffers=()):
    with pytest.raises(SchemaError) as info:
        body_type.decode(content, list(buffers))
    return info.value


def test_render_request_schema_refuses_bad_tracks():
    request = render_request()
    content, buffers = request.encode()
    nan_pose = np.array(buffers[1])
    nan_pose[2, 4] = np.nan
    error = schema_error(SubmitRender, content, [buffers[0], nan_pose, *buffers[2:]])
    assert error.code == "invalid_track" and error.field == "pose" and "NaN" in error.message
    error = schema_error(SubmitRender, content, [buffers[0], np.zeros((6, 14), np.float32), *buffers[2:]])
    assert error.code == "invalid_track" and error.field == "pose"
    error = schema_error(SubmitRender, content, [buffers[0], buffers[1], buffers[2], np.zeros((5, 2), np.float32),
                                                 *buffers[4:]])
    assert error.code == "invalid_track" and error.field == "eyelids"
    absurd = np.zeros((100_001, 15), np.float32)
    error = schema_error(SubmitRender, content, [buffers[0], absurd, *buffers[2:]])
    assert (error.code, error.field) == ("invalid_track", "pose")
    error = schema_error(SubmitRender, content, [buffers[0], buffers[1].astype(np.int32), *buffers[2:]])
    assert (error.code, error.field) == ("invalid_track", "pose")
    error = schema_error(SubmitRender, content, [buffers[0], buffers[0], *buffers[2:]])  # a png where pose goes
    assert (error.code, error.field) == ("bad_buffer", "pose")
    error = schema_error(SubmitRender, content, [buffers[1], *buffers[1:]])  # an array where the png goes
    assert (error.code, error.field) == ("bad_buffer", "buffers")
    error = schema_error(SubmitRender, content, buffers[:3])
    assert (error.code, error.field) == ("bad_buffer", "buffers")
    error = schema_error(SubmitRender, {**content, "views": [{"name": "x"}]}, buffers)
    assert (error.code, error.field) == ("invalid_view", "views")
    error = schema_error(SubmitRender, {**content, "resolution": [64]}, buffers)
    assert (error.code, error.field) == ("invalid_content", "resolution")
    error = schema_error(SubmitRender, {k: v for k, v in content.items() if k != "engine"}, buffers)
    assert (error.code, error.field) == ("invalid_content", "engine")
    error = schema_error(SubmitRender, {**content, "fps": 500.0}, buffers)  # the track's own limits
    assert (error.code, error.field) == ("invalid_track", "fps")
    error = schema_error(SubmitRender, {**content, "head_model": {"name": "h"}}, buffers)
    assert (error.code, error.field) == ("invalid_track", "head_model")
    error = schema_error(SubmitRender, {**content, "options": {"x": "y" * 70_000}}, buffers)
    assert (error.code, error.field) == ("limit_exceeded", "options")


def test_unknown_fields_are_ignored_and_unknown_types_refused():
    assert Ping.decode({"echo": "a", "future_field": [1, 2]}, []) == Ping("a")
    with pytest.raises(SchemaError) as info:
        decode_body("teleport", {}, [], CLIENT_MESSAGES)
    assert info.value.code == "unknown_type"


def test_motion_requests_need_their_media():
    request = {"idempotency_key": "k", "kind": "text", "head_model": HEAD.to_dict(), "fps": 25}
    error = schema_error(SubmitMotion, request)
    assert (error.code, error.field) == ("invalid_content", "prompt")
    error = schema_error(SubmitMotion, {**request, "kind": "audio"})
    assert (error.code, error.field) == ("bad_buffer", "buffers")
    error = schema_error(SubmitMotion, {**request, "kind": "video"}, [Blob("wav", b"RIFF\0\0\0\0WAVEfmt ")])
    assert (error.code, error.field) == ("bad_buffer", "buffers")
    error = schema_error(SubmitMotion, {**request, "kind": "smell"})
    assert (error.code, error.field) == ("invalid_content", "kind")
    error = schema_error(SubmitMotion, {**request, "prompt": "a nod", "fps": 500})
    assert (error.code, error.field) == ("invalid_content", "fps")
    error = schema_error(SubmitMotion, {**request, "prompt": "a nod", "head_model": {"name": "h"}})
    assert (error.code, error.field) == ("invalid_content", "head_model")


STATUS = JobStatus("abc", "render", "running", "debug", 3, 1, 10, 1.0, 2.0)
WELCOME = Welcome("s", "sess", "local", False, ("debug",), (), Limits(), 1.0, 10.0, 0)
FRAME = Frame("abc", 4, 0, "cam0", 3, "failed", error="boom")


@pytest.mark.parametrize("body, changes, code, field", [
    (Ping(), {"echo": 7}, "invalid_content", "echo"),
    (Hello(), {"capabilities": ["ok", ""]}, "invalid_content", "capabilities"),
    (StatusRequest("abc"), {"job_id": "Not-A-Job-Id"}, "invalid_content", "job_id"),
    (Subscribe("abc"), {"credit": -1}, "invalid_content", "credit"),
    (Credit("abc", 1), {"frames": 0}, "invalid_content", "frames"),
    (Credit("abc", 1), {"frames": True}, "invalid_content", "frames"),
    (ListJobs(), {"states": ["queued", "paused"]}, "invalid_content", "states"),
    (ListJobs(), {"limit": 1001}, "invalid_content", "limit"),
    (Pong(1.0), {"server_time": "now"}, "invalid_content", "server_time"),
    (Error("internal", "x"), {"message": None}, "invalid_content", "message"),
    (Rejected("internal", "x"), {"retryable": "yes"}, "invalid_content", "retryable"),
    (STATUS, {"state": "paused"}, "invalid_content", "state"),
    (STATUS, {"done": -1}, "invalid_content", "done"),
    (FRAME, {"state": "lost"}, "invalid_content", "state"),
    (FRAME, {"index": 2 ** 60}, "invalid_content", "index"),
    (JobList((STATUS,)), {"jobs": [{**STATUS.encode()[0], "created": "yesterday"}]}, "invalid_content", "created"),
    (JobList((STATUS,)), {"jobs": [7]}, "invalid_content", "jobs"),
    (WELCOME, {"limits": {"max_credit": 0}}, "invalid_content", "limits"),
    (WELCOME, {"protocol": None}, "invalid_content", "protocol"),
    (Accepted("abc", "render", "queued", 10), {"total": 1.5}, "invalid_content", "total"),
    (Canceled("abc", "canceled"), {"job_id": ""}, "invalid_content", "job_id"),
])
def test_schema_errors_name_their_code_and_field(body, changes, code, field):
    content, buffers = body.encode()
    error = schema_error(type(body), {**content, **changes}, buffers)
    assert (error.code, error.field) == (code, field)


def test_split_identity():
    frames = frames_of()
    identity, rest = split_identity([b"\0abcd", *frames])
    assert identity == [b"\0abcd"] and rest == frames


def test_json_has_no_nan():
    with pytest.raises(ValueError):
        json_bytes({"x": math.nan})


def test_connection_file_is_private_and_round_trips(tmp_path, monkeypatch):
    monkeypatch.setenv("MVPORTRAIT_CONFIG", str(tmp_path / "cfg"))
    info = ConnectionInfo("127.0.0.1", 5555, ConnectionInfo.new_key(), CurveKeypair.generate().public)
    path = info.save()
    assert path == tmp_path / "cfg" / "connection.json"
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert ConnectionInfo.load() == info
    data = json.loads(path.read_text())
    assert {"address", "port", "key", "server_public_key"} <= set(data)
    assert info.endpoint == "tcp://127.0.0.1:5555"
    assert not list(path.parent.glob("*.tmp"))


def test_connection_file_errors(tmp_path):
    with pytest.raises(FileNotFoundError, match="mvportrait serve"):
        ConnectionInfo.load(tmp_path / "none.json")
    (tmp_path / "bad.json").write_text('{"address": "h", "port": 0, "key": "short"}')
    with pytest.raises(ConnectionFileError, match="port"):
        ConnectionInfo.load(tmp_path / "bad.json")


def test_keypair_file(tmp_path):
    pair = CurveKeypair.load_or_create(tmp_path / "me.json")
    assert stat.S_IMODE(os.stat(tmp_path / "me.json").st_mode) == 0o600
    assert CurveKeypair.load_or_create(tmp_path / "me.json") == pair
    assert len(pair.public) == 40 and pair.public != pair.secret
