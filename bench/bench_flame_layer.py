"""The backend FLAME layer against the reference `smplx.FLAME` on the same head file, side by side.

    python bench/bench_flame_layer.py [--head open|PATH] [--repeats 30] [--threads 1 2] [--batches 1 16 256]

Both run in this process on the same random parameters, calls interleaved (ours, smplx, ours, ...) so a
machine that changes speed halfway slows both alike; the figure to quote is the ratio of medians. Rows:
- `track`: a track's frames, one identity (the shape is applied once and reused, as the engines call it);
- `new identity`: the identity is recomputed on every call, as smplx always does.
Two references: `smplx.FLAME` as users call it (its forward also computes 51 + 17 landmarks), and
`smplx.lbs.lbs`, the skinning function alone on the same arrays (no landmarks): the stricter comparison.
The last lines give the machine's float32 matrix-product rate and what it makes the floor for each batch:
the FLOPs a frame needs at the least (the per-frame blendshape product) at that rate.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # runs from a clone without installing

from backend.flame.layer import FlameLayer  # noqa: E402
from flame_assets.library import load_head  # noqa: E402
from flame_assets.smplx_export import export_flame_folder  # noqa: E402


def inputs(batch: int, n_shape: int, n_expr: int, seed: int = 0) -> dict[str, torch.Tensor]:
    g = torch.Generator().manual_seed(seed)
    return {"pose": (torch.rand(batch, 15, generator=g) - 0.5) * 0.8,
            "expression": torch.randn(batch, n_expr, generator=g),
            "shape": torch.randn(1, n_shape, generator=g),
            "eyelids": torch.rand(batch, 2, generator=g),
            "translation": torch.randn(batch, 3, generator=g) * 0.01}


def timed(fn, repeats: int) -> list[float]:
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return times


def matmul_gflops(repeats: int = 5) -> float:
    a, b = torch.randn(1024, 1024), torch.randn(1024, 1024)
    a @ b
    best = min(timed(lambda: a @ b, repeats))
    return 2 * 1024 ** 3 / best / 1e9


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--head", default="open")
    ap.add_argument("--repeats", type=int, default=30)
    ap.add_argument("--threads", type=int, nargs="*", default=[1, 2])
    ap.add_argument("--batches", type=int, nargs="*", default=[1, 16, 256])
    args = ap.parse_args()
    try:
        import smplx
    except ImportError:
        sys.exit("this comparison needs the reference: pip install smplx==0.1.28 (the test extra has it)")
    head = load_head(args.head)
    folder = export_flame_folder(head, Path(tempfile.mkdtemp(prefix="flame-bench-")))
    print(f"head {head.name}: {head.num_vertices} vertices, {head.n_shape} identity + {head.n_expr} expression; "
          f"smplx {getattr(smplx, '__version__', '0.1.28')} on the same file")
    print(f"torch {torch.__version__}, {platform.processor() or platform.machine()}, float32, CPU")
    print(f"{'threads':>7} {'batch':>5} {'mode':<13} {'ours fr/s':>10} {'FLAME fr/s':>10} {'ours/FLAME':>10} "
          f"{'lbs fr/s':>9} {'ours/lbs':>9}")
    floors = {}
    for threads in args.threads:
        torch.set_num_threads(threads)
        ours = FlameLayer(head).eval()
        for batch in args.batches:
            x = inputs(batch, head.n_shape, head.n_expr)
            ref = smplx.FLAME(model_path=str(folder), num_betas=head.n_shape, num_expression_coeffs=head.n_expr,
                              batch_size=batch).eval()
            betas = x["shape"].expand(batch, -1).contiguous()
            p = x["pose"]

            def run_ref():
                ref(betas=betas, expression=x["expression"], global_orient=p[:, :3], neck_pose=p[:, 3:6],
                    jaw_pose=p[:, 6:9], leye_pose=p[:, 9:12], reye_pose=p[:, 12:15], transl=x["translation"])

            shapedirs = torch.cat([ref.shapedirs, ref.expr_dirs], -1)  # as FLAME.forward concatenates them
            coeffs = torch.cat([betas, x["expression"]], 1)

            def run_lbs():
                smplx.lbs.lbs(coeffs, p, ref.v_template, shapedirs, ref.posedirs, ref.J_regressor,
                              ref.parents, ref.lbs_weights)

            def run_track():
                ours(**x)

            def run_new_identity():
                ours._last_identity = None
                ours(**x)

            with torch.inference_mode():
                for fn in (run_ref, run_lbs, run_track, run_new_identity):
                    fn(), fn()
                rows = {"track": [], "new identity": [], "smplx": [], "lbs": []}
                for _ in range(args.repeats):
                    rows["smplx"] += timed(run_ref, 1)
                    rows["lbs"] += timed(run_lbs, 1)
                    rows["track"] += timed(run_track, 1)
                    rows["new identity"] += timed(run_new_identity, 1)
            ref_median = statistics.median(rows["smplx"])
            lbs_median = statistics.median(rows["lbs"])
            for mode in ("track", "new identity"):
                median = statistics.median(rows[mode])
                print(f"{threads:>7} {batch:>5} {mode:<13} {batch / median:>10.0f} {batch / ref_median:>10.0f} "
                      f"{ref_median / median:>9.2f}x {batch / lbs_median:>9.0f} {lbs_median / median:>8.2f}x")
        floors[threads] = matmul_gflops()
    V = head.num_vertices
    per_frame = 2 * (head.n_expr + (len(ours.parents) - 1) * 9 + 2) * V * 3  # the fused per-frame product
    print(f"least work per frame: {per_frame / 1e6:.2f} MFLOP (expression, pose correctives and eyelids over "
          f"{V * 3} coordinates; skinning adds ~{V * 5 * 12 * 2 / 1e6:.2f} MFLOP)")
    for threads, gflops in floors.items():
        print(f"{threads} thread(s): float32 matrix product {gflops:.0f} GFLOP/s -> at most "
              f"{gflops * 1e9 / per_frame:,.0f} frames/s for that product alone")


if __name__ == "__main__":
    main()
