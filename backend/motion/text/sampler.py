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
    x = torch.randn(text.shape[0], num_frames, model.config.channels, generator=generator)
    return _denoise(model, schedule, x, schedule.sampling_timesteps(steps), text, guidance, text_tokens,
                    token_padding)


@torch.no_grad()
def ddim_sample_from(model: TextToSequenceDenoiser, schedule: CosineSchedule, text: torch.Tensor,
                     x_clean: torch.Tensor, strength: float, steps: int = 20, guidance: float = 2.5,
                     generator: torch.Generator | None = None, text_tokens: torch.Tensor | None = None,
                     token_padding: torch.Tensor | None = None) -> torch.Tensor:
    """SDEdit: clean normalised sequences noised to step `strength`·T, then denoised as `ddim_sample` does
    from there: the result keeps the input's large-scale shape and takes the model's detail."""
    ab = schedule.alphas_cumprod
    t_start = int(round(strength * (schedule.num_steps - 1)))
    if t_start <= 0:
        return x_clean
    timesteps = [t for t in schedule.sampling_timesteps(steps) if t <= t_start]
    if not timesteps or timesteps[0] != t_start:
        timesteps = [t_start] + timesteps
    noise = torch.randn(x_clean.shape, generator=generator)
    x = ab[t_start].sqrt() * x_clean + (1 - ab[t_start]).sqrt() * noise
    return _denoise(model, schedule, x, timesteps, text, guidance, text_tokens, token_padding)


def _denoise(model, schedule, x, timesteps, text, guidance, text_tokens, token_padding) -> torch.Tensor:
    """DDIM (η = 0) with classifier-free guidance from noisy `x` at timesteps[0] down to a clean x₀."""
    b = text.shape[0]
    ab = schedule.alphas_cumprod
    both_texts = torch.cat([text, torch.zeros_like(text)], 0)
    token_kwargs = {}
    if text_tokens is not None:
        token_kwargs = {"text_tokens": torch.cat([text_tokens, text_tokens], 0),
                        "token_padding": torch.cat([token_padding, torch.ones_like(token_padding)], 0)}
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
