"""The text→motion generator of the render server (`MotionGenerator` of kind "text")."""

from __future__ import annotations

import threading
from typing import Any, Mapping

from backend.cancellation import JobCanceled
from backend.motion.base import MotionGenerator, MotionRequest
from protocols.tracks import Track

from .pipeline import SamplingOptions, shipped_pipeline

DEFAULT_SECONDS = 4.0
OPTION_NAMES = ("seed", "guidance", "steps", "motion", "emotion")


def sampling_options(options: Mapping[str, Any]) -> SamplingOptions:
    unknown = sorted(set(options) - set(OPTION_NAMES))
    if unknown:
        raise ValueError(f"unknown text→motion option(s) {', '.join(unknown)}; known: {', '.join(OPTION_NAMES)}")
    return SamplingOptions(**{k: options[k] for k in ("seed", "guidance", "steps") if k in options})


class TextMotionGenerator(MotionGenerator):
    """MotionDM + EmotionDM (MVPortrait Text2FLAME) for the open head. Options: seed, guidance, steps,
    and motion/emotion prompts that replace the parts split from the job's prompt."""

    kind = "text"
    name = "mvportrait-text2flame"

    def generate(self, request: MotionRequest, cancel: threading.Event) -> Track:
        options = sampling_options(request.options)
        num_frames = request.num_frames or max(1, round(DEFAULT_SECONDS * request.fps))
        pipeline = shipped_pipeline()
        head = pipeline.head_model()
        if request.head_model.sha256 != head.model_id.sha256:
            raise ValueError(f"the text→FLAME models generate for {head.model_id.name!r} (sha256 "
                             f"{head.model_id.sha256[:12]}…), not for {request.head_model.name!r}; submit the job "
                             f"for the open head and retarget the track")
        if cancel.is_set():
            raise JobCanceled()
        track = pipeline.generate(request.prompt, motion=request.options.get("motion"),
                                  emotion=request.options.get("emotion"), num_frames=num_frames, fps=request.fps,
                                  first_frame=request.first_frame, options=options)
        if cancel.is_set():
            raise JobCanceled()
        return track
