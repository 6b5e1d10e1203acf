"""The `diffusion` engine: MVPortrait's FLAME2Video (reference UNet, FLAME encoder, motion and view modules)
on diffusers, with its checkpoints, training and dataset tools. Importing this package does not import
torch or diffusers; the engine loads them when it first renders."""

from .engine import TINY_CHECKPOINT, DiffusionEngine, DiffusionSettings, EngineUnavailable

__all__ = ["DiffusionEngine", "DiffusionSettings", "EngineUnavailable", "TINY_CHECKPOINT"]
