"""Audio → FLAME: phone timings (pocketsphinx), visemes with coarticulation, prosody-driven head motion and
brows, blinks. `audio_to_track` is the entry point; `AudioMotionGenerator` serves it to the render server."""

from .pipeline import AudioToFlameConfig, AudioToFlameResult, audio_to_track

__all__ = ["AudioToFlameConfig", "AudioToFlameResult", "audio_to_track"]
