"""Head motions said in words a sentence vector misreads (a feeling word beside them, a rare verb, the head as the
subject), read as the motion they name:

- the head or chin dipping or bobbing, or nodding (along) kept up, is a nod ("Her chin dips twice", "keeps nodding
  along to the beat");
- the head going from one shoulder to the other, a side-to-side wobble or jiggle: a wag;
- the head lolling, drooping or falling to a side, crooking or cricking the neck: a tilt;
- pushing, poking or jutting the head or face forward or toward the camera: a lean forward;
- flicking, darting or cutting the eyes somewhere, a look stolen, shot or slid: a glance ("cuts her eyes to the left");
- looking about, taking in the surroundings, surveying or scanning a place, the gaze sweeping a room, looking from
  one face to the next: a look around;
- pulling or drawing the head back, calmly: a lean back (in a start or in disgust `corrections` makes it a recoil);
  cringing or flinching away: a recoil;
- a gaze on a place above or below ("studies her shoes"): a look that way (labelling guide, rule 3); the chin to
  the chest: a look down;
- whirling, wheeling or spinning round, the head snapping toward a place: a turn; a look out of the corner of the eye, sidelong or askance: a glance;
- a gaze kept on something ("keeps looking at her"), "nothing" said alone, keeping a pose ("leaves it there"), the
  head staying level, locking eyes, settling or fixing the gaze on someone, staring someone down, staying put,
  "unmoving", a gaze sent out over a view ("gazes out across the fields"): a hold (rules 3 and 9);
- back to neutral, to centre, to rest ("comes back down to neutral"), facing front once more: a return;
- a motion named as a noun and judged good ("Her look up is great", "The lean forward is fine"): that motion.
"""

from __future__ import annotations

import re

from .lexicon import CLAUSE_SUBJECT as _SUBJECT, POSSESSIVE, find_sides, place_height

_ADVERBS = r"(?:(?:\w+ly|just|then|now|again|only|simply)\s+){0,2}"

_HEAD_DIPS = re.compile(rf"^{_SUBJECT}{_ADVERBS}(?:{POSSESSIVE}\s+)?(?:head|chin)\s+(?:\w+ly\s+)?"
                        r"(?:dips?|dipped|dipping|bobs?|bobbed|bobbing)\b(?!\s+(?:under|below|beneath|into)\b)",
                        re.IGNORECASE)
_SHOULDER_TO_SHOULDER = re.compile(r"\bfrom\s+(?:one\s+)?shoulder\s+to\s+(?:the\s+other|shoulder)\b", re.IGNORECASE)
_HEAD_WORDS = re.compile(r"\b(?:head|chin|neck|tip\w*|tilt\w*|rock\w*|sway\w*|roll\w*|lean\w*)\b", re.IGNORECASE)
# To a side: a tilt ("lolls to the left", "droops toward one shoulder"); forward or down it is a look down
# (`fixed_directions`).
_HEAD_FALLS_ASIDE = re.compile(rf"^{_SUBJECT}{_ADVERBS}(?:{POSSESSIVE}\s+)?head\s+(?:\w+ly\s+)?(?:falls?|fell|falling|"
                               r"sags?|sagged|sagging|droops?|drooped|drooping|lolls?|lolled|lolling|drops?|dropped|"
                               r"dropping|sinks?|sank|sinking|tips?|tipped|tipping|rolls?|rolled|rolling)\s+"
                               r"(?:\w+ly\s+)?(?:sideways|to\s+(?:one|the)\s+side|(?:to|toward|towards|onto|on)\s+"
                               rf"(?:the\s+)?(?:left|right|{POSSESSIVE}\s+(?:left\s+|right\s+)?shoulder|one\s+shoulder))\b",
                               re.IGNORECASE)
_CROOKS_NECK = re.compile(rf"\b(?:crook|crooks|crooked|crooking|crick|cricks|cricked|cricking|kink|kinks|kinked)\s+"
                          rf"{POSSESSIVE}\s+(?:neck|head)\b(?!\s+(?:\w+\s+)?(?:up|upward|down|round|around|back)\b)",
                          re.IGNORECASE)
_HEAD_FORWARD = re.compile(rf"\b(?:push|pushes|pushed|pushing|poke|pokes|poked|poking|jut|juts|jutted|jutting|thrust|"
                           r"thrusts|thrusting|stick|sticks|stuck|sticking|bring|brings|brought|bringing)\s+"
                           rf"{POSSESSIVE}\s+(?:head|face|nose)\s+(?:\w+ly\s+)?(?:forward|closer|nearer|"
                           r"(?:in\s+)?(?:to|toward|towards|into|at)\s+(?:the\s+)?(?:camera|lens|screen|glass|viewer|us|me)\b)",
                           re.IGNORECASE)
_EYES_FLICK = re.compile(rf"\b(?:(?:flick|flicks|flicked|flicking|dart|darts|darted|darting|cut|cuts|cutting|shift|"
                         r"shifts|shifted|shifting|slide|slides|slid|sliding)\s+"
                         # (the eyes as the subject, "his eyes dart left", may lead the head: the meaning decides)
                         rf"{POSSESSIVE}\s+eyes)\b"
                         r"(?!.*\b(?:around|round|about|everywhere|back\s+and\s+forth)\b)", re.IGNORECASE)
# Looking about, or around a place that is no thing to look round ("glances nervously around the mess hall").
_LOOKS_ABOUT = re.compile(rf"^{_SUBJECT}{_ADVERBS}(?:look|looks|looked|looking|glanc(?:e|es|ed|ing)|gaz(?:e|es|ed|ing)|"
                          r"peer(?:s|ed|ing)?|star(?:e|es|ed|ing)|gawk(?:s|ed|ing)?|gap(?:e|es|ed|ing)|goggl(?:e|es|ed|ing)|"
                          r"rubberneck(?:s|ed|ing)?)\s+(?:\w+ly\s+)?(?:all\s+)?(?:about|around|round)\b"
                          # (not "turns around to …", "looks around at her"; "at normal speed" is a pace)
                          r"(?!\s+(?:to|for|at|toward|towards|as\s+if)\b(?!\s+(?:normal|half|full|double|medium|"
                          r"regular)\s+(?:speed|pace|tempo)\b))(?!\s+(?:the|a|an|his|her|their)\s+(?:[\w'-]+\s+)?"
                          r"(?:door|corner|edge|side|pillar|wall|curtain|screen|tree|post|column|frame|doorway|car)\b)",
                          re.IGNORECASE)
# The look-around as a noun, a capture log's word for it ("does a slow look-around", "a quick lookaround").
_LOOK_AROUND_NOUN = re.compile(r"\b(?:a|an|one|the|another|slow|quick|wary|nervous)\s+(?:[\w-]+\s+)?look[- ]?(?:a)?round\b(?!\s+(?:the|a|an|his|her|their)\b)",
                               re.IGNORECASE)
_TAKES_IN = re.compile(r"\b(?:take|takes|took|taken|taking)\s+in\s+(?:the|his|her|their|its|my|your|our)\s+"
                       r"(?:\w+\s+)?(?:surroundings|room|scene|crowd|hall|street|view|place|square|whole\s+\w+)\b",
                       re.IGNORECASE)
# Surveying or scanning a place or a crowd; reading matter is looked down at, not around.
_SURVEYS = re.compile(rf"^{_SUBJECT}{_ADVERBS}(?:survey|surveys|surveyed|surveying|scan|scans|scanned|scanning)\s+"
                      r"(?:the|his|her|their|a|an|this|that|every|each)\s+(?:[\w'-]+\s+){0,2}?"
                      r"(?!(?:page|pages|document|documents|menu|list|letter|note|notes|text|paper|papers|report|file|"
                      r"book|label|screen|phone|map|form|contract|headline|headlines|newspaper|message|email)\b)[\w'-]+",
                      re.IGNORECASE)
# Looking from one face, thing or person to the next ("looked from one face to the next", "glanced from face to
# face"): round a series of them, a look around (from one to "the other" of two is a turn, `fixed_directions`).
_ONE_TO_THE_NEXT = re.compile(r"\b(?:look|looks|looked|looking|glanc(?:e|es|ed|ing)|gaz(?:e|es|ed|ing)|star(?:e|es|ed|ing))\s+"
                              r"(?:\w+ly\s+)?from\s+(?:one\s+(?:[\w'-]+\s+)?to\s+(?:the\s+next|another)|"
                              r"([a-z]+)\s+to\s+\1)\b", re.IGNORECASE)
# The gaze or the eyes sweeping or roving over a place ("her gaze swept the room", "his eyes roved over the crowd").
# (the head swivelling round a place goes round it too: "her head swivelled round the crowded hall")
_GAZE_SWEEPS = re.compile(rf"^(?:{POSSESSIVE}\s+|(?:(?:the|a|an)\s+)?[\w-]+'s\s+)?(?:(?:gaze|eyes|stare)\s+(?:\w+ly\s+)?(?:sweep|sweeps|swept|sweeping|"
                          r"rove|roves|roved|roving|roam|roams|roamed|roaming|wander|wanders|wandered|wandering|"
                          r"travel(?:s|ed|led|ing|ling)?)\s+(?:over\s+|across\s+|round\s+|around\s+|about\s+)?|"
                          r"head\s+(?:\w+ly\s+)?swivel(?:s|ed|led|ing|ling)?\s+(?:round|around|about)\s+)"
                          r"(?:the|his|her|their|a|an)\s+(?:[\w'-]+\s+)?(?:room|hall|crowd|faces|street|square|yard|"
                          r"courtyard|chamber|table|audience|horizon|landscape|valley|market|platform|deck|bar|church|"
                          r"chapel|kitchen|office|classroom|camp|field|garden|plaza|ballroom|courtroom)\b", re.IGNORECASE)
# The words of a glance: a quick look stolen, shot or slid somewhere ("slides a look at her sister").
_GLANCE_TAKEN = re.compile(r"\b(?:steal|steals|stole|stealing|sneak|sneaks|sneaked|snuck|sneaking|snatch|snatches|snatched|"
                           r"snatching|slide|slides|slid|sliding|shoot|shoots|shot|shooting|dart|darts|darted|darting|"
                           r"flick|flicks|flicked|flicking|cut|cuts|cutting|spare|spares|spared|sparing|throw|throws|threw|"
                           r"throwing)\s+(?:(?:him|her|them|me|us)\s+)?(?:a|an|one|another)\s+(?:(?:quick|brief|swift|hasty|"
                           r"furtive|fleeting|sidelong|sideways|nervous|split-second|momentary|sly|covert|worried|anxious|"
                           r"wary|shy|guilty)\s+)*(?:look|glance|peek|peep|glimpse)\b|"
                           r"^(?:a|one)\s+(?:split-second|momentary|hasty)\s+look\b|"
                           # "gives a fast look to the door", "takes a quick look at him"; a look around is no glance
                           r"\b(?:give|gives|gave|giving|take|takes|took|taking|throw|throws|threw|make|makes|made)\s+"
                           r"(?:a|one)\s+(?:quick|fast|brief|swift|short|rapid)\s+look\s+(?:to|at|toward|towards|over|"
                           r"in\s+the\s+direction\s+of)\b", re.IGNORECASE)
# Still said by its adjective ("watches her, unmoving"), staying put, staring someone down: a hold.
_STILL_WORD = re.compile(r"\b(?:unmoving|motionless|immobile|stock[- ]still|rooted\s+to\s+the\s+spot)\b", re.IGNORECASE)
_MOVES = re.compile(r"\b(?:nod|shak|turn|look|tilt|glanc|lean|rais|lift|lower|bow|jerk|tip|drop|swing|spin|spun|whip|"
                    r"swivel|cock|flinch|recoil)\w*", re.IGNORECASE)
_STAYS_PUT = re.compile(rf"^{_SUBJECT}{_ADVERBS}(?:stay|stays|stayed|staying|remain|remains|remained|remaining)\s+"
                        r"(?:put|where\s+(?:he|she|they|you|i|we)\s+(?:is|are|was|were|am))\b", re.IGNORECASE)
_STARES_DOWN = re.compile(rf"^{_SUBJECT}{_ADVERBS}(?:star(?:e|es|ed|ing)|glar(?:e|es|ed|ing))\s+(?:him|her|them|me|us|you|"
                          r"it)\s+down\b", re.IGNORECASE)
_EYES_FIXED = re.compile(rf"^(?:{POSSESSIVE}\s+)?(?:eyes|gaze|stare)\s+(?:\w+ly\s+)?(?:fixed|locked|glued|riveted|"
                         r"trained|fastened|set)\s+(?:on|upon)\b", re.IGNORECASE)
# A gaze on a place above or below ("studies her shoes", "contemplates the ceiling"): a look that way.
_GAZE_ON_A_PLACE = re.compile(rf"^{_SUBJECT}{_ADVERBS}(?:stud(?:y|ies|ied|ying)|examin(?:e|es|ed|ing)|inspect(?:s|ed|ing)?|"
                              r"contemplat(?:e|es|ed|ing)|regard(?:s|ed|ing)?|eye(?:s|d|ing)?|"
                              r"(?:star(?:e|es|ed|ing)|gaz(?:e|es|ed|ing)|look(?:s|ed|ing)?)\s+(?:\w+ly\s+)?at)\b",
                              re.IGNORECASE)
_CHIN_TO_CHEST = re.compile(r"\bchin\s+(?:\w+\s+)?(?:to|on|against|onto)\s+(?:his\s+|her\s+|their\s+|my\s+|your\s+|the\s+)?"
                            r"chest\b", re.IGNORECASE)
_WOBBLE_NOUN = re.compile(r"\b(?:side[- ]to[- ]side|sideways)\s+(?:\w+\s+)?(?:wobble|waggle|wiggle|jiggle|bobble|wag|"
                          r"rock|sway)s?\b|\bhead[- ](?:wobble|waggle|wiggle|jiggle|bobble|wag)s?\b", re.IGNORECASE)
# Pulling or drawing the head back, calmly: a lean back (in a start it is a recoil: `corrections`; said sharply, the
# meaning decides).
_PULLS_HEAD_BACK = re.compile(rf"\b(?:pull|pulls|pulled|pulling|draw|draws|drew|drawn|drawing)\s+{POSSESSIVE}\s+"
                              r"(?:head|face|chin)\s+back\b(?!.*\b(?:sharp|sudden|abrupt|quick|jerk|snap)\w*)", re.IGNORECASE)
# Keeping a pose: "leaves it there", "holds it there"; the head said to stay level or still.
_KEEPS_IT_THERE = re.compile(r"^(?:and\s+)?(?:(?:he|she|they|i|you|we)\s+)?(?:\w+ly\s+)?(?:leave|leaves|left|leaving|keep|keeps|"
                             r"kept|keeping|hold|holds|held|holding)\s+(?:it|that|them)\s+(?:right\s+)?there\b", re.IGNORECASE)
_HEAD_STAYS = re.compile(r"\b(?:head|face|gaze|chin)\s+(?:stays|stay|stayed|remains|remain|remained|is\s+kept|is\s+held)\s+"
                         r"(?:\w+\s+)?(?:still|level|steady|motionless|fixed|put|where\s+it\s+(?:is|was))\b", re.IGNORECASE)
# A gaze kept on someone or something ("keeps looking at her"): a hold (rule 3).
_KEEPS_LOOKING = re.compile(rf"^{_SUBJECT}{_ADVERBS}(?:(?:keep|keeps|kept|keeping|continu(?:e|es|ed|ing))\s+"
                            r"(?:on\s+)?(?:to\s+)?"
                            r"(?:look(?:ing)?|star(?:e|ing)|gaz(?:e|ing)|watch(?:ing)?)\s+at)\b", re.IGNORECASE)
# A gaze sent out over a view ("looks out over the harbour", "gazing out across the fields", "stares out at the
# sea"): a gaze with no direction, a hold (rule 3); out of a window or a door, or to a side, it is a turn; out at
# the audience or the lens, a return.
_GAZES_OUT = re.compile(rf"^{_SUBJECT}{_ADVERBS}(?:look(?:s|ed|ing)?|gaz(?:e|es|ed|ing)|star(?:e|es|ed|ing)|"
                        r"peer(?:s|ed|ing)?)\s+out\s+(?:over|across|at|on|onto|upon|into|to|toward|towards)\s+"
                        r"(?!(?:the\s+|a\s+)?(?:window|door|side|audience|camera|lens|viewers?|us|me)\b)", re.IGNORECASE)
# Nothing, said alone ("For a moment, nothing."): stillness said outright (rule 9).
_NOTHING = re.compile(r"(?:(?:and|then|but)\s+)?(?:(?:for\s+)?(?:a|one|another)\s+(?:\w+\s+)?(?:moment|second|beat|heartbeat|"
                      r"instant)\s*,?\s*)?nothing(?:\s+(?:at\s+all|else|happens|moves))?[\s.!]*", re.IGNORECASE)
# Out of the corner of the eye, sidelong, askance: the eyes do most of it, a glance.
_SIDELONG = re.compile(r"\b(?:look|looks|looked|looking|gaz\w+|star\w+|peer\w*|watch\w*|regard\w*|eye[sd]?|eyeing)\b"
                       r".*\b(?:out\s+of\s+the\s+corner\s+of|"
                       r"sidelong|askance)\b", re.IGNORECASE)
# Whirling, wheeling or spinning round: a turn.
_WHIRLS = re.compile(rf"^{_SUBJECT}{_ADVERBS}(?:whirl|whirls|whirled|whirling|wheel|wheels|wheeled|wheeling|spin|spins|spun|"
                     r"spinning)\s+(?:\w+ly\s+)?(?:a)?round\b"
                     # the head snapping or whipping toward a place turns to it ("snapped toward the sound")
                     rf"|^{_SUBJECT}{_ADVERBS}(?:(?:{POSSESSIVE}|the\s+[\w-]+'s)\s+)?head\s+(?:\w+ly\s+)?(?:snap|snaps|snapped|"
                     r"snapping|whip|whips|whipped|whipping)\s+(?:\w+ly\s+)?(?:a?round\s+)?(?:to|toward|towards)\s+(?:the|a|an|his|"
                     r"her|their)\b", re.IGNORECASE)
_CRINGES = re.compile(rf"^{_SUBJECT}{_ADVERBS}(?:cring(?:e|es|ed|ing)|flinch(?:es|ed|ing)?|recoil(?:s|ed|ing)?|"
                      r"shrink(?:s|ing)?|shrank|shrunk|cower(?:s|ed|ing)?)\s+"
                      r"(?:\w+ly\s+)?(?:away|back)\b", re.IGNORECASE)
_GAZE_SETTLES = re.compile(rf"\b(?:lock|locks|locked|locking)\s+eyes\s+with\b|"
                           rf"\b(?:settle|settles|settled|settling|fix|fixes|fixed|fixing|rest|rests|rested|resting|"
                           rf"train|trains|trained|training|fasten|fastens|fastened)\s+{POSSESSIVE}\s+(?:gaze|eyes|stare)\s+"
                           r"(?:\w+ly\s+)?(?:on|upon)\b", re.IGNORECASE)
_BACK_TO_REST = re.compile(r"\b(?:back|down|up|round|around)\s+(?:again\s+)?to\s+(?:neutral|cent(?:re|er)|rest|"
                           r"the\s+(?:middle|cent(?:re|er)|front|rest\s+(?:pose|position))|"
                           # ("brings it back up to level", "comes back to its neutral position")
                           r"level(?!\s*\d)|(?:its|his|her|their|the)\s+neutral(?:\s+(?:pose|position))?)\b", re.IGNORECASE)
_FACES_FRONT_AGAIN = re.compile(rf"^{_SUBJECT}{_ADVERBS}(?:fac(?:e|es|ed|ing)|look(?:s|ed|ing)?|star(?:e|es|ed|ing)|"
                                r"gaz(?:e|es|ed|ing))\s+(?:straight\s+)?(?:forward|front|ahead)\s+"
                                r"(?:again|once\s+more|once\s+again)[\s.!]*$", re.IGNORECASE)   # (alone: "…, and nods" keeps its nod)


# Nodding (along) kept up ("keeps nodding along to the beat", "just keeps nodding"): the sentence vector hears the
# music, a pause, or an adverb before the verb of aspect.
_NODS_ALONG = re.compile(rf"^{_SUBJECT}{_ADVERBS}(?:keeps?|kept|keeping|goes|went|carries|carried|continues?|continued)"
                         r"\s+(?:on\s+)?nodding\b", re.IGNORECASE)


# A director's note that asks for more or less of a motion by its noun ("more tilt", "a touch less turn", "bigger nod"):
# that motion (a sentence vector hears "more" as raising something).
_MORE_OF_A = re.compile(r"^(?:(?:a\s+(?:bit|little|touch|tad|lot)|much|way|even|slightly|just)\s+)?(?:more|less|bigger|smaller|"
                        r"larger|deeper|wider)\s+(?:of\s+(?:a|the)\s+)?(?:head\s+)?(tilt|turn|nod)(?:\s+(?:please|here|there))?$",
                        re.IGNORECASE)

# A motion named as a noun and judged ("Her look up is great", "the lean forward is fine", "his nods in tk 3 solved
# fine"): the take keeps that motion (a sentence vector hears the verdict, not the motion).
JUDGED_AS_NOUN = re.compile(r"^(?:(?:and|but|so|also|ok|okay)\s+)?(?:(?:the|that|this|his|her|their|your|my)\s+)?"
                            r"(?:(?:first|last|second|final|initial|little|small|slow|big|head)\s+)*"
                            r"(nod|shake|headshake|tilt|turn|glance(?:\s+(?:up|down))?|look\s+(?:up|down)|drop|"
                            r"lean\s+(?:forward|back|in)|recoil|flinch|bow)(?:s|es)?"
                            r"(?:\s+(?:in|on|from)\s+(?:tk|take|shot|v)\s*\d+)?"
                            r"(?:'s|\s+(?:is|was|are|were|works|worked|looks|looked|reads|read|feels|felt|plays|played|lands|"
                            r"landed|solved|seems|seemed))\b", re.IGNORECASE)
_JUDGED_GOOD = re.compile(r"(?:s|es)?(?:\s+(?:in|on|from)\s+(?:tk|take|shot|v)\s*\d+)?(?:'s|\s+(?:is|was|are|were|looks|"
                          r"looked|reads|feels|felt|plays|played|lands|landed|solved|seems|seemed))?\s+(?:(?:really|very|so|just|all|pretty|quite)\s+)?(?:good|great|fine|lovely|"
                          r"perfect|nice|right|spot\s+on|ok|okay|works|worked)\b"
                          # or judged too big or too fast ("Tilt's too fast. Make it slow."): the motion, resized
                          r"|(?:s|es)?(?:'s|\s+(?:is|was|are|were|looks|reads|feels|plays|seems))?\s+(?:(?:way|far|much|"
                          r"a\s+(?:bit|little|touch|tad))\s+)?too\s+(?:big|small|large|wide|fast|slow|quick|much|little|"
                          r"sharp|subtle|long|short)\b", re.IGNORECASE)
_JUDGED_CLASS = {"look up": "look_up", "look down": "look_down", "drop": "look_down", "lean forward": "lean_forward",
                 "lean in": "lean_forward", "lean back": "lean_back", "flinch": "recoil", "recoil": "recoil",
                 "nod": "nod", "tilt": "tilt", "turn": "turn", "glance": "glance", "glance up": "glance",
                 "glance down": "glance", "bow": "look_down"}


def fixed_motion(text: str) -> str:
    """A motion class ("nod", "wag", "tilt", "lean_forward", "lean_back", "glance", "look_around", "recoil", "hold",
    "return", "look_up", "look_down")
    or "" (read by meaning)."""
    text = text.strip()
    more_of = _MORE_OF_A.match(text)
    if more_of:
        return more_of.group(1).lower()
    judged = JUDGED_AS_NOUN.match(text)
    if judged and _JUDGED_GOOD.match(text, judged.end(1)):
        return _JUDGED_CLASS.get(" ".join(judged.group(1).lower().split()), "")
    if _HEAD_DIPS.match(text) or _NODS_ALONG.match(text):
        return "nod"
    if _WOBBLE_NOUN.search(text) and not re.search(r"\b(?:no|shak\w*)\b", text, re.IGNORECASE):
        return "wag"
    if _CHIN_TO_CHEST.search(text):
        return "look_down"
    height = place_height(text)
    gaze = _GAZE_ON_A_PLACE.match(text)
    if gaze:
        # (a transitive verb has its place as the object: "studies her shoes")
        where = height or place_height("at " + text[gaze.end():])
        if where:
            return f"look_{where}"
    if _SHOULDER_TO_SHOULDER.search(text) and _HEAD_WORDS.search(text):
        return "wag"
    if _HEAD_FALLS_ASIDE.match(text) or _CROOKS_NECK.search(text):
        return "tilt"
    if _HEAD_FORWARD.search(text):
        return "lean_forward"
    if _EYES_FLICK.search(text) or _GLANCE_TAKEN.search(text):
        return "glance"
    if ((_LOOKS_ABOUT.match(text) or _TAKES_IN.search(text) or _SURVEYS.match(text) or _LOOK_AROUND_NOUN.search(text)
         or _GAZE_SWEEPS.match(text) or _ONE_TO_THE_NEXT.search(text))
            and not find_sides(text) and not place_height(text)):
        return "look_around"
    if _PULLS_HEAD_BACK.search(text) and not re.search(r"\b(?:sharp|sudden|abrupt|quick)\w*", text, re.IGNORECASE):
        return "lean_back"
    if _CRINGES.match(text):
        return "recoil"
    if _KEEPS_IT_THERE.match(text) or _HEAD_STAYS.search(text):
        return "hold"   # "…, and leaves it there": the pose kept ("left" here is no side)
    if _NOTHING.fullmatch(text):
        return "hold"
    if _SIDELONG.search(text):
        return "glance"
    if (_KEEPS_LOOKING.match(text) or _GAZES_OUT.match(text)) and not find_sides(text) and not height:
        return "hold"
    if _WHIRLS.match(text):
        return "turn"
    if _STARES_DOWN.match(text):
        return "hold"   # "stares him down": down is no direction here
    if (_GAZE_SETTLES.search(text) or _EYES_FIXED.match(text) or _STAYS_PUT.match(text)
            or (_STILL_WORD.search(text) and not _MOVES.search(text))) and not find_sides(text) and not height:
        return "hold"
    if _BACK_TO_REST.search(text) or _FACES_FRONT_AGAIN.match(text):
        return "return"
    return ""
