"""Actions the words correct after the reading by meaning, around the settling of sides (`sides.py`):

- before sides are settled (`correct_actions`): a side named after "away from" is the side the head leaves
  ("turns away from the window on her left" turns right); pulling the head back is a lean back, cocking it a
  tilt; leaning away is leaning back; a lean into or toward
  the camera leans forward, never a return, leaning out of a window leans forward; looking around a place is a
  look around; a head (not a body) that falls or sinks forward looks down;
  swaying or rocking the head is a wag; "back" with a verb that is no lean, after a move to a side, is the
  front ("swings back", "turn back slow");
- after (`hold_gazes`): a gaze on a thing with no direction after a move to a pose holds that pose;
- (`part_moves_head_stays`): the eyes or the shoulders moving "but the head stays put" are no head move.
"""

from __future__ import annotations

import dataclasses
import re

from . import lexicon
from .clause_reading import ClauseReading
from .drafting import Draft, repoint_overlaps
from .ordering import POSE_MOVES
from .stares import stares_without_direction   # a stare is a hold of its own (labelling guide, rule 3)

_AWAY_FROM = re.compile(rf"\baway\s+from\b|\b(?:turn|turns|turned|turning)\s+(?:{lexicon.POSSESSIVE}\s+"
                        r"(?:face|head|gaze|eyes)\s+)?from\b", re.IGNORECASE)
_SIDE_FIRST = re.compile(r"\s+(?:(?:the|his|her|their|your|my)\s+)?(?:far\s+)?(?:left|right)\b", re.IGNORECASE)
_TOWARD = re.compile(r"\b(?:to|toward|towards|into|onto)\b", re.IGNORECASE)
_LEAN_AWAY = re.compile(r"\blean(?:s|ed|ing|t)?\s+(?:\w+ly\s+)?away\b", re.IGNORECASE)
# "leaned out of the train window": forward (in shorthand "lean in … lean out" is back to upright)
# A nod goes down and back up; raising or lowering the head one way, with no word of nodding, is a look.
_NOD_WORDS = re.compile(r"\b(?:nod\w*|bob\w*|dip\w*|yes|agree\w*|greet\w*|acknowledg\w*|and\s+(?:lift|rais|lower)\w*)\b",
                        re.IGNORECASE)
_ONE_WAY = re.compile(rf"\b(rais\w*|lift\w*|lower\w*|drop\w*)\s+{lexicon.POSSESSIVE}\s+(?:head|chin|face)\b",
                      re.IGNORECASE)
_EYES_TO = re.compile(r"^(?:(?:his|her|their|your|the)\s+)?eyes\s+(?:go\s+|to\s+(?:the\s+)?)?(left|right|up|down)\b",
                     re.IGNORECASE)
# "leans back", "leaned slowly back in the chair"; not "leans back in" (toward the camera again) or "back up/down/to".
_LEANS_BACK = re.compile(r"\blean(?:s|ed|ing|t)?\s+(?:\w+ly\s+)?back\b(?!\s+(?:in|into|up|down|to|toward|towards|forward)\b)",
                         re.IGNORECASE)
_LEAN_OUT = re.compile(r"\blean(?:s|ed|ing|t)?\s+(?:\w+ly\s+)?out\s+(?:of|over|through|across)\b", re.IGNORECASE)
# "looked around the empty flat", "looks about the office": around a place is a look around; "looks round at the
# door" or "round the door" (to see behind it) is a turn.
_AROUND_A_PLACE = re.compile(r"\b(?:look|looks|looked|looking|gaz\w+|glanc\w+|peer\w*)\s+(?:(?:a)?round|about)\s+(?:the|a|an|"
                             r"his|her|their|its|this|that)\s+(?!(?:[\w'-]+\s+)?(?:door|corner|edge|side|pillar|wall|curtain|"
                             r"screen|tree|post|column|frame|doorway|car)\b)(?:[\w'-]+\s+)?[\w'-]+\b", re.IGNORECASE)
# A look one way up or down, in words ("glances up from the chart"), and the words of looking around.
_LOOKS_UP_OR_DOWN = re.compile(r"\b(glanc|look|peek|peer|gaz)\w*\s+(?:\w+ly\s+|back\s+)?(up|down)\b", re.IGNORECASE)
_AROUND_WORDS = re.compile(r"\b(?:around|about|round|scanning|scans|scanned|surveys|surveying|surveyed|sweeps?|"
                           r"everywhere)\b", re.IGNORECASE)
_LEAN_IN = re.compile(r"\blean(?:s|ed|ing|t)?\s+(?:\w+ly\s+)?(?:in(?:to)?|toward|towards|to)\s+(?:the\s+)?(?:camera|lens|"
                      r"viewer|audience|us|me)\b", re.IGNORECASE)
_HEAD_FALLS = re.compile(r"\b(?:head|chin)\s+(?:\w+\s+){0,2}?(?:fall|falls|fell|falling|drop|drops|dropped|dropping|"
                         r"sink|sinks|sank|sinking|sag|sags|sagged|droop|droops|drooped|hang|hangs|hung|loll|lolls|"
                         r"lolled|slump|slumps|slumped)\s+forward\b", re.IGNORECASE)
_SWAY = re.compile(rf"\b(?:sway|sways|swayed|swaying|rock|rocks|rocked|rocking)\s+{lexicon.POSSESSIVE}\s+head\b|"
                   r"\bhead\s+(?:sway|sways|swayed|swaying|rock|rocks|rocked|rocking)\b", re.IGNORECASE)
# A verb and "back", nothing else ("swings back", "slowly comes back", "turn back slow"); leaning, sitting or
# settling back is a lean.
_BACK_ALONE = re.compile(rf"^(?:{lexicon.PRONOUN}\s+)?(?:\w+ly\s+)?(?:(?!lean|leant|sit|sat|settl|reclin|sink|sank|"
                         r"rock|tip|throw|threw|tilt|pull|draw|drew|jerk|jolt|recoil|flinch|shrink|step)\w+\s+)?back"
                         r"(?:\s+again)?(?:\s+(?:\w+ly|slow|fast|quick))?$", re.IGNORECASE)


# … or back to where the head faces at rest ("swings back to the path ahead", "snaps back to centre").
_BACK_TO_FRONT = re.compile(rf"^(?:{lexicon.PRONOUN}\s+)?(?:\w+ly\s+)?(?:(?!lean|leant|sit|sat|settl|reclin|sink|sank|"
                            r"rock|tip|throw|threw|tilt|pull|draw|drew|recoil|flinch|shrink|step)\w+\s+)?"
                            r"(?:(?:(?:his|her|their|its|your|my|the)\s+)?head\s+)?back\s+"
                            r"(?:to|toward|towards)\s+(?:the\s+)?(?:front|centre|center|middle|neutral|camera|lens|"
                            r"(?:[\w'-]+\s+)?ahead)$", re.IGNORECASE)


# "then back to the screen", "then slowly back toward her book": the words after "then", with no verb of leaning.
# ("then goes back to her book", "then comes slowly back to the page": going or coming back there, no lean either)
_THEN_BACK_TO = re.compile(r"^(?:(?:he|she|they|it)\s+)?(?:(?:goes|go|went|going|comes|come|came|coming)\s+)?(?:\w+ly\s+)?back\s+"
                           r"(?:again\s+)?(?:to|toward|towards|at|on)\b", re.IGNORECASE)


# After leaning forward, going, coming or settling back is upright again, not a lean back ("hd fwd -> settle back").
_UPRIGHT_AGAIN = re.compile(rf"^(?:{lexicon.PRONOUN}\s+)?(?:\w+ly\s+)?(?:(?:go|goes|went|come|comes|came|settle|settles|"
                            r"settled|ease|eases|eased|move|moves|moved|sit|sits|sat)\s+)?back(?:\s+again|\s+up)?"
                            r"(?:\s+(?:\w+ly|slow|fast|quick))?$", re.IGNORECASE)
# Pulling the head back withdraws it (a lean back), unlike tipping or throwing it back (a look up).
_PULLS_BACK = re.compile(rf"\b(?:pull|pulls|pulled|pulling)\s+{lexicon.POSSESSIVE}\s+"
                         r"(?:head|face|chin)\s+(?:\w+\s+)?back\b", re.IGNORECASE)
# The head moving up and down, by any verb ("head bobbles up and down", "his head wobbles up and down").
_HEAD_UP_AND_DOWN = re.compile(r"\b(?:head|chin)\s+(?:\w+ly\s+)?(?:\w+\s+)?up\s+and\s+down\b|"
                               r"\b(?:head|chin)\s+(?:\w+ly\s+)?(?:\w+\s+)?(?:down\s+and\s+up)\b", re.IGNORECASE)
# Dipping the head is a small nod ("dips his head in greeting").
_DIPS = re.compile(lexicon.DIPS_HEAD, re.IGNORECASE)
# Drawing the head back withdraws it too, unless the reading already heard a start ("drew her head sharply back").
_DRAWS_BACK = re.compile(rf"\b(?:draw|draws|drew|drawn|drawing)\s+{lexicon.POSSESSIVE}\s+(?:head|face|chin)\s+"
                         r"(?:\w+\s+)?back\b", re.IGNORECASE)
# … and the whole body drawing back ("Drawing back from the cage, …").
_DRAWS_BACK_BODY = re.compile(r"\b(?:draw|draws|drew|drawn|drawing|shrink|shrinks|shrank|shrinking|pull|pulls|pulled|"
                              r"pulling)\s+(?:\w+ly\s+)?back\b", re.IGNORECASE)
# Jumping or lurching back is a start (a recoil); craning is stretching forward.
_LEAPS_BACK = re.compile(r"\b(?:leap|leaps|leapt|leaped|jump|jumps|jumped|lurch|lurches|lurched|spring|springs|sprang|"
                         r"reel|reels|reeled|start|starts|started)\s+(?:\w+ly\s+)?back(?:wards?)?\b", re.IGNORECASE)
_CRANES = re.compile(r"\bcran(?:e|es|ed|ing)\b(?!\s+(?:\w+\s+)?(?:round|around|left|right|up|back))", re.IGNORECASE)
# Snapping, jerking or whipping the head somewhere turns it ("Snap the head to the right", "whips her head around"):
# a sentence vector hears the jolt and reads a tilt unless the words say sideways.
_SNAPS = re.compile(rf"\b(?:snap|snaps|snapped|snapping|jerk|jerks|jerked|jerking|whip|whips|whipped|whipping|"
                    rf"flick|flicks|flicked|flicking|swivel|swivels|swivell?ed|swivell?ing|swing|swings|swung|swinging)\s+"
                    rf"(?:{lexicon.POSSESSIVE}\s+(?:head|face)|(?:a)?round|about)\b|"
                    # the noun: "Head swivel to the right", "a head whip left"
                    r"\bhead[- ](?:swivel|whip|snap|spin|swing|jerk)s?\b", re.IGNORECASE)
_SIDEWAYS = re.compile(r"\b(?:tilt\w*|cock\w*|ear|shoulder|sideways|to\s+one\s+side|angle\w*)\b", re.IGNORECASE)
# Looking over one's shoulder turns the head ("peers over her shoulder"), it does not lean.
_OVER_SHOULDER = re.compile(rf"\b(?:look|peer|peek|glanc|gaz|star|check)\w*\s+(?:\w+ly\s+)?(?:back\s+)?over\s+"
                            rf"{lexicon.POSSESSIVE}\s+(?:(?:left|right)\s+)?shoulder\b", re.IGNORECASE)
# Inclining the head with no side named is a small bow, a nod ("He inclines his head": politeness, not a tilt).
_INCLINES = re.compile(rf"\bin?clin(?:e|es|ed|ing)\s+{lexicon.POSSESSIVE}\s+head\b", re.IGNORECASE)
# Tilting back after a tilt is the rest pose ("Tilt, nod, tilt back").
_TILT_BACK = re.compile(rf"^(?:{lexicon.PRONOUN}\s+)?(?:\w+ly\s+)?tilt(?:s|ed|ing)?\s+(?:(?:it|{lexicon.POSSESSIVE}\s+head)\s+)?"
                        r"back(?:\s+(?:again|up|\w+ly))?$", re.IGNORECASE)
# Tipping, throwing or letting the head fall back looks up ("tilts her head back and closes her eyes").
_HEAD_BACK_UP = re.compile(rf"\b(?:tilt|tip|throw|threw|thrown|loll|let|lets|drop|fall|falls|fell|sink|sank|rest|lean)\w*\s+"
                           rf"(?:{lexicon.POSSESSIVE}\s+)?head\s+(?:\w+\s+){{0,2}}?back\b(?!\s+(?:from|away|in\s+(?:shock|disgust|"
                           r"alarm|horror)))", re.IGNORECASE)
# A start said with the motion: pulling or drawing the head back in surprise, fright or disgust is a recoil (the
# labelling guide's rule 13; sets written before the guide label the disgusted one a lean); calmly, a lean back.
_A_START = re.compile(r"\b(?:taken\s+aback|startl\w+|shock\w*|"
                      r"fright\w*|fear\w*|horror|horrif\w+|terrif\w+|alarm\w*|gasp\w*|jaw\s+drops|jump\w*|flinch\w*|"
                      r"recoil\w*|as\s+if\s+(?:slapped|struck|stung|burned)|disgust\w*|revuls\w+|revolt\w*|nause\w+|"
                      r"gross\w*|sicken\w*|queas\w+|gag\w*|retch\w*|wrinkl\w+\s+(?:\w+\s+)?nose|smell\w*|stench|stink\w*|"
                      r"reek\w*|🤢|🤮|"
                      # surprise shown (the guide's rule 10): "her brows shot up", "eyes widening", "astonished"
                      r"(?:eye)?brows?\s+(?:\w+\s+)?(?:shoot|shoots|shot|fly|flies|flew|jump\w*|leap\w*)\s+up|"
                      r"eyes\s+(?:widen\w*|go\s+wide|went\s+wide|fly\s+open|flew\s+open)|wide-eyed|surpris\w+|"
                      r"astonish\w+|astound\w+|stunned|gobsmacked)", re.IGNORECASE)
# A bare look around ("a quick look around", "glances around"), no place and no side: a look around.
_LOOK_AROUND_BARE = re.compile(r"\b(?:look|looks|looked|looking|glanc\w+)\s+(?:a)?round\b(?!\s+(?:at|to|toward|towards|"
                               r"for|the\s+(?:door|corner|edge|side)))", re.IGNORECASE)
# Looking ahead or front with no move before it: the head stays where it is ("The guard looks straight ahead").
_LOOKS_AHEAD = re.compile(r"^(?:[\w'-]+\s+){0,3}?(?:\w+ly\s+)?(?:look|looks|looked|looking|star\w+|gaz\w+|keep\w*\s+"
                          r"(?:\w+\s+)?eyes)\s+(?:straight\s+|dead\s+)?(?:ahead|forward|in\s+front)\b", re.IGNORECASE)
# "… straight ahead again": back to the front, whatever came before.
# Cocking the head is a tilt, also said as the pose ("head cocked left, slow nods", "her head is cocked").
_COCKS = re.compile(rf"\bcock(?:s|ed|ing)?\s+{lexicon.POSSESSIVE}\s+head\b|\bhead\s+(?:is\s+|was\s+|still\s+)?cocked\b",
                    re.IGNORECASE)
# A tilt named by its word, and no word that turns the face ("the slight tilt to her left").
_SAYS_TILT = re.compile(r"\btilt(?:s|ed|ing)?\b", re.IGNORECASE)
_SAYS_UP_OR_DOWN = re.compile(r"\b(?:up|upward|upwards|down|downward|downwards|back|backward|backwards|forward|"
                              r"chin|skyward|ceiling|floor|ground)\b", re.IGNORECASE)
_SAYS_TURN = re.compile(r"\b(?:turn|look|face|faces|facing|glanc|swivel|rotat|spin|twist|toward|towards)\w*", re.IGNORECASE)


# The head or the one whose head it is going back, as learners say it ("her head go back sharp", "and she go back"),
# not the body ("go back with the body") and not back somewhere ("goes back to the paper").
_GOES_BACK = re.compile(r"\b(?:go|goes|went|going|gone|come|comes|came|coming)\s+(?:\w+ly\s+)?back\b"
                        r"(?!\s+(?:to|toward|towards|at|in|into|up|down|on|with\s+the\s+body)\b)|"
                        r"\blean\w*\s+back\s+with\s+the\s+head\b", re.IGNORECASE)
_SURPRISE = re.compile(r"\bsurpris\w*", re.IGNORECASE)
_LIKE_GLOSS = re.compile(r"(?:(?:um+|uh+|so|yeah)\W+)*(?:like|as\s+if|as\s+though)\b(?!\s+(?:this|that|so)\b)", re.IGNORECASE)


def correct_actions(drafts: list[Draft], readings: "list[ClauseReading] | None" = None) -> list[Draft]:
    """`readings` (all the description's clauses) let a word said in another clause of the sentence count
    ("Nauseated, she pulls her head back")."""
    sentences: dict[int, list[str]] = {}
    glosses: dict[int, str] = {}   # a sentence that only says what the one before is like ("Like she's horrified.")
    for r in readings or []:
        sentences.setdefault(r.clause.sentence, []).append(r.clause.text)
        if r.clause.opening and _LIKE_GLOSS.match(r.clause.source):
            glosses[r.clause.sentence - 1] = " ".join(r.clause.source.split()[:8])
    moved = None   # the last step that moved to a side, in this sentence
    leaned_forward = None   # the step before, if it leaned forward
    previous: list[Draft] = []   # every step before, whatever it is
    for d in drafts:
        words = " ".join(d.sources)
        text = d.reading.clause.text
        away = _AWAY_FROM.search(text)
        if away and d.action in ("turn", "glance", "look", "tilt"):
            # "turns away from the girl on his right": the side named is the one the head leaves
            flipped = []
            until = _TOWARD.search(text, away.end())
            if not away.group(0).lower().startswith("away") and (
                    until is not None or _SIDE_FIRST.match(text, away.end())):
                away = None   # "turns from the left to the right": where it starts, not what it leaves
            for f in d.reading.sides:
                # (a side whose words are not where it stands in this clause came from the clause after it, where the
                # head goes: "turned her face from him, to the right" turns right)
                here = text[f.start:f.start + len(f.words)].lower() == f.words.lower()
                if (away is not None and here and away.start() < f.start < (until.start() if until else len(text))
                        and f.value in ("left", "right")):
                    f = dataclasses.replace(f, value="right" if f.value == "left" else "left")
                    d.notes.append("away from a side: the other side")
                flipped.append(f)
            d.reading.sides = flipped
        if (d.action in ("turn", "look") and _SAYS_TILT.search(text) and not _SAYS_TURN.search(text)
                and not _SAYS_UP_OR_DOWN.search(text)):
            # "Keep the slight tilt to her left", "add a small tilt": a sentence vector can hear a turn or a look in
            # a sideways motion named as a tilt; the word names the motion (a tilt up, down or back is a look)
            d.action = "tilt"
            d.notes.append("the words name a tilt")
        if d.action == "lean" and d.side == "forward" and _LEANS_BACK.search(text) and not _LEAN_IN.search(text):
            d.side = "back"   # "Oskar leans back": a name the sentence vector hears forward does not change the word
            d.notes.append("the words say it leans back")
        if d.action == "look" and d.side == "up" and _LEANS_BACK.search(text) and not _HEAD_BACK_UP.search(text):
            d.action, d.side = "lean", "back"   # "The head should lean back a little": the verb says a lean
            d.notes.append("the words say it leans back")
        if d.action == "lean" and d.side == "back" and _LEAN_OUT.search(text):
            d.side = "forward"
            d.notes.append("leaning out of something is leaning forward")
        if d.action == "nod" and not _NOD_WORDS.search(text):
            one_way = _ONE_WAY.search(text)
            vertical = {f.value for f in d.reading.sides if f.value in ("up", "down")}
            if one_way or len(vertical) == 1:
                # "slowly lifts his chin", "Start with your chin down": one direction, so a look, not a nod
                side = ("up" if one_way.group(1).lower().startswith(("rais", "lift")) else "down") if one_way \
                    else vertical.pop()
                d.action, d.side = "look", side
                d.notes.append(f"one direction ({side}) and no word of nodding: a look {side}")
        if (d.action in ("tilt", "turn") and not any(f.value in ("left", "right") for f in d.reading.sides)
                and not _COCKS.search(text)):
            one_way = _ONE_WAY.search(text)
            if one_way:
                # "lowers her head slightly": raising or lowering the head goes up or down, not to a side
                d.action = "look"
                d.side = "up" if one_way.group(1).lower().startswith(("rais", "lift")) else "down"
                d.notes.append(f"raising or lowering the head: a look {d.side}")
        if d.action == "nod" and d.count is None and (_DIPS.search(text) or _INCLINES.search(text)):
            d.count = 1   # "dips her head politely", "inclines his head": one dip, unless a count is said
            d.notes.append("a dip of the head: one nod")
        if d.action == "return" and lexicon.camera_relative(text) and any(f.value in ("left", "right")
                                                                          for f in d.reading.sides):
            # "turns to frame right", "looks to camera left": a side of the picture, not the front (labelling guide)
            d.action = "turn"
            d.notes.append("a side of the frame named: a turn, not a return")
        eyes = _EYES_TO.match(text)
        if eyes and d.action not in ("glance",):
            # "Eyes left.", "eyes up": shorthand for where the face goes
            side = eyes.group(1).lower()
            d.action = "turn" if side in ("left", "right") else "look"
            d.notes.append(f"eyes {side}: the face goes {side}")
        if _LEAPS_BACK.search(text) and d.action in ("lean", "turn", "return", "look") and not lexicon.find_sides(text):
            d.action, d.side = "recoil", ""   # "he leapt back", "she lurches back": a start, not a lean
            d.notes.append("jumping back: a recoil")
        if _CRANES.search(text) and d.action in ("return", "turn", "look", "hold") and not lexicon.find_sides(text):
            d.action, d.side = "lean", "forward"   # "Craning forward, …": the neck stretches toward something
            d.notes.append("craning: a lean forward")
        if d.action in ("turn", "glance", "look") and _AROUND_A_PLACE.search(text) and not lexicon.find_sides(text):
            d.action, d.side = "look_around", ""
            d.notes.append("looking around a place: a look around")
        up_down = _LOOKS_UP_OR_DOWN.search(text)
        if d.action == "look_around" and up_down and not _AROUND_WORDS.search(text):
            # "glances up from the scan at the nurse": one look up (a "scan" here is a thing, not a survey)
            d.action = "glance" if up_down.group(1).lower() in ("glanc", "peek") else "look"   # peeking is glancing
            d.side = up_down.group(2).lower()
            d.notes.append(f"a look {d.side} said in words: not a look around")
        if d.action == "lean" and d.side == "forward" and _LEAN_AWAY.search(words):
            d.side = "back"
            d.notes.append("leaning away is leaning back")
        if d.action in ("return", "turn", "look") and _LEAN_IN.search(words):
            d.action, d.side = "lean", "forward"
            d.notes.append("a lean toward the camera leans forward")
        if ((d.action == "lean" and d.side == "forward") or d.action in ("tilt", "nod")) and _HEAD_FALLS.search(text) \
                and not any(f.value in ("left", "right") for f in d.reading.sides):
            d.action, d.side = "look", "down"
            d.notes.append("the head falls forward: a look down")
        if (d.action in ("look", "recoil", "return", "tilt", "turn", "lean") and not lexicon.find_sides(text)
                and (_PULLS_BACK.search(text) or (_DRAWS_BACK.search(text) and d.action != "recoil"))):
            d.action, d.side = "lean", "back"
            d.notes.append("pulling the head back: a lean back")
        if (d.action in ("turn", "glance", "nod", "look", "shake", "wag", "return") and _COCKS.search(text)
                and not _has_vertical(d)):
            d.action = "tilt"
            d.notes.append("cocking the head: a tilt")
        if d.action == "tilt" and _SNAPS.search(text) and not _SIDEWAYS.search(text):
            d.action = "turn"
            d.notes.append("snapping or whipping the head round: a turn")
        over = _OVER_SHOULDER.search(text)
        if ((d.action in ("lean", "tilt", "look") or (d.action == "glance" and over and not over.group(0).lower().startswith("glanc")))
                and over and not _has_vertical(d)):
            d.action = "turn"
            d.notes.append("looking over a shoulder: a turn")
        if (d.action == "tilt" or (d.action == "look" and d.side in ("down", ""))) and _INCLINES.search(text) \
                and not any(f.value in ("left", "right") for f in d.reading.sides):
            d.action, d.side = "nod", ""
            d.count = d.count or 1
            d.notes.append("inclining the head, no side named: a small bow, one nod")
        if d.action in ("tilt", "nod", "turn") and _SWAY.search(words) and not lexicon.find_sides(words):
            d.action, d.side = "wag", ""
            d.notes.append("swaying the head: a wag")
        if d.action in ("wag", "look", "tilt") and _HEAD_UP_AND_DOWN.search(text) and not _LOOKS_UP_OR_DOWN.search(text):
            # "her head bobbles up and down", "the head wobbles up and down": the head going up and down is a nod
            d.action, d.side = "nod", ""
            d.notes.append("the head up and down: a nod")
        if (d.action == "lean" and d.side == "back" and leaned_forward is not None
                and leaned_forward.sentence == d.sentence and _UPRIGHT_AGAIN.match(text)):
            d.notes.append("read as a return: back after leaning forward, with no lean")
            d.action, d.side = "return", ""
        then_back = d.reading.clause.marker == "next" and _THEN_BACK_TO.match(text) is not None
        if (d.action in ("lean", "recoil") and moved is not None and (_BACK_ALONE.match(text) or _BACK_TO_FRONT.match(text)
                                                                      or then_back)
                and (moved.sentence == d.sentence or (moved.sentence == d.sentence - 1 and text.lower() == "back")
                     or _BACK_TO_FRONT.match(text) or then_back)):
            # ("He turns to the door. Then back to his book.": "then back to" a place after a move to a side, also
            # with a line of dialogue between, is the front again)
            # ("0:02 turns her head over her left shoulder … 0:05 snaps head back to front": the front named, a return)
            # a bare "back" as the next note of a list ("0:01 turn R, 0:03 back") is the front too
            # "looks to the right and then swings back": after a move to a side, back without a lean is the front
            d.notes.append("read as a return: back after a move to a side, with no lean")
            d.action, d.side = "return", ""
        if (d.borrowed and moved is not None and moved.action in ("turn", "glance", "tilt")
                and d.action in ("turn", "glance", "tilt")):
            d.action = moved.action   # "cocks her head to the right. Then to the left.": the corrected verb
        # (a sentence after a colon says what the one before it sets up: "You're disgusted: pull your head back")
        # (and one after it that says what it is like: "He pulls his head back. Like he's been slapped.")
        said = sentences.get(d.sentence, [words]) + (sentences.get(d.sentence - 1, []) if d.reading.clause.after_colon
                                                     else []) + [glosses.get(d.sentence, "")]
        _correct_more(d, text, " ".join(said), previous)
        leaned_forward = d if d.action == "lean" and d.side == "forward" else None
        if d.action in ("turn", "look", "tilt", "glance") or (
                d.action == "recoil" and any(f.value in ("left", "right") for f in d.reading.sides)):
            # a jolt with a side ("jerks her head to frame right") turns there (`settle_sides` reads it so later),
            # so "then back to the map" after it is the front again
            moved = d
        elif d.action not in ("hold",):
            moved = None
        previous.append(d)
    return drafts


def _correct_more(d: Draft, text: str, sentence: str, previous: list[Draft]) -> None:
    """Tilting back after a tilt (the front again), the head tipped back, a start, a bare look around, a look ahead
    with no move before it. (Turning one's back, bending the head over and straightening are `fixed_directions`.)"""
    if (previous and d.action in ("lean", "look", "recoil", "tilt") and _TILT_BACK.match(text)
            and any(p.action == "tilt" for p in previous[-3:])):
        d.action, d.side = "return", ""   # "Tilt, nod, tilt back" (straightening: `fixed_directions`)
        d.notes.append("tilting back after a tilt: the front again")
        return
    if d.action in ("lean", "wag", "tilt", "turn") and _HEAD_BACK_UP.search(text) and not lexicon.find_sides(text):
        d.action, d.side = "look", "up"   # "let his head fall back against the seat"
        d.notes.append("the head tipped back: a look up")
        return
    if d.action == "lean" and d.side == "back" and (_PULLS_BACK.search(text) or _DRAWS_BACK.search(text)
                                                   or _DRAWS_BACK_BODY.search(text)) and _A_START.search(sentence):
        d.action, d.side = "recoil", ""   # "Taken aback, she draws her head back"
        d.notes.append("the head pulled back in a start: a recoil")
        return
    if ((d.action == "lean" and d.side == "back" or d.action == "return") and _GOES_BACK.search(text)
            and (_A_START.search(sentence) or _SURPRISE.search(sentence))):
        d.action, d.side = "recoil", ""   # "when the door slam she is scared and go back"
        d.notes.append("the head going back in a start: a recoil")
        return
    around = _LOOK_AROUND_BARE.search(text)
    if (d.action in ("glance", "turn") and around and not lexicon.find_sides(text)
            and not re.search(r"\b(?:not|never|without)\b|n't\b", text[:around.start()], re.IGNORECASE)):
        d.action, d.side = "look_around", ""
        d.notes.append("looking around, no place or side: a look around")
        return
    if (d.action in ("glance", "turn", "return") and _LOOKS_AHEAD.match(text) and not lexicon.find_sides(text)
            and not lexicon.AGAIN.search(text) and not any(p.sentence == d.sentence and p.action != "hold" for p in previous)):
        d.action, d.side = "hold", ""   # "Impassive, the guard looks straight ahead": nowhere to go
        d.notes.append("looking ahead with no move before it: the head stays")
        return


def _has_vertical(d: Draft) -> bool:
    return any(f.value in ("up", "down") for f in d.reading.sides)


# A gaze on a thing, with no direction ("…, stared at the treeline", "and watched the platform go"): the head
# stays where the step before took it. Said with a length of time it is a pause; otherwise no new step.
_GAZE_ON = re.compile(r"^(?:(?:he|she|they|i|you|we|the\s+\w+)\s+)?(?:\w+ly\s+)?(?:star(?:e|es|ed|ing)|gaz(?:e|es|ed|ing)|"
                      r"watch(?:es|ed|ing)?|stud(?:y|ies|ied|ying)|regard(?:s|ed|ing)?|eye(?:s|d|ing)?|"
                      r"fix(?:es|ed|ing)?\s+(?:his|her|their|your|my)\s+(?:eyes|gaze)|look(?:s|ed|ing)?\s+at|"
                      # "looks him straight in the eye": at someone, no direction
                      r"look(?:s|ed|ing)?\s+\w+\s+(?:\w+\s+)?in\s+the\s+eyes?)\b"
                      r"(?!.*\b(?:camera|lens|front|viewer|audience|me|us)\b)", re.IGNORECASE)
_IN_THE_EYE = re.compile(r"\bin\s+the\s+eyes?\b", re.IGNORECASE)
# Things that are up or down: a gaze on them keeps the direction it was read with.
_UP_OR_DOWN = re.compile(r"\b(?:ceiling|sky|skies|clouds?|stars?|moon|sun|roof|rafters|heavens|floor|ground|feet|shoes|"
                         r"lap|hands|knees|desk|table|plate|street)\b", re.IGNORECASE)
_A_WHILE = re.compile(rf"{lexicon.FOR_A_WHILE}|\ba\s+(?:moment|second|beat)\s+longer\b", re.IGNORECASE)


def gazes_on_something(text: str) -> bool:
    """"stares at the door", "looks him in the eye": a gaze on a thing or a person, no direction said."""
    return bool(_GAZE_ON.match(text)) and not _UP_OR_DOWN.search(text)


def hold_gazes(drafts: list[Draft]) -> list[Draft]:
    """A gaze with no direction after a move to a pose, in one sentence, holds that pose."""
    out: list[Draft] = []
    for d in drafts:
        prev = out[-1] if out else None
        text = d.reading.clause.text
        if (prev is not None and prev.action in POSE_MOVES and prev.sentence == d.sentence and d.overlaps is None
                and (d.action in ("look", "turn", "glance", "hold", "look_around") or
                     (d.action == "return" and _IN_THE_EYE.search(text))) and not d.reading.sides
                and not d.participle and _GAZE_ON.match(text) and not stares_without_direction(text)
                and not (d.action == "look" and _UP_OR_DOWN.search(text))):
            if _A_WHILE.search(text):
                d.action, d.side = "hold", ""
                d.notes.append("a gaze held for a while after a move: a pause in that pose")
            else:
                prev.absorb(d, f"\"{text}\": the gaze stays where the head went")
                continue
        out.append(d)
    return repoint_overlaps(drafts, out)


# Another part of the body moving while the head is said to stay ("Her eyes roll up, but her head stays put",
# "The pilot's shoulders swung round, but his head stayed where it was"): that part's move, not the head's.
_PART_MOVES = re.compile(r"^(?:(?:his|her|their|my|your|the)\s+)?(?:[\w'-]+'s\s+)?(?:eyes|eyeballs|shoulders|body|torso|"
                         r"chest|hips|upper\s+body)\b", re.IGNORECASE)
_BUT_HEAD_STAYS = re.compile(r"^(?:but|yet)\s+(?:(?:his|her|their|my|your|the)\s+)?head\s+(?:\w+ly\s+)?(?:stays|stay|"
                             r"stayed|remains|remained|does\s+not\s+move|doesn't\s+move|did\s+not\s+move|"
                             r"didn't\s+move|never\s+moves|never\s+moved)\b", re.IGNORECASE)


# The pose the head stays in, said after it with a past participle ("…, but his head stayed put, bent over the
# map"): the pose held, no move of its own.
_HELD_POSE_AFTER = re.compile(r"^(?:\w+ly\s+)?(?:bent|bowed|hunched|stooped|lowered|tilted|cocked|angled|tipped|turned)"
                              r"\b", re.IGNORECASE)


def part_moves_head_stays(drafts: list[Draft]) -> list[Draft]:
    """A move whose subject is the eyes, the shoulders or the body, followed in its sentence by "but the head
    stays …", is that part's: only the hold is the head's; a past participle after that hold is the pose it holds."""
    out: list[Draft] = []
    for d in drafts:
        prev = out[-1] if out else None
        if (prev is not None and prev.action == "hold" and prev.sentence == d.sentence and d.overlaps is None
                and prev.sources and _BUT_HEAD_STAYS.match(prev.sources[-1].strip())
                and _HELD_POSE_AFTER.match(d.reading.clause.text.strip())):
            prev.absorb(d, f"\"{d.reading.clause.source}\": the pose the head stays in")
            continue
        if (prev is not None and d.action == "hold" and prev.action != "hold" and prev.sentence == d.sentence
                and d.sources and _BUT_HEAD_STAYS.match(d.sources[0].strip())
                and _PART_MOVES.match(prev.reading.clause.text.strip())):
            d.sources[:0] = prev.sources
            d.notes.append(f"\"{prev.reading.clause.source}\" moves another part while the head stays: no head move")
            out[-1] = d
            continue
        out.append(d)
    return repoint_overlaps(drafts, out)
