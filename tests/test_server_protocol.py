"""The server over real loopback sockets: signed round trips, and every kind of bad message
answered with an `error` (or `rejected`) that changes no state while the server stays up."""

from __future__ import annotations

import json

import numpy as np
import pytest

from protocols.messages import (Accepted, Error, Hello, JobList, ListJobs, Limits, Ping, Pong, Rejected, StatusRequest,
                                SubmitMotion, Welcome)
from backend.server import Registry
from protocols.wire import PROTOCOL, compute_signature
from tests.test_server_harness import HEAD, RawPeer, render_request, running_server


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    limits = Limits(max_message_bytes=2 * 1024 * 1024, max_frames_per_job=500, max_views_per_job=4,
                    max_width=1024, max_height=1024, max_queued_jobs_per_artist=3)
    # No motion generators: the protocol answers must not depend on which ones are installed.
    with running_server(tmp_path_factory.mktemp("protocol"), registry=Registry(generators={}), limits=limits) as srv:
        yield srv


@pytest.fixture
def peer(server):
    p = RawPeer(server.connection)
    yield p
    p.close()


def state_of(server):
    return server.store.count_jobs(), sorted(j.job_id for j in server.store.list_jobs("local", limit=1000))


def assert_error(peer, frames, code, reply_to=None, good_peer=None):
    peer.send_frames(frames)
    message, body = peer.recv()
    assert isinstance(body, Error), body
    assert body.code == code, body
    if reply_to is not None:
        assert message.header.reply_to == reply_to
    # The answer is itself signed by the server and checked by RawPeer.recv; the server is still up:
    assert isinstance((good_peer or peer).request(Ping("still there?")), Pong)
    return body


def test_signed_round_trip(peer, server):
    msg_id = peer.send(Hello("pytest"))
    message, welcome = peer.recv()
    assert isinstance(welcome, Welcome)
    assert message.header.reply_to == msg_id and message.header.session == server.session_id
    assert welcome.server_session == server.session_id and welcome.artist == "local" and not welcome.curve
    assert welcome.engines == ("debug",) and welcome.limits.max_views_per_job == 4  # as configured
    pong = peer.request(Ping("abc"))
    assert isinstance(pong, Pong) and pong.echo == "abc"


def test_bad_signature_unsigned_and_tampered_buffer_change_nothing(peer, server):
    before = state_of(server)
    sender = RawPeer(server.connection)
    frames = sender.frames(render_request("tamper-1"))
    assert_error(sender, [frames[0], b"f" * 64, *frames[2:]], "bad_signature", good_peer=peer)
    assert_error(sender, [frames[0], b"", *frames[2:]], "unsigned", good_peer=peer)
    for buffer_index in (4, 5, 9):  # reference png, pose, shape
        tampered = list(frames)
        data = bytearray(tampered[buffer_index])
        data[len(data) // 3] ^= 0x40
        tampered[buffer_index] = bytes(data)
        assert_error(sender, tampered, "bad_signature", good_peer=peer)
    other_key = RawPeer(server.connection, key=b"not-the-server-key-at-all")
    assert_error(other_key, other_key.frames(render_request("tamper-2")), "bad_signature", good_peer=peer)
    other_key.close()
    assert state_of(server) == before
    # The untampered message still goes through: the refusals left no trace, not even in the
    # replay memory of the sender's session.
    sender.send_frames(frames)
    _, accepted = sender.recv()
    assert isinstance(accepted, Accepted)
    sender.close()


def test_replay_is_refused_without_a_second_job(peer, server):
    frames = peer.frames(render_request("replay-1"))
    peer.send_frames(frames)
    _, accepted = peer.recv()
    assert isinstance(accepted, Accepted)
    before = state_of(server)
    assert_error(peer, frames, "replay")
    assert state_of(server) == before


def test_stale_seq_is_a_replay(peer, server):
    early = peer.frames(Ping("early"))
    late = peer.frames(Ping("late"))
    peer.send_frames(late)
    assert isinstance(peer.recv()[1], Pong)
    assert_error(peer, early, "replay")


def test_wrong_major_version_and_garbage(peer, server):
    frames = peer.frames(Ping())
    assert_error(peer, [b"MVP/2", *frames[1:]], "unsupported_version")
    assert_error(peer, [b"hello", b"world"], "bad_message")


def signed(peer, header: dict, content: bytes, *buffers: bytes) -> list[bytes]:
    base = {"msg_id": "ab" * 16, "session": peer.session.session_id, "seq": peer.session.next_seq(), "type": "ping",
            "minor": 0, "time": __import__("time").time(), "buffers": []}
    base.update(header)
    parts = [json.dumps(base).encode(), content, *buffers]
    return [PROTOCOL, compute_signature(peer.session.key, parts), *parts]


def test_invalid_json_and_unknown_type(peer, server):
    before = state_of(server)
    body = assert_error(peer, signed(peer, {}, b"{this is not json"), "invalid_json", reply_to="ab" * 16)
    assert "content" in body.message
    assert_error(peer, [PROTOCOL, compute_signature(peer.session.key, [b"[", b"{}"]), b"[", b"{}"], "invalid_json")
    assert_error(peer, signed(peer, {"type": "submit_render"}, b'{"engine": NaN}'), "invalid_json")
    assert_error(peer, signed(peer, {"type": "format_disk"}, b"{}"), "unknown_type")
    assert_error(peer, signed(peer, {"seq": "one"}, b"{}"), "invalid_header")
    assert state_of(server) == before


def test_deeply_nested_json_is_invalid_json_not_internal(peer, server):
    before = state_of(server)
    deep = b'{"echo": ' + b"[" * 30_000 + b"]" * 30_000 + b"}"
    body = assert_error(peer, signed(peer, {}, deep), "invalid_json", reply_to="ab" * 16)
    assert "deep" in body.message
    # Just past the bound, where Python's parser would still cope: refused all the same.
    nested = b'{"echo": ' + b'{"a": ' * 64 + b"1" + b"}" * 64 + b"}"
    assert_error(peer, signed(peer, {}, nested), "invalid_json", reply_to="ab" * 16)
    # A header nested too deep cannot be read at all: invalid_json without reply_to.
    header = b"[" * 20_000 + b"]" * 20_000
    assert_error(peer, [PROTOCOL, compute_signature(peer.session.key, [header, b"{}"]), header, b"{}"],
                 "invalid_json")
    assert state_of(server) == before


def reject(peer, request_frames) -> Rejected:
    peer.send_frames(request_frames)
    _, body = peer.recv()
    assert isinstance(body, Rejected), body
    assert isinstance(peer.request(Ping()), Pong)
    return body


def with_buffer(peer, request, index: int, array: np.ndarray) -> list[bytes]:
    content, buffers = request.encode()
    buffers = list(buffers)
    buffers[index] = array
    return [bytes(f) for f in peer.session.serialize(request.TYPE, content, buffers)]


def test_bad_tracks_are_rejected_without_a_job(peer, server):
    before = state_of(server)
    request = render_request("bad-track")
    nan_pose = np.array(request.track.pose)
    nan_pose[3, 7] = np.nan
    body = reject(peer, with_buffer(peer, request, 1, nan_pose))
    assert body.code == "invalid_track" and body.field == "pose" and "NaN" in body.message
    body = reject(peer, with_buffer(peer, request, 1, np.zeros((6, 12), np.float32)))
    assert body.code == "invalid_track" and body.field == "pose"
    body = reject(peer, with_buffer(peer, request, 3, np.full((6, 2), 7.0, np.float32)))
    assert body.code == "invalid_track" and body.field == "eyelids"
    inf_translation = np.zeros((6, 3), np.float32)
    inf_translation[0, 0] = np.inf
    body = reject(peer, with_buffer(peer, request, 4, inf_translation))
    assert body.code == "invalid_track" and body.field == "translation"
    assert state_of(server) == before


def test_absurd_frame_count(tmp_path):
    with running_server(tmp_path) as server:  # default limits: the message fits, the track does not
        peer = RawPeer(server.connection)
        absurd = render_request("absurd", frames=1)
        content, buffers = absurd.encode()
        buffers = list(buffers)
        frames = 100_001
        buffers[1:5] = [np.zeros((frames, 15), np.float32), np.zeros((frames, 0), np.float32),
                        np.zeros((frames, 2), np.float32), np.zeros((frames, 3), np.float32)]
        body = reject(peer, [bytes(f) for f in peer.session.serialize("submit_render", content, buffers)])
        assert body.code == "invalid_track" and body.field == "pose" and "100000" in body.message
        body = reject(peer, peer.frames(render_request("long", frames=20_001)))
        assert body.code == "limit_exceeded" and "20000" in body.message
        assert server.store.count_jobs() == 0
        peer.close()


def test_limits(peer, server):
    before = state_of(server)
    body = reject(peer, peer.frames(render_request("long", frames=501)))
    assert body.code == "limit_exceeded" and body.field == "track" and "500" in body.message
    body = reject(peer, peer.frames(render_request("views", views=5)))
    assert body.code == "limit_exceeded" and body.field == "views"
    body = reject(peer, peer.frames(render_request("big", resolution=(2048, 512))))
    assert body.code == "limit_exceeded" and body.field == "resolution"
    assert state_of(server) == before


def test_oversized_message(peer, server):
    before = state_of(server)
    request = render_request("huge")
    blob = bytearray(request.reference.data)
    blob += bytes(3 * 1024 * 1024)  # PNG readers ignore trailing bytes; the size limit does not
    from protocols.wire import Blob
    frames = [bytes(f) for f in peer.session.serialize(
        "submit_render", request.encode()[0], [Blob("png", bytes(blob)), *request.encode()[1][1:]])]
    body = assert_error(peer, frames, "too_large")
    assert "2097152" in body.message
    assert state_of(server) == before


def test_unknown_engine_and_engine_options(peer, server):
    before = state_of(server)
    body = reject(peer, peer.frames(render_request("eng", engine="photoreal-9000")))
    assert body.code == "unknown_engine" and "debug" in body.message and body.field == "engine"
    body = reject(peer, peer.frames(render_request("opt", options={"delay_ms": -3})))
    assert body.code == "invalid_content" and body.field == "options"
    body = reject(peer, peer.frames(render_request("opt2", options={"samples": 64})))
    assert body.code == "invalid_content" and "samples" in body.message
    assert state_of(server) == before


def test_motion_generation_is_unavailable_not_faked(peer, server):
    before = state_of(server)
    answer = peer.request(SubmitMotion("m1", "text", HEAD, 25.0, prompt="a slow nod, then a smile", num_frames=50))
    assert isinstance(answer, Error) and answer.code == "unavailable" and answer.field == "kind"
    assert "text" in answer.message and "generator" in answer.message
    assert state_of(server) == before


def test_idempotency_and_per_artist_queue_limit(peer, server):
    first = peer.request(render_request("same-key", options={"delay_ms": 20}))
    again = peer.request(render_request("same-key", options={"delay_ms": 20}))
    assert isinstance(first, Accepted) and isinstance(again, Accepted)
    assert again.job_id == first.job_id and again.duplicate and not first.duplicate
    conflict = peer.request(render_request("same-key", frames=7))
    assert isinstance(conflict, Rejected) and conflict.code == "idempotency_conflict"
    assert first.job_id in conflict.message


def test_queue_limit_per_artist(tmp_path):
    with running_server(tmp_path, limits=Limits(max_queued_jobs_per_artist=2)) as server:
        peer = RawPeer(server.connection)
        slow = {"delay_ms": 200}
        accepted = [peer.request(render_request(f"q{i}", frames=20, options=slow)) for i in range(2)]
        assert all(isinstance(a, Accepted) for a in accepted)
        refused = peer.request(render_request("q2", frames=20, options=slow))
        assert isinstance(refused, Rejected) and refused.code == "limit_exceeded" and refused.retryable
        # A duplicate of an accepted job is still answered: it adds nothing to the queue.
        assert peer.request(render_request("q0", frames=20, options=slow)).job_id == accepted[0].job_id
        peer.close()


def test_status_and_list_of_unknown_jobs(peer, server):
    answer = peer.request(StatusRequest("doesnotexist"))
    assert isinstance(answer, Error) and answer.code == "not_found"
    listing = peer.request(ListJobs(("completed",), 5))
    assert isinstance(listing, JobList) and all(j.state == "completed" for j in listing.jobs)


def test_a_track_for_another_head_is_rejected(tmp_path):
    from backend.engines.debug import DebugEngine
    from backend.server import Registry
    from protocols.head_id import HeadModelId

    class OneHeadEngine(DebugEngine):
        """The debug drawing, for one head model only (as a real engine with a loaded head)."""

        name = "one-head"
        head = HeadModelId("studio-head", "ab" * 32, "2023")

        def check_track(self, track):
            track.check_head(self.head)

    registry = Registry()
    registry.register_engine("one-head", OneHeadEngine)
    with running_server(tmp_path, registry=registry, engines=("one-head",)) as server:
        peer = RawPeer(server.connection)
        body = reject(peer, peer.frames(render_request("head", engine="one-head")))
        assert body.code == "invalid_track" and body.field == "head_model" and "studio-head" in body.message
        assert server.store.count_jobs() == 0
        peer.close()


def test_submits_wait_for_an_engine_still_loading_while_pings_are_answered(tmp_path):
    import threading

    from backend.engines.debug import DebugEngine
    from backend.server import Registry

    release = threading.Event()

    class SlowToLoad(DebugEngine):
        """The debug drawing behind a build that takes as long as the test says (heavy imports)."""

        name = "slow"

        def __init__(self):
            release.wait(10)

    class Broken(DebugEngine):
        name = "broken"

        def __init__(self):
            raise ImportError("no module named 'weights'")

    registry = Registry()
    registry.register_engine("slow", SlowToLoad)
    registry.register_engine("broken", Broken)
    with running_server(tmp_path, registry=registry, engines=("slow", "broken")) as server:
        peer = RawPeer(server.connection)
        msg_id = peer.send(render_request("early", engine="slow"))
        assert isinstance(peer.request(Ping("meanwhile")), Pong)  # the I/O thread is not blocked
        assert server.registry.ready_engine("slow") is None and server.store.count_jobs() == 0
        release.set()
        message, accepted = peer.recv()
        assert isinstance(accepted, Accepted) and message.header.reply_to == msg_id
        body = reject(peer, peer.frames(render_request("b", engine="broken")))
        assert body.code == "unavailable" and "weights" in body.message
        peer.close()
