"""FLAME2Video checkpoints in diffusers' folder layout: `model_index.json` plus one folder per part with
its `config.json` and `diffusion_pytorch_model.safetensors` (the scheduler: `scheduler_config.json`).
Only local paths are read; nothing is downloaded."""

from __future__ import annotations

import json
from pathlib import Path

import torch
from diffusers import AutoencoderKL, DDIMScheduler, MotionAdapter, UNet2DConditionModel, UNetMotionModel
from safetensors.torch import load_file

from .model import FlameToVideo
from .modules import FlameEncoder, ReferenceImageEncoder

FORMAT = "mvportrait-flame2video"
FORMAT_VERSION = 1
WEIGHTS_NAME = "diffusion_pytorch_model.safetensors"
PART_CLASSES = {
    "vae": ("diffusers", AutoencoderKL),
    "reference_unet": ("diffusers", UNet2DConditionModel),
    "denoising_unet": ("diffusers", UNetMotionModel),
    "view_module": ("diffusers", MotionAdapter),
    "flame_encoder": ("mvportrait", FlameEncoder),
    "image_encoder": ("mvportrait", ReferenceImageEncoder),
}


class CheckpointError(ValueError):
    """A checkpoint folder that cannot be used, with what is wrong and what to do."""


def save_checkpoint(model: FlameToVideo, directory: str | Path, extra: dict | None = None) -> Path:
    """Write every part of `model` under `directory` (created; existing parts are replaced)."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    for name in PART_CLASSES:
        getattr(model, name).save_pretrained(directory / name, safe_serialization=True)
    model.scheduler.save_pretrained(directory / "scheduler")
    index = {"_class_name": "FlameToVideo", "format": FORMAT, "format_version": FORMAT_VERSION,
             **{name: [library, cls.__name__] for name, (library, cls) in PART_CLASSES.items()},
             "scheduler": ["diffusers", "DDIMScheduler"], "mvportrait": extra or {}}
    (directory / "model_index.json").write_text(json.dumps(index, indent=2, sort_keys=True) + "\n")
    return directory


def read_index(directory: str | Path) -> dict:
    directory = Path(directory)
    if not directory.is_dir():
        raise CheckpointError(f"diffusion checkpoint {directory} is not a folder; give the folder that "
                              f"`mvportrait train-diffusion` wrote (it holds model_index.json)")
    index_file = directory / "model_index.json"
    if not index_file.is_file():
        raise CheckpointError(f"{directory} has no model_index.json, so it is not a FLAME2Video checkpoint; "
                              f"give the folder that `mvportrait train-diffusion` wrote")
    try:
        index = json.loads(index_file.read_text())
    except json.JSONDecodeError as exc:
        raise CheckpointError(f"{index_file} is not valid JSON ({exc}); the checkpoint is damaged") from None
    if index.get("format") != FORMAT:
        raise CheckpointError(f"{index_file} describes a {index.get('_class_name', 'different')!r} model, not "
                              f"FLAME2Video ({FORMAT}); this engine loads only checkpoints made by its "
                              f"training script")
    if index.get("format_version") != FORMAT_VERSION:
        raise CheckpointError(f"{directory} is FLAME2Video format version {index.get('format_version')}; this "
                              f"backend reads version {FORMAT_VERSION}")
    return index


def _load_part(directory: Path, name: str):
    library, cls = PART_CLASSES[name]
    folder = directory / name
    config_file, weights_file = folder / "config.json", folder / WEIGHTS_NAME
    missing = [str(p.relative_to(directory)) for p in (config_file, weights_file) if not p.is_file()]
    if missing:
        raise CheckpointError(f"diffusion checkpoint {directory} is missing {', '.join(missing)} (part "
                              f"{name!r}, a {cls.__name__}); copy the whole checkpoint folder again")
    try:
        config = cls.load_config(folder)
        if config.get("_class_name", cls.__name__) != cls.__name__:
            raise CheckpointError(f"part {name!r} of {directory} is a {config['_class_name']}, expected "
                                  f"{cls.__name__}")
        part = cls.from_config(config)
    except CheckpointError:
        raise
    except Exception as exc:
        raise CheckpointError(f"part {name!r} of {directory} has a config that {cls.__name__} cannot use: "
                              f"{exc}") from None
    try:
        state = load_file(str(weights_file))
    except Exception as exc:
        raise CheckpointError(f"{weights_file} is not a readable safetensors file ({exc}); the checkpoint "
                              f"is damaged") from None
    expected = part.state_dict()
    absent = sorted(set(expected) - set(state))
    unexpected = sorted(set(state) - set(expected))
    wrong = sorted(k for k in set(state) & set(expected) if state[k].shape != expected[k].shape)
    problems = []
    if absent:
        problems.append(f"{len(absent)} weight(s) missing (e.g. {absent[0]})")
    if unexpected:
        problems.append(f"{len(unexpected)} weight(s) its config does not have (e.g. {unexpected[0]})")
    if wrong:
        problems.append(f"{len(wrong)} weight(s) of the wrong shape (e.g. {wrong[0]}: "
                        f"{tuple(state[wrong[0]].shape)} where the config needs {tuple(expected[wrong[0]].shape)})")
    if problems:
        raise CheckpointError(f"part {name!r} of {directory} does not match its config.json: "
                              f"{'; '.join(problems)}; the weights and config come from different models")
    part.load_state_dict(state, strict=True)
    return part


def _check_compatible(parts: dict) -> None:
    vae, ref, den = parts["vae"], parts["reference_unet"], parts["denoising_unet"]
    latent = vae.config.latent_channels
    checks = [
        (ref.config.in_channels, "reference_unet in_channels"),
        (den.config.in_channels, "denoising_unet in_channels"),
        (den.config.out_channels, "denoising_unet out_channels"),
        (parts["flame_encoder"].config.latent_channels, "flame_encoder latent_channels"),
        (parts["image_encoder"].config.latent_channels, "image_encoder latent_channels"),
    ]
    for value, what in checks:
        if value != latent:
            raise CheckpointError(f"{what} is {value} but the VAE makes {latent}-channel latents; these parts "
                                  f"belong to different models")
    width = parts["image_encoder"].config.cross_attention_dim
    for name in ("reference_unet", "denoising_unet"):
        if parts[name].config.cross_attention_dim != width:
            raise CheckpointError(f"{name} cross-attends to {parts[name].config.cross_attention_dim}-d tokens "
                                  f"but the image encoder makes {width}-d tokens")
    scale = 2 ** (len(vae.config.block_out_channels) - 1)
    if parts["flame_encoder"].config.downscale_factor != scale:
        raise CheckpointError(f"flame_encoder downscales by {parts['flame_encoder'].config.downscale_factor} "
                              f"but the VAE by {scale}")


def load_checkpoint(directory: str | Path) -> tuple[FlameToVideo, dict]:
    """Load and validate every part; returns the model (float32, CPU) and the index's `mvportrait` dict."""
    directory = Path(directory).expanduser()
    index = read_index(directory)
    parts = {name: _load_part(directory, name) for name in PART_CLASSES}
    scheduler_file = directory / "scheduler" / "scheduler_config.json"
    if not scheduler_file.is_file():
        raise CheckpointError(f"diffusion checkpoint {directory} is missing scheduler/scheduler_config.json")
    parts["scheduler"] = DDIMScheduler.from_config(DDIMScheduler.load_config(directory / "scheduler"))
    _check_compatible(parts)
    try:
        model = FlameToVideo(**parts)
    except ValueError as exc:
        raise CheckpointError(f"the parts of {directory} do not fit together: {exc}") from None
    return model, index.get("mvportrait", {})


def torch_dtype(name: str) -> torch.dtype:
    table = {"float32": torch.float32, "fp32": torch.float32, "float16": torch.float16, "fp16": torch.float16,
             "bfloat16": torch.bfloat16, "bf16": torch.bfloat16}
    if name not in table:
        raise ValueError(f"unknown dtype {name!r}; use float32, float16 or bfloat16")
    return table[name]
