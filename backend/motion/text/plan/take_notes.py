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
  (`_takes_back`, `_changes_back`): "He nods, then tilts left. Lose the tilt." is the nod; "Bin the nods" takes
  every nod said; "Make that tilt a lean", "the glance should go right", "Two nods, not three", "Put the glance
  before the nod" change, recount or move it; each change is told in the plan's notes.
"""

from __future__ import annotations

import dataclasses
import re

from .lexicon import Found, find_amplitude, find_count, find_sides, find_speed

# A failed take, marked in production shorthand.
_NO_GOOD = re.compile(r"(?-i:\bNG\b)|\bn/g\b|\bno\s+good\b|\bbad\s+take\b|\bfailed\s+take\b|"
                      r"\btake\s*\d+\s+(?:was|is)\s+(?:all\s+)?(?:wrong|bad|off|a\s+mistake|unusable)\b", re.IGNORECASE)
_NO_GOOD_ALONE = re.compile(r"^(?:(?:take|tk)\s*\d+\s*)?(?:(?-i:NG)|n/g|no\s+good|bad\s+take)\s*(?:take\s*\d+\s*)?"
                            r"[.!?;,:]*$", re.IGNORECASE)
# A new take that replaces everything before it.
_REDO = re.compile(r"^(?:redo|re-do|retake|re-take|reset|take\s+it\s+again)\b(?:\s+(?:it|that))?(?:\s+with\b|\s*[:,])?\s*",
                   re.IGNORECASE)
# Words that take back what came before; after a sentence end, a comma or a colon.
_TAKE_BACK = (r"(?:no\s+wait|wait\s*,?\s*no|scratch\s+that|strike\s+that|cancel\s+that|forget\s+that|"
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
_SPEECH = "\u00ab"
_NUMBER_WORD = r"(?:one|two|three|four|five|six|seven|eight|nine|ten|\d{1,2})"


# "Do it without the turn", "same again but without the tilt": the take with that motion taken out.
_WITHOUT = r"(?:(?:do|keep|play)\s+(?:it|that|this)|same(?:\s+again)?|again|once\s+more)\s*,?\s+(?:but\s+)?without"


# A director's word on what to take out of the take ("lose the shake", "Cut the second nod", "drop the head turn",
# "no more nodding"): the motion it names is not in the final take. Only with a motion named as a noun: "drops her
# head" is a look down, "cuts her eyes left" a glance.
_MOTION_NOUN = (r"(?:head[\s-]*)?(?:nod(?:s|ding)?|shak(?:e|es|ing)|headshakes?|tilt(?:s|ing)?|turn(?:s|ing)?|lean(?:s|ing)?|"
                r"glanc(?:e|es|ing)|look-arounds?|look(?:s|ing)?|bow(?:s|ing)?|wag(?:s|ging)?|wobbl(?:e|es|ing)|bob(?:s|bing)?|"
                r"dip(?:s|ping)?|recoil(?:s|ing)?|flinch(?:es|ing)?|hold(?:s|ing)?|paus(?:e|es|ing)|beats?|"
                r"smil(?:e|es|ing)|grin(?:s|ning)?|laugh(?:s|ing)?|frown(?:s|ing)?|smirk(?:s|ing)?|glar(?:e|es|ing))")
_TAKE_OUT = re.compile(rf"(?:^|(?<=[,.;:!?])|(?=\s+(?:and|but)\s))\s*(?:(?:and|but|then|so|just|also|pls|please|now|actually|ok|okay)\s*,?\s+)*"
                       rf"(?:lose|drop|cut|kill|ditch|skip|scratch|remove|nix|get\s+rid\s+of|take\s+out|leave\s+out|"
                       rf"bin|axe|scrap|dump|forget|no\s+more|{_WITHOUT}|(?<![\w'])no)\s+(?:(?:the|that|this|your|his|her|their|all\s+the|any|both(?:\s+the)?)\s+)?"
                       rf"(?:(?:second|last|first|third|extra|big|little|small|whole|other|final)\s+)?{_MOTION_NOUN}\b"
                       rf"(?![\w-])(?!\s+(?:instead|to|at|toward|towards|into|down|up|left|right)\b)[^,.;:!?]*",
                       re.IGNORECASE)
# A note taken back whole ("Forget my last note about nodding.", "ignore the earlier comment on the tilt"): what
# it asked for is no step.
_NOTE_TAKEN_BACK = re.compile(r"(?:^|(?<=[,.;:!?]))\s*(?:(?:and|but|so|ok(?:ay)?|also|actually)\s*,?\s+)*"
                              r"(?:scratch|ignore|forget|disregard|drop|cancel)\s+(?:my|the|that|this|our)\s+"
                              r"(?:(?:earlier|last|previous|first|old|other)\s+)?(?:note|comment|idea|suggestion|request)s?"
                              r"\s+(?:about|on|re|regarding)\b[^.;!?]*", re.IGNORECASE)
# A verb that only ever takes a motion out ("Cut the glance at the door at the end", "remove the nod to camera",
# "lose the tilt at the top"),
# whatever place or cue follows it; a cut that shortens ("cut the turn short", "cut the nods down to two") keeps it.
_CUT_OUT = re.compile(rf"(?:^|(?<=[,.;:!?]))\s*(?:(?:and|but|then|so|just|also|pls|please|now|actually)\s*,?\s+)*"
                      rf"(?:cut|kill|ditch|remove|nix|scratch|lose|skip|bin|axe|scrap|dump|get\s+rid\s+of|take\s+out|leave\s+out)\s+"
                      rf"(?:(?:the|that|this|your|his|her|their|all\s+the|any)\s+)?"
                      rf"(?:(?:second|last|first|third|extra|big|little|small|whole|other|final)\s+)?{_MOTION_NOUN}\b"
                      rf"(?![\w-])(?!\s+instead\b)(?![^,.;:!?]*\b(?:short|shorter|down\s+to|back\s+to|in\s+half)\b)"
                      rf"[^,.;:!?]*", re.IGNORECASE)
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
_STEM = re.compile(r"(?:head[\s-]*)?(headshake|nod|shak|tilt|turn|lean|glanc|look|bow|wag|wobbl|bob|dip|recoil|flinch|hold|"
                   r"paus|beat|smil|grin|laugh|frown|smirk|glar)", re.IGNORECASE)


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
                           r"in\s+the\s+(?:current|live|latest|shipped)\s+(?:take|version|cut|pass|edit|build|patch))\s*[,:]?\s+[^.;!?]*?"
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
    return text


# A later note that takes back a motion said before it ("He nods, then tilts left. Lose the tilt.", "Bin the nods.",
# "the glance can go", "no more tilting", "the shake is too much, cut it"): the step said before goes (guide, rule 7).
# Only with a motion named as a noun after the verb: "drops her head" is a look down, "loses her temper" no motion.
_CUT_WORDS = (rf"lose|drop|cut|kill|ditch|skip|scratch|remove|nix|bin|axe|scrap|dump|get\s+rid\s+of|take\s+out|"
              rf"leave\s+out|no\s+more|{_WITHOUT}")
_WHICH = r"(?P<{}>second|last|first|third|final|both|all|all\s+the|all\s+those|any)"
_CUT_NAMED = re.compile(rf"(?:^|(?<=[,.;:!?])|(?<=\s))(?:(?:and|but|then|so|just|also|pls|please|now|actually|ok|okay|no)\s*,?\s+)*"
                        rf"(?:{_CUT_WORDS})\s+(?:{_WHICH.format('all')}\s+)?(?:(?:the|that|this|those|these|your|his|her|their)\s+)?"
                        rf"(?:{_WHICH.format('which')}\s+)?(?:(?:extra|big|little|small|whole|other|head)\s+)?(?P<noun>{_MOTION_NOUN})\b(?![\w-])"
                        # (the way it went, or the thing it went to: "Scratch the look to the door")
                        rf"(?P<way>\s+(?:back|(?:to\s+(?:the\s+|his\s+|her\s+|their\s+)?)?(?:left|right)|up|down)\b|"
                        rf"\s+(?:to|toward|towards|at)\s+(?:the|his|her|their)\s+(?!left\b|right\b)[\w'-]+\b)?"
                        rf"(?!\s+(?:instead|to|at|toward|towards|into|short|shorter|down\s+to|back\s+to|in\s+half)\b)",
                        re.IGNORECASE)
# "… and the tilt can go", "That nod has to go.", "the shake is too much, cut it": the motion named, then its cut.
_CAN_GO = re.compile(rf"(?:^|(?<=[,.;:!?])\s*)(?:(?:and|but|so|also|ok|okay)\s*,?\s+)*(?:the|that|this|those|these|his|her|their)\s+"
                     rf"(?:{_WHICH.format('which')}\s+)?(?:(?:extra|big|little|small|whole|other|head)\s+)?(?P<noun>{_MOTION_NOUN})\b(?![\w-])"
                     rf"(?P<way>\s+(?:back|(?:to\s+(?:the\s+|his\s+|her\s+|their\s+)?)?(?:left|right)|up|down)\b)?\s+"
                     rf"(?:(?:can|could|has\s+to|have\s+to|needs?\s+to|must|should)\s+go\b(?=\s*(?:[,.;!?]|$|now|too|entirely|completely|as\s+well))|"
                     rf"(?:is|are|'s|feels?|reads?)\s+(?:way\s+|much\s+|a\s+bit\s+|just\s+)?too\s+much\s*[,;:\u2013\u2014-]+\s*"
                     rf"(?:so\s+)?(?:{_CUT_WORDS})\s+(?:it|them)\b)[^.;!?]*", re.IGNORECASE)
# The words of each motion as said in a take (verb or noun), for finding the step a later note takes back.
_SAID_AS = {"nod": r"nod(?:s|ded|ding)?", "shake": r"shak(?:e|es|ing)|shook|headshakes?", "tilt": r"tilt(?:s|ed|ing)?",
            "turn": r"turn(?:s|ed|ing)?", "lean": r"lean(?:s|ed|ing|t)?", "glance": r"glanc(?:e|es|ed|ing)",
            "look": r"look(?:s|ed|ing)?", "wag": r"wag(?:s|ged|ging)?", "bow": r"bow(?:s|ed|ing)?",
            "hold": r"hold(?:s|ing)?|held|paus(?:e|es|ed|ing)|beats?|freez(?:e|es|ing)|froze",
            "recoil": r"recoil(?:s|ed|ing)?|flinch(?:es|ed|ing)?"}
_ACTION_OF = {"headshak": "shake", "shak": "shake", "glanc": "glance", "paus": "hold", "beat": "hold", "flinch": "recoil"}
# What refers to a step rather than says it ("keep the nod", "that tilt"): not a step of its own to take back.
# ("The owl nods" is a step: the word after "the" is its subject, not a size of the motion)
_REFERRED = re.compile(r"\b(?:the|that|this|those|these|keep|love|like)\s+(?:(?:small|big|little|slow|quick|fast|first|second|"
                       r"third|last|final|head|extra|tiny|single|other|whole|sharp|soft|long|short|slight|subtle|double)\s+)?$",
                       re.IGNORECASE)
_PART_BREAK = re.compile(r"\s*,?\s+(?:and\s+then|then|and|but|before|after|while)\s+|\s+[\u2013\u2014-]+\s+", re.IGNORECASE)
_SUBJECT_OPENING = re.compile(r"^\s*(?i:(?:then|and|so|now)\s+)?(?:(?i:he|she|they|it|i|you|we)|[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)?"
                              r"|(?i:the)\s+[\w'-]+)\s+")


def _cut_action(noun: str) -> str | None:
    stem = _STEM.match(noun)
    if not stem:
        return None
    word = stem.group(1).lower()
    action = _ACTION_OF.get(word, word)
    return action if action in _SAID_AS else None


def _steps_said(text: str, action: str, way: str) -> list[re.Match]:
    """Where `text` says a step of `action` (its verb, or its noun said as a step: "a nod", "two nods"), not where it
    refers to one ("keep the nod") nor in speech; with `way` ("back", "left", "up") only the ones said with it."""
    said = []
    for m in re.finditer(rf"\b(?:head[\s-]*)?(?:{_SAID_AS[action]})\b", text, re.IGNORECASE):
        if _REFERRED.search(text[:m.start()]) or text.count(_SPEECH, 0, m.start()) % 2:
            continue
        if way:
            part = _part_at(text, m.start())
            if not re.search(rf"\b{re.escape(way.split()[-1])}\b", text[part[0]:part[1]], re.IGNORECASE):
                continue
        elif action == "turn" and re.match(r"\w*\s+(?:\w+ly\s+)?back\b", text[m.start():], re.IGNORECASE):
            continue   # "turns back" is a return, not the turn a note cuts
        said.append(m)
    return said


def _part_at(text: str, at: int) -> tuple[int, int]:
    """The part of its sentence `at` is in: between punctuation and the words that join steps ("then", "and")."""
    start = max(text.rfind(c, 0, at) for c in ".;:!?,") + 1
    ends = [e for e in (text.find(c, at) for c in ".;:!?,") if e >= 0]
    end = min(ends) if ends else len(text)
    for b in _PART_BREAK.finditer(text, start, end):
        if b.end() <= at:
            start = b.end()
        elif b.start() >= at:
            end = b.start()
            break
    return start, end


def _without_step_at(text: str, at: int) -> str:
    """`text` with the step said at `at` taken out, with the words joining it to the one before or after; a subject
    that opens it stays with the step after ("She nods twice and looks down" → "She looks down")."""
    start, end = _part_at(text, at)
    sentence_start = max(text.rfind(c, 0, start) for c in ".;!?") + 1
    stops = [e for e in (text.find(c, end) for c in ".;!?") if e >= 0]
    sentence_end = min(stops) if stops else len(text)
    opens = not text[sentence_start:start].strip(" ,:\u2013\u2014-")
    if opens and not text[end:sentence_end].strip(" ,:\u2013\u2014-"):
        # the whole sentence says the step: it goes with its full stop
        stop = re.match(r"[.;!?]*\s*", text[sentence_end:])
        return text[:sentence_start] + (" " if sentence_start else "") + text[sentence_end + stop.end():]
    if opens:
        # "Tilting left, she nods", "She tilts left and nods": up to the next step's words, the subject kept
        join = re.match(rf"\s*,?\s*(?:(?:and\s+then|then|and|but|so)\s+)?|{_PART_BREAK.pattern}", text[end:], re.IGNORECASE)
        subject = _SUBJECT_OPENING.match(text[start:at])
        keep = start + subject.end() if subject else start
        return text[:keep] + text[end + join.end():]
    joined = re.search(rf"(?:{_PART_BREAK.pattern}|\s*[,:]\s*)$", text[sentence_start:start], re.IGNORECASE)
    return text[:sentence_start + joined.start() if joined else start] + text[end:]


# Motions listed, then cut ("Everything else - the head wag, the lean forward - cut.", "the tilt and the glance, lose
# them"): each is taken back, and the list is no step.
_LISTED = rf"(?:the|that|this|his|her|their)\s+(?:[\w-]+\s+)?{_MOTION_NOUN}\b(?![\w-])(?:\s+(?:back|forward|left|right|up|down|around))?"
_LIST_CUT = re.compile(rf"(?:^|(?<=[.;!?:]))\s*(?:(?:and|but|also|so)\s+)?(?:(?:everything\s+else|the\s+rest|all\s+the\s+rest)\s*"
                       rf"[-\u2013\u2014:,]?\s*)?(?P<items>{_LISTED}(?:\s*(?:,\s*(?:and\s+)?|\band\s+){_LISTED})*)\s*"
                       rf"[-\u2013\u2014:,]+\s*(?:{_CUT_WORDS})(?:\s+(?:them|it|all\s+of\s+them|them\s+all|both))?"
                       rf"(?:\s+(?:entirely|completely|too|as\s+well))?\s*(?=[.;!?]|$)", re.IGNORECASE)


def _takes_back(text: str, changes: "list[str] | None") -> str:
    """`text` with each step a later note takes back ("Lose the tilt", "Bin the nods", "the glance can go") taken out
    where it was said before the note; the note itself is left for `_TAKE_OUT`/`_CUT_OUT`, which add no step (a
    list cut, "the wag and the tilt - cut", goes here)."""
    k = 0
    while True:
        found = sorted([*_CUT_NAMED.finditer(text), *_CAN_GO.finditer(text), *_LIST_CUT.finditer(text)], key=lambda f: f.start())
        if k >= len(found):
            return text
        m = found[k]
        k += 1
        cut = re.sub(r"^(?:(?:actually|no|wait|oh|ok(?:ay)?|sorry|and|but|so)\s*,?\s+)+", "", text[m.start():m.end()].strip(" ,.;"),
                     flags=re.IGNORECASE)
        if m.re is _LIST_CUT:
            items = [(i.group(1), (i.group(2) or "").strip(), "") for i in re.finditer(
                rf"({_MOTION_NOUN})\b(?![\w-])(\s+(?:back|forward|left|right|up|down|around))?", m.group("items"), re.IGNORECASE)]
        else:
            items = [(m.group("noun"), (m.group("way") or "").strip(), (m.group("which") or m.groupdict().get("all") or "").lower())]
        start, end, taken = m.start(), m.end(), 0
        for noun, way, which in items:
            length = len(text)
            text, said = _take_back(text, start, noun, way, which)
            start, end, taken = start - (length - len(text)), end - (length - len(text)), taken + abs(said)
            if said and changes is not None:
                steps = "the step" if said == 1 else f"the {said} steps" if said > 1 else "one count from the step"
                changes.append(f"a later note takes back {steps} of the {noun.lower()}{' ' + way.lower() if way else ''} "
                               f"said before it (“{cut}”)")
        if m.re is _LIST_CUT or (m.re is _CAN_GO and taken):
            # (a note on a motion not said before, "that bobbing has to go", is left to `_GOES`)
            text, k, end = text[:start] + " " + text[end:], k - 1, start + 1
        if taken:
            text = _note_applied(text, start, end)


# Words that say the note beside them takes something back ("Actually no, cut the lean", "scrap the wag, actually:
# she faces the lens instead"): once the note has taken its step back, they would take back another.
_TAKING_BACK_BEFORE = re.compile(r"(?:(?:actually|no|wait|oh|ok(?:ay)?|sorry|hmm+)\s*,?\s*)+$", re.IGNORECASE)
_TAKING_BACK_AFTER = re.compile(r"^(?P<note>[^,.;:!?]*?)\s*,\s*(?:actually|no\s+wait|wait)\s*[:,]\s*", re.IGNORECASE)


_ENDS_ON = re.compile(rf"^(?P<note>[^,.;:!?]*?)\s*,\s*(?:and\s+|just\s+|so\s+)?(?:end|finish|stop)\s+on\s+(?:the|that|this|his|her)\s+"
                      rf"(?:[\w-]+\s+)?(?P<noun>{_MOTION_NOUN})\b(?![\w-])[^,.;!?]*", re.IGNORECASE)


def _note_applied(text: str, start: int, end: int) -> str:
    """`text` with the words beside the note at `start`-`end` that say it takes something back taken out, and the
    "instead" of what it asks for in their place ("…, actually: she faces the lens instead" is that step)."""
    ends_on = _ENDS_ON.match(text[end:])
    if ends_on and _cut_action(ends_on.group("noun")) and _steps_said(text[:start], _cut_action(ends_on.group("noun")), ""):
        # "cut the lean back in, end on the recoil": the take ends on the step said before, no step of its own
        text = text[:end] + ends_on.group("note") + text[end + ends_on.end():]
    after = _TAKING_BACK_AFTER.match(text[end:])
    if after:
        rest = text[end + after.end():]
        stop = re.search(r"[.;!?]", rest)
        stop = stop.start() if stop else len(rest)
        rest = re.sub(r"\s*,?\s*\binstead\b(?!\s+of)", "", rest[:stop], count=1, flags=re.IGNORECASE) + rest[stop:]
        text = text[:end] + after.group("note") + ". " + rest[:1].upper() + rest[1:]
    opening = re.match(r"\s*(?:(?:actually|no|wait|oh|ok(?:ay)?|sorry)\s*,?\s+)+", text[start:end], re.IGNORECASE)
    if opening:   # ("Actually no, cut the lean": said in the note's own words)
        text = text[:start] + " " + text[start + opening.end():]
    before = _TAKING_BACK_BEFORE.search(text[:start])
    if before and (before.start() == 0 or text[:before.start()].rstrip()[-1:] in ".;!?"):
        text = text[:before.start()] + text[start:]
    return text


def _take_back(text: str, at: int, noun: str, way: str, which: str) -> "tuple[str, int]":
    """`text` without the step(s) of `noun` said before `at` that a note takes back, and how many went: the nearest
    one; the first, second or third where said; every one for "the nods", "both", "all"."""
    action = _cut_action(noun)
    said = _steps_said(text[:at], action, way) if action else []
    nth = ("first", "second", "third").index(which) + 1 if which in ("first", "second", "third") else 0
    if nth > 1 and len(said) == 1 and action in ("nod", "shake", "glance", "wag"):
        count = _count_at(text, said[0])
        if count is not None and count.value >= nth:
            # "He nods three times. Cut the second nod.": one nod fewer in the step said
            return _counted(text, count, count.value - 1, action)[0], -1
    if which == "first":
        said = said[:1]
    elif which == "second":
        said = said[1:2]
    elif which == "third":
        said = said[2:3]
    elif not (which.startswith("all") or which in ("both", "any") or noun.lower().endswith(("s", "ing"))):
        said = said[-1:]   # the nearest step of that motion said before
    for s in reversed(said):
        text = _without_step_at(text, s.start())
    return text, len(said)


# A later note that makes a motion said before another one or sends it another way ("He tilts left. Make that tilt a
# lean.", "Change the shake to a nod.", "swap the nod for a shake", "the glance should go right, not left"): the step
# said before changes in place, and the note adds no step of its own.
_NOTE_OPENING = r"(?:^|(?<=[,.;:!?])|(?<=\s))\s*(?:(?:and|but|so|just|also|please|pls|now|ok|okay|oh)\s*,?\s+)*"
_THE = r"(?:the|that|this|his|her|their)\s+(?:(?:extra|big|little|small|head)\s+)?"
_INTO = re.compile(rf"{_NOTE_OPENING}(?:(?:make|change|turn|switch|swap|replace|trade)\s+{_THE}(?P<old>{_MOTION_NOUN})\b(?![\w-])"
                   rf"(?:\s+(?:left|right|up|down|back|forward))?\s*(?:(?:in)?to|for|with|by)?\s*|{_THE}(?P<old2>{_MOTION_NOUN})\b(?![\w-])"
                   rf"\s+(?:should\s+be|becomes|(?:needs|has)\s+to\s+be|must\s+be)\s+)(?P<asked>(?:a|an|one|just\s+a)\s+)(?:[\w-]+\s+)?"
                   rf"(?P<new>nod|shake|headshake|tilt|turn|lean|glance|look)\b(?![\w-])(?P<way>\s+(?:left|right|up|down|back|forward)\b)?"
                   rf"(?:\s+instead)?(?=\s*(?:[,.;!?]|$))",
                   re.IGNORECASE)
_SIDE_WORD = r"(?:to\s+(?:the\s+|his\s+|her\s+|their\s+)?)?(?P<{}>left|right|up|down)\b"
_GOES_WAY = re.compile(rf"{_NOTE_OPENING}{_THE}(?P<old>{_MOTION_NOUN})\b(?![\w-])\s+(?:should|needs\s+to|has\s+to|must)\s+"
                       rf"(?:go|be|point|head)\s+{_SIDE_WORD.format('side')}(?:\s*,?\s*(?:not|instead\s+of|rather\s+than)\s+"
                       rf"{_SIDE_WORD.format('wrong')})?(?=\s*(?:[,.;!?]|$))", re.IGNORECASE)
# The word of each motion in each form, to say a step as another motion in the words it was said in.
_FORMS = {"nod": ("nod", "nods", "nodded", "nodding"), "shake": ("shake", "shakes", "shook", "shaking"),
          "tilt": ("tilt", "tilts", "tilted", "tilting"), "turn": ("turn", "turns", "turned", "turning"),
          "lean": ("lean", "leans", "leaned", "leaning"), "glance": ("glance", "glances", "glanced", "glancing"),
          "look": ("look", "looks", "looked", "looking")}


# The ways a motion made into another cannot go ("Make that tilt a lean": a lean has no left or right).
_NO_SUCH_WAY = {"lean": "left|right|up|down", "nod": "left|right|up|down", "shake": "left|right|up|down",
                "tilt": "up|down", "turn": "up|down"}


def _as_other_motion(word: str, action: str) -> str:
    w = word.lower().split()[-1].split("-")[-1]
    form = 3 if w.endswith("ing") else 2 if w.endswith(("ed", "shook", "leant")) else 1 if w.endswith("s") else 0
    new = _FORMS[action][form]
    return new.capitalize() if word[:1].isupper() else new


# A later note that changes how many times a motion said before is done ("He nods three times. Two nods, not three.",
# "one fewer nod"): the count of the step said before changes, and the note adds no step.
_COUNTED = r"(?P<noun>nods?|shakes?|headshakes?|glances?|wags?)"
_RECOUNTED = re.compile(rf"{_NOTE_OPENING}(?:(?:just|only)\s+)?(?P<n>{_NUMBER_WORD})\s+{_COUNTED}\s*,?\s*(?:not|instead\s+of|rather\s+than)\s+"
                        rf"(?P<was>{_NUMBER_WORD})\b(?=\s*(?:[,.;!?]|$))|"
                        rf"{_NOTE_OPENING}not\s+(?P<was2>{_NUMBER_WORD})\s+{_COUNTED.replace('noun', 'noun2')}\s*,\s*(?:just\s+|only\s+)?"
                        rf"(?P<n2>{_NUMBER_WORD})\b(?=\s*(?:[,.;!?]|$))|{_NOTE_OPENING}(?:(?:just|and|but)\s+)?one\s+(?:fewer|less)\s+"
                        rf"{_COUNTED.replace('noun', 'fewer')}\b(?=\s*(?:[,.;!?]|$|please|pls))", re.IGNORECASE)
_NUMBER_VALUE = {w: k for k, w in enumerate(("zero", "one", "two", "three", "four", "five", "six", "seven", "eight",
                                               "nine", "ten"))}


def _number(words: str) -> "int | None":
    w = words.lower()
    return int(w) if w.isdigit() else _NUMBER_VALUE.get(w)


def _recounted(m: re.Match, text: str) -> "tuple[str, str] | None":
    """The text with the count of the step `m` recounts changed, and what changed; None where no step said before
    has a count to change."""
    action = _cut_action(m.group("noun") or m.group("noun2") or m.group("fewer"))
    said = _steps_said(text[:m.start()], action, "") if action else []
    asked, was = m.group("n") or m.group("n2"), m.group("was") or m.group("was2")
    for at in reversed(said):
        count = _count_at(text, at)
        if count is None:
            continue
        n = _number(asked) if asked else count.value - 1
        if n == count.value:
            return text[:m.start()] + " " + text[m.end():], ""   # "nod twice … NOT three nods, two": said so already
        if was and _number(was) != count.value or not n:
            return None
        changed, what = _counted(text, count, n, action)
        shift = len(changed) - len(text)
        return changed[:m.start() + shift] + " " + changed[m.end() + shift:], what
    return None


def _count_at(text: str, at: re.Match) -> "Found | None":
    """The number said with the step at `at` ("nods three times", "two nods"), its start in `text`; None without one."""
    start, end = _part_at(text, at.start())
    count = find_count(text[start:end])
    if count is None or not isinstance(count.value, int) or count.value < 1:
        return None
    return dataclasses.replace(count, start=start + count.start)


def _counted(text: str, count: Found, n: int, action: str) -> "tuple[str, str]":
    """`text` with `count` said as `n`, and what changed."""
    words = what = "once" if n == 1 else "twice" if n == 2 else f"{n} times"
    if re.match(r"\w+\s+(?:nod|shake|headshake|glance|wag)s?\b", count.words) or re.search(_MOTION_NOUN, count.words, re.IGNORECASE):
        words = f"{'a' if n == 1 else n} {action}{'' if n == 1 else 's'}"   # "three nods" said as a noun
    return (text[:count.start] + words + text[count.start + len(count.words):],
            f"the {action} said before it is done {what}")


# A later note that moves a motion said before ("He nods, then glances at the door. Put the glance before the nod.",
# "the nod should come after the tilt", "the tilt comes first"): the step said before is said again where it goes.
_MOVED = re.compile(rf"{_NOTE_OPENING}(?:(?:put|move|have|do|place)\s+{_THE}(?P<a>{_MOTION_NOUN})\b(?![\w-])\s+|{_THE}(?P<a2>{_MOTION_NOUN})"
                    rf"\b(?![\w-])\s+(?:should\s+|needs\s+to\s+|has\s+to\s+|must\s+)?(?:comes?|go(?:es)?|happens?|be)\s+)"
                    rf"(?:(?P<when>before|after|ahead\s+of)\s+{_THE}(?P<b>{_MOTION_NOUN})\b(?![\w-])|(?P<first>first))"
                    rf"(?:\s*,?\s*not\s+(?:after|before|last|second)(?:\s+{_THE}?{_MOTION_NOUN})?)?(?=\s*(?:[,.;!?]|$))",
                    re.IGNORECASE)


def _moved(m: re.Match, text: str) -> "tuple[str, str] | None":
    """The text with the step `m` moves said again where it goes, and what moved; None where it is not said before."""
    action = _cut_action(m.group("a") or m.group("a2"))
    note_at = m.start()
    said_a = _steps_said(text[:note_at], action, "") if action else []
    if m.group("first"):
        others = [w for other in _SAID_AS if other != action for w in _steps_said(text[:note_at], other, "")]
        said_b, before = sorted(others, key=lambda w: w.start())[:1], True
    else:
        other = _cut_action(m.group("b"))
        said_b = _steps_said(text[:note_at], other, "") if other else []
        before = m.group("when").lower() != "after"
    if not said_a or not said_b:
        return None
    a, b = said_a[-1].start(), (said_b[0] if m.group("first") else said_b[-1]).start()
    note = text[m.start():m.end()]
    text = text[:m.start()] + " " + text[m.end():]
    if (a < b) == before:
        return text, ""   # already in that order: the note only says so
    a_start, a_end = _part_at(text, a)
    piece = text[a_start:a_end]
    piece = piece[_SUBJECT_OPENING.match(piece).end():] if _SUBJECT_OPENING.match(piece) else piece
    piece = re.sub(r"^\s*(?:(?:and\s+)?then|and)\s+", "", piece.strip(), flags=re.IGNORECASE)
    b_mark = "\x00"
    text = text[:b] + b_mark + text[b:]
    text = _without_step_at(text, a + (1 if a > b else 0))
    b = text.index(b_mark)
    text = text.replace(b_mark, "")
    b_start, b_end = _part_at(text, b)
    if before:
        opening = _SUBJECT_OPENING.match(text[b_start:b])
        at = b_start + (opening.end() if opening else len(text[b_start:b]) - len(text[b_start:b].lstrip()))
        text = text[:at] + piece + ", then " + text[at:]
    else:
        text = text[:b_end] + ", then " + piece + text[b_end:]
    return text, f"the {action} said before it goes {'first' if m.group('first') else m.group('when').lower() + ' the ' + m.group('b').lower()} (“{note.strip(' ,.;')}”)"


def _changes_back(text: str, changes: "list[str] | None") -> str:
    """`text` with each step a later note changes ("Make that tilt a lean", "the glance should go right, not left")
    changed where it was said before the note, and the note taken out."""
    k = 0
    while True:
        found = sorted([*_INTO.finditer(text), *_GOES_WAY.finditer(text), *_RECOUNTED.finditer(text),
                        *_MOVED.finditer(text)], key=lambda f: f.start())
        if k >= len(found):
            return text
        m = found[k]
        k += 1
        if m.re is _RECOUNTED or m.re is _MOVED:
            changed = _recounted(m, text) if m.re is _RECOUNTED else _moved(m, text)
            if changed is not None:
                text, what = changed
                k -= 1
                if changes is not None and what:
                    changes.append(f"a later note changes a step: {what}" + (
                        f" (“{m.group(0).strip(' ,.;')}”)" if m.re is _RECOUNTED else ""))
            continue
        if re.search(rf"(?:{_TAKE_BACK})\s*[:,]?\s*$", text[:m.start()], re.IGNORECASE):
            continue   # "Correction: the turn must be to his right" is read as a correction (`_corrected`)
        old = m.group("old") or m.groupdict().get("old2")
        action = _cut_action(old)
        said = _steps_said(text[:m.start()], action, "") if action else []
        if m.re is _GOES_WAY and m.group("wrong"):
            said = [w for w in said if re.search(rf"\b{m.group('wrong')}\b", text[w.start():_part_at(text, w.start())[1]],
                                                 re.IGNORECASE)]
        new = _cut_action(m.group("new")) if m.re is _INTO else None
        if m.re is _INTO and new in _FORMS and not said and m.group("old"):
            # "Can we swap the nod for a shake?", "Replace the glance down with a proper look down, slow" with no nod
            # or glance said: the take's motion is not told, the one asked for is
            text = text[:m.start()] + " " + text[m.start("asked"):]
            continue
        if not said or (m.re is _INTO and new not in _FORMS):
            continue
        at, note = said[-1], text[m.start():m.end()].strip(" ,.;")
        if m.re is _INTO:
            changed = _as_other_motion(at.group(0), new)
            if re.search(r"\b(?:shak|shook|tilt|turn)", at.group(0), re.IGNORECASE) and new in ("nod", "glance", "look", "lean"):
                # "shakes her head" → "nods": the head goes with the verb it belonged to
                rest = re.sub(r"^\s+(?:his|her|their|its|your|my|the)\s+head\b", "", text[at.end():], count=1, flags=re.IGNORECASE)
            else:
                rest = text[at.end():]
            what = f"the {old.lower()} said before it is a {new}"
            end = _part_at(text, at.start())[1] - (len(text) - len(rest))
            if end > 0 and _NO_SUCH_WAY.get(new):
                # "tilts left" made a lean: a lean goes forward or back, so the side of the tilt goes
                rest = re.sub(rf"\s+(?:to\s+(?:the\s+|his\s+|her\s+|their\s+|its\s+)?)?(?:{_NO_SUCH_WAY[new]})\b", "",
                              rest[:end], flags=re.IGNORECASE) + rest[end:]
            if m.group("way") and end >= 0:
                # "Replace the glance down with a look up": the way said with the new motion is its way
                way = m.group("way").strip()
                said_way = re.search(r"\b(?:left|right|up|down|back|forward)\b", rest[:end], re.IGNORECASE)
                rest = (rest[:said_way.start()] + way + rest[said_way.end():] if said_way else f" {way}{rest}")
        else:
            end = _part_at(text, at.start())[1]
            way = m.group("wrong") or r"left|right|up|down"
            wrong = re.search(rf"\b(?:{way})\b", text[at.start():end], re.IGNORECASE)
            if wrong is None:   # "She glances, then nods. The glance should go right.": the way is added
                changed = f"{at.group(0)} {m.group('side')}{text[at.end():end]}"
            else:
                changed = text[at.start():at.start() + wrong.start()] + m.group("side") + text[at.start() + wrong.end():end]
            rest = text[end:]
            what = f"the {old.lower()} said before it goes {m.group('side').lower()}"
        text = text[:at.start()] + changed + rest[:m.start() - (len(text) - len(rest))] + " " + text[m.end():]
        k -= 1
        if changes is not None:
            changes.append(f"a later note changes a step: {what} (“{note}”)")


def _directors_cuts(text: str, changes: "list[str] | None" = None) -> str:
    """`text` without the motions the director takes out and the verdicts on the take before."""
    text = _takes_back(_changes_back(_scratch_places(_without_the_take_as_it_is(text)), changes), changes)
    text = _MEANT_BUT.sub(lambda m: m.group(0) if not _MOTION.search(m.group(1)) else
                          "" if _MOTION.search(m.string[m.end():]) else f"should {m.group(1)}", text)
    text = re.sub(rf"\bless\s+is\s+more\s+(?:on|with|for)\s+(?:the|that|your)\s+({_MOTION_NOUN})\b", r"a small \1", text, flags=re.IGNORECASE)
    text = _SPEED_THE.sub(lambda m: " " if _said_before(m, m.group(2)) else
                          f"a {m.group(2)} {'faster' if m.group(1).lower() == 'speed' else 'slower'}", text)
    text = _SAME_BUT.sub(lambda m: "same" if _said_before(m, m.group(1)) else m.group(0), text)
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
_RECAP_OPENING = re.compile(r"^(?:(?:so|ok(?:ay)?|right|basically|recap|to\s+recap|in\s+short|summing\s+up)\s*[:,]\s*)+",
                            re.IGNORECASE)
_WAY = re.compile(r"\b(?:left|right|up|down|back|front|forward|centre|center)\b", re.IGNORECASE)


def _without_a_recap(units: list[str]) -> list[str]:
    said = [k for k, u in enumerate(units) if _MOTION.search(u) or _WAY.search(u)]
    if len(said) < 2:
        return units
    last = said[-1]
    body = _RECAP_OPENING.sub("", units[last].strip()).strip(" .!?")
    items = [i.strip() for i in body.split(",") if i.strip()]
    if (len(items) < 3 or ":" in body or _SUBJECT.match(body) or any(len(i.split()) > 4 for i in items)
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
