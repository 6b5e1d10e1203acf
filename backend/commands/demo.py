"""`mvportrait demo`: the open head animated by a built-in track, rendered from three cameras."""

from __future__ import annotations

import argparse
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("demo", help="render the built-in demo animation of the open head",
                       description="Animate the open head with a built-in track and write PNG frames, an MP4 "
                                   "per camera and a contact sheet.")
    p.add_argument("--out", type=Path, default=Path("demo_out"), help="output folder (default: demo_out)")
    p.add_argument("--head", default="open", help="'open' (default), a head-model .npz or a FLAME .pkl")
    p.add_argument("--seconds", type=float, default=3.0)
    p.add_argument("--fps", type=float, default=25.0)
    p.add_argument("--size", type=int, default=384, help="image width and height in pixels")
    p.add_argument("--device", default="cpu", help="cpu or cuda")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from backend.cli import CommandError
    from backend.demo import demo_track, render_demo
    from flame_assets.library import load_head

    if not 16 <= args.size <= 4096:
        raise CommandError(f"--size {args.size} is out of range; use 16..4096 pixels")
    if not (0 < args.seconds <= 600 and 1 <= args.fps <= 240):
        raise CommandError("--seconds must be in (0, 600] and --fps in [1, 240]")
    head = load_head(args.head)
    total = demo_track(head, args.seconds, args.fps).num_frames
    with tqdm(total=total, unit="frame", desc="demo") as bar:
        result = render_demo(head, args.out, args.seconds, args.fps, args.size, args.device, progress=bar.update)
    n = sum(len(v) for v in result.frames.values())
    print(f"wrote {n} frames for {len(result.frames)} cameras to {result.out_dir}")
    for name, video in result.videos.items():
        print(f"  {name}: {video}")
    print(f"  contact sheet: {result.contact_sheet}")
    return 0
