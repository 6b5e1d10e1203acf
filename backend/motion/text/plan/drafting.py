"""Drafting steps from clause readings: which clauses become steps (`build_drafts`), which only add
modifiers to a neighbour, repeat the step before ("…, then two more") or borrow its verb ("…, then up").
"""

from __future__ import annotations

import dataclasses
import re

from protocols.motion_plan import REPEATING

from .clause_reading import ACTION_WORD, OTHER_BODY_PART, ClauseReading, has_emotion, split_words
from .clauses import SUBJECT_WORDS
from .fixed_readings import after_a_while, places_on_a_side
from .not_the_head import in_the_frame, not_the_head
from .subjects import about_someone_else, verb_of_the_character
from .note_words import NUMBER_WORD, keeps_what_it_named
from .prototypes import MOTION_CLASSES
from .lexicon import NUMBER_WORDS, PRONOUN, number_value

MOTION_MIN_SCORE = 0.40       # a clause closer than this to every action's prototypes moves nothing
READ_MIN_SCORE = 0.33         # below this for every class (motion, emotion, none) the clause is not understood
ONE_WORD_STEP_SCORE = 0.55    # a one-word clause this close to an action's prototypes is a step


@dataclasses.dataclass(eq=False)
class Draft:
    """A step being built: its reading, its clause(s) and how it is linked in time."""

    action: str
    side: str
    reading: ClauseReading
    sources: list[str]
    marker: str = ""
    sentence: int = 0
    participle: bool = False
    count: int | None = None
    speed: str = ""
    amplitude: str = ""
    degrees: float | None = None
    overlaps: int | None = None   # index into the draft list
    notes: list[str] = dataclasses.field(default_factory=list)
    confidence_scale: float = 1.0
    weak: bool = False            # a prepositional or one-word clause: folds into a neighbour
    repeats: int = 1              # "Nod, nod, nod": the bare verb said this many times
    borrowed: bool = False        # "…, then to the left": the verb is the step before's
    made_again: bool = False      # "…, then three tiny ones", "Again.": the step before, made again on purpose

    def absorb(self, other: "Draft", note: str) -> None:
        """`other` was said of this step (restated, kept, ended): its words become this step's, and the note says why."""
        self.sources.extend(other.sources)
        self.notes.append(note)


# A clause that opens with a preposition or is one word ("…, toward the noise", "…, firmly") only adds to
# the step next to it, unless it is all the sentence says ("With a nod.").
# "by the end he is shaking his head": a clause that opens with a preposition but has its own subject.
_OWN_SUBJECT = re.compile(rf"\b{PRONOUN}\s+[\w'-]+", re.IGNORECASE)
# ("…, right into the stranger's face": "right" only says directly)
_PREPOSITION = re.compile(r"(?:right\s+(?=(?:into|in)\s+(?:the|his|her|their|your|my|its|our)\s+(?:[\w'-]+\s+)?face\b))?"
                          r"(?:toward|towards|to|at|into|onto|over|from|in|on|upon|with|across|behind|like|for|without|by|"
                          r"under|through|past|near|beside|around)\b", re.IGNORECASE)


def _moves(r: ClauseReading) -> bool:
    m = r.motion
    if m.best == "none" or m.score < MOTION_MIN_SCORE:
        return False
    # "He stays calm", "She frowns": a feeling read as a weak hold or return is the feeling, not a step.
    if has_emotion(r) and m.best in ("hold", "return") and m.scores[m.best] - m.scores["none"] < 0.06:
        return False
    return True


def _is_fragment(r: ClauseReading) -> bool:
    """Only literal modifiers ("four times", "then up", "slowly", "small amplitude"); a clause with its own
    subject that reads as a motion ("she jerks back") is not one."""
    if _moves(r) and re.match(rf"(?:{'|'.join(SUBJECT_WORDS)})\b", r.clause.text, re.IGNORECASE):
        return False
    if not _moves(r) and not_the_head(r.clause.text):
        return False   # "…, nods and points left, …": the hand's side, no word for the step before
    if _moves(r) and _SPEED_VERB.match(r.clause.text):
        return False   # "…, jerks back, …": a verb the lexicon also reads as a speed is still a verb
    if r.clause.marker == "next" and _BACK_TO_SIDE.match(r.clause.text):
        return True   # "…, then back down at her notes": the verb of the step before
    if r.clause.marker == "next" and _moves(r) and _TO_A_PLACE.match(r.clause.text):
        return False   # "…, then to the bookcase once more": a move with the verb before, its count no modifier
    if after_a_while(r.clause):
        return False   # "…, and after a beat she turns": the beat is a pause of its own, not how long a step lasts
    if (_DURATION_ONLY.match(r.clause.text) or _ADVERBS_ONLY.fullmatch(r.clause.text.strip()) or
            _PATH_ONLY.fullmatch(r.clause.text.strip())
            or _COMPARATIVE_ONLY.fullmatch(r.clause.text.strip()) or _SPEED_ONLY.fullmatch(r.clause.text.strip())
            or _HOW_ONLY.fullmatch(r.clause.text.strip(" ?!."))):
        return True   # "…, just for a second", "…, more firmly": how, not a step of its own
    return r.has_modifiers and len(r.content_words) <= 1 and not (_moves(r) and r.content_words and
                                                                  r.content_words[0] not in _MODIFIER_NOUNS)


_SPEED_VERB = re.compile(r"^(?:\w+ly\s+)?(?:jerks?|jerked|snaps?|snapped|darts?|darted|flicks?|flicked|spins?|spun|"
                         r"drifts?|drifted|whirls?|whirled|jolts?|jolted)\b", re.IGNORECASE)
_BACK_TO_SIDE = re.compile(r"back\s+(?:up|down|(?:over\s+)?(?:to\s+(?:the|his|her|their|your)\s+)?(?:left|right))\b",
                          re.IGNORECASE)
_TO_A_PLACE = re.compile(r"(?:to|toward|towards|at)\s+(?:the|his|her|their|your|my|a|an)\s+(?!left\b|right\b)\w+",
                         re.IGNORECASE)
# "…, side to side, like a metronome", "…, from one end of the bar to the other": the path of the step before, not a step
_PATH_ONLY = re.compile(r"(?:(?:from\s+)?side\s+to\s+side|back\s+and\s+forth|to\s+and\s+fro|up\s+and\s+down|"
                        r"this\s+way\s+and\s+that|from\s+one\s+(?:end|side|corner|wall)\s+(?:of\s+(?:the|his|her|their)\s+"
                        r"[\w'-]+(?:\s+[\w'-]+)?\s+)?to\s+the\s+other)(?:\s+like\s+(?:a|an)\s+[\w'-]+)?", re.IGNORECASE)
# A trailing participle of looking for or over something ("…, checking the door", "…, scanning the crowd").
_EYES_AT_WORK = re.compile(r"(?:scanning|searching|studying|surveying|watching|examining|checking|taking\s+in|"
                           r"looking\s+(?:out\s+)?for|hunting\s+for)\b", re.IGNORECASE)
_DURATION_ONLY = re.compile(r"^(?:just\s+|only\s+|but\s+)?(?:for\s+)?(?:a|one|two|three|a few|\d+)\s+"
                            r"(?:split\s+)?(?:seconds?|moments?|beats?|instants?|heartbeats?)$", re.IGNORECASE)
# "…, then two more", "…, then one slow one", "twice more", "x2 again": the step before, repeated
_REPEAT_FRAGMENT = re.compile(r"\b(?:more|again|one|ones|another)\b", re.IGNORECASE)
_BACK_ALONE = re.compile(r"(?:\w+ly\s+)*(?:(?!lean|leant|sit|sat|settl|reclin|sink|sank|throw|threw)\w+\s+)?back"
                         r"(?:\s+again)?(?:\s+\w+ly)?", re.IGNORECASE)
# How a step goes, said without a verb of its own ("…, really slow", "smooth, controlled", "Could it be smaller?"):
# one vocabulary for every reading below that takes such words as the step before's manner, not as a step.
_INTENSIFIER = (r"(?:really|very|super|so|quite|real|too|much|even|way|rather|almost|nice\s+and|kind\s+of|kinda|"
                r"sort\s+of|a\s+(?:bit|little|touch|lot))")
_HOW_ADJECTIVE = (r"(?:slow|fast|quick|soft|gentle|small|big|smooth|sharp|tiny|huge|firm|light|far|large|little|subtle|"
                  r"mechanical|robotic|stiff|controlled|deliberate|lazy|loose|clean|precise|jerky|snappy)")
_HOW_ADVERB = (r"(?:slowly|quickly|smoothly|mechanically|stiffly|deliberately|sharply|gently|softly|jerkily|firmly|"
               r"lightly|subtly)")
_COMPARATIVE = (r"(?:faster|slower|quicker|harder|softer|bigger|smaller|sharper|smoother|gentler|larger|tinier|lighter|"
                r"snappier|subtler)")
_MANNER = rf"(?:{_HOW_ADJECTIVE}|{_HOW_ADVERB})"
_ADVERBS_ONLY = re.compile(rf"(?:(?:and|but|yet|more|less|{_INTENSIFIER})\s+)*"
                           r"(?!only\b|early\b|likely\b)\w+ly(?:\s+(?:and|but)\s+\w+ly)?", re.IGNORECASE)
# "…, faster each time", "slower and slower", "higher each time": how the step before changes, not a step
_COMPARATIVE_ONLY = re.compile(rf"(?:(?:a\s+(?:little|bit)|even|much|ever)\s+)?"
                               rf"(?:{_COMPARATIVE}|wider|deeper|higher|lower|further|farther)(?:\s+and\s+\w+er)?"
                               r"(?:\s+(?:each|every)\s+time|\s+as\s+(?:it|she|he|they)\s+goes?)?", re.IGNORECASE)
# "…, really slow, …", "…, super quick": the speed or size of the step before, as speech says it (no hold); "…, then
# right, all quick": the steps before, together; "…, eerily far": how far, with an adverb of its own
_SPEED_ONLY = re.compile(rf"(?:(?:{_INTENSIFIER}|all|both|(?!only\b|early\b)[a-z]{{3,}}ly)\s+)+{_HOW_ADJECTIVE}", re.IGNORECASE)
_AND = re.compile(r"^(?:and|then|and\s+then)\s+", re.IGNORECASE)
# A sentence that only says how many ("He shakes his head. Four times.", "Make him nod. Twice."): the number of the
# step before, said after it as a spoken note does; not "Twice more." or "Again, twice." (another round).
# "Three of them." counts the step before the same way.
_COUNT_ALONE = re.compile(rf"(?:just\s+|only\s+|exactly\s+)?(?:once|twice|thrice|{NUMBER_WORD}"
                          r"\s*(?:times|x|\s+of\s+(?:them|those))|\d{1,2}x)(?:\s*,?\s*(?:\w+ly))?", re.IGNORECASE)
# Words around such a count in its sentence that only say how the step goes ("Up and down, three times, slow, like a
# metronome."): the count is still the sentence's only content.
_PLAIN_MANNER = re.compile(rf"(?:{_INTENSIFIER}\s+)?{_MANNER}|like\s+(?:a|an|the|some)\s+.+", re.IGNORECASE)


def _only_manner(text: str) -> bool:
    text = text.strip()
    return any(p.fullmatch(text) for p in (_ADVERBS_ONLY, _SPEED_ONLY, _COMPARATIVE_ONLY, _PATH_ONLY, _PLAIN_MANNER))
# "then a bigger one", "then one more slowly": one more of the step before, said by its size or speed
_ANOTHER_ONE = re.compile(r"^(?:a|an|one)\s+(?:(?:\w+er|more\s+\w+|slow|fast|quick|small|big|tiny|huge)\s+)?one$",
                          re.IGNORECASE)
# "…, then two quick ones", "three small ones more": a number of the step before, said by its size or speed.
_COUNTED_ONES = re.compile(rf"^(?:and\s+)?({'|'.join(NUMBER_WORDS)}|\d{{1,2}})\s+(?:more\s+)?(?:[a-z]+(?:er)?\s+){{0,2}}ones"
                           r"(?:\s+more)?$", re.IGNORECASE)


# A spoken question naming the step just described ("Is that a tilt?", "would that be a lean back").
_NAMES_THE_STEP = re.compile(r"(?:so\s+)?(?:is|was|would)\s+(?:that|this|it)\s+(?:be\s+)?(?:like\s+)?(?:a|an)\s+\w+",
                             re.IGNORECASE)
# … and the answer that names it again ("Yes, a tilt, small.")
_A_NAME = re.compile(r"(?:(?:yeah|yes|yep|yup|right|ok|okay)\W+)?(?:(?:it'?s|that'?s)\s+)?(?:a|an)\s+\w+", re.IGNORECASE)
# "does it" standing for the step before, with how many ("but she does it twice", "he did that once, slowly").
_DOES_IT = re.compile(r"(?:(?:but|and|so)\s+)?(?:(?:he|she|they|it|you)\s+)?(?:\w+ly\s+)?(?:does|did|do)\s+(?:it|that|this)\s+"
                      r"(?:(?:once|twice|thrice|[a-z]+\s+times|\d+\s*(?:x|times))|(?:\w+\s+){1,2}times)(?:\s*,?\s*\w+(?:ly)?)?",
                      re.IGNORECASE)


# The place a move goes to ("turns toward the noise source"), as the words after its preposition.
_GOES_TO = re.compile(r"\b(?:to|toward|towards|at)\s+(?:the|his|her|their|its|a|an)\s+((?:[\w'-]+\s+){0,2}[\w'-]+)",
                      re.IGNORECASE)


def _names_its_place(d: Draft, text: str) -> bool:
    """Whether `text` names again the place the step goes to ("He turns toward the noise; the noise is on his
    right"): then where that place is, is the step's side."""
    m = _GOES_TO.search(d.reading.clause.text)
    if m is None:
        return False
    place = {w.lower() for w in split_words(m.group(1)) if len(w) > 3} - {"left", "right", "side", "front", "camera"}
    return bool(place & {w.lower() for w in split_words(text)})


def _names_action(text: str, action: str, first: int | None = None) -> bool:
    """Whether one of the words (of the first `first`) starts with the action's name ("a lean back" names lean)."""
    return any(w.lower().startswith(action.split("_")[0]) for w in split_words(text)[:first])


def _counted_ones(text: str) -> int | None:
    m = _COUNTED_ONES.match(text.strip())
    return None if m is None else number_value(m.group(1))


_AGAIN_ONLY = re.compile(r"^(?:once\s+|all over\s+)?again\b(?:\s+\w+){0,3}$", re.IGNORECASE)
_MODIFIER_NOUNS = {"amplitude", "size", "speed", "times", "time", "degrees", "way", "side", "direction", "again", "ones",
                   "another", "one", "more", "once"}


# "…, to look at her brother in the crowd": why the step before is made, not a look of its own
_PURPOSE = re.compile(r"^(?:so\s+as\s+|in\s+order\s+)?to\s+(?:look|see|face|watch|check\s+on|find|catch)\s+(?:at\s+)?"
                      r"(?:the|his|her|their|its|your|my|our|a|an)\b", re.IGNORECASE)


# "…, slow and mechanical", "smooth, controlled": how the step before moves, no step (and no pause) of its own
_MANNER_ONLY = re.compile(rf"{_MANNER}(?:\s*(?:,|and|but)\s*{_MANNER})+", re.IGNORECASE)
# How the step before goes, asked for or said of all the motion, with no verb of motion ("…, both quick", "…, fast and
# jerky", "Could it be smaller though?", "make it slow", "All the moves softly please"): a note on that step, no step.
_HOW_WORD = rf"(?:{_INTENSIFIER}\s+)*(?:{_MANNER}|{_COMPARATIVE})"
_HOW_ONLY = re.compile(rf"(?:(?:and|but|so|also|just|please)\s+)*(?:(?:(?:could|can|would|should)\s+(?:it|that|this|they)\s+be|"
                       r"make\s+(?:it|that|this|them)|(?:it|that|this|they)\s+(?:should|could|needs?\s+to|has\s+to|must)\s+be|"
                       r"all\s+(?:the\s+)?(?:head\s+)?(?:movements?|motions?|moves)|all\s+of\s+(?:it|them)|everything|"
                       rf"(?:on\s+)?both(?:\s+of\s+them)?|each(?:\s+one)?)\s+)?{_HOW_WORD}(?:\s*(?:,|and|but)\s*{_HOW_WORD})*"
                       r"(?:\s+(?:though|please|too|still|both|on\s+both|each\s+time|this\s+time|than\s+(?:it\s+is|now|before)))*",
                       re.IGNORECASE)


def _draft(r: ClauseReading) -> Draft:
    action, side = MOTION_CLASSES[r.motion.best]
    words = split_words(r.clause.text)
    # One word that reads clearly as an action ("…, then return", "hold") is a step of its own.
    # "…, then at the floor" is a step of its own with the verb before; "…, toward the noise" adds to its step.
    # A long clause that opens with a prepositional phrase and reads as a motion has its own subject and verb
    # ("For what felt like an age the prisoner sat with his eyes on the floor").
    opens_on_a_place = bool(_PREPOSITION.match(r.clause.text) and not _OWN_SUBJECT.search(r.clause.text)
                            and r.clause.marker != "next" and len(words) < 8)
    why_or_how = bool(_PURPOSE.match(r.clause.text) and len(words) < 12) or bool(_MANNER_ONLY.fullmatch(r.clause.text.strip()))
    one_weak_word = (len(words) == 1 and not re.search(r"(?:ing|s)$", words[0])
                     and r.motion.score < ONE_WORD_STEP_SCORE)
    weak = opens_on_a_place or why_or_how or one_weak_word
    return Draft(action, side, r, [r.clause.source], r.clause.marker, r.clause.sentence, r.clause.participle,
                 weak=weak)


def repoint_overlaps(before: list[Draft], after: list[Draft]) -> list[Draft]:
    """Overlap indices point into the list they were made for; after steps were merged or dropped, point them at the
    same drafts in the shorter list (None where that draft is gone)."""
    if len(after) != len(before):
        for d in after:
            if d.overlaps is not None:
                target = before[d.overlaps] if d.overlaps < len(before) else None
                d.overlaps = after.index(target) if target in after else None
    return after


def _side_of_something_between(readings: list[ClauseReading], k: int, step: Draft) -> bool:
    """Whether a clause that is no step stands between `step` and the side said at `k`, in its sentence ("You sit
    down and you hear the gate, that's on your left": the gate's side, for the move that comes next)."""
    before = readings[k - 1] if k > 0 else None
    return (before is not None and before.clause.sentence == readings[k].clause.sentence and before is not step.reading
            and before.clause.source not in step.sources and not before.negated)


# "…, then up at the boy", "then down at her notes": a way and a place with no verb, after "then"
_WAY_WITHOUT_VERB = re.compile(r"^(?:\w+ly\s+)?(?:back\s+)?(?:up|down|left|right)\s+(?:at|to|toward|towards|into|on)\b",
                               re.IGNORECASE)


def says_the_verb_before(d: Draft) -> bool:
    """Whether the step has no verb of its own: the step before's ("She looks left, then right", "He peers down at
    the coin, then up at the boy"), so it stands where the step before it stands."""
    return d.borrowed or (d.marker == "next" and bool(_WAY_WITHOUT_VERB.match(d.reading.clause.text.strip())))


_HEAD = r"(?:(?:his|her|the)\s+(?:head|chin)\b)"
# The verbs that name each motion outright, in the forms a clause with a subject uses ("sits back", "drew back",
# "should recoil", "is not moving"); a verb another motion or the body shares ("bows", "turns a page", "holds it out")
# or an idiom ("looks down her nose at him": a chin raised in scorn) does not count.
_NAMES_ITS_MOTION = {
    "nod": r"nod(?:s|ded)?",
    "shake": rf"(?:shakes?|shook)\s+{_HEAD}",
    "wag": r"wag(?:s|ged)?",
    "glance": r"glanc(?:es?|ed)",
    "tilt": rf"(?:tilt(?:s|ed)?|cock(?:s|ed)?\s+{_HEAD})",
    "turn": rf"(?:turn(?:s|ed)?\s+(?:{_HEAD}\s+)?(?:away|a?round|aside|left|right|to|toward|towards|from)\b|"
            r"look(?:s|ed)?\s+away)",
    "return": r"(?:turn(?:s|ed)?|look(?:s|ed)?|comes?|came|swings?|swung)\s+back\b(?!\s+down)|faces?\s+front",
    "look": rf"(?:look(?:s|ed)?\s+(?:back\s+)?(?:up|down)(?!\s+(?:his|her|their)\s+nose)|"
            rf"(?:bow|lower|drop|hang|dip|duck|rais|lift)\w*\s+{_HEAD}|bow(?:s|ed)?\s+it)\b",
    "look_around": r"look(?:s|ed)?\s+(?:a?round|about)",
    "lean": r"(?:lean(?:s|ed|t)?|(?:sits?|sat|settles?|settled|slumps?|slumped|sinks?|sank)\s+back|(?:sits?|sat)\s+forward)",
    "recoil": rf"(?:recoil(?:s|ed)?|flinch(?:es|ed)?|"
              rf"(?:draws?|drew|pulls?|pulled|jerks?|jerked|snaps?|snapped|rears?|reared)\s+(?:{_HEAD}\s+)?back)",
    "hold": r"(?:holds?|held)\s+(?:still|steady|there|on\b|for\b|it\s+there|the\s+pose)|holds?\s*$|freez(?:es?)|froze|"
            r"(?:stays?|stayed|sits?|sat|stands?|stood|remains?|remained)\s+"
            r"(?:still|rigid|motionless|frozen|put|stock-still|unmoving)|"
            r"(?:is|was)\s+not\s+moving|(?:isn't|wasn't)\s+moving|(?:does|did)\s*(?:not\s+|n't\s+)move|paus(?:es?|ed)",
}
_ADVERBS_BEFORE_VERB = re.compile(r"^(?:(?:\w+ly|just|then|now|still|also|only|finally|should|must|will|would|can|could)\s+)*",
                                  re.IGNORECASE)


def says_its_own_motion(d: Draft, clauses: list) -> bool:
    """Whether the step's clause says in so many words that the character makes the step's motion: the character
    as its subject (or left unsaid after the character's) and a verb that names the motion ("Ines sits back", "the
    guard should flinch", "Tobi gags and draws back", "Rafe stops. Turns back to the room.")."""
    verbs = _NAMES_ITS_MOTION.get(d.action)
    rest = verb_of_the_character(clauses, clauses.index(d.reading.clause)) if verbs else None
    return rest is not None and bool(re.match(rf"(?:{verbs})(?!\w)", _ADVERBS_BEFORE_VERB.sub("", rest), re.IGNORECASE))


def _elided(prev: Draft, r: ClauseReading) -> Draft | None:
    """'then up' after 'He looks left': the previous verb with the new side."""
    sides = [s.value for s in r.sides]
    if not sides:
        return None
    side = sides[0]
    if side in ("left", "right") and prev.action == "nod":
        action, side = "nod", ""   # "nods to the left side of the room, then to the right": a nod toward each
    elif side in ("left", "right"):
        action = prev.action if prev.action in ("turn", "glance", "tilt") else "turn"
    else:
        # "glances up, then back down": going back is a look, not another glance
        action = "glance" if prev.action == "glance" and not _BACK_TO_SIDE.match(r.clause.text) else "look"
    d = Draft(action, side, r, [r.clause.source], r.clause.marker, r.clause.sentence, r.clause.participle)
    number = _LEADING_NUMBER.match(r.clause.text)
    if number and r.count is None and action in REPEATING:
        d.count = number_value(number.group(1))   # "…, then two to the right"
    d.notes.append(f"read as \"{_verb_of(prev)} {r.clause.text}\" (the verb of the step before)")
    d.borrowed = True
    d.confidence_scale = 0.8
    return d


# A clause joined by "and" that runs with another only because the words say so at its end ("…, and nod while you do
# it", "and at the same time turns", `clauses`): with the last step, whatever clause came between.
_WITH_THE_STEP_BEFORE = re.compile(r"^(?:and|then)\b", re.IGNORECASE)


# A side and whose it is, nothing more ("her right", "his own left", "the actor's left"): says whose side a step goes to.
_WHOSE_SIDE = re.compile(r"(?:(?:so\s+)?(?:that'?s|that\s+is|which\s+is|i\.?e\.?)\s*,?\s+(?:to\s+)?(?:(?:the|his|her|their)\s+)?"
                         r"(?=(?:his|her|their|camera|frame|screen)\b))?"
                         r"(?:(?:his|her|their|its|my|your)(?:\s+own)?|(?:the\s+)?(?:character|actor|performer|"
                         r"talent|subject)'?s?(?:\s+own)?|(?:camera|frame|screen))[\s-]+(?:left|right)(?:\s+side)?(?:\s*,?\s*not\s+(?:\w+'?s?\s+)?"
                         r"(?:left|right|ours|mine|yours|camera'?s?))?", re.IGNORECASE)
# A side alone, as a script's clipped next line ("Glances left. Right."): the step before's verb, to that side.
_SIDE_ALONE = re.compile(r"(?:(?:and|then|now)\s+)?(?:\w+ly\s+)?(?:to\s+(?:the|his|her|their)\s+)?(?:left|right|up|down)", re.IGNORECASE)
# "Two glances to the left, then two to the right": the number before the side counts the borrowed action.
_LEADING_NUMBER = re.compile(rf"(?:more\s+)?({'|'.join(NUMBER_WORDS)}|\d{{1,2}})\s+(?:more\s+)?(?:to|toward|towards|at|up|down|"
                             r"left|right)\b", re.IGNORECASE)


# A place with no verb of its own ("down at her cards", "up at the clock again"), after "then" or as the next sentence.
_PLACE_ALONE = re.compile(r"(?:(?:and|then|now)\s+)?(?:\w+ly\s+)?(?:up|down|left|right|back|over|across|ahead|away|"
                          r"straight|sideways|to|at|toward|towards)\b", re.IGNORECASE)


def _first_side(d: Draft) -> str:
    return d.side or next((f.value for f in d.reading.sides), "")


def _goes_on(r: ClauseReading, before: Draft) -> bool:
    """Whether `r` is only where the step before goes next, in a clause after "then" or a sentence of its own."""
    text = r.clause.text.strip()
    return (bool(_PLACE_ALONE.match(text)) and not ACTION_WORD.search(text) and len(split_words(text)) <= 5
            and (r.clause.marker == "next" or (r.clause.opening and r.clause.sentence == before.sentence + 1)))


def _verb_of(d: Draft) -> str:
    return {"turn": "turns", "look": "looks", "tilt": "tilts", "glance": "glances"}.get(d.action, d.action)


# A count said by the article alone ("a brisk shake"), which a number said after it overrides (", twice").
_ARTICLE_COUNT = re.compile(r"(?:a|an)\s", re.IGNORECASE)
_SAID_ONE = re.compile(r"\b(?:one|once|single|1)\b", re.IGNORECASE)


def _counted_by_article(d: Draft) -> bool:
    return (d.reading.count is not None and d.count == d.reading.count.value and d.reading.count.value == 1
            and not _SAID_ONE.search(d.reading.count.words))


def apply_modifiers(d: Draft, r: ClauseReading, source: bool = True) -> None:
    by_article = r is not d.reading and _counted_by_article(d)
    # ("a brisk shake, a slow one" stays one; "like a wag, a bunch" is the bunch: over and over)
    if r.count is not None and (d.count is None or (by_article and not (_ARTICLE_COUNT.match(r.count.words)
                                                                          and r.count.value == 1))):
        d.count = int(r.count.value)
    elif (r.count is not None and r is not d.reading and d.count is not None and r.count.value == d.count + 1
          and not r.content_words):
        d.count = int(r.count.value)   # counting up: "She nods once, twice, three times"
    if r.speed is not None and not d.speed:
        d.speed = str(r.speed.value)
    if r.amplitude is not None and not d.amplitude:
        d.amplitude = str(r.amplitude.value)
    if r.degrees is not None and d.degrees is None:
        d.degrees = float(r.degrees.value)
    if r.sides and not d.reading.sides and r is not d.reading:   # "She faces away, to the right"
        d.reading.sides = list(r.sides)
    if source:
        d.sources.append(r.clause.source)


def _repeats_previous(r: ClauseReading, drafts: list["Draft"]) -> bool:
    """A clause after "then" with a count and no verb of its own repeats the step before ("Two nods, a pause,
    then two more"; "She nods once, then twice more"; "then one slow one"; "then again")."""
    prev = _repeated(drafts)
    if (prev is not None and _AGAIN_ONLY.match(_AND.sub("", r.clause.text)) and not ACTION_WORD.search(r.clause.text)
            and not r.sides   # "…, and after again to left side": the side says where, not the step before
            and ((r.clause.marker == "next" and r.clause.sentence == prev.sentence)
                 or (r.clause.sentence == prev.sentence + 1 and len(r.content_words) <= 1))):
        return True   # "…, then again"; "He nods. Again. And again."
    if (prev is not None and prev.action in REPEATING and r.clause.marker == "next" and not r.sides
            and r.clause.sentence == prev.sentence and _ANOTHER_ONE.match(r.clause.text)):
        return True   # "Small nod, then a bigger one"
    if (prev is not None and prev.action in REPEATING and r.clause.marker == "next" and not r.sides
            and r.clause.sentence == prev.sentence and _counted_ones(r.clause.text) is not None):
        return True   # "He nods, then two quick ones"
    if prev is None or r.count is None or r.sides or prev.action not in REPEATING:
        return False
    if ACTION_WORD.search(r.clause.text) and (not _moves(r) or MOTION_CLASSES[r.motion.best][0] != prev.action):
        return False   # "…, then a shake": a step of its own
    if re.match(r"(?:only|just|but only|but just)\b", r.clause.text, re.IGNORECASE):
        return False   # "She nods, but only once": how many, not another step
    if (r.clause.marker != "next" and r.count.value == 1 and prev.count in (None, 1)
            and not re.search(r"\b(?:more|again|another|else)\b", r.clause.text, re.IGNORECASE)):
        return False   # "He gives a slow nod, one time only": the one it was, said again
    linked = r.clause.marker == "next" or (r.clause.sentence == prev.sentence and prev.count is not None)
    return bool(linked and len(r.content_words) <= 2 and _REPEAT_FRAGMENT.search(r.clause.text))


# Coming to a halt, said bare ("She weaves through the crowd, then stops. Looks left.", "stops and looks up"): the feet
# stop; not stillness said outright ("stops dead", "stops still", "stops moving": the guide's rule 9).
_HALTS = re.compile(rf"(?:(?:at|on|in|by|near|halfway)\b[\w\s'-]{{0,30}}?\s+)?(?:(?:then|and|and\s+then|so|but)\s+)?(?:(?:{'|'.join(SUBJECT_WORDS)})\s+(?:[\w'-]+\s+)?|"
                    r"(?-i:[A-Z][a-z]+)\s+)?(?:\w+ly\s+)?(?:stops?|stopped|halts?|halted|pulls?\s+up)"
                    r"(?:\s+(?:at|by|in\s+front\s+of|on|in|beside|outside|centre|center|halfway|there)\b[\w\s'-]*)?",
                    re.IGNORECASE)


def _halts_before_a_move(drafts: list["Draft"], readings: list[ClauseReading], notes: list[str]) -> list["Draft"]:
    """A bare halt right before a move of the head ("…, then stops. Looks left.", "0:04 stop, look up") is the
    character coming to a stop before it, not a pause of the head: no step. A halt with nothing after it ("He nods
    three times, then stops") stays a pause."""
    out = []
    for i, d in enumerate(drafts):
        after = drafts[i + 1] if i + 1 < len(drafts) else None
        if (d.action == "hold" and after is not None and after.action not in ("hold", "return") and len(d.sources) == 1
                and not d.reading.negated and _HALTS.fullmatch(d.reading.clause.text.strip(" .,;:!"))
                and d.reading in readings and after.reading in readings
                and readings.index(after.reading) == readings.index(d.reading) + 1
                # ("he stopped, then turned to his left": a halt, then the move, a pause between them said)
                and not re.match(r"(?:and\s+|but\s+)?(?:then|after\s+that|afterwards)\b", after.reading.clause.source.strip(),
                                 re.IGNORECASE)
                and not any(x.reading.clause.sentence == d.sentence and readings.index(x.reading) < readings.index(d.reading)
                            and x.action != "hold" for x in drafts)):
            notes.append(f"a halt before a move, not a pause of the head: \"{d.reading.clause.source}\"")
            continue
        out.append(d)
    return out


# A spoken note settling the number it was unsure of ("two or three times, let's say two", "twice, make it three"):
# the count of the step before, in place of the one said first.
_COUNT_SETTLED = re.compile(rf"(?:(?:no|ok|okay|well|so|or)\s*,?\s+)?(?:let'?s\s+say|say|make\s+it|call\s+it|i\s+mean)\s+"
                            rf"(?:just\s+|only\s+)?({'|'.join(NUMBER_WORDS)}|once|twice|a\s+couple|a\s+few|\d{{1,2}})"
                            r"(?:\s+of)?(?:\s*(?:times|x))?(?:\s+(?:yeah|ok|okay)\b[\w\s]{0,20})?",
                            re.IGNORECASE)


def _settled_count(words: str) -> int | None:
    found = _COUNT_SETTLED.fullmatch(words.strip())
    if found is None:
        return None
    words = re.sub(r"\s+", " ", found.group(1).lower())
    return {"a couple": 2, "a few": 3}.get(words) or number_value(found.group(1))


# A bare verb said again that does not read as a motion alone ("her chin dips, jerks up, dips again"): the step of that
# verb earlier in the sentence, once more.
_VERB_AGAIN = re.compile(r"(?:(?:and|then|and\s+then)\s+)?(?:\w+ly\s+)?([a-z]+)\s+again(?:\s+\w+ly)?", re.IGNORECASE)


# "does the same thing to the left", "the same again to her right": the motion said before, now to the side named.
_SAME_TO_A_SIDE = re.compile(r"(?:(?:and|then|so|now)\s+)*(?:(?:he|she|it|they|you)\s+)?(?:\w+ly\s+)?"
                             r"(?:(?:does|do|did|repeats?)\s+)?(?:the\s+)?same(?:\s+(?:thing|move|motion))?(?:\s+again)?\s+(?:to|on|toward|towards)\s+"
                             r"(?:the|his|her|its|their|your)\s+(left|right)(?:\s+side)?", re.IGNORECASE)


def _sided_before(drafts: list["Draft"]) -> "Draft | None":
    """The last step before with a side of its own (a turn, tilt or glance), past a return to the front."""
    for d in reversed(drafts):
        if d.action in ("turn", "tilt", "glance") and (d.side in ("left", "right")
                                                        or any(f.value in ("left", "right") for f in d.reading.sides)):
            return d
        if d.action not in ("return", "hold", "turn", "tilt", "glance"):
            return None   # (past the same motion named again with no side: "…, a huge turn")
    return None


def _said_again(r: ClauseReading, drafts: list["Draft"]) -> "Draft | None":
    found = _VERB_AGAIN.fullmatch(r.clause.text.strip())
    if found is None or _moves(r) or r.sides or found.group(1).lower() in NUMBER_WORDS or found.group(1).lower() in (
            "back", "once", "twice", "thrice", "more", "never", "not", "and", "then"):   # ("…, then twice again": a count)
        return None
    verb = re.compile(rf"\b{re.escape(found.group(1))}\b", re.IGNORECASE)
    return next((d for d in reversed(drafts) if d.sentence == r.clause.sentence and d.action != "hold"
                 and verb.search(d.reading.clause.text)), None)


# Words of a spoken estimate around a count ("like two or three times", "maybe four"): no content of their own.
_HEDGES = frozenset("like maybe about around roughly perhaps probably say".split())


def _repeated(drafts: list["Draft"]) -> "Draft | None":
    """The step a repeat refers to: the last one that is not a pause ("two nods, a pause, then two more")."""
    return next((d for d in reversed(drafts) if d.action != "hold"), None)


def build_drafts(readings: list[ClauseReading], notes: list[str], unread: list[str]) -> list[Draft]:
    drafts: list[Draft] = []
    pending: list[ClauseReading] = []   # modifier fragments waiting for the step they belong to
    # Left or right named in a clause without head motion ("Hearing her name called from her right, the
    # clerk turns her head"): the side of the next step of the sentence that names none.
    heard: ClauseReading | None = None
    previous_gave_step = False          # did the clause before (same sentence) give a step?
    said_after = -1                     # the last sentence of count or manner only, said after its step
    named: tuple[Draft, int] | None = None   # a step the speaker named after it, and the sentence that named it
    for k, r in enumerate(readings):
        if heard is not None and heard.clause.sentence != r.clause.sentence and readings[k - 1] is not heard:
            heard = None   # a side heard at the end of a sentence goes to the next ("A voice from her right. She turns.")
        if k == 0 or readings[k - 1].clause.sentence != r.clause.sentence:
            previous_gave_step = True   # a sentence's first clause has no clause before to run with
        before = len(drafts)
        added_to_step = False   # a fragment that only said how the step before goes ("…, firmly, while turning")
        if r.clause.label or r.clause.speech:
            notes.append(f"{'a label' if r.clause.label else 'speech'}, no direction: \"{r.clause.source}\"")
        elif r.negated == "not":
            notes.append(f"not done (negated): \"{r.clause.source}\"")
        elif (k > 0 and readings[k - 1].clause.sentence == r.clause.sentence
              and keeps_what_it_named(r.clause.text, readings[k - 1].clause.source)):
            notes.append(f"keeps the motion named before it, no hold: \"{r.clause.source}\"")
        elif (places_on_a_side(r.clause.text) and drafts
              and ((r.clause.text.lower().startswith("which") and readings[k - 1] is drafts[-1].reading)
                   or (r.clause.sentence in (drafts[-1].sentence, drafts[-1].sentence + 1)
                       and _names_its_place(drafts[-1], r.clause.text)))
              and drafts[-1].action in ("turn", "glance", "look", "tilt")
              and not any(f.value in ("left", "right") for f in drafts[-1].reading.sides) and not drafts[-1].side
              and any(f.value in ("left", "right") for f in r.sides)):
            # "She turns to the window, which is on her left": where the place the head goes to is, so its side (as
            # with no comma: "turns to the window which is on her left")
            apply_modifiers(drafts[-1], r)
            drafts[-1].notes.append(f"\"{r.clause.text}\": where the place it goes to is, its side")
            added_to_step = r.clause.sentence == drafts[-1].sentence
        elif (places_on_a_side(r.clause.text) and (not drafts or _side_of_something_between(readings, k, drafts[-1]))
              and any(f.value in ("left", "right") for f in r.sides)):
            # "…, you hear the gate open, that's on your left. You turn to it.": the gate's side, for the next move
            notes.append(f"where something is: \"{r.clause.source}\"")
            heard = r
        elif about_someone_else(r.clause):
            notes.append(f"about someone or something else: \"{r.clause.source}\"")
            if any(f.value in ("left", "right") for f in r.sides):
                heard = r
        elif (drafts and drafts[-1].action in REPEATING and r.clause.sentence == drafts[-1].sentence
              and _settled_count(r.clause.text) is not None):
            drafts[-1].count = _settled_count(r.clause.text)   # "…, like two or three times, let's say two"
            drafts[-1].sources.append(r.clause.source)
            drafts[-1].notes.append(f"\"{r.clause.text}\": the number settled on, said after the step")
            added_to_step = True
        elif (named is not None and r.clause.sentence == named[1] + 1 and r.clause.opening and _moves(r)
              and _A_NAME.match(r.clause.text.strip()) and _names_action(r.clause.text, named[0].action, first=5)):
            # "… Is that a lean back? Yeah, a lean back, slow.": the answer names it again, and how it goes
            apply_modifiers(named[0], r)
            named[0].notes.append(f"named again: \"{r.clause.text}\"")
        elif (drafts and _NAMES_THE_STEP.match(r.clause.text.strip())
              and r.clause.sentence == drafts[-1].sentence + 1):
            # "She lets her head sink back. Is that a lean back? …": the speaker naming the step just described,
            # which it is; no step of its own (read from the name from now on: what the words before sound like
            # is what the name settles). A name its reading does not say is left as it was.
            if _moves(r) and _names_action(r.clause.text, MOTION_CLASSES[r.motion.best][0]):
                drafts[-1].action, drafts[-1].side = MOTION_CLASSES[r.motion.best]
                drafts[-1].reading = r
            drafts[-1].sources.append(r.clause.source)
            drafts[-1].notes.append(f"named after it: \"{r.clause.text}\"")
            if _names_action(r.clause.text, drafts[-1].action):
                named = (drafts[-1], r.clause.sentence)
        elif (drafts and drafts[-1].action in REPEATING and r.count is not None and r.clause.sentence == drafts[-1].sentence
              and _DOES_IT.fullmatch(r.clause.text.strip())):
            # "Her nod is good but she does it three times": how many of the step before, no step of its own (a
            # count the step already has, "the nod twice is good, but he does it once", is the one asked for)
            if drafts[-1].count is None:
                apply_modifiers(drafts[-1], r)
                drafts[-1].count = int(r.count.value)
            drafts[-1].notes.append(f"\"{r.clause.text}\": how many of the step before")
            added_to_step = True
        elif (drafts and _SAME_TO_A_SIDE.fullmatch(r.clause.text.strip()) and _sided_before(drafts) is not None
              and not r.negated):
            # "…, then it does the same thing to the right": the motion before, to the other side, with its verb
            prev = _sided_before(drafts)
            side = _SAME_TO_A_SIDE.fullmatch(r.clause.text.strip()).group(1).lower()
            d = Draft(prev.action, side, r, [r.clause.source], r.clause.marker or "next", r.clause.sentence)
            d.notes.append(f"read as another {prev.action} (\"{r.clause.text}\": the motion of \"{prev.sources[0]}\")")
            d.borrowed = True
            drafts.append(d)
        elif _said_again(r, drafts) is not None:
            prev = _said_again(r, drafts)
            d = Draft(prev.action, prev.side, r, [r.clause.source], r.clause.marker or "next", r.clause.sentence)
            d.count = prev.count
            d.notes.append(f"read as another {prev.action} (\"{r.clause.text}\": the verb of \"{prev.sources[0]}\" again)")
            d.confidence_scale = 0.8
            d.made_again = True
            drafts.append(d)
        elif _repeats_previous(r, drafts):
            prev = _repeated(drafts)
            d = Draft(prev.action, prev.side, r, [r.clause.source], r.clause.marker or "next", r.clause.sentence)
            d.count = (int(r.count.value) if r.count is not None else
                       _counted_ones(r.clause.text) or prev.count)
            if _ANOTHER_ONE.match(r.clause.text):
                d.count = 1                       # "a bigger one": one more, and the first was one too
                prev.count = 1 if prev.count is None else prev.count
            apply_modifiers(d, r, source=False)
            d.notes.append(f"read as another {prev.action} (\"{r.clause.text}\" after \"{prev.sources[0]}\")")
            d.confidence_scale = 0.8
            d.made_again = True
            drafts.append(d)
        elif (_moves(r) and r.motion.best == "hold" and r.clause.participle and previous_gave_step
              and k > 0 and readings[k - 1].clause.sentence == r.clause.sentence and not r.negated):
            # "Her gaze roamed about the room, lingering on nothing": how the step before goes, no pause of its own
            notes.append(f"a trailing pause in a participle: part of the step before (\"{r.clause.source}\")")
        elif (_moves(r) and r.clause.participle and (not r.clause.opening or r.clause.last) and previous_gave_step
              and _EYES_AT_WORK.match(r.clause.text) and not r.sides and not r.negated):
            # "…, then to the left, scanning the tree line": what the eyes do during the step before, not a step; also
            # said as a sentence of its own after it ("She turns left, then right. Searching for her keys.")
            notes.append(f"what the eyes do during the step before: \"{r.clause.source}\"")
        elif (drafts and _WHOSE_SIDE.fullmatch(r.clause.text.strip()) and (not r.clause.marker or re.match(
                r"so\s+that|that'?s|which|i\.?e", r.clause.text.strip(), re.IGNORECASE))
              and drafts[-1].action in ("turn", "tilt", "glance", "look", "look_around") and not r.negated
              and not _side_of_something_between(readings, k, drafts[-1])):
            # "Turn right, not left. Her right.": whose side the step before goes to, said after it; no step (after a
            # look around, "looks at the shelf, camera left", the side makes it a turn: `sides`)
            apply_modifiers(drafts[-1], r)
            drafts[-1].notes.append(f"\"{r.clause.text}\": whose side, said after the step")
            added_to_step = r.clause.sentence == drafts[-1].sentence
        elif _moves(r) and not _is_fragment(r):
            d = _draft(r)
            if (drafts and d.action in ("look", "turn") and drafts[-1].action == "glance" and _goes_on(r, drafts[-1])
                    and {_first_side(d), _first_side(drafts[-1])} != {"up", "down"}):
                # "She glances left at him. Down at her cards.": the glance goes on down, no look of its own
                # ("glances up at the clock, then down at her notes": down again after a glance up is a look)
                d.action = "glance"
                d.notes.append("a place with no verb after a glance: the glance goes on")
            if d.marker == "with" and not previous_gave_step and not _WITH_THE_STEP_BEFORE.search(r.clause.source):
                # "She listens without moving her head, then nods": what it runs with is no head motion ("look away
                # when he says it and shake your head while you do it" runs with the last step, not the clause)
                d.marker = ""
            apply_modifiers(d, r, source=False)
            for p in pending:
                apply_modifiers(d, p)
            pending.clear()
            if heard is not None and not d.reading.sides:
                d.reading.sides = [f for f in heard.sides if f.value in ("left", "right")]
                d.notes.append(f"side from \"{heard.clause.source}\"")
            heard = None
            drafts.append(d)
        elif _is_fragment(r) and OTHER_BODY_PART.match(r.clause.text):
            # "…, eyebrows up, …": the side belongs to the brows, not to the head's step
            notes.append(f"a part of the body that does not move the head: \"{r.clause.source}\"")
        elif (_is_fragment(r) and r.clause.marker == "next" and k > 0
              and readings[k - 1].clause.sentence == r.clause.sentence and OTHER_BODY_PART.match(readings[k - 1].clause.text)
              and not _moves(readings[k - 1]) and all(f.value in ("up", "down") for f in r.sides) and r.sides):
            # "His eyebrows went up, and up, and he swung round": the brows go on up, not the head's next step
            notes.append(f"said of the part of the body before, not the head: \"{r.clause.source}\"")
        elif _is_fragment(r) and drafts and r.clause.marker == "next" and _BACK_ALONE.fullmatch(r.clause.text.strip()):
            # "…, then slowly back", "…, and back again": back to the rest pose
            d = Draft("return", "", r, [r.clause.source], r.clause.marker, r.clause.sentence)
            apply_modifiers(d, r, source=False)
            d.notes.append("\"back\" after a move: a return to the front")
            drafts.append(d)
        elif _is_fragment(r):
            # ("Glances left. Right.": a side alone as the next sentence, as in a script's clipped lines)
            if drafts and r.sides and (r.clause.marker == "next" or (
                    r.clause.sentence == drafts[-1].sentence + 1 and _SIDE_ALONE.fullmatch(r.clause.text.strip())) or (
                    # "Glances left. Down at the floor. Left at her again.": a place alone, the next sentence
                    drafts[-1].action in ("turn", "look", "glance", "tilt") and _goes_on(r, drafts[-1])) or (
                    # "glances left, back right", "0:00 glance up 0:01 back down": going back is a step of its own,
                    # "then" said or not
                    r.clause.sentence in (drafts[-1].sentence, drafts[-1].sentence + 1)
                    and drafts[-1].action in ("turn", "look", "glance", "tilt")
                    and _BACK_TO_SIDE.fullmatch(_AND.sub("", r.clause.text.strip())))):
                d = _elided(drafts[-1], r)
                apply_modifiers(d, r, source=False)
                drafts.append(d)
            elif (len(drafts) > 1 and r.sides and drafts[-1].action == "hold" and drafts[-2].action in ("turn", "glance", "tilt")
                  and r.clause.sentence == drafts[-1].sentence + 1 and _SIDE_ALONE.fullmatch(r.clause.text.strip())
                  and any(f.value in ("left", "right") for f in r.sides)):
                # "She turns left. Nothing. Slowly to the right.": a pause between, then the verb before to the new side
                d = _elided(drafts[-2], r)
                apply_modifiers(d, r, source=False)
                drafts.append(d)
            elif (drafts and r.count is not None and drafts[-1].action in REPEATING
                  and (drafts[-1].count is None or _counted_by_article(drafts[-1]))
                  and r.clause.sentence in (drafts[-1].sentence + 1, said_after + 1)
                  and _COUNT_ALONE.fullmatch(r.clause.text.strip())
                  and all(_only_manner(x.clause.text) for x in readings
                          if x is not r and x.clause.sentence == r.clause.sentence)):
                # "He shakes his head. Four times. Slowly.": how many, in a sentence of its own after the step
                apply_modifiers(drafts[-1], r)
                drafts[-1].notes.append(f"\"{r.clause.text}\": how many, said after the step")
                said_after = r.clause.sentence
            elif (drafts and said_after >= 0 and r.clause.sentence == said_after + 1
                  and _ADVERBS_ONLY.fullmatch(r.clause.text.strip())
                  and (k + 1 == len(readings) or readings[k + 1].clause.sentence != r.clause.sentence)):
                apply_modifiers(drafts[-1], r)   # "… Four times. Slowly.": still the step before
                said_after = r.clause.sentence
            elif drafts and (r.clause.sentence == drafts[-1].sentence or (
                    r.clause.after_colon and r.clause.sentence == drafts[-1].sentence + 1) or (
                    r.clause.sentence == drafts[-1].sentence + 1 and _ADVERBS_ONLY.fullmatch(r.clause.text.strip())
                    and (k + 1 == len(readings) or readings[k + 1].clause.sentence != r.clause.sentence)) or (
                    r.clause.sentence > drafts[-1].sentence and r.clause.opening
                    and _COMPARATIVE_ONLY.fullmatch(r.clause.text.strip()))):
                # "Turn away from the window. Slowly.": a sentence of adverbs; "Slower, she's tired here." a note on it
                apply_modifiers(drafts[-1], r)
                added_to_step = r.clause.sentence == drafts[-1].sentence
            elif (drafts and r.clause.sentence == drafts[-1].sentence + 1 and _HOW_ONLY.fullmatch(r.clause.text.strip(" ?!."))
                  and (k + 1 == len(readings) or readings[k + 1].clause.sentence != r.clause.sentence)):
                # "He tilts left. Could it be smaller?": a sentence of how alone, said of the step before (with more
                # after it, "Make it small, two shakes.", it goes with what follows); its words stay out of the step's
                apply_modifiers(drafts[-1], r, source=False)
            elif r.sides and not drafts and r.clause.marker == "" and not has_emotion(r):
                # A lone side: "Left, then right."
                d = Draft("turn", "", r, [r.clause.source], "", r.clause.sentence)
                apply_modifiers(d, r, source=False)
                d.confidence_scale = 0.7
                d.notes.append("no verb: read as a turn")
                drafts.append(d)
            else:
                pending.append(r)
        elif has_emotion(r) or r.talking:
            if any(f.value in ("left", "right") for f in r.sides):
                heard = r
        elif r.best_any >= READ_MIN_SCORE and r.content_words:
            notes.append(f"no head motion in \"{r.clause.source}\"")
            if any(f.value in ("left", "right") for f in r.sides) and not in_the_frame(r.clause.text):
                heard = r
        else:
            unread.append(r.clause.source)
        # a participle or feeling with no step between ("She nods twice, smiling, as she turns") is no main clause
        # (nor is a note of how many or how, however long: "…, four or five times, maybe five, while looking down")
        previous_gave_step = len(drafts) > before or (previous_gave_step and (r.clause.participle or has_emotion(r)
                                                                             or added_to_step)
                                                      and (len(split_words(r.clause.text)) <= 3
                                                           or (added_to_step and set(r.content_words) <= _HEDGES)))
    for p in pending:
        unread.append(p.clause.source)
    drafts = _halts_before_a_move(drafts, readings, notes)
    # ("She can't hold back a laugh" is about the face: no stillness)
    negated = [r for r in readings if r.negated == "not" and not not_the_head(r.clause.text)]
    if not drafts and negated:
        # "He never takes his eyes off the camera": all that is said is what the head does not do.
        r = negated[0]
        d = Draft("hold", "", r, [r.clause.source], "", r.clause.sentence)
        d.notes.append("only what does not happen is said: the head holds still")
        d.confidence_scale = 0.6
        drafts.append(d)
    return drafts
