"""A server killed with SIGKILL mid-job: no truncated file, and after a restart on the same store
the job resumes from its first unfinished image while the same client re-subscribes by itself."""

from __future__ import annotations

import hashlib
import signal
import sqlite3

import cv2
import numpy as np

from protocols.client import SERVER_RESTARTED, Client, ConnectionEvent
from protocols.connection import ConnectionInfo
from tests.test_server_harness import Received, frame_rows, job_row, render_request, server_process, wait_for


def whole_png(path) -> bool:
    data = path.read_bytes()
    image = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR)
    return data.endswith(b"IEND\xaeB`\x82") and image is not None


def test_server_killed_mid_job_resumes_after_restart(tmp_path):
    store, connection_file = tmp_path / "store", tmp_path / "config" / "connection.json"
    server = server_process(store, connection_file, "--client-timeout", "5")
    info = ConnectionInfo.load(connection_file)
    client = Client(info, window=4, heartbeat_s=0.2, timeout_s=1.0, backoff_s=(0.05, 0.5))
    try:
        job = client.submit_render(render_request("crash", frames=20, views=2, options={"delay_ms": 60})).result(10)
        client.subscribe(job.job_id)

        received = Received(client)

        wait_for(lambda: received.pull(lambda: len(received.frames) >= 6),
                 timeout=20, what="six frames before the kill")
        server.send_signal(signal.SIGKILL)
        server.wait()
        first_session = job_row(store, job.job_id)
        assert first_session["state"] == "running"
        done_before = {row[0] for row in frame_rows(store, job.job_id)}
        assert 6 <= len(done_before) < 40

        # Nothing truncated: every image the store points to is a whole PNG under its final name.
        for row in frame_rows(store, job.job_id):
            path = store / "spool" / "frames" / row[2][:2] / f"{row[2]}.png"
            assert whole_png(path) and hashlib.sha256(path.read_bytes()).hexdigest() == row[3]
        for path in (store / "spool").rglob("*.png"):
            assert whole_png(path), path
        for name in ("request.json", "track.npz", "reference.png"):
            assert (store / "spool" / "jobs" / job.job_id / name).stat().st_size > 0

        server = server_process(store, connection_file, "--client-timeout", "5")
        restarted = ConnectionInfo.load(connection_file)
        assert (restarted.port, restarted.key) == (info.port, info.key)  # clients keep working

        wait_for(lambda: received.pull(lambda: received.completed(job.job_id, 40)),
                 timeout=30, what="the resumed job to finish streaming")
    finally:
        client.close()
        server.send_signal(signal.SIGTERM)
        server.wait(10)

    assert any(isinstance(e, ConnectionEvent) and e.state == SERVER_RESTARTED for e in received.events)
    assert [f.index for f in received.frames] == list(range(40))  # exactly once, in order, across the crash
    rows = frame_rows(store, job.job_id)
    assert [r[0] for r in rows] == list(range(40))
    sessions = {}
    for index, _, _, _, session in rows:
        sessions.setdefault(session, set()).add(index)
    assert len(sessions) == 2
    first, second = sorted(sessions.values(), key=min)
    assert first == done_before
    # The restarted server rendered exactly the unfinished images, starting with the first of them.
    assert second == set(range(40)) - done_before and min(second) == min(set(range(40)) - done_before)
    by_index = {r[0]: r[3] for r in rows}
    assert all(hashlib.sha256(f.image.data).hexdigest() == by_index[f.index] for f in received.frames)
    assert not list((store / "spool").rglob("*.tmp"))
    with sqlite3.connect(store / "jobs.sqlite") as db:
        assert db.execute("SELECT state, done FROM jobs WHERE job_id = ?", (job.job_id,)).fetchone() == \
            ("completed", 40)
