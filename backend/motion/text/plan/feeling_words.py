"""Where the words of a clause name a feeling in ways the encoder cannot be trusted with, read literally:

- set phrases whose words mean something else ("over the moon", "sees red", "looks down her nose at"): `idiom`;
- a feeling word that is not the character's: one negated ("without a smile", "not angrily"), one that
  describes a thing or someone else ("the angry customer", "a blank page", "the stormy sea"), and words that are
  feelings only in some uses ("a mad dash", "tears open the letter", "crosses the road"): `blocked_words`.

The rest of a clause is read by meaning (`clause_reading.py`, prototypes in `prototypes.py`)."""

from __future__ import annotations

import re

_P = r"(?:his|her|their|my|your|one's|its)"
# A note asks for the sign rather than telling it ("her eyebrows should shoot up"): the sign all the same.
_ASKED = r"(?:(?:should|must|needs? to|has to|have to|will|can|could) )?"

# Set phrases per feeling: each is a regular expression over the clause's lowercased words.
IDIOMS: dict[str, tuple[str, ...]] = {
    "happy": (
        r"over the moon", r"on cloud nine", r"on top of the world", r"in (?:seventh|7th) heaven", r"walking on air",
        r"tickled pink", r"pleased as punch", r"happy as a (?:clam|lark|sandboy)", r"jump(?:s|ed|ing)? for joy",
        r"in (?:high|good|great) spirits", r"in a (?:good|great|happy|cheerful) mood",
        r"like a cheshire cat", r"burst(?:s|ing)? out laughing", r"crack(?:s|ed|ing)? up laughing",
        r"(?:break|breaks|broke|breaking) into a (?:\w+ )?(?:smile|grin)", r"crack(?:s|ed|ing)? a (?:\w+ )?(?:smile|grin)",
        r"(?:can't|cannot|couldn't) stop (?:smiling|grinning|laughing)", r"beside (?:him|her|them)sel(?:f|ves) with joy",
        r"(?:smile|grin)s? (?:spreads?|spread|breaks?|broke) (?:across|over|on)",
        r"(?:face|eyes) (?:lit|lights|light|lighting) up", r"tears of (?:joy|laughter|happiness|mirth)",
        r"(?:laugh|laughs|laughed|laughing) (?:until|till|so hard|so much)\b(?: \w+){0,4}? (?:tears|cries|cried|cry)",
        r"(?:cries|cried|crying|weeps|wept|weeping) with (?:laughter|joy|happiness)", r"happy tears",
        # relief is happy (the guide's rule 17): "she's relieved", "sags with relief", "a sigh of relief"
        r"relieved(?! of)", r"relievedly", r"(?:with|in|of|from) (?:sheer |such |pure |great |huge )?relief",
        # Mirth held in is still mirth ("tries not to laugh", "bites back a grin", "stifles a giggle").
        r"(?:tries|tried|trying|try|struggles|struggled|struggling|fights|fought|fighting) (?:\w+ )?(?:hard )?not to "
        r"(?:laugh|smile|grin|giggle|chuckle)",
        r"(?:fights?|fought|fighting|bites?|bit|biting|holds?|held|holding) back (?:a |the |" + _P + r" )?(?:\w+ )?"
        r"(?:smile|grin|laugh|giggle|laughter|chuckle)",
        r"(?:suppress|suppresses|suppressed|suppressing|stifles?|stifled|stifling|hides?|hid|hiding|smothers?|smothered|"
        r"smothering) (?:a |the |" + _P + r" )?(?:\w+ )?(?:smile|grin|laugh|giggle|laughter|chuckle)",
    ),
    # A smile is happy unless the word before it says otherwise (in `_SMILES` below).
    "sad": (
        r"down in the (?:dumps|mouth)", r"with a heavy heart", r"a lump in " + _P + r" throat", r"on the verge of tears",
        r"(?:close|near) to tears", r"(?:fight|fights|fought|fighting|hold|holds|held|holding|blink|blinks|blinked|"
        r"blinking) back (?:the |" + _P + r" )?tears", r"burst(?:s|ing)? into tears", r"heart (?:breaks|broke|breaking|sinks|sank)",
        r"in low spirits", r"(?:eyes|eye) (?:well|wells|welled|welling|fill|fills|filled|filling|brim|brims|brimmed|"
        r"brimming) (?:up|with tears)", r"face (?:crumples|crumpled|crumpling|falls|fell)",
        # eyes that fill, said with nothing after ("her chin shakes, the eyes fill"; "and his eyes filled.")
        r"(?:eyes|eye) (?:fill|fills|filled|filling|brim|brims|brimmed|brimming)(?=\s*(?:$|[,.;:!?]|and\b|then\b|as\b))",
        r"cho(?:ke|kes|ked|king) back (?:a |" + _P + r" )?(?:sob|tears)", r"tears? (?:roll|rolls|rolled|rolling|stream|streams|"
        r"streamed|streaming|run|runs|ran|running|trickle|trickles|trickled|spill|spills|spilled) down",
        r"(?:lip|chin) (?:wobbles|wobbled|wobbling|quivers|quivered|quivering|crumples)",
        r"eyes (?:(?:are|were|is|grow|grew|go|went|growing|going) )?(?:wet|moist|misty|glassy with tears)", r"wet[- ]eyed",
        r"(?:sad|wan|weak|rueful|bittersweet|watery|tearful|brave|melancholy|wistful|pained|sorrowful|mournful) "
        r"(?:little |half-)?(?:smile|smiles)",
    ),
    "surprised": (
        r"(?:jaw|mouth) (?:drops|dropped|dropping|falls|fell|falling|hangs|hung|hanging) open",
        r"(?:jaw|mouth) (?:drops|dropped|dropping)", r"(?:does|did|doing) a double[- ]take", r"taken aback",
        r"caught (?:off guard|unawares|by surprise)", r"taken by surprise", r"(?:at a )?loss for words", r"lost for words",
        r"bowled over", r"knocked for six", r"eyebrows " + _ASKED + r"(?:shoot|shot|shooting|fly|flew|flying|go|went|jump|jumped) up",
        r"eyes " + _ASKED + r"(?:widen|widened|widening|go wide|went wide|pop|popped|popping|bulge|bulged|bulging)",
        r"(?:jaw|mouth) (?:should|must|needs? to|has to|will|can) (?:drop|fall|hang) open",
        r"stopped (?:dead )?in " + _P + r" tracks", r"struck dumb",
    ),
    "angry": (
        r"(?:sees|saw|seeing|see) red", r"(?:blows|blew|blowing|blow) (?:" + _P + r"|a) (?:top|fuse|gasket|stack)",
        r"(?:flies|flew|flying|fly) off the handle", r"(?:hits|hit|hitting) the roof",
        r"(?:loses|lost|losing|lose) " + _P + r" (?:temper|cool|rag)", r"up in arms", r"hopping mad", r"fit to be tied",
        r"through (?:gritted|clenched) teeth", r"(?:red|purple|white) with (?:rage|anger)", r"boiling (?:with rage|mad)",
        r"in a (?:rage|temper|huff|strop|fit of (?:rage|temper|pique)|foul mood|bad mood|black mood)",
        r"foaming at the mouth", r"hackles (?:up|rise|rising|rose|raised)", r"spitting mad", r"crossly",
        r"sick (?:and tired )?of", r"fed up",
    ),
    "disgusted": (
        r"(?:wrinkles|wrinkled|wrinkling|wrinkle|crinkles|crinkled|crinkling|screws up|screwed up|screwing up|"
        r"scrunches up|scrunched up|scrunching up|scrunches|scrunched) " + _P + r" nose",
        r"(?:pinches|pinched|pinching|holds|held|holding|plugs|plugged|plugging) " + _P + r" nose",
        r"(?:stomach|gut) (?:turns|turned|turning|churns|churned|churning|heaves|heaved|lurches|lurched)",
        r"turns? green", r"(?:makes|made|making|pulls|pulled|pulling) a (?:\w+ )?face at (?:the )?"
        r"(?:smell|taste|stench|food|plate|dish|sight)",
        r"(?:sniff|smell|whiff)\w* [^.;!?]{0,60}?\b(?:recoils?|recoiled|recoiling|pulls? back|pulled back|draws? back|"
        r"drew back|jerks? back|jerked back|gags?|gagged|retch\w*|wrinkles?|wrinkled)\b",
        r"(?:recoils?|recoiled|recoiling|pulls? back|pulled back|draws? back|drew back|jerks? back|jerked back|"
        r"flinch(?:es|ed)? away|turns? away|turned away) (?:\w+ )?from (?:the |a |an )?(?:\w+ )?"
        r"(?:smell|stench|stink|odou?r|reek|whiff|pong)",
    ),
    "fearful": (
        r"scared (?:stiff|to death|out of " + _P + r" wits)", r"frightened (?:to death|out of " + _P + r" wits)",
        r"frozen (?:in|with) (?:fear|terror|fright|horror)", r"rooted to the spot", r"heart in " + _P + r" mouth",
        r"heart (?:pounding|pounds|pounded|racing|races|raced|hammering|hammers|hammered|thudding|thumping)",
        r"knees (?:knock|knocking|knocked)", r"in a cold sweat", r"white as a (?:sheet|ghost)", r"blood runs? cold",
        r"hair (?:stands|stood|standing) on end", r"jumps? out of " + _P + r" skin", r"quaking in " + _P + r" boots",
        r"sick with (?:worry|fear)", r"(?:freaked|freaks|freaking|freak) out", r"(?:nervous|anxious|uneasy|shaky|frightened|scared|timid|fearful) "
        r"(?:little |half-)?(?:smiles?|grins?|laugh|laughs|giggle)", r"(?:hands|knees|legs|fingers|whole body) (?:shake|shakes|shook|quake|quakes|"
        r"quaked|quiver|quivers|quivered)", r"(?:goes|went|turns|turned) (?:white|pale|ashen|grey|gray) with fear",

    ),
    "contempt": (
        r"looks? down " + _P + r" nose", r"looked down " + _P + r" nose", r"down the length of " + _P + r" nose",
        r"(?:rolls|rolled|rolling|roll) " + _P + r" eyes", r"eye-?rolls?", r"(?:turns|turned|turning) " + _P + r" nose up",
        r"a withering (?:look|glance|stare)", r"curls? " + _P + r" lip in (?:scorn|contempt)",
        r"(?:sly|smug|thin|sardonic|mocking|crooked|one-sided|lopsided|condescending|cold|icy|self-satisfied|"
        r"patroni[sz]ing|sneering|cynical|scornful|contemptuous|supercilious|snide|mocking|derisory) "
        r"(?:little |half-|short |low |cold )?(?:smiles?|grins?|laugh|laughs|laughter|chuckle|snort|look|glance|stare|tone)",
    ),
    "neutral": (
        r"(?:keeps|kept|keeping|keep|with|wears|wore|wearing) a straight face",
        r"(?:face|expression) (?:gives|gave|giving) nothing away", r"(?:shows|showed|showing|show) no (?:emotion|expression|reaction|feeling)",
        r"without (?:any )?(?:emotion|expression)", r"(?:face|expression) (?:blank|unreadable|empty)",
        r"cool as a cucumber", r"(?:keeps|kept|keeping|keep) " + _P + r" face (?:\w+ly )?(?:blank|still|neutral|empty)",
        r"no (?:facial )?expression (?:at all|whatsoever)",
        # no expression worn ("stares at him with no expression", "looks up, no expression, then away") and a face
        # of stone ("stone-faced", "stony faced"): rule 10's blank face
        r"no (?:facial )?(?:expression|emotion)\b(?!\s+(?:change|changes|of)\b)", r"nothing (?:on|in) (?:the|" + _P + r") face",
        r"(?:stone|stony|blank|straight)[- ]?faced",
        # a face like stone or a mask ("face like granite", "her face a mask"; "turns to face a wall" is a motion)
        r"face (?:like|of) (?:a |an )?(?:stone|granite|a mask|mask|wall)", _P + r" face (?:a |an )?(?:mask|wall|stone)\b",
        # a straight face said after the noun ("turns to camera, face straight"), not a face turned straight ahead
        r"(?:face|expression) (?:(?:is|goes|went|stays|stayed|kept|now) )?straight\b(?!\s*(?:ahead|on|at|to|toward|"
        r"towards|forward|front|into|in|back|up|down)\b)",
        r"without (?:any |a |the slightest |the least )?(?:change|flicker|trace|hint|sign|shred|glimmer) of "
        r"(?:expression|emotion|feeling)",
        r"(?:face|expression|eyes|features) (?:betrays|betrayed|betraying|reveals|revealed|revealing|shows|showed|"
        r"showing|gives away|gave away) nothing",
    ),
}

_IDIOMS = [(label, re.compile(rf"\b(?:{pattern})\b")) for label, patterns in IDIOMS.items() for pattern in patterns]


def idioms(text: str) -> list[tuple[int, str, str]]:
    """(where, feeling, the words) of every set phrase in the text that names a feeling and is not negated, in
    order (the same length as `text`: offsets are into it)."""
    lowered = text.lower().replace("\u2019", "'")
    found = sorted((m.start(), label, m.group(0)) for label, pattern in _IDIOMS for m in pattern.finditer(lowered))
    return [f for f in found if not _negated_before(lowered[:f[0]])]


# ----------------------------------------------------------------------------- feeling words that are not felt

# A negator with no comma, "but" or "and" between it and the feeling ("without a hint of a smile", "not angrily,
# but sadly", "no sign of fear"); "can't stop smiling", "couldn't hide her delight" are no negation.
_NEGATOR = re.compile(r"\b(?:without|not|no|never|nor|hardly|scarcely|isn't|wasn't|aren't|doesn't|didn't|don't|"
                      r"won't|can't|cannot|couldn't|no longer)\b(?!\s+(?:stop|help|hide|contain|suppress|resist|keep|"
                      r"only|just|wait)\b)")
# "not mad, just disappointed", "not angry only tired": the word after "just" or "only" is what is felt.
_SCOPE_BREAK = re.compile(r"[,;:.!?]|\b(?:but|and|yet|though|although|instead|just|only|merely|simply)\b")


def _negated_before(prefix: str) -> bool:
    """The text before a feeling word ends inside a negator's scope (at most five words back)."""
    tail = " ".join(prefix.split()[-6:])
    last = None
    for m in _NEGATOR.finditer(tail):
        last = m
    return last is not None and not _SCOPE_BREAK.search(tail[last.end():])


# Nouns a feeling word before them still tells the character's feeling by ("a sad smile", "with an angry glare",
# "in a cheerful mood", "a happy nod"); before any other noun it describes the thing ("the angry customer").
EXPRESSION_NOUNS = frozenset("""face faces expression expressions look looks smile smiles grin grins grimace frown glare stare
gaze glance glances eyes eye voice tone laugh laughter chuckle giggle sigh sob sobs cry tears nod nods shake shakes
tilt wave gesture shrug mood moods heart spirits manner air demeanor demeanour mouth lips lip brow brows cheeks jaw
teeth countenance features reply answer response reaction silence huff mutter whisper shout snort sniff scowl sneer
smirk pout eyebrows posture stance breath breathing sound noise wail whimper yelp squeal gasp groan moan
headshake head chin expressionless beam twinkle sparkle glint glow flush blush tear nose nostrils forehead fist fists
knuckles body shoulders hands hand arms legs knees skin stomach throat neck cheek
lean turn wag bob recoil flinch""".split())   # a motion done in a feeling ("a surprised lean back") is the character's
_DETERMINERS = frozenset("the a an this that these those some his her their its my your our every each".split())


# Nouns of feeling: "the fear in her eyes" and "let the smile grow" are the character's.
FEELING_NOUNS = frozenset("""fear joy anger rage disgust horror panic delight glee contempt scorn shock surprise grief
sorrow despair disbelief amazement astonishment terror fright relief sadness happiness awe wonder alarm anxiety worry
unease distaste revulsion loathing irritation annoyance exasperation frustration resentment indignation wrath ire
pride shame amusement pleasure excitement""".split())
# Words for what causes a feeling ("a bad smell", "the rotten meat", "a terrifying noise"): said of the thing,
# they still tell what the character feels.
STIMULUS_WORDS = frozenset("""sour stale spoiled spoilt rotting mildewed greasy bad rotten foul putrid rancid fetid rank vile gross nasty disgusting revolting sickening
repulsive repugnant stinking smelly slimy mouldy moldy scary creepy frightening terrifying horrifying horrific
horrible awful terrible dreadful menacing alarming amazing astonishing astounding shocking surprising startling
stunning annoying irritating infuriating maddening insulting offensive hilarious funny""".split())
# Words between a determiner and the feeling word that leave it standing before its noun ("the visibly angry
# customer", "a sad old house" is the other way round and reads "sad" before "old").
_PREMODIFIERS = frozenset("very rather quite most so old young little big small tall clear pale dark deep bright".split())


_SIZE_WORDS = frozenset("little small big short quick low soft slight faint thin half brief slow long sudden quiet loud "
                        "deep tight wide broad".split())


def _attributive(words: list[str], start: int, end: int) -> bool:
    """The feeling word(s) words[start:end] stand before a noun that is no part of a face or manner, right after
    a determiner that does not open the clause ("nods to the cheerful waiter", "looks at the stormy sea"): they
    say what the thing or the other person is like, not what the character feels."""
    while end < len(words) - 1 and words[end] in _SIZE_WORDS:
        end += 1   # "a scornful little laugh": the noun is "laugh"
    if end >= len(words) or start == 0:
        return False
    word, following = words[start], words[end]
    if (word in EXPRESSION_NOUNS or word in FEELING_NOUNS or word in STIMULUS_WORDS or following in EXPRESSION_NOUNS
            or following in FEELING_NOUNS or following.endswith("ly") or not following.isalpha()
            or following in _STOP_AFTER):
        return False
    back = start - 1
    if back > 0 and (words[back] in _PREMODIFIERS or words[back].endswith("ly")):
        back -= 1
    # "at the landlord's grey-faced warnings": a possessive noun is a determiner too; a pronoun's "'s" is "is" or
    # "has" ("like she's glad about it")
    return back > 0 and (words[back] in _DETERMINERS or (words[back].endswith("'s") and words[back] not in _IS_OR_HAS))


_IS_OR_HAS = frozenset("it's he's she's that's there's here's who's what's where's everyone's everybody's".split())


_STOP_AFTER = frozenset("""and or but then as while with at to of in on for from by into onto toward towards over
is are was were be been being he she they it i you we him them me us who which that what when so yet""".split())

# Words that are feelings only in some uses; these are the others, as regular expressions whose first group is
# the word that would read as a feeling.
_NOT_FEELINGS = [re.compile(p) for p in (
    r"\b(mad)\s+(?:dash|rush|scramble|hurry|scientist|hatter|house)",
    r"\b(tears?|tore|tearing|torn)\s+(?:open|up|off|down|apart|into|through|away|out|at|the|a|an|his|her|its|their|"
    r"my|your|loose|free|along|across|round|around|past|it|them|in\s+half|in\s+two|to\s+(?:pieces|shreds|bits))\b",
    # crumpling a thing ("crumples it up", "crumpled the receipt"); a face that crumples is still sad
    r"\b(crumpl(?:e|es|ed|ing))\s+(?:it|them|up|the|a|an|his|her|their|my|your|this|that)\b",
    r"\b(cross(?:es|ed|ing)?)\s+(?!with\b)(?:the|a|an|his|her|their|my|over|to|into|from|through|back|out|off|"
    r"paths|path|legs|arms|fingers|ankles|himself|herself|themselves|it|that|this|toward|towards|in|behind|in front)\b",
    r"\b(?:(?:his|her|their|my|your|its)\s+)?(arms|legs)\s+(cross(?:ed)?)\b",
    r"\b(?:the|a|an|this|that|of)\s+(content|contents)\b",
    r"\b(sick)\s+(?:with|from)\s+(?:the\s+|a\s+)?(?:flu|cold|fever|illness|virus|bug|cough)",
    r"\b(?:car|sea|motion|travel|air)\s+(sick(?:ness)?)\b",
    r"\b(pleased)\s+to\s+(?:meet|see|hear|announce|report|help|inform)",
    r"\b(content)\s+to\b",
    r"\b(surprise)\s+(?:party|visit|guest|gift|present|attack|ending|twist)\b",
    r"\b(horror)\s+(?:film|films|movie|movies|story|stories|show|novel|book|flick)\b",
    r"\b(blank)\s+(?:page|pages|wall|walls|screen|sheet|paper|canvas|space|cheque|check|document|slate|spot)\b",
    r"\b(?:the\s+)?(blues)\s+(?:band|music|song|guitar|singer|club)\b",
    r"\b(steaming)\s+(?:mug|cup|coffee|tea|bowl|plate|pot|kettle|soup|pile|bath|water)\b",
    r"\b(glowing)\s+(?:embers|coals|screen|light|lamp|fire|sign|ash|ashes|tip|end)\b",
    r"\b(stormy)\s+(?:sea|seas|sky|skies|night|weather|day|clouds|water|waters)\b",
    r"\b(funny)\s+(?:feeling|noise|sound|smell|look)\b",
    # a beam of light, a lighthouse beam, the roof beams: a noun after its article, not a smile
    r"\b(?:a|an|the|its|this|that|these|those)\s+(?:[\w-]+\s+)?(beams?)\b(?!\s+(?:at|of\s+(?:joy|delight|pleasure|pride)))",
    # a thing's beam after someone's ("her torch beam", "his headlight beams"): the light, not a smile
    r"\b(?:his|her|their|my|your|our)\s+(?:torch|flashlight|headlight|headlights|lamp|laser|light|lantern|"
    r"searchlight|spotlight|car's)\s+(beams?)\b",
    # An alarm that is a device ("a car alarm starts", "the alarm clock rings", "the fire alarm goes off"), not
    # the feeling: the sound may imply one, which the classifier reads from the whole clause.
    r"\b(?:car|fire|smoke|burglar|house|security|intruder|panic|wake-up|phone|clock|door|shop)\s+(alarms?)\b",
    r"\b(alarms?)\s+(?:clock|clocks|bell|bells|system|button|goes|went|going|sounds|sounded|sounding|rings|rang|"
    r"ringing|starts|started|blares|blared|blaring|beeps|beeped|beeping|wails|wailed|shrills|goes off|went off)\b",
    # Light, dark and weather that fall ("dusk falls over the yard", "lamplight fell on the table") are the scene's,
    # not a face that falls.
    r"\b(?:sun|sunlight|sunshine|light|lamplight|moonlight|shadow|shadows|dusk|night|nightfall|darkness|dark|rain|snow|"
    r"silence|hush|quiet|mist|fog|dew)\s+(falls|fell|falling)\b",
    # Weather is the scene's ("a crack of thunder", "thunder rumbles"); "a face like thunder" is a scowl.
    r"(?<!like\s)\b(thunder|thunderclap|thunderclaps)\b",
    # A smile that goes away is no longer there.
    r"\b(smile|smiles|grin|grins|laughter|laugh)\s+(?:\w+\s+)?(?:fades?|faded|fading|vanish|vanishes|vanished|"
    r"vanishing|disappears?|disappeared|dies|die|died|dying|slips|slipped|drains|drained|falls away|fell away|leaves|left|"
    r"subsides?|subsided|stops|stopped|ends|ended|"
    r"is gone|was gone|wipes?\s+off)\b",
    r"\b(?:wipes?|wiped|wiping)\s+the\s+(smile|grin)\s+off\b",
    # Tiredness said of how a motion or a breath goes ("a small, tired nod", "a long, weary sigh", "nods wearily") is
    # the body's state, not one of the eight feelings nor a sign the guide names: the feeling is read from the rest.
    r"\b(tired|weary|exhausted|worn-out|sleepy|drowsy|fatigued)\s+(?:[\w-]+\s+)?(?:nod|nods|shake|shakes|headshake|sigh|"
    r"sighs|yawn|yawns|shrug|shrugs|glance|glances|tilt|tilts|gesture|wave)\b",
    r"\b(?:nod|nods|nodded|nodding|shake|shakes|shook|shaking|sigh|sighs|sighed|sighing|shrug\w*)\s+(?:[\w-]+\s+)?"
    r"(wearily|tiredly|sleepily|drowsily)\b",
    # Tiredness said as a state ("she's exhausted here", "like he's worn out") is the body's state too.
    r"\b(?:is|are|was|were|'s|'re|be|being|been|looks?|looked|seems?|seemed|feels?|felt|so|too|very|utterly|totally|"
    r"completely|dead|just|only|merely|simply)\s+(exhausted|worn[- ]out|bone-tired|weary|tired|sleepy|drowsy|fatigued)\b",
    # What a place or a thing smells of ("the kitchen smelled of burnt toast", "the hall reeks of bleach"): the scene,
    # not anyone's disgust (the guide's sign is a recoil or a wrinkled nose at the smell).
    r"\b((?:smells|smelled|smelt|smelling|stinks|stank|stunk|stinking|reeks|reeked|reeking)\s+of(?:\s+[\w'-]+){1,3})",
)]


def blocked_words(text: str) -> set[int]:
    """Indices (into `clause_reading.split_words(text)`) of words that name a feeling nobody here has: negated,
    describing a thing or someone else, or a feeling word in a use that is no feeling."""
    lowered = text.lower().replace("\u2019", "'")
    words = re.findall(r"[a-z0-9'-]+", lowered)
    starts = [m.start() for m in re.finditer(r"[a-z0-9'-]+", lowered)]
    blocked: set[int] = set()
    for pattern in _NOT_FEELINGS:
        for m in pattern.finditer(lowered):
            for g in range(1, (m.lastindex or 0) + 1):
                if m.group(g) is not None:
                    blocked |= {i for i, s in enumerate(starts) if m.start(g) <= s < m.end(g)}
    # A piece of a word cut off at a letter the word pattern leaves out ("sch" of "schön", "tr" of "très") is
    # no English word, whatever it is spelled like.
    for i, m in enumerate(re.finditer(r"[a-z0-9'-]+", lowered)):
        if lowered[m.end():m.end() + 1].isalpha() or (m.start() > 0 and lowered[m.start() - 1].isalpha()):
            blocked.add(i)
    for i, s in enumerate(starts):
        if _negated_before(lowered[:s]):
            blocked.add(i)
    # A capitalised word after the first, not after the end of a sentence, is a name ("Commander Vex", "Aunt Joy").
    for m in re.finditer(r"(?<![.!?:\"(]\s)(?<!^)\b[A-Z][a-z'-]+", text.replace("\u2019", "'")):
        if m.start() > 0:
            blocked |= {i for i, s in enumerate(starts) if s == m.start()}
    return blocked


def attributive_words(text: str, feeling_words: set[str]) -> set[int]:
    """Indices of the words among `feeling_words` that stand before a noun of something or someone else ("the
    angry customer")."""
    words = re.findall(r"[a-z0-9'-]+", text.lower().replace("\u2019", "'"))
    return {i for i, w in enumerate(words) if w in feeling_words and _attributive(words, i, i + 1)}
