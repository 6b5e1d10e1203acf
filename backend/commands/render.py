"""`mvportrait render`: photoreal frames of a track from a reference portrait, one folder and MP4 per view.

The frames come from the same engine code the render server's jobs run (`WarpEngine.prepare` and
`render_frame`), so a render here and a server job with the same inputs give the same pixels."""

from __future__ import annotations

import argparse
import dataclasses
import threading
from pathlib import Path


@dataclasses.dataclass
class RenderResult:
    out_dir: Path
    frames: dict[str, list[Path]]
    videos: dict[str, Path]
    fit_error_px: float


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("render", help="render photoreal frames of a track from a reference portrait",
                       description="Fit the head to a reference portrait, then render the track from every view "
                                   "with the warp engine: PNG frames per view and an MP4 preview per view.")
    p.add_argument("reference", type=Path, help="reference portrait (PNG or JPEG) with one clearly visible face")
    p.add_argument("track", type=Path, help="FLAME track .npz (mvportrait/Blender export)")
    p.add_argument("views", type=Path, help="views JSON (cameras in the head's FLAME frame)")
    p.add_argument("--out", type=Path, default=Path("render_out"), help="output folder (default: render_out)")
    p.add_argument("--head", default="open", help="'open' (default), a head-model .npz or a FLAME .pkl; must be "
                                                   "the head the track was made for")
    p.add_argument("--size", type=int, default=None,
                   help="render every view at SIZE x SIZE (default: each view's own resolution)")
    p.add_argument("--texture-size", type=int, default=1024, help="texture atlas side in texels (256..2048)")
    p.add_argument("--background", default="none",
                   help="none (default: RGBA frames, the person over transparency), photo (the portrait's own "
                        "background, inpainted; sensible near the photo's view only) or a colour #rrggbb")
    p.add_argument("--device", default="cpu", help="cpu or cuda")
    p.add_argument("--no-video", action="store_true", help="write PNG frames only")
    p.set_defaults(func=run)


def render_to_folder(reference: Path, track_path: Path, views_path: Path, out_dir: Path, head_spec: str = "open",
                     size: int | None = None, texture_size: int = 1024, device: str = "cpu", video: bool = True,
                     progress=None, background: str = "none") -> RenderResult:
    from backend.engines.base import RenderRequest
    from backend.engines.warp import WarpEngine
    from backend.render.output import ShotWriter, view_folders
    from protocols.atomic_files import DiskFull
    from flame_assets.library import load_head
    from protocols import Track, load_views_json
    from protocols.images import check_pixels

    for path, what in ((reference, "reference portrait"), (track_path, "track"), (views_path, "views JSON")):
        if not Path(path).is_file():
            raise FileNotFoundError(f"{what} {path} does not exist")
    if size is not None and not 16 <= size <= 4096:
        raise ValueError(f"--size {size} is out of range; use 16..4096 pixels")
    reference_png = Path(reference).read_bytes()
    check_pixels(reference_png, f"reference portrait {reference}")
    track = Track.load_npz(track_path)
    views = load_views_json(views_path)
    if size is not None:
        views = [v.scaled(size, size) for v in views]
    view_folders(views)  # two views that would share a folder: say so now, not after the fit
    head = load_head(head_spec)
    engine = WarpEngine(head, device=device)
    request = RenderRequest(engine=engine.name, track=track, views=tuple(views),
                            reference_png=reference_png, resolution=(views[0].width, views[0].height),
                            options={"texture_size": int(texture_size), "background": background})
    engine.check_options(request.options)
    engine.check_track(request.track)
    plan = engine.prepare(request, threading.Event())
    total, written = track.num_frames * len(views), 0
    try:
        with ShotWriter(out_dir, views, track.fps if video else None) as shot:
            for offset in range(track.num_frames):
                for index, v in enumerate(views):
                    shot.add(v.name, track.first_frame + offset, engine.render_frame(plan, index, offset))
                    written += 1
                if progress is not None:
                    progress(1)
    except DiskFull as exc:
        # What the rest of the shot needs, from the frames written so far (and as much again for the MP4s).
        per_frame = shot.bytes_written / written if written else 0
        needed = int(per_frame * (total - written) * (2 if video else 1)) or exc.needed
        raise DiskFull(exc.path, needed, f"{written} of {total} frames were written") from None
    finally:
        fit_error = plan.state.renderer.assets.fit.error_px
        engine.release(plan)
    return RenderResult(out_dir=Path(out_dir), frames=shot.frames, videos=shot.videos, fit_error_px=fit_error)


def run(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from protocols import Track

    if not 256 <= args.texture_size <= 2048:
        raise ValueError(f"--texture-size {args.texture_size} is out of range; use 256..2048")
    total = Track.load_npz(args.track).num_frames if args.track.is_file() else 0
    with tqdm(total=total, unit="frame", desc="render") as bar:
        result = render_to_folder(args.reference, args.track, args.views, args.out, args.head, args.size,
                                  args.texture_size, args.device, not args.no_video, progress=bar.update,
                                  background=args.background)
    n = sum(len(v) for v in result.frames.values())
    print(f"wrote {n} frames for {len(result.frames)} views to {result.out_dir} "
          f"(portrait fit: {result.fit_error_px:.2f} px mean landmark error)")
    for name, video in result.videos.items():
        print(f"  {name}: {video}")
    return 0
