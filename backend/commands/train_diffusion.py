"""`mvportrait train-diffusion`: make FLAME2Video datasets and train the diffusion engine's weights."""

from __future__ import annotations

import argparse
from pathlib import Path

DESCRIPTION = ("train the diffusion engine (MVPortrait FLAME2Video) in the paper's phases, or make a dataset "
               "folder for it")


def register(subparsers) -> None:
    parser = subparsers.add_parser("train-diffusion", help=DESCRIPTION, description=DESCRIPTION)
    sub = parser.add_subparsers(dest="action", required=True)

    build = sub.add_parser("build-dataset", help="make or extend a dataset folder of clips",
                           description="Add clips to a dataset folder: from synchronised multi-view videos and "
                                       "the FLAME track of the performance (--videos, --views-json, --track), or "
                                       "synthetic clips drawn by the preview renderer (--preview).")
    build.add_argument("root", type=Path, help="dataset folder")
    build.add_argument("--head", default="open", help="'open' (default), a head-model .npz or a FLAME .pkl")
    build.add_argument("--preview", action="store_true", help="synthesise clips from random tracks")
    build.add_argument("--clips", type=int, default=8, help="synthetic clips (default 8)")
    build.add_argument("--frames", type=int, default=16, help="frames per synthetic clip (default 16)")
    build.add_argument("--views", type=int, default=4, help="cameras per synthetic clip (default 4)")
    build.add_argument("--size", type=int, default=64, help="synthetic image side in pixels (default 64)")
    build.add_argument("--seed", type=int, default=0)
    build.add_argument("--clip", help="name of the clip made from videos")
    build.add_argument("--videos", nargs="+", type=Path, help="one video per camera, in views.json order")
    build.add_argument("--views-json", type=Path, help="the cameras (protocols views JSON)")
    build.add_argument("--track", type=Path, help="the performance's FLAME track (.npz), e.g. from "
                                                   "`mvportrait animate video`")
    build.set_defaults(func=run_build)

    train = sub.add_parser("train", help="train or resume", description="Train FLAME2Video phase by phase; "
                           "the output folder gets checkpoint/ (point MVPORTRAIT_DIFFUSION_CHECKPOINT at it), "
                           "state.pt and log.jsonl.")
    train.add_argument("--dataset", type=Path, required=True)
    train.add_argument("--output", type=Path, required=True)
    train.add_argument("--phases", default="spatial,motion,view",
                       help="comma-separated phases to run in order, from vae, spatial, motion, view "
                            "(default spatial,motion,view; vae only for models without a pretrained VAE)")
    train.add_argument("--steps", default="1000", help="steps per phase: one number or one per phase")
    train.add_argument("--lr", default="1e-5", help="learning rate: one number or one per phase (paper 1e-5)")
    train.add_argument("--batch-size", type=int, default=1)
    train.add_argument("--frames", type=int, default=8, help="frames per sample in the motion and view phases")
    train.add_argument("--views", type=int, default=4, help="views per sample in the view phase (paper 4)")
    train.add_argument("--init", type=Path, help="FLAME2Video checkpoint to start from (e.g. a previous phase)")
    train.add_argument("--init-vae", type=Path, help="diffusers AutoencoderKL folder (e.g. Stable Diffusion's vae)")
    train.add_argument("--init-unet", type=Path, help="diffusers UNet2DConditionModel folder (SD 1.5's unet)")
    train.add_argument("--init-motion-adapter", type=Path, help="diffusers MotionAdapter folder (AnimateDiff)")
    train.add_argument("--tiny", action="store_true", help="a new tiny model (CPU tests and demos)")
    train.add_argument("--image-size", type=int, default=None, help="image side of a new model")
    train.add_argument("--checkpoint-every", type=int, default=500)
    train.add_argument("--log-every", type=int, default=10)
    train.add_argument("--seed", type=int, default=0)
    train.add_argument("--resume", action="store_true", help="continue the run in --output")
    train.add_argument("--device", default="cpu")
    train.add_argument("--threads", type=int, default=None, help="CPU threads for torch")
    train.set_defaults(func=run_train)


def _per_phase(text: str, n: int, kind, what: str) -> list:
    from backend.cli import CommandError
    try:
        values = [kind(v) for v in text.split(",")]
    except ValueError:
        raise CommandError(f"--{what} {text!r}: expected numbers separated by commas") from None
    if len(values) == 1:
        values *= n
    if len(values) != n:
        raise CommandError(f"--{what} gives {len(values)} values for {n} phases")
    return values


def run_build(args: argparse.Namespace) -> int:
    from backend.cli import CommandError
    from backend.engines.diffusion.dataset import add_video_clip, build_preview_dataset
    from flame_assets.library import load_head
    from protocols.tracks import Track
    from protocols.views import load_views_json

    head = load_head(args.head)
    if args.preview:
        if not (1 <= args.clips <= 10_000 and 1 <= args.frames <= 1000 and 1 <= args.views <= 64
                and 16 <= args.size <= 1024 and args.size % 16 == 0):
            raise CommandError("--clips 1..10000, --frames 1..1000, --views 1..64, --size a multiple of 16 in "
                               "16..1024")
        build_preview_dataset(args.root, head, args.clips, args.frames, args.views, args.size, args.seed)
        print(f"wrote {args.clips} synthetic clips to {args.root}")
        return 0
    if not (args.videos and args.views_json and args.track and args.clip):
        raise CommandError("give --preview, or --clip, --videos, --views-json and --track for a clip from video")
    views = load_views_json(args.views_json)
    directory = add_video_clip(args.root, args.clip, args.videos, views, Track.load_npz(args.track), head)
    print(f"wrote clip {directory}")
    return 0


def run_train(args: argparse.Namespace) -> int:
    import dataclasses
    import logging

    import torch

    from backend.cli import CommandError
    from backend.engines.diffusion.model import FlameToVideoConfig
    from backend.engines.diffusion.training import TRAIN_PHASES, PhaseConfig, TrainConfig, Trainer

    if args.threads:
        torch.set_num_threads(args.threads)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    names = [p.strip() for p in args.phases.split(",") if p.strip()]
    bad = [p for p in names if p not in TRAIN_PHASES]
    if bad or not names:
        raise CommandError(f"--phases: unknown phase(s) {bad}; choose from {', '.join(TRAIN_PHASES)}")
    steps = _per_phase(args.steps, len(names), int, "steps")
    rates = _per_phase(args.lr, len(names), float, "lr")
    phases = tuple(PhaseConfig(name, s, lr, batch_size=args.batch_size,
                               frames=args.frames if name in ("motion", "view") else 1,
                               views=args.views if name == "view" else 1)
                   for name, s, lr in zip(names, steps, rates))
    model = FlameToVideoConfig()
    if args.image_size:
        model = dataclasses.replace(model, image_size=args.image_size)
    if not args.tiny and args.init is None and args.init_unet is None and not args.resume:
        raise CommandError("a new model needs --init (a FLAME2Video checkpoint), --init-unet (Stable Diffusion "
                           "1.5's unet folder, with --init-vae and optionally --init-motion-adapter), or --tiny")
    config = TrainConfig(dataset=args.dataset, output=args.output, phases=phases, init=args.init, model=model,
                         init_vae=args.init_vae, init_unet=args.init_unet,
                         init_motion_adapter=args.init_motion_adapter, checkpoint_every=args.checkpoint_every,
                         log_every=args.log_every, seed=args.seed, resume=args.resume, device=args.device)
    checkpoint = Trainer(config).run()
    print(f"checkpoint: {checkpoint}  (MVPORTRAIT_DIFFUSION_CHECKPOINT={checkpoint})")
    return 0
