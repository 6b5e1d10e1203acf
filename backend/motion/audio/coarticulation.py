"""Viseme targets blended over time with dominance functions (Cohen and Massaro's model of
coarticulation): each viseme pulls its channels toward its target with a strength that is flat over its
own phone and decays before it (anticipation) and after it (carry-over); a channel's value is the
dominance-weighted mean of the targets. Strong visemes (bilabial closure) win over weak ones (h, schwa)."""

from __future__ import annotations

import dataclasses

import numpy as np

from .phones import PhoneSegment
from .visemes import CHANNELS, phone_visemes


@dataclasses.dataclass(frozen=True)
class CoarticulationConfig:
    anticipation: float = 0.06  # s: how early a viseme starts pulling (Gaussian width before its onset)
    carry_over: float = 0.045  # s: how long it keeps pulling after its offset
    min_hold: float = 0.045  # s: shortest plateau, so a 20 ms closure is still reached at 25 fps
    hold_ramp: float = 0.05  # s: how a held channel eases in and out of its plateau
    min_rest_hold: float = 0.1  # s: pauses shorter than this are blended, not held


@dataclasses.dataclass(frozen=True)
class VisemeEvent:
    name: str
    start: float
    end: float


def viseme_events(segments: tuple[PhoneSegment, ...] | list[PhoneSegment]) -> list[VisemeEvent]:
    events = []
    for seg in segments:
        visemes = phone_visemes(seg.phone)
        step = seg.duration / len(visemes)
        for k, v in enumerate(visemes):
            events.append(VisemeEvent(v.name, seg.start + k * step, seg.start + (k + 1) * step))
    return events


def channel_curves(segments, times: np.ndarray, config: CoarticulationConfig = CoarticulationConfig()
                   ) -> dict[str, np.ndarray]:
    """{channel: (T,) values} at `times` (seconds)."""
    from .visemes import VISEMES

    events = viseme_events(segments)
    if not events:
        return {c: np.zeros(len(times), np.float64) for c in CHANNELS}
    starts = np.array([e.start for e in events])
    ends = np.array([e.end for e in events])
    centre = 0.5 * (starts + ends)
    half = 0.5 * np.maximum(ends - starts, config.min_hold)
    lo, hi = centre - half, centre + half
    t = np.asarray(times, np.float64)[:, None]
    before = np.clip(lo[None] - t, 0.0, None)  # time until the viseme's plateau starts
    after = np.clip(t - hi[None], 0.0, None)  # time since it ended
    # Gaussian tails (Cohen-Massaro exponent 2): a strong closure holds its own phone without flattening
    # the vowels around it.
    shape = np.exp(-(before / config.anticipation) ** 2 - (after / config.carry_over) ** 2)  # (T, N)
    curves = {}
    for channel in CHANNELS:
        strength = np.array([VISEMES[e.name].strength(channel) for e in events])
        target = np.array([VISEMES[e.name].value(channel) for e in events])
        weight = shape * strength[None]
        curves[channel] = (weight @ target) / np.maximum(weight.sum(1), 1e-12)
    # Held channels (lip closure, pauses) are constraints: inside the plateau the target is reached,
    # then a raised-cosine ramp hands over to the blend.
    for channel in CHANNELS:
        held = [k for k, e in enumerate(events) if channel in VISEMES[e.name].hold
                and (e.name != "rest" or e.end - e.start >= config.min_rest_hold)]
        if not held:
            continue
        k = np.array(held)
        gap = np.maximum(before[:, k], after[:, k])  # 0 inside the plateau
        w = np.where(gap <= 0, 1.0, 0.5 * (1 + np.cos(np.pi * np.clip(gap / config.hold_ramp, 0, 1))))
        target = np.array([VISEMES[events[i].name].value(channel) for i in held])
        best = np.argmax(w, 1)
        wmax = w[np.arange(len(t)), best]
        curves[channel] = (1 - wmax) * curves[channel] + wmax * target[best]
    return curves
