"""Sampling with FLAME2Video: any number of views, any clip length, optional refinement of given frames.

Long clips are cut into overlapping windows of frames that are all denoised at every step; where
windows overlap their noise predictions are blended with weights that fall off toward each window's
ends, and the scheduler steps the whole clip at once (HunyuanPortrait-style). No window is ever
conditioned on frames generated before it.
"""

from __future__ import annotations

import contextlib
import dataclasses
from typing import Callable

import numpy as np
import torch
from diffusers import DDIMScheduler
from diffusers.utils import logging as diffusers_logging

from .model import FlameToVideo


@dataclasses.dataclass(frozen=True)
class SamplingConfig:
    steps: int = 25                 # the paper's 25 sampling steps
    window: int = 16                # frames denoised together by the motion module
    overlap: int = 4                # frames shared by neighbouring windows
    seed: int = 0
    strength: float = 1.0           # refine: 0 keeps the given frames, 1 ignores them
    decode_chunk: int = 8           # images per VAE decode call

    def __post_init__(self):
        if self.steps < 1:
            raise ValueError(f"steps must be ≥ 1, got {self.steps}")
        if self.window < 1 or not 0 <= self.overlap < self.window:
            raise ValueError(f"need window ≥ 1 and 0 ≤ overlap < window, got window={self.window}, "
                             f"overlap={self.overlap}")
        if not 0.0 <= self.strength <= 1.0:
            raise ValueError(f"strength must be in [0, 1], got {self.strength}")
        if self.decode_chunk < 1:
            raise ValueError("decode_chunk must be ≥ 1")


@contextlib.contextmanager
def _quiet_diffusers():
    """diffusers warns on every `.to(dtype)` of a model that has no float32-only modules; ours have none."""
    level = diffusers_logging.get_verbosity()
    diffusers_logging.set_verbosity_error()
    try:
        yield
    finally:
        diffusers_logging.set_verbosity(level)


def window_starts(n_frames: int, window: int, overlap: int) -> list[int]:
    """First frame of every window; the last window ends on the last frame."""
    if n_frames <= window:
        return [0]
    stride = window - overlap
    starts = list(range(0, n_frames - window + 1, stride))
    if starts[-1] + window < n_frames:
        starts.append(n_frames - window)
    return starts


def window_weights(length: int, overlap: int) -> torch.Tensor:
    """Blend weights (length,) that ramp up over the first and down over the last `overlap` frames."""
    w = torch.ones(length)
    if overlap > 0:
        ramp = torch.arange(1, overlap + 1, dtype=torch.float32) / (overlap + 1)
        n = min(overlap, length)
        w[:n] = torch.minimum(w[:n], ramp[:n])
        w[length - n:] = torch.minimum(w[length - n:], ramp[:n].flip(0))
    return w


class FlameToVideoPipeline:
    def __init__(self, model: FlameToVideo, device: str | torch.device = "cpu", dtype: torch.dtype = torch.float32):
        self.model = model.eval().requires_grad_(False)
        self.scheduler = DDIMScheduler.from_config(model.scheduler.config)
        self.device = torch.device(device)
        self.dtype = dtype
        self._offload = False
        with _quiet_diffusers():
            self.model.to(self.device, dtype)
        self.vae_decode_chunk: int | None = None

    @property
    def size_multiple(self) -> int:
        """Image sides must be multiples of this (the VAE's and the UNet's downsampling)."""
        n_down = len(self.model.denoising_unet.config.block_out_channels) - 1
        return self.model.latent_scale * 2 ** n_down

    # ----------------------------------------------------------------- memory options

    def enable_attention_slicing(self, slice_size: int | None = 1) -> None:
        """Spatial attention runs `slice_size` images at a time (None: all at once)."""
        for proc in self.model.reference_processors():
            proc.slice_size = slice_size

    def enable_vae_chunked_decode(self, chunk: int = 1) -> None:
        self.vae_decode_chunk = chunk

    def enable_model_cpu_offload(self) -> None:
        """Keep parts on the CPU and move each to the device only while it runs."""
        self._offload = self.device.type != "cpu"
        if self._offload:
            with _quiet_diffusers():
                self.model.to("cpu")

    def _use(self, *modules: torch.nn.Module) -> None:
        if not self._offload:
            return
        for part in (self.model.vae, self.model.reference_unet, self.model.denoising_unet, self.model.view_module,
                     self.model.flame_encoder, self.model.image_encoder):
            keep = any(part is m for m in modules) or (part is self.model.view_module
                                                     and self.model.denoising_unet in modules)
            with _quiet_diffusers():
                part.to(self.device if keep else "cpu")
        if self.device.type == "cuda":
            torch.cuda.empty_cache()

    # ----------------------------------------------------------------- sampling

    @torch.inference_mode()
    def __call__(self, reference: np.ndarray, conditions: torch.Tensor, config: SamplingConfig = SamplingConfig(),
                 init_frames: np.ndarray | None = None,
                 callback: Callable[[int, int], None] | None = None) -> np.ndarray:
        """Frames for one clip.

        reference: (H, W, 3) uint8 RGB portrait, conditions: (V, F, 8, H, W) FLAME condition images in [0, 1],
        init_frames: optional (V, F, H, W, 3) uint8 frames to refine (e.g. the warp engine's) with
        `config.strength`. `callback(step, total)` runs after every step (raise there to cancel).
        Returns (V, F, H, W, 3) uint8.
        """
        V, F, _, H, W = conditions.shape
        if init_frames is not None and init_frames.shape != (V, F, H, W, 3):
            raise ValueError(f"init_frames must be (views, frames, H, W, 3) = {(V, F, H, W, 3)}, "
                             f"got {init_frames.shape}")
        if init_frames is not None and config.strength == 0.0:
            return np.array(init_frames, dtype=np.uint8, copy=True)
        latents = self.sample_latents(reference, conditions, config, init_frames, callback)
        self._use(self.model.vae)
        chunk = self.vae_decode_chunk or config.decode_chunk
        images = self.model.decode_latents(latents.flatten(0, 2), chunk=chunk)
        images = ((images.float() + 1) * 127.5).round().clamp(0, 255).to(torch.uint8)
        return images.permute(0, 2, 3, 1).reshape(V, F, H, W, 3).cpu().numpy()

    @torch.inference_mode()
    def sample_latents(self, reference: np.ndarray, conditions: torch.Tensor, config: SamplingConfig = SamplingConfig(),
                       init_frames: np.ndarray | None = None,
                       callback: Callable[[int, int], None] | None = None) -> torch.Tensor:
        """The denoised latents (1, V, F, c, h, w) of a clip; arguments as for `__call__`."""
        V, F, _, H, W = conditions.shape
        scale = self.model.latent_scale
        if reference.shape[:2] != (H, W):
            raise ValueError(f"the reference image is {reference.shape[1]}×{reference.shape[0]}, the condition "
                             f"images {W}×{H}; resize the reference to the job resolution first")
        multiple = self.size_multiple
        if H % multiple or W % multiple:
            raise ValueError(f"{W}×{H} is not a multiple of the model's downsampling ({multiple} pixels)")
        max_window = self.model.denoising_unet.config.motion_max_seq_length
        if config.window > max_window:
            raise ValueError(f"window {config.window} is longer than the motion module's {max_window} frames")

        generator = torch.Generator("cpu").manual_seed(config.seed)
        to_unit = lambda a: torch.from_numpy(np.ascontiguousarray(a)).to(self.device, self.dtype)  # noqa: E731
        self._use(self.model.vae, self.model.image_encoder, self.model.reference_unet)
        ref = to_unit(reference).permute(2, 0, 1)[None] / 127.5 - 1
        context = self.model.reference_context(self.model.encode_images(ref))

        scheduler = DDIMScheduler.from_config(self.scheduler.config)  # per call: set_timesteps keeps state
        scheduler.set_timesteps(config.steps, device=self.device)
        timesteps = scheduler.timesteps
        latent_shape = (1, V, F, self.model.vae.config.latent_channels, H // scale, W // scale)
        noise = torch.randn(latent_shape, generator=generator).to(self.device, self.dtype)
        if init_frames is None or config.strength >= 1.0:
            latents = noise * scheduler.init_noise_sigma
        else:
            first = min(len(timesteps) - 1, int(round(len(timesteps) * (1.0 - config.strength))))
            timesteps = timesteps[first:]
            images = to_unit(init_frames).permute(0, 1, 4, 2, 3).flatten(0, 1) / 127.5 - 1
            clean = self.model.encode_images(images, chunk=self.vae_decode_chunk).reshape(latent_shape)
            latents = scheduler.add_noise(clean, noise, timesteps[:1])

        self._use(self.model.flame_encoder)
        guidance = self.model.guidance(conditions[None].to(self.device, self.dtype))
        self._use(self.model.denoising_unet)
        starts = window_starts(F, config.window, config.overlap)
        length = min(config.window, F)
        weights = window_weights(length, config.overlap if len(starts) > 1 else 0).to(self.device, self.dtype)
        weights = weights.view(1, 1, length, 1, 1, 1)
        for i, t in enumerate(timesteps):
            prediction = torch.zeros_like(latents)
            total = torch.zeros((1, 1, F, 1, 1, 1), device=self.device, dtype=self.dtype)
            for s in starts:
                part = slice(s, s + length)
                prediction[:, :, part] += weights * self.model.denoise(
                    scheduler.scale_model_input(latents[:, :, part], t), t.reshape(1), guidance[:, :, part],
                    context)
                total[:, :, part] += weights
            prediction = prediction / total
            latents = scheduler.step(prediction, t, latents).prev_sample
            if callback is not None:
                callback(i + 1, len(timesteps))

        return latents
