"""The `preview` engine: the head model shaded and coloured, no photo. Fast, for blocking out a shot and
for checking poses and cameras before a photoreal render; the reference portrait is not used. Renders any
head this machine has: the open head or one converted with `mvportrait flame import`."""

from __future__ import annotations

import threading
from typing import Any, Mapping

import numpy as np
import torch

from backend.flame.layer import FlameLayer
from backend.render.preview import PreviewRenderer
from backend.engines.base import Engine, EngineOptionError, JobPlan, RenderRequest
from flame_assets.library import find_head
from protocols.head_id import HeadModelId, HeadModelMismatch


class PreviewEngine(Engine):
    name = "preview"
    version = "2"  # 2: RGBA, the head over transparency

    def __init__(self, device: str = "cpu"):
        self.device = device
        self._heads: dict[str, tuple[FlameLayer, PreviewRenderer]] = {}
        self._lock = threading.Lock()

    def _head(self, model_id: HeadModelId) -> tuple[FlameLayer, PreviewRenderer]:
        with self._lock:
            if model_id.sha256 not in self._heads:
                try:
                    head = find_head(model_id)
                except LookupError as exc:
                    raise HeadModelMismatch(str(exc)) from None
                self._heads[model_id.sha256] = (FlameLayer(head).to(self.device), PreviewRenderer(head, self.device))
            return self._heads[model_id.sha256]

    def check_options(self, options: Mapping[str, Any]) -> None:
        if options:
            raise EngineOptionError(f"the preview engine takes no options, got {', '.join(sorted(options))}",
                                    option=sorted(options)[0])

    def check_track(self, track) -> None:
        self._head(track.head_model)

    def prepare(self, request: RenderRequest, cancel: threading.Event) -> JobPlan:
        return JobPlan(request=request, cancel=cancel, state=self._head(request.track.head_model))

    def render_frame(self, plan: JobPlan, view_index: int, frame_offset: int) -> np.ndarray:
        layer, renderer = plan.state
        with torch.inference_mode():
            verts = layer.forward_track(plan.request.track, frame_offset, frame_offset + 1).vertices
        return renderer.render_rgba(verts, plan.request.views[view_index])[0]
