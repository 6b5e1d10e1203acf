"""Benchmark MVP/1 over loopback: frames/s and MB/s streamed for 512×512 frames, and ping latency.

Streaming is measured end to end through the real server and client (spool read, signing,
credit, verification, sha256 check), from `subscribe` to the last frame, on a job whose images
are already rendered, so the figures are the wire's and not the engine's. Two image kinds:
the `debug` engine's drawings (small PNGs) and incompressible noise (PNGs as large as 512×512×3
gets, a worst case for bandwidth; rendered by a bench-only engine registered here).

    python bench/bench_wire.py [--images 300] [--size 512] [--window 16] [--pings 1000]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import cv2  # noqa: E402

from backend.engines.base import Engine, JobPlan  # noqa: E402
from backend.server import Registry, RenderServer, ServerSettings  # noqa: E402
from protocols.client import Client  # noqa: E402
from protocols.head_id import HeadModelId  # noqa: E402
from protocols.messages import SERVER_MESSAGES, Frame, Ping, Pong, SubmitRender, decode_body  # noqa: E402
from protocols.tracks import Track  # noqa: E402
from protocols.views import CameraView  # noqa: E402
from protocols.flame_conventions import pose_column  # noqa: E402
from protocols.wire import Blob, Session  # noqa: E402

HEAD = HeadModelId("bench-head", "0" * 64, "open-1")


def render_request(key: str, frames: int, views: int, resolution: tuple[int, int], engine: str) -> SubmitRender:
    """A head turning left to right, seen by `views` cameras around it."""
    pose = np.zeros((frames, 15), np.float32)
    pose[:, pose_column("global", "yaw")] = np.linspace(-0.6, 0.6, frames)
    track = Track.neutral(frames, HEAD, n_expr=50, n_shape=100).with_fields(pose=pose)
    cameras = tuple(CameraView.look_at(f"cam{i}", (0.6 * np.sin(a), 0.0, 0.6 * np.cos(a)))
                    for i, a in enumerate(np.linspace(-0.8, 0.8, views)))
    portrait = cv2.imencode(".png", np.full((128, 96, 3), 180, np.uint8))[1].tobytes()
    return SubmitRender(key, engine, resolution, track, cameras, Blob("png", portrait), {})


class NoiseEngine(Engine):
    """Uniform noise per image, seeded by its index: PNG cannot compress it."""

    name = "noise"

    def prepare(self, request, cancel: threading.Event) -> JobPlan:
        return JobPlan(request, cancel)

    def render_frame(self, plan, view_index, frame_offset):
        width, height = plan.request.resolution
        rng = np.random.default_rng(frame_offset * 1000 + view_index)
        return rng.integers(0, 256, (height, width, 3), dtype=np.uint8)


def wait_completed(client: Client, job_id: str) -> None:
    while True:
        status = client.status(job_id).result(60)
        if status.final:
            assert status.state == "completed", status
            return
        time.sleep(0.05)


def stream(server: RenderServer, engine: str, images: int, size: int, window: int, repeat: int) -> dict:
    """Render a job once, then stream it `repeat` times; the median run is reported."""
    views = 2
    frames = images // views
    with Client(server.connection, window=window) as client:
        job = client.submit_render(render_request(f"bench-{engine}-{size}-{images}", frames=frames, views=views,
                                                  resolution=(size, size), engine=engine)).result(10)
        wait_completed(client, job.job_id)
    runs = []
    for _ in range(repeat):
        with Client(server.connection, window=window) as client:
            client.wait_connected(10)
            received = total_bytes = 0
            start = time.perf_counter()
            client.subscribe(job.job_id)
            while received < frames * views:
                event = client.get(10)
                if isinstance(event, Frame):
                    received += 1
                    total_bytes += len(event.image.data)
                elif event is None:
                    raise RuntimeError("streaming stalled")
            runs.append(time.perf_counter() - start)
    elapsed = statistics.median(runs)
    return {"engine": engine, "images": received, "seconds": elapsed, "fps": received / elapsed,
            "mb_s": total_bytes / elapsed / 1e6, "kb_per_image": total_bytes / received / 1e3,
            "best_fps": received / min(runs)}


def client_pings(server: RenderServer, count: int) -> list[float]:
    with Client(server.connection) as client:
        client.wait_connected(10)
        for _ in range(20):
            client.ping().result(5)
        samples = []
        for _ in range(count):
            start = time.perf_counter()
            client.ping().result(5)
            samples.append(time.perf_counter() - start)
    return samples


def raw_pings(server: RenderServer, count: int) -> list[float]:
    import zmq
    ctx = zmq.Context.instance()
    sock = ctx.socket(zmq.DEALER)
    sock.linger = 0
    sock.connect(server.connection.endpoint)
    session = Session(server.connection.key_bytes)
    reader = Session(server.connection.key_bytes)
    samples = []
    for i in range(count + 20):
        start = time.perf_counter()
        sock.send_multipart(session.serialize("ping", Ping().encode()[0]))
        message = reader.deserialize(sock.recv_multipart())
        assert isinstance(decode_body(message.type, message.content, message.buffers, SERVER_MESSAGES), Pong)
        if i >= 20:
            samples.append(time.perf_counter() - start)
    sock.close()
    return samples


def summary(samples: list[float]) -> str:
    ms = sorted(s * 1000 for s in samples)
    p95 = ms[min(len(ms) - 1, int(round(0.95 * (len(ms) - 1))))]
    return f"median {statistics.median(ms):.3f} ms, p95 {p95:.3f} ms ({len(ms)} pings)"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--images", type=int, default=400, help="images per streamed job (2 views)")
    parser.add_argument("--size", type=int, default=512)
    parser.add_argument("--window", type=int, default=16, help="client credit window")
    parser.add_argument("--pings", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5, help="streaming runs per image kind (median reported)")
    args = parser.parse_args()

    registry = Registry()
    registry.register_engine("noise", NoiseEngine)
    with tempfile.TemporaryDirectory() as tmp:
        settings = ServerSettings(store_dir=Path(tmp) / "store", connection_file=Path(tmp) / "connection.json",
                                  engines=("debug", "noise"))
        server = RenderServer(settings, registry=registry)
        server.start()
        try:
            print(f"MVP/1 over loopback ({server.connection.endpoint}), {args.size}x{args.size} frames, "
                  f"credit window {args.window}; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
            for engine in ("debug", "noise"):
                r = stream(server, engine, args.images, args.size, args.window, args.repeat)
                print(f"  stream {r['engine']:>5} frames: {r['images']} images in {r['seconds']:.2f} s = "
                      f"{r['fps']:.0f} frames/s, {r['mb_s']:.1f} MB/s ({r['kb_per_image']:.0f} kB per PNG; "
                      f"median of {args.repeat}, best {r['best_fps']:.0f} frames/s)")
            print(f"  ping via Client (caller thread → I/O thread → server → back): "
                  f"{summary(client_pings(server, args.pings))}")
            print(f"  ping on a bare DEALER (sign, send, verify):                  "
                  f"{summary(raw_pings(server, args.pings))}")
        finally:
            server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
