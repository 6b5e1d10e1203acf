"""Sides and details: sides read from the words (and actions whose axis the side contradicts), two moves to one
pose made one, and drafts turned into plan steps with their count, size and confidence.
"""

from __future__ import annotations

import dataclasses
import re

import numpy as np

from protocols.motion_plan import REPEATING, SIDES, PlanStep

from . import lexicon
from .back_references import earlier_target_side, targets_of
from .drafting import Draft, repoint_overlaps
from .meaning import Reading
from .ordering import POSE_MOVES
from .prototypes import MOTION_CLASSES


# ------------------------------------------------------------------------------------- sides and details


_HEAD_BACK = re.compile(r"\b(?:head|chin|face)\s+(?:(?:right|way|all the way|far)\s+)?back(?:wards?)?\b|"
                        r"\bback(?:wards?)?\s+(?:his|her|their|the|your)\s+head\b", re.IGNORECASE)


# Up or down said with the noun or verb of a glance ("a glance upward", "darts a look up") is a glance; a look
# "back up" or "back down" returns to a held pose, not a glance.
_GLANCE_WORDS = re.compile(r"\b(?:glanc\w*|glimps\w*|peep\w*|(?:darts?|darting|shoots?|shooting|flicks?|"
                           r"flicking|steals?|stealing|sneaks?|sneaking|casts?|casting|throws?|throwing)\s+(?:a\s+)?"
                           r"(?:quick\s+|fleeting\s+|furtive\s+)?(?:look|eyes|gaze))\b", re.IGNORECASE)
# The rest pose, said ("back to centre"); "comes back up to camera" faces the camera again (the guide: a return).
_TO_REST = re.compile(r"\b(?:back\s+)?(?:to|toward)\s+(?:the\s+|its\s+|his\s+|her\s+|their\s+)?(?:neutral|cent(?:er|re)|middle|"
                      r"rest(?:\s+pose)?|front|normal|upright|start(?:ing)?\s+(?:position|pose)|level(?!\s*\d))\b|\bback\s+to\s+(?:the\s+)?(?:camera|lens|me|us|viewer)\b|"
                      r"\bback\s+(?:up|down)\s+(?:to|into)\s+(?:the\s+)?(?:camera|lens)\b|"
                      r"\bto\s+face\s+(?:the\s+)?(?:camera|lens|front|audience|viewer|us|me)\b(?![- ](?:left|right)\b)|"
                      # ("turn your head to the lens": facing it, the guide's return, unless a side is named)
                      r"\bturn(?:s|ed|ing)?\s+(?:(?:his|her|their|your|my|the)\s+head\s+)?(?:\w+ly\s+)?(?:to|toward|towards)\s+"
                      r"(?:the\s+)?(?:camera|lens)\b(?![- ](?:left|right|l|r)\b)",
                      re.IGNORECASE)
_SIDE_TO_SIDE = re.compile(r"\b(?:(?:from\s+)?side\s+to\s+side|(?:from\s+)?shoulder\s+to\s+shoulder|to\s+and\s+fro|"
                           r"this\s+way\s+and\s+that)\b", re.IGNORECASE)
_MEANS_NO = re.compile(r"\b(?:no|nope|disagree\w*|deny\w*|denial|disbelief|refus\w*)\b", re.IGNORECASE)
_OTHER_WAY = re.compile(r"\b(?:the other (?:way|side|direction)|that way|the opposite (?:way|side|direction)|"
                        r"other side)\b", re.IGNORECASE)
_OTHER_WAY_NO_VERB = re.compile(r"(?:(?:and|then|and\s+then)\s+)?(?:\w+ly\s+)?(?:back\s+)?(?:over\s+)?(?:to\s+)?(?:the\s+)?"
                                r"(?:other|opposite)\s+(?:way|side|direction)(?:\s+round)?", re.IGNORECASE)
_OVER_SHOULDER = re.compile(r"\bover\s+(?:his|her|their|your|my|one|the)\s+(?:\w+\s+)?shoulder\b", re.IGNORECASE)
# "leans back in" (toward the camera again), not "back in his chair" or "pulls his head back in disgust"
_BACK_IN = re.compile(r"\bback\s+in(?:wards?)?(?=\s*$|\s+(?:to|toward|towards|again|close|closer|slowly|once)\b)",
                      re.IGNORECASE)
_BACK_VERTICAL = re.compile(r"\bback\s+(up|down)\b", re.IGNORECASE)
# A look held for a while is no glance ("looked down at the street for a long moment").
_LONG_HOLD = re.compile(r"\bfor\s+(?:a\s+(?:long|good)\s+(?:moment|while|time|minute)|a\s+while|some\s+time|"
                        r"(?:a\s+)?long(?:er)?(?:\s+time)?|ages|minutes|(?:two|three|four|five|several|a few)\s+"
                        r"seconds)\b|\b(?:a\s+)?long\s+(?:look|stare|gaze)\b",
                        re.IGNORECASE)
# Look as a verb ("quickly looks") or a noun ("a small look up"), but not "a quick look right" (a glance).
_LOOK_VERB = re.compile(r"(?<!quick )(?<!brief )(?<!swift )(?<!rapid )(?<!sharp )(?<!short )\blook(?:s|ed|ing)?\b",
                        re.IGNORECASE)
# A look sideways or askance is a glance whatever the verb.
_GLANCE_MANNER = re.compile(r"\b(?:sidelong|sideways|askance|out of the corner of|furtive\w*|fleeting\w*|briefly|split-second|momentary|"
                            r"for a (?:split\s+)?(?:second|moment|instant)|peek\w*|peep\w*)\b", re.IGNORECASE)
# "looks around, like, right left right": the sides said bare after "looks around" are the path it takes, one look
# around ("peers to the right and to the left and to the right again" is a turn to each)
_LOOKS_AROUND = re.compile(r"\blook(?:s|ed|ing)?\s+(?:a)?round\b", re.IGNORECASE)
_BARE_SIDE_LIST = re.compile(r"\b(?:left|right)\W+(?:and\s+)?(?:left|right)\W+(?:and\s+)?(?:left|right)\b", re.IGNORECASE)
_LOOKS_BACK = re.compile(r"\blook(?:s|ed|ing)?\s+back\s+(?:up|down)\b", re.IGNORECASE)


def settle_sides(drafts: list[Draft]) -> list[Draft]:
    """Sides from the words (left/right always; up/down when the text names exactly one), expanding
    'from the left to the right' into two turns; actions that the side contradicts change axis."""
    out: list[Draft] = []
    together: list[tuple[Draft, Draft]] = []   # (a step made here, the step it runs with)
    for d in drafts:
        named = [s.value for s in d.reading.sides]
        horizontal = [s for s in named if s in ("left", "right")]
        vertical = [s for s in named if s in ("up", "down")]
        words = " ".join(d.sources)
        if d.action in ("turn", "glance", "look", "tilt", "return") and not horizontal and not vertical:
            earlier = earlier_target_side(d, out)
            if earlier in ("up", "down"):   # "…, then at the window again": the window was up
                vertical = [earlier]
                d.action = "look" if d.action in ("return", "turn") else d.action
            elif earlier:   # "…, then to his mother again": where his mother was the first time
                horizontal = [earlier]
                d.notes.append(f"the same place as before: {earlier}")
                if d.action == "return" and not _TO_REST.search(words):
                    d.action = "turn"   # "…, then back to his mother": back to her, not to the front
        if d.action in ("turn", "glance", "look", "tilt", "return") and not horizontal and not vertical:
            height = lexicon.place_height(" ".join(d.sources))
            if height:   # "shoots a look at the ceiling", "then at the floor": the place is up or down
                vertical = [height]
                if d.action == "return" and not _TO_REST.search(words):
                    d.action, d.side = "look", height
                d.notes.append(f"the place is {height}")
        if (d.action == "return" and not horizontal and not vertical and targets_of(words)
                and not re.search(r"\b(?:back|again|front|ahead|forward|straight|camera|lens)\b", words, re.IGNORECASE)
                and not _TO_REST.search(words)):
            # "the bride turned to her groom": toward someone, not back to the front
            d.action = "turn"
            d.notes.append("read as a turn: toward someone or something, not back to the front")
        if (d.action in ("turn", "look", "look_around") and not vertical and _LOOKS_AROUND.search(words)
                and _BARE_SIDE_LIST.search(words)):
            d.action, horizontal = "look_around", []   # (the path of the look around, read as turns by meaning)
        if d.action == "look_around" and len(set(horizontal)) == 1 and not vertical:
            # "looked at her sister on her left": a look around goes no one way; a side makes it a turn
            d.action = "turn"
            d.notes.append(f"read as a turn: the words name {horizontal[0]}")
        elif d.action == "look_around" and not vertical and sum(
                1 for k, side in enumerate(horizontal) if k == 0 or side != horizontal[k - 1]) >= 3:
            # "peers to the right and to the left and to the right again": each side named is a turn of its own
            d.action = "turn"
            d.notes.append("read as turns: the words name the sides one after the other")
        if lexicon.camera_relative(" ".join(d.sources)):
            d.notes.append("camera/screen side: turned into the subject's own side")
        if d.action in ("look", "turn", "glance", "lean") and _TO_REST.search(words):
            # "…, then down to neutral", "back to centre": where it ends is the rest pose
            d.notes.append("read as a return: the words name the rest pose")
            d.action, d.side = "return", ""
            horizontal, vertical = [], []
        if (d.action in ("lean", "return", "recoil") and _BACK_VERTICAL.search(words) and not horizontal
                and not _TO_REST.search(words)):   # "back down to neutral" ends at rest
            # "comes slowly back up": back up/down is a look, not a lean or a return to the front
            side = _BACK_VERTICAL.search(words).group(1).lower()
            d.notes.append(f"read as a look {side}: the head comes back {side}")
            d.action, d.side = "look", side
            vertical = [side]
        if d.action == "look" and _HEAD_BACK.search(words) and "up" not in vertical:
            # "tipped his head back to watch the flakes come down": the head goes up, whatever it watches
            d.notes.append("read as a look up: the head tips back")
            vertical = ["up"]
        if d.action == "tilt" and not horizontal and _SIDE_TO_SIDE.search(words):
            # "sways her head from side to side": to and fro is a wag, or a shake when it means no
            d.action = "shake" if _MEANS_NO.search(words) else "wag"
            d.side = ""
            d.notes.append(f"read as a {d.action}: from side to side, not one tilt")
        if d.action == "wag" and _MEANS_NO.search(words):
            # "She moves her head from side to side: no": to and fro that means no is a shake
            d.action = "shake"
            d.notes.append("read as a shake: the words say no")
        if d.action == "return" and _HEAD_BACK.search(words) and not horizontal and not _TO_REST.search(words) \
                and not re.search(r"\bback\s+(?:to|toward|at|round|around)\b", words, re.IGNORECASE):
            # "threw her head back and laughed": the head goes back and up, not back to the front
            d.notes.append("read as a look up: the head tips back")
            d.action, d.side = "look", "up"
        if d.action == "return" and _OVER_SHOULDER.search(words):
            # "looks back over his shoulder": a turn to a side, not back to the front
            d.notes.append("read as a turn: over the shoulder is to a side")
            d.action = "turn"
        if d.action == "lean" and d.side == "back" and _BACK_IN.search(words):
            d.notes.append("read as leaning forward: back in is toward the camera again")
            d.side = "forward"
        if d.action in ("look", "turn") and _GLANCE_WORDS.search(words) and not _LONG_HOLD.search(words):
            d.notes.append("read as a glance: the words name a glance, which comes back")
            d.action = "glance"
        elif d.action == "glance" and _LONG_HOLD.search(words):
            d.action = "turn" if horizontal else "look" if vertical else "glance"
            if d.action != "glance":
                d.notes.append(f"read as a {d.action}: the words hold it for a while")
        elif (d.action == "glance" and (horizontal or vertical) and _LOOK_VERB.search(words)
              and not _GLANCE_WORDS.search(words) and not _GLANCE_MANNER.search(words)):
            # "He quickly looks to the left", "looks up sharply": a quick look is still a look (a glance is said
            # by its own words, or by "a quick look")
            d.action = "turn" if horizontal else "look"
            d.notes.append(f"read as a {d.action}: the verb is look, not a glance")
        elif d.action == "glance" and vertical and _LOOKS_BACK.search(words) and not _GLANCE_WORDS.search(words):
            d.notes.append("read as a look: the head goes back to where it was, and stays")
            d.action = "look"
        said = d.reading.count
        if (d.action in ("turn", "look") and (horizontal or vertical) and said is not None and said.value >= 2
                and _TIMES.search(said.words) and said.start > 0 and not _LONG_HOLD.search(words)):
            # (a count that opens the clause, "Twice he looks up …, and twice …", repeats a pair: `repeat_pairs`)
            d.action, d.count = "glance", int(said.value)   # "Look left twice": two glances to the left
            d.notes.append(f"read as glances: a look to a side said {said.value} times")
        if d.action == "recoil" and (horizontal or vertical) and not _HEAD_BACK.search(words):
            # "She jerks her head up": a sharp move with a direction is a turn or a look, not a recoil
            d.action = "turn" if horizontal else "look"
            d.speed = d.speed or "fast"
            d.notes.append(f"read as a quick {d.action}: the words name {(horizontal or vertical)[0]}")
        if (d.action in ("look", "turn") and len(set(vertical)) == 1 and len(set(horizontal)) == 1
                and _DIAGONAL.search(words)):
            # "looks up and to the right": one move to a corner, a look up and a turn together
            d.action, d.side = "look", vertical[0]
            turn = dataclasses.replace(d, action="turn", side=horizontal[0], sources=list(d.sources),
                                       notes=[f"with the look {vertical[0]}: the words name a corner"], overlaps=None)
            out.extend([d, turn])
            together.append((turn, d))
            continue
        if d.action == "tilt" and not horizontal and _HEAD_BACK.search(" ".join(d.sources)):
            d.notes.append("read as a look up: the head tips back, not to a side")
            d.action, d.side = "look", "up"
        elif d.action in ("look",) and horizontal and not vertical:
            d.notes.append(f"read as a turn: the words name {horizontal[0]}, not up or down")
            d.action, d.side = "turn", horizontal[0]
        elif d.action in ("tilt", "turn") and vertical and not horizontal:
            d.notes.append(f"read as a look {vertical[0]}: the words name {vertical[0]}")
            d.action, d.side = "look", vertical[0]
        elif d.action == "look" and len(set(vertical)) == 1 and vertical[0] != d.side:
            d.notes.append(f"side from the words: {vertical[0]}")
            d.side = vertical[0]
        elif d.action in ("turn", "tilt"):
            d.side = horizontal[0] if horizontal else ""
        elif d.action == "glance":
            d.side = (horizontal or vertical or [""])[0]
        runs = [side for k, side in enumerate(horizontal) if k == 0 or side != horizontal[k - 1]]
        ups = [side for k, side in enumerate(vertical) if k == 0 or side != vertical[k - 1]]
        if d.action in ("look", "glance") and not horizontal and len(ups) >= 2 and d.side == ups[0]:
            runs = ups   # "look up look down look up again": one move per direction named
        if d.action in ("turn", "glance", "look") and len(runs) >= 2:
            # "from the left to the right", "look left look right look left again": one move per side named
            out.append(d)
            out.extend(dataclasses.replace(d, side=side, sources=list(d.sources), notes=[], overlaps=None,
                                           marker="next") for side in runs[1:])
            continue
        if (d.action in ("turn", "tilt", "glance") and out and out[-1].action in ("turn", "tilt", "glance")
                and out[-1].action != d.action and out[-1].side in ("left", "right")
                and (_OTHER_WAY_NO_VERB.fullmatch(d.reading.clause.text.strip()) or d.borrowed)):
            # "She tips her head to the right, then the other way": no verb of its own, the step before's (and so for
            # a side that borrowed the verb of a step read so: "…, then the other way, then back to the right")
            d.action = out[-1].action
            d.notes.append(f"the other way, with no verb: another {d.action}")
        if (d.action in ("turn", "tilt", "glance") and not horizontal and out and out[-1].action == d.action
                and out[-1].side in ("left", "right") and _OTHER_WAY.search(words)):
            d.side = "right" if out[-1].side == "left" else "left"
            d.notes.append(f"the other way: {d.side}")
        if SIDES[d.action] != ("",) and not d.side:
            d.side = SIDES[d.action][0]
            said = "'away' does not say which side" if lexicon.says_away(" ".join(d.sources)) else "side not said"
            d.notes.append(f"{said}: chose {d.side}; edit the step to change it")
            d.confidence_scale *= 0.8
        out.append(d)
    out = repoint_overlaps(drafts, out)
    for made, anchor in together:
        made.overlaps = out.index(anchor)
    return out


# Up or down and a side in one breath: a corner ("up and to the right", "down and left", "up and off to her left").
_DIAGONAL = re.compile(r"\b(?:up|down)(?:wards?)?\s+and\s+(?:off\s+)?(?:to\s+(?:the|his|her|their|your|my)\s+|to\s+)?"
                       r"(?:camera\s+|screen\s+|frame\s+)?(?:left|right)\b", re.IGNORECASE)
_BARE_AGAIN = re.compile(r"^(?:(?:and|then)\s+)*(?:again|once\s+more)(?:\s+and\s+again)?[.!]*$", re.IGNORECASE)
_TIMES = re.compile(r"\b(?:twice|thrice|times?)\b|\d\s*[x×]|[x×]\s*\d", re.IGNORECASE)
_SAID_AGAIN = "said again with no count: one more of the same step"


def _one_more(prev: Draft | None, d: Draft) -> bool:
    """A bare "again" with no count of its own, right after a repeated motion ("He nods. Again. And again.")."""
    if prev is None or d.action != prev.action or d.side != prev.side or d.action not in REPEATING or d.count is not None:
        return False
    if d.overlaps is not None or prev.overlaps is not None or d.sentence - prev.sentence > d.repeats:
        return False
    if not _BARE_AGAIN.match(d.reading.clause.text.strip()):
        return False   # "She nods, then nods again": the verb said again is a step of its own (as the sets label it)
    return bool(lexicon.AGAIN.search(" ".join(d.sources))) and (prev.count in (None, 1) or prev.notes[-1:] == [_SAID_AGAIN])


def merge_same_pose(drafts: list[Draft]) -> list[Draft]:
    """Two moves to the same pose one after the other in a sentence ("She lifts her head and stares at the
    ceiling") are one move: the second finds the head already there. "…, then up again" stays two. Two holds in
    a row are one."""
    out: list[Draft] = []
    for d in drafts:
        prev = out[-1] if out else None
        if (prev is not None and d.action == "hold" and prev.action == "hold" and d.overlaps is None
                and prev.overlaps is None and not any(o.overlaps is not None and o.overlaps >= len(out) for o in drafts)):
            prev.absorb(d, "two holds in a row: one")   # "She doesn't flinch. She holds his stare.": one stillness
            continue
        if _pose_restated_in_hold(out, d):
            # "She sinks her head and remains so, head lowered, motionless": the pose the head is held in, said again
            prev.absorb(d, "the pose held, said again: no move of its own")
            continue
        if _one_more(prev, d):
            # "He nods. Again. And again.": one step, counted
            prev.count = (prev.count or 1) + d.repeats   # "Again. And again." said as one bare step
            prev.sources.extend(d.sources)
            prev.sentence = d.sentence   # the next "again" counts from here
            prev.notes.append(_SAID_AGAIN)
            continue
        if (prev is not None and d.action in POSE_MOVES and d.action == prev.action and d.side == prev.side
                and d.sentence == prev.sentence and d.overlaps is None and prev.overlaps is None
                and not any(o.overlaps is not None and o.overlaps >= len(out) for o in drafts)
                and not re.search(r"\b(?:again|more|further|back)\b", " ".join(d.sources), re.IGNORECASE)
                and not _different_places(prev, d)):
            prev.sources.extend(d.sources)
            prev.speed = prev.speed or d.speed
            prev.amplitude = prev.amplitude or d.amplitude
            prev.notes.append("said twice: one move to the same pose")
            continue
        out.append(d)
    return repoint_overlaps(drafts, out)


def _pose_restated_in_hold(out: list[Draft], d: Draft) -> bool:
    """A pose said as a state ("head down", "chin still lowered") running with a hold that keeps the pose the step
    before the hold took, in the hold's sentence: the head is already there."""
    if len(out) < 2 or d.action not in POSE_MOVES or d.overlaps != len(out) - 1:
        return False
    hold, took = out[-1], out[-2]
    return (hold.action == "hold" and hold.overlaps is None and d.sentence == hold.sentence
            and d.reading.clause.absolute and took.action == d.action and took.side == d.side
            and not re.search(r"\b(?:again|more|further)\b", " ".join(d.sources), re.IGNORECASE))


def _different_places(a: Draft, b: Draft) -> bool:
    """"looks at her sister, then at the window": two places are two moves, even where no side tells them apart."""
    ta, tb = targets_of(" ".join(a.sources)), targets_of(" ".join(b.sources))
    return bool(ta and tb and not ta & tb)


def to_steps(drafts: list[Draft]) -> list[PlanStep]:
    steps = []
    for d in drafts:
        reading = d.reading.motion
        count = 1
        if d.action in REPEATING:
            if d.count is None and d.repeats > 1:
                d.count = d.repeats
                d.notes.append(f"count {d.repeats}: the verb is said {d.repeats} times")
            count = d.count if d.count is not None else (1 if d.action == "glance" else 0)
            if d.count is None and d.action != "glance":
                d.notes.append("count not said: repeats for its time")
        elif d.count not in (None, 1, 0):
            d.notes.append(f"count {d.count} ignored: a {d.action} happens once")
        amplitude = d.amplitude or "medium"
        if d.degrees is not None:
            amplitude = lexicon.amplitude_of_degrees(d.action, d.degrees)
            d.notes.append(f"{d.degrees:g}° is {amplitude} for a {d.action}")
        runner = MOTION_CLASSES.get(reading.runner_up)
        runner_up = runner[0] if runner else ""
        if runner_up == d.action:
            runner_up = ""
        if reading.margin < 0.03:
            d.notes.append(f"ambiguous: could also be {reading.runner_up.replace('_', ' ')}")
        confidence = _confidence(reading) * d.confidence_scale
        steps.append(PlanStep(d.action, d.side, count, amplitude, d.speed or "normal", 0.0, 1.0, d.overlaps,
                              source=" … ".join(dict.fromkeys(d.sources))[:500], confidence=round(confidence, 3),
                              margin=round(float(np.clip(reading.margin, -2, 2)), 4), runner_up=runner_up,
                              notes=tuple(d.notes)))
    return steps


def _confidence(reading: Reading) -> float:
    closeness = np.clip((reading.score - 0.30) / 0.35, 0.0, 1.0)
    decisiveness = np.clip(0.5 + 5.0 * reading.margin, 0.0, 1.0)
    return float(closeness * decisiveness)
