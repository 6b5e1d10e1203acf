"""Text → motion plan.

1. The description is cut into clauses with their linking words (`clauses.py`).
2. Every clause is read by meaning against the prototypes (`meaning.py`): which head action it describes,
   or none; its emotion is read from its best short span ("…, clearly revolted" → disgusted).
3. Counts, sides, speed, size and degrees are read literally (`lexicon.py`).
4. Clauses become steps in time order ("before"/"after" swap, "while"/"as" overlap, an opening participle
   that moves to a pose comes first, other participles overlap: see `order_drafts`); a clause
   that only adds words to its neighbour ("…, four times", "then up") changes or repeats that step;
   two readings of one motion ("He refuses, shaking his head twice") become one step.
5. Whatever was not used is reported: clauses with no head motion or emotion in the plan's notes,
   clauses nothing could be read from in ``unread``; a plan with nothing read is "unreadable".
"""

from __future__ import annotations

import dataclasses
import re

import numpy as np

from protocols.motion_plan import (DEFAULT_SECONDS, REPEATING, SIDES, EmotionCue, MotionPlan, PlanStep)

from . import lexicon
from .clauses import SUBJECT_WORDS, Clause, negation, split_clauses
from .classifier import shipped as shipped_classifier
from .meaning import Reading, encode, indexes
from .normalise import LEFT_RIGHT, LITERAL_ONLY, american, motion_text
from .prototypes import MOTION_CLASSES

MAX_AUTO_SECONDS = 10.0
MOTION_MIN_SCORE = 0.40       # a clause closer than this to every action's prototypes moves nothing
READ_MIN_SCORE = 0.33         # below this for every class (motion, emotion, none) the clause is not understood
EMOTION_MIN_SCORE = 0.55      # a span this close to an emotion's prototypes …
EMOTION_OVER_NONE = 0.17      # … and this much closer than to emotion-free words carries that emotion
ONE_WORD_STEP_SCORE = 0.55    # a one-word clause this close to an action's prototypes is a step
STRONG_MOTION_SCORE = 0.70    # a clause this close to an action's prototypes moves even if its words are feelings
CLASSIFIER_WEIGHT = 0.5       # how much the trained classifier's probability adds to a class's similarity
STOPWORDS = frozenset("""a an the he she they it i you we his her their its my your our him them me us to of in on
at for with from by into onto over and or but then so as while just very is are was were be been being has have had
do does did this that there here who which what one some again also still back s t himself herself themselves
itself myself yourself rather quite somewhat""".split())


@dataclasses.dataclass(eq=False)
class ClauseReading:
    clause: Clause
    motion: Reading
    emotion: Reading | None = None
    emotion_span: str = ""
    count: lexicon.Found | None = None
    sides: list[lexicon.Found] = dataclasses.field(default_factory=list)
    speed: lexicon.Found | None = None
    amplitude: lexicon.Found | None = None
    degrees: lexicon.Found | None = None
    intensity: lexicon.Found | None = None
    onset: lexicon.Found | None = None
    talking: bool = False
    content_words: tuple[str, ...] = ()
    best_any: float = 0.0
    negated: str = ""        # "not": says what does not happen; "still": negates movement itself (a hold)

    @property
    def has_modifiers(self) -> bool:
        return any(x is not None for x in (self.count, self.speed, self.amplitude, self.degrees)) or bool(self.sides)


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


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9'-]+", text.lower())


# Verbs that say nothing about motion once the feeling is gone ("he stays calm", "she looks furious").
COPULAS = frozenset("stays stay remains remain is are was were looks look looked looking seems seem seeming feels feel "
                    "feeling appears appearing being becoming "
                    "becomes gets grows keeps wears face expression can't cannot couldn't stop stops help".split())
# A clause that opens with a preposition or is one word ("…, toward the noise", "…, firmly") only adds to
# the step next to it, unless it is all the sentence says ("With a nod.").
# "by the end he is shaking his head": a clause that opens with a preposition but has its own subject.
_OWN_SUBJECT = re.compile(r"\b(?:he|she|they|i|you|we)\s+[\w'-]+", re.IGNORECASE)
_PREPOSITION = re.compile(r"(?:toward|towards|to|at|into|onto|over|from|in|on|upon|with|across|behind|like|for|without|by|"
                          r"under|through|past|near|beside|around)\b", re.IGNORECASE)


def _content_words(text: str) -> tuple[str, ...]:
    """Words of a clause that are neither function words nor literal modifiers (numbers, sides, speed and
    size adverbs); the nouns of counted actions ("a nod") stay."""
    stripped = LEFT_RIGHT.sub(" ", LITERAL_ONLY.sub(" ", text))
    for finder in (lexicon.find_speed, lexicon.find_amplitude, lexicon.find_degrees):
        found = finder(stripped)
        if found is not None:
            stripped = stripped.replace(found.words, " ")
    for side in lexicon.find_sides(stripped):
        stripped = stripped.replace(side.words, " ", 1)
    modifiers = set(lexicon.NUMBER_WORDS) | {"single", "couple", "pair", "few", "several", "number", "double",
                                             "triple", "times", "time", "repeatedly", "over", "and"}
    return tuple(w for w in _words(stripped) if w not in STOPWORDS and w not in modifiers and not w.isdigit())


def _spans(text: str) -> list[str]:
    """Short windows of a clause (1–2 words, or 3 around a function word: "wrinkles her nose"), not starting or
    ending in a function word, and the clause itself."""
    words = _words(text)
    out = []
    for n in (1, 2, 3):
        for i in range(len(words) - n + 1):
            span = words[i:i + n]
            if span[0] in STOPWORDS or span[-1] in STOPWORDS or (n == 3 and span[1] not in STOPWORDS):
                continue
            out.append(" ".join(span))
    return list(dict.fromkeys(out + [text.lower()]))


def read_clauses(clauses: list[Clause]) -> list[ClauseReading]:
    motion_index, emotion_index = indexes()
    spans = [_spans(american(c.text)) for c in clauses]
    flat = [s for group in spans for s in group]
    emotion_all = emotion_index.read(encode(flat)) if flat else []
    feelings, emotions, k = [], [], 0
    for group in spans:
        readings = emotion_all[k:k + len(group)]
        k += len(group)
        best, best_span, best_gain = None, "", -1.0
        felt = []
        for span, r in zip(group, readings):
            if span == "neutral" and _NEUTRAL_POSE.search(" ".join(group[-1:])):
                continue   # "back to neutral": a pose, not a feeling
            gain = r.score - r.scores["none"]
            if r.best != "none" and gain > best_gain:
                best, best_span, best_gain = r, span, gain
            if " " not in span and r.best != "none" and r.score >= EMOTION_MIN_SCORE and gain >= EMOTION_OVER_NONE:
                felt.append(span)
        emotions.append((best, best_span))
        feelings.append(tuple(felt))
    texts = [motion_text(c.text, felt) or c.text for c, felt in zip(clauses, feelings)]
    # The clause is also read without its trailing prepositional phrase ("turns her head | toward the sound
    # on the right"): a destination often sounds like another action; each class keeps its better score.
    cores = [_CORE_CUT.sub("", t) or t for t in texts]
    # And without its subject ("The detective | leans in"): an unusual noun pulls every similarity down.
    predicates = [_SUBJECT_CUT.sub("", t, count=1) or t for t in texts]
    # And without a verb of aspect ("she keeps | nodding", "begins to | shake her head"): the motion is the
    # verb after it.
    # "it" after the head was named is the head ("raised his head and shook it", "letting it sink").
    aspects = [_IT.sub("the head", _ASPECT_CUT.sub("", p, count=1) or p) if not _HEAD_WORD.search(p) else
               _ASPECT_CUT.sub("", p, count=1) or p for p in predicates]
    # A short clause with no verb after "then" borrows the verb before it ("He looks left, then right, then
    # straight ahead": "looks straight ahead").
    verb = ""
    for i, c in enumerate(clauses):
        if i and c.sentence != clauses[i - 1].sentence:
            verb = ""
        if (verb and c.marker == "next" and len(_words(c.text)) <= 4 and not _ACTION_WORD.search(c.text)
                and _PLACE_OPENING.match(c.text)):
            aspects[i] = f"{verb} {texts[i]}"
            continue
        first = (predicates[i].split() or [""])[0]
        verb = first if _ACTION_WORD.fullmatch(first) else ""
    # Each distinct variant is encoded and read once (most clauses have two or three, not four).
    distinct = list(dict.fromkeys(texts + cores + predicates + aspects))
    read = dict(zip(distinct, motion_index.read(encode(distinct)))) if distinct else {}
    motion = [_best_of(_best_of(read[a], read[b]), _best_of(read[c], read[d]))
              for a, b, c, d in zip(texts, cores, predicates, aspects)]
    classifier = shipped_classifier()
    if classifier is not None and texts and CLASSIFIER_WEIGHT > 0:
        probabilities = classifier.probabilities(encode(texts))
        motion = [_blend(m, dict(zip(classifier.classes, p))) for m, p in zip(motion, probabilities)]
    out = []
    for clause, m, group, (best, best_span), felt in zip(clauses, motion, spans, emotions, feelings):
        negated = negation(clause.source) or negation(clause.text)
        if negated == "still":
            m = Reading("hold", max(m.score, STRONG_MOTION_SCORE), m.best, m.score,
                        {**m.scores, "hold": max(m.scores.values()) + 1.0})
        elif negated:
            # "He doesn't nod", "without a hint of a smile": neither the motion nor the feeling happens.
            m = Reading("none", 1.0, m.best, m.score, {**m.scores, "none": max(m.scores.values()) + 1.0})
            best, best_span = None, ""
        readings = [best] if best is not None else []
        rest = [w for w in _words(motion_text(clause.text, felt)) if w not in STOPWORDS and w != "left"]
        if (_OTHER_BODY_PART.match(clause.text) or _STATE.match(clause.text)) and not _strong_motion(m):
            # "Jaw dropping, …", "Her shoulders sag": a part of the body that does not move the head
            m = Reading("none", 1.0, m.best, m.score, {**m.scores, "none": max(m.scores.values()) + 1.0})
        elif felt and set(rest) <= COPULAS and not lexicon.find_sides(clause.text) and not _strong_motion(m):
            # Nothing but feeling ("Terrified", "scowling"): no motion to read.
            m = Reading("none", 1.0, m.best, m.score, {**m.scores, "none": 1.0})
        elif (best is not None and best.best != "none" and best.score >= EMOTION_MIN_SCORE
              and best.score - best.scores["none"] >= EMOTION_OVER_NONE and not _ACTION_WORD.search(clause.text)
              and not lexicon.find_sides(clause.text) and not _strong_motion(m) and clause.marker != "next"
              and (re.match(r"(?:a|an)\b", clause.text, re.IGNORECASE) or len(_words(clause.text)) <= 3)
              and not re.match(r"(?:he|she|they|i|you|we)\b", clause.text, re.IGNORECASE)):
            # A feeling with no word of head motion ("…, a hint of a smile on her lips"): the feeling only.
            m = Reading("none", 1.0, m.best, m.score, {**m.scores, "none": 1.0})
        text = clause.text
        r = ClauseReading(clause, m, best, best_span, count=lexicon.find_count(text),
                          sides=lexicon.find_sides(text), speed=lexicon.find_speed(text),
                          amplitude=lexicon.find_amplitude(text), degrees=lexicon.find_degrees(text),
                          intensity=lexicon.find_intensity(text), onset=lexicon.find_onset(text),
                          talking=_talks(clause) and negated != "not", content_words=_content_words(text),
                          negated=negated)
        r.best_any = max([m.score] + [x.score for x in readings if x is not None])
        out.append(r)
    return out


# "She is close to tears", "He seems tired": a state, not a motion ("He is nodding", "Her head is turned to
# the left" and "He is still" are motions or a hold).
_STATE = re.compile(r"^(?:he|she|they|i|you|we|it|(?:the|his|her|a)\s+\w+)\s+(?:is|are|was|were|seems?|seemed|appears?|"
                    r"appeared|feels?|felt|becomes?|became|grows?|grew)\s+(?:(?:very|so|quite|rather|clearly|"
                    r"visibly|almost|nearly)\s+)?(?!\w+ing\b|\w+ed\b|still\b|motionless\b|frozen\b|rigid\b|"
                    r"immobile\b|stock\b|silent\b)", re.IGNORECASE)
_OTHER_BODY_PART = re.compile(r"^(?:(?:his|her|their|my|your|the|a)\s+)?(?:lower\s+|upper\s+|bottom\s+)?(?:jaw|mouth|lips?|"
                              r"brows?|eyebrows?|nose|nostrils|cheeks?|tears|shoulders?|hands?|arms?|fists?|knees?|"
                              r"legs?|body|fingers?|teeth|breath|voice)\b(?!\s+(?:to|toward|towards)\b)", re.IGNORECASE)
_NEUTRAL_POSE = re.compile(r"\b(?:to|toward|at)\s+neutral\b", re.IGNORECASE)
# A subject before the first verb-looking word ("the old woman | lowers", "he | nods").
_SUBJECT_CUT = re.compile(r"^(?:(?:he|she|they|i|you|we|it)\s+|(?:the|a|an|my|his|her|their|our|your)\s+"
                          r"(?:[\w'-]+\s+){1,3}?(?=[\w-]+s\b))", re.IGNORECASE)
_IT = re.compile(r"\bit\b", re.IGNORECASE)
_HEAD_WORD = re.compile(r"\b(?:head|chin|face|gaze|eyes|neck)\b", re.IGNORECASE)
# Where an elliptical clause goes ("…, then straight ahead", "…, then at the floor", "…, then left").
_PLACE_OPENING = re.compile(r"(?:back|straight|left|right|over|across|up|down|away|round|around|forward|ahead|to|at|"
                            r"(?:this|that|the other|the opposite) (?:way|side|direction)|"
                            r"toward|towards|into|onto|in|out|sideways|skyward|upward|downward|(?:the|his|her)\s+"
                            r"(?:left|right|other))\b", re.IGNORECASE)
_ASPECT_CUT = re.compile(r"^(?:keeps?|kept|keeping|continues?|continued|continuing|starts?|started|starting|begins?|"
                         r"began|beginning|goes on|went on|carries on|carried on)\s+(?:on\s+)?(?:to\s+)?"
                         r"(?=\w+ing\b|[a-z]+\s)(?!still\b|quiet\b|calm\b)", re.IGNORECASE)
_CORE_CUT = re.compile(r"\s+\b(?:toward|to|at|into|onto|over|from|in|on|with|across|behind|like|for|by|under|"
                       r"through|past|round|around)\b.*$", re.IGNORECASE)


def _strong_motion(m: Reading) -> bool:
    """A clause whose words read clearly as a head motion ("Flinch!") moves even if they also carry a feeling
    ("He stays calm" is a feeling, not a hold)."""
    return (m.best not in ("none", "hold", "return") and m.score >= STRONG_MOTION_SCORE
            and m.scores[m.best] - m.scores["none"] >= 0.15)


def _blend(m: Reading, probabilities: dict[str, float]) -> Reading:
    """The classifier's say added to the prototypes' (`CLASSIFIER_WEIGHT`): classes are ranked, and the margin
    taken, on the sum; `score` stays the best class's prototype similarity, which the thresholds are about."""
    scores = {k: v + CLASSIFIER_WEIGHT * float(probabilities.get(k, 0.0)) for k, v in m.scores.items()}
    order = sorted(scores, key=scores.get, reverse=True)
    similarity = m.scores[order[0]]
    return Reading(order[0], similarity, order[1], similarity - (scores[order[0]] - scores[order[1]]), scores)


def _best_of(a: Reading, b: Reading) -> Reading:
    scores = {k: max(a.scores[k], b.scores[k]) for k in a.scores}
    order = sorted(scores, key=scores.get, reverse=True)
    return Reading(order[0], scores[order[0]], order[1], scores[order[1]], scores)


_SILENT = re.compile(r"\b(?:says?|said|saying|speaks?|speaking|talks?|talking)\s+(?:nothing|not a word|no more)\b|"
                     r"\bwithout (?:a word|saying|speaking|talking)|\bnot (?:saying|speaking|talking)\b", re.IGNORECASE)


def _talks(clause: Clause) -> bool:
    """The subject talks ("he explains", "talking to her"), not someone else ("while the interviewer speaks")."""
    if not lexicon.TALK_PATTERN.search(clause.text) or _SILENT.search(clause.text):
        return False
    # A subordinate clause with its own noun subject is about someone else.
    other = re.match(r"(?:the|a|an|someone|somebody|everyone|people)\b", clause.text, re.IGNORECASE)
    return not (other and clause.marker in ("with", "before_main", "after_main"))


def _has_emotion(r: ClauseReading) -> bool:
    e = r.emotion
    return e is not None and e.score >= EMOTION_MIN_SCORE and e.score - e.scores["none"] >= EMOTION_OVER_NONE


def _moves(r: ClauseReading) -> bool:
    m = r.motion
    if m.best == "none" or m.score < MOTION_MIN_SCORE:
        return False
    # "He stays calm", "She frowns": a feeling read as a weak hold or return is the feeling, not a step.
    if _has_emotion(r) and m.best in ("hold", "return") and m.scores[m.best] - m.scores["none"] < 0.06:
        return False
    return True


def _is_fragment(r: ClauseReading) -> bool:
    """Only literal modifiers ("four times", "then up", "slowly", "small amplitude"); a clause with its own
    subject that reads as a motion ("she jerks back") is not one."""
    if _moves(r) and re.match(rf"(?:{'|'.join(SUBJECT_WORDS)})\b", r.clause.text, re.IGNORECASE):
        return False
    if r.clause.marker == "next" and _BACK_TO_SIDE.match(r.clause.text):
        return True   # "…, then back down at her notes": the verb of the step before
    if _DURATION_ONLY.match(r.clause.text) or _ADVERBS_ONLY.fullmatch(r.clause.text.strip()):
        return True   # "…, just for a second", "…, more firmly": how, not a step of its own
    return r.has_modifiers and len(r.content_words) <= 1 and not (_moves(r) and r.content_words and
                                                                  r.content_words[0] not in _MODIFIER_NOUNS)


_BACK_TO_SIDE = re.compile(r"back\s+(?:up|down|(?:over\s+)?(?:to\s+(?:the|his|her|their|your)\s+)?(?:left|right))\b",
                          re.IGNORECASE)
_DURATION_ONLY = re.compile(r"^(?:just\s+|only\s+|but\s+)?(?:for\s+)?(?:a|one|two|three|a few|\d+)\s+"
                            r"(?:split\s+)?(?:seconds?|moments?|beats?|instants?|heartbeats?)$", re.IGNORECASE)
# "…, then two more", "…, then one slow one", "twice more", "x2 again": the step before, repeated
_REPEAT_FRAGMENT = re.compile(r"\b(?:more|again|one|ones|another)\b", re.IGNORECASE)
_BACK_ALONE = re.compile(r"(?:\w+ly\s+)*back(?:\s+again)?(?:\s+\w+ly)?", re.IGNORECASE)
_ADVERBS_ONLY = re.compile(r"(?:(?:and|but|yet|more|less|very|much|even|rather|quite|so|almost|a bit|a little)\s+)*"
                           r"(?!only\b|early\b|likely\b)\w+ly(?:\s+(?:and|but)\s+\w+ly)?", re.IGNORECASE)
_AGAIN_ONLY = re.compile(r"^(?:once\s+|all over\s+)?again\b(?:\s+\w+){0,3}$", re.IGNORECASE)
_ACTION_WORD = re.compile(r"\b(?:nod|shak|headshak|glanc|look|turn|tilt|bob|dip|bow|wag|lean|peep|jerk|tip|cock|"
                          r"rais|lift|lower|drop|face|gaz|star|return|hold|paus|wait|recoil|flinch)\w*", re.IGNORECASE)
_MODIFIER_NOUNS = {"amplitude", "size", "speed", "times", "time", "degrees", "way", "side", "direction", "again",
                   "another", "one", "more", "once"}


# ----------------------------------------------------------------------------------------------- drafting


def _draft(r: ClauseReading) -> Draft:
    action, side = MOTION_CLASSES[r.motion.best]
    words = _words(r.clause.text)
    # One word that reads clearly as an action ("…, then return", "hold") is a step of its own.
    # "…, then at the floor" is a step of its own with the verb before; "…, toward the noise" adds to its step.
    # A long clause that opens with a prepositional phrase and reads as a motion has its own subject and verb
    # ("For what felt like an age the prisoner sat with his eyes on the floor").
    weak = bool(_PREPOSITION.match(r.clause.text) and not _OWN_SUBJECT.search(r.clause.text)
                and r.clause.marker != "next" and len(words) < 8) or (len(words) == 1 and not re.search(r"(?:ing|s)$", words[0])
                                                       and r.motion.score < ONE_WORD_STEP_SCORE)
    return Draft(action, side, r, [r.clause.source], r.clause.marker, r.clause.sentence, r.clause.participle,
                 weak=weak)


def _elided(prev: Draft, r: ClauseReading) -> Draft | None:
    """'then up' after 'He looks left': the previous verb with the new side."""
    sides = [s.value for s in r.sides]
    if not sides:
        return None
    side = sides[0]
    if side in ("left", "right"):
        action = prev.action if prev.action in ("turn", "glance", "tilt") else "turn"
    else:
        # "glances up, then back down": going back is a look, not another glance
        action = "glance" if prev.action == "glance" and not _BACK_TO_SIDE.match(r.clause.text) else "look"
    d = Draft(action, side, r, [r.clause.source], r.clause.marker, r.clause.sentence, r.clause.participle)
    d.notes.append(f"read as \"{_verb_of(prev)} {r.clause.text}\" (the verb of the step before)")
    d.confidence_scale = 0.8
    return d


def _verb_of(d: Draft) -> str:
    return {"turn": "turns", "look": "looks", "tilt": "tilts", "glance": "glances"}.get(d.action, d.action)


def _apply_modifiers(d: Draft, r: ClauseReading, source: bool = True) -> None:
    if r.count is not None and d.count is None:
        d.count = int(r.count.value)
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
    if (prev is not None and r.clause.marker == "next" and _AGAIN_ONLY.match(r.clause.text)
            and not _ACTION_WORD.search(r.clause.text) and r.clause.sentence == prev.sentence):
        return True
    if prev is None or r.count is None or r.sides or prev.action not in REPEATING:
        return False
    if _ACTION_WORD.search(r.clause.text) and (not _moves(r) or MOTION_CLASSES[r.motion.best][0] != prev.action):
        return False   # "…, then a shake": a step of its own
    if re.match(r"(?:only|just|but only|but just)\b", r.clause.text, re.IGNORECASE):
        return False   # "She nods, but only once": how many, not another step
    linked = r.clause.marker == "next" or (r.clause.sentence == prev.sentence and prev.count is not None)
    return bool(linked and len(r.content_words) <= 2 and _REPEAT_FRAGMENT.search(r.clause.text))


# A time clause whose subject is someone or something else ("until the song ends", "when the nurse came back",
# "as the train pulled away") sets the moment; it is not the head's motion.
_SUBORDINATE = re.compile(r"^(?:until|till|when|whenever|once|as soon as|as|while|whilst|after|before|the moment)\s+"
                          r"(?:the|a|an|his|her|their|its|someone|somebody|everyone|nobody)\b", re.IGNORECASE)
_HEAD_PARTS = re.compile(r"^\S+\s+(?:\w+\s+)?(?:head|chin|face|eyes?|gaze|neck|brows?|eyebrows?|nose|mouth|lips?)\b",
                         re.IGNORECASE)


_PAUSE_NOUN = re.compile(r"^(?:a|an|the|one)\s+(?:[\w'-]+\s+){0,2}?(?:pause|moment|beat|while|second|silence|wait|"
                         r"delay|breath|instant|heartbeat|hesitation)s?$", re.IGNORECASE)


def _someone_else(r: ClauseReading) -> bool:
    source = r.clause.source
    if _PAUSE_NOUN.match(r.clause.text) or _ACTION_WORD.search(r.clause.text):
        return False   # "after a short pause", "after a shake of the head": not someone else
    return bool(_SUBORDINATE.match(source) and not _HEAD_PARTS.match(r.clause.text)
                and not re.search(r"\b(?:he|she|they|i|you|we)\s+\w+", r.clause.text, re.IGNORECASE))


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
    for k, r in enumerate(readings):
        if heard is not None and heard.clause.sentence != r.clause.sentence:
            heard = None
        if k == 0 or readings[k - 1].clause.sentence != r.clause.sentence:
            previous_gave_step = True   # a sentence's first clause has no clause before to run with
        before = len(drafts)
        if r.negated == "not":
            notes.append(f"not done (negated): \"{r.clause.source}\"")
        elif _someone_else(r):
            notes.append(f"about someone or something else: \"{r.clause.source}\"")
        elif _repeats_previous(r, drafts):
            prev = _repeated(drafts)
            d = Draft(prev.action, prev.side, r, [r.clause.source], r.clause.marker, r.clause.sentence)
            d.count = int(r.count.value) if r.count is not None else prev.count
            _apply_modifiers(d, r, source=False)
            d.notes.append(f"read as another {prev.action} (\"{r.clause.text}\" after \"{prev.sources[0]}\")")
            d.confidence_scale = 0.8
            drafts.append(d)
        elif _moves(r) and not _is_fragment(r):
            d = _draft(r)
            if d.marker == "with" and not previous_gave_step:
                # "She listens without moving her head, then nods": what it runs with is no head motion
                d.marker = ""
            _apply_modifiers(d, r, source=False)
            for p in pending:
                _apply_modifiers(d, p)
            pending.clear()
            if heard is not None and not d.reading.sides:
                d.reading.sides = [f for f in heard.sides if f.value in ("left", "right")]
                d.notes.append(f"side from \"{heard.clause.source}\"")
            heard = None
            drafts.append(d)
        elif _is_fragment(r) and drafts and r.clause.marker == "next" and _BACK_ALONE.fullmatch(r.clause.text.strip()):
            # "…, then slowly back", "…, and back again": back to the rest pose
            d = Draft("return", "", r, [r.clause.source], r.clause.marker, r.clause.sentence)
            _apply_modifiers(d, r, source=False)
            d.notes.append("\"back\" after a move: a return to the front")
            drafts.append(d)
        elif _is_fragment(r):
            if drafts and r.clause.marker == "next" and r.sides:
                d = _elided(drafts[-1], r)
                _apply_modifiers(d, r, source=False)
                drafts.append(d)
            elif drafts and r.clause.sentence == drafts[-1].sentence:
                _apply_modifiers(drafts[-1], r)
            elif r.sides and not drafts and r.clause.marker == "" and not _has_emotion(r):
                # A lone side: "Left, then right."
                d = Draft("turn", "", r, [r.clause.source], "", r.clause.sentence)
                _apply_modifiers(d, r, source=False)
                d.confidence_scale = 0.7
                d.notes.append("no verb: read as a turn")
                drafts.append(d)
            else:
                pending.append(r)
        elif _has_emotion(r) or r.talking:
            if any(f.value in ("left", "right") for f in r.sides):
                heard = r
        elif r.best_any >= READ_MIN_SCORE and r.content_words:
            notes.append(f"no head motion in \"{r.clause.source}\"")
            if any(f.value in ("left", "right") for f in r.sides):
                heard = r
        else:
            unread.append(r.clause.source)
        previous_gave_step = len(drafts) > before
    for p in pending:
        unread.append(p.clause.source)
    negated = [r for r in readings if r.negated == "not"]
    if not drafts and negated:
        # "He never takes his eyes off the camera": all that is said is what the head does not do.
        r = negated[0]
        d = Draft("hold", "", r, [r.clause.source], "", r.clause.sentence)
        d.notes.append("only what does not happen is said: the head holds still")
        d.confidence_scale = 0.6
        drafts.append(d)
    return drafts


# ----------------------------------------------------------------------------------------------- ordering


# Moves to a held pose. A sentence that opens with one as a participle ("Looking down, she shakes her head")
# means the pose first and the main clause's motion in it; an opening participle of a repeated motion
# ("Nodding, she leans forward") and a participle after its main clause run together with it.
POSE_MOVES = ("turn", "look", "tilt", "lean")


def order_drafts(drafts: list[Draft]) -> list[Draft]:
    """Time order inside each sentence ('before'/'after' clauses), overlaps ('while', 'as', participles)."""
    out: list[Draft] = []
    for sentence in sorted({d.sentence for d in drafts}):
        group = [d for d in drafts if d.sentence == sentence]
        group = _resolve_before_after(group)
        base = len(out)
        for i, d in enumerate(group):
            main = _main_of(group, i)
            if d.marker == "with" and main is not None:
                _overlap(group, i, main)
            elif d.participle and main is not None and not group[main].participle:
                if main > i and d.action in POSE_MOVES:
                    # "Turning to his left, he nods twice": he turns, then nods while turned (the turn's
                    # pose is held), not nodding while the head swings round.
                    d.notes.append("an opening participle that moves to a pose: first the pose, then the main clause")
                    continue
                _overlap(group, i, main)
        for d in group:
            if d.overlaps is not None:
                d.overlaps += base
        out.extend(group)
    return out


def _main_of(group: list[Draft], i: int) -> int | None:
    if i > 0:
        return i - 1
    return 1 if len(group) > 1 else None


def _overlap(group: list[Draft], i: int, main: int) -> None:
    """The later of the two in the list runs with the earlier one."""
    first, second = sorted((i, main))
    if group[first].overlaps is None and group[second].overlaps is None:
        group[second].overlaps = first


def _resolve_before_after(group: list[Draft]) -> list[Draft]:
    group = list(group)
    for d in list(group):
        if d.marker not in ("before_main", "after_main"):
            continue
        i = group.index(d)
        # "She looks up, then, after a pause, she nods": a before/after clause followed by an unlinked clause
        # belongs to that one; otherwise to the clause before it ("She turns left after nodding").
        follows = i + 1 < len(group) and group[i + 1].marker == "" and not group[i + 1].participle
        main = i + 1 if (i == 0 or follows) and len(group) > 1 else i - 1
        if main < 0:
            continue
        should_precede = d.marker == "before_main"
        if should_precede and i > main or (not should_precede and i < main):
            group[i], group[main] = group[main], group[i]
    return group


# ------------------------------------------------------------------------------------------------ merging


def merge_drafts(drafts: list[Draft]) -> list[Draft]:
    """One motion read twice becomes one step: a reading of intent next to the motion ("He refuses, shaking
    his head twice"), or two clauses of one motion joined by a comma or 'while' rather than by 'then'."""
    drafts = _fold_weak(drafts)
    out: list[Draft] = []
    for d in drafts:
        prev = out[-1] if out else None
        same = prev is not None and prev.action == d.action and prev.sentence == d.sentence and \
            (prev.side == d.side or not prev.side or not d.side or not _explicit_side(prev) or not _explicit_side(d)) \
            and not _named_sides_differ(prev, d)
        linked = d.overlaps is not None or d.participle or (d.marker == "" and prev is not None and
                                                            prev.sentence == d.sentence)
        if same and linked:
            if _bare_repeat(prev) and _bare_repeat(d):
                prev.repeats += d.repeats
            prev.count = prev.count if prev.count is not None else d.count
            prev.speed = prev.speed or d.speed
            prev.amplitude = prev.amplitude or d.amplitude
            prev.degrees = prev.degrees if prev.degrees is not None else d.degrees
            if _explicit_side(d) and not _explicit_side(prev):
                prev.side = d.side
                prev.reading = d.reading
            prev.sources.extend(d.sources)
            continue
        if d.overlaps is not None:
            # Indices shift when steps merge; point at the same draft.
            d.overlaps = _index_of(out, drafts[d.overlaps]) if d.overlaps < len(drafts) else None
        out.append(d)
    return out


def _bare_repeat(d: Draft) -> bool:
    """'Nod' of 'Nod, nod, nod': a repeating action said by its verb alone, with no count."""
    return (d.action in ("nod", "shake", "wag") and d.count is None and d.reading.count is None
            and len(_words(d.reading.clause.text)) <= 2 and len(d.reading.content_words) <= 1)


def _fold_weak(drafts: list[Draft]) -> list[Draft]:
    """A weak draft next to a full one in its sentence gives it its modifiers and is not a step itself."""
    out = list(drafts)
    for d in list(drafts):
        if not d.weak:
            continue
        i = out.index(d)
        neighbours = [j for j in (i - 1, i + 1) if 0 <= j < len(out) and not out[j].weak
                      and out[j].sentence == d.sentence]
        if not neighbours:
            continue
        host = out[neighbours[0]]
        _apply_modifiers(host, d.reading)
        for other in out:
            if other.overlaps is not None and other.overlaps < len(drafts) and drafts[other.overlaps] is d:
                other.overlaps = None
        out.remove(d)
    # Overlap indices point into the list they were made for; re-point them into the folded list.
    for d in out:
        if d.overlaps is not None:
            target = drafts[d.overlaps] if d.overlaps < len(drafts) else None
            d.overlaps = out.index(target) if target in out else None
    return out


def _index_of(out: list[Draft], target: Draft) -> int | None:
    for i, d in enumerate(out):
        if d is target:
            return i
    return len(out) - 1 if out else None


def _named_sides_differ(a: Draft, b: Draft) -> bool:
    """"look left, look right": the words name two different sides, so these are two steps."""
    sa = [s.value for s in a.reading.sides if s.value in SIDES.get(a.action, ())]
    sb = [s.value for s in b.reading.sides if s.value in SIDES.get(b.action, ())]
    return bool(sa and sb and sa[0] != sb[0])


def _explicit_side(d: Draft) -> bool:
    return any(s.value in SIDES.get(d.action, ()) for s in d.reading.sides)


# ------------------------------------------------------------------------------------- sides and details


_HEAD_BACK = re.compile(r"\b(?:head|chin|face)\s+(?:(?:right|way|all the way|far)\s+)?back(?:wards?)?\b|"
                        r"\bback(?:wards?)?\s+(?:his|her|their|the|your)\s+head\b", re.IGNORECASE)


# Up or down said with the noun or verb of a glance ("a glance upward", "darts a look up") is a glance; a look
# "back up" or "back down" returns to a held pose, not a glance.
_GLANCE_WORDS = re.compile(r"\b(?:glanc\w*|glimps\w*|peep\w*|(?:darts?|darting|shoots?|shooting|flicks?|"
                           r"flicking|steals?|stealing|sneaks?|sneaking|casts?|casting|throws?|throwing)\s+(?:a\s+)?"
                           r"(?:quick\s+|fleeting\s+|furtive\s+)?(?:look|eyes|gaze))\b", re.IGNORECASE)
_TO_REST = re.compile(r"\b(?:back\s+)?(?:to|toward)\s+(?:the\s+)?(?:neutral|cent(?:er|re)|middle|rest(?:\s+pose)?|"
                      r"front)\b|\bback\s+to\s+(?:the\s+)?(?:camera|lens)\b|"
                      r"\bto\s+face\s+(?:the\s+)?(?:camera|lens|front|audience|viewer|us|me)\b(?![- ](?:left|right)\b)",
                      re.IGNORECASE)
_SIDE_TO_SIDE = re.compile(r"\b(?:(?:from\s+)?side\s+to\s+side|(?:from\s+)?shoulder\s+to\s+shoulder|to\s+and\s+fro|"
                           r"this\s+way\s+and\s+that)\b", re.IGNORECASE)
_MEANS_NO = re.compile(r"\b(?:no|nope|disagree\w*|deny\w*|denial|disbelief|refus\w*)\b", re.IGNORECASE)
_OTHER_WAY = re.compile(r"\b(?:the other (?:way|side|direction)|that way|the opposite (?:way|side|direction)|"
                        r"other side)\b", re.IGNORECASE)
_OVER_SHOULDER = re.compile(r"\bover\s+(?:his|her|their|your|my|one|the)\s+(?:\w+\s+)?shoulder\b", re.IGNORECASE)
_BACK_IN = re.compile(r"\bback\s+in(?:wards?)?\b(?!\s+(?:the|his|her|their|a|an|my|your)\b)", re.IGNORECASE)
_BACK_VERTICAL = re.compile(r"\bback\s+(up|down)\b", re.IGNORECASE)
# A look held for a while is no glance ("looked down at the street for a long moment").
_LONG_HOLD = re.compile(r"\bfor\s+(?:a\s+(?:long|good)\s+(?:moment|while|time|minute)|a\s+while|some\s+time|"
                        r"(?:a\s+)?long(?:er)?(?:\s+time)?|ages|minutes|(?:two|three|four|five|several|a few)\s+"
                        r"seconds)\b|\b(?:a\s+)?long\s+(?:look|stare|gaze)\b",
                        re.IGNORECASE)
_LOOKS_BACK = re.compile(r"\blook(?:s|ed|ing)?\s+back\s+(?:up|down)\b", re.IGNORECASE)


def settle_sides(drafts: list[Draft]) -> list[Draft]:
    """Sides from the words (left/right always; up/down when the text names exactly one), expanding
    'from the left to the right' into two turns; actions that the side contradicts change axis."""
    out: list[Draft] = []
    for d in drafts:
        named = [s.value for s in d.reading.sides]
        horizontal = [s for s in named if s in ("left", "right")]
        vertical = [s for s in named if s in ("up", "down")]
        if lexicon.camera_relative(" ".join(d.sources)):
            d.notes.append("camera/screen side: turned into the subject's own side")
        words = " ".join(d.sources)
        if d.action in ("look", "turn", "glance", "lean") and _TO_REST.search(words):
            # "…, then down to neutral", "back to centre": where it ends is the rest pose
            d.notes.append("read as a return: the words name the rest pose")
            d.action, d.side = "return", ""
            horizontal, vertical = [], []
        if d.action in ("lean", "return", "recoil") and _BACK_VERTICAL.search(words) and not horizontal:
            # "comes slowly back up": back up/down is a look, not a lean or a return to the front
            side = _BACK_VERTICAL.search(words).group(1).lower()
            d.notes.append(f"read as a look {side}: the head comes back {side}")
            d.action, d.side = "look", side
            vertical = [side]
        if d.action == "look" and _HEAD_BACK.search(words) and "up" not in vertical:
            # "tipped his head back to watch the flakes come down": the head goes up, whatever it watches
            d.notes.append("read as a look up: the head tips back")
            vertical = ["up"]
        if d.action == "tilt" and not horizontal and _SIDE_TO_SIDE.search(words):
            # "sways her head from side to side": to and fro is a wag, or a shake when it means no
            d.action = "shake" if _MEANS_NO.search(words) else "wag"
            d.side = ""
            d.notes.append(f"read as a {d.action}: from side to side, not one tilt")
        if d.action == "return" and _HEAD_BACK.search(words) and not horizontal and not _TO_REST.search(words) \
                and not re.search(r"\bback\s+(?:to|toward|at|round|around)\b", words, re.IGNORECASE):
            # "threw her head back and laughed": the head goes back and up, not back to the front
            d.notes.append("read as a look up: the head tips back")
            d.action, d.side = "look", "up"
        if d.action == "return" and _OVER_SHOULDER.search(words):
            # "looks back over his shoulder": a turn to a side, not back to the front
            d.notes.append("read as a turn: over the shoulder is to a side")
            d.action = "turn"
        if d.action == "lean" and d.side == "back" and _BACK_IN.search(words):
            d.notes.append("read as leaning forward: back in is toward the camera again")
            d.side = "forward"
        if d.action in ("look", "turn") and _GLANCE_WORDS.search(words) and not _LONG_HOLD.search(words):
            d.notes.append("read as a glance: the words name a glance, which comes back")
            d.action = "glance"
        elif d.action == "glance" and _LONG_HOLD.search(words):
            d.action = "turn" if horizontal else "look" if vertical else "glance"
            if d.action != "glance":
                d.notes.append(f"read as a {d.action}: the words hold it for a while")
        elif d.action == "glance" and vertical and _LOOKS_BACK.search(words) and not _GLANCE_WORDS.search(words):
            d.notes.append("read as a look: the head goes back to where it was, and stays")
            d.action = "look"
        if d.action == "recoil" and (horizontal or vertical) and not _HEAD_BACK.search(words):
            # "She jerks her head up": a sharp move with a direction is a turn or a look, not a recoil
            d.action = "turn" if horizontal else "look"
            d.speed = d.speed or "fast"
            d.notes.append(f"read as a quick {d.action}: the words name {(horizontal or vertical)[0]}")
        if d.action == "tilt" and not horizontal and _HEAD_BACK.search(" ".join(d.sources)):
            d.notes.append("read as a look up: the head tips back, not to a side")
            d.action, d.side = "look", "up"
        elif d.action in ("look",) and horizontal and not vertical:
            d.notes.append(f"read as a turn: the words name {horizontal[0]}, not up or down")
            d.action, d.side = "turn", horizontal[0]
        elif d.action in ("tilt", "turn") and vertical and not horizontal:
            d.notes.append(f"read as a look {vertical[0]}: the words name {vertical[0]}")
            d.action, d.side = "look", vertical[0]
        elif d.action == "look" and len(set(vertical)) == 1 and vertical[0] != d.side:
            d.notes.append(f"side from the words: {vertical[0]}")
            d.side = vertical[0]
        elif d.action in ("turn", "tilt"):
            d.side = horizontal[0] if horizontal else ""
        elif d.action == "glance":
            d.side = (horizontal or vertical or [""])[0]
        if d.action in ("turn", "glance") and len(horizontal) >= 2 and horizontal[0] != horizontal[1]:
            second = dataclasses.replace(d, side=horizontal[1], sources=list(d.sources), notes=[], overlaps=None,
                                         marker="next")
            out.extend([d, second])
            continue
        if (d.action in ("turn", "tilt", "glance") and not horizontal and out and out[-1].action == d.action
                and out[-1].side in ("left", "right") and _OTHER_WAY.search(words)):
            d.side = "right" if out[-1].side == "left" else "left"
            d.notes.append(f"the other way: {d.side}")
        if SIDES[d.action] != ("",) and not d.side:
            d.side = SIDES[d.action][0]
            said = "'away' does not say which side" if lexicon.says_away(" ".join(d.sources)) else "side not said"
            d.notes.append(f"{said}: chose {d.side}; edit the step to change it")
            d.confidence_scale *= 0.8
        out.append(d)
    return out


def _merge_same_pose(drafts: list[Draft]) -> list[Draft]:
    """Two moves to the same pose one after the other in a sentence ("She lifts her head and stares at the
    ceiling") are one move: the second finds the head already there. "…, then up again" stays two."""
    out: list[Draft] = []
    for d in drafts:
        prev = out[-1] if out else None
        if (prev is not None and d.action in POSE_MOVES and d.action == prev.action and d.side == prev.side
                and d.sentence == prev.sentence and d.overlaps is None and prev.overlaps is None
                and not any(o.overlaps is not None and o.overlaps >= len(out) for o in drafts)
                and not re.search(r"\b(?:again|more|further|back)\b", " ".join(d.sources), re.IGNORECASE)):
            prev.sources.extend(d.sources)
            prev.speed = prev.speed or d.speed
            prev.amplitude = prev.amplitude or d.amplitude
            prev.notes.append("said twice: one move to the same pose")
            continue
        out.append(d)
    if len(out) != len(drafts):
        for d in out:   # overlap indices point into the shorter list
            if d.overlaps is not None:
                target = drafts[d.overlaps]
                d.overlaps = out.index(target) if target in out else None
    return out


def to_steps(drafts: list[Draft]) -> list[PlanStep]:
    steps = []
    for d in drafts:
        reading = d.reading.motion
        count = 1
        if d.action in REPEATING:
            if d.count is None and d.repeats > 1:
                d.count = d.repeats
                d.notes.append(f"count {d.repeats}: the verb is said {d.repeats} times")
            count = d.count if d.count is not None else (1 if d.action == "glance" else 0)
            if d.count is None and d.action != "glance":
                d.notes.append("count not said: repeats for its time")
        elif d.count not in (None, 1, 0):
            d.notes.append(f"count {d.count} ignored: a {d.action} happens once")
        amplitude = d.amplitude or "medium"
        if d.degrees is not None:
            amplitude = lexicon.amplitude_of_degrees(d.action, d.degrees)
            d.notes.append(f"{d.degrees:g}° is {amplitude} for a {d.action}")
        runner = MOTION_CLASSES.get(reading.runner_up)
        runner_up = runner[0] if runner else ""
        if runner_up == d.action:
            runner_up = ""
        if reading.margin < 0.03:
            d.notes.append(f"ambiguous: could also be {reading.runner_up.replace('_', ' ')}")
        confidence = _confidence(reading) * d.confidence_scale
        steps.append(PlanStep(d.action, d.side, count, amplitude, d.speed or "normal", 0.0, 1.0, d.overlaps,
                              source=" … ".join(dict.fromkeys(d.sources))[:500], confidence=round(confidence, 3),
                              margin=round(float(np.clip(reading.margin, -2, 2)), 4), runner_up=runner_up,
                              notes=tuple(d.notes)))
    return steps


def _confidence(reading: Reading) -> float:
    closeness = np.clip((reading.score - 0.30) / 0.35, 0.0, 1.0)
    decisiveness = np.clip(0.5 + 5.0 * reading.margin, 0.0, 1.0)
    return float(closeness * decisiveness)


# ------------------------------------------------------------------------------------------------ emotion


def read_emotions(readings: list[ClauseReading]) -> list[tuple[int, EmotionCue]]:
    """(clause index, cue) for every clause with an emotion; neighbours with the same emotion are one cue."""
    cues: list[tuple[int, EmotionCue]] = []
    for i, r in enumerate(readings):
        if not (_has_emotion(r) or r.talking):
            continue
        e = r.emotion if _has_emotion(r) else None
        emotion = e.best if e is not None else "neutral"
        intensity = str(r.intensity.value) if r.intensity is not None and e is not None else "medium"
        onset = str(r.onset.value) if r.onset is not None and e is not None else "normal"
        conf = float(np.clip((e.score - 0.4) / 0.3, 0, 1) * np.clip(0.5 + 5 * e.margin, 0, 1)) if e else 0.5
        runner = e.runner_up if e is not None and e.runner_up != "none" else ""
        notes = (f"from \"{r.emotion_span}\"",) if e is not None else ("talking only",)
        if e is not None and e.margin < 0.03:
            notes += (f"ambiguous: could also be {e.runner_up}",)
        cue = EmotionCue(emotion, intensity, onset, 0.0, None, r.talking, r.clause.source, round(conf, 3),
                         round(float(e.margin) if e else 0.0, 4), runner, notes)
        if cues and cues[-1][1].emotion == cue.emotion:
            prev = cues[-1][1]
            cues[-1] = (cues[-1][0], dataclasses.replace(
                prev, talking=prev.talking or cue.talking, source=f"{prev.source} … {cue.source}"[:500],
                intensity=prev.intensity if prev.intensity != "medium" else cue.intensity))
            continue
        cues.append((i, cue))
    return cues


# ------------------------------------------------------------------------------------------------- plan


def read_plan(text: str, seconds: float | None = None) -> MotionPlan:
    """A description → its plan, timed for `seconds` (default: the steps' natural length, at least 4 s and
    at most 10 s)."""
    from ..prompts import check_prompt

    text = check_prompt(text, "description")
    clauses = split_clauses(text)
    readings = read_clauses(clauses) if clauses else []
    notes: list[str] = []
    unread: list[str] = []
    drafts = build_drafts(readings, notes, unread)
    drafts = merge_drafts(order_drafts(drafts))
    drafts = _merge_same_pose(settle_sides(drafts))
    steps = to_steps(drafts)
    cue_pairs = read_emotions(readings)
    if not steps and not cue_pairs:
        return MotionPlan(seconds=seconds or DEFAULT_SECONDS, text=text, status="unreadable",
                          unread=tuple(dict.fromkeys(unread + [c.source for c in clauses if c.source not in unread]))
                          or (text,), notes=tuple(notes))
    plan = MotionPlan(steps=steps, seconds=MAX_AUTO_SECONDS, text=text)
    if seconds is None:
        seconds = float(np.clip(plan.natural_seconds(), DEFAULT_SECONDS, MAX_AUTO_SECONDS))
    plan = dataclasses.replace(plan, seconds=seconds).retimed()
    cues = _place_cues(cue_pairs, readings, drafts, plan)
    status = "partial" if unread else "ok"
    return dataclasses.replace(plan, emotions=tuple(cues), status=status, unread=tuple(unread),
                               notes=plan.notes + tuple(notes))


def _place_cues(cue_pairs, readings, drafts, plan: MotionPlan) -> list[EmotionCue]:
    """A cue starts with the step of its own clause (or the first step after it in the text)."""
    cues = []
    for clause_index, cue in cue_pairs:
        start = 0.0
        clause = readings[clause_index].clause
        for d, step in zip(drafts, plan.steps):
            if clause.source in d.sources or (d.reading.clause.sentence == clause.sentence and
                                              readings.index(d.reading) >= clause_index):
                start = step.start
                break
        if cues and start <= cues[-1].start:
            start = 0.0 if not cues else min(plan.seconds * 0.9, cues[-1].start + 0.5)
        cues.append(dataclasses.replace(cue, start=round(min(start, plan.seconds * 0.9), 4)))
    return cues
