"""MotionDM and EmotionDM: one transformer-encoder denoiser architecture (MDM-style) for both.

The network sees a noised sequence x_t (B, T, C), the diffusion step and a sentence embedding, and
predicts the clean sequence x_0. The condition (step embedding + projected text embedding) is a token
prepended to the frames, as in MDM. Two ways to feed it to the frames:

- `"token"`: the condition is also added to every frame's input (the first shipped weights).
- `"adaln"`: the condition scales, shifts and gates the normalised activations of every block and of the
  output (adaptive layer norm, as in DiT). The multiplicative path lets one layer make the frame-position
  features text-dependent; with it, shakes swing and nods dip where the additive path gave one slow drift.

With `text_tokens` > 0 the sentence encoder's per-token outputs also join the sequence, between the
condition token and the frames, so frames can attend to single words. A count or a speed is one word,
and in the pooled sentence vector "nods three times" and "nods twice" differ little (cosine 0.86).

Classifier-free guidance: a zero text embedding (and all tokens padded) means "no text"; the model is
trained with 10% of texts dropped.
"""

from __future__ import annotations

import dataclasses
import json
import math
from pathlib import Path

import torch
from torch import nn

from .representation import EMOTION_CHANNELS, MOTION_CHANNELS


CONDITIONINGS = ("token", "adaln")


@dataclasses.dataclass(frozen=True)
class DenoiserConfig:
    channels: int
    latent_dim: int = 64
    layers: int = 1
    heads: int = 4
    ff_dim: int = 256
    dropout: float = 0.1
    text_dim: int = 384
    max_frames: int = 250
    cond_every_frame: bool = True
    conditioning: str = "token"   # "token" (MDM) or "adaln" (scale/shift of every block by the condition)
    text_tokens: int = 0          # > 0: the encoder's per-token outputs (up to this many) join the sequence

    def __post_init__(self) -> None:
        if self.conditioning not in CONDITIONINGS:
            raise ValueError(f"conditioning must be one of {', '.join(CONDITIONINGS)}, got {self.conditioning!r}")

    @classmethod
    def motion(cls, **overrides) -> "DenoiserConfig":
        return cls(channels=MOTION_CHANNELS, **overrides)

    @classmethod
    def emotion(cls, **overrides) -> "DenoiserConfig":
        return cls(channels=EMOTION_CHANNELS, **overrides)


def sinusoidal_embedding(positions: torch.Tensor, dim: int) -> torch.Tensor:
    """(N,) float positions → (N, dim) sin/cos features, periods up to 10000."""
    half = dim // 2
    freqs = torch.exp(-math.log(10000.0) * torch.arange(half, device=positions.device, dtype=torch.float32) / half)
    args = positions.float()[:, None] * freqs[None]
    return torch.cat([torch.sin(args), torch.cos(args)], -1)


def _modulate(x: torch.Tensor, shift: torch.Tensor, scale: torch.Tensor) -> torch.Tensor:
    return x * (1 + scale[:, None]) + shift[:, None]


class AdaLNEncoderLayer(nn.Module):
    """Pre-norm transformer encoder layer whose norms are scaled, shifted and gated by the condition.
    The modulation starts at zero, so a fresh layer is the identity on its input."""

    def __init__(self, d: int, heads: int, ff_dim: int, dropout: float):
        super().__init__()
        self.norm1 = nn.LayerNorm(d, elementwise_affine=False)
        self.attn = nn.MultiheadAttention(d, heads, dropout=dropout, batch_first=True)
        self.norm2 = nn.LayerNorm(d, elementwise_affine=False)
        self.ff = nn.Sequential(nn.Linear(d, ff_dim), nn.GELU(), nn.Dropout(dropout), nn.Linear(ff_dim, d))
        self.dropout = nn.Dropout(dropout)
        self.modulation = nn.Sequential(nn.SiLU(), nn.Linear(d, 6 * d))
        nn.init.zeros_(self.modulation[1].weight)
        nn.init.zeros_(self.modulation[1].bias)

    def forward(self, h: torch.Tensor, cond: torch.Tensor, mask: torch.Tensor | None) -> torch.Tensor:
        shift1, scale1, gate1, shift2, scale2, gate2 = self.modulation(cond).chunk(6, -1)
        a = _modulate(self.norm1(h), shift1, scale1)
        a = self.attn(a, a, a, key_padding_mask=mask, need_weights=False)[0]
        h = h + gate1[:, None] * self.dropout(a)
        f = self.ff(_modulate(self.norm2(h), shift2, scale2))
        return h + gate2[:, None] * self.dropout(f)


class TextToSequenceDenoiser(nn.Module):
    """x_t (B, T, C), t (B,), text (B, text_dim), padding (B, T) True = padded frame → x̂_0 (B, T, C)."""

    def __init__(self, config: DenoiserConfig):
        super().__init__()
        self.config = config
        d = config.latent_dim
        self.input_proj = nn.Linear(config.channels, d)
        self.time_mlp = nn.Sequential(nn.Linear(d, d), nn.SiLU(), nn.Linear(d, d))
        self.text_proj = nn.Linear(config.text_dim, d)
        if config.text_tokens:
            self.token_proj = nn.Sequential(nn.LayerNorm(config.text_dim), nn.Linear(config.text_dim, d))
            self.token_positions = nn.Parameter(torch.randn(config.text_tokens, d) * 0.02)
        if config.conditioning == "adaln":
            self.blocks = nn.ModuleList(AdaLNEncoderLayer(d, config.heads, config.ff_dim, config.dropout)
                                        for _ in range(config.layers))
            self.output_norm = nn.LayerNorm(d, elementwise_affine=False)
            self.output_modulation = nn.Sequential(nn.SiLU(), nn.Linear(d, 2 * d))
            nn.init.zeros_(self.output_modulation[1].weight)
            nn.init.zeros_(self.output_modulation[1].bias)
        else:
            layer = nn.TransformerEncoderLayer(d, config.heads, config.ff_dim, config.dropout, activation="gelu",
                                               batch_first=True)
            self.encoder = nn.TransformerEncoder(layer, config.layers, enable_nested_tensor=False)
        self.output_proj = nn.Linear(d, config.channels)
        self.register_buffer("positions", sinusoidal_embedding(torch.arange(config.max_frames + 1), d),
                             persistent=False)
        # Normalisation of the data the model was trained on (features → zero mean, unit std).
        self.register_buffer("feature_mean", torch.zeros(config.channels))
        self.register_buffer("feature_std", torch.ones(config.channels))

    def forward(self, x_t: torch.Tensor, t: torch.Tensor, text: torch.Tensor, padding: torch.Tensor | None = None,
                text_tokens: torch.Tensor | None = None, token_padding: torch.Tensor | None = None) -> torch.Tensor:
        """text_tokens (B, L, text_dim) with token_padding (B, L), True = padded, for a model with
        `config.text_tokens`; a row whose tokens are all padded has no text (as a zero `text` row)."""
        b, n, _ = x_t.shape
        if n > self.config.max_frames:
            raise ValueError(f"{n} frames is more than this model's {self.config.max_frames}")
        cond = self.time_mlp(sinusoidal_embedding(t, self.config.latent_dim)) + self.text_proj(text)
        h = self.input_proj(x_t) + self.positions[1:n + 1]
        if self.config.cond_every_frame:
            h = h + cond[:, None]
        if padding is None:
            padding = torch.zeros(b, n, dtype=torch.bool, device=x_t.device)
        parts, masks = [cond[:, None] + self.positions[:1]], [torch.zeros(b, 1, dtype=torch.bool, device=x_t.device)]
        if self.config.text_tokens:
            if text_tokens is None or token_padding is None:
                raise ValueError("this model reads the text encoder's per-token outputs: pass text_tokens and "
                                 "token_padding (backend.motion.text.encoder.encode_texts_with_tokens)")
            k = min(text_tokens.shape[1], self.config.text_tokens)
            parts.append(self.token_proj(text_tokens[:, :k]) + self.token_positions[:k])
            masks.append(token_padding[:, :k])
        parts.append(h)
        masks.append(padding)
        tokens = torch.cat(parts, 1)
        mask = torch.cat(masks, 1)
        first_frame = tokens.shape[1] - n
        if self.config.conditioning == "adaln":
            out = tokens
            for block in self.blocks:
                out = block(out, cond, mask)
            shift, scale = self.output_modulation(cond).chunk(2, -1)
            return self.output_proj(_modulate(self.output_norm(out[:, first_frame:]), shift, scale))
        out = self.encoder(tokens, src_key_padding_mask=mask)
        return self.output_proj(out[:, first_frame:])

    def normalize(self, features: torch.Tensor) -> torch.Tensor:
        return (features - self.feature_mean) / self.feature_std

    def denormalize(self, x: torch.Tensor) -> torch.Tensor:
        return x * self.feature_std + self.feature_mean


def save_denoiser(model: TextToSequenceDenoiser, path: str | Path, meta: dict) -> Path:
    """A safetensors file: weights, normalisation, and the config and training facts as metadata."""
    from safetensors.torch import save_file

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tensors = {k: v.detach().cpu().contiguous() for k, v in model.state_dict().items()}
    save_file(tensors, str(path), metadata={"config": json.dumps(dataclasses.asdict(model.config)),
                                            "meta": json.dumps(meta, sort_keys=True)})
    return path


def load_denoiser(path: str | Path) -> tuple[TextToSequenceDenoiser, dict]:
    from safetensors import safe_open
    from safetensors.torch import load_file

    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"no text→FLAME checkpoint at {path}; train one with "
                                f"`python -m backend.motion.text.train` or reinstall the package")
    with safe_open(str(path), "pt") as f:
        metadata = f.metadata() or {}
    if "config" not in metadata:
        raise ValueError(f"{path} is not a text→FLAME denoiser checkpoint (no config in its metadata)")
    model = TextToSequenceDenoiser(DenoiserConfig(**json.loads(metadata["config"])))
    model.load_state_dict(load_file(str(path)))
    model.eval()
    return model, json.loads(metadata.get("meta", "{}"))
