"""A free-form transcript as the lower-case word sequence the aligner's dictionary is keyed by."""

from __future__ import annotations

import re

_ONES = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
         "sixteen seventeen eighteen nineteen").split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()
_TOKEN = re.compile(r"[0-9]+|[a-z]+(?:'[a-z]+)*")


def number_words(n: int) -> list[str]:
    """Spoken English words for 0 ≤ n < 10**9."""
    if n < 20:
        return [_ONES[n]]
    if n < 100:
        return [_TENS[n // 10]] + (number_words(n % 10) if n % 10 else [])
    if n < 1000:
        return [_ONES[n // 100], "hundred"] + (number_words(n % 100) if n % 100 else [])
    for size, name in ((10**6, "million"), (10**3, "thousand")):
        if n >= size:
            return number_words(n // size) + [name] + (number_words(n % size) if n % size else [])
    raise ValueError(f"{n} is too large to spell out")


def transcript_words(text: str) -> list[str]:
    """Lower-case words; digits spelled out, punctuation dropped (apostrophes inside words kept)."""
    words: list[str] = []
    for token in _TOKEN.findall(text.lower().replace("’", "'")):
        if token.isdigit():
            words.extend(number_words(int(token)) if len(token) <= 9 else [_ONES[int(d)] for d in token])
        else:
            words.append(token)
    return words
