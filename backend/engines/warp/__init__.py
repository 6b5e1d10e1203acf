"""The embedded `warp` engine: the reference photo lifted onto the fitted head, re-posed and composited."""

from .engine import WarpEngine
from .portrait import PortraitAssets, WarpConfig, prepare_portrait
from .renderer import WarpRenderer

__all__ = ["WarpEngine", "WarpConfig", "PortraitAssets", "prepare_portrait", "WarpRenderer"]
