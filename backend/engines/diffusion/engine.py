"""The `diffusion` engine for the render server: FLAME2Video from a checkpoint folder.

Configured by environment (the server has no per-engine settings):

  MVPORTRAIT_DIFFUSION_CHECKPOINT  checkpoint folder (made by `mvportrait train-diffusion`), or `tiny` for
                                   the bundled 32×32 test checkpoint (not photoreal); without it the engine
                                   reports itself unavailable, with this reason
  MVPORTRAIT_DIFFUSION_DEVICE      cpu, cuda, cuda:1, ... (default: cuda when available)
  MVPORTRAIT_DIFFUSION_DTYPE       float32, float16 or bfloat16 (default: float16 on CUDA, float32 on CPU)
  MVPORTRAIT_DIFFUSION_MEMORY      comma-separated: attention_slicing, vae_chunked_decode, cpu_offload

Every image of a job depends on every frame and view (the motion and view modules), so the whole clip
is generated at its first image and the rest are served from memory. Options: `steps`, `seed`,
`window`, `overlap`, and `refine` with `strength`: start from the `warp` engine's frames noised to
`strength` (0 returns them unchanged, 1 ignores them).
"""

from __future__ import annotations

import dataclasses
import hashlib
import math
import numbers
import os
import threading
import weakref
from pathlib import Path
from typing import Any, Mapping

import cv2
import numpy as np

from backend.cancellation import JobCanceled
from backend.engines.base import Engine, EngineOptionError, EngineUnavailable, JobPlan, RenderRequest
from protocols.images import UnknownImage, check_pixels
from protocols.tracks import MAX_FRAMES, Track
from protocols.views import CameraView

CHECKPOINT_ENV = "MVPORTRAIT_DIFFUSION_CHECKPOINT"
DEVICE_ENV = "MVPORTRAIT_DIFFUSION_DEVICE"
DTYPE_ENV = "MVPORTRAIT_DIFFUSION_DTYPE"
MEMORY_ENV = "MVPORTRAIT_DIFFUSION_MEMORY"
MEMORY_OPTIONS = ("attention_slicing", "vae_chunked_decode", "cpu_offload")
OPTIONS = ("steps", "seed", "window", "overlap", "refine", "strength")
TINY_CHECKPOINT = Path(__file__).resolve().parent / "data" / "tiny-preview"


@dataclasses.dataclass(frozen=True)
class DiffusionSettings:
    checkpoint: Path | None
    device: str | None = None
    dtype: str | None = None
    memory: tuple[str, ...] = ()
    default_steps: int = 25

    @classmethod
    def from_env(cls, environ: Mapping[str, str] = os.environ) -> "DiffusionSettings":
        checkpoint = environ.get(CHECKPOINT_ENV) or None
        memory = tuple(m.strip() for m in environ.get(MEMORY_ENV, "").split(",") if m.strip())
        unknown = sorted(set(memory) - set(MEMORY_OPTIONS))
        if unknown:
            raise EngineUnavailable(f"{MEMORY_ENV} names unknown memory option(s) {', '.join(unknown)}; "
                                    f"choose from {', '.join(MEMORY_OPTIONS)}")
        if checkpoint == "tiny":
            checkpoint = str(TINY_CHECKPOINT)
        return cls(checkpoint=Path(checkpoint).expanduser() if checkpoint else None,
                   device=environ.get(DEVICE_ENV) or None, dtype=environ.get(DTYPE_ENV) or None, memory=memory)


def _fingerprint(directory: Path) -> str:
    """Cheap identity of a checkpoint folder: its index and every file's name, size and mtime."""
    digest = hashlib.sha256((directory / "model_index.json").read_bytes())
    for path in sorted(p for p in directory.rglob("*") if p.is_file()):
        stat = path.stat()
        digest.update(f"{path.relative_to(directory)}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()


def _fit_reference(png: bytes, width: int, height: int) -> np.ndarray:
    """Decode the portrait, centre-crop it to the job's aspect ratio and resize it to the job size."""
    try:  # before decoding: a small file can hold a huge picture
        check_pixels(png, "the reference portrait")
    except UnknownImage:
        raise ValueError("the reference portrait is not a decodable image (PNG or JPEG)") from None
    image = cv2.imdecode(np.frombuffer(png, np.uint8), cv2.IMREAD_COLOR)
    if image is None:
        raise ValueError("the reference portrait is not a decodable image (PNG or JPEG)")
    h, w = image.shape[:2]
    scale = min(w / width, h / height)
    cw, ch = round(width * scale), round(height * scale)
    x0, y0 = (w - cw) // 2, (h - ch) // 2
    crop = image[y0:y0 + ch, x0:x0 + cw]
    resized = cv2.resize(crop, (width, height), interpolation=cv2.INTER_AREA if scale > 1 else cv2.INTER_CUBIC)
    return np.ascontiguousarray(resized[..., ::-1])


def _resize_all(frames: np.ndarray, width: int, height: int) -> np.ndarray:
    """(V, F, h, w, 3) → (V, F, height, width, 3)."""
    if frames.shape[2:4] == (height, width):
        return frames
    return np.stack([np.stack([cv2.resize(f, (width, height), interpolation=cv2.INTER_AREA) for f in view])
                     for view in frames])


@dataclasses.dataclass
class _Plan:
    generation_size: tuple[int, int]
    reference: np.ndarray
    views: tuple[CameraView, ...]
    frames: np.ndarray | None = None
    alpha: np.ndarray | None = None  # (V, F, H, W) uint8: the warp bust's matte when refining, else opaque
    lock: threading.Lock = dataclasses.field(default_factory=threading.Lock)


class DiffusionEngine(Engine):
    name = "diffusion"
    version = "2"  # 2: RGBA
    temporal_radius = MAX_FRAMES  # every frame depends on the whole clip

    def __init__(self, settings: DiffusionSettings | None = None, head=None):
        settings = settings or DiffusionSettings.from_env()
        if settings.checkpoint is None:
            raise EngineUnavailable(
                f"the diffusion engine has no weights on this server: set {CHECKPOINT_ENV} to a FLAME2Video "
                f"checkpoint folder (made by `mvportrait train-diffusion`) and restart the server")
        from .checkpoint import CheckpointError, read_index
        try:
            self.index = read_index(settings.checkpoint)
        except CheckpointError as exc:
            raise EngineUnavailable(str(exc)) from None
        self.settings_ = settings
        self._fingerprint = _fingerprint(settings.checkpoint)
        self._head = head
        self._pipeline = None
        self._conditions = None
        self._warp = None
        self._clip_keys: "weakref.WeakKeyDictionary[RenderRequest, str]" = weakref.WeakKeyDictionary()
        self._lock = threading.Lock()
        self._run_lock = threading.Lock()

    # ----------------------------------------------------------------- lazily built parts

    @property
    def head(self):
        if self._head is None:
            from flame_assets.library import load_head
            self._head = load_head("open")
        return self._head

    def pipeline(self):
        with self._lock:
            if self._pipeline is None:
                import torch

                from .checkpoint import load_checkpoint, torch_dtype
                from .pipeline import FlameToVideoPipeline
                device = self.settings_.device or ("cuda" if torch.cuda.is_available() else "cpu")
                dtype_name = self.settings_.dtype or ("float16" if device.startswith("cuda") else "float32")
                model, _ = load_checkpoint(self.settings_.checkpoint)
                pipeline = FlameToVideoPipeline(model, device, torch_dtype(dtype_name))
                if "attention_slicing" in self.settings_.memory:
                    pipeline.enable_attention_slicing(1)
                if "vae_chunked_decode" in self.settings_.memory:
                    pipeline.enable_vae_chunked_decode(1)
                if "cpu_offload" in self.settings_.memory:
                    pipeline.enable_model_cpu_offload()
                self._pipeline = pipeline
            return self._pipeline

    def condition_renderer(self):
        with self._lock:
            if self._conditions is None:
                from .conditions import ConditionRenderer
                self._conditions = ConditionRenderer(self.head)
            return self._conditions

    def warp_engine(self):
        with self._lock:
            if self._warp is None:
                try:
                    from backend.engines.warp.engine import WarpEngine
                except ImportError as exc:
                    raise EngineOptionError(f"refine needs the warp engine, which is not installed here ({exc})",
                                            option="refine")
                self._warp = WarpEngine(self.head)
            return self._warp

    # ----------------------------------------------------------------- Engine

    def check_options(self, options: Mapping[str, Any]) -> None:
        unknown = sorted(set(options) - set(OPTIONS))
        if unknown:
            raise EngineOptionError(f"the diffusion engine has no option(s) {', '.join(unknown)}; it knows "
                                    f"{', '.join(OPTIONS)}", option=unknown[0])

        def integer(name: str, lo: int, hi: int) -> None:
            value = options.get(name)
            if value is not None and (isinstance(value, bool) or not isinstance(value, numbers.Integral)
                                      or not lo <= value <= hi):
                raise EngineOptionError(f"options.{name} must be an integer in [{lo}, {hi}], got {value!r}",
                                        option=name)

        integer("steps", 1, 1000)
        integer("seed", 0, 2 ** 63 - 1)
        integer("window", 1, 64)
        integer("overlap", 0, 63)
        refine = options.get("refine", False)
        if not isinstance(refine, bool):
            raise EngineOptionError(f"options.refine must be true or false, got {refine!r}", option="refine")
        strength = options.get("strength")
        if strength is not None:
            if isinstance(strength, bool) or not isinstance(strength, numbers.Real) or not 0 <= strength <= 1:
                raise EngineOptionError(f"options.strength must be a number in [0, 1], got {strength!r}",
                                        option="strength")
            if not refine:
                raise EngineOptionError("options.strength applies only with options.refine = true", option="strength")
        if options.get("window") is not None and options.get("overlap", 0) >= options["window"]:
            raise EngineOptionError("options.overlap must be smaller than options.window", option="overlap")

    def check_track(self, track: Track) -> None:
        track.check_head(self.head.model_id)

    def settings(self) -> dict:
        return {"checkpoint": self._fingerprint, "dtype": self.settings_.dtype, "device": self.settings_.device}

    def frame_extra(self, request: RenderRequest, view_index: int, frame_offset: int) -> dict:
        return {"views": [v.to_dict() for v in request.views]}

    def frame_key(self, request: RenderRequest, view_index: int, frame_offset: int) -> str:
        # One digest of the whole clip (every frame, every view) per job, then the image's place in it.
        with self._lock:
            clip = self._clip_keys.get(request)
        if clip is None:
            clip = super().frame_key(request, 0, 0)
            with self._lock:
                self._clip_keys[request] = clip
        return hashlib.sha256(f"{clip}:{view_index}:{frame_offset}".encode()).hexdigest()

    def _sampling(self, options: Mapping[str, Any]):
        from .pipeline import SamplingConfig
        window = int(options.get("window", 16))
        return SamplingConfig(steps=int(options.get("steps", self.settings_.default_steps)),
                              seed=int(options.get("seed", 0)), window=window,
                              overlap=int(options.get("overlap", min(4, window - 1))),
                              strength=float(options.get("strength", 0.5)) if options.get("refine") else 1.0)

    def prepare(self, request: RenderRequest, cancel: threading.Event) -> JobPlan:
        pipeline = self.pipeline()
        multiple = pipeline.size_multiple
        width, height = request.resolution
        size = (math.ceil(width / multiple) * multiple, math.ceil(height / multiple) * multiple)
        views = tuple(v if (v.width, v.height) == size else v.scaled(*size) for v in request.views)
        state = _Plan(generation_size=size, reference=_fit_reference(request.reference_png, *size), views=views)
        return JobPlan(request=request, cancel=cancel, state=state)

    def _generate(self, plan: JobPlan) -> tuple[np.ndarray, np.ndarray | None]:
        request, state = plan.request, plan.state
        width, height = state.generation_size
        config = self._sampling(request.options)
        vertices, init_frames, alpha = None, None, None
        if request.options.get("refine"):
            warp = self.warp_engine()
            warp_plan = warp.prepare(dataclasses.replace(request, engine="warp", options={}), plan.cancel)
            try:
                rgba = np.stack([np.stack([warp.render_frame(warp_plan, v, f) for f in range(request.n_frames)])
                                 for v in range(request.n_views)])
                # The model sees the bust over neutral grey; the frames keep the bust's matte.
                a = rgba[..., 3:4].astype(np.float32) / 255.0
                init_frames = np.clip(rgba[..., :3] * a + 128.0 * (1 - a) + 0.5, 0, 255).astype(np.uint8)
                alpha = rgba[..., 3]
                import torch
                fitted = torch.cat([warp.vertices(warp_plan, f) for f in range(request.n_frames)])
                vertices = lambda start, stop: fitted[start:stop]  # noqa: E731
            finally:
                warp.release(warp_plan)
            init_frames = _resize_all(init_frames, width, height)
        conditions = self.condition_renderer().render(request.track, state.views, vertices)

        def on_step(step: int, total: int) -> None:
            if plan.cancel.is_set():
                raise JobCanceled()

        pipeline = self.pipeline()
        with self._run_lock:  # the model's reference bank and layout belong to one clip at a time
            frames = pipeline(state.reference, conditions, config, init_frames=init_frames, callback=on_step)
        return _resize_all(frames, *request.resolution), alpha

    def render_frame(self, plan: JobPlan, view_index: int, frame_offset: int) -> np.ndarray:
        state: _Plan = plan.state
        with state.lock:
            if state.frames is None:
                state.frames, state.alpha = self._generate(plan)
            rgb = state.frames[view_index, frame_offset]
            if state.alpha is not None:
                a = state.alpha[view_index, frame_offset]
                if a.shape != rgb.shape[:2]:
                    a = cv2.resize(a, rgb.shape[1::-1], interpolation=cv2.INTER_LINEAR)
            else:  # no matte without the warp bust: opaque
                a = np.full(rgb.shape[:2], 255, np.uint8)
            return np.ascontiguousarray(np.concatenate([rgb, a[..., None]], 2))

    def release(self, plan: JobPlan) -> None:
        plan.state = None
