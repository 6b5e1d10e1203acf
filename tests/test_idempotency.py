"""One digest names a request, on both sides of the wire: the key a client derives and the digest the
server keeps agree on what "the same request" is."""

from __future__ import annotations

import dataclasses

import numpy as np

from protocols.idempotency import derived_key, request_digest, retry_key
from protocols.wire import Session
from tests.test_server_harness import render_request


def test_the_digest_ignores_the_key_and_sees_everything_else():
    body = render_request("a", options={"delay_ms": 5})
    digest = request_digest(*body.encode())
    assert request_digest(*dataclasses.replace(body, idempotency_key="b").encode()) == digest
    jaw = np.array(body.track.pose)
    jaw[2, 6] += 1e-3
    changed = (dataclasses.replace(body, track=body.track.with_fields(pose=jaw)),
               dataclasses.replace(body, options={"delay_ms": 6}),
               dataclasses.replace(body, engine="preview"),
               dataclasses.replace(body, views=body.views[::-1]),
               dataclasses.replace(body, reference=render_request("a", seed=1).reference))
    digests = [request_digest(*other.encode()) for other in changed]
    assert digest not in digests and len(set(digests)) == len(digests)


def test_a_client_and_the_server_digest_the_same_request_alike():
    body = render_request("pending", frames=3)
    session = Session(b"k" * 32)
    received = session.deserialize([bytes(f) for f in session.serialize(body.TYPE, *body.encode())])
    assert request_digest(received.content, received.buffers) == request_digest(*body.encode())
    key = derived_key("blender", *body.encode())
    assert key == "blender-" + request_digest(*body.encode())[:40]
    assert retry_key(key).startswith(key + "-") and retry_key(key) != key
