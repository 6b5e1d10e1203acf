"""Phone timings from speech with pocketsphinx: forced alignment to a transcript, or phone-loop
recognition without one. Times are in seconds; pocketsphinx frames are 10 ms."""

from __future__ import annotations

import dataclasses
import logging
import os
import threading

import numpy as np

from .g2p import letters_to_phones
from .transcript import transcript_words
from .waveform import Waveform

log = logging.getLogger("mvportrait.motion.audio")

FRAME_SECONDS = 0.01
SILENCE = "SIL"
# pocketsphinx's filler words (noise, breath, ...) are mouth-neutral pauses for lip sync.
_FILLERS = {"SIL", "+NSN+", "+SPN+", "+BREATH+", "+COUGH+", "+UM+", "+UH+", "+SMACK+", "+NOISE+"}


@dataclasses.dataclass(frozen=True)
class PhoneSegment:
    phone: str  # ARPAbet without stress, or "SIL"
    start: float  # seconds
    end: float
    word: str | None = None

    @property
    def duration(self) -> float:
        return self.end - self.start

    @property
    def center(self) -> float:
        return 0.5 * (self.start + self.end)


@dataclasses.dataclass(frozen=True)
class PhoneTranscription:
    segments: tuple[PhoneSegment, ...]
    method: str  # "forced-alignment" or "phone-loop"
    out_of_dictionary: tuple[str, ...] = ()  # words pronounced by the letter-to-sound rules


def _dithered_pcm(wave: Waveform) -> bytes:
    """16-bit PCM with ±1 LSB of seeded noise: stretches of digital silence (exact zeros) otherwise make
    every path through the words fail. Seeded, so the same recording always gives the same phones."""
    pcm = np.clip(np.round(wave.samples * 32767.0), -32768, 32767).astype(np.int32)
    pcm += np.random.default_rng(0).integers(-1, 2, size=pcm.shape)
    return np.clip(pcm, -32768, 32767).astype("<i2").tobytes()


def _clean(name: str) -> str:
    name = name.upper()
    return SILENCE if name in _FILLERS or name.startswith(("+", "<")) else name.rstrip("012")


class PhoneRecognizer:
    """One pocketsphinx decoder per instance (its en-US model and CMUdict ship with the wheel); thread-safe."""

    def __init__(self):
        import pocketsphinx

        self._ps = pocketsphinx
        self._lock = threading.Lock()
        # Optional pauses between words first; without them (and with wide beams) as the fallback.
        self._decoders = [
            pocketsphinx.Decoder(samprate=16000, loglevel="FATAL"),
            pocketsphinx.Decoder(samprate=16000, fsgusefiller=False, beam=1e-80, wbeam=1e-60,
                                 pbeam=1e-80, lpbeam=1e-60, lponlybeam=1e-60, loglevel="FATAL"),
        ]
        model = pocketsphinx.get_model_path()
        self._phone_lm = os.path.join(model, "en-us-phone.lm.bin")
        self._phone_decoder = None

    @staticmethod
    def _add_missing_words(decoder, words: list[str]) -> list[str]:
        missing = []
        for word in dict.fromkeys(words):
            if decoder.lookup_word(word) is None:
                # update=False: updating the active search here breaks later alignments.
                decoder.add_word(word, " ".join(letters_to_phones(word)), False)
                missing.append(word)
        return missing

    def _decode(self, decoder, pcm: bytes) -> None:
        decoder.start_utt()
        decoder.process_raw(pcm, full_utt=True)
        decoder.end_utt()

    def align(self, wave: Waveform, text: str) -> PhoneTranscription:
        """Phone segments of `text` spoken in `wave` (two passes: words, then phones within them).

        Optional pauses between words first, then (when that search loses words) none, with wide beams;
        the pipeline also cuts pauses from the energy envelope. If no path through the words reaches the
        end of the audio, the phone-loop recogniser is used."""
        if wave.sample_rate != 16000:
            raise ValueError("the aligner needs 16 kHz audio; load it with load_waveform")
        words = transcript_words(text)
        if not words:
            raise ValueError(f"the transcript {text!r} has no words to align; give the spoken text or leave "
                             "it out to recognise phones without one")
        # The grammar search is brittle on synthetic or clipped speech: try each decoder on the dithered and
        # the plain samples, first success wins.
        attempts = [(d, pcm) for d in self._decoders for pcm in (_dithered_pcm(wave), wave.pcm16())]
        with self._lock:
            segments, missing, aligned = [], [], []
            for decoder, pcm in attempts:
                missing = self._add_missing_words(decoder, words) or missing
                decoder.set_align_text(" ".join(words))
                self._decode(decoder, pcm)
                aligned = [seg.word.split("(")[0] for seg in decoder.seg() or ()
                           if _clean(seg.word) != SILENCE and seg.word not in ("<s>", "</s>", "<sil>")]
                if aligned != words:
                    decoder.activate_search()
                    continue
                decoder.set_alignment()
                self._decode(decoder, pcm)
                for word in decoder.get_alignment() or ():
                    name = word.name.split("(")[0]
                    for phone in word:
                        start = phone.start * FRAME_SECONDS
                        segments.append(PhoneSegment(_clean(phone.name), start,
                                                     start + phone.duration * FRAME_SECONDS,
                                                     None if name in ("<s>", "</s>", "<sil>") else name))
                decoder.activate_search()
                break
        if not segments:
            log.warning("the transcript could not be aligned to the audio (placed %d of %d words); "
                        "recognising phones without it", len(aligned), len(words))
            result = self.recognize(wave)
            return dataclasses.replace(result, method="phone-loop (alignment failed)", out_of_dictionary=tuple(missing))
        if missing:
            log.info("pronounced by letter-to-sound rules: %s", ", ".join(missing))
        return PhoneTranscription(_fill_gaps(segments, wave.duration), "forced-alignment", tuple(missing))

    def recognize(self, wave: Waveform) -> PhoneTranscription:
        """Phone segments from the phone-loop recogniser (no transcript)."""
        pcm = _dithered_pcm(wave)
        with self._lock:
            if self._phone_decoder is None:
                self._phone_decoder = self._ps.Decoder(samprate=16000, allphone=self._phone_lm, lw=2.0,
                                                       beam=1e-20, pbeam=1e-20, loglevel="FATAL")
            self._decode(self._phone_decoder, pcm)
            segments = [PhoneSegment(_clean(s.word), s.start_frame * FRAME_SECONDS,
                                     (s.end_frame + 1) * FRAME_SECONDS) for s in self._phone_decoder.seg()]
        return PhoneTranscription(_fill_gaps(segments, wave.duration), "phone-loop")

    def transcribe(self, wave: Waveform, text: str | None = None) -> PhoneTranscription:
        return self.align(wave, text) if text and text.strip() else self.recognize(wave)


def _fill_gaps(segments: list[PhoneSegment], duration: float) -> tuple[PhoneSegment, ...]:
    """Sorted, non-overlapping segments covering [0, duration], gaps filled with silence."""
    out: list[PhoneSegment] = []
    t = 0.0
    for seg in sorted(segments, key=lambda s: s.start):
        start, end = max(seg.start, t), min(seg.end, duration)
        if end - start <= 1e-6:
            continue
        if start - t > 1e-6:
            out.append(PhoneSegment(SILENCE, t, start))
        out.append(dataclasses.replace(seg, start=start, end=end))
        t = end
    if duration - t > 1e-6:
        out.append(PhoneSegment(SILENCE, t, duration))
    return tuple(out)


_shared: PhoneRecognizer | None = None
_shared_lock = threading.Lock()


def shared_recognizer() -> PhoneRecognizer:
    """A process-wide recogniser (loading the model takes a fraction of a second)."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = PhoneRecognizer()
        return _shared
