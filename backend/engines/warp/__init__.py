"""The embedded `warp` engine: a textured bust (head, hair shell, neck, torso) made from one portrait, rendered
per camera as RGBA frames."""

from .engine import WarpEngine
from .portrait import PortraitAssets, WarpConfig, prepare_portrait
from .renderer import WarpRenderer

__all__ = ["WarpEngine", "WarpConfig", "PortraitAssets", "prepare_portrait", "WarpRenderer"]
