"""CameraView (protocols, OpenCV pixel centres on integers) to the rasterizer's tensors (centres at +0.5)."""

from __future__ import annotations

import numpy as np
import torch

from protocols.views import CameraView


def view_tensors(view: CameraView, device: torch.device | str = "cpu", dtype=torch.float32):
    """(K, R, t) for `rasterize`/`to_camera`, each with a leading batch dimension of 1."""
    K = np.array(view.K, dtype=np.float64)
    K[0, 2] += 0.5  # OpenCV puts pixel centres on integers; the rasterizer samples at +0.5
    K[1, 2] += 0.5
    as_t = lambda a: torch.tensor(np.array(a), dtype=dtype, device=device)[None]  # noqa: E731
    return as_t(K), as_t(view.R), as_t(view.t)
