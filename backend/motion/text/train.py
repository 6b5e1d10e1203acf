"""Train MotionDM or EmotionDM.

    python -m backend.motion.text.train --target motion --threads 1                    # the shipped MotionDM
    python -m backend.motion.text.train --target emotion --threads 1 --token-drop 0.25 # the shipped EmotionDM
    python -m backend.motion.text.train --target emotion --manifest my_tracks.jsonl --out my_emotion.safetensors

Without `--manifest` the data are the procedural corpus (`corpus/`). A manifest is JSON Lines, one
clip per line: {"track": "clip.npz", "motion": "he nods slowly", "emotion": "she looks happy"} with
track paths relative to the manifest (saved `protocols.Track` files, e.g. CelebV-Text clips tracked
with a FLAME tracker). Everything random comes from `--seed`; CPU threads from `--threads`.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import math
import sys
import time
from pathlib import Path

import numpy as np
import torch

from .config import TrainConfig
from .corpus import CORPUS_FPS, EmotionCorpus, MotionCorpus
from .corpus.curves import sliding_window_smooth
from .encoder import encode_texts, encode_texts_with_tokens
from .models import DenoiserConfig, TextToSequenceDenoiser, save_denoiser
from .representation import emotion_features, motion_features
from .schedule import CosineSchedule


@dataclasses.dataclass
class SequenceDataset:
    """Variable-length feature sequences stored back to back, with one text embedding each."""

    features: np.ndarray      # (sum T_i, C)
    offsets: np.ndarray       # (N + 1,)
    text_embeddings: np.ndarray   # (N, 384)
    texts: list[str]
    text_tokens: np.ndarray | None = None     # (N, L, 384) float16, the encoder's per-token outputs
    token_padding: np.ndarray | None = None   # (N, L) True = padded

    def __len__(self) -> int:
        return len(self.texts)

    @property
    def channels(self) -> int:
        return self.features.shape[1]

    def similar_length_batch(self, rng: np.random.Generator, size: int) -> np.ndarray:
        """Indices of `size` clips of similar length (less padding), starting at a random place."""
        if not hasattr(self, "_by_length"):
            self._by_length = np.argsort(np.diff(self.offsets), kind="stable")
        start = int(rng.integers(0, max(1, len(self) - size + 1)))
        return self._by_length[start:start + size]

    def batch(self, indices: np.ndarray) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        """→ padded features (B, Tmax, C), padding mask (B, Tmax) True = padded, text (B, 384)."""
        lengths = self.offsets[indices + 1] - self.offsets[indices]
        t_max = int(lengths.max())
        x = np.zeros((len(indices), t_max, self.channels), np.float32)
        pad = np.ones((len(indices), t_max), bool)
        for row, (i, n) in enumerate(zip(indices, lengths)):
            x[row, :n] = self.features[self.offsets[i]:self.offsets[i] + n]
            pad[row, :n] = False
        return torch.from_numpy(x), torch.from_numpy(pad), torch.from_numpy(self.text_embeddings[indices])

    def batch_tokens(self, indices: np.ndarray) -> dict[str, torch.Tensor]:
        """→ {"text_tokens": (B, L, 384), "token_padding": (B, L)}, or {} when the data have no tokens."""
        if self.text_tokens is None:
            return {}
        return {"text_tokens": torch.from_numpy(self.text_tokens[indices].astype(np.float32)),
                "token_padding": torch.from_numpy(self.token_padding[indices])}


def _pack(sequences: list[np.ndarray], texts: list[str], config: TrainConfig, source_fps: list[float] | float
          ) -> SequenceDataset:
    """Smooth each clip at its own rate (the paper's sliding window), then resample to the model's rate."""
    rates = source_fps if isinstance(source_fps, list) else [source_fps] * len(sequences)
    sequences = [_resample(sliding_window_smooth(s, config.smoothing_window), fps, config.model_fps)
                 [: int(round(config.max_seconds * config.model_fps))] for s, fps in zip(sequences, rates)]
    offsets = np.concatenate([[0], np.cumsum([len(s) for s in sequences])]).astype(np.int64)
    features = np.concatenate(sequences, 0).astype(np.float32)
    if not config.text_tokens:
        return SequenceDataset(features, offsets, encode_texts(texts), texts)
    encoded = encode_texts_with_tokens(texts, config.text_tokens)
    return SequenceDataset(features, offsets, encoded.sentences, texts, encoded.tokens.astype(np.float16),
                           encoded.token_padding)


def corpus_dataset(config: TrainConfig) -> SequenceDataset:
    rng = np.random.default_rng(config.seed)
    sequences, texts = [], []
    if config.target == "motion":
        corpus = MotionCorpus(config.min_seconds, config.max_seconds)
        for _ in range(config.num_samples):
            s = corpus.sample(rng)
            sequences.append(motion_features(s.rotation, s.translation))
            texts.append(s.text)
    else:
        corpus = EmotionCorpus(config.min_seconds, config.max_seconds)
        for _ in range(config.num_samples):
            s = corpus.sample(rng)
            sequences.append(emotion_features(s.expression, s.jaw, s.eyelids))
            texts.append(s.text)
    return _pack(sequences, texts, config, CORPUS_FPS)


def _resample(x: np.ndarray, fps: float, target_fps: float) -> np.ndarray:
    """Linear resampling over time of (T, C) from fps to target_fps (same duration)."""
    if fps == target_fps:
        return x
    n_out = max(2, int(round(len(x) * target_fps / fps)))
    src = np.arange(len(x)) / fps
    dst = np.minimum(np.arange(n_out) / target_fps, src[-1])
    return np.stack([np.interp(dst, src, x[:, c]) for c in range(x.shape[1])], 1).astype(np.float32)


def manifest_dataset(config: TrainConfig, expression_dim: int = 50) -> SequenceDataset:
    from protocols.flame_conventions import axis_angle_to_matrix, pose_column
    from protocols.tracks import Track

    sequences, texts, rates = [], [], []
    root = config.manifest.parent
    with open(config.manifest, encoding="utf-8") as f:
        for line_no, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
                text = item[config.target].strip()
                track = Track.load_npz(root / item["track"])
            except (KeyError, json.JSONDecodeError, AttributeError) as exc:
                raise ValueError(f"{config.manifest}:{line_no}: expected {{\"track\": ..., \"{config.target}\": "
                                 f"...}} ({exc})") from None
            if not text:
                continue
            if config.target == "motion":
                rotation = axis_angle_to_matrix(track.global_pose)
                feats = motion_features(rotation, track.translation - track.translation[:1])
            else:
                e = min(expression_dim, track.num_expression)
                expression = np.zeros((track.num_frames, expression_dim), np.float32)
                expression[:, :e] = track.expression[:, :e]
                jaw_open = np.clip(track.pose[:, pose_column("jaw", "pitch")], 0, None)
                feats = emotion_features(expression, jaw_open, track.eyelids)
            sequences.append(feats)
            texts.append(text)
            rates.append(float(track.fps))
    if not sequences:
        raise ValueError(f"{config.manifest} has no clip with a {config.target} text")
    return _pack(sequences, texts, config, rates)


def masked_mean(err: torch.Tensor, valid: torch.Tensor) -> torch.Tensor:
    """Mean of err (B, T, C) over valid (B, T) frames."""
    return (err * valid[..., None]).sum() / (valid.sum() * err.shape[-1]).clamp_min(1)


def sample_timesteps(num_steps: int, batch: int, power: float, generator: torch.Generator) -> torch.Tensor:
    """(batch,) training steps: uniform (power 1, as the paper), or tilted toward the noisy end (power > 1)."""
    if power == 1.0:
        return torch.randint(0, num_steps, (batch,), generator=generator)
    u = torch.rand(batch, generator=generator) ** (1.0 / power)
    return (u * num_steps).long().clamp_max(num_steps - 1)


def diffusion_loss(model: TextToSequenceDenoiser, schedule: CosineSchedule, x0: torch.Tensor, padding: torch.Tensor,
                   text: torch.Tensor, velocity_weight: float, text_drop: float, generator: torch.Generator,
                   text_tokens: torch.Tensor | None = None, token_padding: torch.Tensor | None = None,
                   token_drop: float = 0.0, timestep_power: float = 1.0) -> tuple[torch.Tensor, dict]:
    """Simple loss on x̂₀ plus the velocity loss, with texts dropped for classifier-free guidance.

    `token_drop` hides that share of a clip's per-token outputs (the sentence vector stays), so words the
    corpus never used do not throw the model; `timestep_power` > 1 draws noisier steps more often, where
    the model must make the whole shape of the motion from the text alone."""
    b = x0.shape[0]
    t = sample_timesteps(schedule.num_steps, b, timestep_power, generator)
    noise = torch.randn(x0.shape, generator=generator)
    keep = (torch.rand(b, generator=generator) >= text_drop).float()[:, None]
    valid = (~padding).float()
    x_t = schedule.q_sample(x0, t, noise) * valid[..., None]
    token_kwargs = {}
    if text_tokens is not None:
        hidden = token_padding | (keep == 0)
        if token_drop > 0:
            hidden = hidden | (torch.rand(token_padding.shape, generator=generator) < token_drop)
        token_kwargs = {"text_tokens": text_tokens, "token_padding": hidden}
    pred = model(x_t, t, text * keep, padding, **token_kwargs)
    simple = masked_mean((pred - x0) ** 2, valid)
    vel_valid = valid[:, 1:] * valid[:, :-1]
    velocity = masked_mean(((pred[:, 1:] - pred[:, :-1]) - (x0[:, 1:] - x0[:, :-1])) ** 2, vel_valid)
    loss = simple + velocity_weight * velocity
    return loss, {"simple": float(simple.detach()), "velocity": float(velocity.detach())}


def build_model(config: TrainConfig, channels: int) -> TextToSequenceDenoiser:
    return TextToSequenceDenoiser(DenoiserConfig(
        channels=channels, latent_dim=config.latent_dim, layers=config.layers, heads=config.heads,
        ff_dim=config.ff_dim, dropout=config.dropout, conditioning=config.conditioning,
        cond_every_frame=config.cond_every_frame, text_tokens=config.text_tokens,
        max_frames=int(round(config.max_seconds * config.model_fps))))


def train(config: TrainConfig, dataset: SequenceDataset | None = None, log=print) -> tuple[TextToSequenceDenoiser, list[float]]:
    """Train on `dataset` (default: made from the config) and return the model and its loss curve."""
    torch.set_num_threads(config.threads)
    torch.manual_seed(config.seed)
    started = time.time()
    if dataset is None:
        dataset = manifest_dataset(config) if config.manifest is not None else corpus_dataset(config)
        log(f"[{config.target}] {len(dataset)} clips, {len(dataset.features)} frames, "
            f"data made in {time.time() - started:.0f} s")
    model = build_model(config, dataset.channels)
    mean = dataset.features.mean(0)
    std = np.maximum(dataset.features.std(0), 1e-2)
    model.feature_mean.copy_(torch.from_numpy(mean))
    model.feature_std.copy_(torch.from_numpy(std))
    schedule = CosineSchedule(config.diffusion_steps)
    optimizer = torch.optim.AdamW(model.parameters(), lr=config.learning_rate, weight_decay=config.weight_decay)
    lr_at = lambda step: config.learning_rate * min(1.0, (step + 1) / config.warmup_steps) * (  # noqa: E731
        0.5 * (1 + math.cos(math.pi * step / config.steps)))
    rng = np.random.default_rng(config.seed + 1)
    generator = torch.Generator().manual_seed(config.seed + 2)
    losses: list[float] = []
    model.train()
    for step in range(config.steps):
        for group in optimizer.param_groups:
            group["lr"] = lr_at(step)
        indices = dataset.similar_length_batch(rng, config.batch_size)
        x, padding, text = dataset.batch(indices)
        x0 = model.normalize(x) * (~padding)[..., None]
        loss, parts = diffusion_loss(model, schedule, x0, padding, text, config.velocity_weight, config.text_drop,
                                     generator, **dataset.batch_tokens(indices), token_drop=config.token_drop,
                                     timestep_power=config.timestep_power)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        losses.append(float(loss.detach()))
        if config.log_every and (step + 1) % config.log_every == 0:
            recent = np.mean(losses[-config.log_every:])
            log(f"[{config.target}] step {step + 1}/{config.steps} loss {recent:.4f} "
                f"(simple {parts['simple']:.4f}, velocity {parts['velocity']:.4f}) {time.time() - started:.0f} s")
    model.eval()
    return model, losses


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m backend.motion.text.train", description=__doc__.split("\n")[0])
    for field in dataclasses.fields(TrainConfig):
        default = field.default
        kind = {int: int, float: float, str: str, bool: _parse_bool}.get(type(default), str)
        parser.add_argument(f"--{field.name.replace('_', '-')}", type=kind, default=default,
                            help=f"default: {default}")
    args = parser.parse_args(argv)
    config = TrainConfig(**{f.name: getattr(args, f.name) for f in dataclasses.fields(TrainConfig)})
    started = time.time()
    model, losses = train(config)
    meta = {"trained_with": {k: str(v) if isinstance(v, Path) else v for k, v in dataclasses.asdict(config).items()
                             if k not in ("out",)},
            "data": "procedural corpus (backend/motion/text/corpus)" if config.manifest is None
            else f"manifest {config.manifest.name}",
            "final_loss": float(np.mean(losses[-100:])), "train_seconds": round(time.time() - started),
            "fps": config.model_fps, "head_model": _head_model_meta() if config.manifest is None else None}
    path = save_denoiser(model, config.out, meta)
    print(f"wrote {path} ({path.stat().st_size / 1e6:.2f} MB) in {time.time() - started:.0f} s")
    return 0


def _parse_bool(text: str) -> bool:
    if text.lower() in ("1", "true", "yes", "on"):
        return True
    if text.lower() in ("0", "false", "no", "off"):
        return False
    raise argparse.ArgumentTypeError(f"expected true or false, got {text!r}")


def _head_model_meta() -> dict:
    from flame_assets.library import load_head

    return load_head("open").model_id.to_dict()


if __name__ == "__main__":
    sys.exit(main())
