"""The text→motion generator of the render server (`MotionGenerator` of kind "text")."""

from __future__ import annotations

import threading
from typing import Any, Mapping

from backend.cancellation import JobCanceled
from backend.motion.base import GeneratedMotion, MotionGenerator, MotionRequest
from protocols.tracks import Track

from .pipeline import SamplingOptions, shipped_pipeline

DEFAULT_SECONDS = 4.0
OPTION_NAMES = ("seed", "guidance", "steps", "motion", "emotion", "plan", "plan_only", "direct", "variation")


def sampling_options(options: Mapping[str, Any]) -> SamplingOptions:
    unknown = sorted(set(options) - set(OPTION_NAMES))
    if unknown:
        raise ValueError(f"unknown text→motion option(s) {', '.join(unknown)}; known: {', '.join(OPTION_NAMES)}")
    return SamplingOptions(**{k: options[k] for k in ("seed", "guidance", "steps") if k in options})


def request_plan(request: MotionRequest, num_frames: int):
    """The plan a request asks for: its ``plan`` option (the JSON of a plan, edited or not; the prompt, if
    any, is the text it was read from and is not read again), or its prompt read into one. None when the
    request asks for the models to sample from text (``direct``, or separate ``motion``/``emotion`` prompts)."""
    from protocols.motion_plan import MotionPlan

    from .plan.reader import read_plan

    options = request.options
    if "plan" in options:
        return MotionPlan.from_dict(options["plan"])
    if options.get("direct") or "motion" in options or "emotion" in options:
        return None
    if request.prompt is None:
        raise ValueError("a text motion job needs a prompt or a plan option")
    return read_plan(request.prompt, seconds=num_frames / request.fps)


class TextMotionGenerator(MotionGenerator):
    """Text → motion plan → track for the open head (MotionDM/EmotionDM sample the text directly with
    ``direct`` or separate ``motion``/``emotion`` prompts). Options: seed, guidance, steps, plan (a plan's
    JSON object, instead of reading the prompt), plan_only (read the plan and generate nothing: the result
    is the plan and a one-frame still track), variation (none, overlay, sdedit), direct, motion, emotion."""

    kind = "text"
    name = "mvportrait-text2flame"

    def generate(self, request: MotionRequest, cancel: threading.Event) -> Track:
        return self.run(request, cancel).track

    def run(self, request: MotionRequest, cancel: threading.Event) -> GeneratedMotion:
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
        plan = request_plan(request, num_frames)
        if request.options.get("plan_only"):
            if plan is None:
                raise ValueError("plan_only reads the prompt into a plan; it cannot be combined with direct, "
                                 "motion or emotion")
            still = Track.neutral(1, head.model_id, n_expr=0, n_shape=0, fps=request.fps,
                                  first_frame=request.first_frame)
            return GeneratedMotion(still, plan.to_dict())
        if plan is not None:
            from .plan.generate import PlanOptions, plan_to_track

            plan_options = PlanOptions(seed=options.seed, guidance=options.guidance, steps=options.steps,
                                       variation=request.options.get("variation", "none"))
            track = plan_to_track(plan, num_frames, request.fps, head, first_frame=request.first_frame,
                                  options=plan_options, pipeline=pipeline)
            if cancel.is_set():
                raise JobCanceled()
            seconds = num_frames / request.fps
            followed = plan if abs(plan.seconds - seconds) < 1e-6 else plan.retimed(seconds)
            return GeneratedMotion(track, followed.to_dict())
        track = pipeline.generate(request.prompt, motion=request.options.get("motion"),
                                  emotion=request.options.get("emotion"), num_frames=num_frames, fps=request.fps,
                                  first_frame=request.first_frame, options=options)
        if cancel.is_set():
            raise JobCanceled()
        return GeneratedMotion(track)
