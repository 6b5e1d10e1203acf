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


def _rms(y: np.ndarray, frame: int, hop: int) -> np.ndarray:
    """Centred frame RMS, zero-padded at the ends."""
    padded = np.pad(y.astype(np.float64), frame // 2)
    n = 1 + (len(padded) - frame) // hop if len(padded) >= frame else 1
    cumsum = np.concatenate([[0.0], np.cumsum(padded ** 2)])
    starts = np.arange(n) * hop
    ends = np.minimum(starts + frame, len(padded))
    return np.sqrt((cumsum[ends] - cumsum[starts]) / frame)


def yin_f0(y: np.ndarray, sr: int, fmin: float, fmax: float, frame: int, hop: int,
           threshold: float = 0.1) -> np.ndarray:
    """F0 (Hz) per centred hop by YIN (de Cheveigné and Kawahara 2002): the cumulative-mean-normalised
    difference function's first dip below `threshold` (else its minimum), refined by a parabola. Same
    estimator as librosa.yin; written in numpy because importing librosa's pitch module costs seconds."""
    padded = np.pad(y.astype(np.float64), frame // 2)
    n = 1 + (len(padded) - frame) // hop if len(padded) >= frame else 0
    if n <= 0:
        return np.zeros(0)
    idx = np.arange(frame)[None] + hop * np.arange(n)[:, None]
    frames = padded[idx]  # (n, frame)
    w = frame // 2  # integration window; lags up to frame - w
    tau_max = min(int(sr / fmin), frame - w - 1)
    tau_min = max(int(sr / fmax), 1)
    size = 1 << int(np.ceil(np.log2(2 * frame)))
    spec = np.fft.rfft(frames, size, axis=1)
    head = np.fft.rfft(frames[:, :w], size, axis=1)
    corr = np.fft.irfft(np.conj(head) * spec, size, axis=1)[:, : tau_max + 1]  # Σ x_j x_{j+τ}, j < w
    energy = np.concatenate([np.zeros((n, 1)), np.cumsum(frames ** 2, axis=1)], 1)
    e0 = energy[:, w][:, None]
    taus = np.arange(tau_max + 1)
    e_tau = energy[:, taus + w] - energy[:, taus]
    diff = np.maximum(e0 + e_tau - 2 * corr, 0.0)
    diff[:, 0] = 0.0
    cmnd = np.ones_like(diff)
    csum = np.cumsum(diff[:, 1:], axis=1)
    cmnd[:, 1:] = diff[:, 1:] * taus[1:][None] / np.maximum(csum, 1e-12)
    search = cmnd[:, tau_min:]
    below = search < threshold
    # First local minimum below the threshold, else the global minimum.
    is_min = np.zeros_like(below)
    is_min[:, 1:-1] = (search[:, 1:-1] <= search[:, :-2]) & (search[:, 1:-1] <= search[:, 2:])
    pick = below & is_min
    first = np.where(pick.any(1), pick.argmax(1), search.argmin(1))
    tau = first + tau_min
    left = cmnd[np.arange(n), np.clip(tau - 1, 0, tau_max)]
    mid = cmnd[np.arange(n), tau]
    right = cmnd[np.arange(n), np.clip(tau + 1, 0, tau_max)]
    denom = left - 2 * mid + right
    shift = np.where(np.abs(denom) > 1e-12, 0.5 * (left - right) / np.where(denom == 0, 1, denom), 0.0)
    return sr / (tau + np.clip(shift, -1, 1))


def analyse(wave: Waveform, config: ProsodyConfig = ProsodyConfig()) -> Prosody:
    sr = wave.sample_rate
    hop = int(round(HOP_SECONDS * sr))
    y = wave.samples
    rms = _rms(y, int(0.025 * sr), hop)
    db = 20.0 * np.log10(np.maximum(rms, 1e-5))
    loud = np.percentile(db, 95)
    floor = np.percentile(db, 10)
    threshold = max(loud - config.pause_below_peak_db, floor + config.pause_above_floor_db)
    speech = db > threshold
    if len(y) >= 1024:
        f0 = yin_f0(y, sr, config.fmin, config.fmax, 1024, hop)
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
