"""protocols.client.Client: closing promptly, reconnecting with backoff, resending unanswered
requests, resuming streams after a server restart, and surfacing errors."""

from __future__ import annotations

import socket
import time

import pytest

from protocols.client import (CONNECTED, PROTOCOL_ERROR, SERVER_RESTARTED, Client, ClientClosed,
                              ConnectionEvent, ServerError)
from protocols.connection import ConnectionInfo
from protocols.messages import Frame, JobStatus, Pong
from tests.test_server_harness import render_request, running_server, wait_for


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def timed_close(client: Client) -> float:
    start = time.monotonic()
    client.close()
    return time.monotonic() - start


def test_close_returns_within_a_second_when_no_server_exists():
    info = ConnectionInfo("127.0.0.1", free_port(), ConnectionInfo.new_key())
    client = Client(info, heartbeat_s=0.2)
    pending = client.ping()
    time.sleep(0.3)  # let it try, fail and back off at least once
    assert timed_close(client) < 1.0
    with pytest.raises(ClientClosed):
        pending.result(1)
    with pytest.raises(ClientClosed):
        client.ping().result(1)


def test_close_returns_within_a_second_after_the_server_vanished_mid_stream(tmp_path):
    with running_server(tmp_path) as server:
        client = Client(server.connection, window=2)
        job = client.submit_render(render_request("vanish", frames=40, views=1, options={"delay_ms": 30})).result(5)
        client.subscribe(job.job_id)
        wait_for(lambda: isinstance(client.get(0.1), Frame), what="a frame")
    assert timed_close(client) < 1.0


def test_requests_wait_for_a_server_that_starts_later(tmp_path):
    port = free_port()
    info = ConnectionInfo("127.0.0.1", port, ConnectionInfo.new_key())
    info.save(tmp_path / "config" / "connection.json")  # the server will reuse its key and port
    client = Client(info, heartbeat_s=0.2, timeout_s=0.5, backoff_s=(0.05, 0.2))
    try:
        pending = client.ping()
        time.sleep(0.8)  # at least one timed-out attempt and a reconnect with backoff
        assert not pending.done()
        with running_server(tmp_path) as server:
            assert server.connection.port == port
            assert isinstance(pending.result(10), Pong)
            welcome = client.wait_connected(5)
            assert welcome.server_session == server.session_id
    finally:
        assert timed_close(client) < 1.0


def test_streams_resume_across_a_server_restart(tmp_path):
    events = []
    frames: list[Frame] = []
    client = None
    try:
        with running_server(tmp_path) as server:
            client = Client(server.connection, window=3, heartbeat_s=0.1, timeout_s=0.5, backoff_s=(0.05, 0.2))
            job = client.submit_render(render_request("restart", frames=15, views=2,
                                                      options={"delay_ms": 40})).result(5)
            client.subscribe(job.job_id)

            def take(until):
                event = client.get(0.05)
                (frames if isinstance(event, Frame) else events).append(event) if event is not None else None
                return until()

            wait_for(lambda: take(lambda: len(frames) >= 5), what="five frames")
            first_session = server.session_id
        with running_server(tmp_path) as server:
            assert server.session_id != first_session
            wait_for(lambda: take(lambda: any(isinstance(e, JobStatus) and e.state == "completed" for e in events)
                                  and len(frames) >= 30), timeout=20, what="the rest of the job")
    finally:
        if client is not None:
            client.close()
    assert [f.index for f in frames] == list(range(30))
    states = [e.state for e in events if isinstance(e, ConnectionEvent)]
    assert states[0] == CONNECTED and SERVER_RESTARTED in states


def test_error_answers_raise_server_error(tmp_path):
    with running_server(tmp_path) as server, Client(server.connection) as client:
        with pytest.raises(ServerError) as info:
            client.status("0123abcd").result(5)
        assert info.value.code == "not_found" and not info.value.retryable
        rejected = client.submit_render(render_request("x", engine="nope")).result(5)
        assert rejected.code == "unknown_engine"


def test_a_wrong_key_shows_up_as_a_protocol_error(tmp_path):
    with running_server(tmp_path) as server:
        wrong = ConnectionInfo(server.connection.address, server.connection.port, ConnectionInfo.new_key())
        with Client(wrong) as client:
            event = wait_for(lambda: client.get(0.1), what="an event")
            assert isinstance(event, ConnectionEvent) and event.state == PROTOCOL_ERROR
            assert event.code == "bad_signature" and "bad_signature" in event.detail
            assert not client.connected


def test_a_finished_job_streams_through_a_small_window(tmp_path):
    with running_server(tmp_path) as server, Client(server.connection, window=2) as client:
        job = client.submit_render(render_request("done-first", frames=6, views=2)).result(5)
        wait_for(lambda: client.status(job.job_id).result(5).state == "completed", what="the job to complete")
        client.subscribe(job.job_id, from_frame=1)
        indices = []
        wait_for(lambda: (lambda e: indices.append(e.index) if isinstance(e, Frame) else None)(client.get(0.05))
                 or len(indices) == 11, what="every image after the first")
        assert indices == list(range(1, 12))
