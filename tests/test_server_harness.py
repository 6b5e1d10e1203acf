"""Shared pieces for the wire, server and client tests: real tracks, views and portraits, an
in-process server on a random loopback port, a raw DEALER peer for hand-made messages, and a
server in a subprocess for kill -9 tests. (Named test_* so it sits with the suites it serves;
it holds no tests of its own.)"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import cv2
import numpy as np
import zmq

from backend.engines.base import Engine, EngineUnavailable
from protocols.bust import Bust
from protocols.connection import ConnectionInfo, CurveKeypair
from protocols.head_id import HeadModelId
from protocols.client import Client
from protocols.messages import SERVER_MESSAGES, Body, Frame, JobStatus, Limits, SubmitRender, decode_body
from protocols.tracks import Track
from protocols.views import CameraView
from protocols.wire import Blob, Message, Session

REPO = Path(__file__).resolve().parents[1]
HEAD = HeadModelId("open-test-head", hashlib.sha256(b"test head").hexdigest(), "open-1")


def make_track(frames: int = 6, n_expr: int = 10, n_shape: int = 20, seed: int = 0) -> Track:
    rng = np.random.default_rng(seed)
    t = np.linspace(0.0, 1.0, frames, dtype=np.float32)
    pose = np.zeros((frames, 15), np.float32)
    pose[:, 1] = 0.4 * np.sin(2 * np.pi * t)      # yaw
    pose[:, 6] = 0.2 * (1 + np.sin(4 * np.pi * t))  # jaw
    return Track(pose=pose, expression=rng.normal(0, 0.5, (frames, n_expr)).astype(np.float32),
                 eyelids=np.clip(np.stack([t, t], 1), 0, 1), translation=np.zeros((frames, 3), np.float32),
                 shape=rng.normal(0, 0.3, n_shape).astype(np.float32), fps=25.0, first_frame=1, head_model=HEAD)


def make_views(n: int = 2) -> tuple[CameraView, ...]:
    eyes = [(0, 0, 0.6), (0.6, 0, 0), (-0.6, 0, 0), (0, 0.4, 0.45)]
    return tuple(CameraView.look_at(f"cam{i}", eyes[i % len(eyes)], width=512, height=512) for i in range(n))


def reference_png(seed: int = 0) -> Blob:
    rng = np.random.default_rng(seed)
    image = cv2.resize(rng.integers(0, 255, (16, 12, 3), dtype=np.uint8), (96, 128),
                       interpolation=cv2.INTER_NEAREST)
    return Blob("png", cv2.imencode(".png", image)[1].tobytes())


def render_request(key: str = "job-1", frames: int = 6, views: int = 2, resolution=(64, 64), engine: str = "debug",
                   options: dict | None = None, seed: int = 0) -> SubmitRender:
    return SubmitRender(idempotency_key=key, engine=engine, resolution=resolution,
                        track=make_track(frames, seed=seed), views=make_views(views), reference=reference_png(seed),
                        options=options or {})


def wait_for(predicate, timeout: float = 10.0, interval: float = 0.01, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(interval)


class TriangleBust(Engine):
    """An engine whose bust is one triangle, its texture's grey the reference PNG's length (mod 256), so a test
    sees which photo it was made from; option `fail` makes it fail. The server's portrait path without a photo's
    seconds of preparation; the warp engine's own bust crosses the wire in tests/test_server_portrait.py."""

    name = "triangle"

    def check_portrait(self, request):
        pass

    def bust(self, request, cancel):
        if request.options.get("fail"):
            raise RuntimeError("this portrait asks the engine to fail")
        arrays = {"head_offsets": np.zeros((3, 3), np.float32), "head_vertices": np.eye(3, dtype=np.float32),
                  "head_faces": np.array([[0, 1, 2]], np.int32), "head_uv": np.eye(3, 2, dtype=np.float32),
                  "head_uv_faces": np.array([[0, 1, 2]], np.int32), "head_weights": np.ones((3, 1), np.float32),
                  "head_texture": np.full((4, 4, 4), len(request.reference_png) % 256, np.uint8),
                  "torso_vertices": np.zeros((0, 3), np.float32), "torso_faces": np.zeros((0, 3), np.int32),
                  "torso_uv": np.zeros((0, 3, 2), np.float32), "torso_texture": np.zeros((0, 0, 4), np.uint8)}
        return Bust(CameraView.look_at("photo", (0, 0, 0.6), width=64, height=64),
                    Track.neutral(1, request.head_model, n_expr=10, n_shape=5), ("global",), arrays)

    # Busts only: a render job for it is refused with a clear reason, as an engine without busts refuses portraits.
    def prepare(self, request, cancel):
        raise EngineUnavailable("the triangle test engine makes busts only, no frames")

    def render_frame(self, plan, view_index, frame_offset):
        raise EngineUnavailable("the triangle test engine makes busts only, no frames")


@contextlib.contextmanager
def running_server(tmp_path: Path, registry=None, **settings):
    from backend.server import RenderServer, ServerSettings
    limits = settings.pop("limits", Limits())
    # Only the engines a test uses, so no test server imports a heavy engine it never runs.
    settings.setdefault("engines", ("debug",))
    config = ServerSettings(store_dir=tmp_path / "store", connection_file=tmp_path / "config" / "connection.json",
                            limits=limits, **settings)
    server = RenderServer(config, registry=registry)
    server.start()
    try:
        yield server
    finally:
        server.stop()


class RawPeer:
    """A bare DEALER with its own wire session: sends whatever frames a test makes."""

    def __init__(self, info: ConnectionInfo, key: bytes | None = None, keypair: CurveKeypair | None = None,
                 context: zmq.Context | None = None, rcvhwm: int | None = None):
        self.ctx = context or zmq.Context.instance()
        self.sock = self.ctx.socket(zmq.DEALER)
        self.sock.linger = 0
        if rcvhwm is not None:
            self.sock.rcvhwm = rcvhwm
        if keypair is not None:
            self.sock.curve_secretkey = keypair.secret.encode()
            self.sock.curve_publickey = keypair.public.encode()
            self.sock.curve_serverkey = info.server_public_key.encode()
        self.sock.connect(info.endpoint)
        self.session = Session(key or info.key_bytes)
        # The server's messages are checked with the real key, whatever key we sign with.
        self.reader = Session(info.key_bytes)

    def frames(self, body: Body, **kw) -> list[bytes]:
        content, buffers = body.encode()
        return [bytes(f) for f in self.session.serialize(body.TYPE, content, buffers, job_id=body.header_job_id,
                                                         **kw)]

    def send(self, body: Body) -> str:
        header, frames = self.session.build(body.TYPE, *body.encode(), job_id=body.header_job_id)
        self.sock.send_multipart(frames)
        return header.msg_id

    def send_frames(self, frames: list) -> None:
        self.sock.send_multipart(frames)

    def recv(self, timeout: float = 5.0) -> tuple[Message, Body]:
        if not self.sock.poll(int(timeout * 1000)):
            raise AssertionError(f"no message from the server within {timeout} s")
        message = self.reader.deserialize(self.sock.recv_multipart())
        return message, decode_body(message.type, message.content, message.buffers, SERVER_MESSAGES)

    def request(self, body: Body, timeout: float = 5.0) -> Body:
        """Send and return the answer to it, skipping pushed messages."""
        msg_id = self.send(body)
        deadline = time.monotonic() + timeout
        while True:
            message, answer = self.recv(max(0.01, deadline - time.monotonic()))
            if message.header.reply_to == msg_id:
                return answer

    def close(self) -> None:
        self.sock.close(linger=0)


def server_process(store: Path, connection_file: Path, *args: str) -> subprocess.Popen:
    """`python -m backend.server` in a subprocess; returns once it has written its connection file."""
    before = connection_file.stat().st_mtime_ns if connection_file.exists() else None
    proc = subprocess.Popen([sys.executable, "-m", "backend.server", "--store", str(store), "--connection-file",
                             str(connection_file), "--log-level", "WARNING", "--engine", "debug", *args], cwd=REPO,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONPATH": str(REPO)})
    line = proc.stdout.readline()
    if "listening on" not in line:
        proc.kill()
        raise AssertionError(f"server did not start: {line}{proc.stderr.read()}")
    assert connection_file.stat().st_mtime_ns != before
    return proc


def frame_rows(store_dir: Path, job_id: str) -> list[tuple]:
    import sqlite3
    with contextlib.closing(sqlite3.connect(store_dir / "jobs.sqlite")) as db:
        return db.execute("SELECT idx, state, content_hash, sha256, server_session FROM frames WHERE job_id = ? "
                          "ORDER BY idx", (job_id,)).fetchall()


def job_row(store_dir: Path, job_id: str) -> dict:
    import sqlite3
    with contextlib.closing(sqlite3.connect(store_dir / "jobs.sqlite")) as db:
        db.row_factory = sqlite3.Row
        row = db.execute("SELECT * FROM jobs WHERE job_id = ?", (job_id,)).fetchone()
    return dict(row) if row else None


def dump(obj) -> str:
    return json.dumps(obj, indent=1, default=str)


def collect(client: Client, job_id: str, timeout: float = 20.0) -> tuple[list[Frame], JobStatus]:
    """Every frame of a job until its final status has come and no image is missing."""
    frames: list[Frame] = []
    final = None
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        event = client.get(0.2)
        if isinstance(event, Frame) and event.job_id == job_id:
            frames.append(event)
        elif isinstance(event, JobStatus) and event.job_id == job_id and event.final:
            final = event
        if final is not None and len(frames) >= final.done + final.failed - (frames[0].index if frames else 0):
            return frames, final
    raise AssertionError(f"job {job_id}: got {len(frames)} frames, final status {final}")


class Received:
    """What a client receives while a test kills and restarts things: frames in `frames`, every other event
    (statuses, connection events) in `events`, read one event per `pull`."""

    def __init__(self, client: Client):
        self.client = client
        self.frames: list[Frame] = []
        self.events: list = []

    def pull(self, stop) -> bool:
        event = self.client.get(0.05)
        if isinstance(event, Frame):
            self.frames.append(event)
        elif event is not None:
            self.events.append(event)
        return stop()

    def completed(self, job_id: str, total: int) -> bool:
        """The job's completed status has come and every image from the first one received."""
        return any(isinstance(e, JobStatus) and e.job_id == job_id and e.state == "completed"
                   for e in self.events) and len(self.frames) >= total - self.frames[0].index

