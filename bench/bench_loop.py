"""The artist's loop, measured as the add-on lives it: press Render → every image on disk.

A real `mvportrait serve` process (the default engine) and the reference client over loopback; each received
image is written to disk as the add-on writes its strips' files. A shot is 48 frames × 2 cameras at 512²
(`--frames`, `--size`). Printed, per run, seconds from submit to the first image and to the last:

- cold portrait:   a photo this server never saw (its preparation: fit, bust, texture);
- warm portrait:   the same photo, another performance (every image is new, the preparation is not);
- one key changed: the warm shot again with one frame's jaw changed (two images are new);
- after restart:   the server restarted on the same store, the same photo, another performance;

then the fresh-process time of `mvportrait animate text … -o FILE` (the motion a text prompt gives).
Nothing is asserted; run it on a quiet machine and quote medians:

    python bench/bench_loop.py [--repeats 3] [--frames 48] [--size 512] [--engine warp]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # runs from a clone without installing

import cv2  # noqa: E402
import numpy as np  # noqa: E402

from backend.demo import demo_track, demo_views  # noqa: E402
from flame_assets.library import load_head  # noqa: E402
from protocols.client import Client  # noqa: E402
from protocols.connection import ConnectionInfo  # noqa: E402
from protocols.messages import SubmitRender  # noqa: E402
from protocols.tracks import Track  # noqa: E402
from protocols.wire import Blob  # noqa: E402


def portrait_png(seed: int) -> bytes:
    """The astronaut, made new by `seed` in one corner pixel block (so no cache has seen it)."""
    from skimage import data

    photo = data.astronaut().astype(np.int16)
    photo[:4, :4] += seed
    return cv2.imencode(".png", np.clip(photo, 0, 255).astype(np.uint8)[..., ::-1])[1].tobytes()


def performance(head, frames: int, variant: int) -> Track:
    """The demo's performance, shifted by `variant` frames and mirrored in yaw on odd variants: another
    performance of the same length, so none of its images is in the frame cache."""
    track = demo_track(head, seconds=(frames + variant) / 25.0).slice(variant, variant + frames)
    if variant % 2:
        pose = np.array(track.pose)
        pose[:, 1] *= -1
        track = track.with_fields(pose=pose)
    return track.with_fields(first_frame=1)


def with_one_key_changed(track: Track, frame: int) -> Track:
    pose = np.array(track.pose)
    pose[frame, 6] += 0.15  # the jaw opens a little more on one frame
    return track.with_fields(pose=pose)


class Server:
    """`mvportrait serve` in its own process, on a store that outlives it."""

    def __init__(self, folder: Path, engine: str):
        self.folder, self.engine = folder, engine
        self.process: subprocess.Popen | None = None

    def start(self) -> ConnectionInfo:
        connection = self.folder / "connection.json"
        connection.unlink(missing_ok=True)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "backend.cli", "serve", "--store", str(self.folder / "store"),
             "--connection-file", str(connection), "--engine", self.engine],
            cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, stdout=subprocess.DEVNULL,
            stderr=open(self.folder / "serve.log", "ab"))
        deadline = time.monotonic() + 120
        while not connection.exists():
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the server did not start; see {self.folder / 'serve.log'}")
            time.sleep(0.05)
        time.sleep(0.1)
        return ConnectionInfo.load(connection)

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(30)


def shot(client: Client, request: SubmitRender, out: Path) -> tuple[float, float, int]:
    """(seconds to the first image on disk, to the last, images rendered rather than reused)."""
    t0 = time.monotonic()
    accepted = client.submit_render(request).result(120)
    client.subscribe(accepted.job_id)
    first = None
    received = rendered = 0
    out.mkdir(parents=True, exist_ok=True)
    while received < accepted.total:
        event = client.get(timeout=600)
        frame = getattr(event, "frame", None)
        if getattr(event, "job_id", None) != accepted.job_id or frame is None or event.image is None:
            continue
        (out / f"{event.view_name}_{frame:04d}.png").write_bytes(event.image.data)
        received += 1
        rendered += not event.cached
        if first is None:
            first = time.monotonic() - t0
    return first, time.monotonic() - t0, rendered


def request(key: str, engine: str, track: Track, views, reference: bytes, size: int) -> SubmitRender:
    return SubmitRender(idempotency_key=key, engine=engine, resolution=(size, size), track=track,
                        views=tuple(views), reference=Blob("png", reference), options={})


def loop_run(seed: int, args, folder: Path) -> dict[str, tuple[float, float, int]]:
    head = load_head("open")
    views = demo_views(args.size)[:2]  # the front and one three-quarter camera
    photo = portrait_png(seed)
    server = Server(folder, args.engine)
    results = {}
    try:
        with Client(server.start()) as client:
            client.wait_connected(60)
            track = performance(head, args.frames, 0)
            results["cold portrait"] = shot(client, request(f"c{seed}", args.engine, track, views, photo, args.size),
                                            folder / "cold")
            warm = performance(head, args.frames, 1)
            results["warm portrait"] = shot(client, request(f"w{seed}", args.engine, warm, views, photo, args.size),
                                            folder / "warm")
            changed = with_one_key_changed(warm, args.frames // 2)
            results["one key changed"] = shot(client, request(f"k{seed}", args.engine, changed, views, photo,
                                                              args.size), folder / "key")
        server.stop()
        with Client(server.start()) as client:
            client.wait_connected(60)
            again = performance(head, args.frames, 2)
            results["after restart"] = shot(client, request(f"r{seed}", args.engine, again, views, photo,
                                                            args.size), folder / "restart")
    finally:
        server.stop()
    return results


def animate_text_seconds(folder: Path) -> float:
    t0 = time.monotonic()
    subprocess.run([sys.executable, "-m", "backend.cli", "animate", "text", "She nods twice, then turns to her left",
                    "--seconds", "4", "-o", str(folder / "t.npz")], cwd=ROOT, check=True,
                   env={**os.environ, "PYTHONPATH": str(ROOT)}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.monotonic() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--frames", type=int, default=48)
    ap.add_argument("--size", type=int, default=512)
    ap.add_argument("--engine", default="warp")
    args = ap.parse_args()
    print(f"{args.frames} frames x 2 cameras at {args.size}^2, engine {args.engine}, {os.cpu_count()} CPUs, "
          f"load average {os.getloadavg()[0]:.1f}")
    rows: dict[str, list[tuple[float, float, int]]] = {}
    for seed in range(1, args.repeats + 1):
        with tempfile.TemporaryDirectory(prefix="bench-loop-") as tmp:
            for name, figures in loop_run(seed * 7, args, Path(tmp)).items():
                rows.setdefault(name, []).append(figures)
    print(f"{'':<16} {'first image s':>14} {'last image s':>13} {'rendered':>9}   (median of {args.repeats}; min-max)")
    for name, runs in rows.items():
        firsts, lasts = [r[0] for r in runs], [r[1] for r in runs]
        print(f"{name:<16} {statistics.median(firsts):>14.2f} {statistics.median(lasts):>13.2f} "
              f"{statistics.median(r[2] for r in runs):>9.0f}   ({min(lasts):.2f}-{max(lasts):.2f})")
    with tempfile.TemporaryDirectory() as tmp:
        texts = [animate_text_seconds(Path(tmp)) for _ in range(args.repeats)]
    print(f"mvportrait animate text, fresh process: {statistics.median(texts):.2f} s median "
          f"({min(texts):.2f}-{max(texts):.2f})")


if __name__ == "__main__":
    main()
