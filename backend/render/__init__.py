"""The project's own rasterizer and condition/preview renders (plain PyTorch, CPU and CUDA)."""

from .rasterizer import Fragments, interpolate, interpolate_at, project, rasterize, to_camera
from .shading import DEFAULT_LIGHTS, depth_map, draw_points, normal_map, shade_normals, vertex_normals

__all__ = [
    "Fragments",
    "rasterize",
    "interpolate",
    "interpolate_at",
    "to_camera",
    "project",
    "vertex_normals",
    "shade_normals",
    "normal_map",
    "depth_map",
    "draw_points",
    "DEFAULT_LIGHTS",
]
