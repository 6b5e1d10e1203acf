"""The words take notes are written in, shared by the notes that correct themselves (`take_notes.py`) and the later
notes that change a step said before them (`later_changes.py`): the words that take something back, a motion named
as a noun, a count, and the ways a note takes a motion out of the take."""

from __future__ import annotations

import re

# Words that take back what came before; after a sentence end, a comma or a colon.
TAKE_BACK = (r"(?:no\s+wait|wait\s*,?\s*no|scratch\s+that|strike\s+that|cancel\s+that|forget\s+that|"
             # "Correction from the producer:": who it comes from, up to its colon
             r"correction(?:\s+(?:from|by|per)\s+[^.;:!?]{1,40}?(?=:))?|"
             # an apology for something ("Sorry for the delay", "sorry about that") takes nothing back
             r"oops|sorry(?!\s+(?:for|about|again|if|that|to\s+(?:say|bother|be))\b)|actually\s*,?\s*no|no\s*,?\s*actually|or\s+rather|"
             r"i\s+mean(?:t)?(?!\s+(?:it|that|what|to|every|business|well)\b)|"
             r"make\s+(?:it|that)|(?:it\s+|that\s+)?should\s+(?:be|have\s+been)|"
             # "you nodded three times; we only need two"
             r"(?:we|i)\s+(?:only\s+|just\s+)?(?:need|want)(?=\s+(?:one|two|three|four|five|\d)\b)|"
             # "five shakes, bring it down to three", "cut them to two": a number cut down to (not "CUT TO: a kitchen")
             r"(?:cut|bring|take|trim)\s+(?:(?:it|them|that|those)\s+)?(?:back\s+|down\s+)?to(?=\s+(?:one|two|three|four|five|\d)\b))")

SPEECH_MARK = "\u00ab"   # where quoted speech opens, as scripts.py marks it (SPEECH_OPEN)

# A count said in a note, as a word or in digits.
NUMBER_WORD = r"(?:one|two|three|four|five|six|seven|eight|nine|ten|\d{1,2})"

# "Do it without the turn", "same again but without the tilt": the take with that motion taken out.
WITHOUT = r"(?:(?:do|keep|play)\s+(?:it|that|this)|same(?:\s+again)?|again|once\s+more)\s*,?\s+(?:but\s+)?without"

# A motion named as a noun ("the nod", "that head turn", "the pause"), in a note on the take.
MOTION_NOUN = (r"(?:head[\s-]*)?(?:nod(?:s|ding)?|shak(?:e|es|ing)|headshakes?|tilt(?:s|ing)?|turn(?:s|ing)?|lean(?:s|ing)?|"
               r"glanc(?:e|es|ing)|look-arounds?|look(?:s|ing)?|bow(?:s|ing)?|wag(?:s|ging)?|wobbl(?:e|es|ing)|bob(?:s|bing)?|"
               r"dip(?:s|ping)?|recoil(?:s|ing)?|flinch(?:es|ing)?|jerk(?:s|ing)?|hold(?:s|ing)?|paus(?:e|es|ing)|beats?|"
               r"smil(?:e|es|ing)|grin(?:s|ning)?|laugh(?:s|ing)?|frown(?:s|ing)?|smirk(?:s|ing)?|glar(?:e|es|ing))")

# The writers telling what they took out of the work ("We cut the nod she had after the line", "I've removed the
# tilt", "we lost the look around somewhere in v2"): a report on the work, no step of its own; a step said before it
# is taken back or kept by the later note's own rules (`later_changes.py`).
WE_TOOK_OUT = (r"(?:we|i)(?:'ve|'d|\s+have|\s+had)?\s+(?:(?:just|already|since|now|also|then)\s+)?"
               r"(?:cut|lost|dropped|killed|ditched|skipped|scratched|removed|nixed|got\s+rid\s+of|took\s+out|taken\s+out|"
               r"left\s+out|binned|axed|scrapped|dumped)")

# The words that take a motion out of the take, one vocabulary for every note that cuts one: a director's word before
# a motion named as a noun ("lose the shake", `TAKE_OUT`, `CUT_OUT`), a later note cutting a step said before it
# ("Bin the nods", later_changes.py), and an option answered no ("a tilt? nah, ditch it", take_notes.py).
CUT_WORD = (r"lose|drop|cut|kill|ditch|skip|scratch|remove|nix|bin|axe|scrap|dump|forget|get\s+rid\s+of|take\s+out|"
            rf"leave\s+out|no\s+more|{WITHOUT}")

# A director's word on what to take out of the take ("lose the shake", "Cut the second nod", "drop the head turn",
# "no more nodding", "so there's no shake"): the motion it names is not in the final take. Only with a motion named as a noun: "drops her
# head" is a look down, "cuts her eyes left" a glance. Only here, a plain "no" and a report of the work ("we cut the
# nod") also say the take has none: they add no step, but take back no step said before them either.
TAKE_OUT = re.compile(rf"(?:^|(?<=[,.;:!?])|(?=\s+(?:and|but)\s))\s*(?:(?:and|but|then|so|just|also|pls|please|now|actually|ok|okay)\s*,?\s+)*"
                      rf"(?:{CUT_WORD}|(?<![\w'])no|{WE_TOOK_OUT}|"
                      rf"there(?:'s|\s+is|\s+are|'ll\s+be|\s+will\s+be)\s+no)\s+"
                      rf"(?:(?:the|that|this|your|his|her|their|all\s+the|any|both(?:\s+the)?)\s+)?"
                      rf"(?:(?:second|last|first|third|extra|big|little|small|whole|other|final)\s+)?{MOTION_NOUN}\b"
                      rf"(?![\w-])(?!\s+(?:instead|to|at(?!\s+the\s+(?:top|start|end|beginning|tail)\b)|toward|towards|into|"
                      rf"down|up|left|right)\b)[^,.;:!?]*",
                      re.IGNORECASE)

# The cut whatever place or cue follows it ("Cut the glance at the door at the end", "remove the nod to camera",
# "lose the tilt at the top"); a cut that shortens ("cut the turn short", "cut the nods down to two") keeps it.
CUT_OUT = re.compile(rf"(?:^|(?<=[,.;:!?]))\s*(?:(?:and|but|then|so|just|also|pls|please|now|actually)\s*,?\s+)*"
                     rf"(?:{CUT_WORD})\s+"
                     rf"(?:(?:the|that|this|your|his|her|their|all\s+the|any)\s+)?"
                     rf"(?:(?:second|last|first|third|extra|big|little|small|whole|other|final)\s+)?{MOTION_NOUN}\b"
                     rf"(?![\w-])(?!\s+instead\b)(?![^,.;:!?]*\b(?:short|shorter|down\s+to|back\s+to|in\s+half)\b)"
                     rf"[^,.;:!?]*", re.IGNORECASE)

# The stem of a motion noun ("head-turns" → "turn"), to say which action a note names.
MOTION_STEM = re.compile(r"(?:head[\s-]*)?(headshake|nod|shak|tilt|turn|lean|glanc|look|bow|wag|wobbl|bob|dip|recoil|flinch|jerk|hold|"
                         r"paus|beat|smil|grin|laugh|frown|smirk|glar)", re.IGNORECASE)
# The stems that are not their motion's word ("headshakes" → shak, "pauses" → paus).
# ("the head jerk": the start back, rule 13)
_MOTION_OF_STEM = {"headshake": "shake", "shak": "shake", "glanc": "glance", "paus": "hold", "beat": "hold",
                   "flinch": "recoil", "jerk": "recoil"}


def motion_named(noun: str) -> str | None:
    """The motion a motion noun names, by its stem ("the head-turns" → "turn", "pauses" → "hold", "flinch" → "recoil",
    "bow" → "bow", "smiles" → "smil"), or None where it names none; each reader keeps the motions it knows."""
    stem = MOTION_STEM.match(noun)
    if not stem:
        return None
    word = stem.group(1).lower()
    return _MOTION_OF_STEM.get(word, word)

# A note that keeps a motion of the take, praises it or asks for it by name ("Keep the small tilt", "we love the
# nods", "The shake's perfect", "we'd want a beat there", "give me two quick glances", "add a pause after it"): the
# motion is in the take.
_GOOD = (r"(?:good|great|fine|lovely|perfect|nice|strong|spot[\s-]on|working|right|solid|excellent|brilliant|"
         r"beautiful|gorgeous|ok|okay)")
_NAMED_TO_STAY = re.compile(
    rf"\b(?:keep|love|loved|like|liked)\s+(?:the|that|this|his|her|their|your|those|these|both)\s+(?:[\w-]+\s+){{0,3}}?"
    rf"(?P<kept>{MOTION_NOUN})(?![\w-])|"
    rf"(?<![\w-])(?P<praised>{MOTION_NOUN})(?:'s|\u2019s|\s+is|\s+was|\s+looks|\s+reads|\s+works|\s+feels)\s+"
    rf"(?:(?:really|very|so|just|still|pretty|all)\s+)?{_GOOD}\b|"
    rf"\b(?:(?:i|we)(?:'d|\u2019d|\s+would)\s+(?:like|love|want)|(?:i|we)\s+(?:want|need)|give\s+(?:me|us)|add|insert|"
    rf"put\s+in)\s+(?:to\s+see\s+)?"
    rf"(?:a|an|one|two|three|four|some|another)\s+(?:[\w-]+\s+){{0,3}}?(?P<asked>{MOTION_NOUN})(?![\w-])",
    re.IGNORECASE)
# The plan's actions a kept or praised noun may name (a look only with its way: "the look up", not "the look").
_KEPT_ACTIONS = ("shake", "nod", "tilt", "turn", "lean", "glance", "wag", "recoil", "hold")


# "…, keep it": the motion the note just kept or praised by name stays ("the shake's great, keep it"), no hold.
_KEEP_IT = re.compile(r"(?:(?:so|and|just|please|pls|definitely|def)\s+)*keep\s+(?:it|that|this|them|those)"
                      r"(?:\s+(?:please|pls|in|as\s+is))?", re.IGNORECASE)


def keeps_what_it_named(clause: str, before: str) -> bool:
    """Whether `clause` only keeps the motion the clause `before` it keeps or praises by name ("really like the tilt,
    keep it")."""
    found = _NAMED_TO_STAY.search(before)
    return bool(_KEEP_IT.fullmatch(clause.strip()) and found and (found.group("kept") or found.group("praised")))


def named_to_stay(text: str, sources: list[str], action: str) -> bool:
    """Whether a note in `text` keeps, praises or asks for the step's motion by name, the name in one of the step's
    `sources` ("Keep the slow tilt to the left", "the nod is fine", "we'd want a beat"): a motion of the take. (A
    source the take notes rewrote, "the tilt small" from "keep the tilt small", is found by its words from the name's
    determiner on.)"""
    low = text.lower()
    spans = [(at, at + len(s)) for s in (x.strip().lower() for x in sources) if s and (at := low.find(s)) >= 0]
    for m in _NAMED_TO_STAY.finditer(text):
        group = next(g for g in ("kept", "praised", "asked") if m.group(g))
        named = motion_named(m.group(group))
        if named == "bow":
            named = "look" if action == "look" else None   # ("the bow's great": a look down, the guide's rule 5)
        elif named == "look" and not (action == "look" and re.match(r"\s+(?:up|down)\b", text[m.end(group):], re.IGNORECASE)):
            named = None
        elif named != "look" and named not in _KEPT_ACTIONS:
            named = None
        said = re.sub(r"^\w+\s+", "", m.group(0)).lower() if group == "kept" else ""
        if named == action and (any(a <= m.start(group) < b for a, b in spans)
                                or (said and any(said in x.lower() for x in sources))):
            return True
    return False
