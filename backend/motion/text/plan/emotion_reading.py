"""The plan's emotion lane from the clause readings: a feeling named in a clause (its best short span against
the emotion prototypes, `clause_reading.py`) or, where none is named, one the clause implies (the emotion
classifier on the whole clause, `emotion_classifier.py`: "recoils from the sour milk" → disgusted); neighbouring
clauses with the same feeling are one cue."""

from __future__ import annotations

import dataclasses
import functools
import re

import numpy as np

from protocols.motion_plan import EmotionCue

from .about_the_work import about_the_work
from .clause_reading import OTHER_BODY_PART, ClauseReading, has_emotion
from .emotion_classifier import shipped as shipped_emotion_classifier
from .feeling_words import EXPRESSION_NOUNS, FEELING_NOUNS, STIMULUS_WORDS
from .meaning import Reading, encode
from .normalise import american
from .prototypes import EMOTION_PROTOTYPES
from .subjects import about_someone_else

# Calibrated on the development sets (main, fresh, dev3, dev4, dev5, dev6). A clause implies a feeling when the
# classifier gives it at least this probability and no clause of the description names one (a named feeling is
# read from its words, which the prototypes do more precisely); lower, more descriptions with no feeling get one.
IMPLIED_MIN_PROBABILITY = 0.7
# A named feeling this little above the prototypes' no-feeling words (the floor is `EMOTION_OVER_NONE`, 0.17) is
# dropped where the classifier gives it less than this probability for the whole clause.
WEAK_NAMED_GAIN = 0.22
UNSUPPORTED_PROBABILITY = 0.03
OTHER_FEELING_PROBABILITY = 0.5
# A thing's noun that is none of the feeling words the reader knows names a feeling only this far above the
# no-feeling words (`spelled_like_a_feeling`).
UNKNOWN_WORD_GAIN = 0.35
FEELINGS = ("happy", "sad", "surprised", "angry", "disgusted", "fearful", "contempt")


# Clauses whose feeling words are someone else's: a group as the subject ("The audience laughs", "Everyone around
# her cheers"), a time clause with its own subject that is not a part of the character ("as the crowd cheers",
# "when his wife smiles"; "as her face falls" is the character's), a relative clause ("…, which was gloomy").
_GROUP_SUBJECT = re.compile(r"^(?:the\s+(?:\w+\s+)?(?:audience|crowd|class|room|others|rest|spectators|fans|guests|"
                            r"children|kids|people|onlookers|passengers|students|team|jury|congregation)|everyone|"
                            r"everybody|people|the others)\b(?:\s+\w+){0,3}?\s+(?!\w+ing\b)\w+", re.IGNORECASE)
_OTHER_TIME_CLAUSE = re.compile(r"^(?:until|till|when|whenever|once|as soon as|as if|as though|as|while|whilst|after|before|"
                                r"the moment)\s+(?:the|a|an|his|her|their|its|it|someone|somebody|everyone|everybody|nobody)\s+"
                                r"(?!(?:\w+\s+)?(?:face|eyes?|lips?|mouth|jaw|brows?|eyebrows?|voice|heart|cheeks?|"
                                r"chin|shoulders?|hands?|expression|smile|nose|nostrils|breath|tears|stomach)\b)",
                                re.IGNORECASE)
_RELATIVE = re.compile(r"^(?:who|whom|whose|which)\b", re.IGNORECASE)
# A verdict on the take by the people making it, not the character's feeling: a crew role or the writer, then a
# feeling ("Director pleased with the timing", "the client is unhappy", "I'm only worried about the pause", "we're
# glad with take 3"). The writer's feeling needs a verb of being before it: "I want you scared" asks for the feeling.
_CREW_VERDICT = re.compile(
    r"^(?:(?:the|our|my)\s+)?(?:(?:director|dir|client|clients|producer|producers|dp|dop|editor|animator|animators|"
    r"supervisor|sup|lead|team|crew|studio|boss)(?:\s+(?:is|was|seems|seemed|looks|looked|sounds|sounded|are|were))?|"
    r"(?:i|we)(?:'m|'re|\s+am|\s+are|\s+was|\s+were|'ve\s+been|\s+have\s+been))"
    r"(?:\s+(?:really|very|so|quite|only|just|not|pretty|super|also|still|a\s+bit|a\s+little|mostly|more|less))*\s+"
    r"(?:happy|pleased|glad|unhappy|delighted|thrilled|satisfied|worried|concerned|nervous|anxious|annoyed|upset|"
    r"disappointed|excited|scared|afraid|sad|angry|surprised|keen)\b", re.IGNORECASE)
# Words that imply nothing whatever the classifier hears in them: a note's sign-off ("that's all", "that's kind of
# it") and a name said alone, with a title ("Mr Fenwick", "Dr Shah's entrance"), as a heading or an address.
_SIGN_OFF = re.compile(r"^(?:and\s+|so\s+|yeah\s+|ok(?:ay)?\s+)?(?:that's|that is|thats)\s+(?:\w+\s+){0,2}?(?:it|all)"
                       r"(?:\s+(?:for now|for today|really|then))?[.!]?$", re.IGNORECASE)
_NAME_ALONE = re.compile(r"^(?:[Mm]rs?|[Mm]s|[Mm]iss|[Dd]r|[Ss]ir|[Pp]rof(?:essor)?|[Cc]apt(?:ain)?|[Ss]gt|[Ss]ergeant|"
                         r"[Dd]etective|[Ii]nspector|[Oo]fficer|[Aa]unt|[Uu]ncle)\.?\s+[A-Z][\w-]*(?:'s|')?"
                         r"(?:\s+(?:entrance|exit|line|lines|reaction|close-up|closeup|moment|bit|scene|shot))?$")
# A simile ("…, like a lighthouse beam sweeping the bay", "as a heron considers the water"): the image is how the
# motion looks; what the image would feel is not the character's (a feeling named in it still is).
_SIMILE = re.compile(r"^,?\s*(?:like\s+(?:a|an|the|some)|as\s+(?:a|an))\s", re.IGNORECASE)


# A time word before the character's own motion or look, said as a noun with only words of manner before it
# ("before a slow, disappointed shake of the head", "after a long, sad sigh", "until a small smile"): no other subject.
_TIME_WORD_AND_ARTICLE = re.compile(r"^(?:until|till|when|whenever|once|as|while|whilst|after|before)\s+(?:a|an)\s+(.*)$",
                                    re.IGNORECASE)
_MANNER_WORD = re.compile(r"^(?:[\w-]+(?:ed|ly|ful|ous|ish|y|ic|ive|ant|ent)|little|small|big|short|quick|low|soft|slight|"
                          r"faint|thin|half|brief|slow|long|sudden|quiet|loud|deep|tight|wide|broad|single|last|final|"
                          r"sad|glum|grim|wan|warm|cold)$")


def _own_motion_after_time_word(source: str) -> bool:
    m = _TIME_WORD_AND_ARTICLE.match(source.strip())
    if not m:
        return False
    words = re.findall(r"[a-z'-]+", m.group(1).lower())
    for k, w in enumerate(words[:5]):
        if w in EXPRESSION_NOUNS:
            return k + 1 == len(words) or words[k + 1] in ("of", "at", "to", "toward", "towards", "from", "in", "and")
        if not _MANNER_WORD.match(w):
            return False
    return False


def feels_own(r: ClauseReading) -> bool:
    """A feeling named in the clause is the character's, not that of someone or something else."""
    return not (_GROUP_SUBJECT.match(r.clause.text) or _RELATIVE.match(r.clause.text)
                or _CREW_VERDICT.match(r.clause.text)
                or (_OTHER_TIME_CLAUSE.match(r.clause.source) and not _own_motion_after_time_word(r.clause.source)))


_SUFFIXES = ("ingly", "edly", "ing", "ed", "es", "ly", "s", "e")


def _stem(word: str) -> str:
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[:-len(suffix)]
    return word


@functools.cache
def _feeling_stems() -> frozenset[str]:
    words = {t.lower() for label, texts in EMOTION_PROTOTYPES.items() if label != "none" for t in texts
             if " " not in t} | FEELING_NOUNS | STIMULUS_WORDS
    return frozenset(_stem(w) for w in words)


def known_feeling_word(word: str) -> bool:
    """The word is one of the feeling words the reader knows (the emotion prototypes, the nouns of feeling, the
    words for what causes one) in some form ("weeps" as "weep", "panicky" as "panic", "overjoyed" as "joy")."""
    stems, stem = _feeling_stems(), _stem(word)
    # (a known word with a prefix, "overjoyed" as "joy", "heartbroken" as "broken", is known too)
    return stem in stems or any(stem.startswith(s) for s in stems if len(s) >= 5) or any(
        stem.endswith(s) and len(stem) - len(s) >= 3 for s in stems if len(s) >= 3)


_DESCRIBING = re.compile(r"(?:ing|ed|ly|ous|ful|ive|ic|able|ible|ish|less|ent|ant)$")
_DETERMINER = frozenset("a an the this that these those his her their its my your our some".split())
_NOUN_PHRASE_END = frozenset("""and or but then as while with at to of in on for from by into onto over back up down
is are was were when where which that so""".split())


def spelled_like_a_feeling(r: ClauseReading) -> bool:
    """The clause's feeling rests on one word that is the noun of a thing, not a feeling word the reader knows, and
    reads as a feeling by its letters alone ("burns down to a stub" as "stunned", "the phone mockup" as "mocking",
    "cut to the wide" as "wide-eyed"): a noun phrase's last word after its determiner ("a", "the", "her", with at
    most one word between). A feeling word the reader was never taught keeps its reading ("She is overjoyed")."""
    span, e = r.emotion_span, r.emotion
    if (e is None or " " in span or e.score - e.scores["none"] >= UNKNOWN_WORD_GAIN or known_feeling_word(span)
            or span in EXPRESSION_NOUNS or _DESCRIBING.search(span)):
        # (a part of the face or a motion, "with a curl of her lip", is a sign, not a thing; a word built as an
        # adjective or a participle, "finds the smell nauseating", describes)
        return False
    words = re.findall(r"[a-z0-9'-]+", american(r.clause.text).lower())
    for i in (k for k, w in enumerate(words) if w == span):
        ends = i + 1 == len(words) or words[i + 1] in _NOUN_PHRASE_END
        if ends and ((i >= 1 and words[i - 1] in _DETERMINER) or (i >= 2 and words[i - 2] in _DETERMINER
                                                                 and words[i - 1] not in _NOUN_PHRASE_END)):
            return True
    return False


def names_a_feeling(r: ClauseReading) -> bool:
    """The clause names a feeling (`has_emotion`), not by a word merely spelled like one."""
    return has_emotion(r) and not spelled_like_a_feeling(r)


def implied_feelings(readings: list[ClauseReading]) -> list[Reading | None]:
    """Per clause, the classifier's reading of the feeling it implies (None: no classifier, a negated clause, or
    one whose feeling words are nobody's: "without a hint of a smile")."""
    classifier = shipped_emotion_classifier()
    if classifier is None or not readings:
        return [None] * len(readings)
    # The clause as the emotion prototypes read it (its text is also its longest span, so its vector is cached).
    probabilities = classifier.probabilities(encode([american(r.clause.text).lower() for r in readings]))
    out: list[Reading | None] = []
    for r, p in zip(readings, probabilities):
        if (r.negated or r.unfelt or (names_a_feeling(r) and not feels_own(r)) or _RELATIVE.match(r.clause.text)
                or _SIMILE.match(r.clause.source) or _SIGN_OFF.match(r.clause.text) or _NAME_ALONE.match(r.clause.text)
                or (len(r.content_words) <= 1 and r.emotion is None) or about_the_work(r.clause.source)):
            # (A clause of one word that the prototypes read as no feeling at all, "hard", "shrugs": on a single
            # word the classifier reads its spelling, as the sixth round found with "shoes".)
            # Its feeling words are nobody's here ("at the scared child"): what the classifier reads in the clause
            # would be them.
            out.append(None)
            continue
        scores = dict(zip(classifier.classes, map(float, p)))
        order = sorted(scores, key=scores.get, reverse=True)
        out.append(Reading(order[0], scores[order[0]], order[1], scores[order[1]], scores))
    return out


def is_implied(reading: Reading | None) -> bool:
    return reading is not None and reading.best in FEELINGS and reading.score >= IMPLIED_MIN_PROBABILITY


# Linking markers that let the feeling change between two clauses ("She frowns, then bursts out laughing").
_CHANGE_MARKERS = ("next", "before_main", "after_main")


def one_feeling_per_moment(readings: list[ClauseReading], dropped: set[int] = frozenset()) -> set[int]:
    """Clauses whose named feeling is dropped: two different feelings named in one sentence with nothing between
    them that lets the feeling change ("terrified, lip trembling"; "a strangled cry, … in revulsion") describe one
    moment, and the feeling the classifier finds likelier in the whole sentence is kept."""
    classifier = shipped_emotion_classifier()
    named = [i for i, r in enumerate(readings) if names_a_feeling(r) and r.emotion.best in FEELINGS and i not in dropped]
    if classifier is None or len({readings[i].emotion.best for i in named}) < 2:
        return set()
    dropped: set[int] = set()
    for a, b in zip(named, named[1:]):
        ra, rb = readings[a], readings[b]
        if (ra.emotion.best == rb.emotion.best or ra.clause.sentence != rb.clause.sentence
                or any(readings[k].clause.marker in _CHANGE_MARKERS for k in range(a + 1, b + 1))):
            continue
        wide_a, wide_b = bool(_WIDE_EYES.search(ra.emotion_span)), bool(_WIDE_EYES.search(rb.emotion_span))
        if wide_a != wide_b:
            # Wide eyes are surprise or fright: the other feeling says which ("wide-eyed, shaking": fright)
            dropped.add(a if wide_a else b)
            continue
        sign_a, sign_b = _is_sign(ra), _is_sign(rb)
        if sign_a != sign_b:
            # A feeling named outright outranks what a part of the body shows ("terrified, lip quivering": a
            # quivering lip is as often sadness).
            dropped.add(a if sign_a else b)
            continue
        sentence = " ".join(r.clause.source for r in readings if r.clause.sentence == ra.clause.sentence)
        p = dict(zip(classifier.classes, classifier.probabilities(encode([american(sentence).lower()]))[0]))
        dropped.add(b if p[ra.emotion.best] >= p[rb.emotion.best] else a)
    return dropped


_WIDE_EYES = re.compile(r"\bwide[\s-]eyed\b|\beyes\b.*\bwide|\bwiden", re.IGNORECASE)
_BODY = re.compile(r"\b(?:lips?|eyes|eye|jaw|mouth|brows?|eyebrows?|face|cheeks?|chin|nose|nostrils|teeth|hands?|"
                   r"fists?|knees?|shoulders?|voice|breath|tears)\b")


# Fright named or shown by the body (rule 10: trembling, a shudder, a flinch in fright), and the signs of surprise
# other than wide eyes (a gasp, eyebrows up, a dropped jaw, the word itself).
_FRIGHT = re.compile(r"\b(?:terrif\w*|petrif\w*|scared|afraid|frighten\w*|fright|fear\w*|panic\w*|horrified|terror|"
                     r"flinch\w*|recoil\w*|trembl\w*|shudder\w*|shiver\w*|quak\w*|cower\w*|cring\w*|"
                     r"shaking(?!\s+(?:\w+\s+)?(?:head|no|it)\b))", re.IGNORECASE)
_FEAR_NAMED = re.compile(r"\b(?:terrif\w*|petrif\w*|scared|afraid|frighten\w*|fright|fear\w*|panic\w*|horrified|"
                         r"terror)\b", re.IGNORECASE)
_SURPRISE_SIGN = re.compile(r"\b(?:gasp\w*|eyebrows?|brows?|jaw|mouth|surpris\w*|astonish\w*|amaz\w*|shock\w*|"
                            r"stunned|startl\w*|double[- ]take|disbelie\w*|believe|wow|whoa)\b", re.IGNORECASE)


def wide_eyes_in_fright(readings: list[ClauseReading]) -> list[ClauseReading]:
    """Wide eyes read as surprise are fright where the description names fright, or shows it in the body with no
    other sign of surprise ("flinches at the bang, eyes wide"; "eyes wide, shaking all over"; "wide-eyed and
    petrified"): wide eyes alone are either, the rest says which."""
    wide = [i for i, r in enumerate(readings) if r.emotion is not None and r.emotion.best == "surprised"
            and _WIDE_EYES.search(r.emotion_span) and feels_own(r) and not about_someone_else(r.clause)]
    if not wide:
        return readings
    own = [r.clause.source for r in readings if feels_own(r) and not about_someone_else(r.clause)]
    text = " ".join(own)
    if not (_FEAR_NAMED.search(text)
            or (_FRIGHT.search(text) and not _SURPRISE_SIGN.search(_WIDE_EYES.sub(" ", text)))):
        return readings
    out = list(readings)
    for i in wide:
        e = readings[i].emotion
        scores = dict(e.scores, fearful=max(e.scores.get("fearful", 0.0), e.score))
        out[i] = dataclasses.replace(readings[i], emotion=Reading("fearful", e.score, "surprised", e.score, scores))
    return out


def _is_sign(r: ClauseReading) -> bool:
    """The clause's feeling is read from what a part of the body does ("lip quivering", "jaw set"), not named."""
    return bool(_BODY.search(r.emotion_span) or OTHER_BODY_PART.match(r.clause.text))


def unsupported(readings: list[ClauseReading], clause_feelings: list[Reading | None]) -> set[int]:
    """Clauses whose named feeling rests on one word that only just passes for a feeling ("the burning sky",
    "his head falls forward") while the classifier, reading the whole clause, all but rules that feeling out, or,
    where the word is none of the feeling words the reader knows ("his face went a mottled red"), reads the clause
    clearly as another feeling."""
    return {i for i, (r, c) in enumerate(zip(readings, clause_feelings))
            if has_emotion(r) and c is not None and r.emotion.best in FEELINGS
            and r.emotion.score - r.emotion.scores["none"] < WEAK_NAMED_GAIN
            and (c.scores[r.emotion.best] < UNSUPPORTED_PROBABILITY
                 or (" " not in r.emotion_span and not known_feeling_word(r.emotion_span)
                     and c.best in FEELINGS and c.best != r.emotion.best and c.score >= OTHER_FEELING_PROBABILITY))}


def read_emotions(readings: list[ClauseReading]) -> list[tuple[int, EmotionCue]]:
    """(clause index, cue) for every clause with an emotion; neighbours with the same emotion are one cue."""
    cues: list[tuple[int, EmotionCue]] = []
    readings = wide_eyes_in_fright(readings)
    clause_feelings = implied_feelings(readings)
    dropped = unsupported(readings, clause_feelings)
    dropped |= one_feeling_per_moment(readings, dropped)
    # A feeling named in a clause about someone or something else ("as the audience laughs", "…, which was
    # gloomy") is theirs; what happens to the character there may still imply one (`implied_feelings`).
    # A clause about someone else ("She winces, while he tries not to laugh") is left out before the description's
    # one feeling is chosen: their feeling is not the character's, nor the one the character's description ends on.
    others = {i for i, r in enumerate(readings) if about_someone_else(r.clause)}
    named = [names_a_feeling(r) and i not in dropped and feels_own(r) for i, r in enumerate(readings)]
    # A feeling named anywhere in the description is what it feels: the classifier's guesses from the other
    # clauses would only add a second, less certain one ("She sips, and nods, delighted"). (Where the feeling named
    # is someone else's, what the scene's other clauses imply is theirs as likely as the character's.)
    implied = [None] * len(readings) if any(named) else clause_feelings
    named = [n and i not in others for i, n in enumerate(named)]
    for i, (r, guess) in enumerate(zip(readings, implied)):
        named_here = named[i]
        if i in others or not (named_here or r.talking or is_implied(guess)):
            continue
        e = r.emotion if named_here else guess if is_implied(guess) else None
        emotion = e.best if e is not None else "neutral"
        intensity = str(r.intensity.value) if r.intensity is not None and e is not None else "medium"
        onset = str(r.onset.value) if r.onset is not None and e is not None else "normal"
        if named_here:
            conf = float(np.clip((e.score - 0.4) / 0.3, 0, 1) * np.clip(0.5 + 5 * e.margin, 0, 1))
            notes = (f"from \"{r.emotion_span}\"",)
        elif e is not None:
            # A feeling read from what happens, not from a word for it: never more than fairly sure.
            conf = float(np.clip(e.score * 0.8, 0, 0.8))
            notes = (f"implied by \"{r.clause.text}\"",)
        else:
            conf, notes = 0.5, ("talking only",)
        runner = e.runner_up if e is not None and e.runner_up != "none" else ""
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
    return one_feeling(cues)


def one_feeling(cues: list[tuple[int, EmotionCue]]) -> list[tuple[int, EmotionCue]]:
    """One feeling per description: where several are named ("She scowls, then bursts out laughing"), the one
    the description ends on; the others are named in its notes, so the user sees what was left out."""
    felt = [k for k, (_, cue) in enumerate(cues) if cue.notes[0] != "talking only"]
    if len({cues[k][1].emotion for k in felt}) < 2:
        return cues
    last = felt[-1]
    earlier = [cues[k][1] for k in felt[:-1] if cues[k][1].emotion != cues[last][1].emotion]
    note = "one feeling per description, the one it ends on; also named: " + "; ".join(
        f"{c.emotion} (\"{c.source[:60]}\")" for c in earlier)
    final = cues[last][1].emotion
    return [(j, dataclasses.replace(c, notes=c.notes + (note,)) if k == last else c) for k, (j, c) in enumerate(cues)
            if k not in felt or c.emotion == final]
