"""Speed and peak memory of the diffusion engine's sampler (FLAME2Video) per resolution and view count.

    python bench/bench_diffusion.py [--checkpoint DIR | --preset tiny|sd15] [--device cpu|cuda]
                                    [--sizes 32,64] [--views 1,2,4] [--frames 8] [--steps 5] [--threads 2]

Each configuration runs in its own process so peak memory is its own: max resident set size on CPU,
torch.cuda.max_memory_allocated on CUDA. Seconds per frame = wall time of one clip (all views, all
frames, `--steps` denoising steps, VAE decode) / frames; condition rendering is not included.
`--preset sd15` builds randomly initialised parts at Stable Diffusion 1.5 sizes (the paper's model:
UNet 320-1280 channels, 768-d cross-attention), for GPU figures comparable with the paper's 0.45 s/frame
and 14 GB at 4 views, 25 steps. Frames are denoised in windows of 16 with overlap 4.
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def sd15_config():
    from backend.engines.diffusion.model import FlameToVideoConfig
    return FlameToVideoConfig(vae_channels=(128, 256, 512, 512), unet_channels=(320, 640, 1280, 1280),
                              layers_per_block=2, attention_head_dim=8, cross_attention_dim=768,
                              norm_num_groups=32, motion_heads=8, max_frames=32,
                              flame_encoder_channels=(16, 32, 96, 256), image_tokens_grid=4)


def run_one(args) -> dict:
    import numpy as np
    import torch

    from backend.engines.diffusion.checkpoint import load_checkpoint, torch_dtype
    from backend.engines.diffusion.conditions import CONDITION_CHANNELS
    from backend.engines.diffusion.model import FlameToVideo, FlameToVideoConfig, new_parts
    from backend.engines.diffusion.pipeline import FlameToVideoPipeline, SamplingConfig

    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    if args.checkpoint:
        model, _ = load_checkpoint(args.checkpoint)
    else:
        model = FlameToVideo(**new_parts(sd15_config() if args.preset == "sd15" else FlameToVideoConfig()))
    dtype = torch_dtype(args.dtype or ("float16" if args.device == "cuda" else "float32"))
    pipe = FlameToVideoPipeline(model, args.device, dtype)
    for option in args.memory:
        {"attention_slicing": lambda: pipe.enable_attention_slicing(1),
         "vae_chunked_decode": lambda: pipe.enable_vae_chunked_decode(1),
         "cpu_offload": pipe.enable_model_cpu_offload}[option]()
    size, views, frames = args.size, args.n_views, args.frames
    rng = np.random.default_rng(0)
    reference = rng.integers(0, 255, (size, size, 3), dtype=np.uint8)
    conditions = torch.from_numpy(rng.random((views, frames, CONDITION_CHANNELS, size, size), dtype=np.float32))
    config = SamplingConfig(steps=args.steps, window=min(16, frames), overlap=min(4, frames - 1))
    warm = SamplingConfig(steps=1, window=min(16, frames), overlap=min(4, frames - 1))
    pipe(reference, conditions, warm)
    if args.device == "cuda":
        torch.cuda.synchronize()
        torch.cuda.reset_peak_memory_stats()
    start = time.perf_counter()
    pipe(reference, conditions, config)
    if args.device == "cuda":
        torch.cuda.synchronize()
    seconds = time.perf_counter() - start
    peak = (torch.cuda.max_memory_allocated() if args.device == "cuda"
            else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024)
    return {"size": size, "views": views, "frames": frames, "steps": args.steps,
            "s_per_frame": seconds / frames, "s_per_image": seconds / (frames * views),
            "peak_gib": peak / 2 ** 30, "parameters_m": sum(p.numel() for p in model.parameters()) / 1e6}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--checkpoint", type=Path)
    parser.add_argument("--preset", choices=("tiny", "sd15"), default="tiny")
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--dtype", default=None)
    parser.add_argument("--sizes", default="32,64")
    parser.add_argument("--views", default="1,2,4")
    parser.add_argument("--frames", type=int, default=8)
    parser.add_argument("--steps", type=int, default=5)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--memory", default="", help="comma list: attention_slicing,vae_chunked_decode,cpu_offload")
    parser.add_argument("--one", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--size", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--n-views", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    args.memory = [m for m in args.memory.split(",") if m]
    if args.one:
        print(json.dumps(run_one(args)))
        return
    import torch
    device_name = torch.cuda.get_device_name() if args.device == "cuda" else platform.processor() or platform.machine()
    what = args.checkpoint or f"random {args.preset} model"
    print(f"FLAME2Video sampler, {what}, {args.device} ({device_name}), {args.threads} threads, {args.frames} frames, "
          f"{args.steps} steps, torch {torch.__version__}")
    print(f"{'size':>6} {'views':>5} {'s/frame':>9} {'s/image':>9} {'peak GiB':>9} {'params M':>9}")
    for size in (int(s) for s in args.sizes.split(",")):
        for views in (int(v) for v in args.views.split(",")):
            command = [sys.executable, __file__, "--one", "--size", str(size), "--n-views", str(views),
                       "--frames", str(args.frames), "--steps", str(args.steps), "--threads", str(args.threads),
                       "--device", args.device, "--preset", args.preset, "--memory", ",".join(args.memory)]
            if args.checkpoint:
                command += ["--checkpoint", str(args.checkpoint)]
            if args.dtype:
                command += ["--dtype", args.dtype]
            out = subprocess.run(command, capture_output=True, text=True, cwd=REPO)
            if out.returncode:
                print(f"{size:>6} {views:>5}  failed: {out.stderr.strip().splitlines()[-1]}")
                continue
            r = json.loads(out.stdout.strip().splitlines()[-1])
            print(f"{size:>6} {views:>5} {r['s_per_frame']:>9.3f} {r['s_per_image']:>9.3f} {r['peak_gib']:>9.2f} "
                  f"{r['parameters_m']:>9.2f}")
    print("paper (A100, SD 1.5 sizes, 4 views, 25 steps): 0.45 s/frame, 14 GB")


if __name__ == "__main__":
    main()
