"""The cosine noise schedule (Nichol & Dhariwal) with 1000 training steps, as the paper uses."""

from __future__ import annotations

import math

import torch


class CosineSchedule:
    """ᾱ(t) = f(t)/f(0), f(t) = cos²(((t/T + s)/(1 + s))·π/2); betas clipped at `max_beta`."""

    def __init__(self, num_steps: int = 1000, offset: float = 0.008, max_beta: float = 0.999):
        if num_steps < 2:
            raise ValueError(f"a diffusion schedule needs at least 2 steps, got {num_steps}")
        self.num_steps = num_steps
        f = lambda t: math.cos((t / num_steps + offset) / (1 + offset) * math.pi / 2) ** 2  # noqa: E731
        betas = [min(1 - f(i + 1) / f(i), max_beta) for i in range(num_steps)]
        self.betas = torch.tensor(betas, dtype=torch.float64)
        self.alphas_cumprod = torch.cumprod(1.0 - self.betas, 0).float()

    def q_sample(self, x0: torch.Tensor, t: torch.Tensor, noise: torch.Tensor) -> torch.Tensor:
        """Noise clean sequences x0 (B, T, C) to steps t (B,)."""
        ab = self.alphas_cumprod.to(x0.device)[t].view(-1, *([1] * (x0.dim() - 1)))
        return ab.sqrt() * x0 + (1 - ab).sqrt() * noise

    def sampling_timesteps(self, steps: int) -> list[int]:
        """`steps` evenly spaced training steps from the noisiest down to 0 (DDIM's sub-sequence)."""
        if not 1 <= steps <= self.num_steps:
            raise ValueError(f"sampling steps must be in [1, {self.num_steps}], got {steps}")
        ts = torch.linspace(self.num_steps - 1, 0, steps).round().long().tolist()
        return list(dict.fromkeys(ts))
