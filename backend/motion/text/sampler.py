"""Few-step deterministic sampling (DDIM, η = 0) for an x₀-predicting denoiser, with
classifier-free guidance."""

from __future__ import annotations

import torch

from .models import TextToSequenceDenoiser
from .schedule import CosineSchedule


@torch.no_grad()
def ddim_sample(model: TextToSequenceDenoiser, schedule: CosineSchedule, text: torch.Tensor, num_frames: int,
                steps: int = 20, guidance: float = 2.5, generator: torch.Generator | None = None,
                text_tokens: torch.Tensor | None = None,
                token_padding: torch.Tensor | None = None) -> torch.Tensor:
    """text (B, text_dim) → clean normalised sequences (B, num_frames, C).

    guidance 1 is the plain conditional model; > 1 pushes away from the text-free prediction. Models that
    read per-token outputs also get `text_tokens` and `token_padding` (all padded = no text for the
    guidance's text-free half)."""
    b = text.shape[0]
    ab = schedule.alphas_cumprod
    x = torch.randn(b, num_frames, model.config.channels, generator=generator)
    null = torch.zeros_like(text)
    both_texts = torch.cat([text, null], 0)
    token_kwargs = {}
    if text_tokens is not None:
        token_kwargs = {"text_tokens": torch.cat([text_tokens, text_tokens], 0),
                        "token_padding": torch.cat([token_padding, torch.ones_like(token_padding)], 0)}
    timesteps = schedule.sampling_timesteps(steps)
    x0 = x
    for i, t in enumerate(timesteps):
        t_batch = torch.full((2 * b,), t, dtype=torch.long)
        cond, uncond = model(torch.cat([x, x], 0), t_batch, both_texts, **token_kwargs).chunk(2)
        x0 = uncond + guidance * (cond - uncond)
        if i + 1 == len(timesteps):
            break
        a_t, a_next = ab[t], ab[timesteps[i + 1]]
        eps = (x - a_t.sqrt() * x0) / (1 - a_t).sqrt()
        x = a_next.sqrt() * x0 + (1 - a_next).sqrt() * eps
    return x0
