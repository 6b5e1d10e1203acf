"""Throughput of backend.render.rasterize on a ~10k-triangle head-sized ellipsoid.

    python bench/bench_rasterizer.py [--sizes 256 512 1024] [--batches 1 8] [--devices cpu cuda] [--cull]

Prints frames/s and megapixels/s (output pixels, median of repeats, best in brackets) and peak memory:
on CUDA torch.cuda.max_memory_allocated; on CPU the peak resident set size of a fresh child process per
configuration (ru_maxrss), total and above the baseline measured before the first render.
"""

from __future__ import annotations

import argparse
import json
import math
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from backend.render import rasterize  # noqa: E402
from protocols.flame_conventions import euler_to_matrix  # noqa: E402


def bumpy_ellipsoid(n_lat: int = 72, n_lon: int = 72) -> tuple[torch.Tensor, torch.Tensor]:
    """Closed UV ellipsoid with low-frequency bumps: 2 * n_lon * (n_lat - 1) triangles (10224 default)."""
    th = torch.linspace(0, math.pi, n_lat + 1)[1:-1]
    ph = torch.linspace(0, 2 * math.pi, n_lon + 1)[:-1]
    T, P = torch.meshgrid(th, ph, indexing="ij")
    r = 1 + 0.05 * torch.sin(3 * T) * torch.cos(4 * P)
    ring = torch.stack((r * T.sin() * P.cos(), -r * T.cos(), r * T.sin() * P.sin()), -1).reshape(-1, 3)
    verts = torch.cat((ring, torch.tensor([[0.0, -1.0, 0.0], [0.0, 1.0, 0.0]])))
    top, bottom = len(verts) - 2, len(verts) - 1
    i = torch.arange(n_lat - 2).repeat_interleave(n_lon)
    j = torch.arange(n_lon).repeat(n_lat - 2)
    a, b = i * n_lon + j, i * n_lon + (j + 1) % n_lon
    c, d = a + n_lon, b + n_lon
    quads = torch.cat((torch.stack((a, c, d), 1), torch.stack((a, d, b), 1)))
    j = torch.arange(n_lon)
    last = (n_lat - 2) * n_lon
    caps = torch.cat((
        torch.stack((torch.full_like(j, top), j, (j + 1) % n_lon), 1),
        torch.stack((torch.full_like(j, bottom), last + (j + 1) % n_lon, last + j), 1),
    ))
    return verts * torch.tensor([0.08, 0.11, 0.095]), torch.cat((quads, caps))


def scene(size: int, batch: int, device: str) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    verts, faces = bumpy_ellipsoid()
    yaw = np.linspace(-0.5, 0.5, batch)
    R = torch.tensor(euler_to_matrix(np.stack([yaw, 0 * yaw, 0 * yaw], -1)), dtype=torch.float32)   # head turns
    cam = verts @ R.transpose(1, 2) + torch.tensor([0.0, 0.0, 0.55])
    f = 1.6 * size
    K = torch.tensor([[f, 0.0, size / 2], [0.0, f, size / 2], [0.0, 0.0, 1.0]]).expand(batch, 3, 3)
    return cam.to(device), faces.to(device), K.to(device)


def measure(size: int, batch: int, device: str, cull: bool, min_time: float = 1.0) -> dict[str, float]:
    verts, faces, K = scene(size, batch, device)
    sync = torch.cuda.synchronize if device == "cuda" else (lambda: None)
    base_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    if device == "cuda":
        torch.cuda.reset_peak_memory_stats()
        base_gpu = torch.cuda.memory_allocated()
    fr = rasterize(verts, faces, K, size, size, cull_backfaces=cull)  # warm-up
    coverage = fr.mask.float().mean().item()
    del fr
    times: list[float] = []
    start = time.perf_counter()
    while len(times) < 3 or (time.perf_counter() - start < min_time and len(times) < 50):
        sync()
        t0 = time.perf_counter()
        fr = rasterize(verts, faces, K, size, size, cull_backfaces=cull)
        sync()
        times.append(time.perf_counter() - t0)
        del fr
    out = {
        "median_s": statistics.median(times),
        "best_s": min(times),
        "coverage": coverage,
        "faces": faces.shape[0],
        "reps": len(times),
    }
    if device == "cuda":
        out["peak_mib"] = torch.cuda.max_memory_allocated() / 2**20
        out["peak_above_base_mib"] = (torch.cuda.max_memory_allocated() - base_gpu) / 2**20
    else:
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
        out["peak_mib"] = peak / 1024
        out["peak_above_base_mib"] = (peak - base_rss) / 1024
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[256, 512, 1024])
    ap.add_argument("--batches", type=int, nargs="+", default=[1, 8])
    ap.add_argument("--devices", nargs="+", default=["cpu", "cuda"])
    ap.add_argument("--cull", action="store_true", help="cull back faces (default: draw both sides)")
    ap.add_argument("--child", nargs=3, metavar=("SIZE", "BATCH", "DEVICE"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        size, batch, device = int(args.child[0]), int(args.child[1]), args.child[2]
        print(json.dumps(measure(size, batch, device, args.cull)))
        return

    devices = [d for d in args.devices if d == "cpu" or (d == "cuda" and torch.cuda.is_available())]
    print(f"torch {torch.__version__}, {torch.get_num_threads()} CPU threads"
          + (f", {torch.cuda.get_device_name()}" if "cuda" in devices else ", no CUDA device"))
    print(f"{'device':6} {'size':>5} {'batch':>5} {'faces':>6} {'cover':>6} {'frames/s':>18} {'Mpx/s':>16} "
          f"{'peak MiB':>9} {'+render':>8}")
    for device in devices:
        for size in args.sizes:
            for batch in args.batches:
                if device == "cpu":  # a fresh process per row so that ru_maxrss is this row's peak
                    cmd = [sys.executable, __file__, "--child", str(size), str(batch), device]
                    cmd += ["--cull"] if args.cull else []
                    res = json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)
                else:
                    res = measure(size, batch, device, args.cull)
                fps, fps_best = batch / res["median_s"], batch / res["best_s"]
                mpx, mpx_best = fps * size * size / 1e6, fps_best * size * size / 1e6
                print(f"{device:6} {size:5d} {batch:5d} {res['faces']:6d} {res['coverage']:6.1%} "
                      f"{fps:8.1f} [{fps_best:7.1f}] {mpx:7.1f} [{mpx_best:6.1f}] "
                      f"{res['peak_mib']:9.0f} {res['peak_above_base_mib']:8.0f}")


if __name__ == "__main__":
    main()
