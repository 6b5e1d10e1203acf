"""Spontaneous blinks at human rates, seeded: a renewal process of inter-blink intervals with a fast
close and a slower reopen; blinks due near a pause move to the pause's start, where people tend to blink."""

from __future__ import annotations

import dataclasses

import numpy as np


@dataclasses.dataclass(frozen=True)
class BlinkConfig:
    per_minute: float = 17.0  # typical while talking is roughly 15-25 per minute
    min_interval: float = 1.2  # s
    interval_shape: float = 3.0  # gamma shape: regular enough, never metronomic
    close_seconds: float = 0.08
    hold_seconds: float = 0.04
    open_seconds: float = 0.16
    snap_to_pause: float = 0.4  # s: a blink this close to a pause start moves there


def blink_times(duration: float, rng: np.random.Generator, config: BlinkConfig = BlinkConfig(),
                pause_starts: np.ndarray | None = None) -> np.ndarray:
    if config.per_minute <= 0:
        return np.zeros(0)
    mean = 60.0 / config.per_minute
    scale = max(mean - config.min_interval, 0.1) / config.interval_shape
    times, t = [], rng.uniform(0.3, mean)
    while t < duration - 0.2:
        times.append(t)
        t += config.min_interval + rng.gamma(config.interval_shape, scale)
    out = np.array(times)
    if pause_starts is not None and len(pause_starts) and len(out):
        d = pause_starts[None] - out[:, None]
        nearest = np.argmin(np.abs(d), 1)
        close = np.abs(d[np.arange(len(out)), nearest]) < config.snap_to_pause
        out[close] = pause_starts[nearest[close]]
        out = np.unique(out)
        out = out[np.concatenate([[True], np.diff(out) >= config.min_interval])]
    return out


def eyelid_curve(starts: np.ndarray, times: np.ndarray, config: BlinkConfig = BlinkConfig()) -> np.ndarray:
    """(T,) eyelid closure in [0, 1] (1 = closed) for blinks starting at `starts`."""
    c, h, o = config.close_seconds, config.hold_seconds, config.open_seconds
    lid = np.zeros(len(times))
    for s in starts:
        u = times - s
        closing = np.clip(u / c, 0, 1)
        opening = np.clip(1 - (u - c - h) / o, 0, 1)
        shape = np.where(u < c, np.sin(0.5 * np.pi * closing) ** 2, opening ** 2 * (3 - 2 * opening))
        shape[(u < 0) | (u > c + h + o)] = 0
        lid = np.maximum(lid, shape)
    return lid
