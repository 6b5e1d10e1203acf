"""The data recipe of the emotion classifier (`emotion_classifier.py`, trained by `train_emotion_classifier.py`):
sentences composed from hand-written parts, so the classifier learns feelings that a description implies through
what happens, what the body does or what the face does, and that a head motion or an everyday event alone carries
none.

Parts, all written for this recipe (none taken from an evaluation or development set; a test checks that no part
shares five words in a row with one, and no composed sentence seven):

- `CAUSES`: per feeling, what happens to someone that makes them feel it, as an opening phrase ("at the sight of
  the burst pipe", "when the lights go out without warning");
- `BODY`: per feeling, what the body, the face or the voice does, in the third person with ``{p}`` for the
  subject's possessive ("covers {p} face with both hands");
- `NO_FEELING_CAUSES`, `NO_FEELING_BODY`, `NO_FEELING_MANNERS` and `NO_FEELING_STATEMENTS`: everyday events,
  actions, ways of moving and statements about things that carry no feeling;
- `HEAD_MOTIONS`: head motions with no feeling of their own, which the composed sentences add to both, so that
  the head motion decides nothing;
- `SUBJECTS`.

Sentences with a word the first evaluation held out (`evaluation.HELD_OUT_WORDS`) are left out, as they are from
the prototypes. `compose(seed)` gives (sentence, class) pairs; the same seed gives the same list.
"""

from __future__ import annotations

import random
import re

SUBJECTS = (("he", "his"), ("she", "her"), ("the waiter", "his"), ("the old woman", "her"), ("the teenager", "his"),
            ("the pilot", "her"), ("my uncle", "his"), ("the clerk", "her"), ("the farmer", "his"),
            ("the singer", "her"), ("the prisoner", "his"), ("the bride", "her"), ("the student", "his"))

# Head motions that say nothing of a feeling by themselves; third person, as they follow a subject.
HEAD_MOTIONS = (
    "turns {p} head", "looks down", "looks up", "looks away", "nods", "shakes {p} head", "tilts {p} head",
    "glances to the side", "leans forward", "leans back", "pulls {p} head back", "jerks {p} head back",
    "lowers {p} head", "lifts {p} chin", "looks over {p} shoulder", "turns to the window", "looks around the room",
    "drops {p} gaze", "turns away", "faces the door", "keeps {p} head still", "nods slowly", "looks toward the hall",
)

CAUSES: dict[str, tuple[str, ...]] = {
    "happy": (
        "at the sight of {p} old friend at the gate", "when the puppy tumbles into {p} lap",
        "hearing that the test came back clear", "as the grandchildren burst through the door with presents",
        "when the audience rises to applaud", "reading the acceptance letter", "when {p} team scores the winner",
        "as the baby takes a first wobbly step", "when the surprise cake arrives", "finding the lost ring at last",
        "as the band strikes up {p} favorite song", "when the proposal is answered with a yes",
        "after hearing the joke", "when the clown trips over his own feet", "as the fireworks light the sky",
        "seeing the sunrise from the top of the hill", "when the kitten chases its own tail",
        "as {p} daughter crosses the finish line", "when the pay rise is confirmed",
    ),
    "sad": (
        "hearing that the old dog has died", "as the coffin is carried past", "when the train takes {p} son away",
        "reading the rejection letter", "at the news of the funeral", "after the last goodbye",
        "when the doctor delivers the bad news", "looking at the photo of {p} late wife",
        "as the moving van pulls away with everything", "when nobody comes to the party",
        "after losing the match in the final minute", "as the ward falls quiet after the death",
        "standing by the grave", "when the letter says the farm must be sold", "sitting alone in the silent kitchen",
        "when the call ends and the line goes dead", "remembering the house that burned down",
        "after the last guest has gone and the candles are out", "as the rain falls on the empty playground",
    ),
    "surprised": (
        "when the balloon pops right beside {p}", "as the curtain suddenly drops", "when a bird flies in through the window",
        "as the cork shoots out of the bottle", "when a stranger calls {p} name out of nowhere",
        "when the lights suddenly come on", "as the dog leaps onto the sofa without warning",
        "when the box springs open", "as a book falls off the shelf with a bang",
        "when someone taps {p} shoulder from behind", "when the quiet student suddenly shouts the answer",
        "seeing the price on the bill", "when the twin walks in", "as a squirrel darts across the path",
        "when the door bursts open", "when the results come in far higher than expected",
        "as the magician pulls the coin from {p} collar", "when the phone buzzes in the silence",
        "when a pan crashes to the floor behind {p}", "as a car horn blares right outside", "when the goat butts the gate",
        "as a frog hops out of the flowerpot", "when the ball smacks against the window",
    ),
    "angry": (
        "when the driver cuts in front of {p}", "as the neighbor's music blares for the third night",
        "when the clerk loses the papers again", "after being blamed for someone else's mistake",
        "seeing the scratch down the side of the new car", "when the bully trips {p} little brother",
        "as the referee waves the foul away", "when the queue jumper pushes past",
        "when the landlord raises the rent again", "after waiting two hours to be told to come back tomorrow",
        "finding the cake eaten by the roommate", "when the boss takes credit for the work",
        "as the vandals spray paint on the wall", "when the machine swallows the last coin",
        "hearing the insult", "when the promise is broken a third time",
    ),
    "disgusted": (
        "smelling the sour milk", "at the stench from the bin", "when a slug turns up in the salad",
        "as the drain gives off a rotten smell", "finding mold on the bread", "when the dog rolls in something foul",
        "as the fish in the fridge turns out to have gone off", "stepping in something sticky on the bus",
        "when the soup tastes of soap", "opening the lunch box left in the car for a week",
        "at the hair in the sandwich", "as the toilet overflows", "when the stranger spits on the floor",
        "tasting the spoiled yogurt", "finding maggots in the compost", "lifting the lid of the greasy pan",
        "at the whiff from the laundry basket", "when the baby's nappy leaks",
    ),
    "fearful": (
        "when the floorboards creak in the empty house", "as the footsteps follow {p} down the dark alley",
        "when a shadow moves behind the curtain", "as the dog bares its teeth and growls",
        "when the car starts to skid on the ice", "hearing a scratching at the window at midnight",
        "as the plane drops in the turbulence", "when the spider crawls onto {p} arm",
        "as the lights go out in the lift", "when the stranger follows {p} off the bus", "as the smoke fills the corridor",
        "standing at the edge of the cliff", "when the snake uncoils in the grass", "as the storm tears at the roof",
        "when the masked man steps out of the dark", "waiting for the surgeon to come out",
        "as the ice begins to crack underfoot", "when the phone rings at three in the morning",
    ),
    "contempt": (
        "when the rival boasts about his tiny win", "as the junior clerk tries to lecture {p}",
        "looking at the cheap copy of {p} painting", "when the salesman gives his rehearsed speech",
        "as the spoiled heir complains about the wine", "when the critic praises the dull film",
        "hearing the weak excuse", "as the coward takes the credit",
    ),
    "neutral": (
        "while the report is read aloud", "during the routine briefing", "as the instructions are given",
        "while the clerk checks the passport", "as the numbers are announced",
    ),
}

BODY: dict[str, tuple[str, ...]] = {
    "happy": (
        "laughs out loud", "claps {p} hands with glee", "bounces on {p} toes", "hugs everyone in reach",
        "punches the air", "hums a cheerful tune", "whistles happily", "throws {p} arms wide",
        "skips down the path", "dances a little jig", "giggles behind {p} hand", "cannot stop laughing",
        "{p} eyes crinkle at the corners", "{p} face breaks into a wide smile", "wipes away tears of laughter",
        "does a little happy dance", "sings along at the top of {p} voice", "{p} cheeks glow with pleasure",
        "chuckles warmly", "waves both arms in delight", "rocks with laughter", "beams at everyone",
        "grins like a kid at a fair", "{p} whole face lights up",
    ),
    "sad": (
        "covers {p} face with both hands", "buries {p} face in the pillow", "sobs quietly", "wipes {p} wet cheeks",
        "slumps over the table",
        "sits hunched and still", "stares at the floor with red eyes", "{p} eyes go wet and red",
        "{p} voice cracks", "sniffles into a handkerchief", "hugs {p} knees", "curls up on the bed",
        "{p} shoulders heave", "lets out a long heavy sigh", "drags {p} feet", 
        "clutches the old photograph", "weeps at the window", "{p} lower lip wobbles",
        "stares into the distance with wet eyes", "turns away to hide the tears",
    ),
    "surprised": (
        "jumps in {p} seat", "nearly drops {p} cup", "blinks twice in astonishment", "does a double take",
        "{p} eyebrows shoot up", "{p} mouth drops open", "lets out a little yelp", "starts in {p} chair",
        "stares with {p} mouth open", "covers {p} mouth with a startled hand", "jolts upright", "{p} eyes go wide",
        "gasps out loud", "takes a startled step back", "nearly falls off {p} stool", "jumps at the noise",
        "says wow under {p} breath", "stops mid-sentence, astonished", "whoops in surprise",
    ),
    "angry": (
        "slams the door", "bangs {p} fist on the table", "shouts at the screen", "kicks the bin over",
        "throws the papers down", "jabs a finger at him", "grinds {p} teeth", "{p} face turns purple",
        "clenches {p} fists", "storms out of the room", "yells until {p} voice breaks", "snaps at everyone",
        "hisses through {p} teeth", "tears up the letter", "a vein throbs in {p} temple", "{p} knuckles go white on the rail",
        "stomps across the room", "snatches the remote", "growls a warning", "shoves the chair aside",
        "balls {p} hands into fists",
    ),
    "disgusted": (
        "pinches {p} nose", "holds {p} nose", "gags at the smell", "spits the food out", "pushes the plate away",
        "retches over the sink", "crinkles {p} nose at the pong", "holds the thing at arm's length",
        "covers {p} mouth and nose", "draws away from the stink of the drain", "recoils from the rotten smell",
        "drops it with a grimace", "wipes {p} tongue on a napkin", "shudders at the slime", "sticks out {p} tongue in distaste",
        "backs away from the smell", "wipes {p} hands again and again", "makes a sour face", "pulls {p} lip back in distaste",
        "flinches away from the stinking bin", "{p} stomach heaves",
    ),
    "fearful": (
        "hides behind the sofa", "clutches {p} bag to {p} chest", "backs against the wall", "holds {p} breath",
        "{p} knees knock", "{p} teeth chatter", "presses a hand to {p} racing heart", "whimpers",
        "bolts for the door", "shrinks into the corner", "grips the armrest", "covers {p} eyes",
        "creeps forward a step at a time", "{p} hands shake", "{p} breathing goes shallow and fast",
        "stifles a scream", "flattens against the door", "looks back again and again to check", "{p} voice wavers",
        "dares not move", "screams", "huddles under the blanket", "{p} face drains white",
    ),
    "contempt": (
        "curls {p} lip at him", "snorts at the idea", "looks him up and down", "rolls {p} eyes at the speech",
        "turns {p} nose up", "gives a slow mocking clap", "laughs at him, not with him", "smirks at the excuse",
        "waves him off with a flick of the hand", "sneers at the gift",
        "raises {p} chin and eyes him coolly from above", "gives a cold little laugh",
    ),
    "neutral": (
        "keeps {p} face blank", "shows no reaction", "waits without expression", "looks on with a level gaze",
        "listens with a still face", "gives nothing away", "stays composed", "watches calmly",
    ),
}

NO_FEELING_CAUSES = (
    "when the phone rings", "as the waiter arrives", "hearing {p} name called", "when the bell sounds",
    "as the bus pulls in", "after reading the memo", "when the kettle clicks off", "as the door opens",
    "when the lift arrives", "while the radio plays", "after the meeting", "before answering the question",
    "when the light turns green", "as the teacher speaks", "while waiting for the bus", "at the knock on the door",
    "when the clock strikes nine", "as the train comes in", "after finishing the page", "on hearing the question",
    "when the music begins", "once the speech is over", "as the crowd goes quiet", "when someone enters",
    "when the rain starts", "as the song comes to an end", "when the clock chimes twice", "as the bell rings out",
    "when the waiter brings the bill", "as the sun goes down", "while the children play in the yard",
    "after a sip of tea", "hearing footsteps in the corridor", "as the car pulls up outside",
)

NO_FEELING_BODY = (
    "checks {p} watch", "adjusts {p} collar", "puts down the cup", "picks up the pen", "opens the folder",
    "sits down at the desk", "stands up", "walks to the window", "reads the timetable",
    "wipes {p} glasses", "takes off {p} coat", "rubs {p} neck", "scratches {p} chin", "straightens the papers",
    "sips the coffee", "listens to the question", "thinks for a moment", "writes a note", "picks up the phone", "unfolds the street map", "studies the menu", "turns the page", "waits for the bus",
    "clears {p} throat", "pushes the chair in", "folds the letter", "hangs up {p} jacket", "counts the coins",
    "types on the keyboard", "checks the time on the clock", "follows the speaker with {p} eyes",
    "listens carefully", "blinks", "breathes in", "looks at the screen", "reads out the list",
    "lets out a slow breath", "breathes out through {p} nose", "watches the rain on the glass",
    "follows the music with {p} eyes", "hums along under {p} breath", "listens like a curious bird",
    "watches the dog sleep by the fire", "looks at the stars", "watches the boats in the harbor",
    "thinks it over", "looks puzzled", "looks curious", "is interested", "seems thoughtful", "ponders the question",
    "squints at the small print", "looks at the fireworks over the river", "waits for the song to finish",
    "plays along with the child's game", "lets the phone ring out", "waits for the applause to end",
    # Stopping still is a pause, not a fright, unless something frightening happens.
    "goes still for a second", "stops moving for a moment", "pauses with the cup in {p} hand", "halts in mid-step",
    "stands stock still while the music plays", "stops halfway through the sentence",
    "hears a noise", "hears a sound from the corridor", "catches a faint sound", "hears a click somewhere",
    "stays dry-eyed", "listens to the warning",
)

# How a head motion is done, with no feeling in it: hedges, timing and comparisons.
NO_FEELING_MANNERS = (
    "almost without moving", "barely at all", "just a fraction", "in time with the beat", "at the count of four",
    "as if counting the rows", "as though checking the time", "like a bird on a wire", "the way a metronome does",
    "when the bell goes", "after the second chime", "on cue", "right on the beat", "as the shot begins",
    "very gradually", "a little at a time", "with great care", "out of habit", "as the director asked",
    "after the whistle", "as the lights dim for the show", "while the others talk", "without hurrying",
)

# Statements about things, and strings of words that mean nothing: neither names nor implies a feeling.
NO_FEELING_STATEMENTS = (
    "the train leaves at noon", "the printer is out of paper", "the invoice was paid on Monday",
    "the meeting room is on the second floor", "there are four chairs in the hall", "the forecast says light rain",
    "the form needs two signatures", "the shop closes at six", "the lamp is plugged in by the desk",
    "green bottles stand on the shelf", "the bridge is forty meters long", "the file has been renamed",
    "seven blue kites and a ladder", "orange triangle pencil", "the spreadsheet has twelve columns",
    "the parcel weighs two kilos", "the road runs past the school", "wibble flonk tarrag", "qwop snerk dall",
    "the second chapter explains the tax rules", "the bus timetable changed in March", "a table and a chair",
)

_WITHHELD = None


def _withheld() -> re.Pattern:
    # The first evaluation's held-out words stay out of the reader's data (its figures compare like with like).
    global _WITHHELD
    if _WITHHELD is None:
        from ..evaluation import HELD_OUT_WORDS

        _WITHHELD = re.compile("|".join(rf"\b{w[:-1]}" if w.endswith("*") else rf"\b{w}\b" for w in HELD_OUT_WORDS),
                               re.IGNORECASE)
    return _WITHHELD


def parts() -> list[str]:
    """Every hand-written part, as written (for the guard tests)."""
    return [*HEAD_MOTIONS, *(p for ps in CAUSES.values() for p in ps), *(p for ps in BODY.values() for p in ps),
            *NO_FEELING_CAUSES, *NO_FEELING_BODY, *NO_FEELING_MANNERS, *NO_FEELING_STATEMENTS]


def compose(seed: int = 0, per_part: int = 4) -> list[tuple[str, str]]:
    """(sentence, class) pairs. Every body part as written and with a subject; every cause alone, before a head
    motion ("seeing the price on the bill, he looks up") and after one; `per_part` variations of each with a
    random subject and head motion. Feelings get their class, the rest "none"."""
    rng = random.Random(seed)
    out: list[tuple[str, str]] = []

    def subject() -> tuple[str, str]:
        return SUBJECTS[rng.randrange(len(SUBJECTS))]

    def motion(possessive: str) -> str:
        return HEAD_MOTIONS[rng.randrange(len(HEAD_MOTIONS))].replace("{p}", possessive)

    tables = [(label, CAUSES.get(label, ()), BODY.get(label, ())) for label in CAUSES]
    tables.append(("none", NO_FEELING_CAUSES, NO_FEELING_BODY))
    out.extend((statement, "none") for statement in NO_FEELING_STATEMENTS)
    for label, causes, bodies in tables:
        for body in bodies:
            out.append((body.replace("{p}", "his"), label))
            for _ in range(per_part):
                name, possessive = subject()
                shape = rng.randrange(3)
                if shape == 0:
                    sentence = f"{name} {body}"
                elif shape == 1:
                    sentence = f"{name} {motion(possessive)} and {body}"
                else:
                    sentence = f"{name} {body}, then {motion(possessive)}"
                out.append((sentence.replace("{p}", possessive), label))
        for cause in causes:
            out.append((cause.replace("{p}", "her"), label))
            for _ in range(per_part):
                name, possessive = subject()
                if rng.random() < 0.5:
                    sentence = f"{cause}, {name} {motion(possessive)}"
                else:
                    sentence = f"{name} {motion(possessive)} {cause}"
                out.append((sentence.replace("{p}", possessive), label))
    # A head motion done some way or at some moment carries no feeling either.
    for manner in NO_FEELING_MANNERS:
        out.append((manner, "none"))
        for _ in range(per_part):
            name, possessive = subject()
            out.append((f"{name} {motion(possessive)} {manner}".replace("{p}", possessive), "none"))
    # A head motion with everyday business carries no feeling.
    for head in HEAD_MOTIONS:
        for _ in range(3):
            name, possessive = subject()
            business = NO_FEELING_BODY[rng.randrange(len(NO_FEELING_BODY))]
            out.append((f"{name} {head} and {business}".replace("{p}", possessive), "none"))
    withheld = _withheld()
    return [pair for pair in dict.fromkeys(out) if not withheld.search(pair[0])]
