"""How a portrait's preparation (the warp engine's fit and texture) affects the rest of the server.

With one render worker, a warp job with a new reference portrait is submitted, then a small
`debug` job (another artist's shot). Printed per run:

- prep:     seconds from the portrait job's start to its first image (its preparation);
- other:    seconds from the other job's submit to its last image, meanwhile;
- cancel:   a second new portrait is canceled `--cancel-after` s into its preparation: seconds from
            `cancel` to the `canceled` answer;
- images:   images of that canceled job rendered in all.

Real server and client over loopback, real warp engine. Uses only the public server API, so the
same script measures any checkout:

    python bench/bench_preparation.py [--repeats 3] [--texture-size 1024] [--cancel-after 1.0]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import cv2  # noqa: E402

from backend.server import RenderServer, ServerSettings  # noqa: E402
from flame_assets.library import load_head  # noqa: E402
from protocols.client import Client  # noqa: E402
from protocols.messages import SubmitRender  # noqa: E402
from protocols.tracks import Track  # noqa: E402
from protocols.views import CameraView  # noqa: E402
from protocols.wire import Blob  # noqa: E402


def portrait_png(seed: int) -> bytes:
    import numpy as np
    from skimage import data
    photo = cv2.resize(data.astronaut(), (384, 384), interpolation=cv2.INTER_AREA).astype(np.int16)
    photo[:8, :8] += seed  # a new portrait every run: nothing comes from a cache
    return cv2.imencode(".png", np.clip(photo, 0, 255).astype(np.uint8)[..., ::-1])[1].tobytes()


def request(key: str, engine: str, reference: bytes, frames: int, texture_size: int | None) -> SubmitRender:
    head = load_head("open")
    track = Track.neutral(frames, head.model_id, n_expr=head.n_expr, n_shape=head.n_shape, fps=25.0)
    views = (CameraView.look_at("front", (0, 0, 0.6), width=128, height=128),)
    options = {"texture_size": texture_size} if texture_size else {}
    return SubmitRender(idempotency_key=key, engine=engine, resolution=(128, 128), track=track, views=views,
                        reference=Blob("png", reference), options=options)


def wait(predicate, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError("timed out")
        time.sleep(0.01)


def one_run(seed: int, texture_size: int, cancel_after: float, folder: Path) -> dict:
    settings = ServerSettings(store_dir=folder / "store", connection_file=folder / "connection.json",
                              engines=("warp", "debug"), workers=1)
    server = RenderServer(settings)
    server.start()
    store = server.store
    try:
        with Client(server.connection) as client:
            client.wait_connected(30)
            wait(lambda: server.registry.ready_engine("warp") is not None)
            # A new portrait, and meanwhile another job.
            first = client.submit_render(request(f"a{seed}", "warp", portrait_png(seed), 4, texture_size)).result(60)
            wait(lambda: store.get_job(first.job_id).state == "running")
            t_running = time.monotonic()
            t_other = time.monotonic()
            other = client.submit_render(request(f"o{seed}", "debug", portrait_png(seed), 8, None)).result(60)
            wait(lambda: store.get_job(other.job_id).state == "completed")
            other_s = time.monotonic() - t_other
            wait(lambda: store.get_job(first.job_id).done >= 1)
            prep_s = time.monotonic() - t_running
            # Another new portrait, canceled while it is prepared.
            second = client.submit_render(request(f"b{seed}", "warp", portrait_png(seed + 1000), 4,
                                                  texture_size)).result(60)
            wait(lambda: store.get_job(second.job_id).state == "running")
            time.sleep(cancel_after)
            t_cancel = time.monotonic()
            client.cancel(second.job_id).result(60)
            cancel_s = time.monotonic() - t_cancel
            time.sleep(1.0)
            images = store.get_job(second.job_id).done
    finally:
        server.stop()
    return {"prep": prep_s, "other": other_s, "cancel": cancel_s, "images": images}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--texture-size", type=int, default=1024)
    parser.add_argument("--cancel-after", type=float, default=1.0)
    args = parser.parse_args()
    runs = []
    for seed in range(args.repeats):
        with tempfile.TemporaryDirectory() as folder:
            run = one_run(seed + 1, args.texture_size, args.cancel_after, Path(folder))
        runs.append(run)
        print(f"run {seed + 1}: prep {run['prep']:.2f} s, other job {run['other']:.2f} s, "
              f"cancel {run['cancel']:.2f} s, images of the canceled job {run['images']}", flush=True)
    for key, unit in (("prep", "s"), ("other", "s"), ("cancel", "s")):
        values = [r[key] for r in runs]
        print(f"{key:>6}: median {statistics.median(values):.2f} {unit}, max {max(values):.2f} {unit}")


if __name__ == "__main__":
    main()
