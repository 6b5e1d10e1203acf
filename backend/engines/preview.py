"""The `preview` engine: the head model shaded and coloured, no photo. Fast, for blocking out a shot and
for checking poses and cameras before a photoreal render; the reference portrait is not used."""

from __future__ import annotations

import threading
from typing import Any, Mapping

import numpy as np
import torch

from backend.flame.layer import FlameLayer
from backend.render.preview import PreviewRenderer
from backend.server.engine import Engine, EngineOptionError, JobPlan, RenderJob
from flame_assets.head_model import HeadModel


class PreviewEngine(Engine):
    name = "preview"
    version = "1"

    def __init__(self, head: HeadModel | None = None, device: str = "cpu"):
        if head is None:
            from flame_assets.library import load_head

            head = load_head("open")
        self.head = head
        self.device = device
        self._layer = FlameLayer(head).to(device)
        self._renderer = PreviewRenderer(head, device)
        self._lock = threading.Lock()

    def check_options(self, options: Mapping[str, Any]) -> None:
        if options:
            raise EngineOptionError(f"the preview engine takes no options, got {', '.join(sorted(options))}")

    def check_track(self, track) -> None:
        track.check_head(self.head.model_id)

    def settings(self) -> dict:
        return {"head": self.head.model_id.to_dict()}

    def prepare(self, job: RenderJob, cancel: threading.Event) -> JobPlan:
        self.check_options(job.options)
        self.check_track(job.track)
        return JobPlan(job=job, cancel=cancel)

    def render_frame(self, plan: JobPlan, view_index: int, frame_offset: int) -> np.ndarray:
        track = plan.job.track
        with self._lock, torch.inference_mode():
            verts = self._layer.forward_track(track, frame_offset, frame_offset + 1).vertices
        return self._renderer.render(verts, plan.job.views[view_index])[0]
