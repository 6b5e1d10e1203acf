"""Where the head-independent animation channels land in a head model's FLAME parameters.

The jaw is FLAME's jaw joint on every head. Lip shapes and brows need named expression components
(the open head names its first 23); a head without those names (a licensed FLAME file, whose expression
space is PCA) gets jaw, head motion and blinks only, and `missing` lists what it could not show."""

from __future__ import annotations

import dataclasses
import logging

import numpy as np

from flame_assets.head_model import HeadModel

log = logging.getLogger("mvportrait.motion.audio")

# channel → ((expression name, weight), ...)
EXPRESSION_CHANNELS: dict[str, tuple[tuple[str, float], ...]] = {
    "close": (("lip_press", 1.0),),
    "pucker": (("pucker", 1.0),),
    "funnel": (("lip_funnel", 1.0),),
    "spread": (("lip_stretch", 1.0),),
    "tuck": (("chin_raise", 0.7), ("upper_lip_raise", 0.3)),
    "brow_raise": (("brow_raise", 1.0),),
    "inner_brow_raise": (("inner_brow_raise", 1.0),),
}


@dataclasses.dataclass(frozen=True)
class FaceRig:
    n_expr: int
    channels: dict[str, tuple[tuple[int, float], ...]]  # channel → ((expression index, weight), ...)
    missing: tuple[str, ...]  # channels this head cannot show

    @classmethod
    def for_head(cls, head: HeadModel) -> "FaceRig":
        index = {name: i for i, name in enumerate(head.expression_names[: head.n_expr])}
        channels, missing = {}, []
        for channel, parts in EXPRESSION_CHANNELS.items():
            found = tuple((index[name], w) for name, w in parts if name in index)
            if found:
                channels[channel] = found
            else:
                missing.append(channel)
        if missing:
            log.warning("head model %r has no named expressions for %s: those channels are left out (jaw, "
                        "head motion and blinks still animate)", head.name, ", ".join(missing))
        return cls(head.n_expr, channels, tuple(missing))

    def expression(self, curves: dict[str, np.ndarray], num_frames: int) -> np.ndarray:
        """(T, n_expr) coefficients from channel curves."""
        out = np.zeros((num_frames, self.n_expr), np.float64)
        for channel, parts in self.channels.items():
            if channel in curves:
                for idx, weight in parts:
                    out[:, idx] += weight * curves[channel]
        return out
