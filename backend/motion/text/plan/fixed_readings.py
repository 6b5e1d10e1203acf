"""Clauses whose words settle what the head does before any reading by meaning: the rules of English that
a sentence vector blurs.

- dipping the head or chin: a nod; wagging, wobbling or bobbling it: a wag; the rest pose named alone ("Neutral again"): a return; freezing, going still
  saying nothing or staring ahead: a hold;
- a pause said by its verb or an idiom ("the father paused", "lets a second pass", "takes a beat"), a head
  said to be still ("with his head perfectly still"), a gaze held ("holds her gaze on the lens"): a hold;
- a manner clause ("as if she is sharing a secret"), speech in quotes ('"Not a chance."'), a verb of perceiving opening the sentence ("Sensing
  someone behind her, …", "Hearing the door, …"), hands busy with a thing ("pushes the bowl away", "sets
  the cup down", "turns the page", "tips his hat"), walking ("steps away", "backed towards the door"),
  what happened before the shot ("he had kept his head lowered"), scorn said as "looks down on everyone", the
  body trembling ("shaking with rage"), a part of the face as the object ("wrinkles her nose at the plate"): no
  head motion, nor do nodding off or bursting out laughing (their feeling and the side they name still count);
- words of head motion used for the hands, the body, things, an idiom or the camera (`not_the_head.py`): none;
- talk about the shot, its files or the message itself (`about_the_work.py`): none;
- a director's note on how much head ("Less head", "a bit more head") and what a side means ("stage left is your
  left"): none (the side it names is no step's either).
"""

from __future__ import annotations

import re

from .clauses import ASK_FOR_A_PAUSE, Clause
from .lexicon import DIPS_HEAD, FOR_A_WHILE, IRREGULAR_PASTS, POSSESSIVE, PRONOUN, RESULT_CUT
from .fixed_directions import fixed_direction
from .fixed_motions import fixed_motion
from .about_the_work import about_the_work
from .not_the_head import back_in_a_place, not_the_head
from .note_words import MOTION_NOUN
from .stares import stares_without_direction

_SUBJECT = (rf"(?:{PRONOUN}\s+|(?:the|a|an|his|her|their|my|your|our)\s+(?:[\w'-]+\s+){{1,3}}?|"
            # a capitalised name, not a command ("Stay put for a beat")
            r"(?!(?-i:Stay|Keep|Hold|Look|Turn|Let|Get|Go|Come|Just|Then|Now|Slowly|Please)\b)(?-i:[A-Z][a-z]+)\s+)?")
_ADVERB = r"(?:\w+ly\s+)?"
# Waiting, staying or remaining somewhere, or waiting for something ("waits at the tram shelter", "stays in the
# kitchen", "remains by the fountain", "is waiting for his change"): where the character is and what they do as the
# scene stands, not a pause in the head's motion; waiting for something to happen ("waits for the music to stop before
# she nods"), for a length of time ("waits for a beat"), or staying in a pose ("stays in that position") is one.
_WAITS_SOMEWHERE = re.compile(rf"^{_SUBJECT}(?:is\s+|was\s+|are\s+|were\s+)?{_ADVERB}(?:"
                              r"(?:wait|stay|remain)(?:s|ed|ing)?\s+(?:at|by|beside|outside|inside|in|near|on|behind|under|"
                              r"among|next\s+to|in\s+front\s+of)\s+(?:the|a|an|his|her|their|its|my|your|our)\s+"
                              r"(?!(?:same\s+)?(?:position|pose|posture|place|spot|angle|tilt|turn)\b)|"
                              r"wait(?:s|ed|ing)?\s+for\s+(?![^,;.]*\b(?:to|until|till|before)\b)"
                              r"(?:the|a|an|his|her|their|its|my|your|our)\s+(?:[\w'-]+\s+){0,2}?[\w'-]+"
                              r"(?:$|\s*[,;.]|\s+(?:at|by|beside|in|on|near|outside)\b))", re.IGNORECASE)
# How every move is to be played, said with "keep" ("Keep it slow.", "and keep them all subtle", "keep everything
# smooth"): the manner of the steps, no pose held ("keep it still", "keep it there" are one).
_KEEP_THE_MANNER = re.compile(r"^(?:(?:and|oh|so|also|but|just|please|again)\W+)*keep\s+(?:it|them|this|that|everything|"
                              r"it\s+all|them\s+all|all\s+of\s+(?:it|them)|the\s+whole\s+thing|(?:the|all\s+the|every)\s+"
                              r"(?:head\s+)?(?:moves?|movements?|motions?))\s+(?:(?:all|very|really|nice|nice\s+and|quite|a\s+bit|"
                              r"a\s+little|super)\s+)?(?:slow|slower|small|smaller|subtle|tiny|soft|gentle|light|fast|faster|quick|"
                              r"big|bigger|snappy|smooth|natural|calm|minimal|understated|relaxed|loose)\b(?!.*\b(?:still|there|"
                              r"steady|level|down|up)\b)", re.IGNORECASE)
# A verb of pausing as the clause's verb, with nothing after it that moves ("paused on the young private").
_PAUSE_VERB = re.compile(rf"^{_SUBJECT}{_ADVERB}(?:paus(?:e|es|ed|ing)|hesitat(?:e|es|ed|ing)|linger(?:s|ed|ing)?|"
                         r"wait(?:s|ed|ing)?|halt(?:s|ed|ing)?|stop(?:s|ped)?(?!\s+(?:\w+ing|the|a|an|his|her|their|it|them)\b))\b"
                         r"(?!\s+(?:to|and|until|till|for\s+(?:him|her|them|"
                         r"the|a|an|his|their)\s+\w+\s+to)\b)", re.IGNORECASE)
# … or anywhere in a clause that names no motion ("Halfway through the toast her father paused").
_PAUSE_WORD = re.compile(r"\b(?:paus(?:es|ed)|hesitat(?:es|ed)|linger(?:s|ed)|"
                         r"stop(?:s|ped)(?!\s+(?:\w+ing|the|a|an|his|her|their|it|them)\b))\b", re.IGNORECASE)
_MOVING_WORD = re.compile(r"\b(?:nod|shak|turn|look|tilt|glanc|lean|rais|lift|lower|bow|jerk|gaz|star|tip|drop|"
                          r"swing|spin|spun|whip|jerk)\w*", re.IGNORECASE)
# Letting time pass, taking a beat: a pause said without a pause word.
_PAUSE_IDIOM = re.compile(r"\b(?:lets?|letting)\s+(?:a|one|another|the)\s+(?:\w+\s+)?(?:second|moment|beat|instant|"
                          r"heartbeat|while|pause|silence)s?\s+(?:pass|go\s+by|hang|stretch|linger)\b|"
                          r"\b(?:takes?|took|taking)\s+(?:a|one|another)\s+(?:\w+\s+)?(?:beat|moment|second|pause)\b|"
                          # a note that asks for one ("Add a beat between them.", "put a moment in there")
                          r"^(?:(?:and|so|then|also|just|maybe)\W+)*(?:" + ASK_FOR_A_PAUSE + r"|give\s+(?:it|him|her|me))\s+"
                          r"(?:a|one|another)\s+(?:\w+\s+)?(?:beat|moment|pause)\b",
                          re.IGNORECASE)
# Time let pass before what follows, said alone ("after a beat, he turns", "then, after a long moment, she nods"): the
# pause it names (the guide's rule 9), as "after a pause" is; "for a moment" is how long the step before lasts.
_AFTER_A_WHILE = re.compile(r"^(?:(?:and|then|but|so)\W+)*after\s+(?:a|an|one|another)\s+(?:(?:long|short|brief|little|"
                            r"small|tiny|good|quick)\s+)?(?:beat|moment|second|breath|heartbeat|instant)(?:\s+or\s+two)?"
                            r"(?:\s+of\s+(?:silence|thought|stillness))?[.!]*$", re.IGNORECASE)
# The head (or the whole person) said to be still: "with his head perfectly still", "her head motionless".
_STILL_HEAD = re.compile(r"\b(?:head|face|gaze)\s+(?:(?:perfectly|completely|absolutely|quite|very|dead|utterly|"
                         r"totally|stock)\s+)?(?:still|motionless|unmoving|level|steady|fixed)\b", re.IGNORECASE)
# The head brought back up to level or upright ("lifts his head level again", "brings it upright", "raises it back to
# level"): the way back to
# the front (rule 4), not the head kept level ("level with the sill" is a height, read by meaning).
_BACK_TO_LEVEL = re.compile(rf"\b(?:lift|lifts|lifted|lifting|raise|raises|raised|raising|bring|brings|brought|bringing)\s+"
                            rf"(?:{POSSESSIVE}\s+(?:head|chin|face)|it)\s+(?:\w+ly\s+)?(?:back\s+)?(?:up\s+)?"
                            r"(?:to\s+)?(?:level|upright|straight)\b(?!\s+with\b)", re.IGNORECASE)
# The head said to stay in the pose it took ("His head stays turned", "her chin remains lowered"): a hold.
_STAYS_IN_POSE = re.compile(r"\b(?:head|face|chin|gaze)\s+(?:stays|stayed|remains|remained|is\s+still|was\s+still)\s+"
                            r"(?:\w+ly\s+)?(?:turned|bowed|tilted|lowered|raised|cocked|bent|averted|lifted|dipped|angled|"
                            r"down|up|there|where\s+it\s+is|in\s+place)\b", re.IGNORECASE)
# Staying where the move before left the head, said with no head ("And stay down.", "he stays like that"): a hold.
_STAYS_THERE = re.compile(rf"^(?:(?:and|then|just|now)\s+)*{_SUBJECT}(?:stay|stays|stayed|staying|remain|remains|remained)\s+"
                          r"(?:\w+ly\s+)?(?:down|up|there|low|that\s+way|like\s+that|lowered|bowed)\b", re.IGNORECASE)
# The body's posture with the head's pose after "with" ("She kneels with her head bowed", "he is seated with his head
# hung low"): the pose said as a state is its step (the guide's rule 19), whatever the sentence vector hears in the
# sitting or standing.
_POSED_WITH_HEAD_DOWN = re.compile(rf"^{_SUBJECT}(?:(?:is|was|are|were|sits?|sat|sitting)\s+)?(?:\w+ly\s+)?"
                                   r"(?:seated|sits?|sat|sitting|stands?|stood|standing|kneels?|knelt|kneeling|waits?|"
                                   r"waited|waiting|lies|lay|lying|slumped|hunched|perched)\b(?:\s+[\w'-]+){0,4}?\s+with\s+"
                                   rf"{POSSESSIVE}\s+(?:head|chin)\s+(?:\w+ly\s+)?(?:bowed|lowered|down|hung|hanging|"
                                   r"dropped|bent|on\s+(?:his|her|their|its)\s+chest)\b", re.IGNORECASE)
# A gaze held where it is ("holds his gaze on the camera", "keeps her eyes on him").
_HELD_GAZE = re.compile(rf"^(?:(?:for|after|at|in|with|without|on|then|now)\s+(?:[\w'-]+\s+){{0,4}}?(?={PRONOUN}\s))?"
                        rf"{_SUBJECT}{_ADVERB}(?:(?:hold|holds|held|holding)\s+{POSSESSIVE}\s+(?:gaze|stare|"
                        r"look|eye\s+contact|pose|position)\b(?!\s+(?:up|down|left|right|lowered|raised|averted)\b)|"
                        rf"(?:keep|keeps|kept|keeping)\s+{POSSESSIVE}\s+(?:gaze|eyes|head)\s+"
                        r"(?:steady|fixed|level|still|where\s+(?:it|they)\s+(?:is|are|was|were))\b)", re.IGNORECASE)
# "look" as "seem", with how the character seems ("look as puzzled as you can", "she looks very pleased", "looking
# faintly amused"): a feeling, no way for the head to go.
_LOOKS_A_FEELING = re.compile(r"\blook(?:s|ed|ing)?\s+(?:(?:as|so|very|really|quite|rather|too|more|less|a\s+(?:bit|little|"
                              r"touch)|kind\s+of|kinda|sort\s+of|genuinely|truly|totally|visibly|properly|suitably|"
                              r"slightly|faintly|mildly|\w+ly)\s+)*(?!(?:up|down|left|right|away|around|round|over|back|"
                              r"ahead|forward|straight|sideways|askance|directly|closely|hard|at|to|into|out|through|"
                              r"toward|towards|in|on|for|behind|across|past|about|under|along|upward|downward)\b)"
                              r"(?:curious|sad|happy|angry|calm|bored|scared|afraid|nervous|upset|lost|sure|unsure|sorry|"
                              r"glad|sick|ill|pale|grim|sullen|stern|serious|proud|shy|smug|wary|weary|sleepy|content|"
                              r"relaxed|alert|keen|eager|anxious|[a-z]+(?:ed|ous|ful|ive|ish|less|ible|able))\b"
                              r"(?!\s+(?:at|to|toward|towards|into|over|around|round|up|down|left|right|away)\b)",
                              re.IGNORECASE)
# A gaze on a thing for a length of time, no direction said ("studies the map for a long moment").
# … and thinking or listening for a length of time ("considers the question for a second").
_GAZE_FOR_A_WHILE = re.compile(rf"^{_SUBJECT}{_ADVERB}(?:star(?:e|es|ed|ing)|gaz(?:e|es|ed|ing)|watch(?:es|ed|ing)?|"
                               r"stud(?:y|ies|ied|ying)|regard(?:s|ed|ing)?|contemplat(?:e|es|ed|ing)|"
                               r"consider(?:s|ed|ing)?|think(?:s|ing)?|thought|ponder(?:s|ed|ing)?|weigh(?:s|ed|ing)?|"
                               r"reflect(?:s|ed|ing)?|mull(?:s|ed|ing)?|wonder(?:s|ed|ing)?|listen(?:s|ed|ing)?)\b",
                               re.IGNORECASE)
# "looks down on everyone": scorn, not a direction
_LOOKS_DOWN_ON = re.compile(r"\blook(?:s|ed|ing)?\s+down\s+on\s+(?:everyone|everybody|him|her|them|people|others|us|me|"
                            r"the\s+(?:others|rest))\b", re.IGNORECASE)
_A_WHILE = re.compile(FOR_A_WHILE, re.IGNORECASE)
_SIDE_WORD = re.compile(r"\b(?:left|right|up|upward|down|downward|above|below|overhead|floor|ground|sky)\b",
                        re.IGNORECASE)
# What happened before the shot, in the past perfect of a lasting state ("All through the argument he had kept
# his head lowered, but now …", "He had been staring at the phone for an hour").
_BACKSTORY = re.compile(rf"^(?:[\w'-]+\s+){{0,6}}?{_SUBJECT}(?:had\s+(?:been\s+\w+ing|kept|stayed|remained|held|sat|"
                        r"stood|spent))\b", re.IGNORECASE)
# Opening participles of perceiving or realising: the moment is set, the head has not moved yet.
_PERCEIVING = re.compile(r"^(?:sensing|hearing|noticing|realising|realizing|feeling|smelling|seeing|spotting|"
                         r"recognising|recognizing|remembering|catching\s+sight|becoming\s+aware|aware)\b",
                         re.IGNORECASE)
# Perceiving as the verb ("…, sees him, and smiles"): the eyes take something in; the head is not said to move.
_PERCEIVES = re.compile(rf"^{_SUBJECT}{_ADVERB}(?:sees|saw|hears|heard|notices|noticed|spots|spotted|recogni[sz]es|"
                        r"recogni[sz]ed|smells|smelled|smelt|senses|sensed)\b(?!.*\b(?:turn|look|glanc|nod|shak|tilt|lean)\w*)",
                        re.IGNORECASE)
# … and said to "you" ("You hear a noise to your right and snap your head round": where the sound is, not a move).
_PERCEIVE_BARE = re.compile(r"^(?:you|i|we|they)\s+(?:\w+ly\s+)?(?:see|hear|notice|spot|recogni[sz]e|smell|sense)\b"
                            r"(?!.*\b(?:turn|look|glanc|nod|shak|tilt|lean)\w*)", re.IGNORECASE)
# Hands busy with a thing, no head part named: pushing, putting down, picking up, handing over.
_HANDS = re.compile(rf"^{_SUBJECT}{_ADVERB}(?:push|pushes|pushed|pushing|put|puts|putting|set|sets|setting|"
                    r"pick|picks|picked|picking|hand|hands|handed|handing|place|places|placed|placing|slide|slides|"
                    r"slid|sliding|grab|grabs|grabbed|grabbing|reach|reaches|reached|reaching|drop|drops|dropped|"
                    r"dropping|toss|tosses|tossed|tossing|close|closes|closed|closing|open|opens|opened|opening|"
                    r"fold|folds|folded|folding|wipe|wipes|wiped|wiping|flip|flips|flipped|flipping|leaf|leafs|"
                    r"leafed|thumb|thumbs|thumbed|stir|stirs|stirred|stirring)\s+(?:up\s+|down\s+|out\s+|for\s+|"
                    r"through\s+)?(?:the|a|an|his|her|their|my|your|its|some)\s+(?!head\b|chin\b|face\b|gaze\b|"
                    r"eyes\b|neck\b|(?:\w+\s+)?(?:look|glance|peek|glimpse)\b)|"
                    # turning a page or a key, tipping a hat: the hands, not the head
                    rf"^{_SUBJECT}{_ADVERB}(?:turn|turns|turned|turning)\s+(?:over\s+)?(?:the|a|an|his|her|their|my|"
                    r"your)\s+(?:\w+\s+)?(?:page|pages|card|cards|key|knob|handle|paper|sheet|wheel|dial|glass|cup)\b|"
                    rf"^{_SUBJECT}{_ADVERB}(?:tip|tips|tipped|tipping|doff\w*|touch\w*|lift\w*|rais\w*|lower\w*)\s+(?:his|her|"
                    r"their|your|my|the|a)\s+(?:\w+\s+)?(?:hat|cap|helmet|glass|visor|hood|veil|mask|glasses|binoculars|"
                    r"rifle|gun|pistol|weapon|sword|shield|hand|hands|arm|arms|newspaper|book|phone|camera)\b|"
                    # sitting or kneeling down: the body, not the head
                    rf"^{_SUBJECT}{_ADVERB}(?:sits?|sat|sitting|kneels?|knelt|kneeling|crouch(?:es|ed|ing)?|squats?|"
                    r"squatted|squatting|lies|lay|lying|slumps?|slumped|slumping)\s+(?:back\s+)?down\b|"
                    # walking: stepping away, backing off down a path or toward a door
                    rf"^{_SUBJECT}{_ADVERB}(?:steps?|stepped|stepping|walks?|walked|walking|moves?|moved|moving)\s+"
                    r"(?:away|off|aside|out|back|forward|across|over|inside|outside)\b|"
                    rf"^{_SUBJECT}{_ADVERB}(?:cross(?:es|ed|ing)?|walks?|walked|walking|strides?|strode|wanders?|"
                    r"wandered|rose|rises|rising|gets\s+up|got\s+up|stands\s+up|stood\s+up)\s+(?:to|toward|towards|into|"
                    r"across|over|from|out\s+of|up\s+to|the\s+room|the\s+floor|the\s+street)\b|"
                    rf"^{_SUBJECT}{_ADVERB}(?:backs|backed|backing)\s+(?:away\s+)?(?:towards?|to|down|out|into|"
                    r"across|up|along|through|off)\b",
                    re.IGNORECASE)


# Freezing, stopping dead, going still: the whole person stops, the head holds ("Tomas froze", "went very still").
_FREEZES = re.compile(rf"^{_SUBJECT}{_ADVERB}(?:(?:just|suddenly|instantly|completely)\s+)?(?:freez(?:e|es|ing)|froze|"
                      r"(?:stops?|stopped|stopping)\s+dead|(?:go|goes|went|going|stays?|stayed|stand|stands|stood)\s+"
                      r"(?:(?:very|completely|perfectly|absolutely|stock)\s+)?(?:still|rigid|motionless|stock-still))\b",
                      re.IGNORECASE)
# The rest pose named alone ("Neutral again, please", "back to centre", "- relax -" or "reset" in a list of steps): a return.
_REST_ALONE = re.compile(r"(?:(?:and|then|now)\s+)?(?:(?:back|return)\s+)?(?:to\s+)?(?:neutral|cent(?:re|er)|rest)"
                         r"(?:\s+(?:again|please|position|pose))*|(?:(?:and|then|now)\s+)?relax(?:es|ed)?(?:\s+again)?|"
                         # a shot note's return said as a noun with its pace ("quick in, smooth return", "an easy return")
                         r"(?:(?:and|then|now)\s+)?(?:(?:a|an|the)\s+)?(?:(?:slow|slower|quick|quicker|fast|faster|smooth|"
                         r"gentle|soft|easy|snappy|gradual|lazy|sharp)\s+)?return(?:\s+to\s+(?:front|camera|the\s+front))?|"
                         # an animation list's "reset" ("tilt_R, nod, reset"): back to the rest pose
                         r"(?:(?:and|then|now)\s+)?reset(?:s|ting)?(?:\s+(?:the\s+)?head)?(?:\s+(?:to\s+)?(?:neutral|cent(?:re|er)|"
                         r"rest|idle|default)(?:\s+(?:position|pose))?)?",
                         re.IGNORECASE)
# Saying nothing, not a word: a silence ("said nothing at all").
_SAYS_NOTHING = re.compile(rf"^(?:[\w'-]+\s+){{0,5}}?{_SUBJECT}{_ADVERB}(?:says?|said|saying)\s+(?:nothing|not\s+a\s+word)\b",
                           re.IGNORECASE)
# Wagging, wobbling, bobbling the head: a wag (a finger or a tail is no head).
_WAGS = re.compile(rf"^{_SUBJECT}{_ADVERB}(?:wag|wags|wagged|wagging|wobbl\w*|bobbl\w*|waggl\w*|wiggl\w*|jiggl\w*)\b"
                   r"(?!\s+(?:a|an|the|his|her|their|its|one|your|my)\s+(?!head\b)\w+)|"
                   rf"\b(?:wag|wags|wagged|wagging|wobbl\w*|bobbl\w*|waggl\w*|wiggl\w*|jiggl\w*)\s+{POSSESSIVE}\s+head\b",
                   re.IGNORECASE)
# A stare into nothing ("staring forward", "stares straight ahead", "gazes into space"): the head holds.
_STARES_AHEAD = re.compile(rf"^{_SUBJECT}{_ADVERB}(?:star(?:e|es|ed|ing)|gaz(?:e|es|ed|ing))\s+(?:\w+ly\s+)?"
                           r"(?:straight\s+)?(?:ahead|forward|into\s+(?:space|the\s+distance|nothing|the\s+void))\b",
                           re.IGNORECASE)
# Bursting out laughing or crying: the face and the breath, not the head.
_BURSTS_OUT = re.compile(r"\bburst(?:s|ing)?\s+(?:out\s+(?:laughing|crying|sobbing|giggling)|into\s+(?:laughter|tears|"
                         r"giggles|sobs))\b", re.IGNORECASE)
# Nodding off is falling asleep, not a nod.
_NODS_OFF = re.compile(r"\bnod(?:s|ded|ding)?\s+off\b", re.IGNORECASE)
# Dipping the head or chin is a small nod ("dips his head in greeting").
_DIPS = re.compile(rf"^{_SUBJECT}{_ADVERB}{DIPS_HEAD}", re.IGNORECASE)
# The body trembling, not the head shaking ("shaking with rage", "Pale and trembling", "shivering all over").
_TREMBLING = re.compile(rf"^{_SUBJECT}{_ADVERB}(?:shak(?:e|es|ing)|shook|trembl\w*|quiver\w*|shiver\w*|shudder\w*)\s+"
                        r"(?:all\s+over|with\s+(?!(?:a|an|the|his|her|their)\b)\w+|from\s+(?:the\s+)?\w+|like\s+a\s+leaf)\b|"
                        r"^(?:\w+\s+and\s+)(?:shaking|trembling|shivering|quivering)$|"
                        # a tremble named alone ("a faint tremor", "tiny shiver"): the body's fright, not a headshake
                        r"^(?:(?:a|an|some)\s+)?(?:(?:tiny|slight|small|little|faint|light|visible|nervous)\s+)*"
                        r"(?:trembl(?:e|es|ing)|tremors?|shivers?|shivering|shudders?|quivers?|quivering)$", re.IGNORECASE)
# A part of the face as the object ("wrinkles her nose at the plate", "narrows his eyes", "purses her lips"): the
# face moves, not the head.
_FACE_PART = re.compile(rf"^{_SUBJECT}{_ADVERB}(?:wrinkl|purs|bit|bite|lick|narrow|widen|arch|furrow|knit|knot|roll|"
                        r"screw|curl|bar|grit|clench|flar|pucker|press|squeez|scrunch|crinkl)\w*\s+(?:up\s+)?"
                        rf"(?:{POSSESSIVE}|an|one)\s+(?:\w+\s+)?(?:nose|lips?|eyes|eyebrows?|brows?|teeth|jaw|"
                        r"nostrils|mouth|forehead)\b|"
                        # a face verb with no head word ("squinting through the windscreen", "blinks twice")
                        rf"^{_SUBJECT}{_ADVERB}(?:squint\w*|blink\w*|wink\w*|pout\w*|sniff\w*|yawn\w*|sneez\w*)"
                        # … or a direction ("squints up at the clouds" looks up)
                        r"(?!.*\b(?:head|chin|neck|turn\w*|look\w*|nod\w*|shak\w*|tilt\w*|glanc\w*|up|upward|down|"
                        r"downward|skyward|left|right|sideways|round|around|about)\b)", re.IGNORECASE)
# A thing or a part of the body that does not carry the head, doing something beside the motion, or only the eyes
# moving ("his cap almost falling off", "a flush creeping up her neck", "only his eyes followed her"): its up or
# down is not the head's.
# ("his head is falling": the head, then a verb, is no thing beside it)
_NOT_A_THING = r"(?!(?:head|chin|face|neck|gaze|eyes|body|whole|nose)\b)"
_THING_ABSOLUTE = re.compile(rf"^(?:(?:his|her|their|my|your|a|an)\s+(?:{_NOT_A_THING}[\w'-]+\s+)?{_NOT_A_THING}"
                             r"[a-z'-]+\s+(?:\w+ly\s+)?(?!(?:nodding|shaking|turning|tilting|"
                             r"looking|glancing|leaning)\b)[a-z]+ing\b|(?:but\s+|and\s+)?only\s+(?:his|her|their|my|"
                             r"your|the)\s+eyes\b)", re.IGNORECASE)
# Hands busy with "it" ("pushes it away", "sets them down"): the thing, not the head ("shook it" stays the head).
_HANDS_ON_IT = re.compile(rf"^{_SUBJECT}{_ADVERB}(?:push(?:es|ed|ing)?|sets?|setting|puts?|putting|hand(?:s|ed|ing)?|"
                          r"slid(?:e|es|ing)?|toss(?:es|ed|ing)?|grab(?:s|bed|bing)?|pick(?:s|ed|ing)?)\s+(?:it|them)\b",
                          re.IGNORECASE)


# The motion classes a fixed reading can name.
NAMED = ("hold", "nod", "wag", "return", "turn", "look_up", "look_down", "tilt", "lean_forward", "lean_back", "glance",
         "look_around", "recoil")


# A director's note on how much the head moves, with no move of its own ("Less head", "a bit more head", "less of
# the head, please"): the size of the step it is said beside, not a step.
_SIZE_NOTE = re.compile(r"^(?:(?:just|a\s+(?:bit|touch|little|tad|lot)|bit|much|way|even)\s+)?(?:less|more|too\s+much|"
                        r"not\s+(?:so|as|that)\s+much)\s+(?:of\s+(?:the|your|his|her|their)\s+)?(?:head|neck)"
                        r"(?:\s+(?:movement|motion|move))?(?:\s+(?:please|pls|now|this\s+time))?[.!]*$", re.IGNORECASE)
# Notes about the head's motion, named as a noun ("head notes", "the owl's head movements should read as wary", "Her
# head moves must feel heavy"): a heading or how every move goes, not a move ("Her head moves to the left" is one).
_HEAD_MOTION_NOTE = re.compile(r"^(?:(?:need|needs|some|a\s+few|more|quick|my|our|the|his|her|their|its|your)\s+)*"
                               r"(?:[\w-]+(?:\s+[\w-]+)?(?:'s|\u2019s)\s+)?(?:head|neck)[\s-]+(?:"
                               r"(?:notes?|animation|movements?|motions?)(?:\s+(?:please|pls))?[.!:]*$|"
                               r"(?:notes?|animation|moves|movements?|motions?)\s+(?:should|must|needs?|could|can|would|will|are|"
                               r"were|feel|look|read|seem)\b)", re.IGNORECASE)
# The head's motion as a whole, judged or asked to change ("can we get the head motion toned down", "make the head
# movement calmer"): how every move goes; no move of its own where no other motion is named.
_HEAD_MOTION_JUDGED = re.compile(r"\b(?:the|his|her|their|its|all\s+the)\s+head\s+(?:motion|movements?|moves|animation)\s+"
                                 r"(?:(?:cleaned|toned|dialled|dialed|smoothed|tidied|calmed|softened|reduced|simplified|fixed|"
                                 r"tightened|slowed|sped)\b(?:\s+(?:up|down|back|out)\b)?|(?:a\s+(?:bit|lot|little|touch)\s+)?(?:cleaner|smaller|bigger|tidier|"
                                 r"simpler|calmer|smoother|subtler|softer|slower|faster|lighter)\b)", re.IGNORECASE)
# A motion of the take said by its noun to stay in it ("The tilt stays.", "that slow nod can stay", "the glance up
# remains as is"): the step kept, no hold ("her head stays there" is one; "the tilt should stay while she nods" asks
# for the pose held, left to the reader).
_NOUN_STAYS = re.compile(rf"^(?:(?:and|but|so|also)\s+)*(?:the|that|this|his|her|their|both)\s+(?:[\w-]+\s+){{0,2}}?"
                         rf"{MOTION_NOUN}(?![\w-])(?:\s+(?:left|right|up|down|back|forward))?\s+"
                         r"(?:stays|can\s+stay|remains|can\s+remain|is\s+staying)"
                         r"(?:\s+(?:in|as\s+is|as\s+it\s+is|the\s+same|unchanged))?[.!]*$", re.IGNORECASE)
# The rest of the take kept as it is ("… stays as it is", "everything else can stay the same", "the rest remains
# unchanged"): no hold ("stays there" is one).
_STAYS_AS_IT_IS = re.compile(r"^(?:(?:and|but|so|also)\s+)*(?:(?:everything|all|the\s+rest|it|that|this)(?:\s+[\w'-]+){0,4}?\s+)?"
                             r"(?:stays|stay|can\s+stay|should\s+stay|remains|can\s+remain)\s+(?:as\s+(?:it\s+|they\s+)?(?:is|are|was|were)|"
                             r"unchanged|the\s+same|as\s+written|as\s+blocked)[.!]*$", re.IGNORECASE)
# Which side, asked as two sides ("its left or camera left?", "is that stage right or his right"): a question on
# the side of a step said, answered after it; no step of its own.
_WHOSE = r"(?:(?:to\s+)?(?:his|her|their|your|my|its|camera|screen|frame|stage|house)\s+)?(?:own\s+)?"
_SIDE_ASKED = re.compile(rf"^(?:(?:so|and|but|wait|is\s+(?:it|that)|which,?|you\s+mean|do\s+you\s+mean)\s+)*{_WHOSE}"
                         rf"(?:left|right)\s+or\s+{_WHOSE}(?:left|right)(?:\s+side)?\??$", re.IGNORECASE)
# A look around said again as a sweep after it ("looks round the hall, one slow sweep, then …", "(a single sweep, no
# more)"): how the look around goes, no step (nor a pause) of its own. Opening a sentence it is read as written.
_A_SWEEP = re.compile(r"^(?:(?:and|then)\s+)?(?:a|an|one|another)\s+(?:[\w-]+\s+)?sweep"
                      r"(?:\s+of\s+the\s+(?:room|hall|crowd|street|square|yard|horizon|cave|area|place))?$", re.IGNORECASE)
# A call on the set to start the take again from the first marks ("Back to one.", "OK, back to first positions"):
# the crew reset, not the head going back.
_BACK_TO_ONE = re.compile(r"^(?:(?:ok(?:ay)?|right|alright|and|so|everyone|folks|people)\s*,?\s+)*(?:go(?:ing)?\s+)?back\s+to\s+"
                          r"(?:one|ones|number\s+one|(?:your\s+|our\s+)?(?:first|starting|opening)\s+(?:positions?|marks?))"
                          r"(?:\s*,?\s*(?:please|pls|everyone|folks))?[.!]*$", re.IGNORECASE)
# What a side means, said to the actor ("stage left is your left", "camera right means your left"): which way a
# later move goes, not a move.
_SIDE_DEFINED = re.compile(r"^(?:(?:remember|so|ok|okay)\s+)?(?:stage|camera|screen|frame|house|audience)\s+(?:left|right)\s+"
                           r"(?:is|means|=)\s+(?:your|his|her|their|my|the\s+\w+'s)\s+(?:own\s+)?(?:left|right)\b",
                           re.IGNORECASE)


# Where a thing or someone is ("…, that's on your right", "the door is to her left"): which way a later move goes,
# not a move (the head's own pose, "her head is to the left", is one).
# Asked too ("Is the lamp on her right?"): the answer that follows moves to it.
_THING_PLACED = r"(?:that|it|this|which|he|she|they|(?:the|a|an)\s+(?!(?:head|face|chin|gaze|eyes)\b)[\w'-]+(?:\s+[\w'-]+)?)"
_PLACED_ON_A_SIDE = re.compile(r"^(?:(?:and|so|which)\s+)?(?:(?:in|for)\s+(?:this|the)\s+[\w'-]+\s*,?\s+)?"   # ("in this test, …")
                               rf"(?:{_THING_PLACED}(?:'s|'re|\s+is|\s+was|\s+are|\s+were|\s+sits|\s+stands)|"
                               rf"(?:is|are|was|were)\s+{_THING_PLACED})\s+(?:just\s+|off\s+|over\s+|out\s+)?(?:on|to)\s+"
                               r"(?:your|his|her|their|my|the|(?:the\s+)?[\w-]+'s)\s+(?:left|right)(?:\s+side)?"
                               r"(?:\s+of\s+[\w'-]+)?[.!]*$", re.IGNORECASE)


# A motion only supposed, in the past of what did not happen ("If she nodded here it would read as agreeing", "had he
# shaken his head, …", "were she to turn away"): an option weighed, not a step. A condition in the present ("If the
# door opens, look left") is a behaviour's rule, and stays a step.
_SUPPOSER = rf"(?:{PRONOUN}|it|(?:the|his|her|their)\s+[\w'-]+|(?-i:[A-Z][a-z]+))\s+"
_SUPPOSED = re.compile(rf"^(?:(?:and|but|so|even)\s+)?(?:if\s+{_SUPPOSER}(?:(?:only|ever|just)\s+)?(?:had\s+\w+|did\s+\w+|"
                       rf"were\s+to\s+\w+|\w+ed|{'|'.join(IRREGULAR_PASTS)})\b|"
                       rf"had\s+{_SUPPOSER}(?:\w+ed|\w+en|{'|'.join(IRREGULAR_PASTS)})\b|were\s+{_SUPPOSER}to\s+\w+)(?!.*\?\s*$)",
                       re.IGNORECASE)


# A motion of an earlier plan or version, told by the writers ("We had talked about a nod at the end", "I was going
# to add a tilt", "Originally we had him turning away", "Earlier cuts had her shaking her head", "At first I thought
# he should look up, but …"): the take as it was or might have been, not the final one (the guide's rule 7). The
# plan as it stands now ("We want a nod", "The current take has him nod") is left to the reader.
_EARLIER = r"(?:originally|previously|initially|earlier|before|at\s+first|first|once)"
_EARLIER_PLAN = re.compile(
    rf"^(?:(?:and|but|so|also)\s+)*(?:"
    # the writers weighing an option ("we discussed a nod", "we toyed with a tilt") or asking before for what they no
    # longer want ("I'd asked for a look around"; "I asked for a wag and got a shake" still wants the wag)
    rf"(?:{_EARLIER}\s*,?\s+)?(?:we|i)\s+(?:(?:had|'d)\s+)?(?:(?:also|already|{_EARLIER})\s+)?(?:discussed|talked\s+about|"
    r"considered|tried(?:\s+out)?|planned|pitched|proposed|suggested|toyed\s+with|played\s+with|experimented\s+with|"
    r"thought\s+about)\s+(?:(?:a|an|the|that|this|some|having|adding|giving|putting|doing)\b|(?:him|her|them|it)\s+\w+ing\b)|"
    rf"(?:we|i)\s+(?:had|'d)\s+(?:(?:also|already|{_EARLIER})\s+)?(?:asked\s+for|requested|wanted|blocked(?:\s+in)?|animated)\s+"
    r"(?:a|an|the|that|this|some|him|her|them|it)\b|"
    # a plan given up: "was going to add a small nod", "we were gonna have him turn"
    r"(?:(?:we|i)\s+)?(?:was|were)\s+(?:going\s+to|gonna)\s+(?:add|have|give|put|do|try|use|keep)\b|"
    # what an earlier version had: "we previously had a head tilt", "originally we also had it turning away"
    rf"(?:we|i)\s+(?:(?:also|{_EARLIER})\s+)*{_EARLIER}\s+had\s+(?:a|an|the|him|her|them|it)\b|"
    rf"{_EARLIER}\s*,?\s+(?:we|i)\s+(?:also\s+)?had\s+(?:a|an|the|him|her|them|it)\b|"
    # a mind changed: "at first I thought she should look up"
    rf"{_EARLIER}\s*,?\s+(?:we|i)\s+(?:thought|figured|wanted|felt)\b|"
    # an earlier version as the subject: "Earlier drafts had her shaking her head", "the older version had a glance"
    r"(?:the\s+|our\s+|an?\s+)?(?:previous|earlier|old|older|original|first|prior|last)\s+(?:drafts?|versions?|takes?|cuts?|"
    r"pass(?:es)?|edits?|builds?|iterations?|animatics?|blocking|layouts?|rounds?)\s+(?:had|showed|used|included|did)\b)",
    re.IGNORECASE)


# A comparison said with "the way" after a motion ("…, the way a heron eyes the water", "just the way old men nod at
# chess"): how the motion before goes, as a "like" clause is (`clauses.py`), not a motion of its own. Opening its
# sentence it is the subject ("The way she looks up at him says it all"), left to the reader.
_THE_WAY = re.compile(r"^(?:(?:and|just|much|rather|exactly|almost|kind\s+of|sort\s+of)\s+)*(?:in\s+)?the\s+way\s+(?:that\s+)?"
                      r"(?:a|an|the|some|one|he|she|they|you|we|people|[a-z]+s)\s+(?:[\w'-]+\s+){0,2}?"
                      r"(?:\w+s|would|does|do|did|might|will|can|used\s+to)\b", re.IGNORECASE)


def places_on_a_side(text: str) -> bool:
    """"that's on your right", "the door is to her left": where something is, no move."""
    return bool(_PLACED_ON_A_SIDE.match(text.strip()))


def after_a_while(clause: Clause) -> bool:
    """"after a beat", "then, after a long moment": a pause of its own before what follows."""
    return bool(_AFTER_A_WHILE.match(clause.source.strip()))


def defines_a_side(text: str) -> bool:
    """"stage left is your left": what a side means, so its sides are no step's."""
    return bool(_SIDE_DEFINED.match(text.strip()))


def fixed_reading(clause: Clause) -> str:
    """One of `NAMED` (the words name the motion outright), "none" (no head motion, whatever the words sound like)
    or "" (read by meaning)."""
    text = RESULT_CUT.sub(r"\1", clause.text.strip())   # "leans in so close that she steps back": the lean
    if clause.marker == "manner" or clause.speech:
        return "none"
    if clause.participle and _PERCEIVING.match(text):
        return "none"
    if not_the_head(text) or (clause.opening and not clause.last and back_in_a_place(text)):
        return "none"   # "gets up", "holds the baby", "looks forward to it": the words' motion is not the head's
    if about_the_work(clause.source) or about_the_work(text):
        return "none"   # "Make the clip 6 seconds long", "wrong window": the work, not the character
    if _HANDS.match(text) or _NODS_OFF.search(text) or _BURSTS_OUT.search(text) or _LOOKS_DOWN_ON.search(text) or _PERCEIVES.match(text) or _PERCEIVE_BARE.match(text) or _HANDS_ON_IT.match(text):
        return "none"
    if ((_TREMBLING.match(text) or _FACE_PART.match(text)) and not re.search(r"\b(?:head|no)\b", text, re.IGNORECASE)
            and not re.search(r"\b(?:left|right)\b", text, re.IGNORECASE)):
        return "none"   # the body trembles, the face moves: the head does not
    if _GAZE_FOR_A_WHILE.match(text) and _A_WHILE.search(text) and not _SIDE_WORD.search(text):
        return "hold"   # "studies the painting for a long moment": the head stays where it is
    if any(p.match(text) for p in (_THING_ABSOLUTE, _SIZE_NOTE, _HEAD_MOTION_NOTE, _NOUN_STAYS, _STAYS_AS_IT_IS,
                                   _BACK_TO_ONE, _SIDE_ASKED, _SIDE_DEFINED, _PLACED_ON_A_SIDE)):
        # ("Less head": a size; "head notes": a heading; "the tilt stays": kept; "Back to one": the crew's reset;
        # "its left or camera left?": a side asked; "stage left is your left": a side's meaning)
        return "none"
    if _A_SWEEP.match(text) and not clause.opening:
        return "none"   # "…, one slow sweep": the look around before it, said again
    if _HEAD_MOTION_JUDGED.search(text) and not _MOVING_WORD.search(_HEAD_MOTION_JUDGED.sub(" ", text)):
        return "none"   # "and the head motion toned down": how the moves go
    if _LOOKS_A_FEELING.search(text) and not _MOVING_WORD.search(_LOOKS_A_FEELING.sub(" ", text)):
        return "none"   # "and look as puzzled as possible": how the character seems
    if _BACKSTORY.match(text):
        return "none"   # "he had kept his head lowered": what happened before the shot
    if _EARLIER_PLAN.match(text) or _EARLIER_PLAN.match(clause.source.strip()):
        return "none"   # "we had talked about a nod at the end": a plan given up ("First, I thought …": its source)
    if _THE_WAY.match(text) and not clause.opening:
        return "none"   # "…, the way a cat tilts its head": a comparison
    if _SUPPOSED.match(text):
        return "none"   # "if he turned away it would feel cold": what did not happen
    if _WAGS.match(text):
        return "wag"   # "wag", "bobbles his head": to and fro, whatever the sentence vector makes of the word
    if _DIPS.match(text):
        return "nod"   # "dips his chin": a small nod, however the sentence vector reads the rest
    if _POSED_WITH_HEAD_DOWN.match(text):
        return "look_down"   # "she kneels with her head bowed": the pose, not the kneeling
    if _REST_ALONE.fullmatch(text):
        return "return"   # "Neutral again, please."
    if _SAYS_NOTHING.match(text) and not _MOVING_WORD.search(text):
        return "hold"   # "For a long time the old man said nothing": a silence is a pause
    if fixed_motion(text) == "look_around":
        return "look_around"   # "her gaze swept the room": the eyes go round a place, no stare
    if _STARES_AHEAD.match(text) or stares_without_direction(text):
        return "hold"   # "staring forward", "glares at him": the eyes on something, the head still
    if _FREEZES.match(text) and not _MOVING_WORD.search(text):
        return "hold"   # "Tomas froze", "then she goes very still"
    if _BACK_TO_LEVEL.search(text):
        return "return"   # "raises her head level again": back to the front, not a head kept level
    if after_a_while(clause):
        return "hold"   # "After a beat, he turns": the beat, then the turn
    if _KEEP_THE_MANNER.match(text):
        return "none"   # "Keep it slow": how the moves go, not a hold
    if _WAITS_SOMEWHERE.match(text) and not _A_WHILE.search(text) and not _MOVING_WORD.search(text):
        return "none"   # "Ravi waits at the kerb": where he is as the scene stands, no pause
    if _PAUSE_VERB.match(text) or (_PAUSE_WORD.search(text) and not _MOVING_WORD.search(text)) or _PAUSE_IDIOM.search(text) or _STILL_HEAD.search(text) or _HELD_GAZE.match(text) or _STAYS_IN_POSE.search(text) or _STAYS_THERE.match(text):
        return "hold"
    # "looks away", "her head sags", "straightens up" (`fixed_directions.py`); "her chin dips", "cuts her eyes left"
    # (`fixed_motions.py`)
    return fixed_direction(text) or fixed_motion(text)
