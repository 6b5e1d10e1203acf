"""Video → FLAME evaluation: render a known track of the open head with the project's preview renderer
(MediaPipe detects its face), write it to an MP4 with a few blank frames, track it, and report per-parameter
errors (degrees for rotations, FLAME-L1 for expressions) and frames per second.

    python bench/eval_video2flame.py [--frames 100] [--size 512] [--out DIR]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # runs from a clone without installing

from protocols.flame_conventions import head_angles, pose_column  # noqa: E402


def known_track(head, T: int, fps: float):
    from protocols.tracks import Track

    t = np.arange(T) / fps
    names = head.expression_names
    pose = np.zeros((T, 15))
    pose[:, pose_column("global", "yaw")] = np.radians(25) * np.sin(2 * np.pi * 0.35 * t)
    pose[:, pose_column("global", "pitch")] = np.radians(12) * np.sin(2 * np.pi * 0.5 * t + 1.0)
    pose[:, pose_column("global", "roll")] = np.radians(6) * np.sin(2 * np.pi * 0.3 * t + 2.0)
    pose[:, pose_column("jaw", "pitch")] = np.clip(0.22 * np.sin(2 * np.pi * 0.8 * t), 0, None)  # opens and closes
    gaze_yaw = np.radians(12) * np.sin(2 * np.pi * 0.4 * t + 0.5)
    pose[:, pose_column("eye_left", "yaw")] = pose[:, pose_column("eye_right", "yaw")] = gaze_yaw
    expression = np.zeros((T, head.n_expr))
    for name, amp, freq, phase in (("smile", 0.8, 0.25, 0.0), ("brow_raise", 0.8, 0.45, 1.0),
                                   ("pucker", 0.6, 0.6, 2.0), ("squint", 0.5, 0.3, 3.0)):
        expression[:, names.index(name)] = amp * np.clip(np.sin(2 * np.pi * freq * t + phase), 0, None)
    lid = np.zeros(T)
    for start in (int(0.8 * fps), int(2.6 * fps)):
        if start + 5 < T:
            lid[start:start + 5] = [0.4, 1.0, 1.0, 0.6, 0.2]
    track = Track.neutral(T, head.model_id, n_expr=head.n_expr, n_shape=0, fps=fps)
    return track.with_fields(pose=pose.astype(np.float32), expression=expression.astype(np.float32),
                             eyelids=np.stack([lid, lid], 1).astype(np.float32))


def render_video(head, track, path: Path, size: int, blank: list[int]):
    import cv2
    import torch

    from backend.flame.layer import FlameLayer
    from backend.render.preview import BACKGROUND, PreviewRenderer
    from protocols.views import CameraView

    view = CameraView.look_at("front", eye=(0, 0.02, 0.6), target=(0, 0.02, 0), fov_deg=30.0, width=size,
                              height=size)
    layer, renderer = FlameLayer(head), PreviewRenderer(head)
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"mp4v"), track.fps, (size, size))
    with torch.inference_mode():
        for start in range(0, track.num_frames, 32):
            verts = layer.forward_track(track, start, start + 32).vertices
            for k, img in enumerate(renderer.render(verts, view)):
                if start + k in blank:
                    img = np.full_like(img, (np.array(BACKGROUND) * 255).astype(np.uint8))
                writer.write(cv2.cvtColor(img, cv2.COLOR_RGB2BGR))
    writer.release()
    return view


def euler_deg(pose: np.ndarray) -> np.ndarray:
    """(T, 3) yaw, pitch, roll of the head in degrees."""
    return np.degrees(head_angles(pose))


def main(argv=None) -> int:
    import torch

    from backend.motion.video import VideoToFlameConfig, video_to_track
    from backend.motion.video.fit import FitConfig
    from flame_assets.library import load_head

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--frames", type=int, default=100)
    ap.add_argument("--size", type=int, default=512)
    ap.add_argument("--fps", type=float, default=25.0)
    ap.add_argument("--out", type=Path, default=None, help="keep the rendered video here")
    args = ap.parse_args(argv)
    torch.set_num_threads(1)
    head = load_head("open")
    gt = known_track(head, args.frames, args.fps)
    blank = [b for b in (30, 31, 32) if b < args.frames]
    folder = args.out or Path(tempfile.mkdtemp(prefix="eval_video2flame_"))
    folder.mkdir(parents=True, exist_ok=True)
    video = folder / "known_track.mp4"
    render_video(head, gt, video, args.size, blank)
    t = time.perf_counter()
    result = video_to_track(video, head, VideoToFlameConfig(fit=FitConfig(fov_deg=30.0)))
    total = time.perf_counter() - t
    est = result.track
    e_gt, e_est = euler_deg(gt.pose), euler_deg(est.pose)
    err = np.abs(e_est - e_gt)
    jaw_open = pose_column("jaw", "pitch")
    jaw = np.degrees(np.abs(est.pose[:, jaw_open] - gt.pose[:, jaw_open]))
    gaze_columns = [pose_column("eye_left", "pitch"), pose_column("eye_left", "yaw")]
    gaze = np.degrees(np.abs(est.pose[:, gaze_columns] - gt.pose[:, gaze_columns])).mean(1)
    expr_l1 = np.abs(est.expression - gt.expression).mean(1)
    names = head.expression_names
    named = [names.index(n) for n in ("smile", "brow_raise", "pucker", "squint")]
    lids = np.abs(est.eyelids - gt.eyelids).mean(1)
    ok = np.ones(est.num_frames, bool)
    ok[result.missing_frames] = False
    print(f"video: {args.frames} frames {args.size}x{args.size} at {args.fps:g} fps (preview renderer), "
          f"blank frames {blank}")
    print(f"frames without a face reported: {result.missing_frames.tolist()}")
    print(f"landmark fit error: {np.nanmean(result.landmark_error_px):.2f} px mean")
    for label, mask in (("all frames", np.ones(len(ok), bool)), ("face frames", ok), ("blank frames", ~ok)):
        if not mask.any():
            continue
        print(f"[{label}] yaw {err[mask, 0].mean():.2f}°  pitch {err[mask, 1].mean():.2f}°  roll "
              f"{err[mask, 2].mean():.2f}°  jaw {jaw[mask].mean():.2f}°  gaze {gaze[mask].mean():.2f}°  "
              f"expression FLAME-L1 {expr_l1[mask].mean():.4f} (named 4: "
              f"{np.abs(est.expression[mask][:, named] - gt.expression[mask][:, named]).mean():.3f})  "
              f"eyelids {lids[mask].mean():.3f}")
    print(f"max yaw error {err[ok, 0].max():.2f}°, max pitch error {err[ok, 1].max():.2f}°")
    s = result.seconds
    print(f"speed: landmarks {args.frames / s['landmarks']:.1f} frames/s, fit {args.frames / s['fit']:.1f} "
          f"frames/s, end to end {args.frames / total:.1f} frames/s (1 torch thread)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
