"""`mvportrait animate audio speech.wav [--text "..."] -o track.npz`."""

from __future__ import annotations

import argparse
from pathlib import Path


def register(sources: argparse._SubParsersAction) -> None:
    p = sources.add_parser("audio", help="lip sync, blinks and head motion from a speech recording",
                           description="Make a FLAME track from speech: phones (aligned to --text when given, "
                                       "recognised otherwise) drive the jaw and lips; energy and pitch drive "
                                       "head motion and brows; blinks at human rates.")
    p.add_argument("audio", type=Path, help="WAV, FLAC, OGG or MP3 recording")
    p.add_argument("--text", default=None, help="what is said (better timing than recognition)")
    p.add_argument("-o", "--output", type=Path, required=True, help="track .npz to write")
    p.add_argument("--head", default="open", help="'open', a head-model .npz or a FLAME .pkl (default: open)")
    p.add_argument("--fps", type=float, default=25.0)
    p.add_argument("--first-frame", type=int, default=1)
    p.add_argument("--seed", type=int, default=0, help="seed for blinks and idle head motion")
    p.add_argument("--no-head-motion", action="store_true", help="keep the head still (lips, brows, blinks only)")
    p.add_argument("--overlay", type=Path, default=None,
                   help="a track .npz whose expressions are added on top (an emotion or a user's keys)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from flame_assets.library import load_head
    from protocols.tracks import Track

    from backend.motion.audio.overlay import TrackOverlay
    from backend.motion.audio.pipeline import AudioToFlameConfig, audio_to_track

    head = load_head(args.head)
    overlay = None
    if args.overlay is not None:
        extra = Track.load_npz(args.overlay)
        extra.check_head(head.model_id)
        overlay = TrackOverlay(extra)
    config = AudioToFlameConfig(fps=args.fps, first_frame=args.first_frame, seed=args.seed,
                                head_motion=not args.no_head_motion)
    result = audio_to_track(args.audio, head, args.text, config, overlay)
    path = result.track.save_npz(args.output)
    tr = result.transcription
    print(f"{path}: {result.track.num_frames} frames at {config.fps:g} fps, {len(tr.segments)} phone segments "
          f"({tr.method}), {len(result.blink_starts)} blinks")
    if tr.out_of_dictionary:
        print(f"pronounced by letter-to-sound rules: {', '.join(tr.out_of_dictionary)}")
    if result.missing_channels:
        print(f"this head has no named expressions for: {', '.join(result.missing_channels)} (jaw only there)")
    return 0
