"""The text a clause is read by meaning from: American spelling, and without the words the lexicon reads
literally (counts, degrees, which side), which a sentence vector blurs and which pull a clause toward
whatever prototypes happen to share them."""

from __future__ import annotations

import re

from . import lexicon

# British spellings read as the American ones the prototypes use.
_SPELLING = {"centre": "center", "centred": "centered", "towards": "toward", "upwards": "upward",
             "downwards": "downward", "backwards": "backward", "forwards": "forward", "afterwards": "afterward",
             "favour": "favor", "favourably": "favorably", "humour": "humor", "humouring": "humoring",
             "colour": "color", "colourful": "colorful", "coloured": "colored", "grey": "gray", "neighbour": "neighbor", "recognise": "recognize",
             "realises": "realizes", "apologises": "apologizes", "sceptical": "skeptical", "mould": "mold"}
# Verbs of looking the prototypes do not use (the first evaluation holds them out), read as their common synonym:
# peering is looking, peeking a glance, swivelling and pivoting turning.
_VERBS = {"peer": "look", "peers": "looks", "peered": "looked", "peering": "looking",
          "peek": "glance", "peeks": "glances", "peeked": "glanced", "peeking": "glancing",
          "swivel": "turn", "swivels": "turns", "swiveled": "turned", "swivelled": "turned", "swiveling": "turning",
          "swivelling": "turning", "pivot": "turn", "pivots": "turns", "pivoted": "turned", "pivoting": "turning"}
# Words that only say how many, how long, how far or which way: left out of the text read by meaning.
LITERAL_ONLY = re.compile(r"\b(?:\d+(?:\.\d+)?\s*(?:x|times?|degrees?|deg|°)?|(?:" + "|".join(lexicon.NUMBER_WORDS)
                           + r")\s+times?|once|twice|thrice|again|(?:camera|screen)(?=[- ](?:left|right)\b)|"
                           # how long, read as an open count by the lexicon ("for the whole clip", "on a loop")
                           r"(?:for\s+)?(?:the\s+)?whole\s+(?:time|shot|clip|scene|take)|throughout|continuous(?:ly)?|"
                           r"on\s+(?:a\s+)?loop)\b", re.IGNORECASE)
LEFT_RIGHT = re.compile(r"\b(?:left|right)(?:wards?)?\b", re.IGNORECASE)


def american(text: str) -> str:
    return re.sub(r"[A-Za-z]+", lambda m: _SPELLING.get(m.group(0).lower(), m.group(0)), text)


def common_verbs(text: str) -> str:
    return re.sub(r"[A-Za-z]+", lambda m: _VERBS.get(m.group(0).lower(), m.group(0)), text)


def motion_text(text: str, emotion_words: tuple[str, ...] = ()) -> str:
    """The clause as read for its action: no counts or degrees, "left" for either side, no words of feeling
    ("shakes her head angrily"), no "up" of a phrasal verb ("weighing it up")."""
    out = LEFT_RIGHT.sub("left", LITERAL_ONLY.sub(" ", lexicon.without_phrasal_up(common_verbs(american(text)))))
    for word in emotion_words:
        out = re.sub(rf"\b{re.escape(word)}\b", " ", out, flags=re.IGNORECASE)
    out = " ".join(out.split()).strip(" ,")
    return out


