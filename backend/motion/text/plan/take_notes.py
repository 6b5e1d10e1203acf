"""Take notes that correct themselves are read as their final take, once ("NG: looked L, should be R. Redo: look
R", "Nod, scratch that, shake instead", "He nods twice. No wait, make it three times", "Turn to the right, no,
the left").

The note is rewritten before it is cut into clauses:

- a failed take (a sentence with "NG", "no good" or "bad take" in it, or the sentence before an "NG." of its own)
  is dropped when something follows it, and a "Redo"/"Retake" drops everything before it;
- a correction ("scratch that", "no wait", "actually", "I mean", "or rather", "correction:", "make it", "should be",
  "… instead") replaces what it corrects: the words before it in its sentence, or the sentence before when it
  opens one. A correction with a motion or a subject of its own ("…, shake instead", "I meant look up") replaces
  them outright; one of modifiers only ("…, right", "make it three times", "no, down then up") replaces their
  side, count, speed or size and keeps the verb;
- a director's word on the take (`_directors_cuts`): what the take was meant to do and did not ("was supposed to
  tilt R but tilted L") is the motion meant, or nothing where the note goes on to ask for one; a motion taken out
  ("lose the shake", "cut the second nod", "no nodding") or not meant ("shake instead of nod", "to her right, not
  her left") is no step; "again but slower" and "same, nods slower" are the take before, changed; a verdict on the take before ("the turn came
  late", "too much head") is dropped when an instruction follows; a motion kept or resized ("keep the two nods",
  "smaller on the nod", "make the tilt L bigger") is that motion; a request asked as a question ("Can you turn R a
  touch earlier?") is the instruction; "keep her still" is the head held still;
- a later note on a motion said before it changes that step where it was said, and adds none of its own
  (`later_changes.py`): "He nods, then tilts left. Lose the tilt." is the nod; "Bin the nods" takes
  every nod said; "Make that tilt a lean", "the glance should go right", "Two nods, not three", "Put the glance
  before the nod" change, recount or move it; each change is told in the plan's notes.
"""

from __future__ import annotations

import re

from .later_changes import changes_back, first_one_kept, takes_back
from .lexicon import find_amplitude, find_count, find_sides, find_speed
from .note_words import (CUT_OUT as _CUT_OUT, CUT_WORD as _CUT_WORD, MOTION_NOUN as _MOTION_NOUN, MOTION_STEM as _STEM,
                         NUMBER_WORD as _NUMBER_WORD, SPEECH_MARK as _SPEECH, TAKE_BACK as _TAKE_BACK,
                         TAKE_OUT as _TAKE_OUT)

# A failed take, marked in production shorthand.
_NO_GOOD = re.compile(r"(?-i:\bNG\b)|\bn/g\b|\bno\s+good\b|\bbad\s+take\b|\bfailed\s+take\b|"
                      r"\btake\s*\d+\s+(?:was|is)\s+(?:all\s+)?(?:wrong|bad|off|a\s+mistake|unusable)\b", re.IGNORECASE)
_NO_GOOD_ALONE = re.compile(r"^(?:(?:take|tk)\s*\d+\s*)?(?:(?-i:NG)|n/g|no\s+good|bad\s+take)\s*(?:take\s*\d+\s*)?"
                            r"[.!?;,:]*$", re.IGNORECASE)
# A new take that replaces everything before it.
_REDO = re.compile(r"^(?:redo|re-do|retake|re-take|reset|take\s+it\s+again)\b(?:\s+(?:it|that))?(?:\s+with\b|\s*[:,])?\s*",
                   re.IGNORECASE)
# (a voice memo says its "no sorry" or "no wait" without a comma: "he turns left no sorry right")
# and a review's "he's nodding but it should be a shake" corrects the words before its "but"
_CORRECTION = re.compile(rf"(?:^|(?<=[,:])|(?<=\w\s)(?=no\s*,?\s*(?:sorry|wait)\b(?!\s+(?:between|for|time|at|in|on|before|after)\b)|but\s+(?:it|that)\s+should\s+(?:be|have\s+been)\b))"
                         rf"\s*(?:(?:no|oh|but)\s*,?\s*(?={_TAKE_BACK}))?(?:{_TAKE_BACK}\b[\s,:]*)+", re.IGNORECASE)
# A bare "no" or "actually" corrects only with modifiers or a motion said as an instruction after it ("Turn to the
# right, no, the left", "Turn left. Actually, turn right"; not "He nods. Actually, he looks pleased").
_BARE_NO = re.compile(r"(?:^|(?<=[,:]))\s*(?:no|actually)\s*[,:]\s*(?=\S)", re.IGNORECASE)
# "… instead" (not "instead of"): this replaces the sentence before ("Shake head. Nod instead.").
_INSTEAD = re.compile(r"^(?:instead\s*,?\s*)?(.*?\S)\s*,?\s+instead\s*([.!?;]*)$|^instead\s*,\s*(.*)$", re.IGNORECASE)
_MOTION = re.compile(r"\b(?:nod|shak|headshak|turn|look|tilt|lean|glanc|bow|rais|lift|lower|drop|hold|paus|freez|"
                     r"froze|return|face|gaz|star|glar|smil|grin|frown|scowl|laugh|bob|dip|wag|jerk|flinch|recoil|"
                     r"roll|sigh)\w*", re.IGNORECASE)
_SUBJECT = re.compile(r"^(?:he|she|they|i|you|we|it)\b|^(?:it's|that's|he's|she's)\b", re.IGNORECASE)
_UNIT = re.compile(r"[^.!?;]+(?:[.!?;]+|$)")




# A note taken back whole ("Forget my last note about nodding.", "ignore the earlier comment on the tilt"): what
# it asked for is no step.
_NOTE_TAKEN_BACK = re.compile(r"(?:^|(?<=[,.;:!?]))\s*(?:(?:and|but|so|ok(?:ay)?|also|actually)\s*,?\s+)*"
                              r"(?:scratch|ignore|forget|disregard|drop|cancel)\s+(?:my|the|that|this|our)\s+"
                              r"(?:(?:earlier|last|previous|first|old|other)\s+)?(?:note|comment|idea|suggestion|request)s?"
                              r"\s+(?:about|on|re|regarding)\b[^.;!?]*", re.IGNORECASE)
# What the last take did wrong, said of a motion or of the head ("the turn came late", "nod was too fast", "that last
# nod was too big", "Too much head on that one", "the shake reads as a no"): a note on the take before, not a step.
_VERDICT = re.compile(rf"^(?:[\w' -]{{1,24}}:\s*)?(?:(?:hold\s+on|ok|okay|hmm|so|and|but|also|i\s+agree|agreed|"
                      rf"you'?re\s+right|true)\s*,?\s*)*(?:(?:the|that|your|his|her|their|this)\s+)?"
                      rf"(?:(?:last|first|second|final|head|big|little|small)\s+)*{_MOTION_NOUN}(?:\s+|'s\s+)"
                      rf"(?:(?:was|were|is|are|came|comes|felt|feels|looked|looks|read|reads|went|goes|got|gets|seemed|"
                      rf"seems|landed|lands|happened|happens)\b|(?<='s\s)(?:still\s+|now\s+|just\s+)?(?:(?:way|far|much|"
                      rf"a\s+bit|a\s+little|a\s+touch|slightly)\s+)?(?:too|reading|coming|looking|landing|going|playing)\b)"
                      rf"(?!\s+(?:good|great|perfect|fine|right|nice|spot\s+on)\b)"
                      rf"|^(?:[\w' -]{{1,24}}:\s*)?(?:way\s+|a\s+bit\s+|a\s+little\s+|much\s+)?(?:too\s+(?:much|little)\s+"
                      rf"(?:head|movement|motion)|(?:less|fewer)\s+{_MOTION_NOUN})\b",
                      re.IGNORECASE)
# A request worded as a verdict after the verdict on the take ("Less lean, one slight lean forward is plenty", "too much
# shaking, two shakes would be enough"): a counted or sized motion said to be enough is the motion asked for.
_ENOUGH_ASKED = re.compile(rf"[,;:]\s*((?:just\s+|only\s+)?(?:a|an|one|two|three|four|\d+)\s+(?:[\w-]+\s+){{0,2}}?"
                           rf"{_MOTION_NOUN}\b[^,;:]*?)\s+(?:is|are|would\s+be|will\s+be|'d\s+be|should\s+be)\s+"
                           rf"(?:(?:more\s+than|quite|about|just)\s+)?(?:plenty|enough|all\s+(?:we|i|you|it)\s+needs?)\b",
                           re.IGNORECASE)
# The character's face said as it is ("Her grin is enormous", "his smile was warm"): the scene, not a verdict on
# a take ("her smile is too big" judges one).
_FACE_AS_IT_IS = re.compile(r"^(?:and\s+)?(?:his|her|their|its)\s+(?:[\w-]+\s+)?(?:smile|grin|frown|smirk|glare|laugh)s?\s+"
                            r"(?:is|was|are|were)\s+(?!(?:too|a\s+bit|a\s+little|a\s+touch|way|off|wrong|late|early|weak|"
                            r"not|still|kind\s+of|slightly|much|better|worse|fine|good|great|perfect)\b)\w", re.IGNORECASE)
# A side or a way not meant, beside the one meant ("turn R instead of L", "to her right, not her left", "look away
# here, not down"): what is not meant moves nothing.
_NOT_THAT_SIDE = re.compile(r"\s*(?:,\s*|\s)(?:instead\s+of|not|rather\s+than)\s+(?:to\s+)?(?:the\s+|his\s+|her\s+|their\s+|"
                            r"your\s+)?(?:left|right|up|down|L|R|away|back|forward)\b(?=\s*(?:$|[,.;:!?]|this|here|"
                            r"please|pls|side|shoulder))", re.IGNORECASE)


# Where to pick the take up from ("Take it again from the turn", "again from the top"): no step of its own.
_FROM_THE = re.compile(rf"\s*\bfrom\s+(?:the\s+)?(?:top|{_MOTION_NOUN})\b(?=\s*[:,.;])", re.IGNORECASE)
# "Beat before the nod", "a look up before the shake": the one, then the other (not "Oh, and before the smile, a
# tilt", where what comes first is said after it).
_BEFORE_THE = re.compile(rf"(?<![,.;:!?])(?<!\band)\s+before\s+(?:the|a|that|your)\s+({_MOTION_NOUN})\b", re.IGNORECASE)


# A request put as a question or an offer ("Can you turn your head R a touch earlier?", "Could we get a double nod?",
# "Let's try one where he doesn't nod at all"): what is asked for, as an instruction.
_REQUEST = re.compile(r"(?:^|(?<=[.!?;:]\s))(?:(?:ok|okay|so|and|now)\s*,?\s+)?(?:(?:can|could|would|will)\s+(?:you|we|i)\s+"
                      r"(?:please\s+|pls\s+|maybe\s+|just\s+)?(?:(?:get|have|see|try)\s+)?|let'?s\s+(?:try|do|go\s+for|have|"
                      r"see)\s+(?:one|it|a\s+take|another)?\s*(?:where|in\s+which|with)?\s*)",
                      re.IGNORECASE)
# A question asking the character for a move ("Could the horse shake its head twice?", "Can Mira look up at the
# end?"): what is asked, as "let …" asks it.
_ASKED_OF_THEM = re.compile(r"(?:^|(?<=[.!?;:]\s))(?:(?:ok|okay|so|and|now)\s*,?\s+)?(?:can|could|would|will)\s+"
                            # (not "Would that be a tilt?", "Could the nod be smaller?": a question of what it is)
                            r"(?=(?:the|our|his|her|their)\s+(?!be\b)[\w-]+(?:\s+(?!be\b)[\w-]+)?\s+(?!be\b)[a-z]+\b[^.!?]*\?|"
                            r"(?-i:[A-Z])[\w-]+\s+[a-z]+\b[^.!?]*\?)", re.IGNORECASE)


def _as_let(m: re.Match) -> str:
    # ("let the horse shake …" reads as asked; a name needs no "let": "Mira look up")
    return "" if m.string[m.end():m.end() + 1].isupper() else "let "


# Who is asked for the move, after it ("Can we get a shake from the nurse?"): the character, not someone it is for.
_ASKED_FROM = re.compile(rf"(\b(?:can|could|would|will)\s+(?:you|we|i)\s+(?:please\s+)?(?:get|have|see)\s+(?:a|an|one|two|"
                         rf"three|some)\s+(?:[\w-]+\s+){{0,2}}?{_MOTION_NOUN})\s+from\s+(?:the\s+|our\s+)?[\w-]+(?=\s*[?.!,])",
                         re.IGNORECASE)
# "Keep her still", "keep the head locked": the director asks for stillness.
_KEEP_STILL = re.compile(r"\bkeep\s+(?:him|her|them|it|the\s+head|his\s+head|her\s+head|your\s+head|their\s+head)\s+"
                         r"(?:completely\s+|totally\s+|dead\s+)?(still|steady|locked|motionless|frozen|level)\b", re.IGNORECASE)


# "Keep the two nods", "keep the glare", "we love the nod": the motion kept from the take before is in this one. ("keep her leaning
# back": "her" is whom the pose is kept on, not whose motion.)
_KEEP_THE = re.compile(rf"\b(?:keep|(?:we|they|i|the\s+client|everyone)\s+(?:all\s+|really\s+)?(?:love|like)[sd]?)\s+(?:the|that|your|his|her(?!\s+(?:leaning|looking|facing)\b)|both)\s+((?:(?:\w+\s+)?{_MOTION_NOUN}))\b(?!\s+(?:still|steady|"
                       rf"locked|level|going|up|down|there))", re.IGNORECASE)
# A motion kept and placed before the one just asked for ("Want two nods. Keep the tilt left before them.", "Keep
# the little look down first.", a review's "What to keep: the tilt before them"): said as "Before that, the tilt
# left", which goes before the sentence before it.
_KEPT_BEFORE = re.compile(r"(?:^|(?<=[.!?;]\s))(?:(?:and|but|also|please|pls)\s+)*(?:what\s+to\s+)?keep\s*:?\s+((?:the|that|your|his|her|their)\s+"
                          r"[^.;!?]*?)\s*,?\s+(?:before\s+(?:it|them|that|this|those)|first)\s*(?=[.!?;,]|$)", re.IGNORECASE)


def _kept_before(m: re.Match) -> str:
    return f"Before that, {m.group(1)}" if re.search(_MOTION_NOUN, m.group(1), re.IGNORECASE) else m.group(0)


# What the take did, then what it should do with the same verb ("but he turned screen left - he should turn to his
# left"): the take as it is moves nothing.
_DID_BUT_SHOULD = re.compile(r"\b(?:(?:but|and)\s+)?(?:he|she|they|it)\s+(turn|tilt|look|glanc|lean|nod)\w*\b[^.;!?]*?"
                             r"\s*[,\u2014\u2013-]+\s*(?=(?:but\s+)?(?:he|she|they|it)\s+(?:should|needs\s+to|has\s+to|must)\s+"
                             r"(?:\w+ly\s+)?\1)", re.IGNORECASE)
# "good nods (keep all three)", "the shakes, keep all four": the motion kept, at the number it has.
_KEEP_ALL_N = re.compile(r"\b((?:nod|shake|headshake|glance|wag|bob)s)\s*[,(]\s*keep\s+(?:all\s+|the\s+|both\s+)?"
                         r"(two|three|four|five|six|\d)\b(?:\s+of\s+them)?\s*[,)]?", re.IGNORECASE)
# How a director resizes or retimes a motion ("smaller on the nod", "make the tilt bigger", "again but slower").
_RESIZED = r"smaller|bigger|larger|slower|faster|quicker|softer|gentler|subtler|sharper|tinier"
# "Smaller on the nod", "slower on the turn": the motion, done that way.
_MORE_ON_THE = re.compile(rf"\b({_RESIZED})\s+on\s+(?:the|that|your|his|her)\s+({_MOTION_NOUN})\b", re.IGNORECASE)


# "Take 3: same, nods slower", "same as before but the shake smaller": the take before again with its motion changed.
_SAME_BUT = re.compile(rf"\bsame(?:\s+as\s+(?:before|\w*\s*\d+))?\s*[,;:\u2013\u2014-]?\s*(?:but\s+)?(?:(?:the|that|his|her)\s+)?"
                       rf"({_MOTION_NOUN}|\w+s)\s+(?:(?:a\s+(?:little|bit|touch|tad)|much|even|way)\s+)?(?:{_RESIZED})\b", re.IGNORECASE)
# "Again but slower": the take before done once more with a change, so the change is a note on that step, not a second one.
_AGAIN_BUT = re.compile(r"(?:^|(?<=[.!?;:]\s))(?:(?:ok|okay|good|great|so|now)\s*,?\s+)?(?:again|once\s+more|one\s+more\s+time)"
                        rf"\s*,?\s+but\s+(?=(?:(?:a\s+(?:little|bit|touch|tad)|much|even|way)\s+)?(?:{_RESIZED}|calmer|shorter|"
                        r"longer)\b)(\w)", re.IGNORECASE)
_OTHER_WAY = re.compile(r"^(?:no\s*,?\s*)?(?:the\s+)?other\s+way\s*[.!]*$", re.IGNORECASE)


# "shake instead of nod", "a tilt, not a turn": the motion not meant ("He does not turn" is a negated verb, kept).
_NOT_THAT_MOTION = re.compile(rf"(?<!\bdo)(?<!\bdoes)(?<!\bdid)(?<!\bwill)(?<!\bcould)(?<!\bshould)(?<!\bmust)"
                              rf"(?<!\bcan)(?<!\bwould)(?<!\bmay)"
                              rf"\s*(?:,\s*|\s)(?:instead\s+of|rather\s+than|not)\s+(?:a\s+|an\s+|the\s+)?{_MOTION_NOUN}\b"
                              rf"(?=\s*(?:$|[,.;:!?]))", re.IGNORECASE)
# A motion told in a sentence and judged, in the same sentence, as something to go ("then he bobs his head like a
# pigeon, and that bobbing has to go"): the sentence names what the take should lose, no step.
_GOES = re.compile(r"(?:^|(?<=[.;!?])\s)[^.;!?]*?\b(?:nod|shak|tilt|turn|glanc|look|lean|bob|wag|jerk|twitch)\w*\b[^.;!?]*?,?\s+"
                   r"(?:and|but|so)\s+(?:that|this|it)(?:\s+[\w-]+)?\s+(?:(?:needs|has|have)\s+to|must|should|can)\s+go\b"
                   r"(?=\s*(?:[,.;!?]|$))[^.;!?]*[.;!?]*", re.IGNORECASE)
# "Speed the nods up", "slow that turn down": the motion, done that way.
_SPEED_THE = re.compile(rf"\b(?:(?:just|only|and|but|please)\s+)?(speed|slow)\s+(?:the|that|those|these|your|his|her|their)\s+"
                        rf"({_MOTION_NOUN})\s+(?:up|down)\b(?:\s+a\s+(?:bit|little|touch|tad))?", re.IGNORECASE)


def _said_before(m: re.Match, noun: str) -> bool:
    """The motion a note resizes or retimes was said before it ("Two nods, then a tilt. Slow the nods down."): the
    note is about that step, not one more."""
    stem = _STEM.match(noun)
    return bool(stem) and re.search(rf"\b{stem.group(1)}", m.string[:m.start()], re.IGNORECASE) is not None


# "make the tilt L bigger", "make that nod slower": the motion, done that way.
_MAKE_THE = re.compile(rf"\bmake\s+(?:the|that|this|your)\s+({_MOTION_NOUN})((?:\s+[\w-]+){{0,2}}?)\s+({_RESIZED})\b",
                       re.IGNORECASE)


# What a take was meant to do, and what it did instead ("she was supposed to tilt R but tilted L", "he was meant
# to nod once but gave three"): what went wrong moves nothing; what was meant is the take, unless
# the note goes on to ask for a motion (the pickup it asks for is the take). The words after "but" run to the end of
# their sentence, past a full stop a timecode left before them. Only a motion meant: "He was supposed to leave, but
# he nods" is a story.
_MEANT_BUT = re.compile(r"\b(?:was|is|were|are|'s|'re)\s+(?:supposed|meant)\s+to\s+([^.;!?]+?)\s*[.,;]?\s+but\s+[^.;!?]*",
                        re.IGNORECASE)


# "…, left at the piano - scratch the piano, …": the step said toward that place is taken out, the note with it.
_SCRATCH_THE_PLACE = re.compile(r"\s*[-\u2013\u2014,;]?\s*\b(?:scratch|strike)\s+(?:the|that)\s+([\w'-]+)\b\s*[-\u2013\u2014,;:]?",
                                re.IGNORECASE)


def _scratch_places(text: str) -> str:
    for m in reversed(list(_SCRATCH_THE_PLACE.finditer(text))):
        if re.fullmatch(_MOTION_NOUN, m.group(1), re.IGNORECASE):
            continue   # "scratch the nod": a motion taken out (`_TAKE_OUT`)
        named = [w for w in re.finditer(rf"\b{re.escape(m.group(1))}\b", text[:m.start()], re.IGNORECASE)]
        if not named:
            continue
        start = max(text.rfind(c, 0, named[-1].start()) for c in ",;-\u2013\u2014.:")
        said = text[start + 1:named[-1].start()]
        if start < 0 or not (_MOTION.search(said) or find_sides(said) or
                             re.match(r"\s*(?:(?:and\s+)?then\s+)?(?:at|to|toward|towards)\b", said, re.IGNORECASE)):
            continue   # ("the bar, …": no step toward it)
        text = text[:start] + ", " + text[m.end():].lstrip(" ,")
    return text


# The take as it is now ("Right now she turns away and looks back.", "currently it's to his left, make it his right",
# "At the moment he's lifting his whole head, which is too much"): what the note changes, not what it asks for, where
# the note names that motion again elsewhere (or the span names none of its own: "it's to his left").
_AS_IT_IS_NOW = re.compile(r"(?:^|(?<=[.;:!?,]\s)|(?<=[.;:!?,])|"
                           # a heading's line break is gone: "Shot 4, the hall Currently: he nods twice"
                           r"(?<=\w\s)(?-i:(?=Currently\b|Right\s+now\b|At\s+the\s+moment\b)))\s*(?:(?:but|and|so)\s+)?(?:right\s+now|currently|at\s+the\s+moment|as\s+it\s+stands|"
                           # a review's "What doesn't work: he nods while turning": the take as it is
                           r"what\s+(?:doesn'?t|does\s+not|isn'?t|is\s+not)(?:\s+(?:work|working|land|landing))?\s*:|"
                           # (what a numbered take did: "Take 3 went up, we want down. Otherwise: …")
                           r"take\s*\d+\s+(?:(?:he|she|they|it)\s+)?(?:went|was|were|did|had)\b|"
                           # (a game's "in the current build", "in the live version")
                           r"in\s+the\s+(?:current|live|latest|shipped)\s+(?:take|version|cut|pass|edit|build|patch)|"
                           # (a numbered or earlier version: "In v2 she nods first; swap them", "in the last pass")
                           r"in\s+(?:v\d{1,2}|version\s*\d{1,2}|take\s*\d{1,3}|the\s+(?:last|previous|old|earlier|first)\s+"
                           r"(?:take|version|cut|pass|edit|build|draft|render)))\s*[,:]?\s+[^.;!?]*?"
                           r"(?=,\s*(?:make|change|flip|swap|but|so)\b|[.;!?]|$)|"
                           # the same said after it ("it's four nods right now, I want one", "he tilts left currently")
                           r"(?:^|(?<=[.;:!?,]\s)|(?<=[.;:!?,]))\s*(?:it'?s|it\s+is|there'?s|there\s+(?:is|are)|he|she|they|"
                           r"he'?s|she'?s|they'?re)\s+[^.;:!?,]*?\b(?:right\s+now|currently|at\s+the\s+moment)(?=\s*[,.;!?]|$)|"
                           # "In shot 3, the robot currently nods twice, which is stiff": the clause to its sentence's end
                           r"(?:^|(?<=[.;:!?,]\s)|(?<=[.;:!?,]))\s*(?:he|she|they|it|the\s+[\w'-]+|[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)?)"
                           r"\s+currently\s+[^.;!?]*",
                           re.IGNORECASE)
_MOTION_FAMILIES = (("nod", "bob", "dip"), ("shak", "headshak"), ("tilt", "cock"), ("lean",),
                    ("turn", "look", "glanc", "rais", "lift", "lower", "drop", "face", "gaz", "star"))


def _families(text: str) -> set[int]:
    words = [m.group(0).lower() for m in _MOTION.finditer(text)]
    return {k for k, family in enumerate(_MOTION_FAMILIES) for w in words if w.startswith(family)}


# A question about what the take does ("Why does she tilt? It should be a turn."): a complaint about it, not a
# request. (In the present: a story's "Why did he look away?" may be what happened.)
_WHY_THE_TAKE = re.compile(r"(?:^|(?<=[.;:!?]\s)|(?<=[.;:!?]))\s*why\s+(?:is|are|does|do)\s+(?:he|she|they|it|"
                           r"(?:the|this|our|my|your)\s+[\w'-]+|[A-Z][\w'-]+)\s+[^.;!?]*\?", re.IGNORECASE)


# A motion asked about and answered no ("Should she nod here? No.", "maybe a shake? nah, …", "does he tilt or nah? i
# think nah"): an option turned down, no step; what follows the answer is read as written. The answer may come from
# another speaker of a thread (", then no.", ", bo, nope,"); the question is its own message only (a thread's messages
# are joined by " , name, "). A "no" before a noun ("No head motion at all") is the note's own words, left to them.
# The answer may also drop the option ("no cut it", "agreed, drop it", "skip that": a pronoun; "cut the tilt" names
# its own motion), and come one message later, after
# a message that is no answer ("does he bow? , kai, i had one there but it's a lot , mo, yeah lose it"): that message
# stays, read as written.
_DROP_IT = (rf"(?:(?:agreed?|yeah|yep|ok(?:ay)?|no+|nah+)\s*[,.!]?\s*)?(?:let'?s\s+)?(?:(?:{_CUT_WORD})\s+"
            r"(?:it|that|this|them|that\s+one)|(?:take|leave)\s+(?:it|that|them)\s+out)\b(?:\s+(?:then|too|please|for\s+now))?")
_ANSWERED_NO = re.compile(r"(?:^|(?<=[.;:!?]\s)|(?<=[.;:!?])|(?<=,\s))\s*(?P<question>(?:(?!\s,\s)[^.;:!?])*\?)\s*"
                          r"(?P<between>\s*,\s*[\w-]{1,20}\s*,(?:(?!\s,\s)[^?])*?(?=\s,\s*[\w-]{1,20}\s*,\s*"
                          rf"{_DROP_IT}\s*(?:[.!,;:\u2013\u2014-]+|$)))?"
                          r"(?P<answer>\s*(?:,\s*(?:then|[\w-]{1,20})\s*,?\s*)?(?:(?:i\s+think|i'd\s+say|i\s+say|honestly|probably|"
                          rf"hmm+|um+|uh+)\s*,?\s+)?(?:{_DROP_IT}|no+|nah+|nope|not\s+really|no\s+way|i\s+don'?t\s+think\s+so)"
                          r"\s*(?:[.!,;:\u2013\u2014-]+|$))", re.IGNORECASE)


_PICKS = re.compile(r"\b(?:only|just)\s+(?:the|that|this|one)\b", re.IGNORECASE)
# The take as it is, named by a noun or said to have none ("At the moment it's a stiff tilt.", "Right now there's no head
# motion in it"): a verdict on the take; where the note asks for a motion of its own elsewhere, that is the step.
_TAKE_NAMED = re.compile(r"\s*(?:(?:but|and|so)\s+)?(?:right\s+now|currently|at\s+the\s+moment|as\s+it\s+stands)\s*[,:]?\s*"
                         r"(?:it'?s|it\s+is|that'?s|there'?s|there\s+is)\s+(?:a|an|no|just|only)\b", re.IGNORECASE)


def _without_the_take_as_it_is(text: str) -> str:
    for m in reversed(list(_AS_IT_IS_NOW.finditer(text))):
        rest = text[:m.start()] + text[m.end():]
        if _TAKE_NAMED.match(m.group(0)) and _MOTION.search(rest):
            text = rest
        elif _families(rest) and (_families(m.group(0)) <= _families(rest) or (
                # "Right now: nod, tilt, turn. Just the tilt and the turn.": the note picks among the take's moves
                _families(rest) <= _families(m.group(0)) and _PICKS.search(rest))):
            text = rest
    # (the question asks no motion of its own: the note goes on to say the one meant)
    for m in reversed(list(_WHY_THE_TAKE.finditer(text))):
        rest = text[:m.start()] + text[m.end():]
        if _families(rest):
            text = rest
    for m in reversed(list(_ANSWERED_NO.finditer(text))):
        if _MOTION.search(m.group("question")):
            text = text[:m.start()] + (m.group("between") or "") + " " + text[m.end():]
    return text


def _directors_cuts(text: str, changes: "list[str] | None" = None) -> str:
    """`text` without the motions the director takes out and the verdicts on the take before."""
    text = takes_back(changes_back(_scratch_places(_without_the_take_as_it_is(_without_inline_recaps(first_one_kept(text)))),
                                   changes), changes)
    text = _MEANT_BUT.sub(lambda m: m.group(0) if not _MOTION.search(m.group(1)) else
                          "" if _MOTION.search(m.string[m.end():]) else f"should {m.group(1)}", text)
    text = re.sub(rf"\bless\s+is\s+more\s+(?:on|with|for)\s+(?:the|that|your)\s+({_MOTION_NOUN})\b", r"a small \1", text, flags=re.IGNORECASE)
    text = _SPEED_THE.sub(lambda m: " " if _said_before(m, m.group(2)) else
                          f"a {m.group(2)} {'faster' if m.group(1).lower() == 'speed' else 'slower'}", text)
    text = _SAME_BUT.sub(lambda m: "same" if _said_before(m, m.group(1)) else m.group(0), text)
    text = _ASKED_OF_THEM.sub(_as_let, _ASKED_FROM.sub(r"\1", text))
    text = _MORE_ON_THE.sub(lambda m: " " if _said_before(m, m.group(2)) else f"a {m.group(1)} {m.group(2)}",
                            _KEEP_STILL.sub("head still", _REQUEST.sub("", text)))
    text = _MAKE_THE.sub(lambda m: " " if _said_before(m, m.group(1)) else f"a {m.group(3)} {m.group(1)}{m.group(2)}",
                         _NOT_THAT_MOTION.sub("", text))
    text = _DID_BUT_SHOULD.sub("", text)
    text = _KEEP_ALL_N.sub(r"\1 \2 times,", _KEEP_THE.sub(r"the \1", _KEPT_BEFORE.sub(_kept_before, text)))
    # "…; keep both", "keep it all": the take before stays as it is, no step of its own
    text = re.sub(r"[;,.]?\s*\b(?:and\s+)?keep\s+(?:both|them\s+both|it\s+all|all\s+of\s+it|everything)\s*(?=[.;!?]|$|,\s*but\b)", "",
                  text, flags=re.IGNORECASE)
    # "keep the direction but slow it down": a quality of the motion just named stays; no hold of the head
    text = re.sub(r"\b(?:and\s+|but\s+)?keep\s+(?:the|its|that|this|his|her|their)\s+(?:same\s+)?(?:direction|side|timing|"
                  r"speed|size|pace|tempo|angle|count|number|height|amount|length|rhythm|spacing|shape)\b(?:\s+but\b)?(?=\s*(?:and\b|,|;|\.|$|\w))",
                  "", text, flags=re.IGNORECASE)
    text = _BEFORE_THE.sub(r", then the \1", _FROM_THE.sub("", _NOT_THAT_SIDE.sub("", text)))
    text = _AGAIN_BUT.sub(lambda m: m.group(1).upper(), text)
    kept = _PHRASAL_RESIZE.sub(_as_made_it, _CUT_OUT.sub("", _TAKE_OUT.sub("", _GOES.sub("", _NOTE_TAKEN_BACK.sub("", text)))))
    units = [re.sub(r"^(?:and\s+)?(?:this|next)\s+time\s*,?\s*", "", u.strip(), flags=re.IGNORECASE)
             for u in _UNIT.findall(kept) if u.strip()]
    # "No, the other way! She looks to her right …": the side said next is the correction
    units = [u for k, u in enumerate(units) if not (_OTHER_WAY.match(u) and k + 1 < len(units)
                                                    and find_sides(units[k + 1]))]
    if units and any(not _VERDICT.match(u.strip(" ,")) for u in units):
        kept_units = []
        for k, u in enumerate(units):
            verdict = _VERDICT.match(u.strip(" ,"))
            resized_next = k + 1 < len(units) and _CORRECTION.match(units[k + 1]) and not _MOTION.search(
                units[k + 1][_CORRECTION.match(units[k + 1]).end():])   # "Nod's too big. Make it small.": the nod, small
            enough = _ENOUGH_ASKED.search(u) if verdict else None
            if enough:
                # "Fewer nods, a single nod is enough": the verdict asks for the one it sizes, and that one stays
                kept_units.append(enough.group(1))
                continue
            if (verdict and not resized_next and not _FACE_AS_IT_IS.match(u.strip(" ,"))
                    and not re.search(r"[,;:]\s*(?:make|give|try|do|go|just)\b", u, re.IGNORECASE)):
                if k + 1 < len(units):
                    # "The nod's too big. Give me two small ones instead": the ones asked for are of the motion judged
                    units[k + 1] = _ones_named(units[k + 1], u)
                continue
            kept_units.append(u)
        units = kept_units
    kept = " ".join(u for u in _without_a_recap(units) if u.strip(" .,;:!?"))
    return kept if re.search(r"[a-z]", kept, re.IGNORECASE) else text


# A memo's closing recap of the moves it has just said in full ("… then he tilts left and holds. So: nod, tilt
# left, hold."): three or more short items, at least two of them motion words, each motion or way said before in the
# same order; said again, no new steps. (A line with a label, "head: nod, look down", is a script's own beat.)
# With a word that says a recap follows ("So: turn left, one nod.", "locking it: look up, two nods"), two items are
# enough.
_RECAP_OPENING = re.compile(r"^(?:(?:so|ok(?:ay)?|right|basically|recap|to\s+recap|in\s+short|summing\s+up|to\s+sum\s+up|"
                            r"locking\s+it(?:\s+in)?|locked|final|to\s+be\s+clear|so\s+to\s+be\s+clear)\s*[:,]\s*)+",
                            re.IGNORECASE)
_WAY = re.compile(r"\b(?:left|right|up|down|back|front|forward|centre|center)\b", re.IGNORECASE)


# A recap inside a sentence, opened by "so" ("she turns left, then back right, so that's um turn left turn right, and
# then she nods"; "a lean back, eyes up \u2014 so a lean back and then a look up \u2014 then a shake"): two bare moves or
# more with no subject, the first one's motion and each later one's motion or way said before in the same order.
_RECAP_MOVE = (r"(?:(?:a|an|one)\s+)?(?:(?:small|little|tiny|big|slow|quick|fast|slight|short|long)\s+)*"
               r"(?:nod|shake|turn|look|tilt|lean|glance|bow|hold|pause|wag|recoil)s?(?:\s+(?:to\s+the\s+)?"
               r"(?:left|right|up|down|back|forward|around|away))?")
_INLINE_RECAP = re.compile(r"(?:(?<=[,;\u2013\u2014-])|(?<=[,;\u2013\u2014-]\s)|(?<=\w\s))so\s+(?:that'?s\s+|it'?s\s+|that\s+is\s+)?"
                           r"(?:(?:um+|uh+|er+|like|basically)\s*,?\s+)*"
                           rf"(?P<items>{_RECAP_MOVE}(?:\s*,?\s*(?:and\s+)?(?:then\s+)?{_RECAP_MOVE})+)"
                           r"(?=\s*(?:[,.;!?\u2013\u2014-]|\band\b|\bthen\b|$))", re.IGNORECASE)
_RECAP_ITEM = re.compile(_RECAP_MOVE, re.IGNORECASE)


def _without_inline_recaps(text: str) -> str:
    for m in reversed(list(_INLINE_RECAP.finditer(text))):
        words = [w.group(0).lower()[:3] for w in re.finditer(rf"{_MOTION.pattern}|{_WAY.pattern}", text[:m.start()],
                                                             re.IGNORECASE)]
        at, said, end = 0, 0, m.start()
        for k, item in enumerate(_RECAP_ITEM.finditer(m.group("items"))):
            stems = [w.group(0).lower()[:3] for w in _MOTION.finditer(item.group(0))][:1]
            if k:
                stems += [w.group(0).lower()[:3] for w in _WAY.finditer(item.group(0))][:1]
            found = [words.index(stem, at) for stem in stems if stem in words[at:]]
            if not found:
                break   # (a move not said before ends the recap: ", so a tilt and a nod, then one bow")
            at, said, end = min(found) + 1, said + 1, m.start("items") + item.end()
        if said >= 2:
            text = text[:m.start()] + text[end:]
    return text


def _without_a_recap(units: list[str]) -> list[str]:
    said = [k for k, u in enumerate(units) if _MOTION.search(u) or _WAY.search(u)]
    if len(said) < 2:
        return units
    last = said[-1]
    opened = _RECAP_OPENING.match(units[last].strip()) is not None
    body = _RECAP_OPENING.sub("", units[last].strip()).strip(" .!?")
    # (a feeling among the moves, "look up, two nods, smile", is the face's: no move to find said before)
    items = [i.strip() for i in body.split(",") if i.strip() and (not opened or _MOTION.search(i) or _WAY.search(i))]
    if (len(items) < (2 if opened else 3) or ":" in body or _SUBJECT.match(body) or any(len(i.split()) > 4 for i in items)
            or sum(bool(_MOTION.search(i)) for i in items) < 2):
        return units
    earlier = " ".join(units[:last]).lower()
    words = [m.group(0)[:3] for m in re.finditer(rf"{_MOTION.pattern}|{_WAY.pattern}", earlier, re.IGNORECASE)]
    at = 0
    for item in items:
        found = _MOTION.search(item) or _WAY.search(item)
        if not found:
            return units
        stem = found.group(0).lower()[:3]
        while at < len(words) and words[at] != stem:
            at += 1
        if at == len(words):
            return units   # a move not said before, or not in this order: new steps
        at += 1
    return units[:last] + units[last + 1:]


# A note that resizes or paces the motion judged before it with a phrasal verb ("Tilt's too fast. Slow it down.",
# "The shake is too big, tone it down"): said as "make it …", so the judged motion keeps its step, with the size
# or the pace; "down" and "up" here are no directions ("bring it down to three" is a count, left alone).
_PHRASAL_RESIZE = re.compile(r"(?<![\w'])(slow|speed|halve|tone|dial)\s+(?:it|that|this)\b"
                             r"(?:\s+(?:right\s+)?(down|up|back)\b)?(?:\s+a\s+(?:notch|bit|touch|little|tad)\b)?", re.IGNORECASE)


def _as_made_it(m: re.Match) -> str:
    verb, way = m.group(1).lower(), (m.group(2) or "").lower()
    if verb == "slow" and way in ("", "down"):
        return "make it slow"
    if verb == "speed" and way == "up":
        return "make it fast"
    if (verb == "halve" and not way) or (verb in ("tone", "dial") and way in ("down", "back")):
        return "make it small"
    return m.group(0)


_ONES = re.compile(r"\b((?:a|one|two|three|four|five|\d{1,2})\s+(?:[\w-]+\s+){0,2}?)(ones?)\b", re.IGNORECASE)
_JUDGED_NOUN = re.compile(r"\b(nod|shake|headshake|tilt|turn|glance|lean)(?:s|'s)?\b", re.IGNORECASE)


def _ones_named(unit: str, verdict: str) -> str:
    """`unit` with "one"/"ones" ("two small ones") named by the motion of the verdict before it, where it names
    no motion of its own before them."""
    noun = _JUDGED_NOUN.search(verdict)
    m = _ONES.search(unit)
    if noun is None or m is None or _JUDGED_NOUN.search(unit[:m.start()]):
        return unit
    name = noun.group(1).lower() + ("s" if m.group(2).lower() == "ones" else "")
    return unit[:m.start(2)] + name + unit[m.end(2):]


# A take log's lines, one take each ("T2: good. …", "Take 3 - same as 2 but slower"), and the take it keeps: one marked
# good on its own line, or one named as kept ("Prefer T2", "circle take 4", "T3 circled", "use tk 5").
_TAKE_LINE = re.compile(r"^\s*(?:t|tk|take)\s*(\d{1,3})\s*[:.\-\u2013\u2014]\s*", re.IGNORECASE)
_GOOD_TAKE = re.compile(r"^(?:good|great|best|keeper|circled?|print(?:ed)?|hero|selected|\u2713)\b", re.IGNORECASE)
_KEPT_TAKE = re.compile(r"\b(?:prefer|keep|circle|use|solve|print|pick|select|go\s+with)\s+(?:take|tk|t)\s*(\d{1,3})\b|"
                        r"\b(?:take|tk|t)\s*(\d{1,3})\s+(?:is\s+|was\s+)?(?:circled|preferred|selected|the\s+keeper|the\s+one)\b",
                        re.IGNORECASE)
_SAME_AS_TAKE = re.compile(r"\bsame\s+as\s+(?:take\s*|tk\s*|t)?(\d{1,3})\b", re.IGNORECASE)


def chosen_take(text: str) -> str:
    """A take log read as the take it keeps: the other takes' lines are dropped (what they did is not the plan);
    lines that are no take's (a heading, a note on the face) stay; a log in one paragraph loses the sentences that
    open with a take other than the one kept. Unchanged without a take kept."""
    lines = text.split("\n")
    takes = {k: m.group(1).lstrip("0") for k, m in ((k, _TAKE_LINE.match(line)) for k, line in enumerate(lines)) if m}
    kept = [m.group(1) or m.group(2) for m in _KEPT_TAKE.finditer(text)]
    if len(takes) < 2 and kept:
        # a log written as one paragraph ("Take 3 - nodded twice instead of once. Use take 4."), under a heading of
        # its own too ("Session log\nTk 2: nods. He redid it in Tk 3: a shake. Use Tk 3."): the take named as kept
        # ("Use take 4", "Take 4 circled") drops the sentences that open with another take
        sentences = [x for x in re.split(r"(?<=[.!?])\s+|\n", text.strip()) if x.strip()]
        opening = [_TAKE_LINE.match(x) for x in sentences]
        dropped = [x for x, m in zip(sentences, opening) if m and m.group(1).lstrip("0") != kept[-1].lstrip("0")]
        left = [x for x in sentences if x not in dropped]
        if dropped and any(_MOTION.search(x) for x in left):   # ("… Use tk 5." with no take 5 said: as written)
            if "\n" not in text.strip():
                return " ".join(left)
            for x in dropped:
                text = text.replace(x, "", 1)
            return text
    if len(takes) < 2:
        return text
    good = [n for k, n in takes.items() if _GOOD_TAKE.match(lines[k][_TAKE_LINE.match(lines[k]).end():])]
    chosen = (kept or good or [None])[-1]
    if chosen is None or chosen.lstrip("0") not in takes.values():
        return text
    chosen = chosen.lstrip("0")
    keep = {k for k, n in takes.items() if n == chosen}
    for k in list(keep):
        same = _SAME_AS_TAKE.search(lines[k])
        if same:   # "T4: same as T3 but slower": the take it repeats, then what changes
            keep |= {j for j, n in takes.items() if n == same.group(1).lstrip("0")}
    return "\n".join(line for k, line in enumerate(lines) if k not in takes or k in keep)


# A dialogue choice's branches ("If the player picks Refuse: …", "Option B: …", "Branch 2 (player lies): …") and a note
# naming the one the description is for ("This ticket is for the Refuse branch only", "option A only").
_BRANCH_OPENING = re.compile(r"(?:^|(?<=[.!?]\s)|(?<=\n))[ \t]*(?:if\s+(?:the\s+)?player\s+(?:picks|chooses|selects|takes|"
                             r"goes\s+with)\s+(?:the\s+)?|(?:player\s+)?(?:option|branch|choice)\s+)"
                             r"['\"\u2018\u201c]?([\w-]+)['\"\u2019\u201d]?", re.IGNORECASE)
_KEPT_BRANCH = re.compile(r"\b(?:for|on)\s+(?:the\s+)?['\"\u2018\u201c]?([\w-]+)['\"\u2019\u201d]?\s+(?:branch|option|choice|"
                          r"path)\s+only\b|\b(?:branch|option|choice)\s+([\w-]+)\s+only\b", re.IGNORECASE)


def chosen_branch(text: str) -> str:
    """A dialogue choice read as the branch a note says it is for: the other branches' words (up to the next
    branch, line or the note) are dropped; unchanged without such a note or without another branch named."""
    kept = _KEPT_BRANCH.search(text)
    if kept is None:
        return text
    name = (kept.group(1) or kept.group(2)).lower()
    openings = list(_BRANCH_OPENING.finditer(text))
    if not any(m.group(1).lower() == name for m in openings):
        return text
    note = text.rfind("\n", 0, kept.start()) + 1
    note = max(note, *(m.end() for m in re.finditer(r"[.!?]\s", text[:kept.start()])), 0)
    out, at = [], 0
    for k, m in enumerate(openings):
        if m.group(1).lower() == name or m.start() == note:
            continue
        end = min([len(text)] + [e for e in (openings[k + 1].start() if k + 1 < len(openings) else len(text),
                                            text.find("\n", m.end()), note) if e > m.start()])
        out.append(text[at:m.start()])
        at = end
    return "".join(out) + text[at:]


def final_take(text: str, changes: "list[str] | None" = None) -> str:
    """The note with its failed takes and corrected words taken out (unchanged when it has none); what a later note
    takes back of the steps said before it is told in `changes`, one line each, where given."""
    text = _directors_cuts(text, changes)
    if not (_NO_GOOD.search(text) or re.search(_TAKE_BACK + r"|\binstead\b|\bredo\b|\bretake\b|^\s*reset\b|(?:^|[,.;:!?])\s*no\s*,",
                                               text, re.IGNORECASE)
            or re.search(r"(?:^|[,.;:!?])\s*actually\s*,", text, re.IGNORECASE)):
        return text
    units = [u.strip() for u in _UNIT.findall(text) if u.strip()]
    units = _drop_failed_takes(units)
    out: list[str] = []
    corrected = -1   # the unit a correction produced
    for unit in units:
        if _SPEECH in unit:
            out.append(unit)
            continue
        fixed = _correct_unit(unit, out)
        if fixed is not None and out and corrected == len(out) - 1 and _restates(out[-1], fixed):
            out.pop()   # "…, no wait, glance R instead. Glance R then nod.": the final take said again in full
        if fixed is not None:
            out.append(fixed)
            if fixed != unit:
                corrected = len(out) - 1
    return " ".join(out)


def _restates(before: str, after: str) -> bool:
    """Whether `after` opens with all the words of `before` (the corrected take said again, then more)."""
    a, b = re.findall(r"[\w']+", before.lower()), re.findall(r"[\w']+", after.lower())
    return bool(a) and b[:len(a)] == a


_PAST_TAKE = re.compile(r"^(?:in\s+|on\s+)?(?:the\s+)?(?:previous|last|first|earlier|old|other)\s+(?:take|version|pass|one)\b|"
                        r"^last\s+time\b", re.IGNORECASE)


def _drop_failed_takes(units: list[str]) -> list[str]:
    out: list[str] = []
    for i, unit in enumerate(units):
        later = i + 1 < len(units)
        redo = _REDO.match(unit)
        rest = unit[redo.end():].strip(" .!?;:,") if redo else ""
        if redo and out and rest and not _MOTION.search(rest) and _modifiers(rest):
            # "She tilted left; redo with right": only how the take before changes; what was said before it stays.
            # Where the take asked for was said in full before ("She nods, then tilts right. Last take she tilted
            # left; redo with right."), the old take's account goes.
            if _PAST_TAKE.match(out[-1]) and len(out) > 1:
                out.pop()
            else:
                body, end = _split_end(out[-1])
                out[-1] = _corrected(body, rest) + end
            continue
        if redo and out:
            out = []   # "Redo: look up, then nod": a new take replaces what was tried before
        if redo:
            unit = unit[redo.end():].strip()
            if unit.strip(" .!?;:,"):
                out.append(unit)
            continue
        if _NO_GOOD_ALONE.match(unit):
            if later and out:
                out.pop()   # "first take: tilt left. NG.": the take before it failed
            continue
        if _NO_GOOD.search(unit) and later:
            continue        # "NG: nodded when it should shake": what went wrong, not what to do
        out.append(unit)
    return out


def _split_end(unit: str) -> tuple[str, str]:
    m = re.search(r"[.!?;]+$", unit)
    return (unit[:m.start()], m.group(0)) if m else (unit, "")


def _correct_unit(unit: str, out: list[str]) -> str | None:
    """`unit` with its corrections applied; a correction that opens it replaces `out[-1]` (changed in place)."""
    body, end = _split_end(unit)
    instead = _INSTEAD.match(body)
    if instead and out and not re.search(r"\binstead\s+of\b", body, re.IGNORECASE):
        # "Shake head. Nod instead.", "Instead, she turns away": the sentence before is what was not meant
        body = (instead.group(1) or instead.group(3) or "").strip(" ,")
        body = _CORRECTION.sub("", body, count=1).strip(" ,") if _CORRECTION.match(body) else body
        out.pop()
        return body + end if body else None
    while True:
        m = _CORRECTION.search(body)
        bare = False
        if m is None:
            m = _BARE_NO.search(body)
            bare = m is not None
        if m is None:
            break
        before, after = body[:m.start()].strip(" ,:"), body[m.end():].strip(" ,:")
        after = re.sub(r"\s*,?\s*\binstead\b$", "", after, flags=re.IGNORECASE).strip(" ,")
        if bare and not ((_modifiers(after) and not _MOTION.search(after) and not _SUBJECT.match(after))
                         or re.match(_MOTION.pattern, after, re.IGNORECASE)):
            break   # "She shakes her head, no, …": a gloss, not a correction
        if before:
            body = _corrected(before, after)
            continue
        if not out:
            body = after   # a correction that opens the note corrects nothing said
            continue
        previous, previous_end = _split_end(out.pop())
        if not after:
            return None    # "Nod twice. Scratch that. Shake once.": both go
        body = _corrected(previous, after)
    return body + end if body else None


def _modifiers(text: str) -> dict[str, list]:
    found: dict[str, list] = {}
    sides = find_sides(text)
    if sides:
        found["sides"] = sides
    for name, finder in (("count", find_count), ("speed", find_speed), ("amplitude", find_amplitude)):
        f = finder(text)
        if f is not None:
            found[name] = [f]
    if "count" not in found and _BARE_NUMBER.match(text.strip()):
        found["count"] = [None]   # "should be two", "we want two, and smaller": a bare number is a count
    return found


# A number said alone, before the end or a comma ("two", "two, and smaller").
_BARE_NUMBER = re.compile(rf"({_NUMBER_WORD})(?=\s*(?:$|[,.;:!?]|and\b))", re.IGNORECASE)
# The number a note ends on, with who did it ("you've got four", "he did three"): the count a correction replaces.
_COUNTED_LAST = re.compile(rf"(?:\b(?:you|he|she|they|it|there)(?:'ve|'s|\s+have|\s+has|\s+are|\s+is)?\s+"
                           rf"(?:(?:got|gave|did|done|made)\s+)?)?\b{_NUMBER_WORD}(?=\s*$)", re.IGNORECASE)


def _corrected(wrong: str, right: str) -> str:
    """What `right` makes of `wrong`: itself if it says a motion or has a subject, else `wrong` with the modifiers
    `right` names put in place of its own."""
    if not right:
        return wrong
    new = _modifiers(right)
    named = _THE_MOTION.match(right)
    if named and new.get("sides") and re.search(rf"\b{named.group(1)}", wrong, re.IGNORECASE):
        # "turn her head to screen right, then back. Correction: the turn must go screen left": the side of the
        # motion said before changes; the other steps and the feeling stay
        return _side_of(wrong, named.group(1), new["sides"][0].words)
    head = re.match(r"(.*?\S)\s*,?\s+(?=(?:and\s+)?(?:then|after\s+that)\b)", right, re.IGNORECASE)
    if (head and new and not _SUBJECT.match(right) and _modifiers(head.group(1)) and not _MOTION.search(head.group(1))
            and _MOTION.search(right[head.end():])):
        # "turns left no sorry right and then holds": the side corrects the turn; what comes then is said after it
        return f"{_corrected(wrong, head.group(1))} {right[head.end():]}"
    if _MOTION.search(right) or _SUBJECT.match(right):
        return right
    if not new:
        return right
    if len({f.value for f in new.get("sides", [])}) == 1:
        new["sides"] = new["sides"][:1]   # "no, her right, her right": one side, said twice
    old = _modifiers(wrong)
    text = wrong
    if "count" in new and new["count"][0] is None:
        new["count"] = []
        number = _BARE_NUMBER.match(right.strip()).group(1)
        right_count = "once" if number.lower() in ("one", "1") else f"{number} times"
        said = list(_COUNTED_LAST.finditer(text))
        if "count" not in old and said:
            # "you've got four, we want two": the number the note counted is the one corrected
            text = text[:said[-1].start()] + right_count
            del new["count"]
    else:
        right_count = new["count"][0].words if "count" in new else ""
    if "sides" in new:
        mine, theirs = old.get("sides", []), new["sides"]
        if len(mine) >= len(theirs):
            # "look up then down. no, down then up": the sides in order; one side corrects the last said
            for f_old, f_new in reversed(list(zip(mine[len(mine) - len(theirs):], theirs))):
                text = text[:_at(text, f_old)] + f_new.words + text[_at(text, f_old) + len(f_old.words):]
        else:
            text = f"{text} {' '.join(f.words for f in theirs)}"
    for name in ("count", "speed", "amplitude"):
        if name not in new:
            continue
        words = right_count if name == "count" else new[name][0].words
        if name in old and old[name][0] is None:
            text = words   # "Three. Sorry, four.": a bare number corrected by another
            continue
        if name == "count" and name in old and _STEM.search(old[name][0].words) and not re.search(
                rf"\b(?:{_NUMBER_WORD}|once|twice|a\s+couple|several|many)\b", old[name][0].words, re.IGNORECASE):
            # "They like the shake but there are too many; cut it to two": the motion named, now counted
            words = f"{old[name][0].words} {words}"
        text = text.replace(old[name][0].words, words, 1) if name in old else f"{text} {words}"
    return text


# A correction that names a motion said before, by its noun ("the turn must be ...", "that tilt should go ...").
_THE_MOTION = re.compile(r"(?:the|that|this|his|her|their)\s+(?:head[\s-]*)?(nod|shak|tilt|turn|lean|glanc|look|bow)\w*\b",
                         re.IGNORECASE)


def _side_of(wrong: str, stem: str, side: str) -> str:
    """`wrong` with the first side said after its `stem` motion changed to `side` (or added after the motion's word
    when it has none)."""
    at = re.search(rf"\b{stem}\w*", wrong, re.IGNORECASE)
    for found in find_sides(wrong):
        if found.start >= at.start():
            return wrong[:found.start] + side + wrong[found.start + len(found.words):]
    return wrong[:at.end()] + " " + side + wrong[at.end():]


def _at(text: str, found) -> int:
    """Where a found side is in `text` (its offset, or its first occurrence when the text has changed)."""
    if text[found.start:found.start + len(found.words)].lower() == found.words.lower():
        return found.start
    return max(text.lower().find(found.words.lower()), 0)
