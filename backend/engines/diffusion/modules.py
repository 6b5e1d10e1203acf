"""FLAME2Video's own parts on diffusers building blocks: the FLAME encoder (pose guider), the reference
image tokenizer for cross-attention, and the attention processors that share the reference UNet's
self-attention features with the denoising UNet."""

from __future__ import annotations

import torch
import torch.nn.functional as F
from diffusers.configuration_utils import ConfigMixin, register_to_config
from diffusers.models.attention_processor import Attention
from diffusers.models.modeling_utils import ModelMixin
from torch import nn


class FlameEncoder(ModelMixin, ConfigMixin):
    """AniPortrait-style pose guider: a small conv net from the FLAME condition images (8, H, W) to a
    latent-sized feature map (latent_channels, H / 2^k, W / 2^k) that is added to the noisy latents.
    The last conv starts at zero so an untrained encoder leaves the latents unchanged."""

    @register_to_config
    def __init__(self, conditioning_channels: int = 8, latent_channels: int = 4,
                 block_out_channels: tuple[int, ...] = (16, 32, 96, 256), downscale_factor: int = 8):
        super().__init__()
        n_down = int(downscale_factor).bit_length() - 1
        if 2 ** n_down != downscale_factor:
            raise ValueError(f"downscale_factor must be a power of two, got {downscale_factor}")
        if len(block_out_channels) < n_down + 1:
            raise ValueError(f"a downscale of {downscale_factor} needs at least {n_down + 1} block_out_channels, "
                             f"got {len(block_out_channels)}")
        self.conv_in = nn.Conv2d(conditioning_channels, block_out_channels[0], 3, padding=1)
        blocks = []
        for i, (c_in, c_out) in enumerate(zip(block_out_channels[:-1], block_out_channels[1:])):
            stride = 2 if i < n_down else 1
            blocks += [nn.Conv2d(c_in, c_in, 3, padding=1), nn.SiLU(),
                       nn.Conv2d(c_in, c_out, 3, padding=1, stride=stride), nn.SiLU()]
        self.blocks = nn.Sequential(*blocks)
        self.conv_out = nn.Conv2d(block_out_channels[-1], latent_channels, 3, padding=1)
        nn.init.zeros_(self.conv_out.weight)
        nn.init.zeros_(self.conv_out.bias)

    def forward(self, condition: torch.Tensor) -> torch.Tensor:
        return self.conv_out(self.blocks(F.silu(self.conv_in(condition))))


class ReferenceImageEncoder(ModelMixin, ConfigMixin):
    """High-level reference features for the UNets' cross-attention, learned from the reference latent.

    The paper uses CLIP image embeddings here; no CLIP vision weights can be loaded offline in this
    project, so this small trainable tokenizer (conv stem, pooled to a grid of tokens, linear to the
    cross-attention width) takes their place and trains with the spatial phase."""

    @register_to_config
    def __init__(self, latent_channels: int = 4, hidden_channels: int = 64, token_grid: int = 4,
                 cross_attention_dim: int = 768):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(latent_channels, hidden_channels, 3, padding=1), nn.SiLU(),
                                  nn.Conv2d(hidden_channels, hidden_channels, 3, padding=1), nn.SiLU())
        self.pool = nn.AdaptiveAvgPool2d(token_grid)
        self.proj = nn.Linear(hidden_channels, cross_attention_dim)
        self.norm = nn.LayerNorm(cross_attention_dim)

    def forward(self, reference_latent: torch.Tensor) -> torch.Tensor:
        """(B, C, h, w) → (B, token_grid², cross_attention_dim)."""
        tokens = self.pool(self.stem(reference_latent)).flatten(2).transpose(1, 2)
        return self.norm(self.proj(tokens))


class ReferenceBank:
    """Self-attention inputs of the reference UNet, by layer name, for one denoising call.

    `repeats` is how many denoising images (views × frames) share each reference image."""

    def __init__(self):
        self.features: dict[str, torch.Tensor] = {}
        self.repeats = 1
        self.writing = False

    def clear(self) -> None:
        self.features.clear()


def _attend(attn: Attention, query_states: torch.Tensor, context: torch.Tensor, slice_size: int | None):
    batch = query_states.shape[0]
    heads = attn.heads
    q = attn.to_q(query_states)
    k = attn.to_k(context)
    v = attn.to_v(context)
    head_dim = q.shape[-1] // heads
    q, k, v = (x.view(batch, -1, heads, head_dim).transpose(1, 2) for x in (q, k, v))
    if slice_size is None or slice_size >= batch:
        out = F.scaled_dot_product_attention(q, k, v)
    else:
        out = torch.cat([F.scaled_dot_product_attention(q[i:i + slice_size], k[i:i + slice_size],
                                                        v[i:i + slice_size])
                         for i in range(0, batch, slice_size)])
    out = out.transpose(1, 2).reshape(batch, -1, heads * head_dim).to(q.dtype)
    out = attn.to_out[0](out)
    return attn.to_out[1](out)


class ReferenceWriteProcessor:
    """Plain self-attention for the reference UNet that also records its input in the bank."""

    def __init__(self, bank: ReferenceBank, name: str):
        self.bank, self.name = bank, name
        self.slice_size: int | None = None

    def __call__(self, attn: Attention, hidden_states: torch.Tensor, encoder_hidden_states=None,
                 attention_mask=None, temb=None, *args, **kwargs) -> torch.Tensor:
        if self.bank.writing:
            self.bank.features[self.name] = hidden_states
        return _attend(attn, hidden_states, hidden_states, self.slice_size)


class ReferenceReadProcessor:
    """Self-attention of the denoising UNet whose keys and values also see the reference features of the
    same layer: softmax(Q [K; K_ref]ᵀ) [V; V_ref]. Without bank features it is plain self-attention."""

    def __init__(self, bank: ReferenceBank, name: str):
        self.bank, self.name = bank, name
        self.slice_size: int | None = None

    def __call__(self, attn: Attention, hidden_states: torch.Tensor, encoder_hidden_states=None,
                 attention_mask=None, temb=None, *args, **kwargs) -> torch.Tensor:
        reference = self.bank.features.get(self.name)
        context = hidden_states
        if reference is not None:
            reference = reference.to(hidden_states.dtype).repeat_interleave(self.bank.repeats, dim=0)
            if reference.shape[0] != hidden_states.shape[0]:
                raise RuntimeError(f"reference features of {self.name} have batch {reference.shape[0]}, the "
                                   f"denoising UNet {hidden_states.shape[0]}")
            context = torch.cat([hidden_states, reference], dim=1)
        return _attend(attn, hidden_states, context, self.slice_size)
