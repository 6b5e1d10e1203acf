"""`mvportrait demo`: a portrait (the astronaut by default) made into a bust that performs a built-in track,
rendered as photoreal RGBA frames from five cameras; `--engine preview` renders the shaded head model."""

from __future__ import annotations

import argparse
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("demo", help="render the built-in demo: a portrait animated, seen by five cameras",
                       description="Make a bust of a portrait (default: the public-domain astronaut shipped in "
                                   "scikit-image), animate it with a built-in track and write RGBA PNG frames, an "
                                   "MP4 per camera (over grey) and a contact sheet.")
    p.add_argument("--out", type=Path, default=Path("demo_out"), help="output folder (default: demo_out)")
    p.add_argument("--head", default="open", help="'open' (default), a head-model .npz or a FLAME .pkl")
    p.add_argument("--seconds", type=float, default=3.0)
    p.add_argument("--fps", type=float, default=25.0)
    p.add_argument("--size", type=int, default=384, help="image width and height in pixels")
    p.add_argument("--device", default="cpu", help="cpu or cuda")
    p.add_argument("--engine", choices=("warp", "preview"), default="warp",
                   help="warp (default): photoreal frames of the portrait; preview: the shaded head model")
    p.add_argument("--portrait", type=Path, default=None, help="a portrait photo instead of the astronaut")
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
    portrait = None
    if args.portrait is not None:
        import cv2
        image = cv2.imread(str(args.portrait), cv2.IMREAD_COLOR)
        if image is None:
            raise CommandError(f"--portrait {args.portrait} is not a readable image (PNG or JPEG)")
        portrait = image[..., ::-1].copy()
    total = demo_track(head, args.seconds, args.fps).num_frames
    with tqdm(total=total, unit="frame", desc="demo") as bar:
        result = render_demo(head, args.out, args.seconds, args.fps, args.size, args.device, progress=bar.update,
                             engine=args.engine, portrait=portrait)
    n = sum(len(v) for v in result.frames.values())
    print(f"wrote {n} frames for {len(result.frames)} cameras to {result.out_dir}")
    for name, video in result.videos.items():
        print(f"  {name}: {video}")
    print(f"  contact sheet: {result.contact_sheet}")
    return 0
