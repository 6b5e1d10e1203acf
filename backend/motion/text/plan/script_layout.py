"""The layout of screenplays and game scripts made prose before the shorthand is spelled out (`scripts.py`):

- a scene heading or a transition on a line of its own ("EXT. PIER - NIGHT", "CUT TO:", "SUPER: TWO WEEKS
  LATER", "INTERCUT WITH:") and a camera direction before a name ("ANGLE ON NINA, who …", "Close on MAYA.") say
  nothing of the head: dropped;
- a character cue on a line of its own, with its parentheticals and its dialogue ("TOM (V.O.)\\n(nodding)\\nSure."):
  the parenthetical is what the character does, the line under it is what they say (speech, in quotes); whom the
  line is said to ("(to camera, bone dry)", "(into the phone)") is where the words go, no move of the head;
- a name written in capitals (a screenplay's character on first appearance, a cue) is a name: "MARA looks up" is
  read as "Mara looks up", which a sentence vector reads as it reads any name;
- markup a game script puts its animations in ("[anim: nod]", "<shake_head>", "{emote: bow}", "*nods*",
  "<anim=glance_right>") is the animation it names, a sentence of its own; attributes may name it, count it and
  give its side ('<anim head="nod" count="3"/>'), as may a script's object ('{a: "tilt", side: "left"}');
- a table of shots or animations (cells between bars, or apart by wide gaps) is read row by row, each cell by its
  column's heading; a game script written as code loses its comments, its quoted motions in a list are steps;
  lines opening with a hyphen are a list's items.
"""

from __future__ import annotations

import csv
import re

from .take_notes import chosen_branch, chosen_take
from .threads import HEAD_MOTION, settled_thread

# A scene heading or a transition that fills its line.
_HEADING_LINE = re.compile(r"^[ \t]*(?:(?:INT|EXT|INT\./EXT|EXT\./INT|I/E)\.?\s[^a-z\n]*|"
                           r"(?:(?:CUT|SMASH CUT|MATCH CUT|JUMP CUT|DISSOLVE|FADE|WIPE|BACK|FLASH CUT)\s+TO|FADE IN|"
                           r"FADE OUT|FADE TO BLACK|INTERCUT(?:\s+WITH)?|BACK TO SCENE|CONTINUOUS|LATER|MOMENTS LATER|"
                           r"FLASHBACK|END FLASHBACK|BACK TO PRESENT|MONTAGE|END MONTAGE|SERIES OF SHOTS|"
                           r"(?:END\s+)?SLOW MOTION|TITLE CARD|(?:SUPER|TITLE|CHYRON|CARD)\s*:[^a-z\n]*)\b[^a-z]*)$",
                           re.MULTILINE)
# The same words opening a sentence of running text ("CUT TO: Leo stares…", "SLOW MOTION: Sam turns…").
_TRANSITION = re.compile(r"(?:^|(?<=[.!?:]\s)|(?<=\n))\s*(?:(?:CUT|SMASH CUT|MATCH CUT|JUMP CUT|DISSOLVE|FADE|BACK)\s+TO|"
                         r"FADE IN|INTERCUT(?:\s+WITH)?|BACK TO SCENE|CONTINUOUS|(?:END\s+)?SLOW MOTION|"
                         r"MOMENTS LATER|(?:SUPER|TITLE)\s*:\s*[A-Z0-9 ,'-]+?(?=\s+[A-Z][a-z]|$))\s*[:.-]?\s*")
# A camera direction before who it is on: "ANGLE ON NINA, who slowly shakes her head", "Close on MAYA." The name
# stays (it is the character); a relative "who" after it opens what the character does.
_CAMERA_ON = re.compile(r"(?:^|(?<=[.!?:]\s)|(?<=\n))\s*(?i:(?:extreme\s+)?close(?:[- ]?up)?\s+on|angle\s+on|"
                        r"tight\s+on|wide\s+on|push\s+in\s+on|pan\s+to|tracking|favou?ring|we\s+hold\s+on|"
                        r"hold\s+on|back\s+on|ecu|mcu|cu)\s*:?\s+(?=[A-Z])")
# A character's age and a word about them in brackets after their name in capitals ("ALMA (20s) waits", "ELI (19)
# won't look", "LEON (60s, regular) stares"): who they are, not a clause; the name stays the subject of its verb.
_AGE_AFTER_NAME = re.compile(r"(?<=[A-Z]{2})\s*\((?:early\s+|mid\s*-?\s*|late\s+)?(?:\d0s|\d{2})\b[^()\n]{0,60}\)(?=\s+[a-z])")
_WHO_AFTER_NAME = re.compile(r"^(\s*[A-Z][\w'\u2019.-]*(?:\s+[A-Z][\w'\u2019.-]*){0,2}),\s+who\s+", re.MULTILINE)

# A character cue: a name in capitals filling its line, with its extensions ("(V.O.)", "(CONT'D)", "(30s)").
_CUE = re.compile(r"^\s*([A-Z][A-Z'\u2019.-]*(?:\s+[A-Z][A-Z'\u2019.-]*){0,2})\s*((?:\([^)\n]*\)\s*)*)$")
_PARENTHETICAL = re.compile(r"^\s*\(([^)\n]*)\)\s*$")
_EXTENSION = re.compile(r"\((?:V\.?O\.?|O\.?S\.?|O\.?C\.?|CONT'?D|CONT\u2019D|CONTINUING|ON (?:PHONE|RADIO|TV)|"
                        r"INTO PHONE|FILTERED|PRE-LAP)\)", re.IGNORECASE)

# Whom a line is said to, in its parenthetical ("(to camera, bone dry)", "(to Mia; quietly)", "(into the phone)"):
# where the words go, not a move of the head; a verb of its own ("(turning to camera)") is one.
_ADDRESSED = re.compile(r"(?:^|(?<=[,;]))\s*(?:still\s+|now\s+|then\s+)?(?:to|into|towards?)\s+(?!(?:the\s+|his\s+|her\s+|"
                        r"their\s+|one\s+)?(?:left|right|side|floor|ground|ceiling|sky|window|door)\b)"
                        r"[\w'\u2019. -]+?\s*(?=[,;]|$)", re.IGNORECASE)

_NOT_CUES = frozenset("BEAT PAUSE SILENCE NOTHING LATER CONTINUOUS BLACK SLOW END".split())

# Capitals that are production shorthand rather than names; kept as written.
_ABBREVIATIONS = frozenset(
    "NG OK CU MCU ECU ELS ES LS MS MLS MCS WS OTS POV NPC NPCS PC VO OS OC TC ROM SFX VFX FX INT EXT TK SC SH FR "
    "ID TV UK US USA LA NYC FBI CIA AI DP AD FPS CG BG FG DOF CONT'D V.O. O.S. O.C. I/E HUD UI QTE VR AR "
    "MOCAP MOC FACS BVH FBX ADR ASAP NB PS".split())
_CAPS_WORD = re.compile(r"(?<![\w'\u2019])([A-Z][A-Z'\u2019]*[A-Z])(?![\w'\u2019])")

# Game-script markup: the tag's name is the animation ("[anim: head_nod_small x2]", "<emote=bow>", "*nods*").
_TAG = re.compile(r"\[\s*([^\]\n]{1,60}?)\s*\]|<\s*([^<>\n]{1,60}?)\s*>|\{\s*([^{}\n]{1,60}?)\s*\}|"
                  r"(?<![\w*])\*(?!\s)([^*\n]{1,60}?)(?<!\s)\*(?![\w*])")
_TAG_KIND = re.compile(r"^(?:anim(?:ation)?|emote|gesture|action|act|head|face|expr(?:ession)?|react(?:ion)?|"
                       r"play|do|cmd|line|vo|say|text|wait|pause|delay)\s*[:=]\s*", re.IGNORECASE)
# A tag that is an animation by its first word ("<nod>", "[Turn away]", "*shakes head*", "[tilt head R]").
_MOTION_TAG = re.compile(r"^(?:head[\s_-]*)?(?:nod|shak|headshake|headnod|tilt|turn|look|glanc|lean|bow|hold|paus|wait|"
                         r"flinch|recoil|freez|smil|grin|frown|scowl|sigh|laugh|shrug|gasp|winc|beat|stare|glar|peek|"
                         r"duck|rais|lower|narrow|roll|blink|idle|still)\w*", re.IGNORECASE)
_LABEL_TAG = re.compile(r"^(?:scene|sc|shot|sh|beat|take|tk|cutscene|cinematic|sequence|seq|chapter|act|part|node|branch|"
                        r"line|dialogue|sfx|fx|music|sound|vo|audio|camera|cam|trigger|state|event|id)\b", re.IGNORECASE)
_SPOKEN_TAG = re.compile(r"^(?:line|vo|say|text|subtitle)\s*[:=]", re.IGNORECASE)


# Markup that names its animation in attributes ('<anim name="nod_once"/>', '<anim head="nod" count="3"/>',
# '<gesture type="tilt" side="L" repeat="1"/>', a script's object '{a: "tilt", side: "left", speed: "slow"}'): which
# attribute names the motion (or, with no such name, the first value that is a motion), which counts it, which gives
# its side and its speed.
_ATTRIBUTE = re.compile(r"""\b([a-z_]+)\s*[=:]\s*["']([^"']*)["']""", re.IGNORECASE)
_ATTRIBUTE_NAMES = re.compile(r"""\b(?:name|id|anim|clip|emote|gesture|type|head|action|motion|move)\s*[=:]\s*["']([^"']+)["']""",
                              re.IGNORECASE)
_COUNT_ATTRIBUTES = ("count", "times", "repeat", "repeats", "reps", "loops", "n")
_SIDE_ATTRIBUTES = ("side", "dir", "direction")
_SPEED_ATTRIBUTES = ("speed", "tempo", "pace", "size", "amp", "amplitude")


# A tag made of fields ("{Mara | head: nod x2 | face: smile}"): each field is read as a tag of its own.
_FIELD = re.compile(r"\s*\|\s*")
# A name alone in a tag ("{Mara} frowns", "[Otto]"): who the line is for, the name said.
_NAME_TAG = re.compile(r"^[A-Z][a-z'\u2019-]+(?:\s+[A-Z][a-z'\u2019-]+)?$")
# A count given as an attribute without quotes ("[anim:head_nod count=2]", "{nod, reps: 3}"): how many.
_BARE_COUNT_ATTRIBUTE = re.compile(r"[\s,]+\b(?:count|times|repeats?|reps|loops|n)\s*[=:]\s*(\d{1,2})\b", re.IGNORECASE)


def _tag(match: re.Match) -> str:
    body = next(g for g in match.groups() if g is not None)
    if "|" in body and match.group(0)[0] in "[{<":
        fields = [f for f in _FIELD.split(body) if f.strip()]
        return " ".join(_tag(re.match(r"\[(.*)\]", f"[{f}]")) if not _NAME_TAG.match(f.strip()) else f" {f.strip()}: "
                        for f in fields)
    if _NAME_TAG.match(body.strip()) and match.group(0)[0] in "[{" and not _MOTION_TAG.match(body) \
            and not _LABEL_TAG.match(body):
        return f" {body.strip()} "
    body = _BARE_COUNT_ATTRIBUTE.sub(r" x\1", body)
    said = {m.group(1).lower(): m.group(2) for m in _ATTRIBUTE.finditer(body)}
    named = _ATTRIBUTE_NAMES.search(body)
    motion = named.group(1) if named else next((v for k, v in said.items() if _MOTION_TAG.match(v)
                                                 and k not in _SIDE_ATTRIBUTES + _SPEED_ATTRIBUTES), None)
    if motion:
        # '<anim name="nod_once"/>', '<anim head="nod" count="3"/>': the animation its attribute names, with the
        # count, the side and the speed its other attributes give (a count=3 without quotes is already " x3")
        count = next((said[k] for k in _COUNT_ATTRIBUTES if k in said and said[k].strip().isdigit()), None)
        side = next((said[k] for k in _SIDE_ATTRIBUTES if k in said), "")
        speed = next((said[k] for k in _SPEED_ATTRIBUTES if k in said), "")
        bare = re.search(r" x\d{1,2}\b", body)
        body = (f"anim: {motion}" + (f" {side}" if side else "") + (f" {speed}" if speed else "")
                + (f" x{count.strip()}" if count else bare.group(0) if bare else ""))
    if _SPOKEN_TAG.match(body):
        return f' "{_TAG_KIND.sub("", body).strip(chr(34) + " ")}". '
    kind = re.match(r"^(wait|pause|delay)\b", body, re.IGNORECASE)
    tagged = _TAG_KIND.match(body) is not None
    body = _TAG_KIND.sub("", body)
    if kind:
        body = f"pause {body}"
    # "head_tilt_L", "shake-head", "lookLeft": the words of an animation's name
    body = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", body) if not body.isupper() else body
    body = re.sub(r"[_]+", " ", body).strip()
    if not (tagged or _MOTION_TAG.match(body)):
        if _LABEL_TAG.match(body):
            return " "   # "[Scene 3, beat 2]", "[SFX: thunder]", "[CUTSCENE 04]": where in the script, what is heard
        return f" {match.group(0)} "
    return f". {body}. "


# After an animation tag, a line with no word of motion in it is what the character says ("<nod> Follow me.",
# "[shake_head] You can't pass."): quoted, so that a spoken "Aye" or "No" is not read as a nod or a shake.
_MOTION_WORD = re.compile(r"\b(?:nod|shak|turn|look|tilt|lean|glanc|bow|hold|paus|freez|froze|gaz|star|glar|smil|grin|"
                          r"frown|scowl|laugh|flinch|recoil|rais|lift|lower|drop|duck|peek|peer|head|eyes|face|chin|"
                          r"he|she|they|his|her|then|while)\w*", re.IGNORECASE)


def _game_markup(text: str) -> str:
    if not re.search(r"[\[<{*]", text):
        return text
    out, at = [], 0
    for m in _TAG.finditer(text):
        out.append(text[at:m.start()])
        tag = _tag(m)
        out.append(tag)
        at = m.end()
        if tag.startswith(". "):
            line = re.match(r"\s*([^\[<{*\n\"]+?)\s*(?=[\[<{*\n]|$)", text[at:])
            if line and re.search(r"[A-Za-z]", line.group(1)) and not _MOTION_WORD.search(line.group(1)):
                out.append(f' "{line.group(1)}". ')
                at += line.end()
    out.append(text[at:])
    return "".join(out)


def _cues_and_dialogue(text: str) -> str:
    """Cue lines with their parentheticals and dialogue → '<Name> (<parenthetical>). "<dialogue>".'"""
    if "\n" not in text:
        return text
    lines = text.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        cue = _CUE.match(lines[i])
        if cue and not cue.group(1).endswith(".") and cue.group(1).split()[0] not in _NOT_CUES and i + 1 < len(lines) and lines[i + 1].strip() and not _HEADING_LINE.match(lines[i]):
            name = cue.group(1).title()
            asides = [a for a in re.findall(r"\(([^)]*)\)", _EXTENSION.sub("", cue.group(2)))
                      if not re.fullmatch(r"\s*\d+s?\s*|\s*(?:late|early|mid)?[- ]?\d+s\s*", a)]
            j = i + 1
            while j < len(lines) and _PARENTHETICAL.match(lines[j]):
                asides.append(_PARENTHETICAL.match(lines[j]).group(1))
                j += 1
            # "(shakes his head, then)": the "then" leads into the line spoken
            asides = [re.sub(r"[,;]?\s*then\s*[,:]?\s*$", "", a.strip()) for a in asides]
            asides = [_ADDRESSED.sub("", a).strip(" ,;") for a in asides]
            parts = [f"{name} ({a})." for a in asides if a] or [f"{name}."]
            if j < len(lines) and lines[j].strip() and not _CUE.match(lines[j]):
                # the line spoken; a parenthetical inside it ("I know. (beat) I'm sorry.") is done, not said
                for k, piece in enumerate(re.split(r"\(([^)]*)\)", lines[j].replace(chr(34), ""))):
                    if piece.strip(" .,;:"):
                        parts.append(f"{name} ({piece.strip()})." if k % 2 else f'"{piece.strip()}".')
                j += 1
            out.append(" ".join(parts))
            i = j
            continue
        out.append(lines[i])
        i += 1
    return "\n".join(out)


# A feeling written in capitals, as a script's constant or a preset's name ("face.set(CONTEMPT)", "expr=ANGRY"): the
# feeling's word, no one's name.
_FEELINGS_IN_CAPITALS = frozenset("HAPPY SAD ANGRY CONTEMPT CONTEMPTUOUS DISGUST DISGUSTED FEAR FEARFUL SURPRISE "
                                  "SURPRISED NEUTRAL FURIOUS SCARED SHOCKED".split())


def names_in_capitals(text: str) -> str:
    def word(m: re.Match) -> str:
        w = m.group(1)
        if w in _FEELINGS_IN_CAPITALS:
            return w.lower()
        return w if w in _ABBREVIATIONS or w.rstrip("S") in _ABBREVIATIONS else w.capitalize()
    text = _CAPS_WORD.sub(word, text)
    return text


# A time cut said as a sentence of its own ("The same room, years later.", "Moments later."): no one moves.
_TIME_CUT = re.compile(r"(?:^|(?<=[.!?]\s)|(?<=\n))[^.!?\n]{0,40}?\b(?:years|months|weeks|days|hours|minutes|moments|seconds)"
                       r"\s+(?:later|earlier|before|after)\s*[.!]", re.IGNORECASE)


# A line said by someone, as subtitles, comics, transcripts and play scripts write it: "MAYOR: The vote is in.",
# "[00:12] KAI: Over here!", "GRAN: (quietly) Sit." The words are speech; a bracket inside the line is what is done.
# Labels that open a line of direction rather than of speech are no speaker ("NOTE: nods twice", "ACTION: …").
_SPEAKER_LINE = re.compile(r"^(\s*(?:\[[^\]\n]*\]\s*)?)([A-Z][A-Z'\u2019.-]*[A-Z](?:\s+[A-Z][A-Z'\u2019.-]*[A-Z]){0,2})\s*:\s+(\S.*)$")
_DIRECTION_LABELS = frozenset(
    "NOTE NOTES ACTION ACTIONS ANIM ANIMATION DIRECTION DIRECTIONS VISUAL VISUALS DESCRIPTION DESC FACE HEAD BODY "
    "EXPRESSION EMOTION MOOD BEAT BEATS SHOT CAMERA CAM FRAMING BLOCKING PERFORMANCE TAKE REF REFERENCE PANEL PAGE "
    "SCENE SETTING STAGE MOTION MOVE MOVES GESTURE GESTURES REACTION REACT ERROR INT EXT CUT FADE CLOSE ON UPDATE "
    "FEEDBACK FIX CHANGE CHANGES KEEP ADD REMOVE PS NB WANT WANTED RESULT GOAL EDIT EDITS INTENT REDO RETAKE RESET "
    "PICKUP REVISION REV FINAL".split())
# A subtitle file's cue timing line ("00:01:02,500 --> 00:01:04,000").
_SUBTITLE_TIMING = re.compile(r"^\s*\d{1,2}:\d{2}:\d{2}[,.]\d{1,3}\s*-->\s*\d{1,2}:\d{2}:\d{2}[,.]\d{1,3}\s*$", re.MULTILINE)


def _said(name: str, words: str) -> str:
    """`words` as speech, each bracket in them ("[quietly]", "(nods)") what `name` does."""
    parts = []
    for k, piece in enumerate(re.split(r"\(([^)]*)\)|\[([^\]]*)\]", words.replace(chr(34), ""))):
        if piece is None or not piece.strip(" .,;:"):
            continue
        bracket = "({})" if k % 3 == 1 else "[{}]"   # (kept as written: a game script's "[anim: nod]" is read as markup)
        parts.append(f"{name} {bracket.format(piece.strip())}.".strip() if k % 3 else f'"{piece.strip()}".')
    return " ".join(parts)


def _speakers_and_subtitles(text: str) -> str:
    """Lines said by someone, and a subtitle file's unbracketed lines (what is said), marked as speech."""
    subtitles = bool(_SUBTITLE_TIMING.search(text))
    out = []
    for line in text.split("\n"):
        speaker = _SPEAKER_LINE.match(line)
        name = speaker.group(2) if speaker else ""
        if speaker and (name.split()[0] in _DIRECTION_LABELS or name in _ABBREVIATIONS):
            pass
        elif speaker:
            line = f"{speaker.group(1)}{_said(name.title(), speaker.group(3))}"
        elif subtitles and line.strip() and not re.match(r"\s*[\[(]|\s*\d+\s*$", line) and not _SUBTITLE_TIMING.match(line):
            line = _said("", line)
        out.append(line)
    return "\n".join(out)


# A number in brackets or after "#" opening a line, as thumbnails and panel lists number them ("[2] Ada waves",
# "#3 Tom sits"): where an item starts, as "2)" does, not a count nor a tag.
_BRACKETED_ITEM = re.compile(r"^([ \t]*)(?:\[\s*(\d{1,3})\s*\]|#(\d{1,3}))(?=[ \t]+\S)", re.MULTILINE)


# A table of shots or of a game's animations, its cells between bars ("| 12 | Gus | looks away | furious |") or
# two spaces or more ("4_02  MIRA  nods twice"): each row one sentence, its cells read by the column's heading
# ("Who", "Head move", "Side", "Count", "Face"), so "| 2 | Mira | tilt | left | 2 | smiling |" reads "Mira: tilt left x2.
# Face: smiling." Where it is, when and why (shot, scene, trigger, camera) is no motion: dropped.
_TABLE_CELLS = re.compile(r"[ \t]*\|[ \t]*|[ \t]{2,}|\t")
_COLUMN_ROLES = (
    ("drop", re.compile(r"(?:#|no\.?|n[ou]mber|shot|sh|sc|scene|take|tk|cue|frames?|fr|time|tc|timecode|trigger|event|"
                        r"cam(?:era)?|lens|id|dur(?:ation)?|length|page|panel|ep(?:isode)?|seq(?:uence)?|line|dialogue|"
                        r"vo|audio|sound|sfx|music|status)")),
    ("name", re.compile(r"(?:who|char(?:acter)?|npc|actor|name|subject|talent|role)")),
    ("side", re.compile(r"(?:side|dir(?:ection)?)")),
    ("count", re.compile(r"(?:count|times|reps?|repeats?|x|how many|no\. of times)")),
    ("speed", re.compile(r"(?:speed|tempo|pace|timing|size|amp(?:litude)?)")),
    ("face", re.compile(r"(?:face|emotion|expression|expr|mood|feeling|emote)")),
    # ("notes", "comment"): a gloss on the row's motion ("he's been waiting, snaps round"), its motion read only in a row
    # that names none of its own (its face, "beaming", is read)
    ("note", re.compile(r"(?:notes?|comments?|remarks?)")),
    ("motion", re.compile(r"(?:head(?:[ _-]?(?:move(?:ment)?|motion|action|anim(?:ation)?))?|move(?:ment)?|motion|action|"
                          r"anim(?:ation)?|gesture|description|desc|what|performance)")),
)
_EMPTY_CELL = re.compile(r"^[\s\u2013\u2014\-/.]*$|^(?:n/?a|none|normal|medium|default)$", re.IGNORECASE)


# A shot's size or lens in a row ("MCU", "35mm"): a shot list whose rows the reader takes as written.
_SHOT_SIZE = re.compile(r"\b\d{2,3}\s?mm\b|(?<![\w'])(?:ECU|MCU|CU|XCU|BCU|WS|EWS|MWS|MS|MLS|LS|ELS|OTS|POV)(?![\w'])")


def _cells(line: str, bars: bool, commas: bool = False) -> list[str]:
    body = line.strip()
    if commas:
        return [c.strip() for c in next(csv.reader([body]), [])]
    if bars:
        body = body.strip("|")
        return [c.strip() for c in body.split("|")]
    return [c.strip() for c in re.split(r"[ \t]{2,}|\t", body)]


def _column_role(heading: str) -> str | None:
    heading = heading.strip().lower()
    return next((role for role, words in _COLUMN_ROLES if words.fullmatch(heading)), None)


# A note that says a motion again, or where it goes ("two quick nods", "snaps round to his right").
_MOVES_AGAIN = re.compile(r"\b(?:left|right|up|down|round|around|away|back|over)\b|" + HEAD_MOTION.pattern, re.IGNORECASE)


def _row_sentence(cells: list[str], roles: list[str | None]) -> str:
    name, motion, after, rest = "", [], [], []
    moves = any(role == "motion" and not _EMPTY_CELL.match(cell) for cell, role in zip(cells, roles))
    for cell, role in zip(cells, roles):
        if _EMPTY_CELL.match(cell) or role == "drop" or (role == "note" and moves and _MOVES_AGAIN.search(cell)):
            continue
        if role == "motion" and re.fullmatch(r"[A-Za-z]+(?:_[A-Za-z0-9]+)+", cell):
            cell = cell.replace("_", " ")   # an animation's identifier ("tilt_L_slow"): its words
        if role is None and re.fullmatch(r"[\w.]*\d[\w.]*", cell):
            continue   # a shot's code ("4_02", "12A") where no heading names the column
        if role == "name" or (role is None and not name and not motion and re.fullmatch(r"[A-Z][A-Za-z'\u2019-]+", cell)
                              and cell not in _ABBREVIATIONS):
            name = cell.title() if cell.isupper() else cell
        elif role == "count":
            after.append(f"x{cell}" if cell.isdigit() else cell)
        elif role in ("side", "speed"):
            after.append(cell)
        elif role == "face":
            rest.append(f"Face: {cell}.")
        elif role == "motion" or (role is None and not motion):
            motion.append(cell)
        else:
            rest.append(f"{cell}.")
    said = " ".join(motion + after)
    if name and said:
        said = f"{name}: {said}"
    return " ".join(([said.rstrip('.') + "."] if said else []) + rest)


# A spreadsheet's rows as text, under a heading of its columns ("clip,head,face\nC1,nod_x2,smile"): a table too,
# when one column is the head's motion.
_CSV_HEADING = re.compile(r"\s*[A-Za-z][\w ]{0,20}(?:,[A-Za-z][\w ]{0,20}){2,}\s*")


def _tables(text: str) -> str:
    lines = text.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        bars = lines[i].count("|") >= 1 and not re.match(r"\s*[\[{<]", lines[i])
        commas = not bars and _CSV_HEADING.fullmatch(lines[i]) is not None and any(
            _column_role(c) == "motion" for c in lines[i].split(","))
        j = i
        rows: list[list[str]] = []
        while j < len(lines):
            if re.fullmatch(r"\s*\|?[\s:|\u2013\u2014-]*\|[\s:|\u2013\u2014-]*", lines[j]) and "-" in lines[j]:
                j += 1   # a markdown table's rule under its heading
                continue
            cells = _cells(lines[j], bars, commas) if (not bars or "|" in lines[j]) else []
            if len(cells) < (2 if bars else 3) or (rows and len(cells) != len(rows[0])):
                break
            if not bars and not commas and (re.search(r"[.!?]$", cells[0]) or re.search(r"=|//", lines[j]) or _SHOT_SIZE.search(lines[j])):
                break   # (an event list's "side=R  speed=slow" and its comments, a shot list's "4B  MCU  50mm  …": as written)
            rows.append(cells)
            j += 1
        if len(rows) == 1 and bars and len(rows[0]) >= 4:
            # a shot list's one row ("SH 3 | MS | Dr. Ames | nod x2 | calm"): each cell a sentence of its own, so
            # the shot's code and who is in it are not read with its motion
            out.append(" ".join(c if re.search(r"[.!?]$", c) else f"{c}." for c in rows[0] if not _EMPTY_CELL.match(c)))
            i = j
            continue
        if len(rows) < 2:
            out.append(lines[i])
            i += 1
            continue
        roles = [_column_role(c) for c in rows[0]]
        if any(r is not None for r in roles) and not any(re.fullmatch(r"\d+", c) for c in rows[0]):
            rows = rows[1:]
        else:
            roles = [None] * len(rows[0])
        if out and out[-1].strip() and not re.search(r"[.!?:;]\s*$", out[-1]):
            out[-1] += "."   # the table's title ("Scene 4 - the stairwell") is no part of its first row
        out.extend(_row_sentence(cells, roles) for cells in rows)
        i = j
    return "\n".join(out)


# A game's script written as code (a line ending in "[", "(" or ";", or opening with "]"): its comments ("// she
# hears the bell", "// fix the hair on the turn") are notes to the programmers, not moves; a quoted motion in a
# list ('queue(["tilt_left", "nod x2 slow"])') is a step, not a line spoken.
_CODE_LINE = re.compile(r"[\[({;]\s*$|^\s*[\]})]", re.MULTILINE)
_CODE_COMMENT = re.compile(r"(?<![:/])//[^\n]*")
_LISTED_MOTION = re.compile(r"""(?<=[\[(,\s])(?<![:=]\s)["']([^"'\n]{1,40})["'](?=\s*[,\])]|\s*$)""", re.MULTILINE)
# Lines that are a list's items, each opening with a hyphen ("- recoil, fast\n- look around"): bullets, so each
# item is read as a sentence of its own.
_HYPHEN_ITEMS = re.compile(r"(?:^[ \t]*[-\u2013][ \t]+\S[^\n]*(?:\n|$)){2,}", re.MULTILINE)


def _script_code(text: str) -> str:
    text = _HYPHEN_ITEMS.sub(lambda m: re.sub(r"^([ \t]*)[-\u2013](?=[ \t])", "\\1\u2022", m.group(0), flags=re.MULTILINE),
                             text)
    if not _CODE_LINE.search(text):
        return text
    text = _CODE_COMMENT.sub("", text)
    return _LISTED_MOTION.sub(lambda m: f". {m.group(1)}. " if _MOTION_TAG.match(m.group(1).replace("_", " "))
                              else m.group(0), text)


def plain_layout(text: str) -> str:
    """`text` with its screenplay and game-script layout made prose (unchanged when it has none); names in
    capitals are left to `names_in_capitals`, after inline scene headings have been read."""
    # (a table's rows are read after the thread is settled: "Ada: look up." rows are no senders' messages)
    text = _BRACKETED_ITEM.sub(lambda m: f"{m.group(1)}{m.group(2) or m.group(3)})",
                               _tables(settled_thread(_script_code(chosen_branch(chosen_take(text))))))
    text = _HEADING_LINE.sub("", _speakers_and_subtitles(text))
    text = _cues_and_dialogue(text)
    text = _TRANSITION.sub(" ", text)
    text = _CAMERA_ON.sub(" ", text)
    text = _TIME_CUT.sub(" ", _WHO_AFTER_NAME.sub(r"\1 ", _AGE_AFTER_NAME.sub("", text)))
    code = _CODE_LINE.search(text) is not None
    text = _game_markup(text)
    # the brackets, commas and semicolons left between a script's steps ("[ . turn left. , . nod. , ]);") part nothing
    return re.sub(r"(?:(?<=\s)|^)[\[\](){};,\s]*[\[\](){};,](?=\s|$)", " ", text, flags=re.MULTILINE) if code else text
