"""FLAME2Video (MVPortrait): VAE, reference UNet, FLAME encoder, denoising UNet with AnimateDiff motion
modules, and a view module after every motion module that attends across the cameras.

Tensors of a clip are (B, V, F, C, H, W): batch, views, frames. Inside the denoising UNet the images
of one clip are folded into its batch in (b, v, f) order, so the motion modules attend over the F
frames of each view and the view modules (same architecture as the motion modules) over the V views of
each frame.
"""

from __future__ import annotations

import dataclasses
from typing import Iterator

import torch
from diffusers import AutoencoderKL, DDIMScheduler, MotionAdapter, UNet2DConditionModel, UNetMotionModel
from torch import nn

from .modules import FlameEncoder, ReferenceBank, ReferenceImageEncoder, ReferenceReadProcessor, \
    ReferenceWriteProcessor

PHASES = ("spatial", "motion", "view")


@dataclasses.dataclass(frozen=True)
class FlameToVideoConfig:
    """Sizes of a new model. The defaults are tiny (CPU tests); a studio model starts from Stable
    Diffusion 1.5's UNet and VAE and AnimateDiff's motion adapter instead (see training.py)."""

    image_size: int = 32
    condition_channels: int = 8
    latent_channels: int = 4
    vae_channels: tuple[int, ...] = (8, 16)
    unet_channels: tuple[int, ...] = (16, 32)
    layers_per_block: int = 1
    attention_head_dim: int = 4     # diffusers' historical name: the number of heads
    cross_attention_dim: int = 16
    norm_num_groups: int = 8
    motion_heads: int = 2
    max_frames: int = 16
    flame_encoder_channels: tuple[int, ...] = (8, 16)
    image_tokens_grid: int = 2
    train_timesteps: int = 1000

    def __post_init__(self):
        if len(self.unet_channels) < 2:
            raise ValueError("unet_channels needs at least two levels")


def zero_out_projections(adapter: MotionAdapter) -> None:
    """New motion/view modules start as the identity (AnimateDiff's zero-initialised output)."""
    for module in adapter.modules():
        if hasattr(module, "proj_out") and isinstance(module.proj_out, nn.Linear):
            nn.init.zeros_(module.proj_out.weight)
            nn.init.zeros_(module.proj_out.bias)


def new_parts(config: FlameToVideoConfig) -> dict[str, object]:
    """Randomly initialised parts of a new model (what `FlameToVideo(**parts)` takes)."""
    n_vae = len(config.vae_channels)
    vae = AutoencoderKL(in_channels=3, out_channels=3, latent_channels=config.latent_channels,
                        down_block_types=("DownEncoderBlock2D",) * n_vae, up_block_types=("UpDecoderBlock2D",) * n_vae,
                        block_out_channels=config.vae_channels, layers_per_block=1,
                        norm_num_groups=config.norm_num_groups, sample_size=config.image_size)
    n_unet = len(config.unet_channels)
    unet_kwargs = dict(
        sample_size=config.image_size // 2 ** (n_vae - 1), in_channels=config.latent_channels,
        out_channels=config.latent_channels, block_out_channels=config.unet_channels,
        layers_per_block=config.layers_per_block,
        down_block_types=("CrossAttnDownBlock2D",) * (n_unet - 1) + ("DownBlock2D",),
        up_block_types=("UpBlock2D",) + ("CrossAttnUpBlock2D",) * (n_unet - 1),
        cross_attention_dim=config.cross_attention_dim, attention_head_dim=config.attention_head_dim,
        norm_num_groups=config.norm_num_groups)
    reference_unet = UNet2DConditionModel(**unet_kwargs)
    spatial = UNet2DConditionModel(**unet_kwargs)
    adapter_kwargs = dict(block_out_channels=config.unet_channels, motion_layers_per_block=config.layers_per_block,
                          motion_num_attention_heads=config.motion_heads,
                          motion_norm_num_groups=config.norm_num_groups,
                          motion_max_seq_length=config.max_frames, use_motion_mid_block=True)
    motion_adapter = MotionAdapter(**adapter_kwargs)
    zero_out_projections(motion_adapter)
    view_module = MotionAdapter(**adapter_kwargs)
    zero_out_projections(view_module)
    denoising_unet = UNetMotionModel.from_unet2d(spatial, motion_adapter)
    flame_encoder = FlameEncoder(conditioning_channels=config.condition_channels,
                                 latent_channels=config.latent_channels,
                                 block_out_channels=config.flame_encoder_channels,
                                 downscale_factor=2 ** (n_vae - 1))
    image_encoder = ReferenceImageEncoder(latent_channels=config.latent_channels, hidden_channels=32,
                                          token_grid=config.image_tokens_grid,
                                          cross_attention_dim=config.cross_attention_dim)
    scheduler = DDIMScheduler(num_train_timesteps=config.train_timesteps, beta_schedule="scaled_linear",
                              beta_start=0.00085, beta_end=0.012, clip_sample=False, set_alpha_to_one=False,
                              steps_offset=1, prediction_type="epsilon")
    return dict(vae=vae, reference_unet=reference_unet, denoising_unet=denoising_unet, view_module=view_module,
                flame_encoder=flame_encoder, image_encoder=image_encoder, scheduler=scheduler)


def _paired_motion_modules(unet: UNetMotionModel, view_module: MotionAdapter) -> Iterator[tuple[nn.Module, nn.Module]]:
    for unet_blocks, view_blocks in ((unet.down_blocks, view_module.down_blocks),
                                     (unet.up_blocks, view_module.up_blocks)):
        if len(unet_blocks) != len(view_blocks):
            raise ValueError("the view module's blocks do not match the denoising UNet's")
        for unet_block, view_block in zip(unet_blocks, view_blocks):
            yield from _pair(unet_block.motion_modules, view_block.motion_modules)
    unet_mid = getattr(unet.mid_block, "motion_modules", None)
    view_mid = getattr(view_module, "mid_block", None)
    if (unet_mid is None) != (view_mid is None):
        raise ValueError("the view module and the denoising UNet disagree about a motion mid block")
    if unet_mid is not None:
        yield from _pair(unet_mid, view_mid.motion_modules)


def _pair(unet_modules: nn.ModuleList, view_modules: nn.ModuleList):
    if len(unet_modules) != len(view_modules):
        raise ValueError(f"the view module has {len(view_modules)} layers where the denoising UNet has "
                         f"{len(unet_modules)} motion layers")
    for motion, view in zip(unet_modules, view_modules):
        if motion.in_channels != view.in_channels:
            raise ValueError(f"view layer width {view.in_channels} does not match motion layer width "
                             f"{motion.in_channels}")
        yield motion, view


@dataclasses.dataclass
class ReferenceContext:
    """What the reference image gives every denoising step: cross-attention tokens and the reference
    UNet's self-attention inputs, by layer."""

    tokens: torch.Tensor
    features: dict[str, torch.Tensor]


class FlameToVideo(nn.Module):
    def __init__(self, vae: AutoencoderKL, reference_unet: UNet2DConditionModel, denoising_unet: UNetMotionModel,
                 view_module: MotionAdapter, flame_encoder: FlameEncoder, image_encoder: ReferenceImageEncoder,
                 scheduler: DDIMScheduler):
        super().__init__()
        self.vae = vae
        self.reference_unet = reference_unet
        self.denoising_unet = denoising_unet
        self.view_module = view_module
        self.flame_encoder = flame_encoder
        self.image_encoder = image_encoder
        self.scheduler = scheduler
        self.views_enabled = True
        self._layout: tuple[int, int, int] | None = None  # (B, V, F) of the current denoising call
        self.bank = ReferenceBank()
        self._install_reference_attention()
        self._view_pairs = list(_paired_motion_modules(denoising_unet, view_module))
        for motion, view in self._view_pairs:
            motion.register_forward_hook(self._view_hook(view))

    # ----------------------------------------------------------------- wiring

    def _install_reference_attention(self) -> None:
        ref_names = {n for n in self.reference_unet.attn_processors if n.endswith("attn1.processor")}
        den_names = {n for n in self.denoising_unet.attn_processors
                     if n.endswith("attn1.processor") and "motion_modules" not in n}
        if ref_names != den_names:
            raise ValueError("the reference UNet's self-attention layers do not match the denoising UNet's: "
                             f"{sorted(ref_names ^ den_names)[:4]} ...")
        self.reference_unet.set_attn_processor(
            {n: (ReferenceWriteProcessor(self.bank, n) if n in ref_names else p)
             for n, p in self.reference_unet.attn_processors.items()})
        self.denoising_unet.set_attn_processor(
            {n: (ReferenceReadProcessor(self.bank, n) if n in den_names else p)
             for n, p in self.denoising_unet.attn_processors.items()})

    def _view_hook(self, view: nn.Module):
        def hook(module, args, output):
            if self._layout is None or not self.views_enabled or self._layout[1] == 1:
                return output
            B, V, F = self._layout
            _, C, H, W = output.shape
            across = output.reshape(B, V, F, C, H, W).transpose(1, 2).reshape(B * F * V, C, H, W)
            across = view(across, num_frames=V)
            return across.reshape(B, F, V, C, H, W).transpose(1, 2).reshape(B * V * F, C, H, W)
        return hook

    def reference_processors(self):
        for unet in (self.reference_unet, self.denoising_unet):
            for proc in unet.attn_processors.values():
                if isinstance(proc, (ReferenceReadProcessor, ReferenceWriteProcessor)):
                    yield proc

    # ----------------------------------------------------------------- parts by phase

    def trainable_parameters(self, phase: str) -> list[nn.Parameter]:
        """The paper's three phases: spatial parts; then only the motion modules; then only the view module."""
        if phase == "spatial":
            params = [*self.flame_encoder.parameters(), *self.image_encoder.parameters(),
                      *self.reference_unet.parameters()]
            params += [p for n, p in self.denoising_unet.named_parameters() if "motion_modules" not in n]
            return params
        if phase == "motion":
            return [p for n, p in self.denoising_unet.named_parameters() if "motion_modules" in n]
        if phase == "view":
            return list(self.view_module.parameters())
        raise ValueError(f"unknown training phase {phase!r}; phases are {', '.join(PHASES)}")

    # ----------------------------------------------------------------- forward pieces

    @property
    def latent_scale(self) -> int:
        return 2 ** (len(self.vae.config.block_out_channels) - 1)

    def encode_images(self, images: torch.Tensor, generator: torch.Generator | None = None,
                      sample: bool = False, chunk: int | None = None) -> torch.Tensor:
        """Images (N, 3, H, W) in [-1, 1] → scaled latents (N, c, H/s, W/s)."""
        chunk = chunk or images.shape[0]
        out = []
        for i in range(0, images.shape[0], chunk):
            dist = self.vae.encode(images[i:i + chunk].to(self.vae.dtype)).latent_dist
            out.append(dist.sample(generator) if sample else dist.mean)
        return torch.cat(out) * self.vae.config.scaling_factor

    def decode_latents(self, latents: torch.Tensor, chunk: int | None = None) -> torch.Tensor:
        """Scaled latents (N, c, h, w) → images (N, 3, H, W) in [-1, 1]; `chunk` images at a time."""
        chunk = chunk or latents.shape[0]
        latents = latents / self.vae.config.scaling_factor
        return torch.cat([self.vae.decode(latents[i:i + chunk].to(self.vae.dtype)).sample
                          for i in range(0, latents.shape[0], chunk)]).clamp(-1, 1)

    def reference_context(self, reference_latent: torch.Tensor) -> ReferenceContext:
        """Run the reference UNet once on the clean reference latent (B, c, h, w)."""
        dtype = self.reference_unet.dtype
        reference_latent = reference_latent.to(dtype)
        tokens = self.image_encoder(reference_latent.to(self.image_encoder.dtype)).to(dtype)
        self.bank.clear()
        self.bank.writing = True
        try:
            timestep = torch.zeros(reference_latent.shape[0], device=reference_latent.device, dtype=torch.long)
            self.reference_unet(reference_latent, timestep, encoder_hidden_states=tokens)
        finally:
            self.bank.writing = False
        features = dict(self.bank.features)
        self.bank.clear()
        return ReferenceContext(tokens=tokens, features=features)

    def guidance(self, conditions: torch.Tensor) -> torch.Tensor:
        """FLAME condition images (B, V, F, 8, H, W) in [0, 1] → latent-sized features (B, V, F, c, h, w)."""
        B, V, F = conditions.shape[:3]
        features = self.flame_encoder(conditions.flatten(0, 2).to(self.flame_encoder.dtype) * 2 - 1)
        return features.reshape(B, V, F, *features.shape[1:])

    def denoise(self, noisy_latents: torch.Tensor, timestep: torch.Tensor, guidance: torch.Tensor,
                context: ReferenceContext) -> torch.Tensor:
        """Noise prediction (B, V, F, c, h, w) for noisy latents of the same shape at `timestep` (B,)."""
        B, V, F = noisy_latents.shape[:3]
        dtype = self.denoising_unet.dtype
        x = (noisy_latents + guidance).to(dtype)
        sample = x.flatten(0, 1).permute(0, 2, 1, 3, 4)  # (B*V, c, F, h, w)
        timestep = torch.as_tensor(timestep, device=x.device).reshape(-1).expand(B).repeat_interleave(V)
        tokens = context.tokens.repeat_interleave(V * F, dim=0)  # UNetMotionModel wants one per image
        self.bank.features = context.features
        self.bank.repeats = V * F
        self._layout = (B, V, F)
        try:
            out = self.denoising_unet(sample, timestep, encoder_hidden_states=tokens).sample
        finally:
            self._layout = None
            self.bank.features = {}
        out = out.permute(0, 2, 1, 3, 4)  # (B*V, F, c, h, w)
        return out.reshape(B, V, F, *out.shape[2:]).to(noisy_latents.dtype)

    def training_loss(self, frames: torch.Tensor, conditions: torch.Tensor, reference: torch.Tensor,
                      generator: torch.Generator | None = None) -> torch.Tensor:
        """ε-prediction MSE for clips: frames (B, V, F, 3, H, W) in [-1, 1], conditions (B, V, F, 8, H, W)
        in [0, 1], reference images (B, 3, H, W) in [-1, 1]."""
        B, V, F = frames.shape[:3]
        with torch.no_grad():
            latents = self.encode_images(frames.flatten(0, 2), generator, sample=True)
            latents = latents.reshape(B, V, F, *latents.shape[1:])
            reference_latent = self.encode_images(reference)
        noise = torch.randn(latents.shape, generator=generator, device=latents.device, dtype=latents.dtype)
        t = torch.randint(0, self.scheduler.config.num_train_timesteps, (B,), generator=generator,
                          device=latents.device)
        t_per_image = t.repeat_interleave(V * F)
        noisy = self.scheduler.add_noise(latents.flatten(0, 2), noise.flatten(0, 2), t_per_image)
        noisy = noisy.reshape(latents.shape)
        prediction = self.denoise(noisy, t, self.guidance(conditions), self.reference_context(reference_latent))
        return torch.nn.functional.mse_loss(prediction.float(), noise.float())
