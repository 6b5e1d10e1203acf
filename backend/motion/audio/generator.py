"""The audio → FLAME generator as the render server runs it (a `submit_motion` job of kind "audio")."""

from __future__ import annotations

import threading

from backend.cancellation import JobCanceled
from backend.motion.base import MotionGenerator, MotionRequest
from protocols.tracks import Track

from flame_assets.library import find_head
from .pipeline import AudioToFlameConfig, audio_to_track
from .waveform import load_waveform


class AudioMotionGenerator(MotionGenerator):
    """Request: the recording as its `media` (wav); `prompt` (or options["text"]) is the optional transcript;
    options: seed (int), head_motion (bool)."""

    kind = "audio"
    name = "phones-visemes"
    known_options = frozenset({"text", "seed", "head_motion"})
    media_description = "the recording (a WAV file)"

    def generate(self, request: MotionRequest, cancel: threading.Event) -> Track:
        options = self.checked_options(request)
        head = find_head(request.head_model)
        wave = load_waveform(request.media)
        if cancel.is_set():
            raise JobCanceled()
        config = AudioToFlameConfig(fps=request.fps, first_frame=request.first_frame,
                                    num_frames=request.num_frames, seed=int(options.get("seed", 0)),
                                    head_motion=bool(options.get("head_motion", True)))
        text = request.prompt or options.get("text")
        result = audio_to_track(wave, head, text, config)
        if cancel.is_set():
            raise JobCanceled()
        return result.track
