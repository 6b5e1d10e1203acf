"""Audio → FLAME evaluation on sentences spoken by espeak-ng (Debian: apt-get install espeak-ng sox).

Builds a ~10 s clip of sentences separated by known pauses, runs audio → FLAME with and without the
transcript, and measures on the open head's mesh:
  - lips closed (inner-lip gap < 1 mm) on bilabial phones (p, b, m; times from the forced alignment) and
    inside the inserted pauses (ground truth: where sox put silence, 0.1 s margins);
  - correlation of the jaw opening with the audio's RMS envelope and the lag that maximises it;
  - blink rate over a longer clip; seconds per 10 s of speech (a fresh CLI process, the first call in
    this process with model loading, then warm).

    python bench/eval_audio2flame.py [--fps 25]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import numpy as np

SENTENCES = (
    "Bob bought a map of the bay.",
    "Please move the blue boat.",
    "My mother made a apple pie.",
    "We will meet by the pool at five.",
    "Maybe the puppy wants more milk.",
)
PAUSE = 0.6
CLOSED_MM = 1.0


def speak(folder: Path) -> tuple[Path, str, list[tuple[float, float]]]:
    """One 16 kHz WAV of all sentences with PAUSE s between them; returns it, the text and the pauses."""
    import soundfile

    if shutil.which("espeak-ng") is None:
        raise SystemExit("espeak-ng is not installed (Debian: apt-get install -y espeak-ng sox)")
    parts, pauses, t = [], [], 0.0
    rate = 16000
    for i, sentence in enumerate(SENTENCES):
        raw = folder / f"s{i}.wav"
        subprocess.run(["espeak-ng", "-v", "en-us", "-s", "160", "-w", str(raw), sentence], check=True)
        data, sr = soundfile.read(raw, dtype="float32")
        import soxr

        data = soxr.resample(data, sr, rate)
        parts.append(data)
        t += len(data) / rate
        if i < len(SENTENCES) - 1:
            parts.append(np.zeros(int(PAUSE * rate), np.float32))
            pauses.append((t, t + PAUSE))
            t += PAUSE
    path = folder / "sentences.wav"
    soundfile.write(path, np.concatenate(parts), rate)
    return path, " ".join(SENTENCES), pauses


def jaw_envelope_lag(jaw: np.ndarray, envelope: np.ndarray, max_lag: int = 5) -> tuple[float, int]:
    """Best Pearson correlation over lags (frames; > 0: the jaw moves after the sound) and its lag."""
    best = (-2.0, 0)
    for lag in range(-max_lag, max_lag + 1):
        a = jaw[max(lag, 0): len(jaw) + min(lag, 0)]
        b = envelope[max(-lag, 0): len(envelope) + min(-lag, 0)]
        r = float(np.corrcoef(a, b)[0, 1])
        best = max(best, (r, lag))
    return best


def evaluate(result, head, pauses, fps: float) -> dict:
    from backend.motion.audio.lip_metrics import lip_gap_mm
    from protocols.flame_conventions import pose_column

    track = result.track
    gap = lip_gap_mm(track, head)
    segs = result.transcription.segments
    frame = lambda t: min(int(round(t * fps)), track.num_frames - 1)  # noqa: E731
    bilabial = [gap[frame(s.center)] < CLOSED_MM for s in segs if s.phone in ("P", "B", "M")]
    silent = []
    for a, b in pauses + [(0.0, 0.0)]:
        idx = np.arange(int(np.ceil((a + 0.1) * fps)), int(np.floor((b - 0.1) * fps)) + 1)
        silent.extend(gap[idx] < CLOSED_MM)
    env = result.prosody.at("envelope", np.arange(track.num_frames) / fps)
    jaw = track.pose[:, pose_column("jaw", "pitch")].astype(np.float64)
    r, lag = jaw_envelope_lag(jaw, env)
    return {"bilabials": (int(np.sum(bilabial)), len(bilabial)), "pause_frames": (int(np.sum(silent)), len(silent)),
            "jaw_env_r": r, "lag": lag, "r0": jaw_envelope_lag(jaw, env, 0)[0],
            "max_gap_mm": float(gap.max())}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--fps", type=float, default=25.0)
    args = ap.parse_args(argv)
    import torch

    torch.set_num_threads(1)
    t0 = time.perf_counter()
    from backend.motion.audio import AudioToFlameConfig, audio_to_track
    from backend.motion.audio.waveform import load_waveform
    from flame_assets.library import load_head

    head = load_head("open")
    t_import = time.perf_counter() - t0
    with tempfile.TemporaryDirectory() as tmp:
        wav, text, pauses = speak(Path(tmp))
        wave = load_waveform(wav)
        config = AudioToFlameConfig(fps=args.fps, seed=0)
        t = time.perf_counter()
        aligned = audio_to_track(wave, head, text, config)
        first = time.perf_counter() - t
        t = time.perf_counter()
        aligned = audio_to_track(wave, head, text, config)
        warm = time.perf_counter() - t
        t = time.perf_counter()
        loop = audio_to_track(wave, head, None, config)
        warm_loop = time.perf_counter() - t
        import sys

        t = time.perf_counter()
        subprocess.run([sys.executable, "-m", "backend.cli", "animate", "audio", str(wav), "--text", text, "-o",
                        str(Path(tmp) / "cli.npz")], check=True, capture_output=True)
        cli = time.perf_counter() - t
        long_wave = load_waveform(wav)
        import dataclasses

        long_wave = dataclasses.replace(long_wave, samples=np.tile(long_wave.samples, 12))
        blinks = [len(audio_to_track(long_wave, head, None, dataclasses.replace(config, seed=s)).blink_starts)
                  for s in range(3)]
    per10 = 10.0 / wave.duration
    print(f"clip: {len(SENTENCES)} espeak-ng sentences, {wave.duration:.2f} s, pauses of {PAUSE} s at "
          + ", ".join(f"{a:.2f}" for a, _ in pauses) + f"; output {args.fps:g} fps on the open head")
    for label, res in (("with transcript (forced alignment)", aligned), ("without transcript (phone loop)", loop)):
        m = evaluate(res, head, pauses, args.fps)
        print(f"[{label}] method={res.transcription.method}")
        print(f"  lips closed on bilabials: {m['bilabials'][0]}/{m['bilabials'][1]}"
              f"   lips closed in pauses: {m['pause_frames'][0]}/{m['pause_frames'][1]} frames"
              f"   widest opening {m['max_gap_mm']:.1f} mm")
        print(f"  jaw vs envelope: r={m['r0']:.3f} at lag 0; best r={m['jaw_env_r']:.3f} at lag {m['lag']:+d} "
              f"frame(s)")
    minutes = long_wave.duration / 60
    print(f"blinks: {', '.join(str(b) for b in blinks)} over {long_wave.duration:.0f} s for seeds 0-2 = "
          f"{np.mean(blinks) / minutes:.1f} per minute")
    print(f"time per 10 s of speech: fresh `mvportrait animate audio` process {cli * per10:.2f} s; in process: "
          f"first call {first * per10:.2f} s (pocketsphinx model load included; imports {t_import:.2f} s before "
          f"it), warm {warm * per10:.2f} s with transcript, {warm_loop * per10:.2f} s without")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
