"""Training FLAME2Video in the paper's three phases, with checkpoints, resume and a JSON-lines log.

  spatial  FLAME encoder, reference UNet, image encoder and the denoising UNet's 2D layers, on single
           frames (motion and view modules frozen and inactive: they start as the identity)
  motion   only the motion modules, on clips of one view
  view     only the view module, on clips seen by several views

A fourth phase, `vae`, fits the autoencoder on the dataset's frames. It is not in the paper (which uses
Stable Diffusion's VAE) and exists for models trained from scratch, such as the tiny test checkpoints;
studios pass `init_vae` (and `init_unet`, `init_motion_adapter`) pointing at diffusers folders instead.

The output folder holds `checkpoint/` (the latest weights, loadable by the engine), `state.pt`
(optimizer, step, phase, random state: what `resume` needs) and `log.jsonl`.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import time
from pathlib import Path
from typing import Callable

import numpy as np
import torch

from .checkpoint import load_checkpoint, save_checkpoint
from .dataset import ClipDataset
from .model import PHASES, FlameToVideo, FlameToVideoConfig, zero_out_projections, new_parts
from .modules import FlameEncoder, ReferenceImageEncoder

log = logging.getLogger("mvportrait.diffusion.train")
TRAIN_PHASES = ("vae",) + PHASES


@dataclasses.dataclass(frozen=True)
class PhaseConfig:
    name: str
    steps: int
    learning_rate: float = 1e-5     # the paper's constant Adam learning rate
    batch_size: int = 1
    frames: int = 1                 # frames per sample (the spatial and vae phases use single frames)
    views: int = 1

    def __post_init__(self):
        if self.name not in TRAIN_PHASES:
            raise ValueError(f"unknown phase {self.name!r}; phases are {', '.join(TRAIN_PHASES)}")
        if self.steps < 0 or self.batch_size < 1 or self.frames < 1 or self.views < 1:
            raise ValueError(f"phase {self.name}: steps ≥ 0, batch_size, frames and views ≥ 1")
        if self.name == "view" and self.views < 2:
            raise ValueError("the view phase needs at least 2 views per sample")


@dataclasses.dataclass(frozen=True)
class TrainConfig:
    dataset: Path
    output: Path
    phases: tuple[PhaseConfig, ...]
    init: Path | None = None                  # a FLAME2Video checkpoint to start from
    model: FlameToVideoConfig = FlameToVideoConfig()  # a new model's sizes when `init` is None
    init_vae: Path | None = None              # diffusers AutoencoderKL folder (e.g. SD 1.5's vae/)
    init_unet: Path | None = None             # diffusers UNet2DConditionModel folder (SD 1.5's unet/)
    init_motion_adapter: Path | None = None   # diffusers MotionAdapter folder (AnimateDiff)
    checkpoint_every: int = 100
    log_every: int = 10
    seed: int = 0
    resume: bool = False
    device: str = "cpu"


def build_model(config: TrainConfig) -> FlameToVideo:
    """The model to train: a checkpoint, or new parts, optionally starting from pretrained diffusers folders."""
    if config.init is not None:
        model, _ = load_checkpoint(config.init)
        return model
    parts = new_parts(config.model)
    if config.init_vae is not None:
        from diffusers import AutoencoderKL
        parts["vae"] = AutoencoderKL.from_pretrained(config.init_vae, local_files_only=True)
    if config.init_unet is not None:
        from diffusers import MotionAdapter, UNet2DConditionModel, UNetMotionModel
        unet = UNet2DConditionModel.from_pretrained(config.init_unet, local_files_only=True)
        parts["reference_unet"] = UNet2DConditionModel.from_pretrained(config.init_unet, local_files_only=True)
        if config.init_motion_adapter is not None:
            adapter = MotionAdapter.from_pretrained(config.init_motion_adapter, local_files_only=True)
        else:
            adapter = MotionAdapter(block_out_channels=unet.config.block_out_channels,
                                    motion_layers_per_block=unet.config.layers_per_block,
                                    motion_norm_num_groups=unet.config.norm_num_groups,
                                    motion_max_seq_length=config.model.max_frames)
            zero_out_projections(adapter)
        parts["denoising_unet"] = UNetMotionModel.from_unet2d(unet, adapter)
        view_module = MotionAdapter.from_config(adapter.config)
        zero_out_projections(view_module)
        parts["view_module"] = view_module
    vae, unet = parts["vae"], parts["reference_unet"]
    latent = vae.config.latent_channels
    parts["flame_encoder"] = FlameEncoder(conditioning_channels=config.model.condition_channels,
                                          latent_channels=latent,
                                          block_out_channels=config.model.flame_encoder_channels,
                                          downscale_factor=2 ** (len(vae.config.block_out_channels) - 1))
    parts["image_encoder"] = ReferenceImageEncoder(latent_channels=latent, hidden_channels=32,
                                                   token_grid=config.model.image_tokens_grid,
                                                   cross_attention_dim=unet.config.cross_attention_dim)
    return FlameToVideo(**parts)


def _phase_batch(dataset: ClipDataset, phase: PhaseConfig, rng: np.random.Generator) -> dict[str, torch.Tensor]:
    return dataset.sample(phase.batch_size, phase.views, phase.frames, rng)


def phase_loss(model: FlameToVideo, phase: str, batch: dict[str, torch.Tensor],
               generator: torch.Generator | None = None) -> torch.Tensor:
    if phase == "vae":
        images = batch["frames"].flatten(0, 2)
        posterior = model.vae.encode(images).latent_dist
        reconstruction = model.vae.decode(posterior.sample(generator)).sample
        return torch.nn.functional.mse_loss(reconstruction, images) + 1e-6 * posterior.kl().mean()
    model.views_enabled = phase == "view"
    return model.training_loss(batch["frames"], batch["conditions"], batch["reference"], generator)


def trainable(model: FlameToVideo, phase: str) -> list[torch.nn.Parameter]:
    return list(model.vae.parameters()) if phase == "vae" else model.trainable_parameters(phase)


class Trainer:
    def __init__(self, config: TrainConfig, on_log: Callable[[dict], None] | None = None):
        self.config = config
        self.on_log = on_log
        self.output = Path(config.output)
        self.output.mkdir(parents=True, exist_ok=True)
        self.state_file = self.output / "state.pt"
        self.checkpoint_dir = self.output / "checkpoint"
        self.dataset = ClipDataset(config.dataset)
        self.device = torch.device(config.device)

    def _log(self, record: dict) -> None:
        with open(self.output / "log.jsonl", "a") as f:
            f.write(json.dumps(record) + "\n")
        log.info("%s", record)
        if self.on_log:
            self.on_log(record)

    def run(self) -> Path:
        config = self.config
        done: list[str] = []
        start_phase, start_step, saved = 0, 0, None
        if config.resume:
            if not self.state_file.is_file():
                raise FileNotFoundError(f"nothing to resume in {self.output} (no state.pt); start without "
                                        f"--resume")
            saved = torch.load(self.state_file, weights_only=False)
            start_phase, start_step, done = saved["phase_index"], saved["step"], saved["done"]
            model, _ = load_checkpoint(self.checkpoint_dir)
        else:
            model = build_model(config)
        model.to(self.device)
        width, height = self.dataset.size
        for index in range(start_phase, len(config.phases)):
            phase = config.phases[index]
            step0 = start_step if index == start_phase else 0
            model = self._run_phase(model, index, phase, step0, done,
                                    saved if index == start_phase else None)
            done.append(phase.name)
            self._save(model, index + 1, 0, None, done, {"image_size": [width, height]})
        return self.checkpoint_dir

    def _run_phase(self, model: FlameToVideo, index: int, phase: PhaseConfig, step: int, done: list[str],
                   saved: dict | None) -> FlameToVideo:
        model.requires_grad_(False)
        params = trainable(model, phase.name)
        for p in params:
            p.requires_grad_(True)
        model.train()
        optimizer = torch.optim.Adam(params, lr=phase.learning_rate)
        rng = np.random.default_rng(self.config.seed + 1000 * index)
        generator = torch.Generator("cpu").manual_seed(self.config.seed + index)
        if saved is not None and saved.get("optimizer") is not None:
            optimizer.load_state_dict(saved["optimizer"])
            rng.bit_generator.state = saved["numpy_rng"]
            generator.set_state(saved["torch_rng"])
        started = time.perf_counter()
        while step < phase.steps:
            batch = {k: v.to(self.device) for k, v in _phase_batch(self.dataset, phase, rng).items()}
            loss = phase_loss(model, phase.name, batch, generator)
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            optimizer.step()
            step += 1
            if step % self.config.log_every == 0 or step == phase.steps:
                self._log({"phase": phase.name, "step": step, "loss": float(loss.detach()), "lr": phase.learning_rate,
                           "seconds": round(time.perf_counter() - started, 3)})
            if step % self.config.checkpoint_every == 0 and step < phase.steps:
                self._save(model, index, step, (optimizer, rng, generator), done,
                           {"image_size": list(self.dataset.size)})
        model.eval()
        model.requires_grad_(False)
        return model

    def _save(self, model: FlameToVideo, phase_index: int, step: int, running, done: list[str], extra: dict) -> None:
        save_checkpoint(model, self.checkpoint_dir, {**extra, "phases_done": list(done)})
        optimizer, rng, generator = running if running else (None, None, None)
        state = {"phase_index": phase_index, "step": step, "done": list(done),
                 "optimizer": optimizer.state_dict() if optimizer else None,
                 "numpy_rng": rng.bit_generator.state if rng else None,
                 "torch_rng": generator.get_state() if generator else None}
        tmp = self.state_file.with_suffix(".tmp")
        torch.save(state, tmp)
        tmp.replace(self.state_file)
