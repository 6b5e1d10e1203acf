"""MotionDM and EmotionDM: one transformer-encoder denoiser architecture (MDM-style) for both.

The network sees a noised sequence x_t (B, T, C), the diffusion step and a sentence embedding, and
predicts the clean sequence x_0. The condition (step embedding + projected text embedding) is a token
prepended to the frames, as in MDM; it is also added to every frame's input, which lets a single-layer
network (the paper's size) use the text at every position. Classifier-free guidance: a zero text
embedding means "no text" (the model is trained with 10% of texts dropped).
"""

from __future__ import annotations

import dataclasses
import json
import math
from pathlib import Path

import torch
from torch import nn

from .representation import EMOTION_CHANNELS, MOTION_CHANNELS


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


class TextToSequenceDenoiser(nn.Module):
    """x_t (B, T, C), t (B,), text (B, text_dim), padding (B, T) True = padded frame → x̂_0 (B, T, C)."""

    def __init__(self, config: DenoiserConfig):
        super().__init__()
        self.config = config
        d = config.latent_dim
        self.input_proj = nn.Linear(config.channels, d)
        self.time_mlp = nn.Sequential(nn.Linear(d, d), nn.SiLU(), nn.Linear(d, d))
        self.text_proj = nn.Linear(config.text_dim, d)
        layer = nn.TransformerEncoderLayer(d, config.heads, config.ff_dim, config.dropout, activation="gelu",
                                           batch_first=True)
        self.encoder = nn.TransformerEncoder(layer, config.layers, enable_nested_tensor=False)
        self.output_proj = nn.Linear(d, config.channels)
        self.register_buffer("positions", sinusoidal_embedding(torch.arange(config.max_frames + 1), d),
                             persistent=False)
        # Normalisation of the data the model was trained on (features → zero mean, unit std).
        self.register_buffer("feature_mean", torch.zeros(config.channels))
        self.register_buffer("feature_std", torch.ones(config.channels))

    def forward(self, x_t: torch.Tensor, t: torch.Tensor, text: torch.Tensor,
                padding: torch.Tensor | None = None) -> torch.Tensor:
        b, n, _ = x_t.shape
        if n > self.config.max_frames:
            raise ValueError(f"{n} frames is more than this model's {self.config.max_frames}")
        cond = self.time_mlp(sinusoidal_embedding(t, self.config.latent_dim)) + self.text_proj(text)
        h = self.input_proj(x_t) + self.positions[1:n + 1]
        if self.config.cond_every_frame:
            h = h + cond[:, None]
        tokens = torch.cat([cond[:, None] + self.positions[:1], h], 1)
        mask = None
        if padding is not None:
            mask = torch.cat([torch.zeros(b, 1, dtype=torch.bool, device=padding.device), padding], 1)
        out = self.encoder(tokens, src_key_padding_mask=mask)
        return self.output_proj(out[:, 1:])

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
