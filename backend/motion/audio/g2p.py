"""Offline letter-to-sound rules for English words missing from CMUdict, in CMU's ARPAbet phone set.

Hand-written context rules (longest match first, left to right) in the spirit of the classic NRL rules:
not a dictionary replacement, but good enough to give the aligner a plausible phone string whose mouth
shapes (rounded, spread, closed, ...) match the spelling."""

from __future__ import annotations

VOWELS = set("aeiouy")

# (grapheme, phones) tried longest first; context-free digraphs and trigraphs.
_CLUSTERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("tch", ("CH",)), ("igh", ("AY",)), ("ough", ("AO",)), ("augh", ("AO",)), ("eigh", ("EY",)),
    ("tion", ("SH", "AH", "N")), ("sion", ("ZH", "AH", "N")), ("ture", ("CH", "ER")),
    ("sch", ("S", "K")), ("chr", ("K", "R")), ("que", ("K",)), ("dge", ("JH",)),
    ("ch", ("CH",)), ("sh", ("SH",)), ("th", ("TH",)), ("ph", ("F",)), ("wh", ("W",)), ("ck", ("K",)),
    ("ng", ("NG",)), ("qu", ("K", "W")), ("gh", ()), ("kn", ("N",)), ("wr", ("R",)), ("mb", ("M",)),
    ("ee", ("IY",)), ("ea", ("IY",)), ("ie", ("IY",)), ("ei", ("EY",)), ("oo", ("UW",)), ("ou", ("AW",)),
    ("ow", ("OW",)), ("oi", ("OY",)), ("oy", ("OY",)), ("ai", ("EY",)), ("ay", ("EY",)), ("oa", ("OW",)),
    ("au", ("AO",)), ("aw", ("AO",)), ("ew", ("UW",)), ("ue", ("UW",)), ("ey", ("IY",)),
    ("ar", ("AA", "R")), ("or", ("AO", "R")), ("er", ("ER",)), ("ir", ("ER",)), ("ur", ("ER",)),
)
_CONSONANTS = {
    "b": ("B",), "d": ("D",), "f": ("F",), "h": ("HH",), "j": ("JH",), "k": ("K",), "l": ("L",), "m": ("M",),
    "n": ("N",), "p": ("P",), "r": ("R",), "s": ("S",), "t": ("T",), "v": ("V",), "w": ("W",),
    "x": ("K", "S"), "z": ("Z",),
}
_SHORT = {"a": "AE", "e": "EH", "i": "IH", "o": "AA", "u": "AH", "y": "IH"}
_LONG = {"a": "EY", "e": "IY", "i": "AY", "o": "OW", "u": "UW", "y": "AY"}


def _magic_e(word: str, i: int) -> bool:
    """Vowel + one consonant + final silent e ("make", "time"): the vowel says its name."""
    return (i + 2 == len(word) - 1 and word[-1] == "e" and word[i + 1] not in VOWELS) or \
        (i + 2 < len(word) and word[i + 1] not in VOWELS and word[i + 2] == "e" and i + 3 == len(word) - 1
         and word[-1] in "sd")


def letters_to_phones(word: str) -> list[str]:
    """ARPAbet phones (no stress marks) for a lower-case word of letters and apostrophes."""
    w = "".join(ch for ch in word.lower() if ch.isalpha())
    if not w:
        raise ValueError(f"{word!r} has no letters to pronounce")
    phones: list[str] = []
    i = 0
    while i < len(w):
        if i == len(w) - 1 and w[i] == "e" and len(w) > 2 and phones:
            break  # final silent e
        for grapheme, out in _CLUSTERS:
            if w.startswith(grapheme, i):
                phones.extend(out)
                i += len(grapheme)
                break
        else:
            ch = w[i]
            nxt = w[i + 1] if i + 1 < len(w) else ""
            if ch in VOWELS and not (ch == "y" and i == 0):
                if ch == "y" and i == len(w) - 1:
                    phones.append("IY" if len(w) > 2 else "AY")
                elif _magic_e(w, i) or (i == len(w) - 1 and ch in "aeiou"):
                    phones.append(_LONG[ch])
                else:
                    phones.append(_SHORT[ch])
            elif ch == "y":
                phones.append("Y")
            elif ch == "c":
                phones.append("S" if nxt in ("e", "i", "y") else "K")
            elif ch == "g":
                phones.append("JH" if nxt in ("e", "i", "y") and i + 1 < len(w) - 1 else "G")
            elif ch == "q":
                phones.append("K")
            else:
                phones.extend(_CONSONANTS[ch])
            i += 1
            # Doubled consonants are said once ("ll", "ss", "tt").
            while i < len(w) and w[i] == ch and ch not in VOWELS:
                i += 1
    return phones or ["AH"]
