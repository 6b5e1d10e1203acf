"""Prototype descriptions the plan reader compares clauses with: many ways people write each head action
and each emotion, and things that are neither.

A clause gets the class whose prototypes its sentence vector is closest to (see `meaning.py`). The
prototypes were written for this reader; none is taken from the held-out evaluation descriptions, and a
test checks that none repeats five words in a row of them. Counts, speeds, sizes and left/right are not
read from here (the lexicon reads them), so prototypes mostly leave them out; up/down and forward/back
are part of the meaning ("lifts her face" is up), so those classes are split by direction.
"""

from __future__ import annotations

# Motion classes: (action, side given by the meaning) for every class the reader can pick, or None for
# clauses that describe no head motion.
MOTION_CLASSES: dict[str, tuple[str, str] | None] = {
    "nod": ("nod", ""), "shake": ("shake", ""), "wag": ("wag", ""), "turn": ("turn", ""),
    "look_up": ("look", "up"), "look_down": ("look", "down"), "tilt": ("tilt", ""), "glance": ("glance", ""),
    "lean_forward": ("lean", "forward"), "lean_back": ("lean", "back"), "look_around": ("look_around", ""),
    "recoil": ("recoil", ""), "hold": ("hold", ""), "return": ("return", ""), "none": None,
}

MOTION_PROTOTYPES: dict[str, tuple[str, ...]] = {
    "nod": (
        "nods", "he nods his head", "she nods yes", "a nod", "nods in agreement", "gives a nod",
        "moves the head down and up", "bobs the head", "her head bobs", "moves the head up and down",
        "a nod of the head", "agrees", "says yes", "nods approvingly",
        "nods politely",
        "he approves", "nods slowly in understanding", "confirms with a nod", "chin goes down and up",
        "pitch the head down and up", "she nods to the rhythm", "accepts",
        "nods at him", "nods her assent", "nodded", "bobbing head", "a bob of the head", "nods knowingly", 
        "nods again and again", "yes, yes", "he nodded", "nods firmly", "a nod", "nods once", "one nod", "gives the go-ahead with a nod",
        "her chin lowers and lifts", "a dip of the head", "lowers the chin to greet her",
    ),
    "shake": (
        "shakes his head", "she shakes her head no", "a shake of the head", "shakes the head",
        "says no", 
        "turns the head left and right to say no", "no, no, no",
        "denies it", "rejects the idea", "shakes his head sadly", 
        "a headshake", "shook his head", "oscillate the head left and right",
        "head moves left and right", "wags a finger and shakes the head", "not a chance", "moves the head side to side", "head turning side to side for no", "he shook his head no",
        "shakes off the thought", 
        "means no with the head", "shakes it", "head going left and right, no",
    ),
    "wag": (
        "wags the head", "wobbles her head", "waggles the head",
        "sways the head like a pendulum",
        "tilts the head left and right rhythmically", "an Indian head wobble", "rocking the head",
        "head see-saws side to side",
        "bobbles the head side to side", "rocks from one shoulder to the other", "wags his head", "a so-so wobble of the head", "head swaying gently",
    ),
    "turn": (
        "turns the head", "turns to the side", "turns his head", "she turns", "rotates the head",
        "looks to the side", "looks sideways", "faces the other way", 
        "turns to look at the door", "looks over the shoulder",
        "turns her face", "twists round", "faces away",
        "looks off to one side", "head turn", "yaw the head", "rotate the head about the vertical axis",
        "gazes to the side", "looks across the room at him",
        "turns her face toward the light", "looks at the person beside her", 
        "spins his head around", "turns his gaze sideways", "turning the head", "turned his head",
        "looks past his shoulder", "head pans to the side",
        "turns her attention to the side", "faces sideways", 
        "averts her face", "looks away", "looks left", "look right", "rotates her head toward the exit",
        "rotates the head to see something", "turns her head left", "turns to her right",
        "looks to the left", "looks over to the right", "faces left", "head turned to the right",
        "her head whirls round", "his head rotates round", "gazes out toward the sea", "looks out across the valley", "squints at something off to the side", "stares out of the window",
    ),
    "look_up": (
        "she looks up", "looked up", "look up", "looking up", "he looks up at her", "raises his head", "lifts her head", "looks upward",
        "tips the head back", "gazes at the sky", 
        "tilts the head up", "lifts the chin", "head goes up", "eyes to the heavens",
        "looks up at the stars", "turns her face skyward", "pitch the head up", "looks overhead",
        "raises her gaze", "lifts the gaze", "stares up at the tall building", 
        "looks at the birds above",
        "gazes at the clouds", "looks up to the top floor", "head tips backward to see above",
        "raised his head", "looking upward", 
        "looks up at the lamp", "upward gaze", "face turned upward", "looks at the tree tops",
        "chin tipped up", "head tilted back", "tilts the head back", "throws the head back", "cranes the neck to see above", "gazes at the roof above", "eyes on the roof",
    ),
    "look_down": (
        "hides her face behind both hands", "face in her hands", "with his chin tucked low", "keeps the head low",
        "looks down", "lowers his head", "bows her head", "looks at the floor", "looks downward",
        "drops the chin", "gazes at the ground", "hangs his head", "looks at her feet",
        "lowers the gaze", "tilts the head down", "head goes down", "looks down at the desk",
        "bends the head forward", "pitch the head down",
        "looks at his hands", 
        "looks down at the phone", "head drops", "hung her head", "looking downward",
        "examines the papers on the desk", "reads the book in her lap", "looks at the ground below",
        "downcast eyes", "face lowered", "looked down", "look down", "looking down", "lowers her eyes", "looks down at the child", "checks his watch",
        "ducks her head", "ducks down", "eyes on the floor", "his gaze drops", "looks down at her lap",
        "bows", "takes a bow", "a low bow",
    ),
    "tilt": (
        "tilts her head", "tilts the head to one side", "cocks his head", "head tilt", "leans the head sideways",
        "tips the head to the side", "tilts his head toward the shoulder", 
        "cocks the head quizzically", "head cocked to the side", "roll the head", "tilting the head", "tilts the head over left", "tilts to the right",
        "cocks her head right", "one temple down toward the shoulder",
        "puts the head on one side", "tilted her head", 
        "rests the head against the shoulder", "bends the neck to the side", "head leans to the side",
        "a sideways tilt of the head", "tips his head over", "angles the head like a curious dog",
        
    ),
    "glance": (
        "glances to the side", "a quick glance", "glances over", 
        
        "glancing", "a sidelong glance", "flicks a look to the side",
        "glances at her", "a fleeting look", "quickly checks to the side and back",
        "glanced sideways", "a furtive look", "casts a quick look", 
        "takes a peep", "glances off to the left", "a glance to the right", "a glance", "glances", "glanced", "a quick glance sideways", "throws a glance",
        "a quick look", "looks for an instant and looks away again", "glances at his phone", "a quick look and back again", "looks and looks back",
        "glances up", "glances down at", "a quick glance upward", "a sidelong look",
    ),
    "lean_forward": (
        "leans forward", "leans in", "leans toward the camera", "bends toward her",
        "comes closer", "leaning in", "pushes the head forward", "leans over the table",
        "moves the head forward", "leans in to listen", "leans toward him", "draws closer",
        "edges forward", "leaned forward", "hunches forward", "leans nearer", "gets closer to the camera", "brings the face closer",
        "sits forward", 
        "gets nearer to the lens", "pushes her face toward the camera", "brings the face close",
    ),
    "lean_back": (
        "leans back", "leans away", "sits back", "pulls back", "draws back", "moves away from the camera",
        "leans backward", "settles back into the chair", "reclines", "leaned back", "leaning back",
        "withdraws the head", "moves back", "eases back", 
        "sinks back into the sofa",
        "backs away from the camera", "backs off", "pulls away from the camera",
    ),
    "look_around": (
        "looks around", "glances around", "looks around the room", "scans the surroundings",
        "looks about", "searches the room with her eyes", "looks all over", 
        "looks from side to side", "gazes around", "casts about", "looks every which way",
        "takes in the whole room", "his eyes roam around", "looks left and right searching",
        "checks all around", "scans the horizon", "looking around", 
        "looks around curiously", "looks around him", "takes a look around", "scans the people", "keeps looking around", "eyes dart around the room",
        "eyes dart about", "glances about the room", "scans the room",
        "surveys the scene", "surveyed the hall", "surveying the field", "sweeps the room with her eyes",
    ),
    "recoil": (
        "recoils", "jerks back", "flinches", "jolts back", "snaps the head back", "startles backward",
        "pulls the head back sharply", "jumps back", "jerks away", "rears back", "shies away",
        "recoiling", "flinched", "jerks his head back", "head snaps backward", "starts back",
        "winces away", "ducks back",
        "jolts backward", "jerks backward", "flinches back",
        "shrinks back", "cringes back",
    ),
    "hold": (
        "holds still", "stays still", "does not move", "keeps still", "remains motionless",
        "stays put", "pauses", "waits", "stops moving", "holds the pose", "keeps the head steady",
        "stillness", "a pause", "stands still", "holding still", "stays frozen",
        "remains where she is", "holds position", "no movement", "stays completely still",
        "stares straight ahead", "keeps looking ahead", "waits a moment", "sits quietly",
        "a long pause", "stops", "holds it there", "stays there", "remains still for a moment",
        "keeps his head where it is", "does nothing", "stands motionless", "motionless",
        "stops still", "goes still", "stock still", "still as a stone", "not moving at all", "stays perfectly still",
        "without moving at all", "not a flicker of movement", "a long silence", "goes stiff and still",
        "waits a second", "a beat passes", "holds the gaze",
        "a moment of stillness",
    ),
    "return": (
        "looks back at the camera", "returns to the center", "faces forward again", "turns back to the front",
        "looks straight ahead again", "comes back to center", "back to neutral", "returns to neutral",
        "faces front", "looks back", "turns back", "brings the head back", "returns the head to rest",
        "back to the front", "recenters the head", "faces the lens", "looks at the viewer again",
        "head returns", "resets the head", "squares up to the camera", 
        "back to facing forward", "centers the head", "back to the center", "head back to the middle", "turns back to face forward",
        "looks at the camera", "eyes back on the camera",
        "straightens it", "back at him", "then back at her", "looks back at them", "turns toward the camera", "turns to face the camera", "looks into the lens", "faces the camera",
        "looks out at the audience", "faces the audience", "looks at me", "look at me", "eyes on me", "faces us",
        "looks at the viewer", "faces out front",
        "meets her gaze", "meets his eyes", "comes back", "come back to the front",
    ),
    "none": (
        "he speaks", "she talks", "he listens", "she thinks", "she reads aloud",
        "he walks across the room", "she sits down", "he stands up", "she waves her hand",
        "he shrugs", "she sighs", "he blinks", "she breathes", "he smiles", "she laughs", "he cries",
        "she frowns", "he is happy", "she is sad", "he looks surprised", "she is angry", "he feels disgusted",
        "she is afraid", "he looks smug", "she looks calm", "he is tired", "she is bored",
        "he considers the question", "she remembers something", "he wonders", "she waits for an answer",
        "he points at the map", "she claps her hands", "he picks up the cup", "she writes a note",
        "the phone rings", "it starts to rain", "the door opens", "the music plays",
        "the report is late", "the meeting is on Monday", "the price went up", "the car is red",
        "he says hello", "she whispers something", "he sings", "she hums", "he coughs", "she yawns",
        "he clenches his fists", "she crosses her arms", "he scratches his chin", "she touches her hair",
        "he is listening", "she is speaking", "he was thinking", "she ponders", "he decides",
        "a dog barks outside", "the sun sets", "she wears a red dress", "he has a beard",
        "the room is quiet", "numbers and letters", "random words", "the file is saved",
        "she agrees to the plan on paper", "he signs the contract", "they shake hands",
        "the interviewer asks a question", "somebody else speaks", "people are talking",
        "tears streaming down her face", "tears rolling down his cheeks", "his eyes light up", "her face lights up", "her face falls", "quaking with fear", "quivering all over", "a sly smile", "a one-sided smile", "stares in amazement", "his lip trembles", "her face darkens",
        "her eyebrows fly up", "his jaw drops to the floor", "his shoulders slump", "her face lights up with joy", "slams his fist on the table", "swallows hard", "his nostrils flare", "narrows her eyes",
        "stares in shock", "tips his hat", "raises her glass",
        "exhales slowly", "takes a deep breath", "lets out a sigh", "breathes out",
        "walks off", "walks away", "leaves the room", "heads for the door", "gets up and goes",
    ),
}

# Emotion classes; "none" = the words carry no feeling. The emotion reader compares short spans of a
# clause with these, so most prototypes are short.
EMOTION_PROTOTYPES: dict[str, tuple[str, ...]] = {
    "happy": (
        "amused", "in amusement", "with delight", "brimming with pride", "bursting with pride", "proudly",
        "happy", "smiling", "she smiles", "with a smile", "grins", "grinning", "beaming", "joyful",
        "cheerful", "delighted", "glad", "laughing", "laughs", "pleased", "joy", "happily", "a big smile",
        "a warm smile", "in high spirits", "ecstatic", "over the moon", "gleeful", "jolly", "content",
        "amused", "chuckles", "lights up", "tickled", "euphoric", "cheerfully",
        "with delight", "broad grin", "smiles warmly", "joyous", "chirpy", "giggles", "blissful",
        "beams", "proud",
        "eyes light up", "face lights up", "eyes sparkle", "can't stop smiling",
        "excitement", "excited", "eyes crinkling", "can't contain his joy",
        "eyes shining", "bright-eyed", "all smiles", "tickled pink", "chuffed", "jubilant", "cheery", "merry",
        "a toothy grin", "a grin spreads", "giddy", "buoyant", "on cloud nine", "glowing", "in stitches",
    ),
    "sad": (
        "sad", "sadly", "unhappy", "crying", "cries", "tears", "in tears", "weeping", "sorrowful",
        "gloomy", "downcast", "melancholy", "dejected", "depressed", 
        "mournful", "glum", "disappointed", "sorrow", "grief", "despairing", 
        "a sad face", "close to tears", "tearful", "sobbing", "blue", "down in the dumps", "ashamed",
        "sighs sadly", "crestfallen", "low spirits", "wistful", "pained", "hurt",
        "tears welling up", "about to cry", "heavy-hearted", "a heavy sigh",
        "face falls", "her face fell", "lip quivering", "quivering lip", "sulks", "sulking", "pouting", "broken-hearted", "downhearted",
        "shoulders slump", "slumped", "eyes glistening", "a heavy heart", "weary", "a lump in the throat",
        "eyes well up", "face crumples", "shoulders sag", "despondent", "bereft", "choked up", "misty-eyed",
        "teary", "woeful", "sorrowfully", "defeated", "deflated", "glum face", "long-faced", "sullen",
        "eyes wet with tears", "exhausted", "worn out", "bone-tired", "eyes brimming", "eyes brimming over",
    ),
    "surprised": (
        "surprised", "surprise", "astonished", "amazed", "shocked", "shock", "startled", "stunned",
        "gasps", "in awe", "wide-eyed", "eyes wide", "jaw drops", "mouth open in surprise",
        "taken aback", "speechless", "astounded", "dumbstruck", 
        "raises the eyebrows", "eyebrows shoot up", "gobsmacked", 
        "awestruck", "amazement", "astonishment", "wonder",
        "disbelief", "agape", "incredulous",
        "eyebrows raised", "brows shoot up",
        "double take", "caught off guard", "jaw hits the floor", "eyebrows fly up",
        "mouth falls open", "mouth hangs open", "eyes like saucers", "eyes pop", "gapes", "gaping", "open-mouthed",
        "thunderstruck", "floored", "blindsided", "stupefied", "aghast", "jaw falls",
    ),
    "angry": (
        "angry", "angrily", "anger", "furious", "mad", "rage", "enraged", "irritated", "annoyed",
        "scowls", "scowling", "glares", "glaring", "fuming", "irate", "cross", 
        "hostile", "frowns angrily", "clenches the jaw", "hot-headed", "snarls",
        "bares the teeth", "indignant", "exasperated", "infuriated", "resentful", "wrathful", "frustrated",
        "grits the teeth", "in a temper", 
        "simmering with rage", "glowering", "glowers", "fed up", "face darkens", "bristling", "jaw clenched",
        "nostrils flare", "red-faced", "narrowed eyes", "slams his fist", "jaw tight", "gritted teeth",
        "red in the face", "face like thunder", "thunderous", "incensed", "steaming", "stormy", "bristles",
        "with a scowl", "exasperation", "hot under the collar", "jaw set", "glowering look", "irritably",
        "in a huff", "face hardens", "face twists with anger", "eyes narrow", "eyes narrowing", "eyes like slits",
        "annoyance", "in annoyance", "furiously", "swears", "curses under his breath", "stamps her foot",
        "kicks the door", "lips pressed tight", "tight-lipped", "eyes burning",
    ),
    "disgusted": (
        "disgusted", "disgust", "repulsed", "grossed out", "sickened",
        "wrinkles the nose", "grimaces in disgust", "curls the lip", "revulsion", "queasy", "appalled",
        "makes a face at the smell", "yuck", "gross", "repelled", "turned off",
        "a look of distaste", "distaste", "feels sick", "ugh", "wrinkled nose", "grimace",

        "nauseous", "gags", "retches", "turns up the nose",
        "screws up the nose", "ew", "eww", "pulls a face",
        "gagging", "gag", "retching", "turns green", "repugnance", "stomach turns", "lip curls", "a curled lip",
        "utter distaste", "a sour face", "in revulsion", "rotten", "something rotten", "smells something foul",
        "a bad smell",
    ),
    "fearful": (
        "afraid", "scared", "frightened", "fearful", "fear", "terrified", "terror", "nervous",
        "anxious", "alarmed", "horrified", "worried",
        "apprehensive", "spooked", "in fright", "cowers", "uneasy", "jumpy",
        "fright", "panic", "nervously", "fearfully", "timid", "wary", "tense with fear",
        "on edge", "quaking", "alarm", "in a panic",
        "quivering", "quaking with fear", "pale with fear", "turns pale", "scared stiff", "cowering", "shivers",
        "swallows hard", "heart pounding", "heart racing", "a cold sweat", "gulps",
        "shudders", "with a shudder", "goes white", "blanches", "ashen", "white as a sheet", "shivering with fear",
        "terror-stricken", "frozen with fear", "jittery", "quakes", "in horror", "horror",
        "anxiously", "pales", "goes pale", "bites her lip", "biting his lip", "chews her lip", "nervy",
        "goes gray", "face goes gray", "pale as a sheet", "the color drains from his face", "drained of color", "jittery nerves",
    ),
    "contempt": (
        "contempt", "contemptuous", "scornful", "scorn", "smug", "smirks", "smirking", "a smirk",
        "sneers", "sneering", "condescending", "arrogant",
        "dismissive", "mocking", "sarcastic", "patronizing", "rolls the eyes",
        "eye roll", "sardonic", "snide", "a sneer", "a one-sided smile", "looks down on him",
        "unimpressed", "snooty", "supercilious",
        "a sly smile",
        "scoffs", "snorts", "a scoff",
        "dismissively", "scornfully", "disparaging", "mockingly",
        "sniffs", "with a curl of the lip",
    ),
    "neutral": (
        "neutral", "expressionless", "blank", "a blank face", "calm", "calmly", "a straight face",
        "deadpan", "stoic", "composed", "relaxed", "emotionless",
        "unreadable", "placid", "serene", "unmoved", "a neutral expression", 
        "even expression", "a flat expression", "without emotion", "keeps a straight face",
        "face at rest", "matter-of-fact", "stony-faced", "stone-faced", "straight-faced", "unblinking",
    ),
    "none": (
        "head", "his head", "her head", "the head", "left", "right", "up", "down", "to the left",
        "to the right", "twice", "three times", "once", "slowly", "quickly", "nods", "shakes",
        "turns", "looks", "tilts", "glances", "leans", "forward", "back", "then", "the window",
        "the door", "the camera", "over the shoulder", "the floor", "the roof", "the sky",
        "he", "she", "the man", "the woman", "the room", "a little", "slightly", "all the way",
        "side to side", "again", "a moment", "the table", "toward him", "his hands", "her chair",
        "the music", "the noise", "the clock", "papers", "a question", "looks at", "her partner",
        "the microphone", "listening", "speaking", "thinking", "responds to her", "asks", "waits",
        "degrees", "amplitude", "neck", "chin", "eyes", "gaze", "face", "shoulder", "the light",
        "the sound", "the crowd", "the boy", "the girl", "the old man", "the child",
        "straight", "straight ahead", "to neutral", "ahead",
        "humoring him", "indulging her", "says nothing", "breath", "imperceptibly",
        "colorful", "bright colors", "gray", "the rug", "pale", "the sky",
        "like mad", "like crazy", "the laughter", "the applause", "the flash", "the music stops", "the lights",
        "he sighs", "she sighed", "let out a yell", "an empty room", "flinches", "flinch", "jerks", "recoils", "a heartbeat", "heartbeat's",
        # A frown alone, or one raised eyebrow, reads as thought, worry or doubt as often as any one feeling.
        # Words that read as a feeling one by one only because they are spelled like one ("crosses" like
        # "crossly", "starts" like "startled", "bows" like "cowers"), and head motions and everyday words.
        "cross over", "crosses", "crossed", "crossing", "across", "start", "starts", "started", "began", "begins",
        "bow", "bows", "bowed", "bowing", "ball", "balls", "fist", "fists", "freeze", "froze", "frozen", "snap",
        "snaps", "sigh", "sighs", "alone", "joke", "jokes", "stone", "chime", "reassuringly", "strangled", "juts",
        "tests", "produced", "arrows", "sniffing", "mocap", "lost",
        "wordlessly", "silently", "quietly", "without a word", "expression", "an expression", "a look",
        "hard", "struck", "as if struck", "stung", "as if stung", "dry-eyed", "funeral", "funerals", "wince", "winces", "winced", "wincing",
        # Not knowing what to make of something is none of the feelings.
        "bewildered", "confused", "in confusion", "puzzled", "baffled", "perplexed", "mystified", "bemused",
        "frown", "frowns", "frowned", "frowning", "a frown", "a slight frown", "furrows her brow",
        "eyebrow", "raises an eyebrow", "arches an eyebrow", "cocks an eyebrow", "one eyebrow",
    ),
}

# The words English names each feeling with, beyond the few above: adjectives, adverbs, verbs in their forms,
# nouns, British spellings (the reader reads spans as written, so "patronising" is listed beside
# "patronizing"). Words the first evaluation held out (`evaluation.HELD_OUT_WORDS`) and words built on them stay
# out. Set phrases the encoder reads literally ("over the moon", "sees red") are in `feeling_words.py`.
FEELING_VOCABULARY: dict[str, str] = {
    "happy": """joyfully joyously gladly delightedly gleefully glee merrily merriment jovial jovially chipper perky
        bubbly upbeat ebullient exuberant exuberantly exultant exultantly jubilantly ecstatically blissfully
        rapturous rapturously contented contentedly pleasure pleasantly warmly amusedly amusement happiness
        light-hearted lighthearted carefree smile smiles smiled grin grinned grins beamed beaming
        laugh laughed laughter chuckle chuckled chuckling giggle giggled giggling chortles chortled chortling
        guffaws guffawed titters tittering delight delighting """,
    "sad": """sadness unhappily unhappiness sorrowing mournfully grief-stricken grieved despair despairingly
        despondently dejectedly dejection wistfully downheartedly crestfallen glumly gloomily morose morosely woebegone
        disconsolate disconsolately desolate inconsolable inconsolably devastated crushed gutted
        upset distraught distressed anguish anguished heartache heartsick lonely lonesome homesick bereaved
        mourning mourns mourned disheartened discouraged dispirited dismayed ruefully rueful regretful
        remorseful weepy tearfully teary-eyed weep wept cried sob sobs sobbed sniffles sniffled sniffling
        snivels snivelling mopes moping slumps""",
    "surprised": """surprisedly agog stupefied
        incredulously disbelieving disbelievingly open-mouthed slack-jawed goggle-eyed
        wide-eyed gasp gasped gasping gape gaped gawps gawping gawks gawking whoa wow""",
    "angry": """angered angrier irately incensed enraged infuriated furious fumed raging
        ranting rants irked irritation irritably annoyedly vexed vexation riled peeved miffed aggravated
        affronted offended indignantly indignation resentfully resentment wrath ire irascible
        grouchy grumpy grumpily cranky crabby testy testily tetchy tetchily snappish crossly bad-tempered
        ill-tempered short-tempered hot-tempered belligerent truculent combative menacing
        murderous apoplectic incandescent wrathfully scowl scowled glared glower glowered snarl snarled
        snarling growled growling curses cursing cursed huffy huffily bristled bristling bridles bridled""",
    "disgusted": """disgustedly disgusting repulsive repugnant sickening vile grossly squeamish
        nauseous loathing abhorrence aversion gagged gagging retched retching dry-heaves
        grimaced grimacing yuck""",
    "fearful": """afraid frightenedly terrifiedly fearfully fearstruck terror-stricken panic-stricken
        horror-struck horrified alarmedly anxiety trepidation apprehension apprehensively unease uneasily
        fretful fretfully edgy skittish twitchy rattled unnerved intimidated timidly warily
        worriedly cower cowered cowering cringe cringes cringed cringing quail quails quailed shudder shuddered
        shuddering shiver shivered shivering quake quaked quiver quivered blanched blanching
        scared-looking frightened-looking""",
    "contempt": """contemptuously scornfully scoffing scoffed scoff smugly smugness self-satisfied condescendingly
        patronizing patronising patronizingly patronisingly superciliously snobbish snobbishly snotty sniffy
        sniffily snidely sneeringly sneer sneered sardonically sarcastically mockingly mocks mocked
        disparagingly coldly icily frostily withering witheringly scathing scathingly arrogantly cocky pompous pompously
        self-important smirked smirking eye-roll eyeroll""",
    "neutral": """expressionlessly blankly deadpan emotionless unemotional unemotionally stony
        stonily inscrutable inscrutably composedly placidly serenely stoically unfazed unperturbed
        unruffled imperturbable dispassionate dispassionately nonchalant nonchalantly unaffected""",
}


# Signs most readers agree on (the labelling guide's rule 9) that the words above leave to chance.
_SIGNS: dict[str, tuple[str, ...]] = {
    "angry": ("clenches his fists", "clenched fists", "fists clenched", "clenches her jaw", "clenched jaw",
              "grits his teeth", "teeth gritted"),
    "disgusted": ("stench", "stink", "stinks", "reek", "reeks", "putrid", "rancid", "fetid", "the stench",
                  "holds his nose", "pinches her nose", "nose wrinkled", "wrinkles his nose", "crinkles her nose"),
    "fearful": ("wide-eyed with fear", "eyes wide with terror", "flinches in fright", "shudders in fear"),
    "surprised": ("gasping", "gasped", "with a gasp", "eyes widen", "eyes widening", "eyebrows up"),
    "sad": ("face crumpling", "sobs", "sob", "tears rolling", "tears streaming"),
}
for _label, _words in FEELING_VOCABULARY.items():
    EMOTION_PROTOTYPES[_label] = tuple(dict.fromkeys(EMOTION_PROTOTYPES[_label] + tuple(_words.split())
                                                     + _SIGNS.get(_label, ())))


def all_prototype_texts() -> list[str]:
    """Every prototype sentence of every class (for the held-out guard and for caching)."""
    out: list[str] = []
    for table in (MOTION_PROTOTYPES, EMOTION_PROTOTYPES):
        for texts in table.values():
            out.extend(texts)
    return out
