"""Splitting one sentence into the motion description (for MotionDM) and the emotion description
(for EmotionDM): "He nods slowly, then turns to his left, looking surprised" →
("He nods slowly, then turns to his left", "looking surprised").

Clauses are cut at punctuation and linking words (the linking word stays with its clause, so
"then …" keeps its sequencing meaning); each clause goes to the model whose vocabulary it uses. A
clause that uses neither vocabulary goes where the sentence encoder finds it closer to the
prototypes; a clause that uses both ("nods happily") goes to both.
"""

from __future__ import annotations

import dataclasses
import functools
import re

import numpy as np

from .corpus.phrasing import EMOTION_WORDS, TALK_ADVERBS, TALK_VERBS

DEFAULT_MOTION = "keeps the head still"
DEFAULT_EMOTION = "keeps a neutral expression"
MAX_PROMPT_CHARS = 1000

_SPLIT = re.compile(r"\s*[,;.!?]+\s*|\s+(?=(?:while|and then|then|and|but|as|before|after|with|looking|"
                    r"afterwards|finally|next|later)\b)", re.IGNORECASE)

_MOTION_STEMS = ("nod", "shake", "shook", "turn", "look left", "look right", "look up", "look down",
                 "looks left", "looks right", "looks up", "looks down", "looking up", "looking down", "tilt",
                 "glanc", "rotat", "swivel", "lean", "jerk", "jolt", "wag", "wobbl", "bob", "head", "chin",
                 "still", "motionless", "around", "left", "right", "upward", "downward", "forward", "backward",
                 "bow", "recoil", "flinch", "sway", "pause", "face forward", "straight ahead", "to the side",
                 "over the shoulder", "shoulder")
_EMOTION_STEMS = tuple(sorted(({w.split(" ")[0].lower() for words in EMOTION_WORDS.values()
                                for key in ("adj", "noun") for w in words[key]}
                               | {"smil", "grin", "beam", "laugh", "frown", "scowl", "glar", "smirk", "sneer",
                                  "gasp", "tear", "cry", "cries", "disgust", "fear", "angr", "happ", "sad",
                                  "surpris", "express", "face", "mood", "emotion", "eyebrow", "brow", "mouth",
                                  "nose", "lip", "pout", "sulk", "grimac"}
                               | {v.split(" ")[0] for v in TALK_VERBS} | {"talk", "speak", "say", "chat",
                                                                          "sing", "whisper", "shout"}
                               | {a.split(" ")[0] for adverbs in TALK_ADVERBS.values() for a in adverbs if a})
                              # First words of phrases that say nothing alone ("in anger", "is talking").
                              - {"in", "is", "with", "keeps", "taken"}))
# "face left" / "faces forward" are motion; "face" alone leans emotional, so motion stems win on ties below.
_MOTION_PROTOTYPES = ("he nods his head", "she shakes her head", "he turns his head to the left",
                      "she looks up", "he tilts his head", "she looks around", "the head moves")
_EMOTION_PROTOTYPES = ("she smiles happily", "he looks sad", "she looks surprised", "he looks angry",
                       "she looks disgusted", "he looks scared", "she smirks", "he talks", "a calm face")


@dataclasses.dataclass(frozen=True)
class SplitPrompt:
    motion: str
    emotion: str


def _clauses(text: str) -> list[str]:
    return [c.strip() for c in _SPLIT.split(text) if c and c.strip()]


def _has(clause: str, stems: tuple[str, ...]) -> bool:
    low = f" {clause.lower()} "
    return any(re.search(rf"(?<![a-z]){re.escape(stem)}", low) for stem in stems)


@functools.lru_cache(maxsize=1)
def _prototype_embeddings() -> tuple[np.ndarray, np.ndarray]:
    from .encoder import encode_texts

    return encode_texts(list(_MOTION_PROTOTYPES)), encode_texts(list(_EMOTION_PROTOTYPES))


def _closer_to_motion(clause: str) -> bool:
    from .encoder import encode_texts

    motion, emotion = _prototype_embeddings()
    e = encode_texts([clause])[0]
    return float((motion @ e).max()) >= float((emotion @ e).max())


def check_prompt(text: str, what: str = "prompt") -> str:
    if not isinstance(text, str):
        raise ValueError(f"the {what} must be text, got {type(text).__name__}")
    text = " ".join(text.split())
    if not text:
        raise ValueError(f"the {what} is empty; describe the head motion and/or the emotion, e.g. "
                         f"\"he nods slowly, looking happy\"")
    if len(text) > MAX_PROMPT_CHARS:
        raise ValueError(f"the {what} has {len(text)} characters, more than {MAX_PROMPT_CHARS}; describe one "
                         f"shot in a sentence or two")
    return text


def split_prompt(text: str) -> SplitPrompt:
    """One sentence → motion and emotion descriptions (defaults where a part is not described)."""
    text = check_prompt(text)
    motion, emotion = [], []
    for clause in _clauses(text):
        is_motion, is_emotion = _has(clause, _MOTION_STEMS), _has(clause, _EMOTION_STEMS)
        if is_motion and is_emotion:
            # "nods happily" drives both; "turns to face the camera" is motion only.
            if re.search(r"\bfaces?\b", clause, re.IGNORECASE) and not _has(
                    clause, tuple(s for s in _EMOTION_STEMS if s != "face")):
                motion.append(clause)
            else:
                motion.append(clause)
                emotion.append(clause)
        elif is_motion:
            motion.append(clause)
        elif is_emotion:
            emotion.append(clause)
        elif re.fullmatch(r"(?:and|then|and then|but|while|as)", clause, re.IGNORECASE):
            continue
        elif _closer_to_motion(clause):
            motion.append(clause)
        else:
            emotion.append(clause)
    return SplitPrompt(", ".join(motion) or DEFAULT_MOTION, ", ".join(emotion) or DEFAULT_EMOTION)
