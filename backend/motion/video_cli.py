"""`mvportrait animate video clip.mp4 -o track.npz`."""

from __future__ import annotations

import argparse
from pathlib import Path


def register(sources: argparse._SubParsersAction) -> None:
    p = sources.add_parser("video", help="performance capture: head pose, jaw, expressions, eyelids and gaze "
                                         "from a video of a face",
                           description="Track a face in a video (or a folder of images) with MediaPipe and fit "
                                       "the head model to it frame by frame.")
    p.add_argument("video", type=Path, help="video file (MP4, MOV, ...) or a folder of images")
    p.add_argument("-o", "--output", type=Path, required=True, help="track .npz to write")
    p.add_argument("--head", default="open", help="'open', a head-model .npz or a FLAME .pkl (default: open); "
                                                   "it needs a MediaPipe landmark embedding")
    p.add_argument("--fps", type=float, default=None, help="output rate (default: the video's)")
    p.add_argument("--first-frame", type=int, default=1)
    p.add_argument("--max-frames", type=int, default=None, help="track at most this many frames")
    p.add_argument("--fov", type=float, default=35.0,
                   help="vertical field of view of the filming camera in degrees (default 35)")
    p.add_argument("--smooth", type=float, default=1.0, help="temporal smoothing weight (0 = none)")
    p.add_argument("--camera", type=Path, default=None,
                   help="also write the tracking camera as a views .json (renders from it match the video)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import numpy as np
    from tqdm import tqdm

    from backend.motion.video.fit import FitConfig
    from backend.motion.video.pipeline import VideoToFlameConfig, video_to_track
    from flame_assets.library import load_head

    head = load_head(args.head)
    config = VideoToFlameConfig(fps=args.fps, first_frame=args.first_frame, num_frames=args.max_frames,
                                fit=FitConfig(fov_deg=args.fov, smooth=args.smooth))
    bars: dict[str, tqdm] = {}

    def progress(stage: str, n: int, total: int) -> None:
        if stage not in bars:
            for bar in bars.values():
                bar.close()
            bars[stage] = tqdm(total=total or None, desc="face mesh" if stage == "landmarks" else "fitting",
                               unit="frame")
        bars[stage].update(n)

    try:
        result = video_to_track(args.video, head, config, progress)
    finally:
        for bar in bars.values():
            bar.close()
    path = result.track.save_npz(args.output)
    if args.camera is not None:
        from protocols.views import save_views_json

        save_views_json(args.camera, [result.camera])
    missing = result.missing_frames.tolist()
    print(f"{path}: {result.track.num_frames} frames at {result.track.fps:g} fps, landmark error "
          f"{float(np.nanmean(result.landmark_error_px)):.2f} px")
    if missing:
        print(f"no face in {len(missing)} frame(s), interpolated: {missing[:30]}{' ...' if len(missing) > 30 else ''}")
    return 0

