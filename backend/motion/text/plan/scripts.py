"""Script and shorthand conventions made plain (after the layout of screenplays and game scripts, `script_layout.py`) before a description is cut into clauses: scene headings and
camera directions dropped, list items (bullets, roman numerals, circled numbers) and timecoded notes made
sentences of their own, speech in quotes set apart, arrows and slashes made "then", L/R/fwd/cam/dn/hd spelled out, durations dropped,
"Nods: 2" made a count, "nod nod nod" given commas; and word orders that hide a clause boundary given the
comma a writer could have put ("only when the judge has finished does she lower her head", "when he had
finished she leaned back", "after a moment he nodded"). Capture logs too: frame numbers and ranges start items,
"three reps" and "4 cycles" are counts, "every few seconds" is over and over, "Subject"/"talent"/"performer" is the
actor, "upper face only" names a layer, not a pose, and a take that starts at neutral has no step for it. Chat conventions (`chat.py`) and
learner English (`learner_english.py`) are made plain first, after the layout (`script_layout.py`).
"""

from __future__ import annotations

import re

from .chat import plain_chat
from .learner_english import plain_learner_english
from .lexicon import PRONOUN
from .script_layout import names_in_capitals, plain_layout
from .subjects import PEOPLE_NOUNS as _PEOPLE

# Screenplay furniture that names no motion: scene headings ("INT. KITCHEN, NIGHT."), camera directions,
# voice-over marks. Written in capitals by convention, so matched case-sensitively.
_SCREENPLAY = re.compile(r"\b(?:INT|EXT|INT\./EXT|I/E)\.?\s+[A-Z0-9][A-Z0-9 ,'\u2019&-]*(?:[.:]|$)|"
                         r"\b(?:CLOSE(?:-UP)? ON|ANGLE ON|CUT TO|FADE (?:IN|OUT)(?: TO)?|SMASH CUT TO|DISSOLVE TO)\b:?|"
                         r"\((?:V\.O\.|O\.S\.|O\.C\.|CONT'D)\)")
# A storyboard's shot size as a sentence of its own ("Wide.", "MCU.", "Close-up, low angle."): the framing, not the
# character ("wide" is no wide-eyed look).
_FRAMING = re.compile(r"(?:^|(?<=[.:;!?])|(?<=[.:;!?]\s))\s*(?:(?:extreme|very|medium|wide|tight|close|long|full|"
                      r"establishing|two|single|low|high|dutch|ots|ecu|mcu|cu|ws|ms|ls)(?:[\s-]+|(?=[.;])))+"
                      r"(?:shot|angle|frame|framing|up)?\s*[.;](?=\s|$)", re.IGNORECASE)
# A storyboard panel's shot size right after its label, before a comma ("P5 — wide, she's alone on the pier",
# "Panel 2: close-up, his hands"): the framing, as above.
_PANEL_FRAMING = re.compile(r"(\b(?:p|panel|pnl|shot|sh)\s*\d{1,3}[a-z]?\s*(?:[\u2014\u2013:-]+|--)\s*)(?:(?:extreme|very|"
                            r"medium|wide|tight|close|long|full|establishing|two|single|low|high|dutch|ots|ecu|mcu|cu|ws|ms|"
                            r"ls)(?:[\s-]+|(?=,)))+(?:shot|angle|frame|framing|up)?\s*,", re.IGNORECASE)
# A shot list's row heading, its number, shot size and lens ("12  MCU  50mm  Tom looks up"): where a shot's
# description starts, a sentence of its own (so the heading is not read with it).
_SHOT_ROW = re.compile(r"(?:(?<![\w.:])\d{1,3}[A-Z]?\s+)?(?-i:ECU|MCU|CU|XCU|BCU|WS|EWS|MWS|MS|MLS|LS|ELS|OTS|POV)\s+"
                       r"\d{2,3}\s?mm\b[.,:]?\s*", re.IGNORECASE)
# Where one item of a list or of timecoded notes starts. Items become sentences (the plan times its steps
# itself, so the times are dropped): "0:01 lean fwd / 0:02 tilt R", "TC 01:00:04:12 head turns L",
# "• scan room • lean in", "① tilt R ② tilt L", "i. look up ii. hold".
_ITEM = "\u00b6"
_TIMECODE = re.compile(r"(?:\b(?:TC|at)\s*|@\s*)?(?<![\w:])\d{1,2}(?::\d{2}){1,3}(?:[.,]\d+)?(?![\w:])"
                       r"(?:\s*(?:-|\u2013|to)\s*\d{1,2}(?::\d{2}){1,3}(?![\w:]))?", re.IGNORECASE)
_BULLET = re.compile(r"(?:^|(?<=\s))[\u2022\u25e6\u25aa\u2023\u00b7*](?=\s)|[\u2460-\u2473\u2776-\u2793]|^\s*-(?=\s)")
_ROMAN_ITEM = re.compile(r"(?:^|(?<=\s))\(?(?:i|ii|iii|iv|v|vi|vii|viii|ix|x)[.)](?=\s)")
_LETTER_ITEM = re.compile(r"(?:^|(?<=\s))\(?[a-h]\)(?=\s)")
_ITEM_END = re.compile(rf"(?:[,;]?\s*(?:then\s+)?)?{_ITEM}\s*(?:[-\u2013:,]\s*)?")


# Frame numbers and ranges in dope sheets and capture logs ("fr 10-30 lean fwd; 30-45 nod", "f025-f048 nod x2",
# "f0 neutral > f48 head turned R"): an item starts there, as at a timecode.
_FRAMES = re.compile(r"(?:(?<![\w-])(?:fr(?:ames?)?\.?\s*|f)\d{1,5}(?:\s*(?:-|\u2013|to)\s*f?\d{1,5})?|"
                     r"(?:(?<=[;/])|^)\s*\d{1,5}\s*(?:-|\u2013)\s*\d{1,5})(?![\w:-])(?!\s*(?:deg|degrees|\u00b0|%|cm|mm|:))",
                     re.IGNORECASE)


# Times in seconds that open a list of timed notes ("0s look up / 1.5s back to centre / 3s shake", "@1s nod,
# @2.5s tilt L"): items as at a timecode, where the first opens the text and another follows ("freeze for like 2s" is a length).
_SECONDS_MARK = re.compile(r"(?:\b(?:at|t\s*=)\s*|@\s*)?(?<![\w.:])\d{1,3}(?:\.\d+)?\s?(?:s|secs?)\b"
                           r"(?:\s*(?:-|\u2013|to)\s*\d{1,3}(?:\.\d+)?\s?(?:s|secs?)\b)?\s*:?", re.IGNORECASE)


def _mark_seconds(text: str) -> str:
    marks = list(_SECONDS_MARK.finditer(text))
    if len(marks) < 2 or not re.fullmatch(r"\s*(?:[\w'-]+\s*:\s*)?", text[:marks[0].start()]):
        return text
    return _SECONDS_MARK.sub(f" {_ITEM} ", text)


def _mark_items(text: str) -> str:
    text = _FRAMES.sub(f" {_ITEM} ", _TIMECODE.sub(f" {_ITEM} ", _mark_seconds(text)))
    text = _BULLET.sub(f" {_ITEM} ", text)
    # Roman numerals and letters only where the list has at least its first two ("i." and "ii."): a lone
    # "v." is "very" and a lone "a)" may be anything.
    for pattern, first in ((_ROMAN_ITEM, ("i", "ii")), (_LETTER_ITEM, ("a", "b"))):
        found = {m.group(0).strip("(). ") for m in pattern.finditer(text)}
        if set(first) <= found:
            text = pattern.sub(f" {_ITEM} ", text)
    return text


# Chat spelling: contractions without their apostrophe, texting abbreviations, the commonest slips of the
# motion words ("he doesnt nod", "can u make him", "lean foward", "nothign else").
_CHAT = {"doesnt": "doesn't", "dont": "don't", "didnt": "didn't", "isnt": "isn't", "wasnt": "wasn't",
         "cant": "can't", "wont": "won't", "couldnt": "couldn't", "shouldnt": "shouldn't", "wouldnt": "wouldn't", "hasnt": "hasn't",
         "havent": "haven't", "arent": "aren't", "werent": "weren't", "aint": "isn't", "u": "you", "ur": "your",
         "pls": "please", "plz": "please", "thru": "through", "b4": "before", "abt": "about", "tho": "though",
         "foward": "forward", "fowards": "forwards", "foreward": "forward", "forwad": "forward", "fwrd": "forward",
         "arround": "around", "aroud": "around", "nothign": "nothing", "nothin": "nothing", "lookin": "looking",
         "noddin": "nodding", "shakin": "shaking", "turnin": "turning", "tiltin": "tilting", "slighly": "slightly",
         "slowy": "slowly", "twicee": "twice", "agian": "again", "agin": "again", "rigth": "right", "rite": "right",
         "lef": "left", "hed": "head", "heda": "head"}
_CHAT_WORD = re.compile(r"(?<![\w'])(?:" + "|".join(sorted(_CHAT, key=len, reverse=True)) + r")(?![\w'])", re.IGNORECASE)
# Asides that say nothing of the motion ("ok he nods then looks left idk", "like 3 times lol").
_ASIDE = re.compile(r"(?<![\w'])(?:idk|lol|lmao|tbh|imo|imho|fyi|btw|haha+|hehe+|:\)|:\()(?![\w'])", re.IGNORECASE)
# Run-on commands with no commas ("look left look right look left again then nod", "he doesnt nod he shakes"):
# a new head verb, or a subject before one, after a direction or a head verb starts a new clause.
_RUN_ON = re.compile(r"\b(left|right|up|down|forward|back|around|again|nod|nods|shake|shakes|it) "
                     r"(?=(?:(?:he|she|they|you|i|we)\s+)?(?:look|looks|turn|turns|tilt|tilts|nod|nods|shake|shakes|"
                     r"glance|glances|lean|leans)\b)", re.IGNORECASE)

# Also after where the step before went, or the head it moved ("he looks down at the map looks back up at her shakes
# his head", "she lowers her head and then she nods"), once a head verb has been said: the next verb is a new step
# ("tilts her head and looks away" has its "and" already)
# ("the man at the desk looks up" has no step before its place, and stays one clause).
_RUN_ON_AFTER_A_PLACE = re.compile(
    r"\b((?:at|to|toward|towards|into|over|on)\s+(?:the|a|an|his|her|their|its|my|your)\s+(?:[\w'-]+\s+)?[\w'-]+|"
    r"(?:his|her|their|my|your)\s+head) (?=(?:(?:and\s+(?:then\s+)?(?:maybe\s+)?)?(?:he|she|they|you|i|we)\s+)?"
    r"(?:looks|turns|tilts|nods|shakes|glances|leans|drops|lifts|raises|lowers|bows)\b)", re.IGNORECASE)
# A person named by a noun before a head verb ("…for today the dad looks down"): a new clause, as after a full stop
# (not the person the step before went to: "looks up at his wife shakes his head" is read after a place, below).
_RUN_ON_BEFORE_A_PERSON = re.compile(
    r"(?<=[a-z])(?<!\bat)(?<!\bto)(?<!\btoward)(?<!\btowards)(?<!\bwith)(?<!\bfrom)(?<!\bover)"
    r" (?=(?:the|his|her|their|my|our)\s+(?:old\s+|young\s+|little\s+)?(?:%s)\s+(?:\w+ly\s+)?"
    r"(?:looks|turns|tilts|nods|shakes|glances|leans|drops|lifts|raises|lowers|bows|keeps)\b)" % "|".join(sorted(_PEOPLE)),
    re.IGNORECASE)
# The speaker correcting themselves mid-run ("he nods twice actually no three times", "once let's say twice").
_SPEAKER_CORRECTS = re.compile(r"(?<=[a-z]) (?=(?:actually|let'?s\s+say|i\s+mean)\b)", re.IGNORECASE)
_HEAD_VERB = re.compile(r"\b(?:look|turn|tilt|nod|shake|glance|lean|drop|lift|raise|lower|bow)(?:s|ed|ing)?\b", re.IGNORECASE)


def _chat(text: str) -> str:
    text = _CHAT_WORD.sub(lambda m: _CHAT[m.group(0).lower()], _ASIDE.sub(" ", text))
    # " n " between two words is "and" in chat ("tilts her head n looks confused")
    text = re.sub(r"(?<=[a-z]) n (?=[a-z])", " and ", text)
    if re.search(r"[,;.]", text.strip().rstrip(".!?")):
        return text
    text = _RUN_ON_BEFORE_A_PERSON.sub(", ", _RUN_ON.sub(r"\1, ", text))
    text = _SPEAKER_CORRECTS.sub(", ", text)
    return _RUN_ON_AFTER_A_PLACE.sub(lambda m: f"{m.group(1)}, " if _HEAD_VERB.search(text[:m.start()]) else m.group(0),
                                     text)


# Animator shorthand: arrows and slashes sequence steps, "+" runs two together, L/R are sides.
# (a character that opens no motion's word: a heading's path holds none)
_NO_MOTION_WORD = r"(?!\b(?:nod|shak|turn|tilt|look|glanc|lean|bow|hold)\w*)"
_SHORTHAND = (
    # "tilt->R", "turn -> L": a verb of direction and an arrow straight to a side is that move, not two
    (re.compile(r"\b(turn|tilt|glance|look|lean)\s*(?:->|=>|\u2192)\s*(L|R|left|right|up|down)\b", re.IGNORECASE), r"\1 \2"),
    # in a note that fixes the take ("REDO: nod x3 -> nod x1", "fix: tilt L → tilt R"), an arrow between two of the
    # same motion is what it was, then what it becomes: the second alone
    (re.compile(r"(?<=^)((?:redo|re-do|fix|fixes|change|changes|correction|edit|edits|update)\s*:\s*)"
                r"((?:[^,;.\n]*?\s)?)(?:(\w+)(?:\s+[^\s,;.>\u2192=-]+){0,2}?)\s*(?:->|=>|\u2192)\s*(?=\3\b)", re.IGNORECASE),
     r"\1\2"),
    # a heading's path to where the lines are, before its colon ("Quest log > refuse: …", "Act 2 > Scene 4:"): one
    # label, not steps in turn (an arrow between motions still orders them)
    (re.compile(rf"^((?:{_NO_MOTION_WORD}[^\n:>\-=])+?)\s+>\s+(?=(?:{_NO_MOTION_WORD}[^\n:>])+:)",
                re.IGNORECASE | re.MULTILINE),
     r"\1 "),
    (re.compile(r"\s*(?:->|=>|\u2192|>>?)\s*"), ", then "), (re.compile(r"\s+/\s+"), ", then "),
              # ("Face + head: smile, nod": two things a label names)
              (re.compile(r"\s+\+\s+(?=[\w-]+\s*:)"), " and "),
              # ("turn L + hold": the pose is held once the move is made, not while it is made; "look dn + back
              # up": going back follows the move it undoes)
              (re.compile(r"\s+\+\s+(?=(?:hold|beat|pause|freeze|back|return)\b)", re.IGNORECASE), ", then "),
              (re.compile(r"\s+\+\s+"), " while "),
              # ("Performer: Jess R. (playing …)": the initial of a surname, no side)
              (re.compile(r"\b((?i:performer|actor|actress|talent|stand-in|double)\s*:?\s+[A-Z][a-z]+)\s+[LR]\.(?=\s)"), r"\1"),
              # ("Face cam: steady": what the face camera saw, the expression, not "face the camera")
              (re.compile(r"\bface\s+cam(?:era)?\s*(?=:)", re.IGNORECASE), "Expression"),
              (re.compile(r"(?<![\w'.-])L(?![\w'-])"), "left"),
              # ("turn head R on cue": not "right on cue", on time)
              (re.compile(r"(?<![\w'.-])R(?=\s+(?:on|off|away|now|there|here|after|before|back|behind)\b)"),
               "rightward"),
              (re.compile(r"(?<![\w'.-])R(?![\w'-])"), "right"),
              (re.compile(r"\bfwd\b", re.IGNORECASE), "forward"), (re.compile(r"\bb(?:ac)?kwd\b", re.IGNORECASE), "back"),
              (re.compile(r"\bcam\b", re.IGNORECASE), "camera"),
              # "scr L", "scrn right": the screen's side
              (re.compile(r"\bscrn?\b(?=\s+(?:L|R|left|right)\b)", re.IGNORECASE), "screen"), (re.compile(r"\bc(?:n)?tr\b\.?", re.IGNORECASE), "centre"),
              (re.compile(r"(?<![\w/])w/(?=\s)", re.IGNORECASE), "with"),
              (re.compile(r"\bpnl\b", re.IGNORECASE), "panel"),   # "back to him in pnl 7": a storyboard's panel
              (re.compile(r"\bdn\b", re.IGNORECASE), "down"), (re.compile(r"\bhd\b", re.IGNORECASE), "head"),
              (re.compile(r"\bdbl\b", re.IGNORECASE), "double"), (re.compile(r"\bsm\b"), "small"),
              (re.compile(r"\blg\b"), "large"), (re.compile(r"\bv\.\s*(?=\w)", re.IGNORECASE), "very "),
              # "turn R 90", "tilt L 15": a bare number after a side is degrees
              (re.compile(r"(?<![\w'-])(L|R|left|right|up|down)\s+(\d{1,3})(?=\s*(?:$|[,;)]|->|=>|/|\bthen\b))"),
               r"\1 \2°"), (re.compile(r"\bhds\b", re.IGNORECASE), "heads"),
              # "hold 1s", "2 sec": a duration, not a count (the plan times steps itself)
              (re.compile(r"\b\d+(?:\.\d+)?\s*(?:s|secs?|seconds?|ms)\b", re.IGNORECASE), " "))
# Speech in double quotes ('"Not a chance." He shakes his head'); the reader keeps its feeling, not its words' motion.
_QUOTED = re.compile(r'"([^"]*\w[^"]*)"')
SPEECH_OPEN, SPEECH_CLOSE = "\u00ab", "\u00bb"
# Speech in single quotes, where a text has no double ones ("0.5 s 'Don't touch that' shake"): an apostrophe before a
# letter ("Don't") stays inside; the opening quote follows no letter and the closing one is followed by none. What is
# said opens or ends a sentence, in two words or more (`_SAID`); one word is a name ("a 'nah' shake",
# "play('recoil')") and a lower-case phrase is quoted ("the nodding 'never stops'"): read as their words, without the
# quotes. A quote after a colon is often the direction itself ("Note to the actor: 'Look left. Look right.'").
# One word shouted or asked with a capital ("the porter cries 'Stop!'", "'Now?'") is said too, not a name.
_SAID = re.compile(r"(?:[A-Z]\S*\s+\S.*|\S+\s+.*[.!?,]|[A-Z][a-z]+[!?]+)$", re.DOTALL)
_SINGLE_QUOTED = re.compile(r"(?<![\w'(=:])(?<!:\s)'(?=[^\s'])((?:[^'\n]|'(?=\w))*?[^\s'])'(?![\w'])")
# A verb said again and again without commas ("nod nod nod") is a count, as with commas.
_REPEATED_VERB = re.compile(r"\b(nod|shake|bob|wag|wobble|nods|shakes|wags|wobbles|bobs|nodded|shook|bobbed|nodding|shaking)(?:(?:\s+and|,)?\s+\1\b)+",
                            re.IGNORECASE)


# Choreography and capture notes time a move to the music or a count ("snaps up on the downbeat, then down on the
# next", "nod on the first beat", "turn R on the count of three"): when, not where; the "then right" after it is the
# same move to the other side.
_ON_THE_BEAT = re.compile(r"\s*\bon\s+(?:the\s+|each\s+|every\s+)?(?:next(?:\s+(?:one|beat|accent|hit|count|bar))?|"
                          r"(?:down|up|off|last|first)?beats?|accents?|hits?|counts?(?:\s+of\s+\w+)?|bars?|snare|kick)\b"
                          r"(?=\s*(?:$|[,.;:!?]|then\b|and\b))", re.IGNORECASE)
# A word said again and again for emphasis ("slow slow slow", "quick, quick", "bigger bigger"): the same word,
# strongly; as a clause of its own it reads as a pause.
_SAID_AGAIN_FOR_EMPHASIS = re.compile(r"\b(fast|quick|quickly|slow|slowly|big|small|tiny|faster|slower|bigger|smaller|"
                                      r"sharp|snappy)(?:[\s,!]+\1\b)+", re.IGNORECASE)
# "shake 2 big", "nod 4, small": a bare number right after a counted verb in a note is how many ("turn R 45" is
# degrees, read after a side).
_BARE_COUNT = re.compile(r"\b(nods?|shakes?|headshakes?|wags?|bobs?|glances?)\s+(\d{1,2})\b(?![.:]\d)"
                         r"(?!\s*(?:times?|x\b|reps?|deg|degrees|\u00b0|%|cm|mm|s\b|secs?|seconds?|frames?|-))", re.IGNORECASE)
# "tilt R max", "turn left, max": as far as it goes (not "2 shakes max", at most two).
_TO_THE_MAX = re.compile(r"\b(left|right|up|down|back|forward|tilt|turn|nod|lean)\s*,?\s+max(?:imum)?\b(?!\s+\d)",
                         re.IGNORECASE)


def _rhythm_and_emphasis(text: str) -> str:
    text = _ON_THE_BEAT.sub("", text)
    text = _SAID_AGAIN_FOR_EMPHASIS.sub(lambda m: f"very {m.group(1)}", text)
    text = _BARE_COUNT.sub(r"\1 \2 times", text)
    return _TO_THE_MAX.sub(r"\1 all the way", text)


# "Only when the judge has finished does she lower her head", "Not until the music stops did he nod": the
# inverted auxiliary starts the main clause, which comes after the time clause ("when …, then she lower …").
_INVERTED = re.compile(r"\b(?:only|not)\s+(when|after|once|until|till|as soon as)\s+([^,;.!?]+?),?\s+(?:do|does|did)\s+"
                       r"(he|she|they|i|you|we)\b", re.IGNORECASE)
# "when he had finished she leaned back", "when at last it rang he flinched", "As he leans forward he turns": the main clause starts at its own
# subject; a comma is put where a writer could have put one. (A moment's clause may run four words past its verb:
# "when she comes back up to centre we see the scar"; a while's, "as he talks about his late wife he …", is left.)
_TIME_CLAUSE_RUN_ON = re.compile(rf"(\b(?:when|once|after|as soon as|the moment|as|while|whilst)\s+(?:at\s+last\s+|finally\s+)?"
                                 rf"(?:{PRONOUN}|it|the\s+\w+)\s+(?:had\s+|has\s+|have\s+)?\w+(?:\s+(?!{PRONOUN}\b)"
                                 rf"[\w'-]+){{0,3}}?)\s+(?={PRONOUN}\s+\w+)", re.IGNORECASE)
_MOMENT_CLAUSE_RUN_ON = re.compile(rf"(\b(?:when|once|after|as soon as|the moment)\s+(?:{PRONOUN}|it|the\s+\w+)\s+\w+"
                                   rf"(?:\s+(?!{PRONOUN}\b)[\w'-]+){{4}})\s+(?={PRONOUN}\s+\w+)", re.IGNORECASE)
# "after a moment of silence he nodded", "after a second or two the guard nods", "after a beat Mira turns": the pause,
# then the clause
# (and with its article dropped, as learners write it: "after long pause she look up")
_PAUSE_RUN_ON = re.compile(rf"(\bafter\s+(?:(?:a|an|one|another)\s+(?:[\w'-]+\s+)?|(?:(?:long|short|brief|little|small)\s+)?)"
                           rf"(?:moment|pause|beat|second|while|"
                           rf"silence|breath|heartbeat|instant)(?:\s+or\s+two)?(?:\s+of\s+(?:silence|thought|hesitation|stillness))?)"
                           rf"\s+(?=(?:{PRONOUN}|the\s+[\w'-]+|(?-i:[A-Z][a-z]+))\s+\w+)", re.IGNORECASE)
_PAUSE_ASIDE = re.compile(r"[(\[]\s*((?:a\s+)?(?:(?:long|short|brief|little|small)\s+)?(?:beat|pause))\s*(?:,\s*then\s*)?[)\]]",
                          re.IGNORECASE)
_ONLY_THEN = re.compile(r"\bonly\s+then\s+(?:do|does|did)\s+(he|she|they|i|you|we)\b", re.IGNORECASE)


# "Shot 5 / frames 1-90: …", "CH_Tess / clip_022: …": a slash inside a label before its colon joins the label's parts
_LABEL_SLASH = re.compile(r"(?<=\w)\s+/\s+(?=[\w.-]+(?:\s+[\w.-]+){0,2}\s*:(?!\d))")


# A game script's calls ("head.turn(left)", "nod(2)", "Head.Tilt(R)"): the object and the method are words, the
# arguments in brackets right after the name are what the motion takes (a side, a count), not an aside.
_DOTTED_CALL = re.compile(r"\b[A-Za-z]{2,}(?:[._][A-Za-z]{2,})+(?=\()")
# A script's wait ("wait(1.0)", "yield WaitForSeconds(0.5)", "sleep(2)", "hold(0.25)"): a pause where it falls.
_WAIT_CALL = re.compile(r"\b(?:yield\s+(?:return\s+)?(?:new\s+)?)?(?:wait|sleep|delay|waitforseconds|pause|hold)\s*\(\s*\d+(?:\.\d+)?"
                        r"\s*(?:s|f)?\s*\)\s*;?", re.IGNORECASE)
_CALL_ARGUMENTS = re.compile(r"(?<=[A-Za-z])\((?!s\))([^()\n]{1,30})\)")
# A script's verb that plays an animation named by its identifier ("play head_bob;", "PlayAnim(head_dip)",
# "trigger nod_small"): the identifier is the motion, the verb is the engine's.
_PLAY_CALL = re.compile(r"\b(?:play|trigger|queue|fire|start)(?:[ _]?anim(?:ation)?)?\s+(?=(?:head|neck)_[a-z]|"
                        r"(?:nod|shake|tilt|turn|look|glance|lean|bow|recoil|flinch)[a-z]*_)", re.IGNORECASE)


def _calls(text: str) -> str:
    text = _WAIT_CALL.sub(". A pause. ", text)
    text = _CALL_ARGUMENTS.sub(lambda m: f" {m.group(1).replace(',', ' ')}", _DOTTED_CALL.sub(_call_words, text))
    return _PLAY_CALL.sub("", text)


def _call_words(m: re.Match) -> str:
    """A call's object and method as words; a call after code or a comment's words, not after a linking word, starts a
    statement of its own ("wait(1)  // beat  boss.head.tilt(R)": the beat, then the tilt)."""
    before = m.string[:m.start()].rstrip()
    own = before and not re.search(r"(?:^|\W)(?:then|and|but|or|so|to|,)$", before, re.IGNORECASE)
    return (". " if own else "") + re.sub(r"[._]", " ", m.group(0))


# "glance: down", "turn_head: right   # …": a motion and its side as a key and its value, one step.
_KEY_AND_SIDE = re.compile(r"\b((?:head[_ ]?)?(?:glance|look|turn|tilt|lean)s?(?:[_ ]head)?)\s*[:=]\s*(left|right|up|down|forward|"
                           r"back|L|R)\b(?=[ \t]*(?:$|#|//|[,;.)\]]))", re.IGNORECASE | re.MULTILINE)


# An animation event list's names and fields ("HeadTurn side=R speed=slow", "HeadShake count=2"): the words they
# join ("head turn right slow", "head shake 2 times"), as a person would write them.
_CAMEL_MOTION = re.compile(r"\b(Head|Look|Glance|Neck)(Turn|Shake|Nod|Tilt|Bob|Lean|Around|Down|Up|Left|Right|Away|Back)"
                           r"((?:Left|Right|Up|Down|Back|Forward|Slow|Fast|Small|Big)?)\b")
_EVENT_FIELD = re.compile(r"\b(?:(side|dir|direction|speed|amp|amplitude|size)|(count|reps|repeats|times|n))\s*=\s*([\w.]+)",
                          re.IGNORECASE)


def _event_words(text: str) -> str:
    text = _CAMEL_MOTION.sub(lambda m: " ".join(w.lower() for w in m.groups() if w), text)
    return _EVENT_FIELD.sub(lambda m: f"{m.group(3)} times" if m.group(2) else m.group(3), text)


# "turn your head, just your head, over your right shoulder": the head said again to leave the body out, not a clause
_JUST_THE_HEAD = re.compile(r",\s*(?:just|only)\s+(?:your|his|her|their|the|my)\s+head\s*(?=,)", re.IGNORECASE)


# "The turn is too snappy. After the turn she should hold": the step said before, named to say when; "then"
_STEP_NOUN = r"(turn|nod|tilt|shake|headshake|glance|look|lean|flinch|recoil)(?:s|es)?"
_AFTER_THE_STEP = re.compile(r"(?:(?<=[.;:!?)]\s)|(?<=^)|(?<=\d\)\s))after\s+(?:the|that|this|his|her|their|your)\s+"
                             rf"{_STEP_NOUN}\s*,?\s+(?=(?:he|she|they|you|we|i)\s)", re.IGNORECASE)
# … and said at the end of a clause after it ("She flinches. Hold after the flinch, eyes wide."): when, no step
_AFTER_THE_STEP_AT_END = re.compile(rf"(?<=\w)\s+(?:right\s+|just\s+|straight\s+)?after\s+(?:the|that|this|his|her|their|your)\s+"
                                    rf"(?:\w+\s+)?{_STEP_NOUN}(?=\s*(?:[.;!?,]|$))", re.IGNORECASE | re.MULTILINE)


# ("Put the turn after the nod", "the shake should come after the look": a step moved, read by `take_notes`)
_MOVES_IT = re.compile(r"\b(?:(?:put|move|place)\s+(?:the|that|this|his|her|their|your)\s+(?:\w+\s+)?\w+|comes?|go(?:es)?|happens?)$",
                       re.IGNORECASE)


def _after_the_step(text: str) -> str:
    def said_before(m: re.Match) -> bool:
        return bool(re.search(rf"\b{m.group(1)}", text[:m.start()], re.IGNORECASE))
    text = _AFTER_THE_STEP.sub(lambda m: "then " if said_before(m) else m.group(0), text)
    return _AFTER_THE_STEP_AT_END.sub(lambda m: "" if said_before(m) and not _MOVES_IT.search(m.string[:m.start()])
                                      else m.group(0), text)


# A file name ("village_docks.scene", "hero_tk3.fbx"): one word; its dot ends no sentence
_FILE_NAME = re.compile(r"\b([A-Za-z0-9-]*[_\d][\w-]*)\.([a-z]{2,5})\b")


# A motion named as an identifier ("look_down, look_up", "nod_twice", "head_turn_left"): its words, so a list of
# them is a list of steps and a count or side in it is read.
_SNAKE_MOTION = re.compile(r"\b((?:head_)?(?:look|turn|tilt|lean|glance|nod|shake|headshake|wag)s?"
                           r"(?:_(?:head|left|right|up|down|forward|back|around|away|slow|fast|small|big|once|twice|"
                           r"thrice|l|r)){1,2})\b(?![.\w])", re.IGNORECASE)


def normalise(text: str) -> str:
    text = _SNAKE_MOTION.sub(lambda m: m.group(1).replace("_", " "), _TAKE_MARK.sub(lambda m: m.group(1) or "", text))
    text = _FILE_NAME.sub(r"\1_\2", text)
    text = _KEY_AND_SIDE.sub(r"\1 \2", _event_words(_after_the_step(_JUST_THE_HEAD.sub("", text))))
    text = _calls(_LABEL_SLASH.sub(" ", text))
    text = plain_learner_english(plain_chat(plain_layout(text)))
    text = _mark_items(_chat(names_in_capitals(_FRAMING.sub(" ", _PANEL_FRAMING.sub(r"\1", _SHOT_ROW.sub(". ", _SCREENPLAY.sub(" ", text)))))))
    text = _CAMERA_MOVE.sub(" ", _PRODUCTION_NUMBER.sub(r"\1", text))
    for pattern, replacement in _SHORTHAND:
        text = pattern.sub(replacement, text)
    # "tilt up right after the nod", "glance L right before it": after a side, "right" says when, not a second side
    text = re.sub(r"\b(left|right|up|down)\s+right\s+(?=(?:after|before)\b)", r"\1 just ", text, flags=re.IGNORECASE)
    text = _rhythm_and_emphasis(text)
    # "slow nod, three reps", "wobble L-R, 4 cycles", "nod (3)": repetitions in a capture log are a count
    text = re.sub(r"\b(\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten)\s+(?:reps?|repetitions?|cycles?|loops?|"
                  r"iterations?|oscillations?)\b", r"\1 times", text, flags=re.IGNORECASE)
    text = re.sub(r"\b(nods?|shakes?|wags?|glances?|bobs?|wobbles?)\s*\((\d{1,2})\)", r"\1 \2 times", text,
                  flags=re.IGNORECASE)
    # "Keep the head moves small": the size of every step, no pose held
    text = re.sub(r"\b(?:and\s+)?keep\s+(?:the|all|all\s+the|your|his|her|their|every)\s+(?:head\s+)?(?:moves?|movements?|motions?)\s+"
                  r"(?:small|subtle|tiny|minimal|contained|tight|little)\b", " ", text, flags=re.IGNORECASE)
    # "She scans the treeline. Nothing.": what a search finds (nothing there), not a pause
    text = re.sub(r"\b((?:scan|search|peer|look|check|sweep|study|studies|squint)\w*\b[^.!?\n]*[.!?])\s+(?:nothing|no\s+one|"
                  r"nobody|empty)(?:\s+(?:there|at\s+all|yet))?\s*[.!](?=\s|$)", r"\1", text, flags=re.IGNORECASE)
    # "Four times in an hour.": the count, and the stretch of time it falls in, which is no part of the motion
    text = re.sub(r"\b((?:\d{1,2}|two|three|four|five|six|seven|eight|nine|ten)\s+times)\s+(?:in|within|over)\s+"
                  r"(?:a|an|one|the|\d+)\s+(?:(?:single|whole|few|couple\s+of|last|next)\s+)?"
                  r"(?:seconds?|minutes?|hours?|days?|mornings?|evenings?|nights?|afternoons?|breaths?)\b", r"\1", text,
                  flags=re.IGNORECASE)
    # "looks around every few seconds", "glances R every 3 s": how often a loop plays, over and over, not a count
    text = re.sub(r"\b(?:every|each)\s+(?:few|couple\s+of|\d+|other|so\s+many)\s+(?:seconds|secs|s|minutes|mins|"
                  r"frames|beats)\b", "repeatedly", text, flags=re.IGNORECASE)
    # "(own left)", "(from her POV)": whose side it is, which a side already says (the character's own)
    text = _WHOSE_SIDE.sub(lambda m: " " if re.search(r"\b(?:left|right)\b[^.;!?]*$", text[:m.start()], re.IGNORECASE)
                           else m.group(0), text)
    # "Face from take 5 (neutral) is fine": the face's state named in brackets, no rest pose of the head
    text = re.sub(r"\b(face|expression)\b([^.;:!?()]{0,25}?)\s*\(\s*(neutral|blank|calm)\s*\)", r"\1\2, a \3 face,", text,
                  flags=re.IGNORECASE)
    # "Face + head: smile, nod": what a capture covers, not what it does
    text = re.sub(r"\b(?:face|head|eyes|body|brows|neck)(?:\s*(?:\+|&|and|/)\s*(?:face|head|eyes|body|brows|neck))+\s*:\s*",
                  " ", text, flags=re.IGNORECASE)
    # "Subject turns head L", "Talent: nod", "char leans back": the one captured, in a capture log's words
    text = re.sub(r"(?:^|(?<=[.;:!?]\s)|(?<=[.;:!?]))\s*(?:the\s+)?(?:subject|talent|char|character|actor|performer)\b"
                  r"(?=\s+[a-z]|'s\b)", " The actor", text, flags=re.IGNORECASE)
    # "upper face only", "eyes only": what a capture layer or a shot covers, not a pose
    text = re.sub(r"\b(?:(?:upper|lower|full)\s+)?(?:face|eyes|brows|mouth|lips|body)\s+only\b", " ", text,
                  flags=re.IGNORECASE)
    # "A small smile, head still.": the face, and the head held, two things said
    text = re.sub(r",\s*(?:with\s+)?(?:the\s+|her\s+|his\s+|their\s+)?head\s+((?:perfectly\s+|completely\s+|dead\s+)?"
                  r"(?:still|motionless|locked|steady|unmoving))\s*(?=[.;!?]|$)", r". Head \1", text, flags=re.IGNORECASE)
    # "x4, then still", "and still.": stillness said by its adjective alone
    text = re.sub(r"\b(then|and|now)\s+(?:dead\s+|completely\s+)?still\s*(?=[.,;!?]|$)", r"\1 holds still", text,
                  flags=re.IGNORECASE)
    # "00:00 still.", "f0 still": stillness said by its adjective alone as a note of its own is the head held
    text = re.sub(rf"(?:^|(?<={_ITEM}))\s*(?:dead\s+|completely\s+|totally\s+)?(?:still|motionless)\s*(?=[.;!?]|{_ITEM}|$)",
                  " holds still", text, flags=re.IGNORECASE)
    # "nod x3, still tilted", "nod loop (keep the tilt)": the pose taken before is kept while the motion goes on
    # (read with it, `back_references.runs_over_held_pose`), not taken again
    text = re.sub(r"(?:(?<=[,;(])|^)\s*(?:and\s+)?(?:still|kept)\s+(tilted|turned|cocked|lowered|bowed)\s*(?=[,.;!?)]|$)",
                  r" keeping it \1", text, flags=re.IGNORECASE)
    text = re.sub(r"\b(?:keep|keeps|keeping)\s+(?:the|that|this|your|his|her)\s+(tilt|turn)\s*(?=[,.;!?)]|$)",
                  r"keeping it \1ed", text, flags=re.IGNORECASE)
    # "Smile on the lean", "blink on the turn": when the face moves, timed to a step already said, not a step
    text = re.sub(r"\b((?:smil|grin|laugh|frown|blink|wink|smirk|scowl|beam|gasp|sigh|sneer|pout)\w*)\s+on\s+the\s+"
                  r"(?:lean|nod|turn|tilt|shake|look|glance)\b(?=\s*(?:[,.;!?]|$))", r"\1", text, flags=re.IGNORECASE)
    # "turn L (slow ease)", "ease in/out": a dope sheet's easing is how the move goes, not a step
    text = re.sub(r"\b(?:slow|gentle|soft|long)\s+eas(?:e|ing)(?:[\s-]+(?:in|out)(?:\s*(?:/|and|-)\s*out)?)?\b", "slowly", text,
                  flags=re.IGNORECASE)
    text = re.sub(r"\beas(?:e|ing)[\s-]+(?:in|out)(?:\s*(?:/|and|-)\s*out)?\b", "smoothly", text, flags=re.IGNORECASE)
    # "returns to idle", "back to idle pose": a game's idle is its rest pose
    text = re.sub(r"\b(to|into)\s+(?:its\s+|the\s+|his\s+|her\s+)?idle(?:\s+(?:pose|loop|anim(?:ation)?|state))?\b",
                  r"\1 neutral", text, flags=re.IGNORECASE)
    # "Nods: 2" in a shot list: the number after the colon is a count
    text = re.sub(r"\b(nods?|shakes?|wags?|glances?|bobs?)\s*:\s*(\d{1,2})\b(?![:.]\d)", r"\1 \2 times", text,
                  flags=re.IGNORECASE)
    # ("nodded and nodded", the verb twice with "and", is the idiom of going on: over and over; written out three
    # times, "nods and nods and nods", it is counted)
    text = _REPEATED_VERB.sub(lambda m: f"{m.group(1)} over and over" if re.fullmatch(r"(\w+)\s+and\s+\1", m.group(0),
                                                                                      re.IGNORECASE)
                              else ", ".join(w for w in re.split(r"[\s,]+", m.group(0)) if w.lower() != "and"), text)
    # "nods like mad": how hard, not a feeling
    text = re.sub(r"\blike (?:mad|crazy|anything|the clappers)\b", "vigorously", text, flags=re.IGNORECASE)
    text = re.sub(r"(?:^|(?<=\s))\(?(\d{1,2})\)(?=\s)", r"\1.", text)   # "1) look up" → "1. look up"
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    if '"' not in text:
        text = _SINGLE_QUOTED.sub(lambda m: f'"{m.group(1)}"' if _SAID.match(m.group(1)) else m.group(1), text)
    if _QUOTED.sub("", text).strip(" .,;:!?"):
        # What someone says in quotes is dialogue, not direction: a sentence of its own, marked as speech
        text = _QUOTED.sub(lambda m: f". {SPEECH_OPEN}{re.sub(r'[.,;:!?]+', ' ', m.group(1)).strip()}{SPEECH_CLOSE}. ",
                           text)
    # "(beat) Nods.", "(long pause)": a pause of its own, then what follows
    text = _PAUSE_ASIDE.sub(lambda m: f". {m.group(1)}, then ", text)
    text = re.sub(r"[()\[\]]", ", ", text)
    text = re.sub(r"\s+[-\u2013\u2014]+\s+|\u2014", ", ", text)
    text = text.replace("&", " and ")
    text = _INVERTED.sub(lambda m: f"{m.group(1)} {m.group(2)}, then {m.group(3)}", text)
    text = _TIME_CLAUSE_RUN_ON.sub(lambda m: f"{m.group(1)}, ", text)
    text = _MOMENT_CLAUSE_RUN_ON.sub(lambda m: f"{m.group(1)}, ", text)
    text = _PAUSE_RUN_ON.sub(lambda m: f"{m.group(1)}, ", text)
    text = _ONLY_THEN.sub(lambda m: f"then {m.group(1)}", text)
    text = _ITEM_END.sub(". ", text)   # each item a sentence; a "then" or a comma before it says no more
    text = " ".join(text.split()).lstrip(". ")
    text = re.sub(r"\.(?:\s+\.)+", ".", text)   # an item marked twice ("[tilt_L] [nod]") is one sentence end
    # "f0 neutral > f48 head turned R …", "Start neutral. Nod twice.": where a take starts is no step
    # ("Clip 4: begin facing forward. Tilt L.", "Take 2. Start looking straight ahead, arms down.": nor after a label)
    return _START_FACING.sub("", _START_AT_REST.sub("", text))


# "for shot 70", "sc 40", "sh 070", "ep 4", "panel 3": which shot or page is meant, a label, not a count.
_PRODUCTION_NUMBER = re.compile(r"\b((?:shot|sh|sc|scene|ep|episode|seq|sequence|panel|pnl|page|pg)\.?)\s*#?\d{1,4}[a-z]?\b(?![:.,]\d)",
                                re.IGNORECASE)
# A move of the camera, not of the head: the camera as the one moving ("camera tilts up to the sky", "the cam pans
# left"), or a shot list's bare camera direction ("Pan left to the teacher.", "Whip pan to Jed.", "Slow dolly in on
# Tom.", "Track in along the street."). (A bare "tilt up" or "pull back" is left alone: it may be the head.)
# ("push in on Tom as he nods", "Camera tilts up -- Maya looks up": the nod and the look stay)
_UNTIL_THE_PERSON = r"(?:(?!\b(?:as|while|who|when|and|where)\b|\s*(?:--|\u2014|\u2013|//))[^.;!?])*"
_CAMERA_MOVE = re.compile(rf"\b(?:the\s+)?(?:camera|cam)\s+(?:\w+ly\s+|then\s+)?(?:pan|tilt|track|dolly|dollie|zoom|push|pull|"
                          rf"crane|swing|whip|drift|boom|arc|orbit|truck)(?:s|es|ed|ing)?\b{_UNTIL_THE_PERSON}|"
                          rf"(?:(?<=[.;:!?]\s)|(?<=\dmm\s)|^)(?:(?:slow|fast|quick|whip|gentle|static)\s+)*(?:pan(?:s|ning)?|dolly|"
                          rf"zoom|track)(?:\s+(?:in|out|back|left|right|up|down|across|along|over|past|on|to|"
                          rf"away)\b{_UNTIL_THE_PERSON}|(?=\s*[.;!?]))", re.IGNORECASE)
_WHOSE_SIDE = re.compile(r"\(\s*(?:from\s+)?(?:(?:his|her|their|the\s+)?\s*(?:own|character'?s?|actor'?s?|performer'?s?|"
                         r"subject'?s?)|his|her|their)\s+(?:own\s+)?(?:left|right|pov|point\s+of\s+view|side)\s*\)",
                         re.IGNORECASE)
_START_FACING = re.compile(r"(?:(?<=[.;:!?]\s)|^)(?:start(?:s|ing)?|begin(?:s|ning)?)\s+(?:off\s+)?(?:facing|looking)\s+"
                           r"(?:front|forward|straight(?:\s+ahead)?|ahead|(?:the\s+)?(?:camera|lens)|cent(?:re|er))\b\s*(?:[.;!?,]\s*|$)",
                           re.IGNORECASE)
# A take's mark in a capture log or a director's notes ("Take 9 (circled)", "Tk 2, circled", "the circled take"):
# which take is kept, no circling of the head.
_TAKE_MARK = re.compile(r"(?<=\d)(\w?\s*)(?:\(\s*circled\s*\)|,\s*circled\b)|\bcircled\s+(?=takes?\b)", re.IGNORECASE)
_START_AT_REST = re.compile(r"^(?:(?:start(?:s|ing)?|begin(?:s|ning)?)\s+(?:at|from|in)\s+|from\s+)?(?:the\s+)?"
                            r"(?:neutral|rest|cent(?:re|er))(?:\s+pose)?\s*[.;,]\s*(?:then\s+)?(?=\w)", re.IGNORECASE)
