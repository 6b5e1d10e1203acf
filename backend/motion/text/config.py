"""Typed configuration of MotionDM / EmotionDM: sampling options, and training. The defaults are the run that made the
shipped checkpoints (see MODEL_CARD.md); the paper's values are noted where this run differs."""

from __future__ import annotations

import dataclasses
from pathlib import Path

CHECKPOINT_DIR = Path(__file__).resolve().parent / "checkpoints"
TARGETS = ("motion", "emotion")
MIN_MODEL_SECONDS = 2.0   # shortest clip the models were trained on; shorter requests are cut from one


@dataclasses.dataclass(frozen=True)
class SamplingOptions:
    seed: int = 0
    guidance: float = 2.5
    steps: int = 20

    def __post_init__(self) -> None:
        if isinstance(self.seed, bool) or not isinstance(self.seed, int) or not 0 <= self.seed < 2 ** 63:
            raise ValueError(f"seed must be a non-negative integer, got {self.seed!r}")
        if not isinstance(self.guidance, (int, float)) or not 0.0 <= float(self.guidance) <= 20.0:
            raise ValueError(f"guidance must be a number in [0, 20] (1 = no guidance), got {self.guidance!r}")
        if isinstance(self.steps, bool) or not isinstance(self.steps, int) or not 1 <= self.steps <= 1000:
            raise ValueError(f"steps must be an integer in [1, 1000], got {self.steps!r}")


@dataclasses.dataclass
class TrainConfig:
    target: str = "motion"                 # "motion" (MotionDM) or "emotion" (EmotionDM)
    out: Path | None = None                # default: checkpoints/<target>_dm.safetensors
    # Data: the procedural corpus, or a manifest of the user's own FLAME tracks with texts.
    manifest: Path | None = None
    num_samples: int = 24000
    min_seconds: float = 2.0
    max_seconds: float = 10.0
    smoothing_window: int = 3              # sliding-window smoothing of the data at 25 fps (paper: 3)
    model_fps: float = 12.5                # frame rate the model works at; outputs are resampled to any fps
    # Model (paper: 1 layer, latent 64).
    latent_dim: int = 64
    layers: int = 1
    heads: int = 4
    ff_dim: int = 256
    conditioning: str = "adaln"            # how the text reaches the frames (models.DenoiserConfig)
    cond_every_frame: bool = False         # also add the condition to every frame's input
    text_tokens: int = 24                  # per-token encoder outputs the model reads (0: the sentence vector only)
    dropout: float = 0.0                   # MDM uses 0.1; off here: the corpus is fresh data and CPU time is short
    # Diffusion (paper: cosine schedule, 1000 steps, predict x0, velocity loss weight 0.5, 10% text dropped).
    diffusion_steps: int = 1000
    velocity_weight: float = 0.5
    text_drop: float = 0.1
    token_drop: float = 0.0                # share of per-token outputs hidden per clip (shipped EmotionDM: 0.25)
    timestep_power: float = 1.0            # > 1 trains the noisier steps more often (1: uniform, as the paper)
    # Optimisation (paper: lr 1e-4, batch 64, 600k steps on an A100; here a short CPU run).
    steps: int = 24000
    batch_size: int = 64
    learning_rate: float = 1e-3
    warmup_steps: int = 200
    weight_decay: float = 0.0
    seed: int = 0
    threads: int = 2
    log_every: int = 100

    def __post_init__(self) -> None:
        if self.target not in TARGETS:
            raise ValueError(f"target must be one of {', '.join(TARGETS)}, got {self.target!r}")
        if self.out is None:
            self.out = CHECKPOINT_DIR / f"{self.target}_dm.safetensors"
        self.out = Path(self.out)
        if self.manifest is not None:
            self.manifest = Path(self.manifest)
        for name in ("num_samples", "steps", "batch_size", "latent_dim", "layers", "heads", "threads"):
            if getattr(self, name) < 1:
                raise ValueError(f"{name} must be at least 1, got {getattr(self, name)}")
        for name in ("text_drop", "token_drop"):
            if not 0.0 <= getattr(self, name) < 1.0:
                raise ValueError(f"{name} must be in [0, 1), got {getattr(self, name)}")
        if self.timestep_power <= 0:
            raise ValueError(f"timestep_power must be positive, got {self.timestep_power}")
        if not 0 < self.min_seconds <= self.max_seconds:
            raise ValueError(f"need 0 < min_seconds <= max_seconds, got {self.min_seconds}, {self.max_seconds}")
