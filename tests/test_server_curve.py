"""CURVE: only allow-listed artist keys get in, and an artist sees and cancels only their own jobs."""

from __future__ import annotations

import json
import os
import stat

import pytest
import zmq
import zmq.utils.monitor

from protocols.client import Client, ServerError
from protocols.connection import ConnectionInfo, CurveKeypair
from protocols.messages import Ping, Pong
from tests.test_server_harness import RawPeer, render_request, running_server, wait_for


@pytest.fixture(scope="module")
def keys():
    return {name: CurveKeypair.generate() for name in ("alice", "bob", "mallory", "carol")}


@pytest.fixture(scope="module")
def curve_server(tmp_path_factory, keys):
    root = tmp_path_factory.mktemp("curve")
    artists = root / "artists.json"
    artists.write_text(json.dumps({"alice": keys["alice"].public, "bob": keys["bob"].public}))
    with running_server(root, curve=True, artists_file=artists) as server:
        yield server


def test_connection_file_carries_the_server_public_key(curve_server):
    info = ConnectionInfo.load(curve_server.settings.connection_file)
    assert info.server_public_key and len(info.server_public_key) == 40
    assert CurveKeypair.load(curve_server.settings.server_keypair_file).public == info.server_public_key
    for path in (curve_server.settings.connection_file, curve_server.settings.server_keypair_file):
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600, path
    assert "secret" not in curve_server.settings.connection_file.read_text()
    with pytest.raises(ValueError, match="keypair"):
        Client(info)


def test_artists_see_and_cancel_only_their_own_jobs(curve_server, keys):
    info = curve_server.connection
    with Client(info, keypair=keys["alice"]) as alice, Client(info, keypair=keys["bob"]) as bob:
        assert alice.wait_connected(5).artist == "alice" and alice.welcome.curve
        assert bob.wait_connected(5).artist == "bob"
        job = alice.submit_render(render_request("alice-shot", frames=30, views=1,
                                                 options={"delay_ms": 50})).result(5)
        # The same idempotency key is Bob's own: it makes a separate job.
        bobs = bob.submit_render(render_request("alice-shot", frames=2, views=1)).result(5)
        assert bobs.job_id != job.job_id and not bobs.duplicate

        assert [j.job_id for j in bob.list_jobs().result(5).jobs] == [bobs.job_id]
        for attempt in (bob.status, bob.cancel):
            with pytest.raises(ServerError) as info_:
                attempt(job.job_id).result(5)
            assert info_.value.code == "not_found" and "bob" in str(info_.value)
        peer = RawPeer(info, keypair=keys["bob"])
        from protocols.messages import Credit, Subscribe
        answer = peer.request(Subscribe(job.job_id, credit=8))
        assert answer.code == "not_found"
        peer.send(Credit(job.job_id, 5))
        assert peer.recv()[1].code == "not_found"
        peer.close()

        assert curve_server.store.get_job(job.job_id).state in ("queued", "running")
        assert job.job_id in [j.job_id for j in alice.list_jobs().result(5).jobs]
        assert alice.cancel(job.job_id).result(5).state == "canceled"


def handshake_events(keypair: CurveKeypair, info: ConnectionInfo, timeout: float = 5.0) -> set[int]:
    ctx = zmq.Context.instance()
    sock = ctx.socket(zmq.DEALER)
    sock.linger = 0
    sock.curve_secretkey = keypair.secret.encode()
    sock.curve_publickey = keypair.public.encode()
    sock.curve_serverkey = info.server_public_key.encode()
    monitor = sock.get_monitor_socket()
    sock.connect(info.endpoint)
    seen: set[int] = set()
    final = {zmq.EVENT_HANDSHAKE_SUCCEEDED, zmq.EVENT_HANDSHAKE_FAILED_AUTH, zmq.EVENT_HANDSHAKE_FAILED_PROTOCOL,
             zmq.EVENT_HANDSHAKE_FAILED_NO_DETAIL}

    def done():
        while monitor.poll(10):
            seen.add(zmq.utils.monitor.recv_monitor_message(monitor)["event"])
        return seen & final

    try:
        wait_for(done, timeout=timeout, what="the CURVE handshake to finish")
    finally:
        sock.disable_monitor()
        monitor.close(linger=0)
        sock.close(linger=0)
    return seen


def test_unlisted_keys_cannot_connect(curve_server, keys):
    events = handshake_events(keys["mallory"], curve_server.connection)
    assert zmq.EVENT_HANDSHAKE_FAILED_AUTH in events and zmq.EVENT_HANDSHAKE_SUCCEEDED not in events
    assert zmq.EVENT_HANDSHAKE_SUCCEEDED in handshake_events(keys["alice"], curve_server.connection)


def test_signing_key_is_still_required_under_curve(curve_server, keys):
    peer = RawPeer(curve_server.connection, key=b"a-listed-artist-without-the-key", keypair=keys["alice"])
    peer.send(Ping())
    assert peer.recv()[1].code == "bad_signature"
    peer.close()


def test_artists_file_changes_apply_without_restart(curve_server, keys):
    artists = curve_server.settings.artists_file
    listed = json.loads(artists.read_text())
    artists.write_text(json.dumps({**listed, "carol": keys["carol"].public}))
    peer = RawPeer(curve_server.connection, keypair=keys["carol"])
    assert isinstance(peer.request(Ping()), Pong)
    peer.close()
    with Client(curve_server.connection, keypair=keys["carol"]) as carol:
        assert carol.wait_connected(5).artist == "carol"
