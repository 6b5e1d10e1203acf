"""One analysis per portrait: matte, regions, shoulders (the face itself is found by backend.fitting)."""

from __future__ import annotations

import dataclasses
import time

import numpy as np

from .matte import MatteConfig, person_matte
from .regions import segment_regions
from .shoulders import Shoulders, detect_shoulders


@dataclasses.dataclass(frozen=True)
class AnalysisConfig:
    matte: MatteConfig = MatteConfig()
    # When set: person pixels farther than this many shoulder widths beside a shoulder are cut from the
    # matte (an object the segmentation takes for the person). Off by default: what the segmentation calls
    # the person is kept, so the photo's own view gives the photo back.
    beside_shoulders: float | None = None


@dataclasses.dataclass
class PortraitAnalysis:
    matte: np.ndarray  # (H, W) float32 alpha of the person
    labels: np.ndarray  # (H, W) uint8 regions (backend.portrait.regions)
    shoulders: Shoulders | None  # None when the photo shows none (a close crop)
    timings: dict[str, float]


def analyse_portrait(photo: np.ndarray, landmarks: np.ndarray, config: AnalysisConfig = AnalysisConfig()
                     ) -> PortraitAnalysis:
    """photo: RGB uint8 (H, W, 3); landmarks: the face mesh's (478, 2) points in its pixels."""
    timings = {}
    t0 = time.perf_counter()
    matte = person_matte(photo, config.matte)
    timings["matte"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    shoulders = detect_shoulders(photo)
    if shoulders is not None and config.beside_shoulders is not None:
        lo = min(shoulders.left[0], shoulders.right[0]) - config.beside_shoulders * shoulders.width_px
        hi = max(shoulders.left[0], shoulders.right[0]) + config.beside_shoulders * shoulders.width_px
        cols = np.arange(matte.shape[1])
        below = np.arange(matte.shape[0])[:, None] > min(shoulders.left[1], shoulders.right[1])
        matte = np.where(below & ((cols < lo) | (cols > hi))[None, :], 0.0, matte).astype(np.float32)
    timings["shoulders"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    labels = segment_regions(photo, matte, landmarks)
    timings["regions"] = time.perf_counter() - t0
    return PortraitAnalysis(matte=matte, labels=labels, shoulders=shoulders, timings=timings)
