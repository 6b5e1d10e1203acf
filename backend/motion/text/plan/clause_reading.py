"""Reading each clause: which head action it reads as (prototypes and classifier, `meaning.py`), its emotion
from its best short span, and its literal modifiers (counts, sides, speed, size, degrees; `lexicon.py`).
"""

from __future__ import annotations

import dataclasses
import re

from . import lexicon
from .lexicon import ACTION_WORD, IRREGULAR_PASTS
from .clauses import Clause
from .negation import negation
from .stares import stares_without_direction
from .subjects import name_as_pronoun
from .fixed_motions import fixed_motion
from .about_the_work import about_the_work
from .fixed_readings import NAMED, defines_a_side, fixed_reading
from .classifier import shipped as shipped_classifier
from .feeling_words import attributive_words, blocked_words, idioms
from .meaning import Reading, encode, indexes
from .prototypes import EMOTION_PROTOTYPES
from .normalise import LEFT_RIGHT, LITERAL_ONLY, american, motion_text

EMOTION_MIN_SCORE = 0.55      # a span this close to an emotion's prototypes …
EMOTION_OVER_NONE = 0.17      # … and this much closer than to emotion-free words carries that emotion
READ_EMOTION_GAIN = 0.12      # an emotion reading this far above the no-feeling words makes a clause read
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
    unfelt: tuple[str, ...] = ()   # feeling words that are nobody's here ("without a smile", "the angry customer")

    @property
    def has_modifiers(self) -> bool:
        return any(x is not None for x in (self.count, self.speed, self.amplitude, self.degrees)) or bool(self.sides)



def split_words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9'-]+", text.lower())


# Verbs that say nothing about motion once the feeling is gone ("he stays calm", "she looks furious").
COPULAS = frozenset("stays stay remains remain is are was were looks look looked looking seems seem seeming feels feel "
                    "feeling appears appearing being becoming "
                    "becomes gets grows keeps wears face expression can't cannot couldn't stop stops help".split())


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
    return tuple(w for w in split_words(stripped) if w not in STOPWORDS and w not in modifiers and not w.isdigit())


def _spans(text: str) -> list[str]:
    """Short windows of a clause (1–2 words, or 3 around a function word: "wrinkles her nose"), not starting or
    ending in a function word, and the clause itself."""
    words = split_words(text)
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
    feelings, emotions, unfelt, k = [], [], [], 0
    phrases, covered = idioms_by_clause(clauses)
    for clause, group, phrase, taken in zip(clauses, spans, phrases, covered):
        readings = emotion_all[k:k + len(group)]
        k += len(group)
        best, best_span, best_gain = None, "", -1.0
        felt = []
        not_felt = _not_felt(american(clause.text), group, readings)
        not_felt |= {s for s in group if set(s.split()) & (taken - STOPWORDS)}
        unfelt.append(tuple(s for s, r in zip(group, readings) if s in not_felt and r.best != "none"
                            and r.score - r.scores["none"] >= EMOTION_OVER_NONE))
        for span, r in zip(group, readings):
            if span == "neutral" and _NEUTRAL_POSE.search(" ".join(group[-1:])):
                continue   # "back to neutral": a pose, not a feeling
            gain = r.score - r.scores["none"]
            # Feeling words move nothing, whoever's feeling they name: the motion is read without them.
            if " " not in span and r.best != "none" and r.score >= EMOTION_MIN_SCORE and gain >= EMOTION_OVER_NONE:
                felt.append(span)
            if r.best != "none" and gain > best_gain and span not in not_felt:
                best, best_span, best_gain = r, span, gain
        if best is not None and _SIGN_WORD.match(best_span):
            # A smile, a laugh or tears done in the manner of another feeling show that feeling ("smiles sadly",
            # "grins nervously", "smiled coldly").
            others = [(r.score - r.scores["none"], r, s) for s, r in zip(group, readings)
                      if " " not in s and s.endswith("ly") and s in felt and s not in not_felt
                      and r.best != best.best]
            if others:
                _, best, best_span = max(others, key=lambda o: o[0])
        if phrase is not None:
            # A set phrase ("sees red", "over the moon") names its feeling whatever its words read as one by one.
            best, best_span = _named(phrase[0]), phrase[1]
        emotions.append((best, best_span))
        feelings.append(tuple(felt))
    # A relative clause says who or what a noun is ("turned away from the couple | who had arrived late"), not
    # how the head moves.
    texts = [lexicon.RESULT_CUT.sub(r"\1", _RELATIVE_CUT.sub("", motion_text(c.text, felt))) or motion_text(c.text, felt) or c.text
             for c, felt in zip(clauses, feelings)]
    # The clause is also read without its trailing prepositional phrase ("turns her head | toward the sound
    # on the right"): a destination often sounds like another action; each class keeps its better score.
    cores = [_CORE_CUT.sub("", t) or t for t in texts]
    # And without its subject ("The detective | leans in"): an unusual noun pulls every similarity down.
    # (after a phrase put before the subject with no comma, "In the doorway the old shepherd | looked up")
    predicates = [_SUBJECT_CUT.sub("", f, count=1) or f for f in (_FRONTED_CUT.sub("", t, count=1) or t for t in texts)]
    # And without a verb of aspect ("she keeps | nodding", "begins to | shake her head"): the motion is the
    # verb after it.
    # "it" after the head was named is the head ("raised his head and shook it", "letting it sink").
    aspects = [_IT.sub("the head", _ASPECT_CUT.sub("", p, count=1) or p) if not _HEAD_WORD.search(p) else
               _ASPECT_CUT.sub("", p, count=1) or p for p in predicates]
    # A short clause with no verb after "then" borrows the verb before it ("He looks left, then right, then
    # straight ahead": "looks straight ahead").
    verb = ""
    borrowed = list(texts)   # what the classifier reads: the clause, or the clause with the verb it borrows
    for i, c in enumerate(clauses):
        if i and c.sentence != clauses[i - 1].sentence:
            verb = ""
        if (verb and c.marker == "next" and len(split_words(lexicon.AGAIN.sub("", c.text))) <= 4 and not ACTION_WORD.search(c.text)
                and _PLACE_OPENING.match(lexicon.AGAIN.sub("", c.text).strip())):   # "…, and again to the left"
            aspects[i] = borrowed[i] = f"{verb} {texts[i]}"
            continue   # the verb carries on ("turned to her, then back, then to her again")
        first = (predicates[i].split() or [""])[0]
        # "…, hold, back to centre, then to the lamp again": a pause, or a place with no verb, passes the verb on
        if not _PAUSE_WORDS.fullmatch(first) and not (_PLACE_OPENING.match(c.text) and not ACTION_WORD.search(c.text)):
            verb = first if ACTION_WORD.fullmatch(first) else ""
    # And without both its subject and its trailing phrase ("The boy | looked up | at the fireworks").
    bare = [_CORE_CUT.sub("", p) or p for p in predicates]
    # Each distinct variant is encoded and read once (most clauses have two or three, not five).
    distinct = list(dict.fromkeys(texts + cores + predicates + aspects + bare))
    read = dict(zip(distinct, motion_index.read(encode(distinct)))) if distinct else {}
    motion = [_best_of(_best_of(_best_of(read[a], read[b]), _best_of(read[c], read[d])), read[e])
              for a, b, c, d, e in zip(texts, cores, predicates, aspects, bare)]
    classifier = shipped_classifier()
    if classifier is not None and texts and CLASSIFIER_WEIGHT > 0:
        # (a name is read as the pronoun it stands for, "Ada turns her head" as "she turns her head": the classifier
        # learnt from "she" and "he", and an unusual name pulls its reading toward another class)
        probabilities = classifier.probabilities(encode([name_as_pronoun(b) for b in borrowed]))
        motion = [_blend(m, dict(zip(classifier.classes, p))) for m, p in zip(motion, probabilities)]
    out = []
    for clause, m, group, (best, best_span), felt, not_felt in zip(clauses, motion, spans, emotions, feelings, unfelt):
        negated = negation(clause.source) or negation(clause.text)
        fixed = "" if negated else fixed_reading(clause)
        if negated == "still" or fixed in NAMED:
            named = fixed or "hold"
            m = Reading(named, max(m.score, STRONG_MOTION_SCORE), m.best, m.score,
                        {**m.scores, named: max(m.scores.values()) + 1.0})
        elif negated:
            # "He doesn't nod", "without a hint of a smile": neither the motion nor the feeling happens ("without
            # expression" is the feeling: a set phrase, read whole).
            m = Reading("none", 1.0, m.best, m.score, {**m.scores, "none": max(m.scores.values()) + 1.0})
            if ((best is None or best_span not in clause.text.lower() or not _NEGATED_NEUTRAL.search(best_span))
                    and not _CONTRASTED.search(american(clause.text).lower().split(best_span)[0] if best else "")):
                best, best_span = None, ""
        elif fixed == "none":
            m = Reading("none", 1.0, m.best, m.score, {**m.scores, "none": max(m.scores.values()) + 1.0})
        work = fixed == "none" and (about_the_work(clause.source) or about_the_work(clause.text))
        if work:
            best, best_span = None, ""   # "Render at 24 fps, ProRes": the shot's talk feels nothing either
        readings = [best] if best is not None else []
        # A feeling aimed at someone or something ("beams at the camera", "grins at him") moves nothing.
        aimed = _AIMED_AT.sub(" ", clause.text) if felt else clause.text
        # (an adverb of degree says how much of the feeling: "his face stays totally blank" is still only a face)
        rest = [w for w in split_words(motion_text(aimed, felt)) if w not in STOPWORDS and w != "left"
                and not _DEGREE.fullmatch(w)]
        if (fixed in NAMED and fixed != "hold") or (fixed == "hold" and (stares_without_direction(clause.text)
                                                                      or fixed_motion(clause.text) == "hold")):
            pass   # named outright ("Neutral again", "glares at him", "unmoving"): no feeling word takes the motion away
        elif (OTHER_BODY_PART.match(clause.text) or _STATE.match(clause.text)) and not _strong_motion(m):
            # "Jaw dropping, …", "Her shoulders sag": a part of the body that does not move the head
            m = Reading("none", 1.0, m.best, m.score, {**m.scores, "none": max(m.scores.values()) + 1.0})
        elif felt and set(rest) <= COPULAS and not lexicon.find_sides(clause.text) and not _strong_motion(m):
            # Nothing but feeling ("Terrified", "scowling"): no motion to read.
            m = Reading("none", 1.0, m.best, m.score, {**m.scores, "none": 1.0})
        elif (best is not None and best.best != "none" and best.score >= EMOTION_MIN_SCORE
              and best.score - best.scores["none"] >= EMOTION_OVER_NONE and not ACTION_WORD.search(clause.text)
              and not lexicon.find_sides(clause.text) and not _strong_motion(m)
              and (clause.marker != "next" or re.match(r"with\s+(?:a|an)\b", clause.text, re.IGNORECASE))
              and (re.match(r"(?:with\s+)?(?:a|an)\b", clause.text, re.IGNORECASE) or len(split_words(clause.text)) <= 3)
              and not re.match(rf"{lexicon.PRONOUN}\b", clause.text, re.IGNORECASE)):
            # A feeling with no word of head motion ("…, a hint of a smile on her lips"): the feeling only.
            m = Reading("none", 1.0, m.best, m.score, {**m.scores, "none": 1.0})
        text = clause.text
        sides = lexicon.find_sides(text)
        if fixed == "none":
            # "She gets up", "writes it down": the up or down of what moves no head is no side (a left or right
            # still says where a sound came from: "Hearing a shout from her right, …")
            sides = [f for f in sides if f.value in ("left", "right") and not work and not defines_a_side(text)]
        r = ClauseReading(clause, m, best, best_span, count=lexicon.find_count(text),
                          sides=sides, speed=lexicon.find_speed(text),
                          amplitude=lexicon.find_amplitude(text), degrees=lexicon.find_degrees(text),
                          intensity=lexicon.find_intensity(text), onset=lexicon.find_onset(text),
                          talking=_talks(clause) and negated != "not" and not work, content_words=_content_words(text),
                          negated=negated, unfelt=not_felt)
        # A feeling counts as something read where it stands out at least a little from the no-feeling words: with
        # many feeling words, strings of nonsense ("zxqv blorp") come near one or two of them.
        r.best_any = max([m.score] + [x.score for x in readings
                                      if x is not None and x.score - x.scores["none"] >= READ_EMOTION_GAIN])
        out.append(r)
    return out


_DEGREE = re.compile(r"totally|completely|utterly|entirely|absolutely|perfectly|fully|very|so|too|almost|nearly|"
                     r"suddenly|visibly|clearly|oddly|strangely|eerily|increasingly")
# The words of a smile, a laugh or tears: signs whose feeling a word beside them can change.
_SIGN_WORD = re.compile(r"^(?:smil|grin|laugh|chuckl|giggl|beam|tear)\w*$")


def _not_felt(text: str, group: list[str], readings: list[Reading]) -> set[str]:
    """Spans of a clause whose feeling is nobody's here (`feeling_words`): negated ("without a smile"), said of
    a thing or someone else ("the angry customer"), or a use of the word that is no feeling ("a mad dash"); the
    clause as a whole then no longer counts as a span either."""
    words = split_words(text)
    feeling = {s for s, r in zip(group, readings) if r.best != "none" and " " not in s}
    blocked = blocked_words(text) | attributive_words(text, feeling)
    out = set()
    for span in group[:-1] if len(group) > 1 else group:
        parts = span.split()
        where = [i for i in range(len(words) - len(parts) + 1) if words[i:i + len(parts)] == parts]
        if where and all(blocked & set(range(i, i + len(parts))) for i in where):
            out.add(span)
    if out and len(group) > 1 and group[-1] not in group[:-1]:
        out.add(group[-1])
    return out


# "not angry, just sad", "not scared but furious": the feeling after the contrast is felt, whatever was negated.
_CONTRASTED = re.compile(r"\b(?:not|never|no|isn't|wasn't|doesn't|didn't)\b.*\b(?:just|only|merely|simply|but|rather)\s*$")


# Set phrases of a blank face that are negations themselves ("without expression", "shows no emotion").
_NEGATED_NEUTRAL = re.compile(r"\b(?:without|no|nothing)\b")


def idioms_by_clause(clauses: list[Clause]) -> tuple[list[tuple[str, str] | None], list[set[str]]]:
    """Per clause, the set phrase naming a feeling that starts in it (`feeling_words.idioms`), read over its whole
    sentence: a phrase may run on past a linking word ("as white as a sheet", "laughed until the tears came"); and
    the words of a phrase that ran on into a clause, which then name nothing there themselves."""
    out: list[tuple[str, str] | None] = [None] * len(clauses)
    covered: list[set[str]] = [set() for _ in clauses]
    for sentence in dict.fromkeys(c.sentence for c in clauses):
        members = [i for i, c in enumerate(clauses) if c.sentence == sentence]
        text, starts = "", []
        for i in members:
            if text and not clauses[i].marker:
                # a clause with no linking word begins after a comma: the comma ends a negation's reach ("no
                # reaction, a proper poker face")
                text = text[:-1] + ", "
            starts.append(len(text))
            text += american(clauses[i].source) + " "
        for start, feeling, words in idioms(text):
            owner = max(k for k, s in zip(members, starts) if s <= start)
            out[owner] = (feeling, words)
            for k, s in zip(members, starts):
                if k != owner and start < s < start + len(words):
                    covered[k] |= set(split_words(words))
    return out, covered


def _named(feeling: str) -> Reading:
    """The reading of a feeling named by a set phrase: as sure as an exact prototype word."""
    scores = {label: 0.3 for label in EMOTION_PROTOTYPES}
    scores[feeling] = 0.9
    return Reading(feeling, 0.9, "none", 0.3, scores)


# "She is close to tears", "He seems tired", "The interrogation room was cold": a state, not a motion ("He is nodding", "Her head is turned to
# the left" and "He is still" are motions or a hold).
_STATE = re.compile(r"^(?:he|she|they|i|you|we|it|(?:the|his|her|a|an)\s+(?:[\w'-]+\s+){0,2}?[\w'-]+)\s+(?:is|are|was|were|seems?|seemed|appears?|"
                    r"appeared|feels?|felt|becomes?|became|grows?|grew)\s+(?:(?:very|so|quite|rather|clearly|"
                    r"visibly|almost|nearly)\s+)?(?!\w+ing\b|\w+ed\b|still\b|motionless\b|frozen\b|rigid\b|"
                    # ("he is not moving": stillness said outright, the guide's hold, no state)
                    r"immobile\b|stock\b|silent\b|not\s+(?:moving|budging|stirring)\b)", re.IGNORECASE)
OTHER_BODY_PART = re.compile(r"^(?:(?:his|her|their|my|your|the|a)\s+)?(?:lower\s+|upper\s+|bottom\s+)?(?:jaw|mouth|lips?|"
                              r"brows?|eyebrows?|nose|nostrils|cheeks?|tears|shoulders?|hands?|arms?|fists?|knees?|"
                              r"legs?|body|fingers?|teeth|breath|voice|eyes\s+(?=(?:well|fill|brim|glisten|water|moist|"
                              r"sparkl|shin|light|wide|narrow|glaz|mist|redden|blaz|burn|twinkl)\w*))\b"
                              r"(?!\s+(?:to|toward|towards)\b)", re.IGNORECASE)
_AIMED_AT = re.compile(r"\bat\s+(?:(?:the|his|her|their|my|your|our|a|an)\s+)?[\w'-]+$", re.IGNORECASE)
_NEUTRAL_POSE = re.compile(r"\b(?:to|toward|at)\s+neutral\b", re.IGNORECASE)
# A modal of a request ("the mascot should | nod", "the tutor must | tilt"): the motion is the verb after it.
_MODAL = r"(?:should|must|will|would|could|can|may|might|shall|needs\s+to|has\s+to|have\s+to|ought\s+to)"
# A subject before the first verb-looking word ("the old woman | lowers", "he | nods").
_SUBJECT_CUT = re.compile(r"^(?:(?:he|she|they|i|you|we|it)\s+|(?:(?:the|a|an|my|his|her|their|our|your)\s+"
                          r"(?:[\w'-]+\s+){1,3}?|"
                          # notes drop the article ("actor kept nodding", "merchant bobbles his head")
                          r"(?!(?:nod|shake|turn|look|tilt|lean|glance|head|slowly|quickly|then|and)\b)[a-z][\w'-]+\s+|"
                          # a name with its title ("Old Mr Price swivels")
                          r"(?-i:(?:[A-Z][\w'.-]*\s+){2,3}))"
                          # (the verb after an adverb of its own: "She just keeps nodding"; after a modal, as a brief
                          # asks: "the avatar should nod")
                          r"(?=(?:(?:just|simply|only|still)\s+)?(?:[\w-]+(?:s|ed)\b|(?:" + "|".join(IRREGULAR_PASTS)
                          + r")\b|" + _MODAL + r"\s+(?!be\b|have\b|get\b|not\b|never\b))))", re.IGNORECASE)
# A place or time put before the subject with no comma, as literary prose does ("At the sound of his name the old
# shepherd looked up"): up to the subject and its verb.
_FRONTED_CUT = re.compile(r"^(?:in|at|on|by|from|under|near|behind|beside|across|through|after|during|with|without|for|"
                          r"inside|outside|beyond|against|among|amid|upon|over)\s+(?:[\w'-]+\s+){1,6}?"
                          r"(?=(?:he|she|they|you|we)\s+[\w-]+(?:s|ed)\b|(?:the|a|an|his|her|their|my|your)\s+"
                          r"(?:[\w'-]+\s+){0,2}?[\w'-]+\s+(?!(?:his|this|was|is|as|has|its|us|of|as|was)\b)"
                          r"(?:[\w-]+(?:s|ed)|" + "|".join(IRREGULAR_PASTS) + r")\b)", re.IGNORECASE)
_IT = re.compile(r"\bit\b", re.IGNORECASE)
_RELATIVE_CUT = re.compile(r",?\s+\b(?:who|whom|whose|which)\b.*$", re.IGNORECASE)
_HEAD_WORD = re.compile(r"\b(?:head|chin|face|gaze|eyes|neck)\b", re.IGNORECASE)
# Where an elliptical clause goes ("…, then straight ahead", "…, then at the floor", "…, then left").
_PLACE_OPENING = re.compile(r"(?:back|straight|left|right|over|across|up|down|away|round|around|forward|ahead|to|at|"
                            r"(?:this|that|the other|the opposite) (?:way|side|direction)|"
                            r"toward|towards|into|onto|in|out|sideways|skyward|upward|downward|(?:the|his|her)\s+"
                            r"(?:left|right|other))\b", re.IGNORECASE)
_PAUSE_WORDS = re.compile(r"(?:hold|holds|held|pause|pauses|paused|wait|waits|waited)", re.IGNORECASE)
# "…, then to the bookcase once more": saying it again adds no words of where
_ASPECT_CUT = re.compile(r"^(?:(?:" + _MODAL + r")\s+(?:(?:just|simply|only|\w+ly)\s+)?(?=[a-z]+\s)(?!be\b|not\b|still\b)|"
                         r"(?:(?:just|simply|only|still|\w+ly)\s+)?(?:keeps?|kept|keeping|continues?|continued|continuing|starts?|started|starting|begins?|"
                         r"began|beginning|goes on|went on|carries on|carried on)\s+(?:on\s+)?(?:to\s+)?"
                         r"(?=\w+ing\b|[a-z]+\s)(?!still\b|quiet\b|calm\b))", re.IGNORECASE)
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



def has_emotion(r: ClauseReading) -> bool:
    e = r.emotion
    return e is not None and e.score >= EMOTION_MIN_SCORE and e.score - e.scores["none"] >= EMOTION_OVER_NONE



