"""Audio → FLAME track: phones → visemes (coarticulated) → jaw and mouth expressions; prosody → head
motion and brows; seeded blinks; optional expression overlay."""

from __future__ import annotations

import dataclasses
import math
from pathlib import Path

import numpy as np

from flame_assets.head_model import HeadModel
from protocols.flame_conventions import POSE_SLICES, pose_column
from protocols.tracks import Track

from .blinks import BlinkConfig, blink_times, eyelid_curve
from .coarticulation import CoarticulationConfig, channel_curves
from .face_rig import FaceRig
from .overlay import ExpressionOverlay
from .phones import SILENCE, PhoneSegment, PhoneTranscription, shared_recognizer
from .prosody import HeadMotionConfig, Prosody, ProsodyConfig, analyse, head_and_brows
from .waveform import Waveform, load_waveform


@dataclasses.dataclass(frozen=True)
class AudioToFlameConfig:
    fps: float = 25.0
    first_frame: int = 1
    num_frames: int | None = None  # default: the recording's length at `fps`
    seed: int = 0
    min_pause: float = 0.12  # s of low energy that closes the mouth whatever the phones say
    jaw_loudness: float = 0.6  # how much the jaw opening follows loudness (0 = phones only)
    head_motion: bool = True
    coarticulation: CoarticulationConfig = CoarticulationConfig()
    prosody: ProsodyConfig = ProsodyConfig()
    motion: HeadMotionConfig = HeadMotionConfig()
    blinks: BlinkConfig = BlinkConfig()

    def __post_init__(self):
        if not 1.0 <= self.fps <= 240.0:
            raise ValueError(f"fps must be in [1, 240], got {self.fps}")
        if self.num_frames is not None and self.num_frames < 1:
            raise ValueError(f"num_frames must be at least 1, got {self.num_frames}")


@dataclasses.dataclass(frozen=True)
class AudioToFlameResult:
    track: Track
    transcription: PhoneTranscription  # after pauses were cut from the energy envelope
    prosody: Prosody
    blink_starts: np.ndarray  # seconds
    channels: dict[str, np.ndarray]  # mouth channels per output frame (jaw in radians)
    missing_channels: tuple[str, ...]


def cut_pauses(segments: tuple[PhoneSegment, ...], prosody: Prosody, min_pause: float) -> tuple[PhoneSegment, ...]:
    """Replace phones over runs of low energy at least `min_pause` long with silence."""
    n = len(prosody.times)
    hop = prosody.times[1] - prosody.times[0] if n > 1 else 0.01
    pause = ~prosody.speech
    edges = np.flatnonzero(np.diff(np.concatenate([[0], pause.astype(np.int8), [0]])))
    end = segments[-1].end if segments else 0.0
    runs = [(float(a * hop), float(min(b * hop, end))) for a, b in zip(edges[::2], edges[1::2])
            if (b - a) * hop >= min_pause]
    if not runs:
        return segments
    out: list[PhoneSegment] = []
    for seg in segments:
        pieces = [(seg.start, seg.end)]
        for a, b in runs:
            nxt = []
            for s, e in pieces:
                if b <= s or a >= e:
                    nxt.append((s, e))
                    continue
                if s < a:
                    nxt.append((s, a))
                if b < e:
                    nxt.append((b, e))
            pieces = nxt
        out.extend(dataclasses.replace(seg, start=s, end=e) for s, e in pieces if e - s > 1e-6)
    for a, b in runs:
        out.append(PhoneSegment(SILENCE, a, b))
    return tuple(sorted(out, key=lambda s: s.start))


def audio_to_track(audio: str | Path | bytes | Waveform, head: HeadModel, text: str | None = None,
                   config: AudioToFlameConfig = AudioToFlameConfig(),
                   overlay: ExpressionOverlay | None = None) -> AudioToFlameResult:
    wave = audio if isinstance(audio, Waveform) else load_waveform(audio)
    transcription = shared_recognizer().transcribe(wave, text)
    prosody = analyse(wave, config.prosody)
    segments = cut_pauses(transcription.segments, prosody, config.min_pause)
    transcription = dataclasses.replace(transcription, segments=segments)

    T = config.num_frames or max(1, math.ceil(wave.duration * config.fps))
    times = np.arange(T) / config.fps
    curves = channel_curves(segments, times, config.coarticulation)
    if config.jaw_loudness > 0:
        from .prosody import _smooth

        env = _smooth(np.clip(prosody.at("envelope", times), 0, 1.5), 0.04, config.fps)
        curves["jaw"] = curves["jaw"] * np.clip(1 - config.jaw_loudness + config.jaw_loudness * 1.3 * env, 0.3, 1.4)

    rng = np.random.default_rng(config.seed)
    rig = FaceRig.for_head(head)
    pose = np.zeros((T, 15))
    pose[:, pose_column("jaw", "pitch")] = curves["jaw"]
    if config.head_motion:
        rotation, brows = head_and_brows(prosody, times, config.fps, rng, config.motion)
        pose[:, POSE_SLICES["neck"]] = rotation
        curves = {**curves, **brows}
    expression = rig.expression(curves, T)
    if overlay is not None:
        expression = expression + overlay.expression_offsets(T, config.fps, rig.n_expr)

    pause_starts = np.array([s.start for s in segments if s.phone == SILENCE and s.start > 0.05])
    starts = blink_times(T / config.fps, rng, config.blinks, pause_starts)
    lid = eyelid_curve(starts, times, config.blinks)
    track = Track.neutral(T, head.model_id, n_expr=rig.n_expr, n_shape=0, fps=config.fps,
                          first_frame=config.first_frame)
    track = track.with_fields(pose=pose.astype(np.float32), expression=expression.astype(np.float32),
                              eyelids=np.stack([lid, lid], 1).astype(np.float32))
    mouth = {k: v for k, v in curves.items()}
    return AudioToFlameResult(track, transcription, prosody, starts, mouth, rig.missing)
