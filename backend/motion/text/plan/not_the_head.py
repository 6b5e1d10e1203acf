"""Words of head motion used for something else, so a clause moves no head whatever a sentence vector hears in it.

English lends its words of head motion to the hands, the body, things and idioms: "gets up", "writes it down",
"gives the pen back", "turns the lamp down", "holds the baby", "leans the bike against the wall", "looks
forward to the weekend", "turns out", "heads back home", "faces a choice", "takes a turn at the wheel", "the
camera pushes in". A clause read here is no step, and its up, down or back is no side (`fixed_readings` calls it;
`clause_reading` drops the side). It is kept narrow: a clause that also names the head, the eyes or a verb of
looking, nodding or turning the head is left to the reader.
"""

from __future__ import annotations

import re

from .lexicon import PRONOUN


def _forms(stems: str) -> str:
    """A regex alternation of each stem's forms ("get" → get, gets, getting; "write" → write, writes, writing;
    "calm-down" → calms down, …); irregular forms are listed beside the stems."""
    out = []
    for entry in stems.split():
        stem, _, particle = entry.partition("-")
        if stem.endswith("e") and len(stem) > 2:
            form = rf"{stem[:-1]}(?:e|es|ed|ing)"
        elif stem.endswith(("sh", "ch", "ss", "x")):
            form = rf"{stem}(?:es|ed|ing)?"
        elif re.fullmatch(r"[^aeiou]*[aeiou][bdgmnpt]", stem):   # one syllable: "stop" → stopped
            form = rf"{stem}(?:s|{stem[-1]}ed|{stem[-1]}ing)?"
        elif stem.endswith("y") and stem[-2] not in "aeiou":
            form = rf"{stem[:-1]}(?:y|ies|ied|ying)"
        else:
            form = rf"{stem}(?:s|ed|ing)?"
        out.append(rf"{form}\s+{particle}" if particle else form)
    return "|".join(out)


_SUBJECT = (rf"(?:{PRONOUN}\s+|(?:the|a|an|his|her|their|my|your|our)\s+(?:[\w'-]+\s+){{1,3}}?|"
            r"(?-i:[A-Z][a-z]+)\s+)?")
_ADVERB = r"(?:(?:\w+ly|just|then|now|also|still|finally|quickly)\s+){0,2}"
# (not "that", "one", "some" or "every": "holds that for 2 secs", "shakes one more time", "turns some more")
_DETERMINER = r"(?:the|a|an|his|her|their|my|your|our|its)"

# The head, the eyes or a verb of moving them: the clause is the reader's to read.
_HEAD = re.compile(r"\b(?:head|hd|chin|fac(?:e|es|ed|ing)|neck|gaze|eyes?|brow|forehead|nod\w*|shak\w*|shook|wag\w*|bob\w*|dip\w*|"
                   r"jerk\w*|recoil\w*|flinch\w*|hold\w*|held|paus\w*|beat|return\w*|glanc\w*|peer\w*|peek\w*|peep\w*|gaz\w*|star(?:e|es|ed|ing)|glar\w*|tilt\w*|"
                   r"bow\w*|crane\w*|cock\w*|look\w*|(?<!in )turn\w*|lean\w*|swivel\w*|headshak\w*|"
                   # stillness and time said outright are the guide's holds ("stands stock-still", "a moment passes")
                   r"(?:stock[- ])?still|motionless|frozen|froze|freez\w*|moments?\s+pass\w*|"
                   # the rest pose, where only a head comes back to ("brings it back to level", "back to its neutral")
                   r"back\s+(?:up\s+|down\s+)?to\s+(?:(?:its|his|her|their|the)\s+)?(?:level|neutral|centre|center)"
                   r"(?:\s+(?:position|pose))?)\b", re.IGNORECASE)

# Verbs of the hands, the body or the day that never move the head, with or without a particle ("gets up", "writes it
# down", "gives the pen back", "calms down", "fights back tears"): their up, down or back is theirs.
_OTHER_VERB_STEMS = """get stand wake give cheer wash throw line-up write break slow-down calm call send fight hand pay
pick set hang zip button climb show-up end-up sign pack clean tidy dress warm-up cool-down cool-off shut speed-up
sum-up bring buy drive ride knock pass pace carry fetch pour hit-back strike-back fire-back answer-back talk-back
text-back prop cook stir wrap tie hurry settle-down cough sneeze wipe point wave beckon
brush comb fold tuck roll-up bundle hitch load unload kneel-down lie-down grow-up shut-up play rewind crouch kneel
squat
start-over move-on run-back run-off run-out run-up run-down drop-by drop-round drop-off drop-in"""
_OTHER_IRREGULAR = """got gotten stood woke woken gave given threw thrown wrote written broke broken sent fought paid
hung showed shown brought bought drove driven rode ridden rang rung knelt put puts putting""".split() + [
    r"back(?:s|ed|ing)\s+(?:down|off)"]   # "backs down" (not "back down", the head's way back)
_OTHER_VERBS = re.compile(rf"^{_SUBJECT}{_ADVERB}(?:{_forms(_OTHER_VERB_STEMS)}|{'|'.join(_OTHER_IRREGULAR)}|"
                          r"(?:sat|lay)\s+down|grew\s+up|ran\s+(?:back|off|out|up|down)|fast[\s-]?forward(?:s|ed|ing)?)\b", re.IGNORECASE)

# A word of head motion used on a thing ("turns the lamp down", "holds the baby", "leans the bike against the wall",
# "shakes the bottle", "lowers the blinds", "drops her keys"): the verb, an optional particle, then a noun phrase
# that names no part of the head or body, no way or side and no pose or time (those keep the verb the head's:
# "turns the other way", "holds the pose", "lowers her eyes").
_ON_A_THING = re.compile(rf"^{_SUBJECT}{_ADVERB}(?:{_forms('turn tilt lean shake lower raise lift drop hold keep tip move return straighten spin rotate twist flip')}|"
                         r"shook|shaken|held|kept|leant|dropt)\s+(?:(?:up|down|over|out|off|on|in|back|around|round)\s+)?"
                         rf"{_DETERMINER}\s+((?:[\w'-]+\s+){{0,2}}[\w'-]+)", re.IGNORECASE)
# Where the thing is moved, beside the head ("shakes her pom-poms above her head"): no motion of the head.
_WHERE_THE_THING_IS = re.compile(rf"\b(?:above|over|behind|around|round|on\s+top\s+of|beside|by)\s+{_DETERMINER}\s+head\b",
                                 re.IGNORECASE)
# Pausing or stopping a thing ("pauses the video", "stops the car"): its object follows the verb directly ("paused on
# the young private" is the gaze resting).
_STOPS_A_THING = re.compile(rf"^{_SUBJECT}{_ADVERB}(?:{_forms('pause stop')})\s+{_DETERMINER}\s+((?:[\w'-]+\s+){{0,2}}[\w'-]+)",
                            re.IGNORECASE)
# Nouns that keep such a verb the head's, or a pose held: the head and body, ways and sides, poses and spans of time.
_NOT_THINGS = frozenset("""head heads chin face neck gaze eyes eye glance look looks stare attention back body torso
shoulder shoulders ear ears cheek cheeks forehead brow brows temple profile crown skull hair curls mane locks nose
muzzle snout beak elbows elbow arms arm weight frame whole way ways direction directions side sides angle bit
little fraction touch notch inch inches degree degrees quarter half amount pose position posture stance moment
moments beat beats second seconds instant pause stillness silence tilt turn nod shake expression shot line count
breath breaths note left right front centre center camera lens gaze other opposite same while time times tad
heartbeat heartbeats circle fraction more""".split())

# Idioms and set phrases of looking, facing, turning, heading and holding that are no motion of the head.
_IDIOMS = re.compile(
    r"\blook(?:s|ed|ing)?\s+forward\s+to\b|"                         # "looks forward to the weekend"
    r"\blook(?:s|ed|ing)?\s+back\s+(?:on|at\s+(?:it|that|those|the\s+(?:past|years|day|days|time)))\b|"
    r"^looking\s+back(?:\s+(?:on|now)\b|$)|"                          # remembering: "Looking back on it, …"
    r"\blook(?:s|ed|ing)?\s+after\b|\blook(?:s|ed|ing)?\s+into\s+(?:it|this|that|the\s+(?:matter|case|problem|issue|"
    r"question|complaint))\b|\blook(?:s|ed|ing)?\s+up\s+to\s+(?:him|her|them|his|her|their|my|your)\b|"
    r"\blook(?:s|ed|ing)?\s+up\s+(?:the|a|an|his|her|their)\s+(?:number|word|name|address|recipe|answer|"
    r"meaning|spelling|date|times?|train|bus|flight)s?\b|"
    r"\blook(?:s|ed|ing)?\s+(?:the\s+part|(?:his|her|their|your|my)\s+age|(?:his|her|their|your|my)\s+best)\b|"
    r"^it\s+(?:\w+\s+)?(?:looks?|looked|turns?|turned)\s+(?:like|as\s+if|as\s+though|out)\b|"
    r"^(?:\w+\s+)?(?:\w+ly\s+)?(?:turn(?:s|ed|ing)?)\s+out\s+(?:that|to\s+be|(?:he|she|they|it)\s+(?:was|is|were|had))\b|"
    r"^(?:things|prices|heads|tempers|times|odds|stakes|rates|costs|sales|numbers|figures|markets|shares)\s+\w+|"
    r"\btakes?\s+(?:a|his|her|their|my|your)\s+turn\b|\btook\s+(?:a|his|her|their|my|your)\s+turn\b|"
    r"\bout\s+of\s+turn\b|"
    r"\bturn(?:s|ed|ing)?\s+(?:\w+ly\s+)?(?:pale|red|white|green|grey|gray|purple|crimson|scarlet|pink|ashen|sour|cold|"
    r"nasty|serious|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|\d+)\w*)\b|"
    r"\bturn(?:s|ed|ing)?\s+(?:in|up)\s+(?:late|early|(?:his|her|their|my|your|the|a)\s+(?:report|essay|homework|"
    r"paper|badge|keys|notice|resignation))\b|\bturn(?:s|ed|ing)?\s+down\s+(?:the|an?|his|her|their)\s+"
    r"(?:offer|job|invitation|proposal|request|chance|deal|role|part)\b|"
    # "heads" as a verb of going ("She heads out", "heading for the door"), never the noun ("turns her head to …")
    rf"^(?:(?:{PRONOUN}|(?-i:[A-Z][a-z]+))\s+{_ADVERB}head(?:s|ed)|heading)\s+(?:out|off|home|back|for|to|toward|towards|"
    r"into|inside|outside|upstairs|downstairs|across|over|down\s+(?:the|to)|up\s+(?:the|to))\b|"
    r"\bhead\s+(?:of\s+(?:the|his|her|their)|to\s+head|over\s+heels|cold)\b|\b(?:gets?|got|getting)\s+(?:his|her|"
    r"their|my|your)\s+head\s+(?:a)?round\b|\blos(?:e|es|t|ing)\s+(?:his|her|their|my|your)\s+head\b|"
    r"\b(?:gets?|got|getting|receives?|received|waits?\s+for|waiting\s+for)\s+(?:the|a)\s+nod\b|"
    r"\bnod\s+from\b|\b(?:on|at)\s+(?:the|his|her|their|\w+'s)\s+(?:\w+'s\s+)?nod\b|"
    r"\b(?:the\s+)?(?:opposite|reverse|contrary)\s+of\s+(?:a|an|the)\s+\w+|^instead\s+of\s+(?:a|an|the)\s+\w+$|"
    r"\b(?:wag\w*|swish\w*|flick\w*|thump\w*|shak(?:e|es|ing)|shook|tuck\w*)\s+(?:its|his|her|their|the|a)\s+"
    r"(?:\w+\s+)?tail\b|"                                            # "the dog wags its tail": a tail, no head
    r"\bshak(?:e|es|ing)\s+hands\b|\bshook\s+hands\b|\bshak(?:e|es|ing|en)\s+(?:off|out)\b|\bshook\s+(?:off|out)\b|"
    r"\bshak(?:e|es|ing)\s+with\s+(?:laughter|mirth|giggles|sobs)\b|"
    r"\bhold(?:s|ing)?\s+(?:a\s+grudge|(?:his|her|their|my|your)\s+own)\b|\bheld\s+(?:a\s+grudge)\b|\bon\s+hold\b|"
    r"\b(?:hold(?:s|ing)?|held|fight(?:s|ing)?|fought|blink(?:s|ed|ing)?)\s+back\s+(?:the\s+|her\s+|his\s+)?"
    r"(?:tears|a\s+(?:laugh|smile|sob|grin|yawn|giggle)|(?:a|the)\s+urge|laughter|sobs)\b|"
    r"\bhold(?:s|ing)?\s+out\s+(?:his|her|their|my|your|a|the)\s+(?:hand|arm|hands|arms)\b|"
    # the whole body moved by its owner ("lowered herself into the armchair", "hauls himself up"), or an arm reaching
    rf"^{_SUBJECT}{_ADVERB}(?:{_forms('lower raise lift haul heave pull drag ease drop throw fling hoist push')}|"
    r"threw|flung)\s+(?:himself|herself|themselves|myself|yourself)\b(?!\s+(?:back|backwards?|forwards?|sideways)\b)|"
    rf"^{_SUBJECT}{_ADVERB}{_forms('reach')}\s+(?:over|across|out|for|up|down|into|behind|under)\b|"
    # why the character moves, said to the performer as what they mean ("…, you're agreeing with all of it", "you are
    # refusing him"): the intent of the motion said beside it, no motion of its own
    r"^(?:and\s+|because\s+|cause\s+|'cause\s+)?(?:you'?re|you\s+are)\s+(?:(?:just|really|totally|basically|kind\s+of)\s+)?"
    r"(?:agreeing|disagreeing|refusing|denying|approving|accepting|saying\s+(?:yes|no))\b(?!.*\b(?:head|chin|nod\w*|shak\w*)\b)|"
    # why the character moves, said as a purpose ("…, just to let him know you see him", "to show she agrees")
    r"^(?:just\s+|only\s+|simply\s+|partly\s+)?(?:in\s+order\s+|so\s+as\s+)?to\s+(?:let|make\s+(?:sure|it\s+clear)|show|"
    r"tell|signal|remind|warn|reassure|prove)\b(?!.*\b(?:head|chin|nod\w*|shak\w*)\b)|"
    # hiding a feeling ("sad but trying to hide it", "hides her disappointment"), not the face
    rf"^(?:{PRONOUN}\s+)?(?:\w+ly\s+)?(?:(?:trying|tries|tried|try|attempting|struggling|struggles)\s+(?:hard\s+)?to\s+)?"
    r"hid(?:e|es|ing)?\s+(?:it|that|this|(?:his|her|their|my|your|the)\s+(?:\w+\s+)?(?:feelings?|emotions?|"
    r"disappointment|hurt|pain|fear|anger|joy|delight|tears|surprise|shock|sadness|grief|excitement|amusement|smile|"
    r"grin|relief|nerves|irritation|annoyance|embarrassment))(?:\s+(?:well|badly|poorly))?$|"
    r"\bfac(?:e|es|ed|ing)\s+(?:a|an|the)\s+(?:(?:hard|difficult|tough|impossible|real|stark|grim|awful)\s+)?"
    r"(?:choice|choices|decision|dilemma|music|facts?|truth|charges?|trial|consequences|problem|challenge|prospect|"
    r"reality|future|fact)\b|\bfac(?:e|es|ed|ing)\s+charges\b|\bfac(?:e|es|ed|ing)\s+(?:facts|reality|the\s+fact)\b|"
    r"\bon\s+the\s+face\s+of\s+it\b|\bsav(?:e|es|ed|ing)\s+face\b|\bmak(?:e|es|ing)\s+a\s+face\b|\bmade\s+a\s+face\b|"
    r"\bpull(?:s|ed|ing)?\s+(?:a|an)\s+(?:[\w'-]+\s+)?face\b|"
    r"\bstay(?:s|ed|ing)?\s+(?:for\s+(?:dinner|lunch|breakfast|tea|coffee|a\s+drink|drinks|the\s+(?:night|weekend|party|"
    r"meeting|show|rest\s+of))|at\s+(?:home|work|school)|in\s+bed|late|home|behind|overnight|up\s+late|"
    r"on\s+the\s+(?:line|phone)|out\s+of\s+(?:it|this|that|trouble|sight|the\s+way)|in\s+touch|"
    r"with\s+(?:me|him|her|them|us|you))\b|"
    r"\btak(?:es|e|ing)\s+one\s+look\s+at\b|\btook\s+one\s+look\s+at\b|"
    r"\breturn(?:s|ed|ing)?\s+to\s+(?:the|his|her|their|my|your)\s+(?:seat|chair|desk|table|room|car|post|office|"
    r"kitchen|house|flat|bed|work)\b|"
    r"\b(?:hold(?:s|ing)?|held)\s+(?:court|sway|office)\b|"
    r"\b(?:keep(?:s|ing)?|kept)\s+(?:count|score|track|time|pace|faith|house|(?:his|her|their|my|your)\s+(?:cool|distance|"
    r"word|promise))\b|\blook(?:s|ed|ing)?\s+every\s+inch\b|\bshak(?:e|es|ing)\s+it\s+off\b|\bshook\s+it\s+off\b|"
    r"^(?:it|everything|it\s+all)\s+(?:comes?|came)\s+(?:flooding\s+|rushing\s+)?back\b"
    r"(?!\s+(?:up\s+|down\s+)?to\s+(?:(?:its|the)\s+)?(?:level|neutral|cent(?:re|er)))|"   # (a memory, not "it comes back to neutral")
    r"^(?:hope|memory|memories|fear|panic|calm|colou?r|peace|relief|anger|doubt|reality|reali[sz]ation|recognition|"
    r"understanding|life|dawn|darkness|daylight|night|morning|time)\s+(?!(?:and|then|but)\b)\w+|"
    r"\bturn(?:s|ed|ing)?\s+(?:\w+ly\s+)?(?:into|onto|off|down|up|out\s+of)\s+(?:the|a|an|his|her|their)\s+(?:[\w'-]+\s+)?"
    r"(?:street|road|drive|driveway|lane|car\s+park|parking\s+lot|alley|avenue|path|track|motorway|highway|junction|"
    r"slip\s+road|side\s+street|cul-de-sac|yard|garage|gate|gates)\b|"
    r"\b(?:tak(?:es|e|ing)|took)\s+(?:a|one|two|three|another)\s+(?:\w+\s+)?steps?\s+(?:back|backward|forward|away|"
    r"aside|closer|toward|towards)\b|\b(?:tak(?:es|e|ing)|took)\s+(?:it|that|everything)\s+back\b|"
    r"\bstay(?:s|ed|ing)?\s+close\s+(?:to|by|behind|beside)\b|"
    r"\bkeep(?:s|ing)?\s+(?:on\s+)?(?:walking|running|driving|going|working|reading|writing|typing|eating|drinking|"
    r"cooking|cleaning|packing|dancing|singing|playing)\b|\bkept\s+(?:on\s+)?(?:walking|running|driving|going|"
    r"working|reading|writing|typing|eating|drinking)\b|"
    r"\bstop(?:s|ped|ping)?\s+(?:by|off|in\s+at|for\s+(?:coffee|lunch|dinner|gas|petrol|fuel|a\s+drink|a\s+coffee|"
    r"groceries))\b|"
    r"\b(?:hold(?:s|ing)?|held)\s+on(?:to|\s+to)\s+(?!(?:the\s+|that\s+|this\s+)?(?:pose|position|look|moment|"
    r"stare|gaze|tilt|turn|nod|angle|beat)\b)(?:the|a|an|his|her|their|my|your|him|them|me|us|it)\b|"
    r"\blook(?:s|ed|ing)?\s+out\s+for\s+(?:him|her|them|me|us|you|each\s+other|one\s+another|his|their|my|"
    r"your)\b|\bturn(?:s|ed|ing)?\s+over\s+(?:in\s+bed|onto|on\s+to|on\s+(?:his|her|their)\s+(?:side|back|"
    r"front))\b|"
    # a thing said before turned over in the hands or the mind ("picks up the card and turns it over")
    r"\bturn(?:s|ed|ing)?\s+(?:it|them)\s+over\b",
    re.IGNORECASE)

# Going back to a place ("comes back into the kitchen", "heads back home"), each in turn ("thanks each of them in
# turn"), a back turned to the camera ("with her back to us"): no head motion, unless the head or a look is named.
_BACK_TO_A_PLACE = re.compile(rf"^{_SUBJECT}{_ADVERB}(?:{_forms('come go walk run hurry rush drive get wander stroll')}|"
                              r"came|went|gone|got|ran)\s+back\s+(?:into|in\s+(?:the|his|her|their)|inside|indoors|home|"
                              r"outside|to\s+(?:the|his|her|their)\s+(?:room|kitchen|house|office|car|table|desk|seat|"
                              r"chair|bed|hotel|flat|apartment|station|party|group|others|camp|shop|bar|counter|work))\b|"
                              r"\bin\s+turn\b|^(?:with\s+)?(?:his|her|their|my|your)\s+back\s+to\b|^back\s+to\s+us\b",
                              re.IGNORECASE)

# "still" as "yet" ("Still in his coat, …", "She is still on the phone", "still holding the letter"): no stillness.
_STILL_AS_YET = re.compile(rf"^(?:\(\s*)?{_SUBJECT}(?:(?:is|are|was|were|am)\s+)?still\s+(?:in|on|at|with|wearing|"
                           r"inside|outside|under|asleep|awake|here|there|alive|angry|upset|talking|speaking|holding|"
                           r"laughing|smiling|crying|reading|writing|eating|drinking|working|waiting\s+for|not)\b"
                           r"(?!.*\b(?:still|motionless|frozen)\b)", re.IGNORECASE)

# Where the character is, said first before the clause it sets ("Back in his chair, he nods", "Back home, she …"):
# a place, not a return (`back_in_a_place`; "…, then back at her father" is the head's).
_BACK_IN_A_PLACE = re.compile(r"^(?:(?:once|now|when|safely|finally)\s+)?back\s+(?:home|indoors|inside|outside|"
                              r"to\s+(?:work|school|bed|town|business|reality|base)\b|in\s+(?!(?:line|place|position)\b)|at\s+(?:the|his|"
                              r"her|their|my|your|work|home|school)\b|on\s+(?:the|his|her|their)\s+(?!(?:left|right|"
                              r"front|centre|center)\b)|from)", re.IGNORECASE)

# The camera's moves said without the camera ("Pull back to reveal the room", "Slow push in", "Zoom in").
_CAMERA_MOVE = re.compile(r"^(?:(?:we|slow|slowly|quick|camera|cam|and)\s+)*(?:push(?:es|ing)?\s+in|"
                          r"pull(?:s|ing)?\s+(?:back|out)\s+(?:to\s+(?:reveal|show|a\s+wide|wide|the\s+wide)|wide)|"
                          r"zoom(?:s|ing)?\s+(?:in|out)|pan(?:s|ning)?\s+(?:left|right|across|over|to|up|down)|"
                          r"dolly|dollies|dollying|truck(?:s|ing)?\s+(?:in|out|left|right)|"
                          r"(?:slow\s+)?(?:push|pull)[\s-](?:in|out|back)|"
                          r"track(?:s|ing)?\s+(?:in|out|back|left|right)|"
                          r"(?:rack|pull|shift)(?:s|ing|ed)?\s+focus|focus\s+(?:pull|rack|shift)s?|"
                          r"(?:tilt|pan|crane)(?:s|ing)?\s+(?:up|down|left|right)\s+to\s+(?:reveal|show|find))\b",
                          re.IGNORECASE)

# Someone else's motion after a verb of perceiving, waiting or causing ("watches him turn away", "waits for her to
# look up", "asks the boy to turn round", "lets her lean on his shoulder"): the motion is the other person's.
# The one who perceives or causes must be the character, said in the third person or by an opening participle: a
# director's "I want you to shake your head", "Make him nod" or "have her lean back" asks the character to move.
# (Not the writer nor whoever commissions the work: "We want the robot to nod", "The client wants the mascot to bow".)
_THIRD_PERSON = (r"(?:(?:he|she)\s+|(?:the|his|her|their)\s+(?!(?:[\w'-]+\s+)?(?:client|clients|director|producer|team|"
                 r"studio|agency|customer|brand|lead)\s)(?:[\w'-]+\s+){1,3}?|"
                 r"(?!(?:Please|Now|Then|Just|Can|Could|Would|Let|Lets|Ok|Okay|So|And|But|Make|Have|Get|Help|We|I|You|"
                 r"Marketing|Legal)\b)"
                 r"(?-i:[A-Z][a-z]+)\s+)")
_ANOTHERS_MOTION = re.compile(
    rf"^(?:{_THIRD_PERSON}{_ADVERB}(?:{_forms('watch see hear feel notice let make help have get ask tell want wait beg urge order signal invite allow force expect need')}|"
    r"saw|seen|heard|felt|made|had|got|told)|(?:watching|seeing|hearing|feeling|noticing|waiting|asking|telling))"
    r"\s+(?:for\s+|until\s+)?"
    r"(?!(?:[\w'-]+\s+){0,2}(?:head|chin|face|neck|eyes?|gaze)\b)"
    r"(?:him|her|them|me|us|everyone|everybody|(?:the|his|her|their|my|your)\s+(?:[\w'-]+\s+){0,2}?[\w'-]+)\s+"
    r"(?:to\s+)?(?:\w+ly\s+)?(?:turn|look|nod|shake|glance|lean|tilt|bow|face|peer|peek|gaze|stare|wag)\w*\b",
    re.IGNORECASE)

# Small things in the hands named without an article in notes ("hold cup, nod x2").
_HELD_THING = re.compile(r"^(?:hold|holds|holding|keep|keeps|grab|grabs)\s+(?:cup|mug|glass|phone|pen|pencil|book|bag|"
                         r"letter|card|cards|key|keys|box|bottle|baby|map|photo|paper|umbrella|gun|knife|torch|lamp|"
                         r"candle|coffee|drink|tray|plate|bowl|sign|flag|note|notes|script|remote)\b", re.IGNORECASE)


# The body coming up from a bent pose ("straightened from the rose bed", "straightens up from the desk"), or the body or
# a thing straightened: no return of the head.
_STRAIGHTENS_FROM = re.compile(r"\bstraighten(?:s|ed|ing)?\s+(?:up\s+)?from\s+(?:the|a|an|his|her|their|my|your)\b|"
                               r"\bstraighten(?:s|ed|ing)?\s+(?:his|her|their|my|your|the)\s+(?:back|shoulders|spine|posture|"
                               r"body|torso|legs?|arms?|tie|collar|jacket|coat|shirt|dress|skirt|hat|papers|glasses)\b",
                               re.IGNORECASE)


# Where someone stands in the frame, as a scene sets it up ("Ana is on the right of frame", "Leo on the left",
# "Ellie's the one on camera right, Jess camera left", "He sits frame left"): a place, not a turn.
_FRAME = r"(?:camera|frame|screen)"
_IN_THE_FRAME = re.compile(
    rf"^(?:(?:{PRONOUN}|(?-i:[A-Z][a-z]+)(?:'s)?|the\s+[\w'-]+)\s+)?(?:(?:is|are|was|were|'s|stands|standing|sits|sitting|"
    rf"remains|stays|waits|waiting)\s+)?(?:the\s+one\s+)?(?:(?:on|at|in)\s+)?(?:(?:{_FRAME}[- ](?:left|right))|"
    rf"(?:the\s+)?(?:left|right)(?:[- ]hand)?(?:\s+side)?\s+of\s+(?:the\s+)?(?:{_FRAME}|shot|picture|screen))$",
    re.IGNORECASE)
_NAME_ON_A_SIDE = re.compile(r"^(?-i:[A-Z][a-z]+)\s+(?:is\s+)?on\s+the\s+(?:left|right)$")


# "Beside her, …", "Next to him, …": where the next thing happens, said by a preposition and a person alone.
_BESIDE_SOMEONE = re.compile(r"^(?:and\s+)?(?:beside|besides|alongside|next\s+to|behind|opposite|across\s+from|in\s+front\s+of)"
                             r"\s+(?:him|her|them|me|us|you|(?:the|his|her|their)\s+[\w'-]+|(?-i:[A-Z][a-z]+))$", re.IGNORECASE)


# When a step lands, said with "right" for "exactly" ("…, right on the cue", "right at the end of her line", "right
# after the bang"): a time in the script, not a side.
_RIGHT_AT_A_TIME = re.compile(r"^(?:and\s+|just\s+)?right\s+(?:on|at|before|after|with|as|when|upon)\s+(?:the|her|his|their|that|"
                              r"this|its|my|your)?\s*(?:[\w'-]+\s+){0,3}?(?:line|beat|cue|word|words|bang|knock|end|start|"
                              r"beginning|cut|moment|downbeat|music|note|button|last|first|hit|sting|accent|pause|applause|"
                              r"laugh|punchline|door|bell|shot|count|frame|top)(?:\s+of\s+[\w' -]{1,30})?$", re.IGNORECASE)


def in_the_frame(text: str) -> bool:
    """Whether a clause only says where someone is in the frame ("Tom is on the left of frame", "Sam on the right"),
    beside whom the next thing happens ("Beside her, …") or when it lands ("right on the cue")."""
    text = text.strip(" .,;:()")
    if _HEAD.search(text):
        return False   # "Glance screen left": a motion to a side, not a place
    return bool(_IN_THE_FRAME.match(text) or _NAME_ON_A_SIDE.match(text) or _BESIDE_SOMEONE.match(text)
                or _RIGHT_AT_A_TIME.match(text))


def not_the_head(text: str) -> bool:
    """Whether a clause's words of motion are used for something else (the hands, the body, things, an idiom, the
    camera), so it moves no head."""
    text = text.strip()
    if in_the_frame(text):
        return True
    if _IDIOMS.search(text) or _STILL_AS_YET.match(text) or _CAMERA_MOVE.match(text) or _ANOTHERS_MOTION.match(text):
        return True
    if (_HELD_THING.match(text) or ((_BACK_TO_A_PLACE.search(text) or _STRAIGHTENS_FROM.search(text))
                                    and not _HEAD.search(text))):
        return True
    thing = _WHERE_THE_THING_IS.sub("", text)
    m = _ON_A_THING.match(thing) or _STOPS_A_THING.match(thing)
    if m and not set(re.findall(r"[a-z]+", m.group(1).lower())) & _NOT_THINGS and not _HEAD.search(thing[m.end():]):
        return True
    return not _HEAD.search(text) and bool(_OTHER_VERBS.match(text))


def names_the_head(text: str) -> bool:
    """Whether a clause names the head, the face, the eyes or a verb of moving them (or stillness or time said
    outright): then its words of motion are the reader's to read."""
    return bool(_HEAD.search(text))


def back_in_a_place(text: str) -> bool:
    """"Back in his chair", "Back at the office": where the character is, when it opens a sentence that goes on."""
    return bool(_BACK_IN_A_PLACE.match(text.strip())) and not _HEAD.search(text)
