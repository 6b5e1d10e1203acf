"""Clauses about someone or something else: a time clause with its own subject ("until the song ends", "when
the coffin was lowered"), a subject that is someone else or a sound ("Someone calls your name from the left"),
a relative clause ("…, who only shrugged back"). They set the moment; they are not the head's motion.
"""

from __future__ import annotations

import re

from .clause_reading import ACTION_WORD, ClauseReading
from .lexicon import PRONOUN

# A time clause whose subject is someone or something else ("until the song ends", "when the nurse came back",
# "as the train pulled away") sets the moment; it is not the head's motion.
_SUBORDINATE = re.compile(r"^(?:until|till|when|whenever|once|as soon as|as|while|whilst|after|before|the moment)\s+"
                          r"(?:the|a|an|his|her|their|its|it|someone|somebody|everyone|nobody)\b", re.IGNORECASE)
_HEAD_PARTS = re.compile(r"^\S+\s+(?:\w+\s+)?(?:head|chin|face|eyes?|gaze|neck|brows?|eyebrows?|nose|mouth|lips?)\b",
                         re.IGNORECASE)


_PAUSE_NOUN = re.compile(r"^(?:a|an|the|one)\s+(?:[\w'-]+\s+){0,2}?(?:pause|moment|beat|while|second|silence|wait|"
                         r"delay|breath|instant|heartbeat|hesitation)s?$", re.IGNORECASE)


# A clause whose subject is someone else or a sound ("Someone calls your name from the left", "A voice behind
# her says …"): it sets the moment; the side it names is where the head goes next.
_OTHER_SUBJECT = re.compile(r"^(?:someone|somebody|anyone|anybody|everyone|everybody|no one|nobody|a voice|"
                            r"(?:a|an|the)\s+(?:[\w'-]+\s+)?(?:voice|noise|sound|bang|knock|crash|shout|cry|scream|"
                            r"bell|phone|doorbell|siren|horn|gunshot|shot|footsteps|whistle))\s+(?!\w+ing\b)\w+",
                            re.IGNORECASE)


# A relative clause ("…, who only shrugged back") or a passive time clause ("when the coffin was lowered") is about
# someone or something else.
_RELATIVE = re.compile(r"^(?:who|whom|whose|which)\b", re.IGNORECASE)
_PASSIVE_TIME = re.compile(r"^(?:when|as|after|before|until|once|while)\s+(?:the|a|an|his|her|their|its)\s+(?:\w+\s+){1,2}?"
                           r"(?:was|were|is|are|has\s+been|had\s+been|got|gets)\s+\w+ed\b", re.IGNORECASE)

_PASSIVE_THING = re.compile(r"^(?:the|a|an|his|her|their|its)\s+(?:[\w'-]+\s+){0,2}?(?:has\s+been|have\s+been|had\s+been|"
                            r"will\s+be|was|were|is|are)\s+(?:\w+ly\s+)?\w+(?:ed|en)\b", re.IGNORECASE)
_HEAD_WORDS = re.compile(r"\b(?:head|chin|face|gaze|eyes|neck)\b", re.IGNORECASE)


def someone_else(r: ClauseReading) -> bool:
    source = r.clause.source
    if r.clause.other_person:
        return True   # "He nods as she turns away": another person's motion (`subjects.py`)
    if _OTHER_SUBJECT.match(r.clause.text) and not _HEAD_PARTS.match(r.clause.text):
        return True
    if _RELATIVE.match(r.clause.text) or _PASSIVE_TIME.match(source):
        return True
    if _PASSIVE_THING.match(r.clause.text) and not _HEAD_PARTS.match(r.clause.text) and not _HEAD_WORDS.search(r.clause.text):
        return True   # "The meeting has been moved to room 4B": something done to a thing
    if _PAUSE_NOUN.match(r.clause.text) or ACTION_WORD.search(r.clause.text):
        return False   # "after a short pause", "after a shake of the head": not someone else
    return bool(_SUBORDINATE.match(source) and not _HEAD_PARTS.match(r.clause.text)
                and not re.search(rf"\b{PRONOUN}\s+\w+", r.clause.text, re.IGNORECASE))
