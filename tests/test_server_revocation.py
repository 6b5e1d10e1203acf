"""Issue 14 item 8: an artist removed from the artists file loses an open connection's rights within
a second: requests are refused and the connection's streams stop (real CURVE server)."""

from __future__ import annotations

import json
import time

from protocols.connection import CurveKeypair
from protocols.messages import Accepted, Error, Frame, Ping, Pong, Rejected, Subscribe
from tests.test_server_harness import RawPeer, render_request, running_server


def test_a_removed_artist_loses_the_open_connection_within_a_second(tmp_path):
    alice, bob = CurveKeypair.generate(), CurveKeypair.generate()
    artists = tmp_path / "artists.json"
    artists.write_text(json.dumps({"alice": alice.public, "bob": bob.public}))
    with running_server(tmp_path, curve=True, artists_file=artists) as server:
        bob_peer = RawPeer(server.connection, keypair=bob)
        alice_peer = RawPeer(server.connection, keypair=alice)
        try:
            job = bob_peer.request(render_request("bob's long shot", frames=200, views=1,
                                                  options={"delay_ms": 20}))
            assert isinstance(job, Accepted)
            bob_peer.send(Subscribe(job.job_id, credit=1000))
            artists.write_text(json.dumps({"alice": alice.public}))  # bob leaves the studio
            time.sleep(1.0)
            # Requests over the open connection are refused now...
            answer = bob_peer.request(render_request("bob's next shot", frames=2, views=1))
            assert isinstance(answer, Rejected) and answer.code == "revoked", answer
            refused = bob_peer.request(Ping())
            assert isinstance(refused, Error) and refused.code == "revoked"
            # ...and the stream stopped: at most what was already on its way arrives.
            drained = _drain(bob_peer)
            time.sleep(0.6)
            assert _drain(bob_peer) == 0, f"frames still arrive ({drained} right after the revocation)"
            assert isinstance(alice_peer.request(Ping()), Pong)  # others are untouched
        finally:
            bob_peer.close()
            alice_peer.close()


def _drain(peer: RawPeer) -> int:
    frames = 0
    while peer.sock.poll(100):
        _, body = peer.recv()
        frames += isinstance(body, Frame)
    return frames
