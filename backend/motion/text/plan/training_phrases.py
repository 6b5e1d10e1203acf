"""The data recipe of the clause classifier (`classifier.py`, trained by `train_classifier.py`): sentences
composed from hand-written parts, so the classifier learns that the verb phrase says the action while the
subject, the side, where the head goes and how fast do not.

Parts, all written for this recipe (none taken from an evaluation set; a test checks that no composed
sentence shares five words in a row with one):

- `VERB_PHRASES`: ways of saying each motion class in the third person, ``{p}`` for the subject's
  possessive ("shakes {p} head"); noun phrases ("a quick nod") stand alone;
- `SUBJECTS` (with their possessive), imperative and gerund forms made by `inflect`;
- `TAILS`: where the head goes and how, per class (sides are normalised away as the reader does);
- `NONE_PHRASES`: faces, feelings, talk and things that are not a head motion ("wrinkles {p} nose").

Sentences with a word the first evaluation held out (`evaluation.HELD_OUT_WORDS`: "nodding", "peers", …) are
left out, as they are from the prototypes.

`compose(seed)` gives (sentence, class) pairs; the same seed gives the same list.
"""

from __future__ import annotations

import random
import re

SUBJECTS = (("he", "his"), ("she", "her"), ("the man", "his"), ("the woman", "her"), ("the old man", "his"),
            ("the girl", "her"), ("the nurse", "her"), ("the boy", "his"), ("the actor", "his"),
            ("my sister", "her"), ("the stranger", "his"))

VERB_PHRASES: dict[str, tuple[str, ...]] = {
    "nod": (
        "nods", "nods {p} head", "gives a nod", "gives a small nod", "bobs {p} head", "lowers {p} head in a quick nod",
        "nods yes", "nods along", "nods, approving", "says yes with {p} head", "moves {p} chin up and down",
        "bobs {p} chin", "gives a quick nod", "nods firmly", "nods to the beat", "nods on and on",
        "nods emphatically", "nods back", "nods at the waiter", "bows {p} head in a short nod",
        "a nod", "a short nod", "a slow nod of agreement", 
        "a series of nods", "agrees with a nod", "lowers {p} chin twice", "bobs {p} head along", "nod yes", "pitch oscillation of the head",
        "a quick double nod", "nods in time with the words",
    ),
    "shake": (
        "shakes {p} head", "shakes {p} head no", "gives a shake of the head", "shakes {p} head in refusal",
        "turns {p} head this way and that to say no", "says no with {p} head", "says no by moving {p} head",
        "moves {p} head to and fro in denial", "shakes {p} head again and again", "shakes {p} head slowly",
        "gives a small headshake", "a headshake", "a shake of the head", "shakes {p} head, not believing it",
        "turns {p} head left and right, meaning no", "shakes {p} head firmly", "head shake",
        "rejects it with a shake of the head", "shakes {p} head over the idea",
        "gives a clear no with {p} head", "a slow shake of the head", "shake the head no", "yaw oscillation", "a no-no shake",
    ),
    "wag": (
        "wags {p} head", "wobbles {p} head", "waggles {p} head sideways", "rocks {p} head sideways",
        "sways {p} head between the shoulders", "rocks {p} head like a metronome", "a head wobble",
        "bobbles {p} head sideways", "tips {p} head from one side to the other rhythmically",
        "sways {p} head to the music", "rocks {p} head back and forth sideways", "a side to side wobble",
        "wobbles {p} head in a maybe", "see-saws {p} head",
    ),
    "turn": (
        "turns {p} head", "turns", "turns to look", "turns {p} face", "rotates {p} head round", "rotates {p} head",
        "looks over {p} shoulder", "looks to the side", "looks away", "faces the other way", "twists {p} head round",
        "jerks {p} head round", "flicks {p} head round", "twists {p} neck", "snaps {p} head round", "spins round",
        "angles {p} face", "turns {p} face away", "looks off to the side", "looks across", "turns {p} gaze",
        "glares to the side", "stares off to the side", "looks over at the window", "looks toward the door",
        "looks at the clock on the wall beside {p}", "turns toward the sound", "pans {p} head",
        "yaws {p} head", "a head turn", "a turn of the head", "looks sideways", "turns round to look",
        "cranes {p} neck round", "looks left", "looks over toward the noise", "turns to face the wall",
        "yaw left", "pans left", "rotates about the vertical axis", "eyes left and head follows", "turns {p} head aside",
    ),
    "look_up": (
        "looks up", "looks upward", "raises {p} head", "lifts {p} head", "lifts {p} chin", "tips {p} head back",
        "throws {p} head back", "gazes up", "squints up", "glares up at the rafters", "stares up at the sky",
        "raises {p} eyes", "lifts {p} gaze", "tilts {p} face up", "turns {p} face up to the sun",
        "looks at the beams above", "cranes {p} neck upward", "pitches {p} head up", "head up",
        "looks skyward", "squints upward at the roof", "lifts {p} face", "raises {p} chin toward the light",
        "gazes at the top of the stairs", "raises {p} eyes toward the clock", "tips {p} chin up", "pitch up",
        "chin raised high", "angles {p} face toward the sky",
    ),
    "look_down": (
        "looks down", "looks downward", "lowers {p} head", "bows {p} head", "drops {p} gaze", "drops {p} head",
        "lowers {p} eyes", "hangs {p} head", "looks at the floor", "stares down at {p} hands", "gazes at the ground",
        "squints down", "tucks {p} chin", "looks down at the tabletop", "glares down at the paper", "studies the floor",
        "pitches {p} head down", "lets {p} head sink", "head down", "casts {p} eyes down", "looks at {p} feet",
        "reads the note on {p} knees", "looks down at the baby", "lowers {p} chin", "drops {p} chin to {p} chest",
    ),
    "tilt": (
        "tilts {p} head", "cocks {p} head", "tips {p} head to one side", "leans {p} head sideways",
        "tilts {p} head sideways", "rolls {p} head toward {p} shoulder", "drops {p} head toward {p} shoulder",
        "angles {p} head like a curious bird", "a head tilt", "a tilt of the head", "tilts {p} head quizzically",
        "bends {p} neck sideways", "lays {p} head on one side", "cocks {p} head to listen", "rolls {p} head",
        "bends {p} head sideways", "tips {p} head over", "tilts {p} head toward the speaker", "roll left", "rolls the head sideways",
        "{p} head droops to one side", "lets {p} head fall sideways", "head lolls sideways",
    ),
    "glance": (
        "glances", "glances over", "glances across", "takes a quick glance", "steals a glance", "sneaks a look",
        "shoots a glance", "darts a look", "flicks {p} eyes", "sneaks a look", "looks over for a second", "takes a quick peep", "throws a glance",
        "casts a quick look", "a quick glance", "a sidelong glance", "a glance", "glances at the clock",
        "glances at {p} phone", "glances at the door", "a quick look and back", "peeps", "glances back",
        "looks briefly", "takes a quick look", "checks quickly and looks back", "a furtive glance",
        "glanced across", "looks behind {p} for an instant", "sneaks a look over {p} shoulder", "a quick look sideways",
    ),
    "lean_forward": (
        "leans forward", "leans in", "leans closer", "bends forward", "leans toward the camera", "moves closer",
        "leans over the desk", "pushes {p} face forward", "edges closer", "hunches forward", "sits forward",
        "leans toward {p} friend", "tips forward", "juts {p} head forward", "draws nearer", "comes in close",
        "leans in to whisper", "leans over to listen", "bends toward the child", "translates forward",
        "moves {p} head forward", "dollies in toward the lens",
    ),
    "lean_back": (
        "leans back", "leans away", "sits back", "draws back", "pulls back", "eases back", "reclines",
        "sinks back", "settles back", "moves back from the camera", "leans back in the armchair", "rocks back",
        "withdraws", "backs away", "pulls {p} head back slowly", "lounges back", "tilts back in the seat",
        "translates backward", "settles back against the cushions",
    ),
    "look_around": (
        "looks around", "looks about", "glances around", "gazes around", "scans the room", "surveys the room",
        "scans the crowd", "looks all around", "searches the room with {p} eyes", "looks every which way",
        "checks around", "takes in the surroundings", "casts about", "looks this way and that",
        "looks round the hall", "looks left and right", "scans the horizon", "surveys the scene",
        "looks round the room", "sweeps the room with {p} eyes", "looks around, uneasy",
    ),
    "recoil": (
        "recoils", "flinches", "jerks back", "yanks {p} head back", "jolts back", "rears back", "starts back",
        "snaps {p} head back", "jumps back", "shies away", "pulls back sharply", "draws {p} head back sharply",
        "flinches away", "ducks back", "reels back", "winces back", "a startled jerk backward", "springs back",
        "draws {p} head back with a start", "shrinks back in fright", "jerks away from it",
    ),
    "hold": (
        "holds still", "stays still", "goes rigid", "keeps still", "does not move", "stays motionless", "stays put",
        "pauses", "waits", "holds the pose", "remains still", "stands frozen", "stays frozen", "goes still",
        "keeps {p} head steady", "stares straight ahead", "sits quietly", "holds {p} position", "stops moving",
        "holds", "a pause", "a beat of stillness", "stays like that", "keeps looking ahead", "stops dead",
        "remains motionless for a moment", "doesn't move", "waits a beat",
    ),
    "return": (
        "looks back at the camera", "faces the camera again", "returns to center", "comes back to center",
        "faces forward again", "turns back to the front", "looks straight ahead again", "brings {p} gaze back to the lens",
        "moves {p} head back to the middle", "recenters", "back to neutral", "returns to neutral", "faces front",
        "straightens {p} head", "squares up to the camera", "looks back to the front", "turns back",
        "looks at the lens again", "comes back round to the camera", "resets to center", "back to the camera",
        "eyes front again", "returns {p} head to rest", "looks back at us", "reset to the rest pose",
        "zero the head rotation", "straightens up again", "looks straight ahead once more",
    ),
}

NONE_PHRASES: tuple[str, ...] = (
    "smiles", "grins", "grins broadly", "laughs", "frowns", "scowls", "sighs", "blinks", "winks", "yawns",
    "wrinkles {p} nose", "rolls {p} eyes", "raises {p} eyebrows", "purses {p} lips", "bites {p} lip",
    "clenches {p} jaw", "narrows {p} eyes", "keeps a neutral face", "keeps a straight face", "looks happy",
    "looks sad", "looks calm", "seems angry", "is very cross", "is happy as anything", "is scared stiff", "feels sick",
    "{p} expression calm", "{p} eyes wide", "mouth open", "tears in {p} eyes", "talks", "speaks softly",
    "says something", "whispers", "listens", "thinks", "considers it", "walks in", "sits down", "stands up",
    "waves", "shrugs", "points at the map", "picks up the cup", "claps", "crosses {p} arms", "signs the form",
    "the phone rings", "the door opens", "it rains", "the meeting starts", "the bus is late", "with a smile",
    "smiling", "frowning", "laughing", "crying", "grinning", "sneering", "smirks", "gasps", "sobs",
    "glows with delight", "is over the moon about it", "glows with happiness", "scratches {p} chin", "touches {p} hair",
    "adjusts {p} glasses", "opens {p} mouth", "raises a hand", "the music stops", "a car passes",
    "looks rather gloomy", "is close to crying", "seems distracted", "deliberate", "distracted", "lost in thought",
    "looks fed up", "{p} jaw drops", "{p} mouth falls open", "brows raised", "eyebrows up", "a slow, careful", "looks bored stiff",
)

# How the head goes and where to: read away by the reader's normalisation (left/right) or irrelevant to the
# class; "" leaves the phrase alone.
TAILS = ("", "", "", " slowly", " quickly", " left", " a little", " for a moment", " without a word", " gently",
         " sharply", " in silence", " at the sound", " toward {p} friend", " toward the lamp", " at the stranger")
SIDED_TAILS = {"turn": (" left", " leftward", " toward the exit", " toward the lamp", ""),
               "tilt": (" left", " toward one shoulder", ""),
               "glance": (" left", " up", " down", " toward the exit", "")}

_DOUBLE = {"nod", "tip", "bob", "dip", "drop", "snap", "whip", "stop", "jut", "wag", "spin", "sit", "get", "put", "flip"}


def inflect(phrase: str, form: str) -> str:
    """The phrase's first verb in the third person (as written), bare ("nod …") or gerund ("nodding …")."""
    first, _, rest = phrase.partition(" ")
    if form == "third" or not first.endswith("s") or first in ("is", "does", "doesn't"):
        return phrase
    if re.search(r"(?:sh|ch|x|ss|o)es$", first):
        bare = first[:-2]
    elif first.endswith("ies"):
        bare = first[:-3] + "y"
    else:
        bare = first[:-1]
    if form == "bare":
        word = bare
    elif bare in _DOUBLE:
        word = bare + bare[-1] + "ing"
    elif bare.endswith("e") and not bare.endswith("ee"):
        word = bare[:-1] + "ing"
    else:
        word = bare + "ing"
    return f"{word} {rest}".strip()


def compose(seed: int = 0, per_phrase: int = 6) -> list[tuple[str, str]]:
    """(sentence, class) pairs: every phrase as written, plus `per_phrase` variations with a subject (or
    none: imperative, gerund) and a tail."""
    rng = random.Random(seed)
    out: list[tuple[str, str]] = []
    table = dict(VERB_PHRASES, none=NONE_PHRASES)
    for label, phrases in table.items():
        action = label.split("_")[0] if label not in ("look_around",) else label
        tails = SIDED_TAILS.get(action, TAILS if label != "none" else ("",))
        for phrase in phrases:
            noun = not re.match(r"\w+s\b", phrase) or phrase.startswith(("a ", "an ", "head "))
            for k in range(per_phrase + 1):
                subject, possessive = SUBJECTS[rng.randrange(len(SUBJECTS))]
                form = "third" if k == 0 else rng.choice(("third", "third", "bare", "gerund"))
                text = phrase if noun else inflect(phrase, form)
                tail = "" if k == 0 else rng.choice(tails)
                if label != "none" and tail and rng.random() < 0.5:
                    tail = rng.choice(TAILS)
                if form == "bare":
                    possessive = "your"
                sentence = f"{text}{tail}"
                if form == "third" and not noun and (k > 0 or rng.random() < 0.5 or len(sentence.split()) < 3):
                    sentence = f"{subject} {sentence}"
                elif len(sentence.split()) < 3:   # a word or two alone would be any short description
                    sentence += rng.choice([t for t in TAILS if t])
                out.append((sentence.replace("{p}", possessive), label))
    # The first evaluation's held-out words stay out of the reader's data (its figures compare like with like).
    from ..evaluation import HELD_OUT_WORDS

    withheld = re.compile("|".join(rf"\b{w[:-1]}" if w.endswith("*") else rf"\b{w}\b" for w in HELD_OUT_WORDS),
                          re.IGNORECASE)
    return [pair for pair in dict.fromkeys(out) if not withheld.search(pair[0])]
