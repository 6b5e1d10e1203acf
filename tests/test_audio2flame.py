"""Audio → FLAME on espeak-ng fixtures (tests/data, made by scripts/make_test_audio.sh)."""

from __future__ import annotations

import dataclasses
import threading
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("pocketsphinx")

from backend.motion.audio import AudioToFlameConfig, audio_to_track  # noqa: E402
from backend.motion.audio.g2p import letters_to_phones  # noqa: E402
from backend.motion.audio.lip_metrics import lip_gap_mm  # noqa: E402
from backend.motion.audio.overlay import TrackOverlay  # noqa: E402
from backend.motion.audio.phones import SILENCE, shared_recognizer  # noqa: E402
from backend.motion.audio.transcript import transcript_words  # noqa: E402
from backend.motion.audio.waveform import load_waveform  # noqa: E402
from flame_assets.library import load_head  # noqa: E402

DATA = Path(__file__).parent / "data"
BILABIAL = DATA / "speech_bilabial_pause.wav"
BILABIAL_TEXT = (DATA / "speech_bilabial_pause.txt").read_text().strip()
SHORT = DATA / "speech_short.wav"
CLOSED_MM = 1.0  # the open head's lips rest 1.5 mm apart; pressed lips measure below 0


@pytest.fixture(scope="module")
def head():
    return load_head("open")


@pytest.fixture(scope="module")
def bilabial(head):
    return audio_to_track(BILABIAL, head, BILABIAL_TEXT, AudioToFlameConfig(fps=25.0, seed=3))


def test_transcript_words_spell_numbers_and_drop_punctuation():
    assert transcript_words("Room 42, isn't it?") == ["room", "forty", "two", "isn't", "it"]


def test_yin_finds_the_pitch_of_a_tone_and_of_a_voice_like_pulse_train():
    from backend.motion.audio.prosody import yin_f0

    sr = 16000
    t = np.arange(sr) / sr
    tone = np.sin(2 * np.pi * 150.0 * t)
    assert np.median(yin_f0(tone, sr, 65, 400, 1024, 160)[5:-5]) == pytest.approx(150.0, rel=0.01)
    pulses = sum(np.sin(2 * np.pi * 110.0 * k * t) / k for k in range(1, 8))  # rich harmonics
    assert np.median(yin_f0(pulses, sr, 65, 400, 1024, 160)[5:-5]) == pytest.approx(110.0, rel=0.01)


def test_letter_to_sound_rules_use_the_models_phones():
    model_phones = {"AA", "AE", "AH", "AO", "AW", "AY", "B", "CH", "D", "DH", "EH", "ER", "EY", "F", "G", "HH",
                    "IH", "IY", "JH", "K", "L", "M", "N", "NG", "OW", "OY", "P", "R", "S", "SH", "T", "TH", "UH",
                    "UW", "V", "W", "Y", "Z", "ZH"}
    for word in ("mvportrait", "blorptastic", "quiche", "knight", "xylophone", "schmoo"):
        phones = letters_to_phones(word)
        assert phones and set(phones) <= model_phones, (word, phones)
    assert letters_to_phones("bob") == ["B", "AA", "B"]
    assert letters_to_phones("time") == ["T", "AY", "M"]


def test_forced_alignment_places_every_word_in_order(bilabial):
    tr = bilabial.transcription
    assert tr.method == "forced-alignment"
    words = [s.word for s in tr.segments if s.word]
    assert list(dict.fromkeys(words)) == transcript_words(BILABIAL_TEXT)
    starts = np.array([s.start for s in tr.segments])
    ends = np.array([s.end for s in tr.segments])
    assert np.all(np.diff(starts) > 0) and np.allclose(starts[1:], ends[:-1])
    assert starts[0] == 0 and abs(ends[-1] - load_waveform(BILABIAL).duration) < 1e-6
    # The 0.6 s pause sox put between the sentences is found, between "map" and "maybe".
    pauses = [s for s in tr.segments if s.phone == SILENCE and s.duration > 0.4]
    map_vowel_end = max(s.end for s in tr.segments if s.word == "map" and s.phone == "AE")
    maybe_start = min(s.start for s in tr.segments if s.word == "maybe")
    assert any(p.start >= map_vowel_end and p.end <= maybe_start for p in pauses)


def test_lips_close_on_bilabials_and_in_the_pause_and_open_on_vowels(bilabial, head):
    track = bilabial.track
    gap = lip_gap_mm(track, head)
    fps = track.fps
    segs = bilabial.transcription.segments
    bilabials = [s for s in segs if s.phone in ("P", "B", "M")]
    assert len(bilabials) >= 5
    for s in bilabials:
        frame = min(int(round(s.center * fps)), track.num_frames - 1)
        assert gap[frame] < CLOSED_MM, (s, gap[frame])
    pause = max((s for s in segs if s.phone == SILENCE), key=lambda s: s.duration)
    inside = np.arange(int(np.ceil((pause.start + 0.1) * fps)), int((pause.end - 0.1) * fps) + 1)
    assert len(inside) >= 5 and np.all(gap[inside] < CLOSED_MM)
    vowels = [s for s in segs if s.phone in ("AA", "AO", "AE") and s.duration > 0.06]
    assert max(gap[min(int(round(s.center * fps)), len(gap) - 1)] for s in vowels) > 6.0


def test_track_layout_fps_and_frame_count(bilabial, head):
    track = bilabial.track
    duration = load_waveform(BILABIAL).duration
    assert track.num_frames == int(np.ceil(duration * 25.0)) and track.fps == 25.0
    assert track.num_expression == head.n_expr and track.head_model == head.model_id
    assert np.all((track.eyelids >= 0) & (track.eyelids <= 1))
    assert np.abs(np.degrees(track.pose[:, 3:6])).max() < 8.0  # mild head motion on the neck
    assert np.abs(track.pose[:, :3]).max() == 0 and np.abs(track.pose[:, 9:]).max() == 0
    other = audio_to_track(BILABIAL, head, BILABIAL_TEXT, AudioToFlameConfig(fps=60.0, seed=3)).track
    assert other.num_frames == int(np.ceil(duration * 60.0))


def test_blinks_are_seeded_and_at_human_rates(head):
    wave = load_waveform(BILABIAL)
    long = dataclasses.replace(wave, samples=np.tile(wave.samples, 20))  # ~66 s
    a = audio_to_track(long, head, None, AudioToFlameConfig(seed=1))
    b = audio_to_track(long, head, None, AudioToFlameConfig(seed=1))
    c = audio_to_track(long, head, None, AudioToFlameConfig(seed=2))
    assert np.array_equal(a.blink_starts, b.blink_starts) and not np.array_equal(a.blink_starts, c.blink_starts)
    per_minute = len(a.blink_starts) / (long.duration / 60)
    assert 8 <= per_minute <= 30
    assert a.track.eyelids.max() > 0.8


def test_without_a_transcript_the_phone_loop_still_moves_the_mouth(head):
    result = audio_to_track(BILABIAL, head, None)
    assert result.transcription.method == "phone-loop"
    assert result.channels["jaw"].max() > 0.1


def test_out_of_dictionary_words_go_through_letter_to_sound(head):
    result = audio_to_track(SHORT, head, "Please see the blorptastic moon.")
    assert result.transcription.out_of_dictionary == ("blorptastic",)
    assert result.transcription.method in ("forced-alignment", "phone-loop (alignment failed)")


def test_a_head_without_expression_names_gets_jaw_only(head):
    bare = dataclasses.replace(head, expression_names=[])
    result = audio_to_track(SHORT, bare, (DATA / "speech_short.txt").read_text())
    assert "close" in result.missing_channels and "pucker" in result.missing_channels
    assert np.abs(result.track.expression).max() == 0 and result.track.pose[:, 6].max() > 0.05


def test_overlay_adds_expressions(head, bilabial):
    track = bilabial.track
    smile = np.zeros_like(track.expression)
    smile[:, 0] = 0.5
    extra = track.with_fields(expression=smile)
    result = audio_to_track(BILABIAL, head, BILABIAL_TEXT, AudioToFlameConfig(seed=3), TrackOverlay(extra))
    assert np.allclose(result.track.expression[:, 0] - track.expression[:, 0], 0.5, atol=1e-5)


def test_unreadable_audio_is_refused_with_a_reason(tmp_path):
    bad = tmp_path / "x.wav"
    bad.write_bytes(b"RIFF\0\0\0\0WAVEfmt nonsense")
    with pytest.raises(ValueError, match="cannot read"):
        load_waveform(bad)
    with pytest.raises(FileNotFoundError):
        load_waveform(tmp_path / "missing.wav")


def test_server_generator_makes_the_track_from_the_wav_bytes(head):
    from backend.motion.audio.generator import AudioMotionGenerator
    from backend.motion.base import MotionRequest

    request = MotionRequest("audio", head.model_id, 30.0, first_frame=5, prompt=BILABIAL_TEXT,
                            media=BILABIAL.read_bytes(), options={"seed": 3})
    track = AudioMotionGenerator().generate(request, threading.Event())
    assert track.fps == 30.0 and track.first_frame == 5 and track.head_model == head.model_id
    with pytest.raises(ValueError, match="unknown options"):
        AudioMotionGenerator().generate(
            dataclasses.replace(request, options={"sed": 1}), threading.Event())


def test_cli_writes_a_track(tmp_path):
    from backend.cli import main
    from protocols.tracks import Track

    out = tmp_path / "t.npz"
    assert main(["animate", "audio", str(SHORT), "--text", "Please see the blue moon.", "-o", str(out)]) == 0
    assert Track.load_npz(out).num_frames == int(np.ceil(load_waveform(SHORT).duration * 25))


def test_shared_recognizer_is_reused():
    assert shared_recognizer() is shared_recognizer()
