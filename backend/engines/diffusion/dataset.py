"""Training data for FLAME2Video: a folder of clips, and builders that make such folders.

    <root>/dataset.json                 format, image size, head model id, clip names
    <root>/<clip>/reference.png         the portrait the clip should look like
    <root>/<clip>/views.json            the cameras (protocols.views), all of one resolution
    <root>/<clip>/track.npz             per-frame FLAME parameters (protocols.tracks.Track)
    <root>/<clip>/frames/<view>/NNNNNN.png   the real frames, one folder per view
    <root>/<clip>/conditions.npz        cached condition images, uint8 (V, F, H, W, 8)

Clips come from multi-view video (`add_video_clip`: per-view videos plus the FLAME track of the
performance, e.g. from `mvportrait animate video`) or are synthesised (`build_preview_dataset`: random
tracks drawn by the preview renderer, for tests and pipeline checks; not photoreal data).
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Sequence

import cv2
import numpy as np
import torch

from flame_assets.head_model import HeadModel
from protocols.flame_conventions import pose_column
from protocols.tracks import Track
from protocols.safe_names import safe_name
from protocols.views import CameraView, load_views_json, save_views_json

from .conditions import CONDITION_CHANNELS, ConditionRenderer

DATASET_FORMAT = "mvportrait-flame2video-dataset"


class DatasetError(ValueError):
    pass


def _write_png(path: Path, rgb: np.ndarray) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if not cv2.imwrite(str(path), np.ascontiguousarray(rgb[..., ::-1])):
        raise OSError(f"could not write {path}")


def _read_png(path: Path) -> np.ndarray:
    image = cv2.imread(str(path), cv2.IMREAD_COLOR)
    if image is None:
        raise DatasetError(f"{path} is missing or not an image")
    return np.ascontiguousarray(image[..., ::-1])


def _view_dir(index: int, view: CameraView) -> str:
    return f"{index:02d}_{safe_name(view.name, fallback='camera')}"


def _update_index(root: Path, clip: str, size: tuple[int, int], head: HeadModel) -> None:
    index_file = root / "dataset.json"
    index = json.loads(index_file.read_text()) if index_file.is_file() else {
        "format": DATASET_FORMAT, "version": 1, "width": size[0], "height": size[1],
        "head_model": head.model_id.to_dict(), "clips": []}
    if (index["width"], index["height"]) != tuple(size):
        raise DatasetError(f"clip {clip} is {size[0]}×{size[1]} but dataset {root} is "
                           f"{index['width']}×{index['height']}")
    if clip not in index["clips"]:
        index["clips"].append(clip)
    index_file.write_text(json.dumps(index, indent=2) + "\n")


def write_clip(root: str | Path, clip: str, reference: np.ndarray, views: Sequence[CameraView], track: Track,
               frames: np.ndarray, head: HeadModel, renderer: ConditionRenderer | None = None) -> Path:
    """Store one clip: frames (V, F, H, W, 3) uint8 seen by `views`, driven by `track` (F frames)."""
    root = Path(root)
    V, F, H, W, _ = frames.shape
    if V != len(views) or F != track.num_frames:
        raise DatasetError(f"frames are {V} views × {F} frames but there are {len(views)} views and a "
                           f"{track.num_frames}-frame track")
    if any((v.width, v.height) != (W, H) for v in views) or reference.shape[:2] != (H, W):
        raise DatasetError(f"the reference, the views and the frames must all be {W}×{H}")
    track.check_head(head.model_id)
    renderer = renderer or ConditionRenderer(head)
    directory = root / clip
    directory.mkdir(parents=True, exist_ok=True)
    _write_png(directory / "reference.png", reference)
    save_views_json(directory / "views.json", views)
    track.save_npz(directory / "track.npz")
    for v, view in enumerate(views):
        for f in range(F):
            _write_png(directory / "frames" / _view_dir(v, view) / f"{f:06d}.png", frames[v, f])
    conditions = renderer.render(track, views)
    np.savez_compressed(directory / "conditions.npz",
                        conditions=(conditions.permute(0, 1, 3, 4, 2).numpy() * 255 + 0.5).astype(np.uint8))
    _update_index(root, clip, (W, H), head)
    return directory


def add_video_clip(root: str | Path, clip: str, videos: Sequence[str | Path], views: Sequence[CameraView],
                   track: Track, head: HeadModel, reference_frame: int = 0, reference_view: int = 0) -> Path:
    """A clip from synchronised multi-view videos (one per view, frame i of each at the same instant) and
    the FLAME track of the performance. Frames are resized to the views' resolution; the reference is
    frame `reference_frame` of view `reference_view`."""
    if len(videos) != len(views):
        raise DatasetError(f"{len(videos)} videos for {len(views)} views; give one video per camera")
    W, H = views[0].width, views[0].height
    per_view = []
    for path in videos:
        capture = cv2.VideoCapture(str(path))
        if not capture.isOpened():
            raise DatasetError(f"cannot open video {path}")
        images = []
        while len(images) < track.num_frames:
            ok, bgr = capture.read()
            if not ok:
                break
            images.append(cv2.resize(bgr, (W, H), interpolation=cv2.INTER_AREA)[..., ::-1])
        capture.release()
        if len(images) < track.num_frames:
            raise DatasetError(f"video {path} has {len(images)} frames, the track {track.num_frames}")
        per_view.append(np.stack(images))
    frames = np.stack(per_view)
    return write_clip(root, clip, frames[reference_view, reference_frame], views, track, frames, head)


def random_track(head: HeadModel, n_frames: int, rng: np.random.Generator, fps: float = 25.0) -> Track:
    """A smooth random performance: head turns, nods, jaw, a few expressions and blinks."""
    t = np.arange(n_frames) / fps
    track = Track.neutral(n_frames, head.model_id, n_expr=head.expression_dirs.shape[-1],
                          n_shape=head.identity_dirs.shape[-1], fps=fps)
    pose = np.zeros_like(track.pose)

    def wave(amplitude: float) -> np.ndarray:
        return amplitude * np.sin(2 * np.pi * rng.uniform(0.2, 1.0) * t + rng.uniform(0, 2 * np.pi))

    pose[:, pose_column("global", "yaw")] = wave(0.5)
    pose[:, pose_column("global", "pitch")] = wave(0.2)
    pose[:, pose_column("global", "roll")] = wave(0.1)
    pose[:, pose_column("jaw", "pitch")] = np.abs(wave(0.3))   # opens only
    expression = np.zeros_like(track.expression)
    for k in rng.choice(min(23, expression.shape[1]), size=3, replace=False):
        expression[:, k] = np.clip(wave(1.0), 0, None)
    eyelids = np.zeros_like(track.eyelids)
    blink = (np.sin(2 * np.pi * rng.uniform(0.3, 0.8) * t) > 0.9).astype(np.float32)
    eyelids[:] = blink[:, None]
    shape = np.zeros_like(track.shape)
    shape[:10] = rng.normal(0, 1.0, 10)
    return track.with_fields(pose=pose, expression=expression, eyelids=eyelids, shape=shape)


def ring_of_views(n_views: int, size: int, distance: float = 0.62, spread_deg: float = 60.0) -> list[CameraView]:
    """Cameras on an arc in front of the head, `spread_deg` wide, all looking at the face."""
    angles = np.radians(np.linspace(-spread_deg / 2, spread_deg / 2, n_views)) if n_views > 1 else np.zeros(1)
    target = (0.0, 0.0, 0.02)
    return [CameraView.look_at(f"cam{i}", (distance * np.sin(a), 0.0, distance * np.cos(a)), target,
                               fov_deg=22.0, width=size, height=size) for i, a in enumerate(angles)]


def build_preview_dataset(root: str | Path, head: HeadModel, n_clips: int = 4, n_frames: int = 8,
                          n_views: int = 2, size: int = 32, seed: int = 0) -> Path:
    """Synthetic clips: random tracks drawn by the preview renderer from a ring of cameras, the reference
    being the first camera's view of the rest pose. For tests, smoke runs and tiny demo checkpoints."""
    from backend.flame.layer import FlameLayer
    from backend.render.preview import PreviewRenderer

    root = Path(root)
    rng = np.random.default_rng(seed)
    layer = FlameLayer(head)
    preview = PreviewRenderer(head)
    renderer = ConditionRenderer(head)
    views = ring_of_views(n_views, size)
    for c in range(n_clips):
        track = random_track(head, n_frames, rng)
        with torch.inference_mode():
            vertices = layer.forward_track(track).vertices
            rest = track.with_fields(pose=np.zeros_like(track.pose), expression=np.zeros_like(track.expression),
                                     eyelids=np.zeros_like(track.eyelids)).slice(0, 1)
            rest_vertices = layer.forward_track(rest).vertices
        frames = np.stack([preview.render(vertices, view) for view in views])
        reference = preview.render(rest_vertices, views[0])[0]
        write_clip(root, f"clip_{c:04d}", reference, views, track, frames, head, renderer)
    return root


@dataclasses.dataclass
class Clip:
    name: str
    reference: np.ndarray       # (H, W, 3) uint8
    frames: np.ndarray          # (V, F, H, W, 3) uint8
    conditions: np.ndarray      # (V, F, H, W, 8) uint8


def load_clip(directory: Path) -> Clip:
    views = load_views_json(directory / "views.json")
    track = Track.load_npz(directory / "track.npz")
    frames = np.stack([np.stack([_read_png(directory / "frames" / _view_dir(v, view) / f"{f:06d}.png")
                                 for f in range(track.num_frames)]) for v, view in enumerate(views)])
    conditions_file = directory / "conditions.npz"
    if not conditions_file.is_file():
        raise DatasetError(f"{conditions_file} is missing; rebuild the clip with the dataset builder")
    conditions = np.load(conditions_file)["conditions"]
    if conditions.shape != (*frames.shape[:-1], CONDITION_CHANNELS):
        raise DatasetError(f"{conditions_file} holds conditions of shape {conditions.shape}, the clip needs "
                           f"{(*frames.shape[:-1], CONDITION_CHANNELS)}")
    return Clip(directory.name, _read_png(directory / "reference.png"), frames, conditions)


class ClipDataset:
    """Random training samples of `n_frames` consecutive frames seen by `n_views` random cameras."""

    def __init__(self, root: str | Path):
        root = Path(root)
        index_file = root / "dataset.json"
        if not index_file.is_file():
            raise DatasetError(f"{root} has no dataset.json; make the folder with `mvportrait train-diffusion "
                               f"build-dataset` (or backend.engines.diffusion.dataset)")
        index = json.loads(index_file.read_text())
        if index.get("format") != DATASET_FORMAT:
            raise DatasetError(f"{index_file} is not a FLAME2Video dataset index")
        if not index["clips"]:
            raise DatasetError(f"dataset {root} has no clips")
        self.root = root
        self.size = (index["width"], index["height"])
        self.clips = [load_clip(root / name) for name in index["clips"]]

    @property
    def max_frames(self) -> int:
        return min(c.frames.shape[1] for c in self.clips)

    @property
    def max_views(self) -> int:
        return min(c.frames.shape[0] for c in self.clips)

    def sample(self, batch: int, n_views: int, n_frames: int, rng: np.random.Generator) -> dict[str, torch.Tensor]:
        """frames (B, V, F, 3, H, W) and reference (B, 3, H, W) in [-1, 1]; conditions (B, V, F, 8, H, W)
        in [0, 1]."""
        if n_frames > self.max_frames or n_views > self.max_views:
            raise DatasetError(f"samples of {n_views} views × {n_frames} frames need clips at least that big; "
                               f"the shortest clip has {self.max_frames} frames, the smallest "
                               f"{self.max_views} views")
        frames, conditions, references = [], [], []
        for _ in range(batch):
            clip = self.clips[rng.integers(len(self.clips))]
            start = rng.integers(clip.frames.shape[1] - n_frames + 1)
            views = np.sort(rng.choice(clip.frames.shape[0], n_views, replace=False))
            frames.append(clip.frames[views, start:start + n_frames])
            conditions.append(clip.conditions[views, start:start + n_frames])
            references.append(clip.reference)
        to_t = lambda a: torch.from_numpy(np.stack(a)).float()  # noqa: E731
        return {"frames": to_t(frames).permute(0, 1, 2, 5, 3, 4) / 127.5 - 1,
                "conditions": to_t(conditions).permute(0, 1, 2, 5, 3, 4) / 255.0,
                "reference": to_t(references).permute(0, 3, 1, 2) / 127.5 - 1}
