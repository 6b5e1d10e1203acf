"""`mvportrait animate text "…"`: a FLAME track from a text prompt (MotionDM + EmotionDM)."""

from __future__ import annotations

import argparse
from pathlib import Path


def register(sources: argparse._SubParsersAction) -> None:
    p = sources.add_parser(
        "text", help="head motion and expression from a text prompt",
        description="Generate head motion and expressions for the open head from a description, e.g. "
                    "\"He nods slowly, then turns to his left, looking surprised\". The description is read into a "
                    "motion plan (steps with action, side, count, speed, timing; an emotion lane), which drives the "
                    "motion: --plan-only prints the plan as JSON, --plan FILE generates from a (edited) plan. "
                    "--direct (or --motion/--emotion) samples the diffusion models from the text instead.")
    p.add_argument("prompt", nargs="?", default=None, help="the description (optional with --motion/--emotion)")
    p.add_argument("--motion", default=None, help="head-motion description (replaces the part split from PROMPT)")
    p.add_argument("--emotion", default=None, help="expression description (replaces the part split from PROMPT)")
    p.add_argument("--plan-only", action="store_true",
                   help="print the plan read from PROMPT as JSON (readable lines on stderr) and stop")
    p.add_argument("--plan", type=Path, default=None, metavar="FILE",
                   help="generate from this plan file (the JSON --plan-only prints, edited or not)")
    p.add_argument("--direct", action="store_true",
                   help="sample MotionDM/EmotionDM from the text, without a plan (the first shipped path)")
    p.add_argument("--variation", default="none", choices=("none", "overlay", "sdedit"),
                   help="what the diffusion models add to a plan's motion (default none)")
    p.add_argument("--seconds", type=float, default=None,
                   help="length in seconds (default: the plan's own length, 4 s without a plan; at most 10)")
    p.add_argument("--frames", type=int, default=None, help="length in frames (instead of --seconds)")
    p.add_argument("--fps", type=float, default=25.0, help="frame rate of the track (default 25)")
    p.add_argument("--first-frame", type=int, default=1, help="scene frame of the first row (default 1)")
    p.add_argument("--seed", type=int, default=0, help="random seed; the same seed gives the same track")
    p.add_argument("--guidance", type=float, default=2.5, help="classifier-free guidance scale (1 = none)")
    p.add_argument("--steps", type=int, default=20, help="sampling steps (DDIM), default 20")
    p.add_argument("-o", "--output", type=Path, default=Path("track.npz"), help="output .npz (default track.npz)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.direct or args.motion is not None or args.emotion is not None:
        if args.plan is not None or args.plan_only:
            from backend.cli import CommandError

            raise CommandError("--direct, --motion and --emotion sample the models from text; they do not go "
                               "with --plan or --plan-only")
        return run_direct(args)
    return run_plan(args)


def _length(args: argparse.Namespace, default_seconds: float | None) -> int | None:
    from backend.cli import CommandError

    if not 1.0 <= args.fps <= 240.0:
        raise CommandError(f"--fps {args.fps} is out of range; use 1..240")
    if args.output.suffix != ".npz":
        raise CommandError(f"the output {args.output} must end in .npz")
    if args.frames is not None:
        return args.frames
    seconds = args.seconds if args.seconds is not None else default_seconds
    if seconds is None:
        return None
    if not seconds > 0:
        raise CommandError(f"--seconds must be positive, got {seconds}")
    return max(1, round(seconds * args.fps))


def run_plan(args: argparse.Namespace) -> int:
    import sys
    import time

    from backend.cli import CommandError
    from backend.motion.text.plan.generate import PlanOptions, plan_to_track
    from backend.motion.text.plan.reader import read_plan
    from flame_assets.library import load_head
    from protocols.motion_plan import MotionPlan, MotionPlanError

    if args.variation != "none":
        import torch

        torch.set_num_threads(1)  # the models are tiny: one thread is fastest
    num_frames = _length(args, None)
    if num_frames is not None and num_frames / args.fps > 10.0 + 1e-6:
        raise CommandError(f"{num_frames / args.fps:.1f} s is longer than 10 s; generate shorter shots and join them")
    try:
        options = PlanOptions(seed=args.seed, variation=args.variation, guidance=args.guidance, steps=args.steps)
    except ValueError as exc:
        raise CommandError(str(exc)) from None
    started = time.perf_counter()
    try:
        if args.plan is not None:
            if args.prompt is not None:
                raise CommandError("give a description or --plan FILE, not both")
            plan = MotionPlan.load(args.plan)
        elif args.prompt is None:
            raise CommandError("no description: give one in quotes, or --plan FILE")
        else:
            plan = read_plan(args.prompt, seconds=None if num_frames is None else num_frames / args.fps)
    except (MotionPlanError, ValueError) as exc:
        raise CommandError(str(exc)) from None
    read = time.perf_counter()
    if args.plan_only:
        print(plan.to_json())
        print("\n".join(plan.describe()), file=sys.stderr)
        return 0
    if num_frames is None:
        num_frames = max(1, round(plan.seconds * args.fps))
    if num_frames / args.fps > 10.0 + 1e-6:
        raise CommandError(f"{num_frames / args.fps:.1f} s is longer than 10 s; generate shorter shots and join them")
    try:
        track = plan_to_track(plan, num_frames, args.fps, load_head("open"), first_frame=args.first_frame,
                              options=options)
    except (MotionPlanError, ValueError) as exc:
        print("\n".join(plan.describe()), file=sys.stderr)
        raise CommandError(str(exc)) from None
    generated = time.perf_counter()
    path = track.save_npz(args.output)
    lines = "\n".join("  " + line for line in plan.retimed(num_frames / args.fps).describe())
    print(f"wrote {path}: {track.num_frames} frames at {track.fps:g} fps; plan read in {read - started:.2f} s, "
          f"motion made in {generated - read:.2f} s\n{lines}")
    return 0


def run_direct(args: argparse.Namespace) -> int:
    import time

    import torch

    from backend.cli import CommandError
    from backend.motion.text.encoder import encode_texts
    from backend.motion.text.pipeline import SamplingOptions, resolve_prompts, shipped_pipeline

    num_frames = _length(args, 4.0)
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
