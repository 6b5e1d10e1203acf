"""Reading speech recordings into mono float samples at the recogniser's rate."""

from __future__ import annotations

import dataclasses
import io
from pathlib import Path

import numpy as np

SAMPLE_RATE = 16000  # pocketsphinx's en-US model is trained on 16 kHz audio


@dataclasses.dataclass(frozen=True)
class Waveform:
    samples: np.ndarray  # (N,) float32 in [-1, 1], mono
    sample_rate: int

    @property
    def duration(self) -> float:
        return len(self.samples) / self.sample_rate

    def pcm16(self) -> bytes:
        return (np.clip(self.samples, -1.0, 1.0) * 32767.0).astype("<i2").tobytes()


def load_waveform(source: str | Path | bytes, sample_rate: int = SAMPLE_RATE) -> Waveform:
    """A WAV/FLAC/OGG/MP3 file (path or its bytes) as mono float32 at `sample_rate`."""
    import soundfile

    if isinstance(source, (bytes, bytearray)):
        handle, label = io.BytesIO(bytes(source)), "the audio data"
    else:
        path = Path(source).expanduser()
        if not path.is_file():
            raise FileNotFoundError(f"audio file {path} does not exist")
        handle, label = str(path), str(path)
    try:
        data, rate = soundfile.read(handle, dtype="float32", always_2d=True)
    except (RuntimeError, soundfile.LibsndfileError) as exc:
        raise ValueError(f"cannot read {label} as audio ({exc}); give a WAV, FLAC, OGG or MP3 file") from exc
    if data.shape[0] == 0:
        raise ValueError(f"{label} holds no audio samples")
    mono = data.mean(axis=1)
    if rate != sample_rate:
        import soxr

        mono = soxr.resample(mono, rate, sample_rate).astype(np.float32)
    return Waveform(np.ascontiguousarray(mono, dtype=np.float32), sample_rate)
