"""A later note that changes a step said before it, in a review, a memo or an e-mail (the labelling guide's rule 7:
the final intended take, once): "He nods, then tilts left. Lose the tilt." is the nod; "Bin the nods" takes every
nod said; "Make that tilt a lean", "the glance should go right", "Two nods, not three" and "Put the glance before the
nod" change, recount or move it where it was said. The note itself adds no step, and each change is told in the
plan's notes. `take_notes.final_take` applies these before it reads the notes that correct themselves."""

from __future__ import annotations

import dataclasses
import re

from .lexicon import Found, find_count
from .note_words import (CUT_WORD as _CUT_WORD, MOTION_NOUN as _MOTION_NOUN, NUMBER_WORD as _NUMBER_WORD, motion_named,
                         SPEECH_MARK as _SPEECH, TAKE_BACK as _TAKE_BACK)


# A later note that takes back a motion said before it ("He nods, then tilts left. Lose the tilt.", "Bin the nods.",
# "the glance can go", "no more tilting", "the shake is too much, cut it"): the step said before goes (guide, rule 7).
# Only with a motion named as a noun after the verb: "drops her head" is a look down, "loses her temper" no motion.
# Not after a "don't" or a "never": "don't forget the nod at the end" keeps it.
_WHICH = r"(?P<{}>second|last|first|third|final|both|all|all\s+the|all\s+those|any)"
_CUT_NAMED = re.compile(rf"(?:^|(?<=[,.;:!?])|(?<=\s)(?<!n't\s)(?<!n\u2019t\s)(?<!not\s)(?<!never\s))(?:(?:and|but|then|so|just|also|pls|please|now|actually|ok|okay|no)\s*,?\s+)*"
                        rf"(?:{_CUT_WORD})\s+(?:{_WHICH.format('all')}\s+)?(?:(?:the|that|this|those|these|your|his|her|their)\s+)?"
                        rf"(?:{_WHICH.format('which')}\s+)?(?:(?:extra|big|little|small|whole|other|head)\s+)?(?P<noun>{_MOTION_NOUN})\b(?![\w-])"
                        # (the way it went, or the thing it went to: "Scratch the look to the door")
                        rf"(?P<way>\s+(?:back|(?:to\s+(?:the\s+|his\s+|her\s+|their\s+)?)?(?:left|right)|up|down)\b|"
                        rf"\s+(?:to|toward|towards|at)\s+(?:the|his|her|their)\s+(?!left\b|right\b)[\w'-]+\b)?"
                        rf"(?!\s+(?:instead|to|at|toward|towards|into|short|shorter|down\s+to|back\s+to|in\s+half)\b)",
                        re.IGNORECASE)
# "… and the tilt can go", "That nod has to go.", "the shake is too much, cut it": the motion named, then its cut.
_CAN_GO = re.compile(rf"(?:^|(?<=[,.;:!?])\s*)(?:(?:and|but|so|also|ok|okay)\s*,?\s+)*(?:the|that|this|those|these|his|her|their)\s+"
                     rf"(?:{_WHICH.format('which')}\s+)?(?:(?:extra|big|little|small|whole|other|head)\s+)?(?P<noun>{_MOTION_NOUN})\b(?![\w-])"
                     rf"(?P<way>\s+(?:back|(?:to\s+(?:the\s+|his\s+|her\s+|their\s+)?)?(?:left|right)|up|down)\b)?\s+"
                     rf"(?:(?:can|could|has\s+to|have\s+to|needs?\s+to|must|should)\s+go\b(?=\s*(?:[,.;!?]|$|now|too|entirely|completely|as\s+well))|"
                     rf"(?:is|are|'s|feels?|reads?)\s+(?:way\s+|much\s+|a\s+bit\s+|just\s+)?too\s+much\s*[,;:\u2013\u2014-]+\s*"
                     rf"(?:so\s+)?(?:{_CUT_WORD})\s+(?:it|them)\b)[^.;!?]*", re.IGNORECASE)
# The words of each motion as said in a take (verb or noun), for finding the step a later note takes back.
_SAID_AS = {"nod": r"nod(?:s|ded|ding)?", "shake": r"shak(?:e|es|ing)|shook|headshakes?", "tilt": r"tilt(?:s|ed|ing)?",
            "turn": r"turn(?:s|ed|ing)?", "lean": r"lean(?:s|ed|ing|t)?", "glance": r"glanc(?:e|es|ed|ing)",
            "look": r"look(?:s|ed|ing)?", "wag": r"wag(?:s|ged|ging)?", "bow": r"bow(?:s|ed|ing)?",
            "hold": r"hold(?:s|ing)?|held|paus(?:e|es|ed|ing)|beats?|freez(?:e|es|ing)|froze",
            "recoil": r"recoil(?:s|ed|ing)?|flinch(?:es|ed|ing)?|jerk(?:s|ed|ing)?"}
# What refers to a step rather than says it ("keep the nod", "that tilt"): not a step of its own to take back.
# ("The owl nods" is a step: the word after "the" is its subject, not a size of the motion)
_REFERRED = re.compile(r"\b(?:the|that|this|those|these|keep|love|like)\s+(?:(?:small|big|little|slow|quick|fast|first|second|"
                       r"third|last|final|head|extra|tiny|single|other|whole|sharp|soft|long|short|slight|subtle|double)\s+)?$",
                       re.IGNORECASE)
_PART_BREAK = re.compile(r"\s*,?\s+(?:and\s+then|then|and|but|before|after|while)\s+|\s+[\u2013\u2014-]+\s+", re.IGNORECASE)
_SUBJECT_OPENING = re.compile(r"^\s*(?i:(?:then|and|so|now)\s+)?(?:(?i:he|she|they|it|i|you|we)|[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)?"
                              r"|(?i:the)\s+[\w'-]+)\s+")


def _cut_action(noun: str) -> str | None:
    action = motion_named(noun)
    return action if action in _SAID_AS else None


def _steps_said(text: str, action: str, way: str) -> list[re.Match]:
    """Where `text` says a step of `action` (its verb, or its noun said as a step: "a nod", "two nods"), not where it
    refers to one ("keep the nod") nor in speech; with `way` ("back", "left", "up") only the ones said with it."""
    said = []
    for m in re.finditer(rf"\b(?:head[\s-]*)?(?:{_SAID_AS[action]})\b", text, re.IGNORECASE):
        if _REFERRED.search(text[:m.start()]) or text.count(_SPEECH, 0, m.start()) % 2:
            continue
        if way:
            part = _part_at(text, m.start())
            if not re.search(rf"\b{re.escape(way.split()[-1])}\b", text[part[0]:part[1]], re.IGNORECASE):
                continue
        elif action == "turn" and re.match(r"\w*\s+(?:\w+ly\s+)?back\b", text[m.start():], re.IGNORECASE):
            continue   # "turns back" is a return, not the turn a note cuts
        said.append(m)
    return said


def _part_at(text: str, at: int) -> tuple[int, int]:
    """The part of its sentence `at` is in: between punctuation and the words that join steps ("then", "and")."""
    start = max(text.rfind(c, 0, at) for c in ".;:!?,") + 1
    ends = [e for e in (text.find(c, at) for c in ".;:!?,") if e >= 0]
    end = min(ends) if ends else len(text)
    for b in _PART_BREAK.finditer(text, start, end):
        if b.end() <= at:
            start = b.end()
        elif b.start() >= at:
            end = b.start()
            break
    return start, end


def _without_step_at(text: str, at: int) -> str:
    """`text` with the step said at `at` taken out, with the words joining it to the one before or after; a subject
    that opens it stays with the step after ("She nods twice and looks down" → "She looks down")."""
    start, end = _part_at(text, at)
    sentence_start = max(text.rfind(c, 0, start) for c in ".;!?") + 1
    stops = [e for e in (text.find(c, end) for c in ".;!?") if e >= 0]
    sentence_end = min(stops) if stops else len(text)
    opens = not text[sentence_start:start].strip(" ,:\u2013\u2014-")
    if opens and not text[end:sentence_end].strip(" ,:\u2013\u2014-"):
        # the whole sentence says the step: it goes with its full stop
        stop = re.match(r"[.;!?]*\s*", text[sentence_end:])
        return text[:sentence_start] + (" " if sentence_start else "") + text[sentence_end + stop.end():]
    if opens:
        # "Tilting left, she nods", "She tilts left and nods": up to the next step's words, the subject kept
        join = re.match(rf"\s*,?\s*(?:(?:and\s+then|then|and|but|so)\s+)?|{_PART_BREAK.pattern}", text[end:], re.IGNORECASE)
        subject = _SUBJECT_OPENING.match(text[start:at])
        keep = start + subject.end() if subject else start
        return text[:keep] + text[end + join.end():]
    joined = re.search(rf"(?:{_PART_BREAK.pattern}|\s*[,:]\s*)$", text[sentence_start:start], re.IGNORECASE)
    return text[:sentence_start + joined.start() if joined else start] + text[end:]


# Motions listed, then cut ("Everything else - the head wag, the lean forward - cut.", "the tilt and the glance, lose
# them"): each is taken back, and the list is no step.
_LISTED = rf"(?:the|that|this|his|her|their)\s+(?:[\w-]+\s+)?{_MOTION_NOUN}\b(?![\w-])(?:\s+(?:back|forward|left|right|up|down|around))?"
_LIST_CUT = re.compile(rf"(?:^|(?<=[.;!?:]))\s*(?:(?:and|but|also|so)\s+)?(?:(?:everything\s+else|the\s+rest|all\s+the\s+rest)\s*"
                       rf"[-\u2013\u2014:,]?\s*)?(?P<items>{_LISTED}(?:\s*(?:,\s*(?:and\s+)?|\band\s+){_LISTED})*)\s*"
                       rf"[-\u2013\u2014:,]+\s*(?:{_CUT_WORD})(?:\s+(?:them|it|all\s+of\s+them|them\s+all|both))?"
                       rf"(?:\s+(?:entirely|completely|too|as\s+well))?\s*(?=[.;!?]|$)", re.IGNORECASE)


# A cut of a later one of a motion, with the first one kept by name ("Drop the second nod and keep the first one",
# "Cut the last tilt left. Leave the first as it is."): the one kept is the first; "keep the first" moves nothing.
_FIRST_KEPT = re.compile(rf"(?P<cut>(?:^|(?<=[,.;:!?]))\s*(?:(?:and|but|then|so|just|also|pls|please|now|(?:could|can|would)\s+"
                         rf"(?:you|we))\s*,?\s+)*"
                         rf"(?:{_CUT_WORD})\s+(?:the|that|your|his|her|their)\s+(?:second|last|other|final)\s+"
                         rf"(?P<noun>{_MOTION_NOUN})\b(?![\w-])(?P<way>\s+(?:back|(?:to\s+(?:the\s+|his\s+|her\s+|their\s+)?)?"
                         rf"(?:left|right)|up|down)\b)?[^,.;:!?]*)"
                         rf"(?P<kept>\s*[,.;?!]?\s*(?:(?:and|but|just|please|pls|so)\s*,?\s+)*(?:keep|leave)\s+the\s+first"
                         rf"(?:\s+one)?(?:\s+(?:where\s+it\s+is|as\s+it\s+is|alone|in|untouched|be))?\s*[.;!]?)",
                         re.IGNORECASE)


def first_one_kept(text: str) -> str:
    """`text` with "keep the first (one)" after a cut of a later one read: where the motion was said before, the cut
    takes its later one back and the keeping adds nothing; where it was not, the one kept is the step ("Remove the
    second tilt, leave the first one" → "one tilt")."""
    def kept(m: re.Match) -> str:
        action = _cut_action(m.group("noun"))
        if action is None:
            return m.group(0)
        if _steps_said(text[:m.start()], action, ""):
            return m.group("cut") + "."
        noun = re.sub(r"(?<!s)s$", "", m.group("noun"))   # "the second nods" → "nod"
        return f" one {noun}{m.group('way') or ''}."
    return _FIRST_KEPT.sub(kept, text)


def takes_back(text: str, changes: "list[str] | None") -> str:
    """`text` with each step a later note takes back ("Lose the tilt", "Bin the nods", "the glance can go") taken out
    where it was said before the note; the note itself is left for take_notes' TAKE_OUT/CUT_OUT, which add no step (a
    list cut, "the wag and the tilt - cut", goes here)."""
    k = 0
    while True:
        found = sorted([*_CUT_NAMED.finditer(text), *_CAN_GO.finditer(text), *_LIST_CUT.finditer(text)], key=lambda f: f.start())
        if k >= len(found):
            return text
        m = found[k]
        k += 1
        cut = re.sub(r"^(?:(?:actually|no|wait|oh|ok(?:ay)?|sorry|and|but|so)\s*,?\s+)+", "", text[m.start():m.end()].strip(" ,.;"),
                     flags=re.IGNORECASE)
        if m.re is _LIST_CUT:
            items = [(i.group(1), (i.group(2) or "").strip(), "") for i in re.finditer(
                rf"({_MOTION_NOUN})\b(?![\w-])(\s+(?:back|forward|left|right|up|down|around))?", m.group("items"), re.IGNORECASE)]
        else:
            items = [(m.group("noun"), (m.group("way") or "").strip(), (m.group("which") or m.groupdict().get("all") or "").lower())]
        start, end, taken = m.start(), m.end(), 0
        for noun, way, which in items:
            length = len(text)
            text, said = _take_back(text, start, noun, way, which)
            start, end, taken = start - (length - len(text)), end - (length - len(text)), taken + abs(said)
            if said and changes is not None:
                steps = "the step" if said == 1 else f"the {said} steps" if said > 1 else "one count from the step"
                changes.append(f"a later note takes back {steps} of the {noun.lower()}{' ' + way.lower() if way else ''} "
                               f"said before it (“{cut}”)")
        if m.re is _LIST_CUT or (m.re is _CAN_GO and taken):
            # (a note on a motion not said before, "that bobbing has to go", is left to `_GOES`)
            text, k, end = text[:start] + " " + text[end:], k - 1, start + 1
        if taken:
            text = _note_applied(text, start, end)


# Words that say the note beside them takes something back ("Actually no, cut the lean", "scrap the wag, actually:
# she faces the lens instead"): once the note has taken its step back, they would take back another.
_TAKING_BACK_BEFORE = re.compile(r"(?:(?:actually|no|wait|oh|ok(?:ay)?|sorry|hmm+)\s*,?\s*)+$", re.IGNORECASE)
_TAKING_BACK_AFTER = re.compile(r"^(?P<note>[^,.;:!?]*?)\s*,\s*(?:actually|no\s+wait|wait)\s*[:,]\s*", re.IGNORECASE)


_ENDS_ON = re.compile(rf"^(?P<note>[^,.;:!?]*?)\s*,\s*(?:and\s+|just\s+|so\s+)?(?:end|finish|stop)\s+on\s+(?:the|that|this|his|her)\s+"
                      rf"(?:[\w-]+\s+)?(?P<noun>{_MOTION_NOUN})\b(?![\w-])[^,.;!?]*", re.IGNORECASE)


def _note_applied(text: str, start: int, end: int) -> str:
    """`text` with the words beside the note at `start`-`end` that say it takes something back taken out, and the
    "instead" of what it asks for in their place ("…, actually: she faces the lens instead" is that step)."""
    ends_on = _ENDS_ON.match(text[end:])
    if ends_on and _cut_action(ends_on.group("noun")) and _steps_said(text[:start], _cut_action(ends_on.group("noun")), ""):
        # "cut the lean back in, end on the recoil": the take ends on the step said before, no step of its own
        text = text[:end] + ends_on.group("note") + text[end + ends_on.end():]
    after = _TAKING_BACK_AFTER.match(text[end:])
    if after:
        rest = text[end + after.end():]
        stop = re.search(r"[.;!?]", rest)
        stop = stop.start() if stop else len(rest)
        rest = re.sub(r"\s*,?\s*\binstead\b(?!\s+of)", "", rest[:stop], count=1, flags=re.IGNORECASE) + rest[stop:]
        text = text[:end] + after.group("note") + ". " + rest[:1].upper() + rest[1:]
    opening = re.match(r"\s*(?:(?:actually|no|wait|oh|ok(?:ay)?|sorry)\s*,?\s+)+", text[start:end], re.IGNORECASE)
    if opening:   # ("Actually no, cut the lean": said in the note's own words)
        text = text[:start] + " " + text[start + opening.end():]
    before = _TAKING_BACK_BEFORE.search(text[:start])
    if before and (before.start() == 0 or text[:before.start()].rstrip()[-1:] in ".;!?"):
        text = text[:before.start()] + text[start:]
    return text


def _take_back(text: str, at: int, noun: str, way: str, which: str) -> "tuple[str, int]":
    """`text` without the step(s) of `noun` said before `at` that a note takes back, and how many went: the nearest
    one; the first, second or third where said; every one for "the nods", "both", "all"."""
    action = _cut_action(noun)
    said = _steps_said(text[:at], action, way) if action else []
    nth = ("first", "second", "third").index(which) + 1 if which in ("first", "second", "third") else 0
    if nth > 1 and len(said) == 1 and action in ("nod", "shake", "glance", "wag"):
        count = _count_at(text, said[0])
        if count is not None and count.value >= nth:
            # "He nods three times. Cut the second nod.": one nod fewer in the step said
            return _counted(text, count, count.value - 1, action)[0], -1
    if which == "first":
        said = said[:1]
    elif which == "second":
        said = said[1:2]
    elif which == "third":
        said = said[2:3]
    elif not (which.startswith("all") or which in ("both", "any") or noun.lower().endswith(("s", "ing"))):
        said = said[-1:]   # the nearest step of that motion said before
    for s in reversed(said):
        text = _without_step_at(text, s.start())
    return text, len(said)


# A later note that makes a motion said before another one or sends it another way ("He tilts left. Make that tilt a
# lean.", "Change the shake to a nod.", "swap the nod for a shake", "the glance should go right, not left"): the step
# said before changes in place, and the note adds no step of its own.
_NOTE_OPENING = r"(?:^|(?<=[,.;:!?])|(?<=\s))\s*(?:(?:and|but|so|just|also|please|pls|now|ok|okay|oh)\s*,?\s+)*"
_THE = r"(?:the|that|this|his|her|their)\s+(?:(?:extra|big|little|small|head)\s+)?"
_INTO = re.compile(rf"{_NOTE_OPENING}(?:(?:make|change|turn|switch|swap|replace|trade)\s+{_THE}(?P<old>{_MOTION_NOUN})\b(?![\w-])"
                   rf"(?:\s+(?:left|right|up|down|back|forward))?\s*(?:(?:in)?to|for|with|by)?\s*|{_THE}(?P<old2>{_MOTION_NOUN})\b(?![\w-])"
                   rf"\s+(?:should\s+be|becomes|(?:needs|has)\s+to\s+be|must\s+be)\s+)(?P<asked>(?:a|an|one|just\s+a)\s+)(?:[\w-]+\s+)?"
                   rf"(?P<new>nod|shake|headshake|tilt|turn|lean|glance|look|recoil|flinch)\b(?![\w-])(?P<way>\s+(?:left|right|up|down|back|forward)\b)?"
                   rf"(?:\s+instead)?(?=\s*(?:[,.;!?]|$))",
                   re.IGNORECASE)
_SIDE_WORD = r"(?:to\s+(?:the\s+|his\s+|her\s+|their\s+)?)?(?P<{}>left|right|up|down)\b"
_GOES_WAY = re.compile(rf"{_NOTE_OPENING}{_THE}(?P<old>{_MOTION_NOUN})\b(?![\w-])\s+(?:should|needs\s+to|has\s+to|must)\s+"
                       rf"(?:go|be|point|head)\s+{_SIDE_WORD.format('side')}(?:\s*,?\s*(?:not|instead\s+of|rather\s+than)\s+"
                       rf"{_SIDE_WORD.format('wrong')})?(?=\s*(?:[,.;!?]|$))", re.IGNORECASE)
# The word of each motion in each form, to say a step as another motion in the words it was said in.
_FORMS = {"nod": ("nod", "nods", "nodded", "nodding"), "shake": ("shake", "shakes", "shook", "shaking"),
          "tilt": ("tilt", "tilts", "tilted", "tilting"), "turn": ("turn", "turns", "turned", "turning"),
          "lean": ("lean", "leans", "leaned", "leaning"), "glance": ("glance", "glances", "glanced", "glancing"),
          "look": ("look", "looks", "looked", "looking"), "recoil": ("recoil", "recoils", "recoiled", "recoiling")}


# The ways a motion made into another cannot go ("Make that tilt a lean": a lean has no left or right; "trade the tilt
# for a recoil": a recoil goes back, whatever way the tilt went).
_NO_SUCH_WAY = {"lean": "left|right|up|down", "nod": "left|right|up|down", "shake": "left|right|up|down",
                "tilt": "up|down", "turn": "up|down", "recoil": "left|right|up|down|forward"}


def _as_other_motion(word: str, action: str) -> str:
    w = word.lower().split()[-1].split("-")[-1]
    form = 3 if w.endswith("ing") else 2 if w.endswith(("ed", "shook", "leant")) else 1 if w.endswith("s") else 0
    new = _FORMS[action][form]
    return new.capitalize() if word[:1].isupper() else new


# A later note that changes how many times a motion said before is done ("He nods three times. Two nods, not three.",
# "one fewer nod"): the count of the step said before changes, and the note adds no step.
_COUNTED = r"(?P<noun>nods?|shakes?|headshakes?|glances?|wags?)"
_RECOUNTED = re.compile(rf"{_NOTE_OPENING}(?:(?:just|only)\s+)?(?P<n>{_NUMBER_WORD})\s+{_COUNTED}\s*,?\s*(?:not|instead\s+of|rather\s+than)\s+"
                        rf"(?P<was>{_NUMBER_WORD})\b(?=\s*(?:[,.;!?]|$))|"
                        rf"{_NOTE_OPENING}not\s+(?P<was2>{_NUMBER_WORD})\s+{_COUNTED.replace('noun', 'noun2')}\s*,\s*(?:just\s+|only\s+)?"
                        rf"(?P<n2>{_NUMBER_WORD})\b(?=\s*(?:[,.;!?]|$))|{_NOTE_OPENING}(?:(?:just|and|but)\s+)?one\s+(?:fewer|less)\s+"
                        rf"{_COUNTED.replace('noun', 'fewer')}\b(?=\s*(?:[,.;!?]|$|please|pls))", re.IGNORECASE)
_NUMBER_VALUE = {w: k for k, w in enumerate(("zero", "one", "two", "three", "four", "five", "six", "seven", "eight",
                                               "nine", "ten"))}


def _number(words: str) -> "int | None":
    w = words.lower()
    return int(w) if w.isdigit() else _NUMBER_VALUE.get(w)


def _recounted(m: re.Match, text: str) -> "tuple[str, str] | None":
    """The text with the count of the step `m` recounts changed, and what changed; None where no step said before
    has a count to change."""
    action = _cut_action(m.group("noun") or m.group("noun2") or m.group("fewer"))
    said = _steps_said(text[:m.start()], action, "") if action else []
    asked, was = m.group("n") or m.group("n2"), m.group("was") or m.group("was2")
    for at in reversed(said):
        count = _count_at(text, at)
        if count is None:
            continue
        n = _number(asked) if asked else count.value - 1
        if n == count.value:
            return text[:m.start()] + " " + text[m.end():], ""   # "nod twice … NOT three nods, two": said so already
        if was and _number(was) != count.value or not n:
            return None
        changed, what = _counted(text, count, n, action)
        shift = len(changed) - len(text)
        return changed[:m.start() + shift] + " " + changed[m.end() + shift:], what
    return None


def _count_at(text: str, at: re.Match) -> "Found | None":
    """The number said with the step at `at` ("nods three times", "two nods"), its start in `text`; None without one."""
    start, end = _part_at(text, at.start())
    count = find_count(text[start:end])
    if count is None or not isinstance(count.value, int) or count.value < 1:
        return None
    return dataclasses.replace(count, start=start + count.start)


def _counted(text: str, count: Found, n: int, action: str) -> "tuple[str, str]":
    """`text` with `count` said as `n`, and what changed."""
    words = what = "once" if n == 1 else "twice" if n == 2 else f"{n} times"
    if re.match(r"\w+\s+(?:nod|shake|headshake|glance|wag)s?\b", count.words) or re.search(_MOTION_NOUN, count.words, re.IGNORECASE):
        words = f"{'a' if n == 1 else n} {action}{'' if n == 1 else 's'}"   # "three nods" said as a noun
    return (text[:count.start] + words + text[count.start + len(count.words):],
            f"the {action} said before it is done {what}")


# A later note that moves a motion said before ("He nods, then glances at the door. Put the glance before the nod.",
# "the nod should come after the tilt", "the tilt comes first"): the step said before is said again where it goes.
_MOVED = re.compile(rf"{_NOTE_OPENING}(?:(?:put|move|have|do|place)\s+{_THE}(?P<a>{_MOTION_NOUN})\b(?![\w-])\s+|{_THE}(?P<a2>{_MOTION_NOUN})"
                    rf"\b(?![\w-])\s+(?:should\s+|needs\s+to\s+|has\s+to\s+|must\s+)?(?:comes?|go(?:es)?|happens?|be)\s+)"
                    rf"(?:(?P<when>before|after|ahead\s+of)\s+{_THE}(?P<b>{_MOTION_NOUN})\b(?![\w-])|(?P<first>first))"
                    rf"(?:\s*,?\s*not\s+(?:after|before|last|second)(?:\s+{_THE}?{_MOTION_NOUN})?)?(?=\s*(?:[,.;!?]|$))",
                    re.IGNORECASE)


def _moved(m: re.Match, text: str) -> "tuple[str, str] | None":
    """The text with the step `m` moves said again where it goes, and what moved; None where it is not said before."""
    action = _cut_action(m.group("a") or m.group("a2"))
    note_at = m.start()
    said_a = _steps_said(text[:note_at], action, "") if action else []
    if m.group("first"):
        others = [w for other in _SAID_AS if other != action for w in _steps_said(text[:note_at], other, "")]
        said_b, before = sorted(others, key=lambda w: w.start())[:1], True
    else:
        other = _cut_action(m.group("b"))
        said_b = _steps_said(text[:note_at], other, "") if other else []
        before = m.group("when").lower() != "after"
    if not said_a or not said_b:
        return None
    a, b = said_a[-1].start(), (said_b[0] if m.group("first") else said_b[-1]).start()
    note = text[m.start():m.end()]
    text = text[:m.start()] + " " + text[m.end():]
    if (a < b) == before:
        return text, ""   # already in that order: the note only says so
    a_start, a_end = _part_at(text, a)
    piece = text[a_start:a_end]
    piece = piece[_SUBJECT_OPENING.match(piece).end():] if _SUBJECT_OPENING.match(piece) else piece
    piece = re.sub(r"^\s*(?:(?:and\s+)?then|and)\s+", "", piece.strip(), flags=re.IGNORECASE)
    b_mark = "\x00"
    text = text[:b] + b_mark + text[b:]
    text = _without_step_at(text, a + (1 if a > b else 0))
    b = text.index(b_mark)
    text = text.replace(b_mark, "")
    b_start, b_end = _part_at(text, b)
    if before:
        opening = _SUBJECT_OPENING.match(text[b_start:b])
        at = b_start + (opening.end() if opening else len(text[b_start:b]) - len(text[b_start:b].lstrip()))
        text = text[:at] + piece + ", then " + text[at:]
    else:
        text = text[:b_end] + ", then " + piece + text[b_end:]
    return text, f"the {action} said before it goes {'first' if m.group('first') else m.group('when').lower() + ' the ' + m.group('b').lower()} (“{note.strip(' ,.;')}”)"


def changes_back(text: str, changes: "list[str] | None") -> str:
    """`text` with each step a later note changes ("Make that tilt a lean", "the glance should go right, not left")
    changed where it was said before the note, and the note taken out."""
    k = 0
    while True:
        found = sorted([*_INTO.finditer(text), *_GOES_WAY.finditer(text), *_RECOUNTED.finditer(text),
                        *_MOVED.finditer(text)], key=lambda f: f.start())
        if k >= len(found):
            return text
        m = found[k]
        k += 1
        if m.re is _RECOUNTED or m.re is _MOVED:
            changed = _recounted(m, text) if m.re is _RECOUNTED else _moved(m, text)
            if changed is not None:
                text, what = changed
                k -= 1
                if changes is not None and what:
                    changes.append(f"a later note changes a step: {what}" + (
                        f" (“{m.group(0).strip(' ,.;')}”)" if m.re is _RECOUNTED else ""))
            continue
        if re.search(rf"(?:{_TAKE_BACK})\s*[:,]?\s*$", text[:m.start()], re.IGNORECASE):
            continue   # "Correction: the turn must be to his right" is read as a correction (`_corrected`)
        old = m.group("old") or m.groupdict().get("old2")
        action = _cut_action(old)
        said = _steps_said(text[:m.start()], action, "") if action else []
        if m.re is _GOES_WAY and m.group("wrong"):
            said = [w for w in said if re.search(rf"\b{m.group('wrong')}\b", text[w.start():_part_at(text, w.start())[1]],
                                                 re.IGNORECASE)]
        new = _cut_action(m.group("new")) if m.re is _INTO else None
        if m.re is _INTO and new in _FORMS and not said and m.group("old"):
            # "Can we swap the nod for a shake?", "Replace the glance down with a proper look down, slow" with no nod
            # or glance said: the take's motion is not told, the one asked for is
            text = text[:m.start()] + " " + text[m.start("asked"):]
            continue
        if not said or (m.re is _INTO and new not in _FORMS):
            continue
        at, note = said[-1], text[m.start():m.end()].strip(" ,.;")
        if m.re is _INTO:
            changed = _as_other_motion(at.group(0), new)
            if re.search(r"\b(?:shak|shook|tilt|turn)", at.group(0), re.IGNORECASE) and new in ("nod", "glance", "look", "lean"):
                # "shakes her head" → "nods": the head goes with the verb it belonged to
                rest = re.sub(r"^\s+(?:his|her|their|its|your|my|the)\s+head\b", "", text[at.end():], count=1, flags=re.IGNORECASE)
            else:
                rest = text[at.end():]
            what = f"the {old.lower()} said before it is a {new}"
            end = _part_at(text, at.start())[1] - (len(text) - len(rest))
            if end > 0 and _NO_SUCH_WAY.get(new):
                # "tilts left" made a lean: a lean goes forward or back, so the side of the tilt goes
                rest = re.sub(rf"\s+(?:to\s+(?:the\s+|his\s+|her\s+|their\s+|its\s+)?)?(?:{_NO_SUCH_WAY[new]})\b", "",
                              rest[:end], flags=re.IGNORECASE) + rest[end:]
            if m.group("way") and end >= 0:
                # "Replace the glance down with a look up": the way said with the new motion is its way
                way = m.group("way").strip()
                said_way = re.search(r"\b(?:left|right|up|down|back|forward)\b", rest[:end], re.IGNORECASE)
                rest = (rest[:said_way.start()] + way + rest[said_way.end():] if said_way else f" {way}{rest}")
        else:
            end = _part_at(text, at.start())[1]
            way = m.group("wrong") or r"left|right|up|down"
            wrong = re.search(rf"\b(?:{way})\b", text[at.start():end], re.IGNORECASE)
            if wrong is None:   # "She glances, then nods. The glance should go right.": the way is added
                changed = f"{at.group(0)} {m.group('side')}{text[at.end():end]}"
            else:
                changed = text[at.start():at.start() + wrong.start()] + m.group("side") + text[at.start() + wrong.end():end]
            rest = text[end:]
            what = f"the {old.lower()} said before it goes {m.group('side').lower()}"
        text = text[:at.start()] + changed + rest[:m.start() - (len(text) - len(rest))] + " " + text[m.end():]
        k -= 1
        if changes is not None:
            changes.append(f"a later note changes a step: {what} (“{note}”)")
