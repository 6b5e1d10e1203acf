"""Text → FLAME track: the two shipped diffusion models, sampled and turned into a `protocols.Track`."""

from __future__ import annotations

import dataclasses
import functools
import threading
from pathlib import Path

import numpy as np
import torch

from protocols.flame_conventions import POSE_SLICES, matrix_to_axis_angle, pose_column
from protocols.tracks import Track

from ..resample import resample_frames
from .config import CHECKPOINT_DIR, MIN_MODEL_SECONDS, SamplingOptions  # noqa: F401 (re-exported)
from .corpus import N_EXPRESSION
from .encoder import EncodedTexts, encode_texts_with_tokens
from .models import TextToSequenceDenoiser, load_denoiser
from .prompts import DEFAULT_EMOTION, DEFAULT_MOTION, check_prompt, split_prompt
from .representation import emotion_from_features, motion_from_features
from .sampler import ddim_sample
from .schedule import CosineSchedule

MOTION_CHECKPOINT = CHECKPOINT_DIR / "motion_dm.safetensors"
EMOTION_CHECKPOINT = CHECKPOINT_DIR / "emotion_dm.safetensors"


@dataclasses.dataclass
class _LoadedModel:
    model: TextToSequenceDenoiser
    fps: float
    meta: dict


class TextToFlame:
    """MotionDM + EmotionDM for one head model. Thread-safe; models stay loaded."""

    def __init__(self, motion_checkpoint: str | Path = MOTION_CHECKPOINT,
                 emotion_checkpoint: str | Path = EMOTION_CHECKPOINT):
        self.motion = self._load(motion_checkpoint)
        self.emotion = self._load(emotion_checkpoint)
        self.schedule = CosineSchedule(int(self.motion.meta.get("trained_with", {}).get("diffusion_steps", 1000)))
        self._lock = threading.Lock()

    @staticmethod
    def _load(path: str | Path) -> _LoadedModel:
        model, meta = load_denoiser(path)
        return _LoadedModel(model, float(meta.get("fps", 12.5)), meta)

    @property
    def max_seconds(self) -> float:
        return min(m.model.config.max_frames / m.fps for m in (self.motion, self.emotion))

    def head_model(self):
        """The head model the emotion model's expression space belongs to (the open head when shipped)."""
        from flame_assets.library import load_head

        wanted = self.emotion.meta.get("head_model")
        head = load_head("open")
        if wanted is not None and wanted.get("sha256") != head.model_id.sha256:
            raise ValueError("this EmotionDM checkpoint was trained for another head model than the open head")
        return head

    def check_length(self, num_frames: int, fps: float) -> float:
        if isinstance(num_frames, bool) or not isinstance(num_frames, (int, np.integer)) or num_frames < 1:
            raise ValueError(f"the number of frames must be a positive integer, got {num_frames!r}")
        if not isinstance(fps, (int, float)) or not 1.0 <= float(fps) <= 240.0:
            raise ValueError(f"fps must be in [1, 240], got {fps!r}")
        seconds = num_frames / float(fps)
        if seconds > self.max_seconds + 1e-6:
            raise ValueError(f"{seconds:.1f} s is longer than the {self.max_seconds:.0f} s these models generate "
                             f"in one piece; generate shorter shots (e.g. one per sentence) and join the tracks")
        return seconds

    def generate(self, prompt: str | None = None, *, motion: str | None = None, emotion: str | None = None,
                 num_frames: int = 100, fps: float = 25.0, first_frame: int = 1,
                 options: SamplingOptions = SamplingOptions()) -> Track:
        """A track for the open head. `prompt` is split into motion and emotion parts; `motion`/`emotion`
        given explicitly take precedence over the split."""
        motion_text, emotion_text = resolve_prompts(prompt, motion, emotion)
        seconds = self.check_length(num_frames, fps)
        head = self.head_model()
        gen_seconds = max(seconds, MIN_MODEL_SECONDS)
        with self._lock:
            encoded = encode_texts_with_tokens([motion_text, emotion_text], self._max_text_tokens)
            motion_x = self._sample(self.motion, encoded, 0, gen_seconds, options, options.seed)
            emotion_x = self._sample(self.emotion, encoded, 1, gen_seconds, options, options.seed + 1)
        motion_x = resample_frames(motion_x, self.motion.fps, fps, num_frames)
        emotion_x = resample_frames(emotion_x, self.emotion.fps, fps, num_frames)
        rotation, translation = motion_from_features(motion_x)
        expression_named, jaw, eyelids = emotion_from_features(emotion_x)
        track = Track.neutral(num_frames, head.model_id, n_expr=head.n_expr, n_shape=head.n_shape, fps=float(fps),
                              first_frame=first_frame)
        pose = track.pose.copy()
        # The float32 Gram-Schmidt matrices are read through a normalised quaternion (as scipy's from_matrix
        # does, which the shipped models' tracks were made with; they agree to 1e-7 rad).
        pose[:, POSE_SLICES["global"]] = matrix_to_axis_angle(rotation)
        pose[:, pose_column("jaw", "pitch")] = jaw
        expression = track.expression.copy()
        e = min(expression_named.shape[1], head.n_expr)
        expression[:, :e] = expression_named[:, :e]
        return track.with_fields(pose=pose, expression=expression, eyelids=eyelids, translation=translation)

    @property
    def _max_text_tokens(self) -> int:
        return max(1, self.motion.model.config.text_tokens, self.emotion.model.config.text_tokens)

    def _sample(self, loaded: _LoadedModel, encoded: EncodedTexts, row: int, seconds: float,
                options: SamplingOptions, seed: int) -> np.ndarray:
        n = max(2, int(round(seconds * loaded.fps)))
        generator = torch.Generator().manual_seed(seed)
        text = torch.from_numpy(encoded.sentences[row:row + 1])
        tokens = {}
        if loaded.model.config.text_tokens:
            tokens = {"text_tokens": torch.from_numpy(encoded.tokens[row:row + 1]),
                      "token_padding": torch.from_numpy(encoded.token_padding[row:row + 1])}
        x = ddim_sample(loaded.model, self.schedule, text, n, options.steps, float(options.guidance), generator,
                        **tokens)
        return loaded.model.denormalize(x)[0].numpy()


def resolve_prompts(prompt: str | None, motion: str | None, emotion: str | None) -> tuple[str, str]:
    if motion is not None:
        motion = check_prompt(motion, "motion prompt")
    if emotion is not None:
        emotion = check_prompt(emotion, "emotion prompt")
    if prompt is not None and (motion is None or emotion is None):
        split = split_prompt(prompt)
        motion = motion if motion is not None else split.motion
        emotion = emotion if emotion is not None else split.emotion
    if prompt is None and motion is None and emotion is None:
        raise ValueError("no prompt: give a sentence, or --motion and/or --emotion descriptions")
    return motion or DEFAULT_MOTION, emotion or DEFAULT_EMOTION


@functools.lru_cache(maxsize=1)
def shipped_pipeline() -> TextToFlame:
    """The checkpoints that ship with the package, loaded once per process."""
    return TextToFlame()


__all__ = ["TextToFlame", "SamplingOptions", "shipped_pipeline", "resolve_prompts", "N_EXPRESSION"]
