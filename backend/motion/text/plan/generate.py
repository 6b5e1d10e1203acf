"""Plan → FLAME track for the open head.

The plan drives the primitives (`head_motion.py`, `face.py`), so its counts, sides and order are in the
motion by construction. On top, the diffusion models can add natural variation; which way is an option
the evaluation compares (bench/eval_text2flame.py, part "plan"):

- ``"none"``: the primitives alone, with a slow postural drift;
- ``"overlay"``: plus the mild motion MotionDM generates for a still head, added to the plan's head pose
  (as FLAP overlays generated head motion with the user's);
- ``"sdedit"``: the primitives noised part of the way (``strength``) and denoised by MotionDM / EmotionDM
  conditioned on the plan written in the corpus's own words, so the models redraw the detail of a motion
  whose structure the plan fixed.
"""

from __future__ import annotations

import dataclasses
import threading
from typing import TYPE_CHECKING

import numpy as np

from protocols.flame_conventions import matrix_to_axis_angle, mean_rotation, nearest_rotation
from protocols.motion_plan import MotionPlan, MotionPlanError
from protocols.tracks import Track

from ...resample import resample_frames
from ..config import MIN_MODEL_SECONDS, SamplingOptions
from ..representation import emotion_features, emotion_from_features, motion_features, motion_from_features
from .face import plan_face
from .head_motion import plan_head_motion

if TYPE_CHECKING:  # the diffusion models (and torch) load only when a variation asks for them
    from ..pipeline import TextToFlame

VARIATIONS = ("none", "overlay", "sdedit")
DEFAULT_VARIATION = "none"
DEFAULT_STRENGTH = 0.3
STILL_TEXT = "keeps the head still"
_lock = threading.Lock()


@dataclasses.dataclass(frozen=True)
class PlanOptions:
    seed: int = 0
    variation: str = DEFAULT_VARIATION
    strength: float = DEFAULT_STRENGTH     # sdedit: share of the diffusion the primitives are noised to
    guidance: float = 2.5
    steps: int = 20

    def __post_init__(self) -> None:
        SamplingOptions(seed=self.seed, guidance=self.guidance, steps=self.steps)   # same checks
        if self.variation not in VARIATIONS:
            raise ValueError(f"variation must be one of {', '.join(VARIATIONS)}, got {self.variation!r}")
        if not isinstance(self.strength, (int, float)) or not 0.0 <= float(self.strength) <= 1.0:
            raise ValueError(f"strength must be in [0, 1], got {self.strength!r}")


def check_generatable(plan: MotionPlan) -> None:
    if plan.status == "unreadable":
        shown = "; ".join(plan.unread) or plan.text
        raise MotionPlanError(f"MotionPlan.status: the description could not be read as a motion (\"{shown}\"); "
                              f"rephrase it, or edit the plan (--plan-only, then --plan FILE) and add steps")


def plan_to_track(plan: MotionPlan, num_frames: int, fps: float, head_model, *, first_frame: int = 1,
                  options: PlanOptions = PlanOptions(), pipeline: "TextToFlame | None" = None) -> Track:
    """A track of `num_frames` at `fps` following the plan (timed to the track's length first)."""
    check_generatable(plan)
    seconds = num_frames / float(fps)
    if abs(plan.seconds - seconds) > 1e-6:
        plan = plan.retimed(seconds)
    angles, rotation, translation = plan_head_motion(plan, num_frames, fps, options.seed)
    expression, jaw, eyelids = plan_face(plan, num_frames, fps, options.seed)
    if options.variation != "none":
        from ..pipeline import shipped_pipeline

        pipeline = pipeline or shipped_pipeline()
        if options.variation == "overlay":
            rotation = _overlay_still_motion(pipeline, rotation, num_frames, fps, options)
        else:
            rotation, translation = _sdedit_motion(pipeline, plan, rotation, translation, num_frames, fps, options)
            expression, jaw, eyelids = _sdedit_face(pipeline, plan, expression, jaw, eyelids, num_frames, fps,
                                                    options)
    track = Track.neutral(num_frames, head_model.model_id, n_expr=head_model.n_expr, n_shape=head_model.n_shape,
                          fps=float(fps), first_frame=first_frame)
    pose = track.pose.copy()
    pose[:, 0:3] = matrix_to_axis_angle(rotation)
    pose[:, 6] = jaw
    full = track.expression.copy()
    e = min(expression.shape[1], head_model.n_expr)
    full[:, :e] = expression[:, :e]
    return track.with_fields(pose=pose, expression=full, eyelids=eyelids, translation=translation)


# ------------------------------------------------------------------------------------ the words of a plan


def plan_motion_text(plan: MotionPlan) -> str:
    """The plan's head motion in the corpus's own phrasing ("nods twice, then turns to the left")."""
    counts = {1: "once", 2: "twice", 3: "three times", 4: "four times"}
    size = {"small": "slightly", "medium": "", "large": "far"}
    speed = {"slow": "slowly", "normal": "", "fast": "quickly"}
    parts = []
    for s in plan.steps:
        words = {"nod": "nods", "shake": "shakes the head", "wag": "wags the head",
                 "turn": f"turns to the {s.side}", "look": f"looks {s.side}", "tilt": f"tilts the head to the {s.side}",
                 "lean": "leans forward" if s.side == "forward" else "leans back",
                 "glance": f"glances {s.side}", "look_around": "looks around", "recoil": "jerks back",
                 "hold": "holds still", "return": "turns back to the front"}[s.action]
        if s.action in ("nod", "shake", "wag", "glance"):
            words += " " + (counts.get(s.count, f"{s.count} times") if s.count else "repeatedly")
        extra = " ".join(w for w in (size[s.amplitude], speed[s.speed]) if w)
        parts.append(f"{words} {extra}".strip())
    return ", then ".join(parts) or STILL_TEXT


def plan_emotion_text(plan: MotionPlan) -> str:
    words = {"happy": "happy", "sad": "sad", "surprised": "surprised", "angry": "angry", "disgusted": "disgusted",
             "fearful": "scared", "contempt": "smug", "neutral": "neutral"}
    intensity = {"mild": "slightly ", "medium": "", "strong": "very "}
    onset = {"sudden": "suddenly ", "normal": "", "gradual": "gradually "}
    parts = [f"{onset[c.onset]}looks {intensity[c.intensity]}{words[c.emotion]}" + (" while talking" if c.talking
                                                                                       else "")
             for c in plan.emotions]
    return ", then ".join(parts) or "keeps a neutral expression"


# ------------------------------------------------------------------------------------------- variation


def _sample_at_model_rate(pipeline: "TextToFlame", loaded, text: str, x0: np.ndarray | None, seconds: float,
                          options: PlanOptions, seed: int) -> np.ndarray:
    """MotionDM/EmotionDM sample (T, C) at the model's rate; from `x0` noised to `strength` when given."""
    import torch

    from ..encoder import encode_texts_with_tokens
    from ..sampler import ddim_sample, ddim_sample_from

    model = loaded.model
    n = max(2, int(round(max(seconds, MIN_MODEL_SECONDS) * loaded.fps)))
    encoded = encode_texts_with_tokens([text], max(1, model.config.text_tokens))
    cond = torch.from_numpy(encoded.sentences)
    tokens = {}
    if model.config.text_tokens:
        tokens = {"text_tokens": torch.from_numpy(encoded.tokens),
                  "token_padding": torch.from_numpy(encoded.token_padding)}
    generator = torch.Generator().manual_seed(seed)
    with _lock, torch.no_grad():
        if x0 is None:
            x = ddim_sample(model, pipeline.schedule, cond, n, options.steps, float(options.guidance), generator,
                            **tokens)
        else:
            x = ddim_sample_from(model, pipeline.schedule, cond, model.normalize(torch.from_numpy(x0[None])),
                                 float(options.strength), options.steps, float(options.guidance), generator, **tokens)
    return model.denormalize(x)[0].numpy()


def _to_model_rate(x: np.ndarray, fps: float, model_fps: float, seconds: float) -> np.ndarray:
    n = max(2, int(round(max(seconds, MIN_MODEL_SECONDS) * model_fps)))
    return resample_frames(x, fps, model_fps, n)


def _overlay_still_motion(pipeline, rotation, num_frames, fps, options) -> np.ndarray:
    seconds = num_frames / float(fps)
    x = _sample_at_model_rate(pipeline, pipeline.motion, STILL_TEXT, None, seconds, options, options.seed)
    x = resample_frames(x, pipeline.motion.fps, fps, num_frames)
    still, _ = motion_from_features(x)
    # The still head's small motion relative to its own mean pose, applied on top of the plan's pose.
    still = nearest_rotation(still)
    wobble = mean_rotation(still).T @ still
    return (nearest_rotation(rotation) @ wobble).astype(np.float32)


def _sdedit_motion(pipeline, plan, rotation, translation, num_frames, fps, options):
    seconds = num_frames / float(fps)
    feats = motion_features(rotation, translation)
    x0 = _to_model_rate(feats, fps, pipeline.motion.fps, seconds)
    x = _sample_at_model_rate(pipeline, pipeline.motion, plan_motion_text(plan), x0, seconds, options, options.seed)
    return motion_from_features(resample_frames(x, pipeline.motion.fps, fps, num_frames))


def _sdedit_face(pipeline, plan, expression, jaw, eyelids, num_frames, fps, options):
    seconds = num_frames / float(fps)
    x0 = _to_model_rate(emotion_features(expression, jaw, eyelids), fps, pipeline.emotion.fps, seconds)
    x = _sample_at_model_rate(pipeline, pipeline.emotion, plan_emotion_text(plan), x0, seconds, options,
                              options.seed + 1)
    return emotion_from_features(resample_frames(x, pipeline.emotion.fps, fps, num_frames))
