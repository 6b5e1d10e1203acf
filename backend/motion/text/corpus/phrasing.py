"""Phrasing: the text templates of the corpus (verbs, adverbs, subjects, sequencing words) and the grammar
that turns a structured label into a freshly worded description (synonyms, word order, subjects and pronouns,
sequencing words). All randomness comes from the generator passed in."""

from __future__ import annotations

import dataclasses
import functools
from typing import Sequence

import numpy as np

from .samples import EmotionLabel, EmotionPhase, MotionLabel, MotionSegment

# ------------------------------------------------------------------------------------------ grammar


@dataclasses.dataclass(frozen=True)
class Subject:
    text: str          # "he", "the woman", "" (imperative)
    possessive: str    # "his", "her", "their", "your"
    plural: bool       # verb takes the base form ("they nod", imperative "nod")


SUBJECTS = (
    Subject("he", "his", False), Subject("she", "her", False), Subject("they", "their", True),
    Subject("the man", "his", False), Subject("the woman", "her", False), Subject("the person", "their", False),
    Subject("the character", "their", False), Subject("the boy", "his", False), Subject("the girl", "her", False),
    Subject("a man", "his", False), Subject("a woman", "her", False), Subject("the speaker", "their", False),
    Subject("the old man", "his", False), Subject("the young woman", "her", False),
    Subject("", "your", True),
)

_ES_ENDINGS = ("ches", "shes", "sses", "xes", "zzes", "oes")


def base_form(verb: str) -> str:
    """'nods' → 'nod', 'goes' → 'go', 'is' → 'are' (the plural/imperative form of a 3rd-person verb)."""
    if verb == "is":
        return "are"
    if verb == "has":
        return "have"
    if verb.endswith("ies"):
        return verb[:-3] + "y"
    if verb.endswith(_ES_ENDINGS):
        return verb[:-2]
    return verb[:-1] if verb.endswith("s") else verb


def conjugate(phrase: str, subject: Subject) -> str:
    """Phrases are written for a singular subject ('slowly nods {pos} head'); adapt the first verb."""
    phrase = phrase.replace("{pos}", subject.possessive)
    if not subject.plural:
        return phrase
    words = phrase.split(" ")
    for i, word in enumerate(words):
        if word in _known_verbs():
            words[i] = "be" if (word == "is" and not subject.text) else base_form(word)
            break
    return " ".join(words)


def clause(subject: Subject, phrase: str) -> str:
    return f"{subject.text} {conjugate(phrase, subject)}".strip()


def sentence(text: str, rng: np.random.Generator) -> str:
    text = " ".join(text.split())
    if rng.random() < 0.6:
        text = text[:1].upper() + text[1:]
    if rng.random() < 0.5:
        text += "."
    return text


def _pick(rng: np.random.Generator, options: Sequence[str]) -> str:
    return options[int(rng.integers(len(options)))]


def _place_modifiers(rng: np.random.Generator, verb_phrase: str, modifiers: list[str]) -> str:
    """Adverbs go after the verb phrase, or one of them before it ('slowly nods')."""
    modifiers = [m for m in modifiers if m]
    if not modifiers:
        return verb_phrase
    rng.shuffle(modifiers)
    single_word = [m for m in modifiers if " " not in m and m.endswith("ly")]
    if single_word and rng.random() < 0.3:
        front = single_word[0]
        modifiers.remove(front)
        first, _, rest = verb_phrase.partition(" ")
        return " ".join([front, first, rest] + modifiers).replace("  ", " ").strip()
    return " ".join([verb_phrase] + modifiers)


SEQUENCE_JOINERS = (
    "{a}, then {b}", "{a} and then {b}", "{a}, and then {b}", "first {a}, then {b}", "{a}; after that {b}",
    "{a}, afterwards {b}", "{a}, and after that {b}", "{a}. Then {b}", "{a}, next {b}", "{a}, followed by {b}",
    "{a}, later {b}", "{a}, and finally {b}",
)


def join_sequence(rng: np.random.Generator, subject: Subject, phrases: list[str]) -> str:
    """'he nods, then turns left' / 'he nods, then he turns left' / 'first nod, and then turn left'."""
    text = clause(subject, phrases[0])
    for phrase in phrases[1:]:
        repeat_subject = subject.text and rng.random() < 0.35
        nxt = clause(subject, phrase) if repeat_subject else conjugate(phrase, subject)
        joiner = _pick(rng, SEQUENCE_JOINERS)
        if joiner.startswith("first ") and text != clause(subject, phrases[0]):
            joiner = "{a}, then {b}"
        if joiner.startswith("first "):
            head = clause(subject, phrases[0])
            if subject.text:
                joiner = "{s} first {a0}, then {b}"
                text = joiner.format(s=subject.text, a0=conjugate(phrases[0], subject), b=nxt)
            else:
                text = joiner.format(a=head, b=nxt)
        elif "followed by" in joiner:
            text = f"{text}, then {nxt}"
        else:
            text = joiner.format(a=text, b=nxt)
    return text


# ------------------------------------------------------------------------------ motion words

AMPLITUDE_WORDS = {
    "nod": {"small": ("slightly", "a little", "subtly", "gently", "barely"), "medium": ("",),
            "large": ("deeply", "vigorously", "emphatically", "strongly", "firmly")},
    "shake": {"small": ("slightly", "a little", "subtly", "barely"), "medium": ("",),
              "large": ("vigorously", "strongly", "emphatically", "firmly", "hard")},
    "turn": {"small": ("slightly", "a little", "a bit", "just a touch"), "medium": ("",),
             "large": ("all the way", "far", "sharply", "completely", "fully")},
    "look": {"small": ("slightly", "a little", "a bit"), "medium": ("",), "large": ("far", "sharply", "steeply")},
    "tilt": {"small": ("slightly", "a little", "a bit"), "medium": ("",), "large": ("strongly", "far", "heavily")},
    "wag": {"small": ("slightly", "gently", "a little"), "medium": ("",), "large": ("strongly", "wildly")},
}
SPEED_WORDS = {"slow": ("slowly", "gradually", "unhurriedly", "calmly", "lazily"),
               "normal": ("",),
               "fast": ("quickly", "rapidly", "fast", "briskly", "swiftly", "hastily")}
COUNT_WORDS = {1: ("once", "one time", "a single time"), 2: ("twice", "two times"),
               3: ("three times", "3 times", "thrice"), 4: ("four times", "4 times")}
REPEAT_WORDS = ("repeatedly", "several times", "again and again", "a few times", "over and over", "")

NOD_VERBS = ("nods", "nods {pos} head", "nods in agreement", "nods yes", "bobs {pos} head up and down")
SHAKE_VERBS = ("shakes {pos} head", "shakes {pos} head no", "shakes {pos} head from side to side",
               "shakes {pos} head in disagreement", "shakes no")
WAG_VERBS = ("wags {pos} head", "wobbles {pos} head", "rocks {pos} head from shoulder to shoulder",
             "waggles {pos} head side to side")
LOOK_AROUND_VERBS = ("looks around", "glances around", "looks around the room", "scans the surroundings",
                     "looks about", "lets {pos} gaze wander around", "looks from side to side")
STILL_VERBS = ("holds still", "keeps {pos} head still", "stays still", "remains motionless", "does not move",
               "keeps still", "holds {pos} head steady", "stays completely still")
PAUSE_VERBS = ("pauses", "pauses for a moment", "waits a moment", "holds still for a moment", "stops briefly")
RETURN_VERBS = ("turns back to the front", "returns to the center", "faces forward again",
                "looks straight ahead again", "comes back to center", "looks back at the camera")
JERK_VERBS = ("jerks {pos} head back", "jerks back", "snaps {pos} head back", "jolts {pos} head backward",
              "recoils", "flinches backward")
LEAN_VERBS = {"forward": ("leans forward", "leans in", "leans toward the camera", "moves {pos} head forward"),
              "back": ("leans back", "leans backward", "pulls {pos} head back", "draws back")}
SIDE_WORDS = {"left": ("to the left", "to {pos} left", "left", "leftward", "toward {pos} left"),
              "right": ("to the right", "to {pos} right", "right", "rightward", "toward {pos} right")}
TURN_VERBS = ("turns {pos} head {side}", "turns {side}", "looks {side}", "glances {side}", "faces {side}",
              "rotates {pos} head {side}")
TILT_VERBS = {"left": ("tilts {pos} head to the left", "tilts {pos} head toward {pos} left shoulder",
                       "cocks {pos} head to the left", "leans {pos} head to the left", "tilts {pos} head left"),
              "right": ("tilts {pos} head to the right", "tilts {pos} head toward {pos} right shoulder",
                        "cocks {pos} head to the right", "leans {pos} head to the right", "tilts {pos} head right")}
LOOK_VERBS = {"up": ("looks up", "raises {pos} head", "tips {pos} head back", "looks upward", "lifts {pos} chin",
                     "gazes up", "looks up at the sky", "tilts {pos} head up", "looks skyward",
                     "turns {pos} eyes upward", "looks up at the stars", "glances up"),
              "down": ("looks down", "lowers {pos} head", "bows {pos} head", "looks downward", "drops {pos} chin",
                       "glances down", "looks down at the floor", "tilts {pos} head down", "looks down at {pos} feet",
                       "looks at the floor", "lowers {pos} gaze", "looks down at {pos} hands")}


def segment_phrase(seg: MotionSegment, rng: np.random.Generator) -> str:
    """A verb phrase for one motion segment, written for a singular subject ("slowly nods {pos} head")."""
    k = seg.kind
    speed = _pick(rng, SPEED_WORDS[seg.speed])
    if k in ("nod", "shake", "wag"):
        verbs = {"nod": NOD_VERBS, "shake": SHAKE_VERBS, "wag": WAG_VERBS}[k]
        amp = _pick(rng, AMPLITUDE_WORDS[k][seg.amplitude])
        if k in ("nod", "shake") and rng.random() < 0.25:
            # "gives two slow nods", "gives a quick shake of the head"
            count_word = {0: _pick(rng, ("a few", "several", "some")), 1: _pick(rng, ("a", "one", "a single")),
                          2: "two", 3: "three", 4: "four"}[seg.count]
            adjective = {"slow": "slow", "fast": "quick", "normal": ""}[seg.speed]
            size = {"small": "small", "large": "big", "medium": ""}[seg.amplitude]
            noun = k if seg.count == 1 else k + "s"
            if k == "shake":
                noun += _pick(rng, ("", " of {pos} head"))
            return " ".join(w for w in ("gives", count_word, size, adjective, noun) if w)
        count = _pick(rng, COUNT_WORDS[seg.count]) if seg.count else _pick(rng, REPEAT_WORDS)
        return _place_modifiers(rng, _pick(rng, verbs), [amp, speed, count])
    if k == "turn":
        side = _pick(rng, SIDE_WORDS[seg.direction])
        verb = _pick(rng, TURN_VERBS).replace("{side}", side)
        amp = _pick(rng, AMPLITUDE_WORDS["turn"][seg.amplitude])
        if amp in ("all the way", "far") and rng.random() < 0.7:
            first, _, rest = verb.partition(" ")
            # "turns all the way to the left"
            if rest.startswith("{pos} head "):
                verb = f"{first} {{pos}} head {amp} {rest[len('{pos} head '):]}"
            else:
                verb = f"{first} {amp} {rest}"
            amp = ""
        return _place_modifiers(rng, verb, [amp, speed])
    if k == "tilt":
        return _place_modifiers(rng, _pick(rng, TILT_VERBS[seg.direction]),
                                [_pick(rng, AMPLITUDE_WORDS["tilt"][seg.amplitude]), speed])
    if k == "look":
        return _place_modifiers(rng, _pick(rng, LOOK_VERBS[seg.direction]),
                                [_pick(rng, AMPLITUDE_WORDS["look"][seg.amplitude]), speed])
    if k == "lean":
        return _place_modifiers(rng, _pick(rng, LEAN_VERBS[seg.direction]), [speed])
    if k == "look_around":
        return _place_modifiers(rng, _pick(rng, LOOK_AROUND_VERBS), [speed])
    if k == "jerk":
        return _place_modifiers(rng, _pick(rng, JERK_VERBS), [_pick(rng, ("suddenly", "abruptly", ""))])
    if k == "return":
        return _place_modifiers(rng, _pick(rng, RETURN_VERBS), [speed])
    if k == "pause":
        return _pick(rng, PAUSE_VERBS)
    return _pick(rng, STILL_VERBS)


def describe_motion(label: MotionLabel, rng: np.random.Generator) -> str:
    """A sentence for a motion label: a random subject (or the imperative) doing its segments in order."""
    subject = SUBJECTS[int(rng.integers(len(SUBJECTS)))]
    phrases = [segment_phrase(s, rng) for s in label.segments]
    return sentence(join_sequence(rng, subject, phrases), rng)


# ----------------------------------------------------------------------------- emotion words

EMOTION_WORDS: dict[str, dict[str, tuple[str, ...]]] = {
    # "state": phrases with a copula, "verb": actions, "participle": "..., smiling" style
    "happy": {"adj": ("happy", "cheerful", "joyful", "glad", "pleased", "delighted", "content", "ecstatic", "gleeful",
                      "jubilant", "merry", "amused", "blissful"),
              "verb": ("smiles", "grins", "beams", "smiles broadly", "breaks into a smile", "laughs"),
              "participle": ("smiling", "grinning", "with a smile", "with a big grin", "beaming"),
              "noun": ("happiness", "joy")},
    "sad": {"adj": ("sad", "unhappy", "sorrowful", "gloomy", "downcast", "melancholy", "dejected", "depressed", "upset",
                    "tearful", "despondent", "crestfallen", "mournful", "glum", "disappointed"),
            "verb": ("frowns sadly", "pouts", "looks close to tears", "sulks"),
            "participle": ("frowning sadly", "with a sad face", "close to tears"),
            "noun": ("sadness", "sorrow")},
    "surprised": {"adj": ("surprised", "astonished", "shocked", "amazed", "startled", "stunned", "astounded",
                          "taken aback", "speechless", "awestruck"),
                  "verb": ("gasps", "raises {pos} eyebrows in surprise", "gapes", "stares in astonishment"),
                  "participle": ("with wide eyes", "wide-eyed", "with {pos} mouth open in surprise"),
                  "noun": ("surprise", "astonishment", "shock")},
    "angry": {"adj": ("angry", "furious", "mad", "irritated", "annoyed", "enraged", "cross", "irate", "incensed",
                      "fuming", "hostile", "frustrated", "indignant", "raging"),
              "verb": ("scowls", "glares", "frowns angrily", "fumes", "clenches {pos} jaw"),
              "participle": ("scowling", "glaring", "with a scowl", "with an angry frown"),
              "noun": ("anger", "rage")},
    "disgusted": {"adj": ("disgusted", "grossed out", "repulsed", "sickened", "appalled", "queasy", "repelled"),
                  "verb": ("wrinkles {pos} nose", "grimaces in disgust", "curls {pos} lip in disgust",
                           "makes a disgusted face"),
                  "participle": ("grimacing", "with a look of disgust", "wrinkling {pos} nose"),
                  "noun": ("disgust", "revulsion")},
    "fearful": {"adj": ("scared", "afraid", "frightened", "fearful", "terrified", "nervous", "anxious", "alarmed",
                        "horrified", "spooked", "worried", "apprehensive", "shaken"),
                "verb": ("cowers", "trembles with fear", "looks on in fear"),
                "participle": ("with a frightened face", "in fear", "looking frightened"),
                "noun": ("fear", "terror")},
    "contempt": {"adj": ("contemptuous", "scornful", "smug", "condescending", "dismissive", "arrogant", "snide",
                         "mocking", "sarcastic", "unimpressed", "patronizing", "sardonic", "sneering"),
                 "verb": ("smirks", "gives a smirk", "smirks dismissively", "sneers"),
                 "participle": ("smirking", "with a smirk", "with a smug look"),
                 "noun": ("contempt", "scorn")},
    "neutral": {"adj": ("neutral", "calm", "expressionless", "blank", "relaxed", "composed", "deadpan", "stoic",
                        "unreadable", "emotionless", "placid", "serene", "unmoved"),
                "verb": ("keeps a straight face", "keeps a neutral expression", "stays expressionless",
                     "keeps a blank face", "relaxes {pos} face"),
                "participle": ("with a neutral face", "with a blank expression", "with a straight face"),
                "noun": ("calm",)},
}
INTENSITY_WORDS = {"mild": ("slightly", "a little", "a bit", "somewhat", "mildly", "faintly"),
                   "medium": ("",), "strong": ("very", "extremely", "really", "deeply", "intensely", "totally")}
ONSET_WORDS = {"sudden": ("suddenly", "all of a sudden", "abruptly", "instantly"),
               "normal": ("",), "gradual": ("gradually", "slowly", "little by little", "steadily")}
TALK_VERBS = ("talks", "speaks", "is talking", "is speaking", "says something", "chats", "keeps talking",
              "tells a story", "explains something", "talks to the camera")
TALK_ADVERBS = {"happy": ("happily", "cheerfully", "with a smile"), "sad": ("sadly", "in a sad voice"),
                "angry": ("angrily", "furiously", "in anger"), "surprised": ("in surprise", "excitedly"),
                "fearful": ("nervously", "fearfully"), "disgusted": ("with disgust",),
                "contempt": ("smugly", "dismissively"), "neutral": ("calmly", "")}


def phase_phrase(ph: EmotionPhase, subject: Subject, rng: np.random.Generator, first: bool) -> str:
    """A verb phrase for one emotion phase ("suddenly looks very angry", "smiles slightly for a moment")."""
    words = EMOTION_WORDS[ph.emotion]
    intensity = _pick(rng, INTENSITY_WORDS[ph.intensity])
    onset = _pick(rng, ONSET_WORDS[ph.onset])
    adj = _pick(rng, words["adj"])
    if ph.growing:
        return _pick(rng, (f"gets more and more {adj}", f"becomes increasingly {adj}",
                           f"grows more and more {adj}"))
    style = rng.random()
    if style < 0.45:
        copula = _pick(rng, ("looks", "is", "seems", "appears", "becomes", "turns", "gets")
                       if ph.onset != "normal" or not first else ("looks", "is", "seems", "appears", "feels"))
        core = " ".join(w for w in (copula, intensity, adj) if w)
    elif style < 0.8:
        core = _pick(rng, words["verb"])
        if intensity and ph.intensity == "mild":
            core = _place_modifiers(rng, core, [_pick(rng, ("slightly", "a little", "faintly"))])
        elif ph.intensity == "strong":
            core = _place_modifiers(rng, core, [_pick(rng, ("broadly", "intensely", "strongly"))])
    else:
        noun = _pick(rng, words["noun"])
        size = {"mild": _pick(rng, ("a hint of", "a touch of", "mild")), "medium": "",
                "strong": _pick(rng, ("great", "intense", "strong"))}[ph.intensity]
        core = " ".join(w for w in ("shows", size, noun) if w)
    if onset:
        core = f"{onset} {core}" if rng.random() < 0.6 else f"{core} {onset}"
    if ph.brief:
        core += " " + _pick(rng, ("for a moment", "briefly", "for a second", "for an instant"))
    return core


def describe_emotion(label: EmotionLabel, rng: np.random.Generator) -> str:
    """A sentence for an emotion label (never imperative): its phases in order, or talking in a mood."""
    subject = SUBJECTS[int(rng.integers(len(SUBJECTS) - 1))]   # not imperative
    if label.talking:
        ph = label.phases[0]
        adverb = _pick(rng, TALK_ADVERBS[ph.emotion])
        talk = _pick(rng, TALK_VERBS)
        if ph.emotion != "neutral" and (not adverb or rng.random() < 0.4):
            return sentence(f"{clause(subject, talk)} while looking {_pick(rng, EMOTION_WORDS[ph.emotion]['adj'])}",
                            rng)
        return sentence(f"{clause(subject, talk)} {adverb}", rng)
    phrases = [phase_phrase(ph, subject, rng, i == 0) for i, ph in enumerate(label.phases)]
    if len(label.phases) == 2 and rng.random() < 0.25:
        a, b = (_pick(rng, EMOTION_WORDS[p.emotion]["adj"]) for p in label.phases)
        return sentence(clause(subject, f"goes from {a} to {b}"), rng)
    if len(label.phases) == 1 and rng.random() < 0.15:
        # participle-only fragments as found in combined prompts ("..., looking surprised")
        participle = _pick(rng, EMOTION_WORDS[label.phases[0].emotion]["participle"])
        return sentence(f"looking {_pick(rng, EMOTION_WORDS[label.phases[0].emotion]['adj'])}"
                        if rng.random() < 0.5 else participle, rng).replace("{pos}", subject.possessive)
    return sentence(join_sequence(rng, subject, phrases), rng)


@functools.lru_cache(maxsize=1)
def _known_verbs() -> frozenset[str]:
    """First words of every verb phrase above (the words `conjugate` may change)."""
    phrases: list[str] = list(NOD_VERBS + SHAKE_VERBS + WAG_VERBS + LOOK_AROUND_VERBS + STILL_VERBS + PAUSE_VERBS
                              + RETURN_VERBS + JERK_VERBS + TURN_VERBS + TALK_VERBS)
    for table in (LEAN_VERBS, TILT_VERBS, LOOK_VERBS):
        for options in table.values():
            phrases += options
    for words in EMOTION_WORDS.values():
        phrases += words["verb"]
    first = {p.split(" ")[0] for p in phrases}
    return frozenset(first | {"looks", "is", "seems", "appears", "becomes", "turns", "gets", "feels", "shows",
                              "gives", "goes", "grows"})
