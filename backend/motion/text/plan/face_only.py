"""A description of the face alone ("She frowns", "He purses his lips", "Her eyes narrow") is read, not
unreadable: no head steps, and the feeling only where one is named or shown (the labelling guide's rule 8; a frown
alone names none, rule 11). Only a plan that would otherwise say "unreadable" is changed.
"""

from __future__ import annotations

import re

# What the face does: its parts moving, or a face verb.
_FACE = re.compile(r"\b(?:frown\w*|scowl\w*|squint\w*|blink\w*|winc\w*|grimac\w*|pout\w*|smil\w*|grin\w*|smirk\w*|"
                   r"sneer\w*|beam\w*|gasp\w*|sob\w*|weep\w*|wept|cr(?:y|ies|ied|ying)|laugh\w*|giggl\w*|chuckl\w*|"
                   r"blush\w*|flush\w*|pal(?:e|es|ed|ing)|poker[- ]face|straight face|blank (?:face|look|stare)|"
                   r"expressionless|deadpan|stony[- ]faced|"
                   r"(?:lips?|mouth|jaw|brows?|eyebrows?|eyes|eyelids|nose|nostrils|cheeks?|forehead|face|chin)\s+"
                   r"(?:\w+ly\s+)?(?:tremble|trembles|trembled|quiver\w*|part\w*|tighten\w*|clench\w*|drop\w*|"
                   r"widen\w*|narrow\w*|furrow\w*|knit\w*|rais\w*|lift\w*|shoot\w*|shot|flare\w*|wrinkl\w*|curl\w*|"
                   r"twitch\w*|crumpl\w*|fall\w*|fell|harden\w*|soften\w*|light\w*|lit|go\w*|went|turn\w*\s+red|"
                   r"redden\w*|water\w*|well\w*|fill\w*|close\w*|shut\w*|set|sets)|"
                   r"(?:purs|bit|bite|lick|narrow|widen|arch|rais|furrow|knit|roll|wrinkl|curl|clench|flar|pucker|"
                   r"scrunch)\w*\s+(?:up\s+)?(?:his|her|their|your|my|an|one|the)\s+(?:\w+\s+)?(?:lips?|eyes|eyebrows?|"
                   r"brows?|nose|nostrils|jaw|mouth|forehead|teeth))", re.IGNORECASE)


def face_only(text: str) -> bool:
    """Whether the text says what the face does (called when nothing of the head was read)."""
    return bool(_FACE.search(text))
