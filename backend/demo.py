"""The embedded demo, the product's main job: a public-domain portrait (NASA's astronaut, shipped in
scikit-image) becomes a bust that performs a built-in track, rendered as photoreal RGBA frames by the `warp`
engine from five cameras (front, 40 and 70 degrees to either side), plus a contact sheet. The shaded
`preview` engine renders the bare head model instead."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Callable

import cv2
import numpy as np
import torch

from backend.flame.layer import FlameLayer
from backend.render.output import ShotWriter, over_grey
from backend.render.preview import PreviewRenderer
from flame_assets.head_model import HeadModel
from protocols import CameraView, Track, save_views_json
from protocols.flame_conventions import pose_column

LOOK_AT = (0.0, -0.03, -0.02)  # between the eyes and the mouth, a little behind the face
BUST_LOOK_AT = (0.0, -0.11, -0.06)  # the chin, behind it: head and shoulders in frame
DEMO_CAMERAS = (("front", 0.0), ("left40", 40.0), ("right40", -40.0), ("left70", 70.0), ("right70", -70.0))


def demo_track(head: HeadModel, seconds: float = 3.0, fps: float = 25.0, first_frame: int = 1) -> Track:
    """Turn, nod and tilt; talk-like jaw; glance around; two blinks; a smile, then raised brows."""
    T = max(2, int(round(seconds * fps)))
    s = np.arange(T) / (T - 1)  # 0..1 over the clip
    track = Track.neutral(T, head.model_id, n_expr=head.n_expr, n_shape=head.n_shape, fps=fps,
                          first_frame=first_frame)
    pose = np.zeros((T, 15), np.float32)
    pose[:, pose_column("global", "pitch")] = 0.12 * np.sin(4 * np.pi * s + 0.5)
    pose[:, pose_column("global", "yaw")] = 0.45 * np.sin(2 * np.pi * s)
    pose[:, pose_column("global", "roll")] = 0.06 * np.sin(2 * np.pi * s + 1.0)
    pose[:, pose_column("jaw", "pitch")] = 0.28 * np.clip(np.sin(6 * np.pi * s), 0, None)  # opens three times
    gaze_yaw = 0.3 * np.sin(3 * np.pi * s)
    gaze_pitch = 0.1 * np.sin(2 * np.pi * s)
    for eye in ("eye_left", "eye_right"):
        pose[:, pose_column(eye, "pitch")] = gaze_pitch
        pose[:, pose_column(eye, "yaw")] = gaze_yaw
    frames = np.arange(T)
    blink = np.zeros(T, np.float32)
    for centre in (0.3 * T, 0.75 * T):
        blink = np.maximum(blink, np.exp(-0.5 * ((frames - centre) / max(fps / 25 * 1.5, 1e-3)) ** 2))
    expression = np.zeros((T, head.n_expr), np.float32)
    names = head.expression_names

    def set_expr(name: str, values: np.ndarray) -> None:
        if name in names:
            expression[:, names.index(name)] = values

    set_expr("smile", np.clip(np.sin(2 * np.pi * s), 0, None))
    set_expr("brow_raise", np.clip(-np.sin(2 * np.pi * s), 0, None))
    return track.with_fields(pose=pose, expression=expression, eyelids=np.stack([blink, blink], -1))


def demo_views(size: int = 384, distance: float = 1.2, fov_deg: float = 30.0, target=BUST_LOOK_AT,
               cameras=DEMO_CAMERAS) -> list[CameraView]:
    """Cameras around the subject at the given yaws (degrees, > 0 on the subject's left), slightly above."""
    views = []
    for name, yaw_deg in cameras:
        a = np.radians(yaw_deg)
        eye = np.array(target) + distance * np.array([np.sin(a), 0.08, np.cos(a)])
        views.append(CameraView.look_at(name, eye=eye, target=target, up=(0, 1, 0), fov_deg=fov_deg,
                                        width=size, height=size))
    return views


def head_views(size: int = 384) -> list[CameraView]:
    """The preview's cameras: front and 40 degrees to either side, framed on the head."""
    return demo_views(size, distance=0.6, target=LOOK_AT, cameras=DEMO_CAMERAS[:3])


def demo_portrait() -> np.ndarray:
    """The public-domain astronaut portrait shipped in scikit-image (RGB uint8)."""
    from skimage.data import astronaut
    return astronaut()


@dataclasses.dataclass
class DemoResult:
    out_dir: Path
    frames: dict[str, list[Path]]
    videos: dict[str, Path]
    contact_sheet: Path


def render_demo(head: HeadModel, out_dir: Path, seconds: float = 3.0, fps: float = 25.0, size: int = 384,
                device: str = "cpu", batch: int = 8, progress: Callable[[int], None] | None = None,
                engine: str = "warp", portrait: np.ndarray | None = None) -> DemoResult:
    """`engine`: "warp" (photoreal frames of `portrait`, default the astronaut) or "preview" (the shaded
    head model). Frames are RGBA PNGs; the MP4s and the contact sheet put them over neutral grey."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    track = demo_track(head, seconds, fps)
    if engine == "warp":
        from backend.engines.warp import WarpConfig, WarpRenderer, prepare_portrait
        from backend.engines.warp.engine import track_vertices

        layer = FlameLayer(head)
        assets = prepare_portrait(demo_portrait() if portrait is None else portrait, head, WarpConfig(), layer)
        renderer = WarpRenderer(assets, WarpConfig(), device)
        views = demo_views(size)

        def frames(start: int, stop: int):
            return track_vertices(layer, track, assets, start, stop), renderer.render
    elif engine == "preview":
        layer = FlameLayer(head).to(device)
        preview = PreviewRenderer(head, device)
        views = head_views(size)

        def frames(start: int, stop: int):
            return layer.forward_track(track, start, stop).vertices, preview.render_rgba
    else:
        raise ValueError(f"unknown demo engine {engine!r}: use warp or preview")
    track.save_npz(out_dir / "track.npz")
    save_views_json(out_dir / "views.json", views)
    with ShotWriter(out_dir, views, fps) as shot, torch.inference_mode():
        for start in range(0, track.num_frames, batch):
            stop = min(start + batch, track.num_frames)
            verts, render = frames(start, stop)
            for v in views:
                for k, img in enumerate(render(verts, v)):
                    shot.add(v.name, track.first_frame + start + k, img)
            if progress:
                progress(stop - start)
    sheet = _contact_sheet(shot.frames, out_dir / "contact_sheet.png")
    return DemoResult(out_dir=out_dir, frames=shot.frames, videos=shot.videos, contact_sheet=sheet)


def _contact_sheet(frames: dict[str, list[Path]], path: Path, columns: int = 6) -> Path:
    """Cameras (rows) x frames (columns), the RGBA frames over neutral grey, each camera named."""
    rows = []
    for name, paths in frames.items():
        pick = [paths[int(i)] for i in np.linspace(0, len(paths) - 1, columns)]
        cells = [over_grey(cv2.cvtColor(cv2.imread(str(p), cv2.IMREAD_UNCHANGED), cv2.COLOR_BGRA2RGBA)) for p in pick]
        row = np.concatenate(cells, 1)[..., ::-1].copy()
        cv2.putText(row, name, (4, 14), cv2.FONT_HERSHEY_SIMPLEX, 0.45, (255, 255, 255), 1, cv2.LINE_AA)
        rows.append(row)
    cv2.imwrite(str(path), np.concatenate(rows, 0))
    return path
