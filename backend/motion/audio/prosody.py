"""Speech prosody (energy, pitch) and what it drives: a speech/pause mask, mild head motion, brows."""

from __future__ import annotations

import dataclasses

import numpy as np

from .waveform import Waveform

HOP_SECONDS = 0.01


@dataclasses.dataclass(frozen=True)
class Prosody:
    times: np.ndarray  # (N,) seconds, one every 10 ms
    energy_db: np.ndarray  # (N,) RMS in dB
    speech: np.ndarray  # (N,) bool: energy above the pause threshold
    pitch_semitones: np.ndarray  # (N,) F0 relative to the speaker's median, NaN where unvoiced/pauses
    envelope: np.ndarray  # (N,) RMS normalised to 1 at the loud end of the speech (95th percentile)

    def at(self, name: str, times: np.ndarray) -> np.ndarray:
        values = getattr(self, name).astype(np.float64)
        if name == "pitch_semitones":
            values = np.nan_to_num(values, nan=0.0)
        return np.interp(times, self.times, values)


@dataclasses.dataclass(frozen=True)
class ProsodyConfig:
    pause_below_peak_db: float = 35.0  # a 10 ms hop this far below the loud speech level is a pause
    pause_above_floor_db: float = 6.0  # ... unless it is within this of the noise floor's 10th percentile
    fmin: float = 65.0
    fmax: float = 400.0


def analyse(wave: Waveform, config: ProsodyConfig = ProsodyConfig()) -> Prosody:
    import librosa

    sr = wave.sample_rate
    hop = int(round(HOP_SECONDS * sr))
    y = wave.samples
    rms = librosa.feature.rms(y=y, frame_length=int(0.025 * sr), hop_length=hop, center=True)[0]
    db = 20.0 * np.log10(np.maximum(rms, 1e-5))
    loud = np.percentile(db, 95)
    floor = np.percentile(db, 10)
    threshold = max(loud - config.pause_below_peak_db, floor + config.pause_above_floor_db)
    speech = db > threshold
    if len(y) >= 2048:
        f0 = librosa.yin(y, fmin=config.fmin, fmax=config.fmax, sr=sr, frame_length=2048, hop_length=hop,
                         center=True)
        f0 = f0[: len(db)]
        if len(f0) < len(db):
            f0 = np.pad(f0, (0, len(db) - len(f0)), mode="edge")
    else:
        f0 = np.full(len(db), np.nan)
    voiced = speech & (db > threshold + 6.0) & np.isfinite(f0)
    semis = np.full(len(db), np.nan)
    if voiced.sum() > 5:
        st = 12.0 * np.log2(f0[voiced])
        semis[voiced] = st - np.median(st)
    speech_rms = rms[speech] if speech.any() else rms
    envelope = rms / max(np.percentile(speech_rms, 95), 1e-6)
    times = np.arange(len(db)) * HOP_SECONDS
    return Prosody(times, db, speech, semis, envelope)


@dataclasses.dataclass(frozen=True)
class HeadMotionConfig:
    sway_deg: tuple[float, float, float] = (1.2, 2.5, 1.0)  # slow idle sway amplitude: pitch, yaw, roll
    nod_deg: float = 2.0  # dip on loud syllables
    pitch_lift_deg: float = 1.5  # head lifts a little on high pitch
    brow_gain: float = 0.12  # brow_raise per semitone above the speaker's median
    brow_max: float = 0.45


def _smooth(x: np.ndarray, seconds: float, fps: float) -> np.ndarray:
    from scipy.ndimage import gaussian_filter1d

    sigma = seconds * fps
    return gaussian_filter1d(x, sigma, mode="nearest") if sigma > 0.3 else x


def _sway(times: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Smooth random motion: a few slow sines (0.05–0.5 Hz) with random phases, unit peak-ish amplitude."""
    freqs = rng.uniform(0.05, 0.5, size=4)
    phases = rng.uniform(0, 2 * np.pi, size=4)
    amps = 1.0 / np.sqrt(freqs / 0.05)
    s = (amps[None] * np.sin(2 * np.pi * freqs[None] * times[:, None] + phases[None])).sum(1)
    return s / amps.sum()


def head_and_brows(prosody: Prosody, times: np.ndarray, fps: float, rng: np.random.Generator,
                   config: HeadMotionConfig = HeadMotionConfig()) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """(T, 3) neck rotation (axis-angle ≈ pitch, yaw, roll for small angles) and brow curves."""
    activity = _smooth(prosody.at("speech", times).astype(np.float64), 0.5, fps)
    envelope = _smooth(np.clip(prosody.at("envelope", times), 0, 1.5), 0.08, fps)
    loud = envelope - _smooth(envelope, 1.0, fps)  # emphasis relative to the local level
    semis = _smooth(prosody.at("pitch_semitones", times), 0.12, fps)
    sway = np.stack([_sway(times, rng) for _ in range(3)], 1) * np.radians(config.sway_deg)[None]
    sway *= (0.5 + 0.5 * activity)[:, None]
    pitch = sway[:, 0] + np.radians(config.nod_deg) * np.clip(loud, -0.5, 1.0) \
        - np.radians(config.pitch_lift_deg) * np.clip(semis / 6.0, -1, 1)
    rotation = np.stack([pitch, sway[:, 1], sway[:, 2]], 1)
    raise_ = np.clip(config.brow_gain * (semis - 1.5), 0, config.brow_max) * activity
    brows = {"brow_raise": _smooth(raise_, 0.1, fps), "inner_brow_raise": 0.3 * _smooth(raise_, 0.1, fps)}
    return rotation, brows
