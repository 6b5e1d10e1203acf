"""`mvportrait animate text "…"`: a FLAME track from a text prompt (MotionDM + EmotionDM)."""

from __future__ import annotations

import argparse
from pathlib import Path


def register(sources: argparse._SubParsersAction) -> None:
    p = sources.add_parser(
        "text", help="head motion and expression from a text prompt",
        description="Generate head motion and expressions for the open head from a description, e.g. "
                    "\"He nods slowly, then turns to his left, looking surprised\". The sentence is split into "
                    "a motion part and an emotion part; --motion/--emotion give the parts directly.")
    p.add_argument("prompt", nargs="?", default=None, help="the description (optional with --motion/--emotion)")
    p.add_argument("--motion", default=None, help="head-motion description (replaces the part split from PROMPT)")
    p.add_argument("--emotion", default=None, help="expression description (replaces the part split from PROMPT)")
    p.add_argument("--seconds", type=float, default=4.0, help="length in seconds (default 4, at most 10)")
    p.add_argument("--frames", type=int, default=None, help="length in frames (instead of --seconds)")
    p.add_argument("--fps", type=float, default=25.0, help="frame rate of the track (default 25)")
    p.add_argument("--first-frame", type=int, default=1, help="scene frame of the first row (default 1)")
    p.add_argument("--seed", type=int, default=0, help="random seed; the same seed gives the same track")
    p.add_argument("--guidance", type=float, default=2.5, help="classifier-free guidance scale (1 = none)")
    p.add_argument("--steps", type=int, default=20, help="sampling steps (DDIM), default 20")
    p.add_argument("-o", "--output", type=Path, default=Path("track.npz"), help="output .npz (default track.npz)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import time

    import torch

    from backend.cli import CommandError
    from backend.motion.text.encoder import encode_texts
    from backend.motion.text.pipeline import SamplingOptions, resolve_prompts, shipped_pipeline

    if not 1.0 <= args.fps <= 240.0:
        raise CommandError(f"--fps {args.fps} is out of range; use 1..240")
    if args.frames is None:
        if not args.seconds > 0:
            raise CommandError(f"--seconds must be positive, got {args.seconds}")
        num_frames = max(1, round(args.seconds * args.fps))
    else:
        num_frames = args.frames
    if args.output.suffix != ".npz":
        raise CommandError(f"the output {args.output} must end in .npz")
    motion, emotion = resolve_prompts(args.prompt, args.motion, args.emotion)
    options = SamplingOptions(seed=args.seed, guidance=args.guidance, steps=args.steps)
    # The models are tiny: one thread is fastest, and avoids spinning threads on a busy machine.
    torch.set_num_threads(1)
    started = time.perf_counter()
    pipeline = shipped_pipeline()
    pipeline.check_length(num_frames, args.fps)
    encode_texts(["warm up"])   # loads the sentence encoder, so the timing below is generation only
    loaded = time.perf_counter()
    track = pipeline.generate(motion=motion, emotion=emotion, num_frames=num_frames, fps=args.fps,
                              first_frame=args.first_frame, options=options)
    generated = time.perf_counter()
    path = track.save_npz(args.output)
    print(f"wrote {path}: {track.num_frames} frames at {track.fps:g} fps, generated in {generated - loaded:.2f} s "
          f"(models loaded in {loaded - started:.1f} s)\n  motion:  {motion}\n  emotion: {emotion}")
    return 0
