"""Issue 14 item 6, the client's side: an image whose bytes do not match its sha256 is asked for
again a few times with a back-off, then handed over as a failed image: never a tight re-subscribe
loop. The server here is a hand-written ROUTER on a real socket that always sends the damaged copy
(the reference server no longer does: it checks its stored images before sending)."""

from __future__ import annotations

import hashlib
import time

import cv2
import numpy as np
import zmq

from protocols.client import Client
from protocols.connection import ConnectionInfo
from protocols.messages import Frame, Limits
from protocols.wire import Blob, Session, split_identity


def test_a_damaged_image_is_asked_for_a_few_times_then_reported_failed():
    key = ConnectionInfo.new_key()
    ctx = zmq.Context()
    router = ctx.socket(zmq.ROUTER)
    router.linger = 0
    port = router.bind_to_random_port("tcp://127.0.0.1")
    server = Session(key.encode(), "f" * 32)
    png = cv2.imencode(".png", np.zeros((8, 8, 3), np.uint8))[1].tobytes()
    wrong = hashlib.sha256(png + b"other bytes").hexdigest()
    client = Client(ConnectionInfo("127.0.0.1", port, key), heartbeat_s=0.5)
    subscribes, asked, failed = 0, False, None
    try:
        deadline = time.monotonic() + 4.0
        while time.monotonic() < deadline and failed is None:
            if router.poll(20):
                identity, frames = split_identity(router.recv_multipart())
                message = server.deserialize(frames, identity=identity)
                if message.type == "hello":
                    content = {"server": "hostile", "server_session": "f" * 32, "artist": "local", "curve": False,
                               "engines": ["debug"], "generators": [], "limits": Limits().to_dict(),
                               "heartbeat_s": 0.5, "client_timeout_s": 10.0, "minor": 0, "protocol": "MVP/1",
                               "capabilities": ["credit", "resume"]}
                    router.send_multipart(server.serialize("welcome", content, reply_to=message.msg_id,
                                                           identity=identity))
                elif message.type == "ping":
                    router.send_multipart(server.serialize("pong", {"server_time": time.time(), "echo": None},
                                                           reply_to=message.msg_id, identity=identity))
                elif message.type == "subscribe":
                    subscribes += 1
                    frame = {"job_id": "job1", "index": 0, "view": 0, "view_name": "cam", "frame": 1,
                             "state": "done", "sha256": wrong, "error": None, "cached": False}
                    router.send_multipart(server.serialize("frame", frame, [Blob("png", png)], identity=identity))
            if not asked and client.connected:
                client.subscribe("job1")
                asked = True
            event = client.get(0)
            if isinstance(event, Frame):
                failed = event
    finally:
        client.close()
        router.close(0)
        ctx.term()
    assert failed is not None, f"no failed image after {subscribes} subscribes"
    assert failed.state == "failed" and failed.image is None and "damaged" in failed.error
    assert subscribes == 3  # the first subscribe and one per retry, no more
