"""Phones → visemes: the mouth shape each ARPAbet phone asks for, in head-independent channels.

Channels: `jaw` (jaw pitch, radians, > 0 opens), `close` (lips pressed together), `pucker` (rounded,
protruded: oo, w), `funnel` (rounded and open: sh, oh, r), `spread` (lips stretched: ee, s), `tuck` (lower
lip to the upper teeth: f, v). `dominance` says how strongly a viseme holds its channels against its
neighbours (coarticulation): bilabial closure and silence win, h and schwa give way. `hold` channels
are constraints, not votes: p/b/m and pauses reach their target (see `coarticulation.channel_curves`)."""

from __future__ import annotations

import dataclasses

CHANNELS = ("jaw", "close", "pucker", "funnel", "spread", "tuck")


@dataclasses.dataclass(frozen=True)
class Viseme:
    name: str
    target: dict[str, float]
    dominance: dict[str, float]  # per channel; channels not named get `default_dominance`
    default_dominance: float = 1.0
    # Channels that must reach the target during the phone whatever the neighbours (lips meet on p/b/m).
    hold: tuple[str, ...] = ()

    def value(self, channel: str) -> float:
        return self.target.get(channel, 0.0)

    def strength(self, channel: str) -> float:
        return self.dominance.get(channel, self.default_dominance)


_VOWELS = {"AA", "AH", "AO", "AE", "EH", "IH", "IY", "UH", "UW", "OW", "ER"}


def _v(name, dominance=None, default=1.0, hold=(), **target):
    dominance = dict(dominance or {})
    if name in _VOWELS:
        dominance.setdefault("close", 3.0)  # a vowel needs its lips apart
    return Viseme(name, target, dominance, default, hold)


VISEMES: dict[str, Viseme] = {v.name: v for v in (
    # Rest between phrases: jaw closed, lips lightly pressed.
    _v("rest", {"jaw": 3.0, "close": 3.0}, 1.5, hold=("jaw", "close"), jaw=0.0, close=0.9),
    # p b m: the lips must meet whatever the neighbours are.
    _v("PP", {"jaw": 3.0, "close": 6.0, "pucker": 2.0, "funnel": 2.0, "spread": 2.0}, 1.0, hold=("jaw", "close"),
       jaw=0.0, close=1.0),
    _v("FF", {"tuck": 20.0, "jaw": 4.0, "close": 6.0}, 1.0, jaw=0.03, tuck=1.0),
    _v("TH", {"jaw": 2.0}, 0.8, jaw=0.08, spread=0.2),
    _v("DD", {}, 0.6, jaw=0.07, spread=0.2),
    _v("KK", {}, 0.5, jaw=0.09),
    _v("CH", {"funnel": 4.0, "pucker": 3.0, "jaw": 2.0}, 1.0, jaw=0.05, funnel=0.8, pucker=0.3),
    _v("SS", {"jaw": 2.5, "spread": 2.0}, 1.0, jaw=0.035, spread=0.5),
    _v("RR", {"funnel": 2.0, "pucker": 2.0}, 0.8, jaw=0.07, funnel=0.5, pucker=0.3),
    _v("WW", {"pucker": 6.0, "jaw": 2.0}, 1.0, jaw=0.04, pucker=1.0),
    _v("YY", {"spread": 2.0}, 0.8, jaw=0.05, spread=0.5),
    _v("HH", {}, 0.2, jaw=0.12),
    _v("AA", {"jaw": 2.0}, 1.0, jaw=0.25),
    _v("AH", {}, 0.7, jaw=0.17),
    _v("AO", {"jaw": 2.0}, 1.0, jaw=0.22, funnel=0.4),
    _v("AE", {"jaw": 2.0}, 1.0, jaw=0.22, spread=0.4),
    _v("EH", {}, 1.0, jaw=0.16, spread=0.4),
    _v("IH", {}, 0.8, jaw=0.09, spread=0.5),
    _v("IY", {"spread": 2.5}, 1.0, jaw=0.06, spread=0.9),
    _v("UH", {"pucker": 2.0}, 0.9, jaw=0.1, pucker=0.6),
    _v("UW", {"pucker": 4.0}, 1.0, jaw=0.07, pucker=1.0),
    _v("OW", {"funnel": 3.0}, 1.0, jaw=0.15, funnel=0.8, pucker=0.4),
    _v("ER", {"funnel": 2.0}, 0.9, jaw=0.08, funnel=0.6, pucker=0.2),
)}

_PHONE_VISEMES: dict[str, tuple[str, ...]] = {
    "SIL": ("rest",),
    "P": ("PP",), "B": ("PP",), "M": ("PP",),
    "F": ("FF",), "V": ("FF",),
    "TH": ("TH",), "DH": ("TH",),
    "T": ("DD",), "D": ("DD",), "N": ("DD",), "L": ("DD",),
    "K": ("KK",), "G": ("KK",), "NG": ("KK",),
    "CH": ("CH",), "JH": ("CH",), "SH": ("CH",), "ZH": ("CH",),
    "S": ("SS",), "Z": ("SS",),
    "R": ("RR",), "ER": ("ER",),
    "W": ("WW",), "Y": ("YY",), "HH": ("HH",),
    "AA": ("AA",), "AH": ("AH",), "AO": ("AO",), "AE": ("AE",), "EH": ("EH",), "IH": ("IH",),
    "IY": ("IY",), "UH": ("UH",), "UW": ("UW",),
    # Diphthongs glide from one shape to another: each half of the phone gets its own viseme.
    "AY": ("AA", "IY"), "AW": ("AA", "UW"), "OY": ("OW", "IY"), "EY": ("EH", "IY"), "OW": ("OW", "UW"),
}


def phone_visemes(phone: str) -> tuple[Viseme, ...]:
    """The viseme(s) of an ARPAbet phone (stress digits ignored); unknown phones count as schwa."""
    names = _PHONE_VISEMES.get(phone.upper().rstrip("012"), ("AH",))
    return tuple(VISEMES[n] for n in names)
