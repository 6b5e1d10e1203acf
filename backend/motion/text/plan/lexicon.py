"""The words a plan step takes literally: counts, sides, speed and size, degrees, emotion intensity and onset.

What a clause *does* (nod, turn, look up, …) is read by meaning (`meaning.py`); how many times, to which
side, how fast and how far are read here, because a sentence vector blurs them ("nods twice" and "nods
three times" are nearly the same vector, "left" and "right" too). Each finder returns the value and the
words it came from, so the plan can say where every part came from.

Sides are the subject's own (DESIGN.md). "Camera left"/"screen left" is the viewer's left, i.e. the
subject's right when they face the camera; "stage left" is the performer's own left.
"""

from __future__ import annotations

import dataclasses
import re

# Past tenses that do not end in -ed: a verb after "and" starts a clause ("raised his head and shook it"), and a noun
# before one is a subject ("his cap flew off").
IRREGULAR_PASTS = ("shook", "threw", "held", "kept", "let", "gave", "took", "drew", "spun", "swung", "sank", "rose",
                   "fell", "bent", "hung", "stood", "sat", "went", "came", "got", "put", "cast", "shot", "caught",
                   "broke", "leant", "leapt", "saw", "said", "met", "made", "lit", "stuck", "struck", "bit", "froze",
                   "woke", "wore", "wept", "sought", "felt", "led", "ran", "began", "flew", "blew", "flung", "slid",
                   "shone", "swept", "knelt")

NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}
_NUM = "|".join(NUMBER_WORDS)


def number_value(word: str) -> int:
    """A count said as a word or in digits ("two", "Twice", "3")."""
    word = word.lower()
    return {"once": 1, "twice": 2}.get(word) or NUMBER_WORDS.get(word) or int(word)
# Nouns of repeating actions ("two quick nods", "a shake of the head").
_REPEAT_NOUNS = r"(?:nods?|shakes?|headshakes?|bobs?|glances?|looks?|wags?|wobbles?|peeps?|oscillations?|waggles?|wiggles?|" \
                r"jiggles?|bobbles?|dips?)"
_ONE_NOUN = r"(?:nod|shake|headshake|bob|glance|look|wag|wobble|peep|oscillation|waggle|wiggle|jiggle|bobble|dip)"
# Up to three adjectives between a number or article and its noun; a pronoun or a time word ends the noun
# phrase ("a moment later he nods" says no count).
# A number word in the gap is the count ("a brisk double nod" is two).
_ADJ_GAP = r"(?:(?!(?:he|she|they|i|you|we|it|then|later|and|but|while|before|after|again|double|triple|couple)\b)" \
           r"[\w'-]+,?\s+){0,3}?"


# Pieces the reader's rules spell the same way everywhere: a personal subject, whose head (or gaze) it is, and
# a length of time ("for a long moment", "for two seconds").
PRONOUN = r"(?:he|she|they|i|you|we)"
POSSESSIVE = r"(?:his|her|their|your|my|the)"
# The subject a fixed phrasing may open with: a pronoun, a noun phrase, or a capitalised name (not a determiner).
CLAUSE_SUBJECT = (rf"(?:{PRONOUN}\s+|(?:the|a|an|his|her|their|my|your|our)\s+(?:[\w'-]+\s+){{1,3}}?|"
                  r"(?!(?:his|her|their|my|your|its|our|the|a|an)\b)(?-i:[A-Z][a-z]+)\s+)?")
# Dipping the head or chin: a small nod (a fixed reading, `fixed_readings`, and one nod, `corrections`).
DIPS_HEAD = rf"\b(?:dip|dips|dipped|dipping)\s+{POSSESSIVE}\s+(?:head|chin)\b"
# ("for what felt like an age", "for what seemed an eternity": the length as it felt)
FOR_A_WHILE = (r"\bfor\s+(?:what\s+(?:felt|feels|seemed|seems)\s+(?:like\s+)?)?"
               r"(?:a|an|one|two|three|a\s+few|several|a\s+long|a\s+short)?\s*(?:\w+\s+)?"
               r"(?:moments?|seconds?|beats?|heartbeats?|while|instants?|breaths?|time|minutes?|ages?|eternity)\b")


@dataclasses.dataclass(frozen=True)
class Found:
    value: object
    words: str        # the words it came from
    start: int = 0    # character offset in the clause


def _first(patterns: list[tuple[str, object]], text: str) -> Found | None:
    best: Found | None = None
    for pattern, value in patterns:
        m = re.search(pattern, text, re.IGNORECASE)
        if m and (best is None or m.start() < best.start):
            v = value(m) if callable(value) else value
            best = Found(v, m.group(0).strip(" ,"), m.start())
    return best


# ----------------------------------------------------------------------------------------------- counts

# A word of head motion anywhere in a clause (any form: "nodding", "glanced", "paused").
ACTION_WORD = re.compile(r"\b(?:nod|shak|headshak|glanc|look|turn|tilt|bob|dip|bow|wag|lean|peep|jerk|tip|cock|"
                          r"rais|lift|lower|drop|face|gaz|star|return|hold|paus|wait(?!er|ress)|recoil|flinch)\w*", re.IGNORECASE)

# Said again ("nods again", "once more", "one more time", "a second time"): one more of a motion already read.
AGAIN = re.compile(r"\b(?:once\s+more|one\s+more\s+time|again|a\s+second\s+time)\b", re.IGNORECASE)

_OPEN = r"\b(?:over and over(?: again)?|again and again|repeatedly|continuously|constantly|non-?stop|on and on|" \
        r"keeps? (?:on )?\w+ing|kept \w+ing|\w+ing away|many times|time and again|endlessly|incessantly|" \
        r"continuous|on (?:a )?loop|loop(?:ed|ing|s)?|throughout|(?:for )?(?:the )?whole (?:time|shot|clip|scene|take)|" \
        r"(?:every )?now and (?:then|again)|from time to time|every so often|every once in a while|occasionally)\b"
COUNT_PATTERNS: list[tuple[str, object]] = [
    (r"\b(\d+)\s*(?:x|×)(?!\w)|(?<!\w)(?:x|×)\s*(\d+)\b", lambda m: int(m.group(1) or m.group(2))),
    (r"\b(\d+)\s+times?\b", lambda m: int(m.group(1))),
    (rf"\b({_NUM})\s+times?\b", lambda m: NUMBER_WORDS[m.group(1).lower()]),
    (r"\b(?:just |only |exactly )?(?:the )?once\b(?! (?:he|she|they|i|you|we|the|his|her|it)\b)", 1),
    (r"\btwice\b", 2), (r"\bthrice\b", 3),
    (r"\bhalf a dozen\b", 6), (r"\b(?:a|one) dozen\b", 12),
    # "then two more", "one slow one" (after a counted step): the number of the repeat
    (rf"\b(\d+|{_NUM})\s+(?:more|again)\b", lambda m: int(m.group(1)) if m.group(1).isdigit()
     else NUMBER_WORDS[m.group(1).lower()]),
    (r"^(?:then\s+)?(?:just\s+)?one\s+(?:\w+\s+)?one$", 1),
    # "once more", "a second time", "one more time": one more of the same
    (r"\b(?:a second|a third|one more|another|one last) time\b", 1),
    (r"\b(?:a |one )?single\b", 1),
    # "the faintest of nods", "the smallest of shakes": one
    (rf"\bthe\s+\w+est\s+of\s+{_REPEAT_NOUNS}\b", 1),
    # "only the faintest shake of the head", "the slightest nod": one
    (rf"\bthe\s+(?:very\s+)?(?:\w+est|slightest)\s+{_REPEAT_NOUNS}\b", 1),
    # "Three of them.": a number alone, of the motions said before
    (rf"^(?:just |only )?(\d+|{_NUM}) of (?:them|those)$", lambda m: int(m.group(1)) if m.group(1).isdigit()
     else NUMBER_WORDS[m.group(1).lower()]),
    (r"\b(?:a )?couple(?: of)?\b", 2), (r"\b(?:a )?pair of\b", 2), (r"\b(?:a )?double\b", 2), (r"\b(?:a )?triple\b", 3),
    (r"\b(?:a )?few\b", 3), (r"\ba handful of\b", 3), (r"\ba (?:bunch|load|lot) of\b", 3), (r"\bseveral\b", 3), (r"\ba number of\b", 3), (r"\ba series of\b", 3),
    (_OPEN, 0),
    # "nods, a bunch": said alone, a bunch is over and over (the guide's rule 18); "a bunch of times" is a few
    (r"\ba (?:whole )?bunch\b(?! of\b)", 0),
    (r"\ba (?:flurry|string|stream|volley|barrage|torrent|succession) of\b", 0),
    (rf"\b(\d+)\s+{_ADJ_GAP}{_REPEAT_NOUNS}\b", lambda m: int(m.group(1))),
    (r"^\s*(\d{1,2})\s*$", lambda m: int(m.group(1))),   # "shake no (3)": a number alone
    (rf"\b({_NUM})\s+{_ADJ_GAP}{_REPEAT_NOUNS}\b", lambda m: NUMBER_WORDS[m.group(1).lower()]),
    # singular after an article: "A man nods twice" is a subject and a verb, not one nod
    (rf"\b(?:a|an|one|another)\s+{_ADJ_GAP}{_ONE_NOUN}\b", 1),
    # "Slow nod.", "Big nod. Small nod.", "(small shake of the head)", "the dad, big slow nod": a singular noun with
    # its adjectives and no verb is one, also after a comma that ends the words before it
    (rf"(?:^|,\s*)(?!(?:he|she|they|i|you|we|it|then|and|please|just)\b)(?!.*\b(?:double|triple|couple|few|several|"
     rf"{_NUM}|\d+)\b)(?:[\w'-]+\s+){{1,3}}(?:nod|shake|headshake|bob|wag|"
     r"glance)(?:\s+of\s+(?:the|his|her|their|my|your)\s+head)?$", 1),
    # a director's note on "the nod", "the headshake", "Nod's too big": one motion said as a noun (the guide's rule 14),
    # where the note says no other number or repetition
    (rf"(?:\bthe\s+(?:\w+\s+){{0,2}}?(?:nod|shake|headshake|wag)|^(?:nod|shake|headshake|wag)'s)\b"
     rf"(?!.*\b(?:{_NUM}|\d+x?|x\d+|times|twice|more|again|keeps?|kept|over|constant\w*|throughout|whole|all)\b)"
     rf"(?<!\bkeep the nod)(?<!\bkeep the shake)", 1),
]


def find_count(text: str) -> Found | None:
    """Repetitions: a number, 0 for an open repetition ("over and over"), None when the text says none."""
    found = _first(COUNT_PATTERNS, text)
    if found is not None and isinstance(found.value, int) and found.value > 12:
        return Found(12, found.words, found.start)
    return found


# ------------------------------------------------------------------------------------------------ sides

# ("right into the lens", "right in the stranger's face": "right" that means "directly", no side; "turns right into
# the lens" keeps its side)
# ("to his right on the cue": after a possessive it is the side, whatever word follows)
_OWNED_RIGHT = "|".join(f"(?<={w} right)" for w in ("his", "her", "its", "the", "their", "your", "my", "our"))
# ("tilt right on the first knock, left on the second": the side, said before which cue; "right on cue" is on time)
_NOT_RIGHT = (rf"(?<!all )\bright(?:{_OWNED_RIGHT}|(?! (?:away|now|then|there|here|after|before|back|"
              rf"on(?! the (?:first|second|third|fourth|next|last|other) )|off|behind|in front)\b))"
              r"(?!(?<!turn right)(?<!turns right)(?<!turned right)(?<!turning right) (?:into|in) (?:the|his|her|their|"
              r"your|my|its|our) (?:[\w'-]+ )?(?:face|eyes|lens|camera)\b)")
SIDE_PATTERNS: list[tuple[str, object]] = [
    (r"\b(?:camera|screen|frame|viewer'?s?)[- ]left\b", "right"),
    (r"\b(?:camera|screen|frame|viewer'?s?)[- ]right\b", "left"),
    (r"\bleft(?:wards?|-hand)?\b", "left"),
    (_NOT_RIGHT + r"(?:wards?|-hand)?", "right"),
    (r"(?<!down and )\b(?:up|upwards?|skywards?|overhead|aloft|above)\b(?! and down\b)", "up"),
    (r"(?<!up and )\b(?:down|downwards?|below|beneath)\b(?! and up\b)", "down"),
]
_CAMERA_SIDE = re.compile(r"\b(?:camera|screen|frame|viewer'?s?)[- ](?:left|right)\b", re.IGNORECASE)
_AWAY = re.compile(r"\baway\b", re.IGNORECASE)


# "up" as the particle of a phrasal verb that goes nowhere ("weighing it up", "sizes him up", "sums it up", "cheers up",
# "gives up", "fed up", eyes that "well up"): no direction.
_PHRASAL_UP = re.compile(r"\b(?:weigh|siz|sum|mak|made|giv|gave|fed|shut|wak|woke|stand|stood|pick|cheer|fill|mix|mess|well|"
                         r"clean|tidy|speak|spoke|own|brighten|sober|warm|hurry|fold|tear|tore|add|follow|dress|"
                         r"sign|pack|break|broke|screw|scrunch|crumpl|pucker|pluck|plucked|sort|bottl|buck|"
                         r"swallow|gather|summon|work|dream|cook|liven)\w*\s+"
                         r"(?:(?:it|him|her|them|things|everything)\s+(?:all\s+)?|(?:his|their|your|my|the|a)\s+\w+\s+)?$",
                         re.IGNORECASE)


def without_phrasal_up(text: str) -> str:
    """The text without the "up" of a phrasal verb that goes nowhere ("weighing it up" → "weighing it")."""
    return re.sub(r"\bup\b", lambda m: "" if _PHRASAL_UP.search(text[:m.start()]) else m.group(0), text,
                  flags=re.IGNORECASE)


def find_sides(text: str) -> list[Found]:
    """Every left/right/up/down the text names, in order ("from the left to the right" gives two)."""
    out: list[Found] = []
    taken: list[tuple[int, int]] = []
    for pattern, value in SIDE_PATTERNS:
        for m in re.finditer(pattern, text, re.IGNORECASE):
            if any(a <= m.start() < b for a, b in taken):
                continue
            if value == "up" and _PHRASAL_UP.search(text[:m.start()]):
                continue
            taken.append((m.start(), m.end()))
            out.append(Found(value, m.group(0), m.start()))
    out.sort(key=lambda f: f.start)
    return out


# Places that are above or below the eyes whatever the room: a move toward one goes up or down ("shoots a look at
# the ceiling", "then at the floor"). Tables, desks and hands are left out: where they are depends on the shot.
_PLACE_ABOVE = re.compile(r"\b(?:at|to|toward|towards|into|on|upon)\s+(?:the\s+|his\s+|her\s+|their\s+|your\s+|my\s+)?"
                          r"(?:\w+\s+)?(?:ceiling|sky|skies|heavens|stars|moon|clouds|rafters|roof|treetops|sun)\b",
                          re.IGNORECASE)
_PLACE_BELOW = re.compile(r"\b(?:at|to|toward|towards|into|on|upon)\s+(?:the\s+|his\s+|her\s+|their\s+|your\s+|my\s+)?"
                          r"(?:\w+\s+)?(?:floor|ground|feet|shoes|boots|lap|pavement|carpet|floorboards)\b",
                          re.IGNORECASE)


def place_height(text: str) -> str:
    """"up" or "down" when the text moves toward a place that is above or below ("at the ceiling"), else ""."""
    above, below = _PLACE_ABOVE.search(text), _PLACE_BELOW.search(text)
    if above and below:
        return "up" if above.start() < below.start() else "down"
    return "up" if above else "down" if below else ""


def camera_relative(text: str) -> bool:
    return bool(_CAMERA_SIDE.search(text))


def says_away(text: str) -> bool:
    return bool(_AWAY.search(text)) and not re.search(r"\b\w+ing away\b", text, re.IGNORECASE)


# --------------------------------------------------------------------------------------- speed and size

SPEED_PATTERNS: list[tuple[str, object]] = [
    (r"\b(?:slow(?:ly|er)?|gradual(?:ly)?|leisurely|unhurried(?:ly)?|languid(?:ly)?|lazy|lazily|sluggish(?:ly)?|"
     r"drifts?|drifting|takes? (?:his|her|their|your) time|at a snail'?s pace|ponderous(?:ly)?|little by little|"
     r"bit by bit|inch by inch)\b", "slow"),
    (r"\b(?:quick(?:ly)?|fast|rapid(?:ly)?|brisk(?:ly)?|swift(?:ly)?|hast(?:y|ily)|sudden(?:ly)?|abrupt(?:ly)?|"
     r"sharp(?:ly)?|snaps?|snapped|snapping|darts?|darted|darting|flicks?|flicked|in a flash|jerks?|jerked|"
     r"fleeting(?:ly)?|speedy|speedily|"
     r"spins?|spun|spinning)\b",
     "fast"),
]
# "a bigger one", "the recoil's bigger and faster", "smaller, please" (not "the smaller man", "smaller than the last")
_SIZE_OF_THE_MOTION = (r"(?=\s*(?:$|[,.;:!?]|(?:and|one|this|now|please|pls|again|still|nods?|shakes?|turns?|tilts?|glances?|"
                       r"looks?|leans?|recoils?|wags?|bows?|movements?|motions?|versions?)\b))")
AMPLITUDE_PATTERNS: list[tuple[str, object]] = [
    (r"\b(?:slight(?:ly|est)?|faintest|smallest|merest|(?:almost )?imperceptibl[ey]|a hint of|"
     r"a (?:little )?bit|a little|little|a touch|a tad|a fraction|barely|hardly|subtle|subtly|"
     r"small|tiny|tinier|teeny|subtler|minimal(?:ly)?|faint(?:ly)?|gentle|gently|somewhat|minute|"
     r"marginal(?:ly)?|mild(?:ly)?|(?:an|one)\s+inch|(?:a|one)\s+(?:centimet(?:re|er)|hair'?s?\s+breadth))\b|"
     r"\bsmaller" + _SIZE_OF_THE_MOTION, "small"),
    (r"\b(?:deep(?:ly)?|big|vigorous(?:ly)?|emphatic(?:ally)?|strong(?:ly)?|hard|far|all the way|as far as|"
     r"fully|completely|(?<!eyes )(?<!eyes go )(?<!open )wide(?:ly)?(?!-eyed|-open|\s+(?:eyes|open|awake))|huge(?:ly)?|way (?:over|up|down|back|round|around)|enthusiastic(?:ally)?|"
     r"throws?|exaggerated(?:ly)?|dramatic(?:ally)?|straight (?:up|down)(?! (?:the|that|this) (?:lens|barrel|camera))|right round|vehement(?:ly)?|"
     r"energetic(?:ally)?|large|wild(?:ly)?)\b|\b(?:bigger|larger)" + _SIZE_OF_THE_MOTION, "large"),
]
_DEGREES = re.compile(r"(\d+(?:\.\d+)?)\s*(?:°|(?:degrees?|deg)\b)", re.IGNORECASE)   # "90°": no \b after °
# Peak angle (degrees) edges between small | medium | large, per action (midpoints of the primitives' ranges).
AMPLITUDE_EDGES_DEG = {"turn": (21.5, 45.0), "glance": (21.5, 45.0), "look": (13.5, 23.5), "tilt": (10.0, 19.0),
                       "nod": (8.0, 15.5), "shake": (10.5, 22.0), "wag": (7.5, 12.5)}


def find_speed(text: str) -> Found | None:
    return _first(SPEED_PATTERNS, text)


def find_amplitude(text: str) -> Found | None:
    return _first(AMPLITUDE_PATTERNS, text)


def find_degrees(text: str) -> Found | None:
    m = _DEGREES.search(text)
    return Found(float(m.group(1)), m.group(0), m.start()) if m else None


def amplitude_of_degrees(action: str, degrees: float) -> str:
    lo, hi = AMPLITUDE_EDGES_DEG.get(action, (15.0, 30.0))
    return "small" if degrees < lo else "large" if degrees > hi else "medium"


# ------------------------------------------------------------------------------------ emotion modifiers

INTENSITY_PATTERNS: list[tuple[str, object]] = [
    (r"\b(?:slight(?:ly)?|a (?:little )?bit|a little|somewhat|mild(?:ly)?|faint(?:ly)?|a touch|a hint of|"
     r"a trace of|vague(?:ly)?|rather|fairly|kind of|sort of)\b", "mild"),
    (r"\b(?:very|extremely|really|deeply|intense(?:ly)?|totally|thoroughly|completely|absolutely|incredibly|"
     r"terribly|hugely|so|truly|wildly|beside (?:him|her)self|from ear to ear|broad(?:ly)?|boiling|"
     r"overwhelm(?:ed|ingly)|stiff)\b", "strong"),
]
ONSET_PATTERNS: list[tuple[str, object]] = [
    (r"\b(?:sudden(?:ly)?|all of a sudden|abrupt(?:ly)?|instant(?:ly)?|in a flash|startled|at once)\b", "sudden"),
    (r"\b(?:gradual(?:ly)?|little by little|steadily|more and more|increasingly|grows?|growing|slowly becomes?|"
     r"slowly turns?|by degrees)\b", "gradual"),
]
TALK_PATTERN = re.compile(r"\b(?:talk(?:s|ing|ed)?|speak(?:s|ing)?|spoke|says?|said|saying|chat(?:s|ting)?|"
                          r"whisper(?:s|ing)?|shout(?:s|ing)?|explain(?:s|ing)?|tell(?:s|ing)?|sing(?:s|ing)?)\b",
                          re.IGNORECASE)


def find_intensity(text: str) -> Found | None:
    return _first(INTENSITY_PATTERNS, text)


def find_onset(text: str) -> Found | None:
    return _first(ONSET_PATTERNS, text)


def lexicon_words() -> list[str]:
    """The patterns' source text (for the guard that keeps held-out words out of the reader)."""
    tables = (COUNT_PATTERNS, SIDE_PATTERNS, SPEED_PATTERNS, AMPLITUDE_PATTERNS, INTENSITY_PATTERNS, ONSET_PATTERNS)
    return [p for table in tables for p, _ in table] + [TALK_PATTERN.pattern]


# What a motion leads to ("leans in so close that the glass fogs", "shook so hard that his hat fell off"): the
# result is someone's or something's else, not how the head moves; the motion is read up to "so close".
RESULT_CUT = re.compile(r"\b(so\s+(?:very\s+)?[\w'-]+)\s+that\b.*$", re.IGNORECASE)
