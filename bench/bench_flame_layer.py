"""Speed of the backend FLAME layer on CPU (and CUDA when present): frames/s and vertices/s.

    python bench/bench_flame_layer.py [--head open|PATH] [--repeats 20]
"""

from __future__ import annotations

import argparse
import sys
import platform
import time
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # runs from a clone without installing

from backend.flame.layer import FlameLayer
from flame_assets.library import load_head


def bench(layer: FlameLayer, batch: int, device: str, repeats: int) -> tuple[float, float]:
    g = torch.Generator().manual_seed(0)
    pose = (torch.rand(batch, 15, generator=g) - 0.5).to(device)
    expr = torch.randn(batch, layer.n_expr, generator=g).to(device)
    shape = torch.randn(layer.n_shape, generator=g).to(device)
    lids = torch.rand(batch, 2, generator=g).to(device)
    with torch.inference_mode():
        for _ in range(3):
            layer(pose=pose, expression=expr, shape=shape, eyelids=lids)
        if device == "cuda":
            torch.cuda.synchronize()
        times = []
        for _ in range(repeats):
            t0 = time.perf_counter()
            layer(pose=pose, expression=expr, shape=shape, eyelids=lids)
            if device == "cuda":
                torch.cuda.synchronize()
            times.append(time.perf_counter() - t0)
    times.sort()
    median = times[len(times) // 2]
    return batch / median, batch * layer.num_vertices / median


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--head", default="open")
    ap.add_argument("--repeats", type=int, default=20)
    ap.add_argument("--threads", type=int, nargs="*", default=[1, torch.get_num_threads()],
                    help="CPU thread counts to try (a busy machine punishes multi-threaded small batches)")
    args = ap.parse_args()
    head = load_head(args.head)
    print(f"head {head.name}: {head.num_vertices} vertices, {head.n_shape} identity + {head.n_expr} expression")
    print(f"torch {torch.__version__}, {platform.processor() or platform.machine()}")
    runs = [("cpu", n) for n in dict.fromkeys(args.threads)] + ([("cuda", 0)] if torch.cuda.is_available() else [])
    print(f"{'device':<6} {'threads':>7} {'batch':>5} {'frames/s':>12} {'Mvertices/s':>12}")
    for device, threads in runs:
        if threads:
            torch.set_num_threads(threads)
        layer = FlameLayer(head).to(device)
        for batch in (1, 256):
            fps, vps = bench(layer, batch, device, args.repeats)
            print(f"{device:<6} {threads or '-':>7} {batch:>5} {fps:>12.1f} {vps / 1e6:>12.2f}")


if __name__ == "__main__":
    main()
